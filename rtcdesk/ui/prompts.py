"""Questions and messages to the coordinator, in one place and one style.

They are modal (``exec``), so a flow reads top to bottom: "if confirm(...):
delete". Tests answer them by clicking the real buttons (see
``tests/gui_helpers.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from rtcdesk.errors import RtcdeskError

Button = QMessageBox.StandardButton


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


def confirm_delete(parent: QWidget | None, what: str, consequences: Sequence[str] = ()) -> bool:
    """Ask before deleting ``what``; ``consequences`` say what goes with it
    ("also removes 14 participations")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Delete"))
    box.setText(_tr("Delete {what}?").format(what=what))
    lines = [c for c in consequences if c]
    if lines:
        box.setInformativeText("\n".join(lines))
    box.setStandardButtons(Button.Cancel)
    delete_button = box.addButton(_tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(Button.Cancel)
    box.exec()
    return box.clickedButton() is delete_button


def ask_unsaved(parent: QWidget | None, what: str) -> Button:
    """Save, Discard or Cancel, for closing an editor with unsaved changes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_tr("Unsaved changes"))
    box.setText(_tr("Save the changes to {what}?").format(what=what))
    box.setInformativeText(_tr("If you don't save, your changes are lost."))
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    return Button(box.exec())


def ask_yes_no(parent: QWidget | None, title: str, text: str, details: str = "") -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(Button.Yes | Button.No)
    box.setDefaultButton(Button.No)
    return box.exec() == Button.Yes


def show_refusal(parent: QWidget | None, error: RtcdeskError, title: str = "") -> None:
    """A coordinator's mistake or a refused change, in the service's own words."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _tr("Not saved"))
    box.setText(str(error))
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.exec()
