"""Opening a database the way every entry point does: connect, upgrade the
schema safely, and give a brand-new database its reference data."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import ArgumentError, DBAPIError

from rtcdesk import paths
from rtcdesk.db.engine import Database, database_url
from rtcdesk.db.migrate import MigrationResult, upgrade_database
from rtcdesk.errors import DatabaseError
from rtcdesk.services.reference import load_reference_data

log = logging.getLogger(__name__)

ENV_DATABASE = "RTCDESK_DATABASE"


def resolve_location(location: str | Path | None) -> str:
    """What to open: the argument, else ``RTCDESK_DATABASE``, else the default file."""
    if location:
        return str(location)
    return os.environ.get(ENV_DATABASE) or str(paths.default_database_path())


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


def open_database(location: str | Path | None = None) -> OpenedDatabase:
    """Open (creating if needed) and upgrade the database at ``location``."""
    where = resolve_location(location)
    try:
        database = Database(where)
    except OSError as exc:
        raise DatabaseError(f"The database {where} cannot be created: {exc.strerror}.") from exc
    except ArgumentError as exc:
        raise DatabaseError(f"'{where}' is neither a file path nor a database URL.") from exc
    try:
        migration = upgrade_database(database)
        if migration.created:
            with database.write() as session:
                added = load_reference_data(session)
            log.info("created a new database with %d reference organisations", added)
    except DBAPIError as exc:
        database.dispose()
        raise DatabaseError(
            f"The database {database.describe()} cannot be opened: {exc.orig}"
        ) from exc
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, migration)
