"""Consistent copies of a SQLite database.

``VACUUM INTO`` writes a compacted copy that includes committed pages still in
the WAL; a plain file copy would miss them. The copy is written next to the
target under a temporary name and moved into place, so a half-written backup
never carries the target's name.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from rtcdesk.errors import DatabaseError

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def backup_sqlite(database: Database, target: Path) -> Path:
    if database.path is None:
        raise DatabaseError(
            "This database is on a PostgreSQL server; back it up with the server's "
            "pg_dump tool, for example: pg_dump --format=custom --file=rtcdesk.dump DBNAME"
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
            raw.execute("VACUUM INTO ?", (str(partial),))
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The backup to {target} failed: {exc}") from exc
    return target


def check_sqlite_file(path: Path) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks (empty when sound)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
