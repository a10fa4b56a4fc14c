"""Consistent copies of a SQLite database, and moving one out of the way.

``VACUUM INTO`` writes a compacted copy that includes committed pages still in
the WAL; a plain file copy would miss them. The copy is written next to the
target under a temporary name and moved into place, so a half-written backup
never carries the target's name. A file chosen to restore from is read with
SQLite's backup API for the same reason: it may have a WAL of its own.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rtcdesk.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from rtcdesk.db.engine import Database

#: What SQLite may keep beside a database file; it belongs with the file.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def server_tool_options(url: URL) -> str:
    """The options of pg_dump and pg_restore that reach the server at ``url``,
    ending with the database name (no password: the tools ask for it)."""
    options = [
        f"--{name}={value}"
        for name, value in (("host", url.host), ("port", url.port), ("username", url.username))
        if value
    ]
    return " ".join([*options, f"--dbname={url.database or 'DBNAME'}"])


def backup_sqlite(database: Database, target: Path) -> Path:
    if database.path is None:
        raise DatabaseError(
            f"This database is on a PostgreSQL server ({database.describe()}); rtcdesk "
            "backs up only SQLite files. Back it up with PostgreSQL's pg_dump tool, which "
            "asks for the password, for example:\n"
            f"  pg_dump --format=custom --file=rtcdesk.dump {server_tool_options(database.url)}"
        )
    target = Path(target).expanduser().resolve()
    if target == database.path:
        raise DatabaseError("The backup cannot replace the database itself; choose another file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None, "a connection just checked out is open"
            raw.execute("VACUUM INTO ?", (str(partial),))
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The backup to {target} failed: {exc}") from exc
    return target


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; the URI is percent-encoded, so any file name works."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def check_sqlite_file(path: Path) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks (empty when sound)."""
    try:
        connection = _read_only(path)
    except sqlite3.Error as exc:
        return [f"the file cannot be opened: {exc}"]
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems == ["ok"]:
            problems = []
        for table, rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check"):
            problems.append(f"row {rowid} of {table} refers to a missing row of {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        return [f"the file is damaged and cannot be read through: {exc}"]
    finally:
        connection.close()


@dataclass(frozen=True)
class FileSchema:
    """What a SQLite file holds: its Alembic revision (None when it has none) and
    whether it has any tables at all."""

    revision: str | None
    has_tables: bool


def schema_of_file(path: Path) -> FileSchema:
    """Read the schema revision of a SQLite file without changing it."""
    connection = _read_only(path)
    try:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return FileSchema(revision, bool(tables))
    finally:
        connection.close()


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Copy the database ``source`` to ``target`` with SQLite's backup API.

    The copy holds what ``source`` committed, including what sits in its WAL,
    and stands alone (rollback-journal mode, nothing beside it). Raises
    ``sqlite3.Error`` when ``source`` is not a readable database.
    """
    discard_sqlite_file(target)
    reader = _read_only(source)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")
        finally:
            writer.close()
    except BaseException:
        discard_sqlite_file(target)
        raise
    finally:
        reader.close()


def _with_suffix(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def discard_sqlite_file(path: Path) -> None:
    """Delete a SQLite file and whatever SQLite keeps beside it."""
    for suffix in COMPANION_SUFFIXES:
        _with_suffix(path, suffix).unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def move_sqlite_file(path: Path, target: Path) -> None:
    """Rename a SQLite file that nobody has open, with its companions, to ``target``.

    The WAL is folded into the file first (checkpoint, then rollback-journal
    mode), so the file stands alone. A file too damaged for that keeps its WAL
    and shared-memory files, renamed to match, so SQLite still reads them
    together. All or nothing: on failure every file keeps its old name.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except sqlite3.Error:
        pass  # damaged: the companions move along with the file below
    moved: list[str] = []
    try:
        # Companions first: a WAL must never sit beside a file it does not belong to.
        for suffix in (*COMPANION_SUFFIXES, ""):
            if _with_suffix(path, suffix).exists():
                os.replace(_with_suffix(path, suffix), _with_suffix(target, suffix))
                moved.append(suffix)
    except OSError:
        for suffix in reversed(moved):
            os.replace(_with_suffix(target, suffix), _with_suffix(path, suffix))
        raise
