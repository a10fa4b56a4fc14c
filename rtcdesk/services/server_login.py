"""Logging in to a shared PostgreSQL server.

The URL a coordinator gives (``--database``, ``RTCDESK_DATABASE`` or the
preferences) never needs to hold the password: it is looked up in the system
keyring under ``user@host:port/database``, else libpq's own sources
(``PGPASSWORD``, ``~/.pgpass``) apply, else the caller asks for it (the app
with a dialog, the command line at the terminal) and it is kept in the
keyring only after the server accepted it and only if the coordinator chose so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from rtcdesk.services.passwords import Keychain

SERVER_PASSWORDS = Keychain("rtcdesk-postgresql")


@dataclass(frozen=True)
class PasswordAnswer:
    password: str
    #: Keep it in the system keyring once the server has accepted it.
    remember: bool = False


@dataclass(frozen=True)
class PasswordRequest:
    """A server's question for a password, and why it is asked (again)."""

    #: The server's URL, without a password.
    url: URL
    #: The server refused the password last given (wrong, not missing).
    refused: bool = False
    #: That refused password was the one kept in the system keyring.
    from_keyring: bool = False

    @property
    def login(self) -> str:
        return describe_login(self.url)

    def refusal(self) -> str:
        """What the server said, in a coordinator's words."""
        if self.from_keyring:
            return f"The password kept in the system keyring for {self.login} was refused."
        if self.refused:
            return f"Wrong password for {self.login}."
        return f"The server refused the login of {self.login}: it needs a password."


#: Asks for a server's password; None = cancelled.
AskPassword = Callable[[PasswordRequest], PasswordAnswer | None]


def login_key(url: URL) -> str:
    """The keyring key of a server login: ``user@host:port/database``."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def describe_login(url: URL) -> str:
    """ "user rocb on db.example.org" for messages."""
    return f"user {url.username or '(default)'} on {url.host or 'localhost'}"


def stored_password(url: URL) -> str | None:
    """The keyring's password for ``url`` when it has none of its own."""
    if url.password or url.get_backend_name() != "postgresql":
        return None
    return SERVER_PASSWORDS.stored(login_key(url))


def is_password_refusal(exc: DBAPIError) -> bool:
    """Whether the server refused to log in for want of the right password."""
    text = str(exc.orig).lower()
    return "password" in text and ("no password supplied" in text or is_wrong_password(exc))


def is_wrong_password(exc: DBAPIError) -> bool:
    """Whether the server refused the password it was given (not a missing one)."""
    return "password authentication failed" in str(exc.orig).lower()
