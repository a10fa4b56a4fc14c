"""Recording a meeting with the keyboard only, from an empty database.

Every step is a key press sent to the widget that has the focus, as a
keyboard would: no widget is focused, clicked or filled by the test. The
walk: Ctrl+N for a new meeting, its details typed field after field (dates
typed whole), saved with Ctrl+S; two delegations ticked in one dialog; a
participant who is not on record typed in; an agenda item with that person
as speaker; an action item owned by them. Then the database is read back.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from rtcdesk.db.engine import Database
from rtcdesk.services.agenda import list_agenda
from rtcdesk.services.meetings import find_meeting, get_meeting
from rtcdesk.services.names import display_name
from rtcdesk.services.outcomes import list_action_items
from rtcdesk.services.participants import list_delegations, list_participants
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.editor import MeetingEditor
from rtcdesk.vocabulary import AttendanceMode

Key = Qt.Key
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


class Keyboard:
    """Key presses to whatever has the focus."""

    def __init__(self, qtbot: QtBot):
        self.qtbot = qtbot

    def focused(self) -> QWidget:
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:  # fmt: skip
        for _ in range(times):
            self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)

    def retype(self, text: str) -> None:
        """Select what the field holds (Ctrl+A) and type over it."""
        self.press(Key.Key_A, CTRL)
        self.type(text)

    def choose(self, text: str) -> None:
        """In a drop-down list that has the focus: arrow down to ``text``."""
        combo = self.focused()
        assert isinstance(combo, QComboBox), combo
        self.press(Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentText() == text:
                return
            self.press(Key.Key_Down)
        raise AssertionError(f"no {text!r} in {combo.accessibleName()}")

    def tab(self, times: int = 1) -> None:
        self.press(Key.Key_Tab, times=times)

    def focus_name(self) -> str:
        widget = self.focused()
        while widget is not None and not widget.accessibleName():
            widget = widget.parentWidget()
        return widget.accessibleName() if widget is not None else ""

    def wait_for_dialog(self, title: str) -> QDialog:
        def shown() -> bool:
            window = QApplication.activeWindow()
            return isinstance(window, QDialog) and window.windowTitle() == title

        self.qtbot.waitUntil(shown, timeout=3000)
        window = QApplication.activeWindow()
        assert isinstance(window, QDialog)
        return window

    def wait_closed(self, dialog: QWidget, back_to: QWidget) -> None:
        """Wait for ``dialog`` to close; the window under it is active again
        (a window manager's job, which the offscreen platform does not do)."""
        self.qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=3000)
        back_to.activateWindow()
        self.qtbot.waitUntil(back_to.isActiveWindow, timeout=3000)


