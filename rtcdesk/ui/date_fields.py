"""Date and time inputs that read what is typed as a whole, like a spreadsheet
cell: select all, type "16 Nov 2023" (or "16/11/2023", "2023-11-16", "16 nov")
or "10:30", press Tab.

A QDateEdit/QTimeEdit types into one section at a time, so typing a whole date
over a selected one gave another date ("16 Nov 2023" became 6 Nov 2023). Here
the text is read when editing finishes (``rtcdesk.typed_dates``) and shown
again in one unambiguous form ("16 Nov 2023", "09:30"). Text that cannot be
read is kept as typed and the field is marked invalid; it is never replaced
by another date. Empty means "not set".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from datetime import date, time

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPoint, QSize, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.typed_dates import parse_date, parse_time
from rtcdesk.ui import load_icon

DATE_FORMAT, TIME_FORMAT = "d MMM yyyy", "HH:mm"
_INVALID_STYLE = 'QLineEdit[invalid="true"] {{ border: 2px solid {red}; border-radius: 3px; }}'
_RED_ON_LIGHT, _RED_ON_DARK = "#b3261e", "#ff8a80"
_EXAMPLE_DATE, _EXAMPLE_TIME = date(2023, 11, 16), time(10, 30)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DateFields", text)


def locale_reading() -> tuple[bool, list[str]]:
    """How the user's locale writes dates: whether the day comes before the
    month in all-number dates, and its month names (long, short and
    standalone forms, each as twelve from January)."""
    locale = QLocale()
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    names = [
        name(month, form)
        for name in (locale.monthName, locale.standaloneMonthName)
        for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
        for month in range(1, 13)
    ]
    return pattern.find("d") < pattern.find("M"), names


def from_qdate(value: QDate) -> date:
    """The day a calendar (or ``QDate`` arithmetic) names, as a Python date."""
    return date(value.year(), value.month(), value.day())


def read_date(text: str, reference: date | None = None) -> date | None:
    """``text`` read as a date the way the user's locale writes dates."""
    day_first, month_names = locale_reading()
    return parse_date(text, day_first=day_first, month_names=month_names, reference=reference)


def show_date(value: date) -> str:
    """ "16 Nov 2023" in the user's locale; "2023-11-16" where the locale's
    short month names would not read back as that date (numbered months)."""
    shown = QLocale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)
    return shown if read_date(shown, value) == value else value.isoformat()


def show_time(value: time) -> str:
    """ "09:30" (in the locale's digits where they read back)."""
    shown = QLocale().toString(QTime(value.hour, value.minute), TIME_FORMAT)
    return shown if parse_time(shown) == value else f"{value:%H:%M}"


class TypedField(QLineEdit):
    """A line edit whose text is read as a value when editing finishes
    (Enter, Tab, leaving it). Subclasses say how to read and show a value."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._required = False
        self._current: object = None
        self._usual_tip = ""
        self.setProperty("invalid", False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.setStyleSheet(_INVALID_STYLE.format(red=_RED_ON_DARK if dark else _RED_ON_LIGHT))
        self.editingFinished.connect(self._commit)

    def _read(self, text: str) -> object | None:
        raise NotImplementedError

    def _show(self, value: object) -> str:
        raise NotImplementedError

    def _cannot_read(self, text: str) -> str:
        """The problem with unreadable ``text``, worded to follow the field's name."""
        raise NotImplementedError

    def _unreadable_tip(self, text: str) -> str:
        raise NotImplementedError

    def _announce(self, value: object) -> None:
        """Emit the subclass's signal for a new value."""
        raise NotImplementedError

    def _widest_texts(self) -> Iterable[str]:
        """Texts as long as any the field shows or is commonly typed (its width)."""
        raise NotImplementedError

    def _value(self) -> object | None:
        """What the text says now (None when empty or unreadable): what is
        shown is what gets saved, even before editing finished."""
        text = self.text().strip()
        return self._read(text) if text else None

    def set_required(self, required: bool) -> None:
        """Whether empty is a problem (otherwise it means "not set")."""
        self._required = required
        self._show_validity()

    def is_valid(self) -> bool:
        return self.problem() is None

    def problem(self) -> str | None:
        """What is wrong with the text ("is required", "cannot read …"), or None."""
        text = self.text().strip()
        if not text:
            return _tr("is required") if self._required else None
        return self._cannot_read(text) if self._read(text) is None else None

    def _set_value(self, value: object) -> None:
        self.setText("" if value is None else self._show(value))
        self._show_validity()
        self._changed_to(value)

    def _commit(self) -> None:
        value = self._value()
        if value is not None:
            self.setText(self._show(value))
        self._show_validity()
        self._changed_to(value)

    def _changed_to(self, value: object) -> None:
        if value != self._current:
            self._current = value
            self._announce(value)

    def _show_validity(self) -> None:
        """The red frame and the tooltip saying why, or the usual tooltip."""
        invalid = not self.is_valid()
        if invalid != self.property("invalid"):
            if invalid:
                self._usual_tip = self.toolTip()
            self.setProperty("invalid", invalid)
            self.style().unpolish(self)
            self.style().polish(self)
        text = self.text().strip()
        if not invalid:
            self.setToolTip(self._usual_tip)
        elif text:
            self.setToolTip(self._unreadable_tip(text))
        else:
            self.setToolTip(_tr("Required"))

    def sizeHint(self) -> QSize:
        """Wide enough for the longest text it shows ("30 Sept 2024"), not more."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        frame = hint.width() - metrics.horizontalAdvance("x") * 17
        widest = max(metrics.horizontalAdvance(text) for text in self._widest_texts())
        return QSize(frame + widest + metrics.horizontalAdvance("  "), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class _CalendarPopup(QFrame):
    """The month calendar under a date field; a click or Enter picks a day,
    Escape or a click elsewhere closes it."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName(_tr("Calendar"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self.picked)
        self.calendar.activated.connect(self.picked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def open_on(self, day: date, below: QWidget) -> None:
        """Show the month of ``day`` (selected) under ``below`` (above it
        where the screen has no room below)."""
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        position = below.mapToGlobal(QPoint(0, below.height()))
        screen = below.screen().availableGeometry()
        if position.y() + self.height() > screen.bottom():
            position.setY(below.mapToGlobal(QPoint(0, 0)).y() - self.height())
        position.setX(max(screen.left(), min(position.x(), screen.right() - self.width())))
        self.move(position)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)


