"""The mail server password when sending: from the system keyring, else asked
for (and kept in the keyring if the coordinator wishes and the system has one)."""

from __future__ import annotations

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
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.prompts import show_info


def _tr(text: str) -> str:
    return QCoreApplication.translate("SmtpPassword", text)


class PasswordDialog(QDialog):
    def __init__(self, smtp: SmtpSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mail server password"))
        self.setMinimumWidth(440)
        prompt = QLabel(
            self.tr("Password of {user} on {host}:").format(user=smtp.username, host=smtp.host)
        )
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
            self.note.setText(
                self.tr(
                    "This computer has no system keyring: the password is used for this "
                    "sending only and is not stored."
                )
            )
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
    dialog = PasswordDialog(smtp, parent)
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