def test_a_meeting_recorded_with_the_keyboard_only(qtbot: QtBot, database: Database) -> None:
    keys = Keyboard(qtbot)
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # -- a new meeting: Ctrl+N, its details field after field, Ctrl+S --------------
    keys.press(Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), MeetingEditor))
    editor = QApplication.activeWindow()
    assert isinstance(editor, MeetingEditor)
    assert keys.focus_name() == "Title"
    keys.type("RTC Heads Meeting")
    keys.tab()
    assert keys.focus_name() == "Kind"
    keys.type("R")  # "RTC Heads Meeting", found by its first letter
    keys.tab()
    assert keys.focus_name() == "Series"
    keys.type("RTC Heads Meeting")
    keys.tab()
    assert keys.focus_name() == "Ordinal"
    keys.retype("21")
    keys.tab(2)  # past the status: planned
    assert keys.focus_name() == "Start date"
    keys.retype("14 Nov 2023")
    keys.tab()
    assert keys.focus_name() == "End date"
    keys.retype("16 nov")  # the year is the meeting's
    keys.tab()
    assert keys.focus_name() == "Mode"
    keys.tab()
    assert keys.focus_name() == "Venue"
    keys.type("Customs Training Institute")
    keys.tab()
    keys.type("Kashiwa")
    keys.tab()
    keys.type("Japan")
    keys.tab()
    assert keys.focus_name() == "Host"
    keys.type("RTC Japan")
    keys.press(Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: editor.meeting_id is not None, timeout=3000)

    with database.read() as session:
        found = find_meeting(session, "RTC Heads Meeting", 21)
        assert found is not None
        meeting = get_meeting(session, found.id)
        assert (meeting.start_date, meeting.end_date) == (date(2023, 11, 14), date(2023, 11, 16))
        assert (meeting.venue, meeting.city, meeting.country) == (
            "Customs Training Institute",
            "Kashiwa",
            "Japan",
        )
        assert meeting.host is not None
        assert meeting.host.name == "RTC Japan"
        meeting_id = meeting.id

    # -- two delegations, ticked in one dialog ----------------------------------------
    keys.press(Key.Key_Tab, CTRL, times=2)
    assert editor.tabs.currentWidget() is editor.participants
    keys.press(Key.Key_D, ALT)  # Add &delegation…
    dialog = keys.wait_for_dialog("Add delegations")
    assert keys.focus_name() == "Find an organisation"
    matches = dialog.picker.model  # type: ignore[attr-defined]

    def first_match_is(name: str) -> None:
        qtbot.waitUntil(lambda: matches.rowCount() > 0 and matches.row(0).name == name)

    keys.type("RTC Korea")
    first_match_is("RTC Korea")
    keys.tab(2)  # past "New organisation…", into the matches
    keys.press(Key.Key_Space)  # ticks RTC Korea
    keys.press(Key.Key_Tab, SHIFT, times=2)
    keys.retype("RTC Japan")
    first_match_is("RTC Japan")
    keys.press(Key.Key_Return)  # adds RTC Japan with the ticked RTC Korea
    keys.wait_closed(dialog, editor)
    with database.read() as session:
        assert sorted(d.organisation_name for d in list_delegations(session, meeting_id)) == [
            "RTC Japan",
            "RTC Korea",
        ]

    # -- a participant not on record, typed in -----------------------------------------
    keys.press(Key.Key_P, ALT)  # Add &participant…
    dialog = keys.wait_for_dialog("Add a participant")
    keys.press(Key.Key_W, ALT)  # A ne&w person
    new_person = dialog.new_person  # type: ignore[attr-defined]
    qtbot.waitUntil(new_person.isChecked)  # a mnemonic clicks after a short animation
    assert keys.focus_name() == "Title"
    keys.type("Mr.")
    keys.tab()
    keys.type("Michael")
    keys.tab()
    keys.type("OUTRAM")
    keys.tab(2)  # past the name order: given name first
    assert keys.focus_name() == "Post-nominals"
    keys.type("APM")
    keys.tab(2)  # past the gender
    keys.type("Commander")
    keys.tab(3)  # past the organisation (the delegation's) and "New organisation…"
    assert keys.focus_name() == "E-mail"
    keys.type("m.outram@example.org")
    keys.tab()
    assert keys.focus_name() == "Delegation"
    keys.choose("RTC Korea")
    keys.tab()
    keys.choose("Speaker")
    keys.tab()
    assert keys.focus_name() == "Attendance mode"
    keys.choose("Virtual")
    keys.press(Key.Key_A, ALT)  # &Add participant
    keys.wait_closed(dialog, editor)
    with database.read() as session:
        (outram,) = list_participants(session, meeting_id)
    assert outram.display_name == "Mr. Michael OUTRAM APM"
    assert outram.delegation_name == "RTC Korea"
    assert outram.attendance_mode is AttendanceMode.VIRTUAL

    # -- an agenda item with the new person as speaker -----------------------------------
    # After a dialog the keyboard is back in the list it changed: the participants.
    assert keys.focus_name() == "Participants"
    keys.press(Key.Key_Backtab, CTRL | SHIFT)  # what a keyboard sends for Ctrl+Shift+Tab
    assert editor.tabs.currentWidget() is editor.agenda
    keys.press(Key.Key_A, ALT)
    dialog = keys.wait_for_dialog("New agenda item")
    assert keys.focus_name() == "Title"
    keys.type("Opening remarks")
    keys.tab()
    keys.choose("Opening remarks")
    keys.tab()
    keys.choose("Day 1 · Tue 14 Nov 2023")
    keys.tab()
    assert keys.focus_name() == "Time"
    if not dialog.timed.isChecked():  # type: ignore[attr-defined]
        keys.press(Key.Key_Space)
    keys.tab()
    keys.retype("930")
    keys.tab()
    keys.retype("10.00")
    keys.tab(2)  # past the notes
    assert keys.focus_name() == "Find a person"
    keys.type("outram")
    speakers = dialog.picker.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: speakers.rowCount() == 1)
    keys.press(Key.Key_Return)  # takes him as a speaker
    qtbot.waitUntil(lambda: dialog.speakers.rowCount() == 1)  # type: ignore[attr-defined]
    keys.press(Key.Key_S, CTRL)
    keys.wait_closed(dialog, editor)
    with database.read() as session:
        (item,) = list_agenda(session, meeting_id)
        assert (item.title, item.day, item.start_time, item.end_time) == (
            "Opening remarks",
            date(2023, 11, 14),
            time(9, 30),
            time(10, 0),
        )
        # He attends virtually, so he speaks virtually.
        assert [(display_name(s.person), s.attendance_mode) for s in item.speakers] == [
            ("Mr. Michael OUTRAM APM", AttendanceMode.VIRTUAL)
        ]

    # -- an action item owned by him ---------------------------------------------------
    keys.press(Key.Key_Tab, CTRL, times=3)
    assert editor.tabs.currentWidget() is editor.actions_tab
    keys.press(Key.Key_A, ALT)
    dialog = keys.wait_for_dialog("New action item")
    assert keys.focus_name() == "Description"
    keys.type("Share the survey results with every RTC")
    keys.tab(2)  # past the outcome: none
    assert keys.focus_name() == "Owner organisation"
    keys.type("RTC Korea")
    keys.tab()
    assert keys.focus_name() == "Find a person"
    keys.type("outram")
    owners = dialog.picker.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: owners.rowCount() == 1)
    keys.press(Key.Key_Return)  # takes him as the owner
    keys.tab(3)  # past "New person…" and the (now empty) matches
    assert keys.focus_name() == "Due date"
    keys.type("30/6/2024")  # day first, as in en_GB
    keys.press(Key.Key_S, CTRL)
    keys.wait_closed(dialog, editor)

    editor.close()
    with database.read() as session:
        (action,) = list_action_items(session, meeting_id=meeting_id)
    assert action.description == "Share the survey results with every RTC"
    assert (action.owner_organisation, action.owner_person) == (
        "RTC Korea",
        "Mr. Michael OUTRAM APM",
    )
    assert action.due_date == date(2024, 6, 30)
