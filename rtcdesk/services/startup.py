"""Opening a database the way every entry point does: connect, upgrade the
schema safely, and give a brand-new database its reference data.

Every command passes here, so what only some openings need (the keyring of
a server login, Alembic for an upgrade, the backups for a damaged file, the
reference data of a new database) is imported where it is needed: opening a
current SQLite file loads none of it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from rtcdesk import paths
from rtcdesk.db.engine import Database, database_url
from rtcdesk.db.failures import check_not_damaged, damaged, raise_explained
from rtcdesk.db.migrate import MigrationResult, upgrade_database
from rtcdesk.errors import DatabaseDamagedError, DatabaseError
from rtcdesk.paths import ENV_DATABASE
from rtcdesk.services.local_settings import DATABASE, read_setting

if TYPE_CHECKING:
    from rtcdesk.services.server_login import AskPassword

log = logging.getLogger(__name__)

MAX_PASSWORD_ATTEMPTS = 3


def resolve_location(location: str | Path | None) -> str:
    """What to open: the argument, else ``RTCDESK_DATABASE``, else the database
    chosen in the preferences, else the default file."""
    if location:
        return str(location)
    # The preferences' choice (``database_choice.chosen_location``), read here
    # without the server-login machinery that module brings along.
    chosen = read_setting(DATABASE)
    return os.environ.get(ENV_DATABASE) or chosen or str(paths.default_database_path())


def database_file(location: str | Path | None) -> Path | None:
    """The SQLite file ``location`` names (None for a server), without opening it,
    so that the instance lock can be taken before anything touches the file."""
    try:
        url = database_url(resolve_location(location))
    except ArgumentError as exc:
        raise DatabaseError(f"'{location}' is neither a file path nor a database URL.") from exc
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database)


@dataclass
class OpenedDatabase:
    database: Database
    migration: MigrationResult

    @property
    def is_new(self) -> bool:
        return self.migration.created


def open_database(
    location: str | Path | None = None,
    *,
    ask_password: AskPassword | None = None,
    create: bool = True,
) -> OpenedDatabase:
    """Open (creating if needed, unless ``create`` is off) and upgrade the
    database at ``location``. A SQLite file is checked first: a damaged one
    is refused as such (``DatabaseDamagedError``), before any backup or
    upgrade copies the damage; without ``create``, a file that does not exist
    is refused, so that a mistyped path is said, not made into an empty
    database.

    A PostgreSQL login without a password takes the keyring's; if the server
    still refuses, ``ask_password`` (when given) is asked, up to three times,
    and told whether the password before was refused (and was the keyring's).
    A typed password the server accepted replaces a refused one in the
    keyring when the coordinator chose to keep it; else the refused one is
    forgotten, never tried again.
    """
    where = resolve_location(location)
    try:
        url = database_url(where)
    except ArgumentError as exc:
        raise DatabaseError(f"'{where}' is neither a file path nor a database URL.") from exc
    if url.get_backend_name() == "sqlite":
        if not create and url.database:
            check_exists(Path(url.database))
        return _open_url(url)
    return _log_in(url, ask_password)


def _log_in(url: URL, ask_password: AskPassword | None) -> OpenedDatabase:
    """Open a server database, with the password found or asked (see ``open_database``)."""
    from rtcdesk.services.server_login import (
        SERVER_PASSWORDS,
        PasswordRequest,
        is_password_refusal,
        is_wrong_password,
        login_key,
        stored_password,
    )

    kept = stored_password(url)
    if kept:
        url = url.set(password=kept)
    remember = False
    for attempt in range(1, MAX_PASSWORD_ATTEMPTS + 1):
        try:
            opened = _open_url(url)
        except DatabaseError as refused:
            cause = refused.__cause__
            if not (isinstance(cause, DBAPIError) and is_password_refusal(cause)):
                raise
            request = PasswordRequest(
                url._replace(password=None),
                refused=is_wrong_password(cause),
                from_keyring=bool(kept) and url.password == kept,
            )
            if ask_password is None or attempt == MAX_PASSWORD_ATTEMPTS:
                raise DatabaseError(
                    f"{request.refusal()} Type the password when asked, or keep it in "
                    "the system keyring through the preferences."
                ) from cause
            answer = ask_password(request)
            if answer is None:
                said = f"{request.refusal()} " if request.refused else ""
                raise DatabaseError(
                    f"{said}Not connected to {request.login}: no password given."
                ) from cause
            url = url.set(password=answer.password)
            remember = answer.remember
            continue
        if url.password and url.password != kept:
            if remember:
                SERVER_PASSWORDS.store(login_key(url), url.password)
            elif kept:
                SERVER_PASSWORDS.forget(login_key(url))
        return opened
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def check_exists(path: Path) -> None:
    if not path.exists():
        raise DatabaseError(
            f"There is no database at {path}. Check the path; a command that only reads "
            "never creates one (the app, or 'rtcdesk demo', does)."
        )
    if not path.is_file():
        raise DatabaseError(f"{path} is not a database file but a folder or a device.")


def _backup_advice(path: Path) -> str:
    """Where to find the data again, for a file too damaged to open (the
    window's File > Restore from backup… cannot be reached)."""
    from rtcdesk.services.backups import list_automatic_backups

    backups = list_automatic_backups(path)
    if not backups:
        return "rtcdesk has no automatic backup of it: go back to a copy of the file."
    newest = backups[0]
    return (
        f"The newest automatic backup is {newest.path} "
        f"(of {newest.taken_at.astimezone():%d %b %Y %H:%M}): keep the damaged file aside, "
        "copy the backup in its place under its name, and open rtcdesk again."
    )


def _open_url(url: URL) -> OpenedDatabase:
    try:
        database = Database(url)
    except OSError as exc:
        raise DatabaseError(
            f"The database {url.database} cannot be created: {exc.strerror}."
        ) from exc
    try:
        if database.is_sqlite:
            try:
                check_not_damaged(database)
            except DatabaseDamagedError as exc:
                advice = _backup_advice(Path(url.database or ""))
                raise damaged(database.describe(), advice) from exc
        migration = upgrade_database(database)
        if migration.created:
            from rtcdesk.services.reference import load_reference_data

            with database.write() as session:
                added = load_reference_data(session)
            log.info("created a new database with %d reference organisations", added)
        if not database.is_sqlite:
            from rtcdesk.db.sequences import realign_sequences

            with database.engine.begin() as connection:
                moved = realign_sequences(connection)
            if moved:
                log.warning("moved the id counters of %d tables past their rows", len(moved))
    except DBAPIError as exc:
        database.dispose()
        if database.is_sqlite:  # a server's own words say best why it cannot be reached
            raise_explained(exc, database.describe(), server=False)
        raise DatabaseError(
            f"The database {database.describe()} cannot be opened: {exc.orig}"
        ) from exc
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, migration)
