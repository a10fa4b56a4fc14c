"""Bring a database to the schema this rtcdesk expects, safely.

At every start: read the database's revision; if it is the head, do nothing;
if it is unknown (written by a newer rtcdesk), refuse; if it is behind, back the
SQLite file up first (VACUUM INTO, which includes what sits in the WAL), then
upgrade with foreign keys off and ``PRAGMA foreign_key_check`` before commit.
(A batch table rebuild with foreign keys on would delete child rows through
ON DELETE CASCADE.)

Alembic takes longer to import than the command line may spend starting, and
at almost every start the schema is current. So "is it current?" is answered
without it: the revision stored in ``alembic_version`` (one plain query)
against the newest shipped revision, read from the migration files' names
(``0007_what_changes.py``: each revision is its number, as
``tools/new_migration.py`` writes them; ``tests/test_migrations.py`` checks
that Alembic sees the same head). Alembic is loaded only when they differ.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect
from sqlalchemy.exc import SAWarning

from rtcdesk.db.backup import backup_sqlite
from rtcdesk.db.engine import Database
from rtcdesk.errors import DatabaseError, DatabaseTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_PACKAGE = "rtcdesk.db:migrations"
VERSIONS_FOLDER = Path(__file__).parent / "migrations" / "versions"
_REVISION_FILE = re.compile(r"(\d{4})_\w+\.py")


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    created: bool
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(extra_version_locations: Sequence[Path] = ()) -> Config:
    """The Alembic configuration, built in code; the migrations ship inside the package."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_PACKAGE)
    if extra_version_locations:
        script = ScriptDirectory.from_config(config)
        locations = [script.versions, *(str(p) for p in extra_version_locations)]
        config.set_main_option("version_locations", " ".join(locations))
        config.set_main_option("path_separator", "space")
    return config


def head_revision(config: Config | None = None) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config or alembic_config()).get_current_head()
    assert head is not None, "rtcdesk ships at least one migration"
    return head


@functools.cache
def shipped_head() -> str:
    """The newest revision this rtcdesk ships, from the migration files'
    names alone (see the module docstring)."""
    numbers = [
        match.group(1)
        for path in VERSIONS_FOLDER.iterdir()
        if (match := _REVISION_FILE.fullmatch(path.name))
    ]
    assert numbers, "rtcdesk ships at least one migration"
    return max(numbers)


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stored_revision(connection: Connection) -> str | None:
    """The one revision ``alembic_version`` holds, read without Alembic; None
    when the table is missing, empty or holds several (Alembic then decides)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return rows[0][0] if len(rows) == 1 else None


def is_current(database: Database) -> bool:
    """Whether ``database`` is at the schema this rtcdesk ships, asked without
    loading Alembic."""
    with database.engine.connect() as connection:
        stored = stored_revision(connection)
        connection.rollback()
    return stored == shipped_head()


def upgrade_database(
    database: Database,
    *,
    backup_dir: Path | None = None,
    extra_version_locations: Sequence[Path] = (),
) -> MigrationResult:
    """Upgrade ``database`` to the head revision; see the module docstring."""
    if not extra_version_locations and is_current(database):
        head = shipped_head()
        return MigrationResult(head, head, created=False, backup=None)
    from alembic.script import ScriptDirectory

    config = alembic_config(extra_version_locations)
    script = ScriptDirectory.from_config(config)
    head = head_revision(config)
    with database.engine.connect() as connection:
        current = current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
        connection.rollback()
    if current == head:
        return MigrationResult(current, head, created=False, backup=None)
    if current is not None and not _known(script, current):
        raise DatabaseTooNewError(
            f"The database {database.describe()} was written by a newer version of rtcdesk "
            f"(schema {current}). This rtcdesk knows schemas up to {head}. "
            "Install the newer rtcdesk to open it; nothing was changed."
        )
    if current is None and has_tables:
        raise DatabaseError(
            f"{database.describe()} holds tables but is not an rtcdesk database. "
            "Choose another file; nothing was changed."
        )
    backup = None
    if current is not None and database.is_sqlite:
        backup = _backup_before_upgrade(database, current, backup_dir)
    log.info("upgrading database schema from %s to %s", current, head)
    _run_upgrade(database, config)
    return MigrationResult(current, head, created=current is None, backup=backup)


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for an unknown id
        return False


def _backup_before_upgrade(database: Database, current: str, backup_dir: Path | None) -> Path:
    assert database.path is not None
    folder = backup_dir or database.path.parent
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.path.stem}.before-upgrade-{current}-{stamp}.sqlite"
    backup_sqlite(database, target)
    log.info("backed up the database before upgrading to %s", target)
    return target


def _run_upgrade(database: Database, config: Config) -> None:
    from alembic import command

    with warnings.catch_warnings(), database.engine.connect() as connection:
        # A batch rebuild reflects the tables it references; SQLite cannot
        # reflect their expression indexes and SQLAlchemy says so. Harmless:
        # only the rebuilt table's own indexes matter, and migrations that
        # rebuild such a table recreate them (see the README).
        warnings.filterwarnings(
            "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
        )
        raw = connection.connection.dbapi_connection if database.is_sqlite else None
        if raw is not None:
            # Must happen outside a transaction, or SQLite ignores it.
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if raw is not None:
                    _check_foreign_keys(connection)
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseError(
            "The upgrade was stopped and nothing was changed: it would leave "
            f"{len(broken)} broken references in {', '.join(tables)}."
        )
