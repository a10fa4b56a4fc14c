"""Passwords asked for: the mail server's when sending, the database server's
when opening. Each comes from the system keyring, else is asked for (and kept
in the keyring if the coordinator wishes and the system has one)."""

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

from rtcdesk.services.mail_server import store_password, stored_password
from rtcdesk.services.passwords import KeyringState, keyring_state
from rtcdesk.services.server_login import PasswordAnswer, PasswordRequest
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.prompts import show_info


def _tr(text: str) -> str:
    return QCoreApplication.translate("SmtpPassword", text)


class PasswordDialog(QDialog):
    """Asks for one login's password, offering to keep it in the keyring;
    ``refusal`` says why the one given before was refused."""

    def __init__(
        self,
        title: str,
        prompt_text: str,
        used_once_note: str,
        parent: QWidget | None = None,
        *,
        refusal: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.refusal = QLabel(refusal)
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(bool(refusal))
        font = self.refusal.font()
        font.setBold(True)
        self.refusal.setFont(font)
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
        state = keyring_state()
        self.remember.setChecked(state is KeyringState.AVAILABLE)
        self.remember.setEnabled(state is KeyringState.AVAILABLE)
        if state is KeyringState.PLAIN_TEXT_ONLY:
            self.note.setText(
                self.tr(
                    "This computer's only keyring keeps passwords in a plain-text file, so "
                    "rtcdesk does not store them there: it asks each time."
                )
            )
        elif state is KeyringState.NONE:
            self.note.setText(used_once_note)
        self.note.setVisible(bool(self.note.text()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal)
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


def ask_server_password(
    request: PasswordRequest, parent: QWidget | None = None
) -> PasswordAnswer | None:
    """The database server's password, asked when the keyring has none that
    the server takes; kept only after the server accepted it."""
    if request.from_keyring:
        refusal = _tr(
            "The password kept in the system keyring for {login} was refused. Type the right one."
        )
    elif request.refused:
        refusal = _tr("The server refused this password for {login}. Type it again.")
    else:
        refusal = ""
    dialog = PasswordDialog(
        _tr("Database server password"),
        _tr("The shared database server asks for a password.\n\nPassword of {login}:").format(
            login=request.login
        ),
        _tr("This computer has no system keyring: you will be asked again next time."),
        parent,
        refusal=refusal.format(login=request.login),
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return PasswordAnswer(dialog.password.text(), remember=dialog.remember.isChecked())
