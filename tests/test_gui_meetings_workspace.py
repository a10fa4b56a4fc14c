"""The meetings workspace, driven through its real widgets: filters and sort,
opening and creating meetings in the editor, deleting with the consequences
said first, and starting the next meeting of a series from an earlier one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from factories import make_meeting, org_id
from gui_helpers import answer_next_dialog, message_text
from gui_meeting_helpers import (
    activate,
    choose,
    pick_choice,
    press_save,
    type_date,
)
from PySide6.QtCore import QLocale, QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.services.agenda import list_agenda
from rtcdesk.services.meeting_copy import FollowOnOptions, new_meeting_from
from rtcdesk.services.meetings import (
    MeetingRow,
    delete_meeting,
    find_meeting,
    get_meeting,
    list_meetings,
)
from rtcdesk.services.outcomes import list_action_items
from rtcdesk.services.participants import list_delegations, list_participants
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.meeting_editor.carry_over_dialog import CarryOverDialog
from rtcdesk.ui.meeting_editor.new_from_earlier import NewFromEarlierDialog
from rtcdesk.ui.meetings_workspace import MeetingsWorkspace
from rtcdesk.vocabulary import MeetingKind, MeetingMode, MeetingStatus, ParticipationStatus

SERIES = "RTC Heads Meeting"
COLUMN = {"title": 0, "kind": 1, "start": 2, "participants": 8}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """QSettings caches its folder once per process; point it into this test's tmp_path."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def english_dates() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(previous)


def discard_editors(workspace: MeetingsWorkspace) -> None:
    """Closing at the end of a test must not ask about unsaved changes."""
    for editor in list(workspace.editors):
        editor.discard()


@pytest.fixture
def workspace(qtbot: QtBot, database: Database) -> MeetingsWorkspace:
    shown = MeetingsWorkspace(database)
    qtbot.addWidget(shown, before_close_func=discard_editors)
    shown.resize(1200, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.refresh()
    return shown


def visible(workspace: MeetingsWorkspace, column: str = "title") -> list[str]:
    proxy = workspace.proxy
    return [proxy.index(row, COLUMN[column]).data() for row in range(proxy.rowCount())]


def select(workspace: MeetingsWorkspace, title: str) -> MeetingRow:
    assert workspace.select_where(lambda row: row.display_title == title)
    row = workspace.current_row()
    assert row is not None
    return row


def double_click(qtbot: QtBot, workspace: MeetingsWorkspace) -> None:
    """Double-click the current row (a click first: the view opens only an
    item that the same press chose)."""
    viewport = workspace.table.viewport()
    where = workspace.table.visualRect(workspace.table.currentIndex()).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)


def wait_for_editor(qtbot: QtBot, workspace: MeetingsWorkspace) -> MeetingEditor:
    qtbot.waitUntil(lambda: bool(workspace.editors) and workspace.editors[-1].isVisible())
    editor = workspace.editors[-1]
    activate(qtbot, editor)
    return editor


def wait_for_dialog(qtbot: QtBot, workspace: MeetingsWorkspace, kind: type) -> QDialog:
    qtbot.waitUntil(
        lambda: isinstance(workspace.open_dialog, kind) and workspace.open_dialog.isVisible()
    )
    assert workspace.open_dialog is not None
    activate(qtbot, workspace.open_dialog)
    return workspace.open_dialog


# -- creating and opening -------------------------------------------------------------


def test_a_meeting_created_from_scratch_is_saved_and_listed(
    qtbot: QtBot, workspace: MeetingsWorkspace, database: Database
) -> None:
    assert workspace.pages.currentWidget() is workspace.empty_state
    qtbot.mouseClick(workspace.empty_new_button, Qt.MouseButton.LeftButton)
    editor = wait_for_editor(qtbot, workspace)
    assert editor.meeting_id is None

    details = editor.details
    qtbot.keyClicks(details.title, "Regional Workshop on Risk Management")
    qtbot.keyClicks(details.series.lineEdit(), "Risk Management Workshops")
    assert details.ordinal.value() == 1
    type_date(qtbot, details.start_date, date(2024, 3, 5))
    type_date(qtbot, details.end_date, date(2024, 3, 7))
    choose(qtbot, details.mode, "Hybrid")
    pick_choice(qtbot, details.host, "korea", "RTC Korea")
    pick_choice(
        qtbot,
        details.co_organisers.chooser,
        "rocb",
        "Regional Office for Capacity Building Asia/Pacific",
    )
    qtbot.mouseClick(details.co_organisers.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.venue, "Korea Customs Border Control Training Institute")
    qtbot.keyClicks(details.city, "Cheonan")
    qtbot.keyClicks(details.country, "Korea")
    qtbot.keyClicks(details.theme, "Risk management in the age of e-commerce")

    with qtbot.waitSignal(workspace.status_message) as said:
        press_save(qtbot, editor)
    assert said.args == ["Saved 1st Regional Workshop on Risk Management"]

    with database.read() as session:
        [row] = list_meetings(session)
        meeting = get_meeting(session, row.id)
        host = org_id(session, "RTC Korea")
        co_organisers = [o.name for o in meeting.co_organisers]
    assert (meeting.kind, meeting.series, meeting.ordinal) == (
        MeetingKind.REGIONAL_WORKSHOP,
        "Risk Management Workshops",
        1,
    )
    assert (meeting.start_date, meeting.end_date) == (date(2024, 3, 5), date(2024, 3, 7))
    assert (meeting.mode, meeting.status, meeting.host_organisation_id) == (
        MeetingMode.HYBRID,
        MeetingStatus.PLANNED,
        host,
    )
    assert co_organisers == ["Regional Office for Capacity Building Asia/Pacific"]
    assert (meeting.venue, meeting.city, meeting.country, meeting.theme) == (
        "Korea Customs Border Control Training Institute",
        "Cheonan",
        "Korea",
        "Risk management in the age of e-commerce",
    )
    assert workspace.pages.currentIndex() == 0
    assert visible(workspace) == ["1st Regional Workshop on Risk Management"]
    assert workspace.current_row() is not None
    assert workspace.current_row().id == row.id


