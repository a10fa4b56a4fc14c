"""What an editor says when someone else saved the same record first.

Nothing is overwritten: the coordinator either reloads (and sees the other
changes, losing theirs) or keeps editing to copy what they typed elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("StaleEdit", text)


def offer_reload(parent: QWidget | None, what: str) -> bool:
    """Tell that ``what`` changed elsewhere; True if the coordinator chose Reload."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Changed by someone else"))
    box.setText(
        _tr("Someone else saved {what} after you opened it. Your changes are not saved.").format(
            what=what
        )
    )
    box.setInformativeText(
        _tr(
            "Reload shows their version; what you typed here is then lost. "
            "Keep editing to copy what you need first."
        )
    )
    reload_button = box.addButton(_tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is reload_button
