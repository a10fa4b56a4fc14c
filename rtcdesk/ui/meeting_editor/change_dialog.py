"""A dialog that records one change when the coordinator presses its main button.

The dialog's ``collect`` turns the input into a change (the main button is
enabled only while the input is complete); ``save`` (given by whoever opened
the dialog) writes it and says whether the dialog is done. A refused change leaves the dialog
open with everything typed still there, so the coordinator can correct it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

T = TypeVar("T")


class ChangeDialog(QDialog, Generic[T]):
    def __init__(
        self,
        title: str,
        action: str,
        collect: Callable[[], T],
        save: Callable[[T], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._collect_change = collect
        self._save = save
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        self.ok_button.setAccessibleName(action.replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.ok_button.isEnabled() and self._save(self._collect_change()):
            super().accept()
