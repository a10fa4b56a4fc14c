"""The date and time fields, typed into as a user does: select all, type the
whole date or time, Tab; the calendar by button and keyboard."""

from __future__ import annotations

from datetime import date, time

import pytest
from gui_meeting_helpers import activate
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from rtcdesk.ui.date_fields import DateField, TimeField

MEETING_START = date(2023, 11, 14)


class Form(QWidget):
    """A date, a time and a plain line edit after them, as in a dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.day = DateField()
        self.at = TimeField()
        self.after = QLineEdit()
        self.after.setAccessibleName("After")
        form = QFormLayout(self)
        self.day_label = QLabel("&Day:")
        self.day_label.setBuddy(self.day)
        form.addRow(self.day_label, self.day)
        form.addRow("&Time:", self.at)
        form.addRow("&After:", self.after)


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    shown = Form()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    return shown


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select all, type ``text``, Tab."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16 Nov 2023", date(2023, 11, 16)),
        ("15 Dec 2023", date(2023, 12, 15)),
        ("2023-11-16", date(2023, 11, 16)),
        ("16/11/2023", date(2023, 11, 16)),
        ("16 November 2023", date(2023, 11, 16)),
        ("nov 16 2023", date(2023, 11, 16)),
        ("30/9/24", date(2024, 9, 30)),
    ],
)
def test_a_whole_date_typed_over_another_is_that_date(
    qtbot: QtBot, form: Form, typed: str, expected: date
) -> None:
    form.day.set_date(MEETING_START)
    with qtbot.waitSignal(form.day.date_changed) as changed:
        retype(qtbot, form.day, typed)
    assert changed.args == [expected]
    assert form.day.date() == expected
    assert form.day.text() == QLocale().toString(expected, "d MMM yyyy")
    assert form.day.is_valid()
    assert form.day.property("invalid") is False


def test_the_text_shows_the_unambiguous_form(qtbot: QtBot, form: Form) -> None:
    retype(qtbot, form.day, "16/11/2023")
    assert form.day.text() == "16 Nov 2023"
    retype(qtbot, form.day, "30 September 2024")
    assert form.day.text() == "30 Sept 2024"


def test_a_date_without_a_year_takes_the_meetings(qtbot: QtBot, form: Form) -> None:
    form.day.set_calendar_start(date(2019, 5, 1))
    retype(qtbot, form.day, "16 nov")
    assert form.day.date() == date(2019, 11, 16)
    assert form.day.text() == "16 Nov 2019"


def test_a_date_that_cannot_be_read_stays_as_typed_and_is_invalid(qtbot: QtBot, form: Form) -> None:
    form.day.set_date(MEETING_START)
    with qtbot.waitSignal(form.day.date_changed) as changed:
        retype(qtbot, form.day, "16 Nox 2023")
    assert changed.args == [None]
    assert form.day.text() == "16 Nox 2023"
    assert form.day.date() is None
    assert not form.day.is_valid()
    assert form.day.property("invalid") is True
    assert form.day.toolTip() == "Cannot read “16 Nox 2023” as a date; type e.g. 16 Nov 2023"
    assert form.day.problem() == "cannot read “16 Nox 2023” as a date"

    retype(qtbot, form.day, "31 Feb 2024")
    assert (form.day.text(), form.day.date()) == ("31 Feb 2024", None)

    retype(qtbot, form.day, "16 Nov 2023")
    assert form.day.date() == date(2023, 11, 16)
    assert form.day.property("invalid") is False
    assert form.day.toolTip() == ""


def test_an_empty_date_is_not_set_unless_required(qtbot: QtBot, form: Form) -> None:
    form.day.set_date(MEETING_START)
    form.day.setFocus()
    form.day.selectAll()
    qtbot.keyClick(form.day, Qt.Key.Key_Delete)
    qtbot.keyClick(form.day, Qt.Key.Key_Tab)
    assert (form.day.date(), form.day.is_valid()) == (None, True)
    form.day.set_required(True)
    assert not form.day.is_valid()
    assert form.day.problem() == "is required"
    assert form.day.property("invalid") is True


def test_what_is_shown_counts_before_editing_finishes(qtbot: QtBot, form: Form) -> None:
    """A save by keyboard shortcut while still in the field saves what it shows."""
    form.day.set_date(MEETING_START)
    form.day.setFocus()
    form.day.selectAll()
    qtbot.keyClicks(form.day, "20 Nov 2023")
    assert form.day.date() == date(2023, 11, 20)
    qtbot.keyClicks(form.day, "x")
    assert form.day.date() is None


@pytest.mark.parametrize("typed", ["10:30", "1030", "10.30", "10h30", "10:30 am"])
def test_a_whole_time_typed_over_another_is_that_time(qtbot: QtBot, form: Form, typed: str) -> None:
    form.at.set_time(time(9, 0))
    with qtbot.waitSignal(form.at.time_changed) as changed:
        retype(qtbot, form.at, typed)
    assert changed.args == [time(10, 30)]
    assert (form.at.time(), form.at.text()) == (time(10, 30), "10:30")


@pytest.mark.parametrize("typed", ["25:00", "10:75", "9:5", "half past ten"])
def test_a_time_that_cannot_be_read_stays_as_typed(qtbot: QtBot, form: Form, typed: str) -> None:
    form.at.set_time(time(9, 0))
    retype(qtbot, form.at, typed)
    assert (form.at.text(), form.at.time(), form.at.is_valid()) == (typed, None, False)
    assert form.at.toolTip() == f"Cannot read “{typed}” as a time; type e.g. 10:30"


def test_tab_leaves_the_fields_and_skips_the_calendar_button(qtbot: QtBot, form: Form) -> None:
    form.day.setFocus()
    qtbot.keyClick(form.day, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.at
    qtbot.keyClick(form.at, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.after
    qtbot.keyClick(form.after, Qt.Key.Key_Backtab)
    qtbot.keyClick(form.at, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is form.day
    assert form.day.calendar_button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_the_label_focuses_the_field(qtbot: QtBot, form: Form) -> None:
    form.after.setFocus()
    qtbot.keyClick(form.after, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is form.day


def test_the_field_is_wide_enough_for_every_month(qtbot: QtBot, form: Form) -> None:
    metrics = form.day.fontMetrics()
    room = form.day.width() - form.day.calendar_button.width()
    for month in range(1, 13):
        form.day.set_date(date(2024, month, 30 if month != 2 else 28))
        assert metrics.horizontalAdvance(form.day.text()) < room, form.day.text()
    assert form.day.width() < 3 * metrics.horizontalAdvance("30 Sept 2024")


def _day_cell(view: QTableView, day: int) -> tuple[int, int]:
    """The row and column of ``day`` of the month shown (the only cell with
    that number when the day is between 15 and 22; the first row names the
    days of the week)."""
    model = view.model()
    found = [
        (row, column)
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if model.index(row, column).data() == day
    ]
    assert len(found) == 1, found
    return found[0]


def test_the_calendar_opens_on_the_meetings_month_and_a_click_fills_the_field(
    qtbot: QtBot, form: Form
) -> None:
    form.day.set_calendar_start(MEETING_START)
    qtbot.mouseClick(form.day.calendar_button, Qt.MouseButton.LeftButton)
    popup = form.day.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert (popup.calendar.monthShown(), popup.calendar.yearShown()) == (11, 2023)

    view = popup.calendar.findChild(QTableView)
    row, column = _day_cell(view, 17)
    cell = view.visualRect(view.model().index(row, column)).center()
    with qtbot.waitSignal(form.day.date_changed):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert not popup.isVisible()
    assert (form.day.text(), form.day.date()) == ("17 Nov 2023", date(2023, 11, 17))
    assert QApplication.focusWidget() is form.day


def test_the_calendar_opens_on_the_fields_date(qtbot: QtBot, form: Form) -> None:
    form.day.set_calendar_start(MEETING_START)
    retype(qtbot, form.day, "3 Feb 2025")
    form.day.setFocus()
    qtbot.keyClick(form.day, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = form.day.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert (popup.calendar.monthShown(), popup.calendar.yearShown()) == (2, 2025)
    assert popup.calendar.selectedDate().toPython() == date(2025, 2, 3)


def test_the_calendar_by_keyboard_f4_arrows_enter_and_escape(qtbot: QtBot, form: Form) -> None:
    form.day.set_calendar_start(MEETING_START)
    form.day.setFocus()
    qtbot.keyClick(form.day, Qt.Key.Key_F4)
    popup = form.day.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    view = QApplication.focusWidget()
    assert popup.isAncestorOf(view)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert form.day.text() == ""
    assert QApplication.focusWidget() is form.day

    qtbot.keyClick(form.day, Qt.Key.Key_F4)
    qtbot.waitUntil(popup.isVisible)
    view = QApplication.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert form.day.date() == date(2023, 11, 22)
