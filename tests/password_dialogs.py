"""Answering rtcdesk's password dialogs in GUI tests."""

from __future__ import annotations

from gui_helpers import answer_next_dialog
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox

from rtcdesk.ui.passwords import PasswordDialog


def type_in_password_dialogs(passwords: list[str], seen: list[PasswordDialog]) -> None:
    """Answer the next password dialogs in turn (one per password), typing
    each of ``passwords`` and clicking OK; each dialog goes into ``seen`` for
    the test to read what it said."""
    left = list(passwords)

    def type_one(dialog: QDialog) -> QAbstractButton | None:
        assert isinstance(dialog, PasswordDialog)
        seen.append(dialog)
        dialog.password.setText(left.pop(0))
        if left:
            answer_next_dialog(type_one)
        return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)

    answer_next_dialog(type_one)
