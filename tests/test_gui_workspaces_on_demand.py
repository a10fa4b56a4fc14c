"""Workspaces read on demand (issue 14): the window opens on the workspace it
shows, another is read when first shown and again once anything has changed,
and the People search narrows the list keeping the selection on the rows
still shown."""

from __future__ import annotations

from factories import make_person, org_id
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.ui.main_window import MEETINGS, PEOPLE, MainWindow
from rtcdesk.ui.people_workspace import PeopleWorkspace


def _window(qtbot: QtBot, database: Database) -> MainWindow:
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _shown_names(workspace: PeopleWorkspace) -> list[str]:
    return [row.display_name for row in workspace.proxy.shown_rows()]


def test_a_person_saved_by_a_colleague_shows_when_people_is_shown_again(
    qtbot: QtBot, database: Database
) -> None:
    with database.write() as s:
        make_person(s, "Aoyama", "Shigetoshi")
    window = _window(qtbot, database)
    assert window.stack.currentIndex() == MEETINGS
    window.navigation.setCurrentRow(PEOPLE)
    assert _shown_names(window.people) == ["Shigetoshi AOYAMA"]

    window.navigation.setCurrentRow(MEETINGS)
    with database.write() as s:  # another window, another computer
        make_person(s, "Dubois", "Élodie")
    window.navigation.setCurrentRow(PEOPLE)
    assert _shown_names(window.people) == ["Shigetoshi AOYAMA", "Élodie DUBOIS"]
    assert window.count_label.text() == "People: 2"


def test_typing_narrows_people_and_keeps_the_selected_person(
    qtbot: QtBot, database: Database
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        make_person(s, "Aoyama", "Shigetoshi", organisation_id=japan)
        make_person(s, "Tanaka", "Yuki", organisation_id=japan)
        make_person(s, "Dubois", "Élodie")
    window = _window(qtbot, database)
    window.navigation.setCurrentRow(PEOPLE)
    people = window.people
    people.select_where(lambda row: row.family_name == "Tanaka")

    qtbot.keyClicks(people.search, "japan")
    assert _shown_names(people) == ["Shigetoshi AOYAMA", "Yuki TANAKA"]
    assert [row.family_name for row in people.selected_rows()] == ["Tanaka"]
    qtbot.keyClicks(people.search, " yu")
    assert _shown_names(people) == ["Yuki TANAKA"]
    assert [row.family_name for row in people.selected_rows()] == ["Tanaka"]
    assert window.open_action.isEnabled()

    people.search.clear()
    qtbot.keyClicks(people.search, "ELODIE")
    assert _shown_names(people) == ["Élodie DUBOIS"]
    assert people.selected_rows() == []
    assert not window.open_action.isEnabled()  # Edit > Open has nothing to open
    assert window.count_label.text() == "People: 1 of 3 shown"
    people.search.clear()
    assert len(_shown_names(people)) == 3
