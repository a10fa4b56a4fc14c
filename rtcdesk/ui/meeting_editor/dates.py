"""Date and time conversions and wording (typed dates go in ``rtcdesk.ui.date_fields``)."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QLocale, QTime


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


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
