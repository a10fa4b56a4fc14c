"""Helpers for the meeting editor and meetings workspace tests: typing into
date inputs, choosing in combo boxes and type-ahead pickers by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rtcdesk.ui.choice_combo import ChoiceCombo
from rtcdesk.ui.date_fields import DateField, TimeField
from rtcdesk.ui.person_picker import PersonPicker


def type_date(qtbot: QtBot, field: DateField, day: date) -> None:
    """Type ``day`` over the whole field as a user does (select all, type
    "16 Nov 2023"), then leave it with Tab."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy"))
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == day, field.text()


def type_time(qtbot: QtBot, field: TimeField, at: time) -> None:
    """Type ``at`` over the whole field ("13:45"), then leave it with Tab."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, f"{at:%H:%M}")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.time() == at, field.text()


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