class DateField(TypedField):
    """A date typed as a whole or picked from a calendar (the button, or
    Alt+Down / F4); ``date()`` is None when empty or unreadable."""

    date_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._calendar_start: date | None = None
        self._popup: _CalendarPopup | None = None
        self.calendar_action = QAction(
            load_icon("calendar.svg"), _tr("Choose from a calendar"), self
        )
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        button = self.findChild(QToolButton)
        assert button is not None  # the line edit made it for the action
        self.calendar_button = button
        self.calendar_button.setAccessibleName(_tr("Choose from a calendar"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def date(self) -> dt.date | None:
        value = self._value()
        return value if isinstance(value, date) else None

    def set_date(self, value: dt.date | None) -> None:
        self._set_value(value)

    def set_calendar_start(self, value: dt.date) -> None:
        """The day the calendar opens on while the field is empty (the
        meeting's start, say); also the year of a date typed without one."""
        self._calendar_start = value

    def calendar_popup(self) -> _CalendarPopup | None:
        """The calendar, once it was opened."""
        return self._popup

    def open_calendar(self) -> None:
        self._commit()
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        self._popup.open_on(self.date() or self._calendar_start or date.today(), self)

    def _picked(self, day: QDate) -> None:
        assert self._popup is not None
        self._popup.close()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.set_date(from_qdate(day))
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        alt_down = event.key() == Qt.Key.Key_Down and modifiers == Qt.KeyboardModifier.AltModifier
        f4 = event.key() == Qt.Key.Key_F4 and modifiers == Qt.KeyboardModifier.NoModifier
        if alt_down or f4:
            self.open_calendar()
        else:
            super().keyPressEvent(event)

    def _read(self, text: str) -> dt.date | None:
        return read_date(text, self._calendar_start)

    def _show(self, value: object) -> str:
        assert isinstance(value, date)
        return show_date(value)

    def _cannot_read(self, text: str) -> str:
        return _tr("cannot read “{text}” as a date").format(text=text)

    def _unreadable_tip(self, text: str) -> str:
        return _tr("Cannot read “{text}” as a date; type e.g. {example}").format(
            text=text, example=show_date(_EXAMPLE_DATE)
        )

    def _announce(self, value: object) -> None:
        self.date_changed.emit(value)

    def _widest_texts(self) -> Iterable[str]:
        return (show_date(date(2024, month, 28)) for month in range(1, 13))


class TimeField(TypedField):
    """A time of day typed as a whole ("10:30", "1030", "2 pm"); ``time()``
    is None when empty or unreadable."""

    time_changed = Signal(object)

    def time(self) -> dt.time | None:
        value = self._value()
        return value if isinstance(value, time) else None

    def set_time(self, value: dt.time | None) -> None:
        self._set_value(value)

    def _read(self, text: str) -> dt.time | None:
        return parse_time(text)

    def _show(self, value: object) -> str:
        assert isinstance(value, time)
        return show_time(value)

    def _cannot_read(self, text: str) -> str:
        return _tr("cannot read “{text}” as a time").format(text=text)

    def _unreadable_tip(self, text: str) -> str:
        return _tr("Cannot read “{text}” as a time; type e.g. {example}").format(
            text=text, example=show_time(_EXAMPLE_TIME)
        )

    def _announce(self, value: object) -> None:
        self.time_changed.emit(value)

    def _widest_texts(self) -> Iterable[str]:
        return (show_time(time(23, 59)), "12:45 pm")


def with_typing_problems(
    fields: Mapping[str, TypedField], problems: list[FieldProblem]
) -> list[FieldProblem]:
    """``problems`` where each field of ``fields`` (by the name the services
    use) that cannot be read, or is required and empty, says so in place of
    what a service made of its missing value ("Start date: cannot read
    “16 Nox 2023” as a date")."""
    typing = [
        FieldProblem(name, problem)
        for name, field in fields.items()
        if (problem := field.problem()) is not None
    ]
    taken = {p.field for p in typing}
    return typing + [p for p in problems if p.field not in taken]
