"""Date and time conversions and the date inputs the meeting editor uses."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QLocale, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def format_time(value: time | None) -> str:
    """ "09:30" in the user's locale; "" for no time."""
    if value is None:
        return ""
    return QLocale().toString(to_qtime(value), QLocale.FormatType.ShortFormat)


def format_day(value: date | None) -> str:
    """ "Tue 14 Nov 2023", in the user's locale; "" for no day."""
    if value is None:
        return ""
    return QLocale().toString(to_qdate(value), "ddd d MMM yyyy")


def date_edit() -> QDateEdit:
    """A date input with a calendar popup, showing the month by name (no
    day/month mix-ups between regions)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be left out: a check box switches the date input on."""

    changed = Signal()

    def __init__(self, check_text: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(check_text)
        self.check.setAccessibleName(accessible_name)
        self.edit = date_edit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setEnabled(False)
        self.edit.setDate(QDate.currentDate())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch()
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))
