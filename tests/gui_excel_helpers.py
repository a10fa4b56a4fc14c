"""Helpers for the export and import GUI tests: answer a file dialog, choose
in a combo box with the keyboard, wait for background work."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import Seen, answer_next_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from rtcdesk.ui.background import BackgroundTask

#: Generous: background work is quick, but a loaded machine is slow.
TIMEOUT_MS = 30_000


def save_file_as(path: Path, seen: Seen | None = None) -> None:
    """When the next file dialog opens, choose ``path`` and click Save (or Open)."""

    def choose(dialog: QDialog) -> QAbstractButton | None:
        assert isinstance(dialog, QFileDialog), type(dialog)
        dialog.selectFile(str(path))
        wanted = {"Save", "Open"}
        return next(
            (
                b
                for b in dialog.findChildren(QAbstractButton)
                if b.text().replace("&", "") in wanted
            ),
            None,
        )

    answer_next_dialog(choose, seen)


def cancel_file_dialog() -> None:
    answer_next_dialog("Cancel")


def pick(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Step to ``text`` with the arrow keys, as a coordinator would (each step
    is "activated", like a choice from the pop-up)."""
    wanted = combo.findText(text)
    assert wanted >= 0, f"{text!r} is not among {[combo.itemText(n) for n in range(combo.count())]}"
    combo.setFocus()
    while combo.currentIndex() != wanted:
        key = Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def finish(qtbot: QtBot, task: BackgroundTask | None) -> BackgroundTask:
    """Wait until ``task`` has ended (in any way)."""
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
            pass
    return task
