"""The mail server's password in the system keyring (see ``passwords``), and
a check that the server takes the login."""

from __future__ import annotations

from rtcdesk.services.passwords import Keychain, keyring_available
from rtcdesk.services.survey_mail import SmtpSender, SmtpSettings

__all__ = [
    "check_connection",
    "forget_password",
    "keyring_available",
    "store_password",
    "stored_password",
]

#: The SMTP user name is the key of its password.
SMTP_PASSWORDS = Keychain("rtcdesk-smtp")


def stored_password(username: str) -> str | None:
    """The password kept for ``username``; None if none is kept or there is no keyring."""
    return SMTP_PASSWORDS.stored(username)


def store_password(username: str, password: str) -> bool:
    """Keep ``password`` for ``username``; False when there is no keyring to keep it in."""
    return SMTP_PASSWORDS.store(username, password)


def forget_password(username: str) -> None:
    SMTP_PASSWORDS.forget(username)


def check_connection(settings: SmtpSettings, password: str) -> None:
    """Connect, secure and log in as a send would, then leave; raises
    ``RtcdeskError`` in plain words when the server cannot be used."""
    with SmtpSender(settings, password):
        pass