def test_enter_and_double_click_open_the_meeting_once(
    qtbot: QtBot, workspace: MeetingsWorkspace, demo: Database
) -> None:
    workspace.refresh()
    row = select(workspace, "21st RTC Heads Meeting")
    workspace.table.setFocus()
    qtbot.keyClick(workspace.table, Qt.Key.Key_Return)
    editor = wait_for_editor(qtbot, workspace)
    assert (editor.meeting_id, editor.heading.text()) == (row.id, "21st RTC Heads Meeting")

    double_click(qtbot, workspace)
    assert workspace.editors == [editor]

    select(workspace, "20th RTC Heads Meeting")
    double_click(qtbot, workspace)
    qtbot.waitUntil(lambda: len(workspace.editors) == 2)
    assert workspace.editors[1].heading.text() == "20th RTC Heads Meeting"

    editor.close()
    qtbot.waitUntil(lambda: editor not in workspace.editors)


def test_saves_and_changes_in_the_editor_update_the_list(
    qtbot: QtBot, workspace: MeetingsWorkspace, demo: Database
) -> None:
    workspace.refresh()
    row = select(workspace, "22nd RTC Heads Meeting")
    workspace.open_current()
    editor = wait_for_editor(qtbot, workspace)
    editor.details.city.setFocus()
    editor.details.city.selectAll()
    qtbot.keyClicks(editor.details.city, "Palasamudram, Andhra Pradesh")
    with qtbot.waitSignal(workspace.status_message) as said:
        press_save(qtbot, editor)
    assert said.args == ["Saved 22nd RTC Heads Meeting"]
    assert select(workspace, "22nd RTC Heads Meeting").place == (
        "Palasamudram, Andhra Pradesh, India"
    )

    outcomes = editor.outcomes
    assert outcomes is not None
    editor.tabs.setCurrentWidget(outcomes)
    qtbot.mouseClick(outcomes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcomes.open_dialog is not None)
    dialog = outcomes.open_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.text, "The 23rd meeting is hosted by RTC Korea.")  # type: ignore[attr-defined]
    with qtbot.waitSignal(workspace.status_message) as said:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert said.args == ["Added conclusion 'The 23rd meeting is hosted by RTC Korea.'"]
    assert workspace.current_row() is not None
    assert workspace.current_row().id == row.id


# -- filters and sort ------------------------------------------------------------------


@pytest.fixture
def meetings(demo: Database) -> Database:
    """The demo's RTC Heads Meetings and two workshops of 2024."""
    with demo.write() as session:
        make_meeting(
            session,
            "Regional Workshop on Risk Management",
            start=date(2024, 3, 5),
            kind=MeetingKind.REGIONAL_WORKSHOP,
            host_organisation_id=org_id(session, "RTC Korea"),
            status=MeetingStatus.PLANNED,
        )
        make_meeting(
            session,
            "Webinar on e-commerce",
            start=date(2024, 11, 20),
            days=1,
            kind=MeetingKind.WEBINAR,
            mode=MeetingMode.VIRTUAL,
            status=MeetingStatus.CANCELLED,
        )
    return demo


