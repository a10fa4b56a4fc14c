"""The mail server's password in the system keyring (Windows Credential
Manager, macOS Keychain, the Secret Service on Linux), never in a settings
file; and a check that the server takes the login.

Where the system has no keyring at all, nothing is stored: callers ask for
the password each time and say so.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from rtcdesk.services.survey_mail import SmtpSender, SmtpSettings

#: The keyring entry's service name; the SMTP user name is its key.
KEYRING_SERVICE = "rtcdesk-smtp"


def keyring_available() -> bool:
    """False where no keyring backend exists (keyring's "fail" backend)."""
    try:
        return keyring.get_keyring().priority > 0
    except KeyringError:
        return False


def stored_password(username: str) -> str | None:
    """The password kept for ``username``; None if none is kept or there is no keyring."""
    if not username:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, username)
    except KeyringError:
        return None


def store_password(username: str, password: str) -> bool:
    """Keep ``password`` for ``username``; False when there is no keyring to keep it in."""
    try:
        keyring.set_password(KEYRING_SERVICE, username, password)
    except KeyringError:
        return False
    return True


def forget_password(username: str) -> None:
    try:
        keyring.delete_password(KEYRING_SERVICE, username)
    except (PasswordDeleteError, KeyringError):
        return


def check_connection(settings: SmtpSettings, password: str) -> None:
    """Connect, secure and log in as a send would, then leave; raises
    ``RtcdeskError`` in plain words when the server cannot be used."""
    with SmtpSender(settings, password):
        pass
