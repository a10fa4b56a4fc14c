"""The name the history records for changes made on this computer: a
preference (blank for the login name), its part of the preferences dialog,
applied at start and when saved."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from rtcdesk.services.history import USER_NAME_LENGTH, login_name, set_user_name
from rtcdesk.services.local_settings import HISTORY_USER_NAME, read_setting, write_setting


def stored_history_name() -> str:
    """The name set in the preferences ("" for the login name)."""
    return read_setting(HISTORY_USER_NAME)


def save_history_name(name: str) -> None:
    """Keep ``name`` (for the app and the command line) and record changes
    under it from now on."""
    write_setting(HISTORY_USER_NAME, name)
    set_user_name(name)


def apply_history_name() -> None:
    """Record changes under the stored name (at start)."""
    set_user_name(stored_history_name())


class HistoryNamePreferences(QGroupBox):
    """The history part of the preferences: "Your name in the history"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("History of changes"))
        self.name = QLineEdit(stored_history_name())
        self.name.setMaxLength(USER_NAME_LENGTH)
        self.name.setAccessibleName(self.tr("Your name in the history"))
        login = login_name()
        if login:
            self.name.setPlaceholderText(
                self.tr("Your login name, {login}, if empty").format(login=login)
            )
        caption = QLabel(self.tr("Your &name in the history:"))
        caption.setBuddy(self.name)
        note = QLabel(
            self.tr(
                "Every record you create, change or delete is recorded under this name, "
                "so that colleagues sharing the data can see who did what."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(caption, self.name)
        form.addRow("", note)

    def save(self) -> None:
        save_history_name(self.name.text())
