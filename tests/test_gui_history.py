"""The history window, driven through real widgets: from a person's editor
after a change, and from the main window, where a deleted person is found."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gui_helpers import answer_next_dialog
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from workspace_gui import (
    click_row,
    closed,
    gui_isolation,  # noqa: F401 - an autouse fixture
    show_dialog,
    shown_dialog,
    type_into,
    type_text,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Meeting, Person
from rtcdesk.services.history import current_user, login_name, set_user_name
from rtcdesk.ui.history_dialog import HistoryDialog
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.editor import MeetingEditor
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.preferences import PreferencesDialog

WHEN, WHO, WHAT, KIND, RECORD = range(5)
FIELD, BEFORE, AFTER = range(3)


@pytest.fixture(autouse=True)
def login_user_afterwards() -> Iterator[None]:
    """The name is process-wide: later tests record under the login name again."""
    yield
    set_user_name("")


def person_id(database: Database, family_name: str) -> int:
    with database.read() as s:
        ident = s.scalar(select(Person.id).where(Person.family_name == family_name))
    assert ident is not None
    return ident


def entries(dialog: HistoryDialog) -> list[list[str]]:
    proxy = dialog.entry_proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def shown_changes(dialog: HistoryDialog) -> list[list[str]]:
    """The rows of the fields table, in the columns the selected entry shows."""
    model = dialog.change_model
    columns = [c for c in range(model.columnCount()) if not dialog.changes.isColumnHidden(c)]
    return [[model.index(row, c).data() for c in columns] for row in range(model.rowCount())]


def set_name_in_preferences(qtbot: QtBot, name: str) -> None:
    preferences = PreferencesDialog()
    show_dialog(qtbot, preferences)
    type_into(qtbot, preferences.history_name.name, name)
    qtbot.mouseClick(
        preferences.buttons.button(preferences.buttons.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    assert closed(preferences)


def test_the_person_editor_shows_who_changed_what(qtbot: QtBot, demo: Database) -> None:
    set_name_in_preferences(qtbot, "Kenji SATO")
    aoyama = person_id(demo, "Aoyama")

    editor = PersonEditor(demo, aoyama)
    show_dialog(qtbot, editor)
    position = editor.person_form.position
    qtbot.mouseClick(position, Qt.MouseButton.LeftButton)
    qtbot.keySequence(position, QKeySequence(QKeySequence.StandardKey.SelectAll))
    type_text(qtbot, position, "Director, RTC Japan")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(editor))

    editor = PersonEditor(demo, aoyama)
    show_dialog(qtbot, editor)
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    history = shown_dialog(qtbot, editor, HistoryDialog)

    assert history.windowTitle() == "History of Mr. AOYAMA Shigetoshi"
    assert history.entries.isColumnHidden(KIND)
    rows = entries(history)
    assert [(r[WHO], r[WHAT], r[RECORD]) for r in rows] == [
        ("Kenji SATO", "Changed", "Mr. AOYAMA Shigetoshi"),
        (login_name() or "unknown", "Created", "Mr. AOYAMA Shigetoshi"),
    ]
    # The newest entry is selected and its fields read before and after.
    assert history.caption.text().startswith("Kenji SATO changed Mr. AOYAMA Shigetoshi on ")
    assert shown_changes(history) == [["Position", "Managing Director", "Director, RTC Japan"]]

    click_entry(qtbot, history, 1)
    assert history.caption.text().endswith("Its first values:")
    assert ["Family name", "Aoyama"] in shown_changes(history)
    assert ["Organisation", "Japan Customs"] in shown_changes(history)

    qtbot.keyClick(history.entries, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(history))
    editor.reject()


def click_entry(qtbot: QtBot, dialog: HistoryDialog, row: int) -> None:
    centre = dialog.entries.visualRect(dialog.entry_proxy.index(row, WHAT)).center()
    qtbot.mouseClick(dialog.entries.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_a_record_not_saved_yet_has_no_history_to_show(qtbot: QtBot, database: Database) -> None:
    editor = PersonEditor(database, None)
    show_dialog(qtbot, editor)
    assert not editor.history_button.isEnabled()
    meeting = MeetingEditor(database, None)
    qtbot.addWidget(meeting)
    assert not meeting.history_button.isEnabled()
    editor.reject()


def test_the_meeting_editor_opens_the_meetings_history(qtbot: QtBot, demo: Database) -> None:
    with demo.read() as s:
        ident = s.scalar(select(Meeting.id).where(Meeting.ordinal == 21))
    editor = MeetingEditor(demo, ident)
    qtbot.addWidget(editor, before_close_func=lambda d: d.discard())
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    history = shown_dialog(qtbot, editor, HistoryDialog)
    assert history.windowTitle() == "History of 21st RTC Heads Meeting"
    assert [r[WHAT] for r in entries(history)] == ["Created"]
    assert ["Start date", "14 Nov 2023"] in shown_changes(history)
    history.reject()


def test_the_main_window_finds_a_deleted_person_and_their_last_values(
    qtbot: QtBot,
    qtmodeltester,  # type: ignore[no-untyped-def]
    demo: Database,
) -> None:
    set_user_name("Maria Santos")
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(window.workspaces.index(window.people))
    click_row(qtbot, window.people, "Mr. TANAKA Hiroshi")
    seen: list[QDialog] = []
    answer_next_dialog("Delete", seen)
    qtbot.keyClick(window.people.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen) and closed(seen[0]))

    window.history_action.trigger()
    history = window.history_window
    assert history is not None
    qtbot.waitExposed(history)
    assert history.windowTitle() == "History of changes"
    assert not history.entries.isColumnHidden(KIND)
    qtmodeltester.check(history.entry_model)
    qtmodeltester.check(history.entry_proxy)
    newest = entries(history)[0]
    assert (newest[WHO], newest[WHAT], newest[KIND], newest[RECORD]) == (
        "Maria Santos",
        "Deleted",
        "person",
        "Mr. TANAKA Hiroshi",
    )

    qtbot.mouseClick(history.deleted_only, Qt.MouseButton.LeftButton)
    assert {r[WHAT] for r in entries(history)} == {"Deleted"}
    type_into(qtbot, history.search, "tanaka")
    qtbot.waitUntil(lambda: len(entries(history)) == 1)
    assert entries(history)[0][RECORD] == "Mr. TANAKA Hiroshi"
    assert history.count.text() == "1 change recorded."
    assert history.caption.text().startswith("Maria Santos deleted Mr. TANAKA Hiroshi on ")
    assert history.caption.text().endswith("Its last values:")
    assert history.changes.isColumnHidden(AFTER)
    last = shown_changes(history)
    assert ["Family name", "Tanaka"] in last
    assert ["Given name", "Hiroshi"] in last
    qtmodeltester.check(history.change_model)

    # Only meetings: the deleted person is not one.
    history.kind.setCurrentIndex(history.kind.findText("Meetings"))
    assert entries(history) == []
    assert history.count.text() == "No change matches."

    # Opened again from the menu, the same window comes back, up to date.
    assert window.show_history() is history
    history.reject()


def test_the_name_in_the_preferences_is_kept_and_applied(qtbot: QtBot) -> None:
    set_name_in_preferences(qtbot, "Kenji SATO")
    assert current_user() == "Kenji SATO"
    preferences = PreferencesDialog()
    show_dialog(qtbot, preferences)
    assert preferences.history_name.name.text() == "Kenji SATO"
    preferences.history_name.name.clear()
    qtbot.mouseClick(
        preferences.buttons.button(preferences.buttons.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    assert current_user() == (login_name() or "unknown")
