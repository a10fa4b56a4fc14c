"""Helpers for the meeting editor and meetings workspace tests: typing into
date inputs, choosing in combo boxes and type-ahead pickers by keyboard."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, time

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rtcdesk.ui.choice_combo import ChoiceCombo
from rtcdesk.ui.person_picker import PersonPicker

Section = QDateTimeEdit.Section
_SINGLETONS = (None, True, False)


@contextmanager
def singleton_references_kept() -> Iterator[None]:
    """Give back the references to None, True and False that QtTest took.

    PySide6 6.12's QtTest functions (keyClick, mouseClick, qWait, ...) drop
    one reference to None on every call, or to True when a Python slot ran
    inside the call. Python 3.11 counts those references, so a few hundred
    key presses end the test run with "Fatal Python error: deallocating
    None/True" at exit. Adding back what went missing during a test is safe:
    these objects are never freed, so a count that is too high costs nothing.
    """
    before = [sys.getrefcount(obj) for obj in _SINGLETONS]
    yield
    for obj, count in zip(_SINGLETONS, before, strict=True):
        for _ in range(count - sys.getrefcount(obj)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def type_date(qtbot: QtBot, edit: QDateTimeEdit, day: date) -> None:
    """Type ``day`` section by section (year first, so no step is an invalid
    date such as 31 Feb), then leave the field with Tab from its last section."""
    edit.setFocus()
    for section, text in (
        (Section.YearSection, str(day.year)),
        (Section.MonthSection, QLocale().toString(QDate(day.year, day.month, day.day), "MMM")),
        (Section.DaySection, str(day.day)),
    ):
        edit.setSelectedSection(section)
        qtbot.keyClicks(edit, text)
    edit.setSelectedSection(Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date().toPython() == day


def type_time(qtbot: QtBot, edit: QDateTimeEdit, at: time) -> None:
    """Type the hour and the minutes of ``at``, then leave the field with Tab."""
    edit.setFocus()
    for section, value in ((Section.HourSection, at.hour), (Section.MinuteSection, at.minute)):
        edit.setSelectedSection(section)
        qtbot.keyClicks(edit, f"{value:02d}")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.time().toPython() == at


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Choose an entry of a (non-editable) combo box with the arrow keys."""
    wanted = combo.findText(text)
    assert wanted >= 0, f"no {text!r} in the combo box"
    combo.setFocus()
    while combo.currentIndex() != wanted:
        step = Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up
        qtbot.keyClick(combo, step)
    assert combo.currentText() == text


def pick_choice(qtbot: QtBot, combo: ChoiceCombo, typed: str, wanted: str) -> None:
    """Type ``typed`` into a ``ChoiceCombo`` and take ``wanted`` from the suggestions."""
    line = combo.lineEdit()
    line.setFocus()
    line.clear()
    qtbot.keyClicks(line, typed)
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    rows = [model.index(n, 0) for n in range(model.rowCount())]
    found = [index for index in rows if index.data() == wanted]
    assert found, f"{wanted!r} not among {[i.data() for i in rows]}"
    popup.setCurrentIndex(found[0])
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert combo.currentText() == wanted


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text``: key by key, or, for CJK, as an input method commits it
    (QTest has no keys for those characters; real users type them through an
    input method too)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def pick_person(qtbot: QtBot, picker: PersonPicker, typed: str, wanted: str) -> None:
    """Type into a person picker, wait for the matches, take ``wanted`` with Enter."""
    picker.search_box.setFocus()
    with qtbot.waitSignal(picker.results_shown, timeout=3000):
        type_text(qtbot, picker.search_box, typed)
    names = [row.display_name for row in picker.model.rows()]
    assert wanted in names, names
    picker.results.selectRow(names.index(wanted))
    picker.results.setCurrentIndex(picker.model.index(names.index(wanted), 0))
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)


def standard_button(which: QMessageBox.StandardButton) -> Callable[[QDialog], QPushButton]:
    """For ``answer_next_dialog``: the message box's standard button ``which``."""

    def pick(dialog: QDialog) -> QPushButton:
        assert isinstance(dialog, QMessageBox)
        return dialog.button(which)

    return pick


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one, as a click on it would (the offscreen
    platform does not hand activation back when a dialog closes)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def press_save(qtbot: QtBot, window: QWidget) -> None:
    """Ctrl+S (the platform's Save keys) in ``window``."""
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