def test_filters_by_kind_year_and_status(
    qtbot: QtBot, workspace: MeetingsWorkspace, meetings: Database
) -> None:
    workspace.refresh()
    assert workspace.proxy.rowCount() == 9
    choose(qtbot, workspace.kind_filter, "Regional workshop")
    assert visible(workspace) == ["Regional Workshop on Risk Management"]
    choose(qtbot, workspace.kind_filter, "All kinds")

    choose(qtbot, workspace.year_filter, "2024")
    assert sorted(visible(workspace)) == [
        "22nd RTC Heads Meeting",
        "Regional Workshop on Risk Management",
        "Webinar on e-commerce",
    ]
    choose(qtbot, workspace.status_filter, "Held")
    assert visible(workspace) == ["22nd RTC Heads Meeting"]
    choose(qtbot, workspace.year_filter, "Any year")
    assert len(visible(workspace)) == 7
    choose(qtbot, workspace.status_filter, "Cancelled")
    assert visible(workspace) == ["Webinar on e-commerce"]

    choose(qtbot, workspace.status_filter, "Any status")
    workspace.search.setFocus()
    qtbot.keyClicks(workspace.search, "kashiwa")
    assert visible(workspace) == ["21st RTC Heads Meeting"]


def test_columns_sort_by_their_raw_values(
    qtbot: QtBot, workspace: MeetingsWorkspace, meetings: Database
) -> None:
    workspace.refresh()
    header = workspace.table.horizontalHeader()

    def click_header(column: str) -> None:
        number = COLUMN[column]
        x = header.sectionViewportPosition(number) + header.sectionSize(number) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    assert visible(workspace)[:2] == ["Webinar on e-commerce", "22nd RTC Heads Meeting"]
    click_header("start")
    rows = [workspace.proxy.row_at(workspace.proxy.index(n, 0)) for n in range(9)]
    starts = [row.start_date for row in rows if row is not None]
    assert starts == sorted(starts)
    assert visible(workspace, "start")[:2] == ["3 Nov 2015", "25 Sept 2019"]

    click_header("participants")
    counts = visible(workspace, "participants")
    assert counts[0] == "22"
    assert [int(c) for c in counts] == sorted((int(c) for c in counts), reverse=True)

    click_header("title")
    titles = visible(workspace)
    assert titles.index("13th RTC Heads Meeting") < titles.index("22nd RTC Heads Meeting")


def test_the_workspace_model_passes_the_model_tester(
    qtmodeltester, workspace: MeetingsWorkspace, meetings: Database
) -> None:
    workspace.refresh()
    qtmodeltester.check(workspace.model)
    qtmodeltester.check(workspace.proxy)


# -- deleting ---------------------------------------------------------------------------


def test_delete_says_what_goes_with_the_meeting(
    qtbot: QtBot, workspace: MeetingsWorkspace, demo: Database
) -> None:
    with demo.write() as session:
        source = find_meeting(session, SERIES, 21)
        assert source is not None
        options = FollowOnOptions(date(2025, 11, 11), date(2025, 11, 13), copy_people=True)
        new_meeting_from(session, source.id, options)
    workspace.refresh()
    row = select(workspace, "23rd RTC Heads Meeting")
    workspace.table.setFocus()

    seen: list[QDialog] = []
    answer_next_dialog("Cancel", seen)
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    assert message_text(seen[0]) == (
        "Delete 23rd RTC Heads Meeting?\n"
        "It also removes 22 participations, 13 delegations and 10 agenda items."
    )
    with demo.read() as session:
        assert find_meeting(session, SERIES, 23) is not None

    answer_next_dialog("Delete")
    with qtbot.waitSignal(workspace.status_message) as said:
        qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    assert said.args == ["Deleted 23rd RTC Heads Meeting"]
    with demo.read() as session:
        assert find_meeting(session, SERIES, 23) is None
        assert list_participants(session, row.id) == []
    assert "23rd RTC Heads Meeting" not in visible(workspace)


def test_delete_is_refused_while_a_survey_follows_the_meeting_up(
    qtbot: QtBot, workspace: MeetingsWorkspace, demo: Database
) -> None:
    workspace.refresh()
    select(workspace, "21st RTC Heads Meeting")
    workspace.table.setFocus()
    seen: list[QDialog] = []

    def delete_then_read_the_refusal(question: QDialog) -> QAbstractButton:
        answer_next_dialog("OK", seen)
        return next(b for b in question.findChildren(QAbstractButton) if b.text() == "Delete")

    answer_next_dialog(delete_then_read_the_refusal, seen)
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    assert len(seen) == 2
    assert "It also removes 22 participations" in message_text(seen[0])
    assert seen[1].windowTitle() == "Not deleted"
    assert message_text(seen[1]).startswith(
        "'21st RTC Heads Meeting' cannot be deleted: 1 survey follows it up. "
        "Delete the surveys first."
    )
    with demo.read() as session:
        assert find_meeting(session, SERIES, 21) is not None
    assert "21st RTC Heads Meeting" in visible(workspace)


# -- new meeting from an earlier one ----------------------------------------------------


