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


#: Asks for the password of a server URL (shown without one); None = cancelled.
AskPassword = Callable[[URL], PasswordAnswer | None]


def login_key(url: URL) -> str:
    """The keyring key of a server login: ``user@host:port/database``."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def describe_login(url: URL) -> str:
    """ "user rocb on db.example.org" for messages."""
    return f"user {url.username or '(default)'} on {url.host or 'localhost'}"


def with_stored_password(url: URL) -> URL:
    """``url`` with the keyring's password when it has none of its own."""
    if url.password or url.get_backend_name() != "postgresql":
        return url
    stored = SERVER_PASSWORDS.stored(login_key(url))
    return url.set(password=stored) if stored else url


def is_password_refusal(exc: DBAPIError) -> bool:
    """Whether the server refused to log in for want of the right password."""
    text = str(exc.orig).lower()
    return "password" in text and (
        "no password supplied" in text or "authentication failed" in text
    )
