"""Helpers for GUI tests: answer modal dialogs by clicking their real buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QMessageBox

Seen = list[QDialog]


def answer_next_dialog(
    choose: Callable[[QDialog], QAbstractButton | None] | str, seen: Seen | None = None
) -> None:
    """When the next modal dialog opens, click the button ``choose`` picks
    (or the button whose text, without "&", is ``choose``). The dialog is
    appended to ``seen`` so the test can assert what it said."""

    def pick(dialog: QDialog) -> QAbstractButton | None:
        if not isinstance(choose, str):
            return choose(dialog)
        for button in dialog.findChildren(QAbstractButton):
            if button.text().replace("&", "") == choose:
                return button
        return None

    def attempt(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            if seen is not None:
                seen.append(dialog)
            button = pick(dialog)
            if button is None:
                dialog.reject()
                raise AssertionError(f"no button {choose!r} in {dialog.windowTitle()!r}")
            button.click()
            return
        if tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def message_text(dialog: QDialog) -> str:
    """The text and informative text of a message box; the texts of the
    labels of another dialog (such as the one a stale save shows)."""
    if isinstance(dialog, QMessageBox):
        return f"{dialog.text()}\n{dialog.informativeText()}"
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.text())
