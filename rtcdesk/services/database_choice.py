"""Which database this computer opens when none is named: the coordinator's
choice in the preferences, kept in the settings file that the app and the
command line both read (see ``local_settings``).

Only the location is kept. A server URL is stored without its password,
which lives in the system keyring (see ``server_login``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import NullPool, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from rtcdesk.db.engine import database_url
from rtcdesk.db.migrate import current_revision
from rtcdesk.errors import DatabaseError, FieldProblem, ValidationError
from rtcdesk.services.local_settings import DATABASE, read_setting, write_setting
from rtcdesk.services.passwords import keyring_available
from rtcdesk.services.server_login import (
    SERVER_PASSWORDS,
    describe_login,
    is_password_refusal,
    login_key,
)

log = logging.getLogger(__name__)

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerLogin:
    """A PostgreSQL database as the preferences show it."""

    host: str
    port: int
    database: str
    username: str

    def url(self, password: str | None = None) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.username or None,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        )

    def problems(self) -> list[FieldProblem]:
        found = []
        if not self.host.strip():
            found.append(FieldProblem("host", "Type the server's name or address."))
        if not self.database.strip():
            found.append(FieldProblem("database", "Type the name of the database on the server."))
        if not self.username.strip():
            found.append(FieldProblem("username", "Type the user name to log in with."))
        return found


def chosen_location() -> str | None:
    """The database chosen in the preferences, or None for the default file."""
    return read_setting(DATABASE) or None


def chosen_server() -> ServerLogin | None:
    """The chosen server, or None when this computer's file is used."""
    location = chosen_location()
    if location is None:
        return None
    try:
        url = database_url(location)
    except ArgumentError:
        return None
    if url.get_backend_name() != "postgresql":
        return None
    return ServerLogin(
        url.host or "", url.port or DEFAULT_PORT, url.database or "", url.username or ""
    )


def choose_file() -> None:
    """Use the default file on this computer again."""
    write_setting(DATABASE, "")


def choose_server(server: ServerLogin, password: str | None) -> bool:
    """Use ``server`` from the next start on; a typed password goes to the
    keyring. Returns False when a password was given but there is no keyring
    to keep it (it will be asked for at each start)."""
    problems = server.problems()
    if problems:
        raise ValidationError("the database server", problems)
    write_setting(DATABASE, server.url().render_as_string(hide_password=False))
    if password:
        return keyring_available() and SERVER_PASSWORDS.store(login_key(server.url()), password)
    return True


CONNECT_TIMEOUT_SECONDS = 10


def check_server(server: ServerLogin, password: str | None) -> str:
    """Connect and log in as the app would, then leave; says what the database
    holds. Raises ``DatabaseError`` in plain words when it cannot be used."""
    problems = server.problems()
    if problems:
        raise ValidationError("the database server", problems)
    secret = password or SERVER_PASSWORDS.stored(login_key(server.url()))
    engine = create_engine(
        server.url(secret),
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
        poolclass=NullPool,
    )
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except DBAPIError as exc:
        if is_password_refusal(exc):
            raise DatabaseError(
                f"The server refused the login of {describe_login(server.url())}: "
                + ("wrong password." if secret else "it needs a password.")
            ) from exc
        raise DatabaseError(
            f"No connection to {server.host}:{server.port}/{server.database}: "
            f"{str(exc.orig).strip()}"
        ) from exc
    finally:
        engine.dispose()
    if revision is None:
        return (
            f"Connected to {server.database} on {server.host}. It holds no rtcdesk data yet: "
            "rtcdesk sets it up when it opens it."
        )
    return f"Connected to {server.database} on {server.host}; it holds rtcdesk data."