def test_the_next_meeting_of_a_series_starts_from_an_earlier_one(
    qtbot: QtBot, qtmodeltester, workspace: MeetingsWorkspace, demo: Database
) -> None:
    workspace.refresh()
    source = select(workspace, "21st RTC Heads Meeting")
    with qtbot.waitSignal(workspace.new_from_earlier_requested):
        workspace.new_from_earlier_requested.emit()
    dialog = wait_for_dialog(qtbot, workspace, NewFromEarlierDialog)
    assert isinstance(dialog, NewFromEarlierDialog)
    assert dialog.source.currentData() == source.id
    assert dialog.becomes.text() == "Creates the 23rd RTC Heads Meeting, planned."
    type_date(qtbot, dialog.start_date, date(2025, 9, 23))
    assert dialog.end_date.date() == date(2025, 9, 25)
    dialog.copy_people.setFocus()
    qtbot.keyClick(dialog.copy_people, Qt.Key.Key_Space)
    assert dialog.copy_people.isChecked()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    carry = wait_for_dialog(qtbot, workspace, CarryOverDialog)
    assert isinstance(carry, CarryOverDialog)
    qtmodeltester.check(carry.model)
    offered = [row.description for row in carry.model.rows()]
    assert offered == [
        "Submit good practices on knowledge-sharing for the next ROCB A/P publication.",
        "Run the follow-up action survey of this meeting and report the results.",
    ]
    carry.table.setFocus()
    carry.table.setCurrentIndex(carry.model.index(1, 0))
    qtbot.keyClick(carry.table, Qt.Key.Key_Space)
    assert [row.description for row in carry.model.ticked()] == offered[:1]
    with qtbot.waitSignal(workspace.status_message) as said:
        qtbot.mouseClick(carry.carry_button, Qt.MouseButton.LeftButton)
    assert said.args == ["Carried 1 action item into 23rd RTC Heads Meeting"]

    editor = wait_for_editor(qtbot, workspace)
    assert editor.heading.text() == "23rd RTC Heads Meeting"
    with demo.read() as session:
        new = find_meeting(session, SERIES, 23)
        assert new is not None
        agenda = list_agenda(session, new.id)
        delegations = list_delegations(session, new.id)
        participants = list_participants(session, new.id)
        actions = list_action_items(session, meeting_id=new.id)
    assert editor.meeting_id == new.id
    assert (new.start_date, new.end_date, new.status) == (
        date(2025, 9, 23),
        date(2025, 9, 25),
        MeetingStatus.PLANNED,
    )
    assert len(agenda) == 10
    assert all(not item.speakers for item in agenda)
    assert [item.day for item in agenda][:1] == [date(2025, 9, 23)]
    assert len(delegations) == 13
    assert len(participants) == 22
    assert {p.status for p in participants} == {ParticipationStatus.INVITED}
    assert [(a.description, a.carried_from_id is not None) for a in actions] == [(offered[0], True)]
    assert editor.agenda is not None
    editor.tabs.setCurrentWidget(editor.agenda)
    assert editor.agenda.model.rowCount() == 10
    editor.tabs.setCurrentWidget(editor.details)
    assert workspace.current_row() is not None
    assert workspace.current_row().id == new.id


def test_a_meeting_deleted_elsewhere_is_not_opened(
    qtbot: QtBot, workspace: MeetingsWorkspace, demo: Database
) -> None:
    workspace.refresh()
    row = select(workspace, "20th RTC Heads Meeting")
    with demo.write() as session:
        delete_meeting(session, row.id, row.version)
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    workspace.table.setFocus()
    qtbot.keyClick(workspace.table, Qt.Key.Key_Return)
    # Named by its title, as the history last knew it, not by its id.
    assert message_text(seen[0]) == (
        "The meeting '20th RTC Heads Meeting' is no longer on record; "
        "someone may have deleted it.\n"
    )
    assert workspace.editors == []
    assert "20th RTC Heads Meeting" not in visible(workspace)


def test_a_refresh_keeps_the_row_the_keyboard_moved_to(
    qtbot: QtBot, workspace: MeetingsWorkspace, database: Database
) -> None:
    """A row made current by the keyboard, without being selected, is still the
    meeting File > Import registrations acts on after the list is read again
    (an import refreshes it)."""
    with database.write() as s:
        make_meeting(s, "Workshop on Risk Management", date(2024, 3, 4))
        make_meeting(s, "Workshop on Valuation", date(2024, 5, 6))
    workspace.refresh()
    table = workspace.table
    table.setFocus()
    table.setCurrentIndex(workspace.proxy.index(1, 0))
    table.selectionModel().clearSelection()
    assert workspace.selected_rows() == []
    moved = workspace.current_row()
    assert moved is not None
    workspace.refresh()
    kept = workspace.current_row()
    assert kept is not None
    assert kept.id == moved.id
    assert [row.id for row in workspace.selected_rows()] == [moved.id]
