"""Database failures that are the environment's, not a bug, said in plain words.

A server stopped in the middle of an import, a network drive gone, a full
disk, a damaged file, a colleague's save clashing with this one: none is a
bug to report, and each needs the coordinator to do something different.
``explain`` turns the driver's error into the matching ``DatabaseError`` (or
``ConcurrentChangeError``) with a message that says what happened and what to
do; ``Database.read()`` and ``write()`` raise it in place of the driver's.
Anything not recognised stays what it was: a bug, for the crash dialog.

The log gets the driver's error class and code (SQLite's error name,
PostgreSQL's SQLSTATE and constraint), never its message: a server's message
quotes the values of a clashing key (an e-mail address).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError, OperationalError

from rtcdesk.db import checked_files

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

from rtcdesk.errors import (
    ConcurrentChangeError,
    DatabaseDamagedError,
    DatabaseError,
    DatabaseUnavailableError,
    RtcdeskError,
)

log = logging.getLogger(__name__)

#: Unique keys two colleagues can race for, as the coordinator knows them.
CLASHES = {
    "uq_people_email_key": "a person with the same e-mail address",
    "uq_organisations_name_lower": "an organisation of the same name",
    "uq_organisations_name": "an organisation of the same name",
    "uq_participations_meeting_id_person_id": "the same participant",
    "uq_delegations_meeting_id_organisation_id": "the same delegation",
    "uq_meetings_series_ordinal": "a meeting of the same series and number",
}

_TRY_AGAIN = "Nothing of this was saved; do it again and rtcdesk will see their change."


def explain(exc: DBAPIError, where: str, *, server: bool) -> RtcdeskError | None:
    """The plain-words error for ``exc`` on the database ``where`` (a path,
    or a server URL without password), or None for a bug."""
    orig = exc.orig
    code = _code(orig)
    log.warning("the database failed: %s %s%s", type(orig).__name__, code, _constraint(orig))
    if server:
        return _server_failure(exc, code, where)
    return _sqlite_failure(code, where)


def _code(orig: Any) -> str:
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None) or "")


def _constraint(orig: Any) -> str:
    name = getattr(getattr(orig, "diag", None), "constraint_name", None)
    return f" on {name}" if name else ""


def _server_failure(exc: DBAPIError, code: str, where: str) -> RtcdeskError | None:
    if code == "23505":  # unique_violation: a colleague's save won the race
        name = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or ""
        what = CLASHES.get(name, "the same record")
        return ConcurrentChangeError(
            f"A colleague saved {what} at the same moment as you. {_TRY_AGAIN}"
        )
    if code in ("40001", "40P01"):  # serialization failure, deadlock
        return ConcurrentChangeError(
            f"A colleague's save and yours clashed at the same moment. {_TRY_AGAIN}"
        )
    if code == "53100":
        return DatabaseUnavailableError(
            f"The database server {where} has no disk space left. Nothing of this was "
            "saved; ask whoever runs the server to free some."
        )
    lost = exc.connection_invalidated or code.startswith("08") or code in ("57P01", "57P02")
    if lost or code in ("57P03", "53300") or (not code and isinstance(exc, OperationalError)):
        return DatabaseUnavailableError(
            f"The connection to the database server {where} was lost (the server stopped "
            "or the network dropped). Nothing of this was saved; try again when the "
            "server is back."
        )
    return None


def _sqlite_failure(code: str, where: str) -> RtcdeskError | None:
    if code in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or code.startswith("SQLITE_CORRUPT_"):
        return damaged(where)
    if code == "SQLITE_FULL":
        return DatabaseUnavailableError(
            f"The disk holding {where} is full. Nothing of this was saved; free some space "
            "and try again."
        )
    if code.startswith("SQLITE_IOERR"):
        return DatabaseUnavailableError(
            f"The disk or network drive holding {where} failed to read or write. Nothing of "
            "this was saved; check the drive (is it still connected?) and try again."
        )
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseError(
            f"The database {where} was kept busy by another program for too long. Nothing "
            "of this was saved; try again in a moment."
        )
    if code.startswith("SQLITE_READONLY"):
        return DatabaseError(
            f"The database {where} cannot be written: the file or its folder is read-only. "
            "Nothing of this was saved."
        )
    if code.startswith("SQLITE_CANTOPEN"):
        return DatabaseUnavailableError(
            f"The database {where} cannot be opened: its folder is gone or unreadable."
        )
    return None


def damaged(
    where: str, advice: str = "Go back to a backup: File > Restore from backup…"
) -> DatabaseDamagedError:
    return DatabaseDamagedError(
        f"The database {where} is damaged: SQLite cannot read all of it. Nothing was "
        f"changed. {advice}"
    )


def check_not_damaged(database: Database) -> None:
    """Refuse a damaged SQLite file at open (``PRAGMA quick_check``: every
    page read once; a fraction of a second for a database of years), so that
    no read or export goes on over it unawares. A file unchanged since it
    last passed is not read through again (``rtcdesk.db.checked_files``)."""
    path = database.path
    try:
        # Connecting first: a file that is no database at all fails here,
        # and the journal mode is set before the file's stamp is taken.
        with database.engine.connect() as connection:
            if path is not None and checked_files.unchanged_since_check(path):
                return
            before = checked_files.stamp(path) if path is not None else None
            verdict = connection.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    except DBAPIError as exc:
        raise_explained(exc, database.describe(), server=False)
        raise
    if verdict != "ok":
        log.warning("quick_check found the file damaged")
        raise damaged(database.describe())
    if path is not None:
        checked_files.remember_sound(path, before)


def raise_explained(exc: DBAPIError, where: str, *, server: bool) -> None:
    """Raise ``explain``'s error from ``exc`` if there is one (else return)."""
    explained = explain(exc, where, server=server)
    if explained is not None:
        raise explained from exc
