"""The meeting editor, driven through its real widgets: the details form with
its checks, the list tabs (agenda, outcomes, action items), unsaved changes
and a save that someone else's change made stale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from gui_helpers import answer_next_dialog, message_text
from gui_meeting_helpers import (
    activate,
    choose,
    pick_choice,
    pick_person,
    press_save,
    standard_button,
    type_date,
    type_time,
)
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.services.agenda import list_agenda
from rtcdesk.services.meetings import (
    find_meeting,
    get_meeting,
    list_meetings,
    meeting_data,
    update_meeting,
)
from rtcdesk.services.names import display_name
from rtcdesk.services.outcomes import add_outcome, list_action_items, list_outcomes
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.meeting_editor.action_item_dialog import ActionItemDialog
from rtcdesk.ui.meeting_editor.agenda_item_dialog import AgendaItemDialog
from rtcdesk.ui.meeting_editor.agenda_tab import AgendaTab
from rtcdesk.ui.meeting_editor.outcome_dialog import OutcomeDialog
from rtcdesk.ui.meeting_editor.record_list_tab import RecordListTab
from rtcdesk.ui.meeting_editor.speakers_model import VIRTUAL_COLUMN
from rtcdesk.vocabulary import (
    ActionStatus,
    AgendaItemKind,
    AttendanceMode,
    MeetingKind,
    MeetingMode,
    OutcomeKind,
)

SERIES = "RTC Heads Meeting"
Button = QMessageBox.StandardButton
DAY2 = date(2023, 11, 15)


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


@pytest.fixture
def open_editor(qtbot: QtBot, database: Database) -> Callable[[int | None], MeetingEditor]:
    def open_(meeting_id: int | None) -> MeetingEditor:
        editor = MeetingEditor(database, meeting_id)
        # Closing at the end of the test must not ask about unsaved changes.
        qtbot.addWidget(editor, before_close_func=lambda widget: widget.discard())
        editor.show()
        qtbot.waitExposed(editor)
        activate(qtbot, editor)
        return editor

    return open_


@pytest.fixture
def meeting_21(demo: Database) -> int:
    with demo.read() as session:
        found = find_meeting(session, SERIES, 21)
        assert found is not None
        return found.id


def wait_for_dialog(qtbot: QtBot, tab: RecordListTab) -> QDialog:  # type: ignore[type-arg]
    """The Add/Edit form the tab opened, once it is the active window."""
    qtbot.waitUntil(lambda: tab.open_dialog is not None and tab.open_dialog.isActiveWindow())
    assert tab.open_dialog is not None
    return tab.open_dialog


def table_column(tab: RecordListTab, column: int) -> list[str]:  # type: ignore[type-arg]
    return [tab.model.index(row, column).data() for row in range(tab.model.rowCount())]


# -- details ---------------------------------------------------------------------------


def test_a_new_meeting_starts_today_in_person_planned_with_the_list_tabs_closed(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, database: Database
) -> None:
    editor = open_editor(None)
    data = editor.details.data()
    assert (data.start_date, data.end_date) == (date.today(), date.today())
    assert (data.mode, data.status.label) == (MeetingMode.IN_PERSON, "Planned")
    assert editor.heading.text() == "New meeting"
    assert [editor.tabs.isTabEnabled(i) for i in range(5)] == [True, False, False, False, False]
    assert editor.tabs.tabText(2) == "Delegations && participants"
    assert not editor.save_button.isEnabled()

    qtbot.keyClicks(editor.details.title, "Regional Workshop on Risk Management")
    choose(qtbot, editor.details.kind, "Regional workshop")
    press_save(qtbot, editor)

    with database.read() as session:
        [row] = list_meetings(session)
    assert (row.title, row.kind) == (
        "Regional Workshop on Risk Management",
        MeetingKind.REGIONAL_WORKSHOP,
    )
    assert editor.meeting_id == row.id
    assert all(editor.tabs.isTabEnabled(i) for i in range(5))
    assert isinstance(editor.tabs.widget(1), AgendaTab)
    assert editor.message.text() == "Saved Regional Workshop on Risk Management"


def test_problems_show_under_their_fields_and_keep_save_disabled(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, database: Database
) -> None:
    editor = open_editor(None)
    details = editor.details
    qtbot.keyClicks(details.title, "Webinar on e-commerce")
    type_date(qtbot, details.start_date, date(2024, 5, 14))
    assert details.end_date.date() == date(2024, 5, 14)
    type_date(qtbot, details.end_date, date(2024, 5, 13))
    details.ordinal.setFocus()
    details.ordinal.selectAll()
    qtbot.keyClicks(details.ordinal, "3")
    qtbot.keyClick(details.ordinal, Qt.Key.Key_Tab)
    details.title.setFocus()
    details.title.selectAll()
    qtbot.keyClick(details.title, Qt.Key.Key_Delete)
    qtbot.keyClick(details.title, Qt.Key.Key_Tab)

    messages = {
        field: details.fields.message_label(field)
        for field in ("Title", "End date", "Ordinal", "Start date")
    }
    assert {f: (m.text(), m.isVisible()) for f, m in messages.items()} == {
        "Title": ("Title is required", True),
        "End date": ("End date is before the start date", True),
        "Ordinal": ("Needs a series (for example 'RTC Heads Meeting')", True),
        "Start date": ("", False),
    }
    assert details.end_date.accessibleDescription() == "End date is before the start date"
    assert not editor.save_button.isEnabled()
    assert "Title: is required" in editor.save_button.toolTip()
    press_save(qtbot, editor)
    with database.read() as session:
        assert list_meetings(session) == []

    qtbot.keyClicks(details.title, "Webinar on e-commerce")
    type_date(qtbot, details.end_date, date(2024, 5, 14))
    details.ordinal.setFocus()
    details.ordinal.selectAll()
    qtbot.keyClicks(details.ordinal, "0")
    qtbot.keyClick(details.ordinal, Qt.Key.Key_Tab)
    assert details.ordinal.text() == "None"
    assert {f: m.text() for f, m in messages.items() if m.isVisible()} == {}
    assert editor.save_button.isEnabled()


def test_a_date_that_cannot_be_read_refuses_saving_and_says_why_under_it(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    details = editor.details
    with demo.read() as session:
        before = meeting_data(get_meeting(session, meeting_21))
    details.start_date.setFocus()
    details.start_date.selectAll()
    qtbot.keyClicks(details.start_date, "16 Nox 2023")
    qtbot.keyClick(details.start_date, Qt.Key.Key_Tab)

    label = details.fields.message_label("Start date")
    assert (label.text(), label.isVisible()) == ("Cannot read “16 Nox 2023” as a date", True)
    assert details.start_date.property("invalid") is True
    assert details.end_date.date() == before.end_date
    assert not editor.save_button.isEnabled()
    assert "Start date: cannot read “16 Nox 2023” as a date" in editor.save_button.toolTip()
    press_save(qtbot, editor)
    assert details.start_date.text() == "16 Nox 2023"
    with demo.read() as session:
        assert meeting_data(get_meeting(session, meeting_21)) == before

    # Once it reads, the end date keeps the meeting's length and it saves.
    type_date(qtbot, details.start_date, before.start_date + timedelta(days=7))
    assert not label.isVisible()
    assert details.end_date.date() == before.end_date + timedelta(days=7)
    press_save(qtbot, editor)
    with demo.read() as session:
        after = meeting_data(get_meeting(session, meeting_21))
    assert (after.start_date, after.end_date) == (
        before.start_date + timedelta(days=7),
        before.end_date + timedelta(days=7),
    )


def test_tab_walks_every_detail_once_from_top_to_bottom(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, meeting_21: int
) -> None:
    """Tab used to loop between Ordinal and Status, never reaching the dates."""
    editor = open_editor(meeting_21)
    details = editor.details
    co = details.co_organisers
    co.chosen.setCurrentIndex(co.chosen.model().index(0, 0))
    inputs = [
        details.title, details.kind, details.series, details.ordinal, details.status,
        details.start_date, details.end_date, details.mode, details.venue, details.city,
        details.country, details.host, co.chooser, co.add_button, co.chosen, co.remove_button,
        details.theme, details.summary, details.notes,
    ]  # fmt: skip
    expected = [field for field in inputs if field.isEnabled()]
    assert co.remove_button in expected

    def field_of(widget: QWidget) -> QWidget | None:
        """The input ``widget`` is part of (a combo box's line edit, say)."""
        while widget is not None and widget not in inputs:
            widget = widget.parentWidget()
        return widget

    details.title.setFocus()
    reached = [details.title]
    for _press in range(len(inputs) * 3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        field = field_of(QApplication.focusWidget())
        if field is details.title:
            break
        if field is not None:
            reached.append(field)
    else:
        pytest.fail(f"Tab never came back to the title: {[f.accessibleName() for f in reached]}")
    assert [f.accessibleName() for f in reached] == [f.accessibleName() for f in expected]
    assert reached == expected


def test_a_refusal_from_the_service_shows_under_the_field(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, meeting_21: int
) -> None:
    editor = open_editor(None)
    details = editor.details
    qtbot.keyClicks(details.title, SERIES)
    qtbot.keyClicks(details.series.lineEdit(), SERIES)
    assert details.ordinal.value() == 23
    details.ordinal.setFocus()
    details.ordinal.selectAll()
    qtbot.keyClicks(details.ordinal, "21")
    press_save(qtbot, editor)

    message = details.fields.message_label("Ordinal")
    assert message.isVisible()
    assert message.text() == (
        "The series 'RTC Heads Meeting' already has a 21st meeting (14-16 Nov 2023)"
    )
    assert editor.meeting_id is None


def test_choosing_a_series_suggests_its_next_ordinal(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, meeting_21: int
) -> None:
    editor = open_editor(None)
    details = editor.details
    qtbot.keyClicks(details.title, SERIES)
    details.series.setFocus()
    details.series.showPopup()
    details.series.setCurrentIndex(details.series.findText(SERIES))
    assert details.ordinal.value() == 23
    assert details.listed_as.text() == "listed as “23rd RTC Heads Meeting”"
    assert editor.heading.text() == "23rd RTC Heads Meeting"

    details.series.lineEdit().selectAll()
    qtbot.keyClicks(details.series.lineEdit(), "Regional Workshop on AEO")
    assert details.ordinal.value() == 1
    details.series.lineEdit().clear()
    assert details.ordinal.value() == 0
    assert details.ordinal.text() == "None"

    existing = open_editor(meeting_21)
    assert existing.details.ordinal.value() == 21
    existing.details.series.lineEdit().selectAll()
    qtbot.keyClicks(existing.details.series.lineEdit(), "RTC Heads Meetings")
    assert existing.details.ordinal.value() == 1
    qtbot.keyClick(existing.details.series.lineEdit(), Qt.Key.Key_Backspace)
    assert existing.details.ordinal.value() == 21


def test_the_details_of_a_meeting_are_saved_in_one_go(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    details = editor.details
    assert details.title.text() == SERIES
    assert details.co_organisers.organisation_ids()
    choose(qtbot, details.mode, "Hybrid")
    pick_choice(
        qtbot,
        details.co_organisers.chooser,
        "rilo",
        "Regional Intelligence Liaison Office for Asia and the Pacific",
    )
    qtbot.mouseClick(details.co_organisers.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.venue, ", Kashiwa campus")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["Saved 21st RTC Heads Meeting"]

    with demo.read() as session:
        meeting = get_meeting(session, meeting_21)
        stored = meeting_data(meeting)
        co_organisers = [o.name for o in meeting.co_organisers]
    assert stored.mode is MeetingMode.HYBRID
    assert stored.venue == "RTC Japan (Customs Training Institute), Kashiwa campus"
    # In the order entered: the demo's two, then the one added here.
    assert co_organisers == [
        "Regional Office for Capacity Building Asia/Pacific",
        "Japan Customs",
        "Regional Intelligence Liaison Office for Asia and the Pacific",
    ]
    assert not editor.is_modified()
    assert not editor.save_button.isEnabled()


# -- closing and stale saves -----------------------------------------------------------


def test_closing_with_unsaved_changes_asks(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    qtbot.keyClicks(editor.details.city, " (Chiba)")
    assert editor.isWindowModified()

    seen: list[QDialog] = []
    answer_next_dialog(standard_button(Button.Cancel), seen)
    editor.close()
    assert editor.isVisible()
    assert "Save the changes to 21st RTC Heads Meeting?" in message_text(seen[0])

    answer_next_dialog(standard_button(Button.Discard))
    editor.close()
    assert not editor.isVisible()
    with demo.read() as session:
        assert get_meeting(session, meeting_21).city == "Kashiwa"

    again = open_editor(meeting_21)
    assert again.details.city.text() == "Kashiwa"
    qtbot.keyClicks(again.details.city, " (Chiba)")
    answer_next_dialog(standard_button(Button.Save))
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible()
    with demo.read() as session:
        assert get_meeting(session, meeting_21).city == "Kashiwa (Chiba)"


def test_closing_without_changes_does_not_ask(
    open_editor: Callable[[int | None], MeetingEditor], meeting_21: int
) -> None:
    editor = open_editor(meeting_21)
    editor.close()
    assert not editor.isVisible()


def test_a_stale_save_is_refused_and_reload_shows_the_other_change(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    with demo.write() as session:
        meeting = get_meeting(session, meeting_21)
        data = meeting_data(meeting)
        data.venue = "Customs Training Institute"
        update_meeting(session, meeting_21, data, meeting.version)

    editor.details.theme.setFocus()
    qtbot.keyClick(editor.details.theme, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.details.theme, " (draft)")
    seen: list[QDialog] = []
    answer_next_dialog("Keep editing", seen)
    press_save(qtbot, editor)
    assert "Someone else saved 21st RTC Heads Meeting" in message_text(seen[0])
    assert editor.details.theme.toPlainText().endswith(" (draft)")
    with demo.read() as session:
        stored = get_meeting(session, meeting_21)
        assert (stored.venue, stored.theme.endswith("(draft)")) == (
            "Customs Training Institute",
            False,
        )

    answer_next_dialog("Reload")
    press_save(qtbot, editor)
    assert editor.details.venue.text() == "Customs Training Institute"
    assert not editor.details.theme.toPlainText().endswith(" (draft)")
    assert not editor.is_modified()
    with demo.read() as session:
        assert get_meeting(session, meeting_21).venue == "Customs Training Institute"


# -- agenda ----------------------------------------------------------------------------


def test_an_agenda_item_with_a_virtual_speaker(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(1)
    agenda = editor.agenda
    assert agenda is not None
    qtbot.mouseClick(agenda.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, agenda)
    assert isinstance(dialog, AgendaItemDialog)
    assert not dialog.save_button.isEnabled()

    qtbot.keyClicks(dialog.title, "Panel: training after the pandemic")
    choose(qtbot, dialog.kind, "Panel")
    choose(qtbot, dialog.day, "Day 2 · Wed 15 Nov 2023")
    type_time(qtbot, dialog.start_time, time(13, 0))
    type_time(qtbot, dialog.end_time, time(13, 45))
    pick_person(qtbot, dialog.picker, "outram", "Mr. Michael OUTRAM APM")
    pick_person(qtbot, dialog.picker, "陳", "Mr. 陳 家明")
    assert [dialog.speakers.index(r, 0).data() for r in range(2)] == [
        "Mr. Michael OUTRAM APM",
        "Mr. 陳 家明",
    ]
    # Mr. Outram attends the meeting virtually: as a speaker he starts off
    # joining virtually; the other speaker is in person, as he attends.
    virtual = Qt.ItemDataRole.CheckStateRole
    assert dialog.speakers.index(0, VIRTUAL_COLUMN).data(virtual) == Qt.CheckState.Checked
    assert dialog.speakers.index(1, VIRTUAL_COLUMN).data(virtual) == Qt.CheckState.Unchecked
    # A speaker's mode can still be changed here (Space toggles it twice: back to virtual).
    dialog.speaker_table.setFocus()
    dialog.speaker_table.setCurrentIndex(dialog.speakers.index(0, VIRTUAL_COLUMN))
    qtbot.keyClick(dialog.speaker_table, Qt.Key.Key_Space)
    assert dialog.speakers.index(0, VIRTUAL_COLUMN).data(virtual) == Qt.CheckState.Unchecked
    qtbot.keyClick(dialog.speaker_table, Qt.Key.Key_Space)

    with qtbot.waitSignal(editor.status_message) as said:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert said.args == ["Added agenda item 'Panel: training after the pandemic'"]

    with demo.read() as session:
        items = list_agenda(session, meeting_21)
    added = next(i for i in items if i.title == "Panel: training after the pandemic")
    assert (added.kind, added.day, added.start_time, added.end_time) == (
        AgendaItemKind.PANEL,
        DAY2,
        time(13, 0),
        time(13, 45),
    )
    assert [(display_name(s.person), s.attendance_mode) for s in added.speakers] == [
        ("Mr. Michael OUTRAM APM", AttendanceMode.VIRTUAL),
        ("Mr. 陳 家明", AttendanceMode.IN_PERSON),
    ]
    # In its time slot: after the morning discussion, before the afternoon site visit.
    day2 = [i.title for i in items if i.day == DAY2]
    assert day2.index("Panel: training after the pandemic") == 1
    row = [i.id for i in agenda.model.rows()].index(added.id)
    assert agenda.model.index(row, 5).data() == ("Mr. Michael OUTRAM APM (virtual), Mr. 陳 家明")
    assert agenda.current_row() is not None
    assert agenda.current_row().id == added.id


def test_an_agenda_item_times_are_checked_in_the_form(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, meeting_21: int
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(1)
    agenda = editor.agenda
    assert agenda is not None
    agenda.table.selectRow(0)
    qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, agenda)
    assert isinstance(dialog, AgendaItemDialog)
    assert dialog.title.text() == "Welcoming and opening remarks"
    type_time(qtbot, dialog.end_time, time(9, 0))
    label = dialog.fields.message_label("End time")
    assert (label.text(), label.isVisible()) == ("End time is before the start time", True)
    assert not dialog.save_button.isEnabled()
    for typed, shown, problem in [
        ("25:00", "25:00", "Cannot read “25:00” as a time"),
        ("1030", "10:30", ""),
    ]:
        dialog.end_time.setFocus()
        dialog.end_time.selectAll()
        qtbot.keyClicks(dialog.end_time, typed)
        qtbot.keyClick(dialog.end_time, Qt.Key.Key_Tab)
        assert (dialog.end_time.text(), label.text()) == (shown, problem)
        assert dialog.save_button.isEnabled() == (not problem)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: agenda.open_dialog is None)


def test_agenda_items_move_by_keyboard_within_their_day(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(1)
    agenda = editor.agenda
    assert agenda is not None
    assert agenda.move_up_button
    assert agenda.move_down_button
    titles = table_column(agenda, 3)
    agenda.table.setFocus()
    agenda.table.selectRow(1)
    qtbot.keyClick(agenda.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)

    expected = [titles[1], titles[0], *titles[2:]]
    assert table_column(agenda, 3) == expected
    with demo.read() as session:
        assert [i.title for i in list_agenda(session, meeting_21)] == expected
    assert agenda.current_row() is not None
    assert agenda.current_row().title == titles[1]
    assert not agenda.move_up_button.isEnabled()

    # The last item of the first day cannot go down into the second day.
    agenda.table.selectRow(5)
    assert agenda.move_up_button.isEnabled()
    assert not agenda.move_down_button.isEnabled()
    qtbot.keyClick(agenda.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert table_column(agenda, 3) == expected
    qtbot.mouseClick(agenda.move_up_button, Qt.MouseButton.LeftButton)
    assert table_column(agenda, 3)[4:6] == [expected[5], expected[4]]


def test_deleting_an_agenda_item_asks_first(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(1)
    agenda = editor.agenda
    assert agenda is not None
    agenda.table.setFocus()
    agenda.table.selectRow(0)
    seen: list[QDialog] = []
    answer_next_dialog("Cancel", seen)
    qtbot.keyClick(agenda.table, Qt.Key.Key_Delete)
    assert message_text(seen[0]) == (
        "Delete agenda item 'Welcoming and opening remarks'?\n"
        "Its 4 speakers come off the agenda; the people stay on record."
    )
    assert agenda.model.rowCount() == 10

    answer_next_dialog("Delete")
    qtbot.mouseClick(agenda.delete_button, Qt.MouseButton.LeftButton)
    with demo.read() as session:
        titles = [i.title for i in list_agenda(session, meeting_21)]
    assert len(titles) == 9
    assert "Welcoming and opening remarks" not in titles
    assert agenda.model.rowCount() == 9


# -- outcomes and action items ---------------------------------------------------------


def test_outcomes_are_added_edited_reordered_and_deleted(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(3)
    outcomes = editor.outcomes
    assert outcomes is not None

    qtbot.mouseClick(outcomes.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, outcomes)
    assert isinstance(dialog, OutcomeDialog)
    choose(qtbot, dialog.kind, "Decision")
    qtbot.keyClicks(dialog.text, "RTC heads meet online in spring.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcomes.open_dialog is None)
    assert outcomes.current_row() is not None
    assert outcomes.current_row().text == "RTC heads meet online in spring."

    qtbot.keyClick(outcomes.table, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, outcomes)
    assert isinstance(dialog, OutcomeDialog)
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "RTC heads meet online every spring.")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcomes.open_dialog is None)
    activate(qtbot, editor)

    qtbot.keyClick(outcomes.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(outcomes.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    with demo.read() as session:
        stored = [(o.kind, o.text) for o in list_outcomes(session, meeting_21)]
    assert stored[1] == (OutcomeKind.DECISION, "RTC heads meet online every spring.")
    assert len(stored) == 4

    outcomes.table.selectRow(0)
    answer_next_dialog("Delete")
    qtbot.keyClick(outcomes.table, Qt.Key.Key_Delete)
    with demo.read() as session:
        assert [o.text for o in list_outcomes(session, meeting_21)] == [
            text for _kind, text in stored[1:]
        ]


def test_an_action_item_due_before_the_meeting_is_flagged_but_saved(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(4)
    actions = editor.actions_tab
    assert actions is not None
    with demo.read() as session:
        meeting = get_meeting(session, meeting_21)
        start, end = meeting.start_date, meeting.end_date
    assert start == date(2023, 11, 14)
    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, actions)
    assert isinstance(dialog, ActionItemDialog)
    qtbot.keyClicks(dialog.description, "Send the draft report round.")

    assert dialog.due_date.text() == ""
    dialog.due_date.setFocus()
    qtbot.keyClick(dialog.due_date, Qt.Key.Key_F4)
    popup = dialog.due_date.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert popup.calendar.selectedDate().toPython() == end
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not popup.isVisible()

    type_date(qtbot, dialog.due_date, date(2023, 11, 13))
    assert dialog.due_warning.isVisible()
    assert dialog.due_warning.text() == "Due before the meeting starts (14 Nov 2023)"
    assert dialog.save_button.isEnabled()

    dialog.due_date.setFocus()
    dialog.due_date.selectAll()
    qtbot.keyClicks(dialog.due_date, "13 Nox 2023")
    qtbot.keyClick(dialog.due_date, Qt.Key.Key_Tab)
    label = dialog.fields.message_label("Due date")
    assert (label.text(), label.isVisible()) == ("Cannot read “13 Nox 2023” as a date", True)
    assert not dialog.due_warning.isVisible()
    assert not dialog.save_button.isEnabled()

    type_date(qtbot, dialog.due_date, date(2023, 11, 13))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.open_dialog is None)
    with demo.read() as session:
        [added] = [
            r for r in list_action_items(session, meeting_21) if r.description.startswith("Send")
        ]
    assert added.due_date == date(2023, 11, 13)


def test_action_items_are_added_completed_and_deleted(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(4)
    actions = editor.actions_tab
    assert actions is not None

    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, actions)
    assert isinstance(dialog, ActionItemDialog)
    qtbot.keyClicks(dialog.description, "Share the blended-learning toolkit with all RTCs.")
    choose(qtbot, dialog.outcome, dialog.outcome.itemText(2))
    pick_choice(qtbot, dialog.owner_organisation, "rtc jap", "RTC Japan")
    pick_person(qtbot, dialog.picker, "sato", "Ms. SATO Yuki")
    assert dialog.owner_name.text() == "Ms. SATO Yuki"
    type_date(qtbot, dialog.due_date, date(2024, 6, 30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.open_dialog is None)

    with demo.read() as session:
        added = next(
            r for r in list_action_items(session, meeting_21) if r.description.startswith("Share")
        )
        outcome_ids = [o.id for o in list_outcomes(session, meeting_21)]
    assert (added.owner, added.due_date, added.status, added.outcome_id) == (
        "RTC Japan / Ms. SATO Yuki",
        date(2024, 6, 30),
        ActionStatus.OPEN,
        outcome_ids[1],
    )

    assert actions.current_row() is not None
    assert actions.current_row().id == added.id
    qtbot.keyClick(actions.table, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, actions)
    assert isinstance(dialog, ActionItemDialog)
    assert dialog.owner_organisation.value() == added.owner_organisation_id
    assert not dialog.completed_on.isEnabled()
    choose(qtbot, dialog.status, "Done")
    assert dialog.completed_on.date() == date.today()
    qtbot.mouseClick(dialog.clear_owner, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.open_dialog is None)
    with demo.read() as session:
        done = next(r for r in list_action_items(session, meeting_21) if r.id == added.id)
    assert (done.status, done.completed_on, done.owner) == (
        ActionStatus.DONE,
        date.today(),
        "RTC Japan",
    )

    answer_next_dialog("Delete")
    qtbot.keyClick(actions.table, Qt.Key.Key_Delete)
    with demo.read() as session:
        assert added.id not in {r.id for r in list_action_items(session, meeting_21)}


def test_an_owner_organisation_not_on_record_is_refused_in_the_form(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, meeting_21: int
) -> None:
    editor = open_editor(meeting_21)
    editor.tabs.setCurrentIndex(4)
    actions = editor.actions_tab
    assert actions is not None
    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, actions)
    assert isinstance(dialog, ActionItemDialog)
    qtbot.keyClicks(dialog.description, "Translate the toolkit.")
    dialog.owner_organisation.setFocus()
    qtbot.keyClicks(dialog.owner_organisation.lineEdit(), "RTC Atlantis")
    qtbot.keyClick(dialog.owner_organisation.lineEdit(), Qt.Key.Key_Tab)
    label = dialog.fields.message_label("Owner organisation")
    assert label.isVisible()
    assert label.text() == "No organisation is called “RTC Atlantis”; choose one from the list"
    assert not dialog.save_button.isEnabled()
    dialog.reject()


# -- table models ----------------------------------------------------------------------


def test_a_list_tab_shows_what_is_stored_when_it_is_shown(
    open_editor: Callable[[int | None], MeetingEditor], demo: Database, meeting_21: int
) -> None:
    """The list tabs read their rows when shown, not when the editor opens: an
    outcome a colleague added after opening is there the first time the tab is
    shown, and one added while the tab was hidden is there after a reload."""
    editor = open_editor(meeting_21)
    outcomes = editor.outcomes
    assert outcomes is not None
    with demo.write() as session:
        add_outcome(session, meeting_21, OutcomeKind.DECISION, "Meet again in 2024.")
    editor.tabs.setCurrentWidget(outcomes)
    assert "Meet again in 2024." in table_column(outcomes, 1)

    editor.tabs.setCurrentWidget(editor.details)
    with demo.write() as session:
        add_outcome(session, meeting_21, OutcomeKind.CONCLUSION, "Share the toolkit.")
    editor.reload()
    editor.tabs.setCurrentWidget(outcomes)
    assert "Share the toolkit." in table_column(outcomes, 1)


def test_the_table_models_of_the_editor_pass_the_model_tester(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, qtmodeltester, meeting_21: int
) -> None:
    editor = open_editor(meeting_21)
    for tab in (editor.agenda, editor.outcomes, editor.actions_tab):
        assert tab is not None
        editor.tabs.setCurrentWidget(tab)
        assert tab.model.rowCount() > 0
        qtmodeltester.check(tab.model)
    assert editor.agenda is not None
    editor.agenda.table.selectRow(0)
    editor.agenda.edit_current()
    dialog = wait_for_dialog(qtbot, editor.agenda)
    assert isinstance(dialog, AgendaItemDialog)
    assert dialog.speakers.rowCount() == 4
    qtmodeltester.check(dialog.speakers)
    dialog.reject()


def test_the_editor_exports_and_imports_for_its_meeting(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
) -> None:
    from PySide6.QtWidgets import QApplication

    from rtcdesk.ui.export_dialog import ExportDialog
    from rtcdesk.ui.import_dialog import ImportDialog

    new = open_editor(None)
    assert not new.export_button.isEnabled()
    assert not new.import_button.isEnabled()

    editor = open_editor(meeting_21)
    for button, kind in (
        (editor.export_button, ExportDialog),
        (editor.import_button, ImportDialog),
    ):
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda kind=kind: any(
                isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        )
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind))
        assert dialog.meeting_id == meeting_21
        dialog.reject()


def test_a_registration_list_dropped_on_the_meeting_opens_the_import(
    open_editor: Callable[[int | None], MeetingEditor],
    qtbot: QtBot,
    demo: Database,
    meeting_21: int,
    tmp_path: Path,
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication
    from registration_files import workbook

    from rtcdesk.ui.import_dialog import ImportDialog

    path = workbook(tmp_path / "list.xlsx", ["Surname", "E-mail"], [["Ito", "k.ito@example.org"]])
    editor = open_editor(meeting_21)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    copy, left, none = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(30, 30), copy, data, left, none)
    QApplication.sendEvent(editor, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(editor, QDropEvent(QPointF(30, 30), copy, data, left, none))
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ImportDialog) and w.file_edit.text() == str(path)
            for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog))
    assert dialog.meeting_id == meeting_21
    qtbot.waitUntil(lambda: dialog.mapping.rowCount() == 2)
    dialog.reject()


def test_co_organisers_taken_from_the_completion_list_with_enter(
    open_editor: Callable[[int | None], MeetingEditor], qtbot: QtBot, database: Database
) -> None:
    """Enter in the completion list adds the co-organiser and empties the field,
    so the next name is typed afresh (it used to be appended to the last one)."""
    editor = open_editor(None)
    co = editor.details.co_organisers
    line = co.chooser.lineEdit()
    line.setFocus()
    for typed, wanted in (("ROCB", "Regional Office"), ("Japan Customs", "Japan Customs")):
        qtbot.keyClicks(line, typed)
        popup = co.chooser.completer().popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: line.text() == "")
        assert co.model.item(co.model.rowCount() - 1).text().startswith(wanted)
    assert co.model.rowCount() == 2
