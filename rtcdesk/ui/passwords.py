"""Passwords asked for: the mail server's when sending, the database server's
when opening. Each comes from the system keyring, else is asked for (and kept
in the keyring if the coordinator wishes and the system has one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.services.mail_server import keyring_available, store_password, stored_password
from rtcdesk.services.server_login import PasswordAnswer, describe_login
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.prompts import show_info

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def _tr(text: str) -> str:
    return QCoreApplication.translate("SmtpPassword", text)


class PasswordDialog(QDialog):
    """Asks for one login's password, offering to keep it in the keyring."""

    def __init__(
        self, title: str, prompt_text: str, used_once_note: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.prompt = prompt = QLabel(prompt_text)
        prompt.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        prompt.setBuddy(self.password)
        self.remember = QCheckBox(self.tr("&Remember it in the system keyring"))
        self.remember.setAccessibleName(self.tr("Remember the password in the system keyring"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        if keyring_available():
            self.remember.setChecked(True)
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.note.setText(used_once_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


def password_for(parent: QWidget | None, smtp: SmtpSettings) -> str | None:
    """The password to log in with ("" when the server needs no login);
    None when the coordinator cancelled."""
    if not smtp.username:
        return ""
    stored = stored_password(smtp.username)
    if stored:
        return stored
    dialog = PasswordDialog(
        _tr("Mail server password"),
        _tr("Password of {user} on {host}:").format(user=smtp.username, host=smtp.host),
        _tr(
            "This computer has no system keyring: the password is used for this "
            "sending only and is not stored."
        ),
        parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    password = dialog.password.text()
    if dialog.remember.isChecked() and not store_password(smtp.username, password):
        show_info(
            parent,
            _tr("Password not stored"),
            _tr("The system keyring refused the password; it was used but not stored."),
        )
    return password


def ask_server_password(url: URL, parent: QWidget | None = None) -> PasswordAnswer | None:
    """The database server's password, asked when the keyring has none that
    the server takes; kept only after the server accepted it."""
    dialog = PasswordDialog(
        _tr("Database server password"),
        _tr("The shared database server asks for a password.\n\nPassword of {login}:").format(
            login=describe_login(url)
        ),
        _tr("This computer has no system keyring: you will be asked again next time."),
        parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return PasswordAnswer(dialog.password.text(), remember=dialog.remember.isChecked())
