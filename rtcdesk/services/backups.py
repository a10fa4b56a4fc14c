"""Automatic backups of the SQLite file, and restoring the database from a backup.

Automatic backups go to a folder in the user data folder, not beside the
database: a database on a USB stick or a network share then still has its
backups when the stick or the share is gone. The default database's backups
are in ``backups/``, any other file's in a sub-folder named after it. Each is
named with the UTC time it was taken (``rtcdesk.backup-20240521-101530Z.sqlite``),
so names sort in time order whatever the clocks and time zones did.

A backup that is byte for byte the same as the newest one (nothing changed
since) is not kept twice, so opening rtcdesk only to look does not push the
older backups out.

A restore never deletes anything: the current file is renamed aside
(``rtcdesk.before-restore-20240521-121500.sqlite``) and can be restored in
turn. The backup is copied and checked before the current file is touched.
"""

from __future__ import annotations

import filecmp
import hashlib
import logging
import re
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from rtcdesk import paths
from rtcdesk.db.backup import (
    backup_sqlite,
    check_sqlite_file,
    copy_sqlite_file,
    discard_sqlite_file,
    move_sqlite_file,
    schema_of_file,
    server_tool_options,
)
from rtcdesk.db.engine import Database
from rtcdesk.db.migrate import MigrationResult, alembic_config, head_revision, upgrade_database
from rtcdesk.errors import DatabaseError, RtcdeskError

log = logging.getLogger(__name__)

#: How many automatic backups are kept unless the coordinator chooses otherwise.
DEFAULT_KEEP = 10
BACKUPS_FOLDER = "backups"
_STAMP = "%Y%m%d-%H%M%S"
_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)\.backup-(?P<stamp>\d{8}-\d{6})Z(?:-(?P<number>\d+))?\.sqlite$"
)
_NOTHING_CHANGED = "Nothing was changed."
_KEPT_AND_CHECK = (
    "The earlier backups were all kept. The database itself may be damaged; "
    "'rtcdesk check' in a terminal finds out."
)


# -- automatic backups -----------------------------------------------------------


@dataclass(frozen=True)
class AutomaticBackup:
    """One automatic backup file; ``taken_at`` is in UTC."""

    path: Path
    taken_at: datetime
    size: int
    #: Orders backups taken within the same second.
    number: int = 1

    @property
    def stem(self) -> str:
        """The name of the database file it backs up, without ".sqlite"."""
        match = _BACKUP_NAME.match(self.path.name)
        return match["stem"] if match else self.path.stem


@dataclass(frozen=True)
class AutomaticBackupResult:
    """What an automatic backup did."""

    #: The newest backup now: the one just written, or the identical earlier one.
    backup: AutomaticBackup
    written: bool
    removed: tuple[Path, ...] = ()

    def __str__(self) -> str:
        if self.written:
            return f"Backed up the database to {self.backup.path}"
        return f"Nothing changed since the last backup ({self.backup.path})"


def automatic_backup_folder(database_file: Path) -> Path:
    """Where the automatic backups of ``database_file`` go (see the module docstring)."""
    root = paths.data_dir() / BACKUPS_FOLDER
    database_file = Path(database_file).resolve()
    if database_file == paths.default_database_path().resolve():
        return root
    digest = hashlib.sha256(str(database_file).encode("utf-8")).hexdigest()[:8]
    return root / f"{database_file.stem}-{digest}"


def list_automatic_backups(database_file: Path) -> list[AutomaticBackup]:
    """The automatic backups of ``database_file``, newest first."""
    folder = automatic_backup_folder(database_file)
    stem = Path(database_file).stem
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    found = [b for b in map(_automatic_backup, entries) if b is not None and b.stem == stem]
    found.sort(key=lambda backup: (backup.taken_at, backup.number), reverse=True)
    return found


def _automatic_backup(path: Path) -> AutomaticBackup | None:
    """The automatic backup ``path`` names, or None for any other file."""
    match = _BACKUP_NAME.match(path.name)
    if match is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:  # removed meanwhile
        return None
    taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    return AutomaticBackup(path, taken_at, size, int(match["number"] or 1))


def take_automatic_backup(database: Database, keep: int) -> AutomaticBackupResult | None:
    """Back the SQLite database up into its automatic backup folder and keep the
    newest ``keep`` backups. Nothing is done (None) when ``keep`` is 0 or the
    database is on a server.

    Older backups are removed only after the new one was written and passed
    SQLite's checks; a backup that fails them raises ``DatabaseError`` and
    every earlier backup stays.
    """
    if keep <= 0 or database.path is None:
        return None
    earlier = list_automatic_backups(database.path)
    target = _new_backup_path(database.path, earlier)
    try:
        backup_sqlite(database, target)
    except DatabaseError as exc:
        raise DatabaseError(f"{exc}. {_KEPT_AND_CHECK}") from exc
    problems = check_sqlite_file(target)
    if problems:
        raise DatabaseError(
            f"The automatic backup {target} failed SQLite's check: {problems[0]}. {_KEPT_AND_CHECK}"
        )
    newest = _automatic_backup(target)
    assert newest is not None, "named by _new_backup_path"
    written = True
    if earlier and _same_content(target, earlier[0].path):
        target.unlink()
        newest, written = earlier[0], False
    removed = _prune(database.path, keep)
    log.info(
        "automatic backup: %s, %d older removed",
        "written" if written else "unchanged",
        len(removed),
    )
    return AutomaticBackupResult(newest, written, removed)


def _new_backup_path(database_file: Path, earlier: list[AutomaticBackup]) -> Path:
    """A name that sorts after every ``earlier`` backup, even when they were
    taken within the same second or the clock was set back since."""
    taken_at, number = datetime.now(UTC).replace(microsecond=0), 1
    if earlier and earlier[0].taken_at >= taken_at:
        taken_at, number = earlier[0].taken_at, earlier[0].number + 1
    counter = f"-{number}" if number > 1 else ""
    name = f"{database_file.stem}.backup-{taken_at.strftime(_STAMP)}Z{counter}.sqlite"
    return automatic_backup_folder(database_file) / name


def _same_content(a: Path, b: Path) -> bool:
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def _prune(database_file: Path, keep: int) -> tuple[Path, ...]:
    removed = []
    for old in list_automatic_backups(database_file)[keep:]:
        try:
            old.path.unlink()
        except OSError as exc:  # open elsewhere: try again next time
            log.warning("could not remove an old automatic backup: %s", exc.strerror)
            continue
        removed.append(old.path)
    return tuple(removed)


# -- restoring -------------------------------------------------------------------


@dataclass(frozen=True)
class BackupCheck:
    """A backup that passed the checks: sound, rtcdesk's, not from a newer rtcdesk."""

    path: Path
    revision: str
    #: True when the backup is from an earlier schema and will be upgraded.
    needs_upgrade: bool


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_aside: Path
    migration: MigrationResult

    def __str__(self) -> str:
        return (
            f"Restored the database from {self.restored_from}; the data it held before "
            f"is kept as {self.kept_aside}"
        )


def check_backup(path: Path, shown_as: Path | None = None) -> BackupCheck:
    """Check that the file ``path`` can be restored: a sound SQLite file
    (integrity and references), an rtcdesk database, and not from a newer
    rtcdesk. Raises ``DatabaseError`` saying why not; messages name
    ``shown_as`` (the file the coordinator chose) when given."""
    path = Path(path)
    name = shown_as or path
    if not path.is_file():
        raise DatabaseError(f"There is no backup file {name}. {_NOTHING_CHANGED}")
    try:
        schema = schema_of_file(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(_unreadable(name, exc)) from exc
    if schema.revision is None:
        what = "holds tables but is not an rtcdesk database" if schema.has_tables else "is empty"
        raise DatabaseError(f"The file {name} {what}, so it cannot be restored. {_NOTHING_CHANGED}")
    head = head_revision()
    if schema.revision not in _known_revisions():
        raise DatabaseError(
            f"The backup {name} was written by a newer version of rtcdesk (schema "
            f"{schema.revision}); this rtcdesk knows schemas up to {head}. Install the newer "
            f"rtcdesk to restore it. {_NOTHING_CHANGED}"
        )
    problems = check_sqlite_file(path)
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise DatabaseError(
            f"The backup {name} is damaged; SQLite's check says: {problems[0]}{more}. "
            f"Choose another backup. {_NOTHING_CHANGED}"
        )
    return BackupCheck(Path(name), schema.revision, schema.revision != head)


def planned_aside_path(database_file: Path) -> Path:
    """The name the current file will be kept under by a restore started now
    (local time, so that the coordinator recognises it)."""
    stamp = datetime.now().strftime(_STAMP)
    base = f"{database_file.stem}.before-restore-{stamp}"
    candidate = database_file.with_name(f"{base}.sqlite")
    number = 1
    while candidate.exists():
        number += 1
        candidate = database_file.with_name(f"{base}-{number}.sqlite")
    return candidate


def restore_backup(
    database: Database, backup: Path, kept_aside: Path | None = None
) -> RestoreResult:
    """Replace the SQLite database with the backup file ``backup``.

    The backup is copied beside the database, the copy checked
    (``check_backup``) and upgraded if it is from an earlier schema; a refusal
    or a failure leaves everything as it was. Then the database's connections
    are closed, the current file (with its WAL) is renamed to ``kept_aside``
    (default ``planned_aside_path``) and the copy takes its place. ``database``
    stays usable and now reads the restored data.

    Nothing else may use ``database`` meanwhile (no open session).
    """
    if database.path is None:
        raise DatabaseError(server_restore_advice(database))
    current = database.path
    source = Path(backup).expanduser().resolve()
    if source == current.resolve() or (
        source.parent == current.parent and source.name.startswith(current.name + "-")
    ):
        raise DatabaseError(
            f"{source} is the database that is open now; choose a backup. {_NOTHING_CHANGED}"
        )
    if not source.is_file():
        raise DatabaseError(f"There is no backup file {source}. {_NOTHING_CHANGED}")
    copy = current.with_name(current.name + ".restoring")
    try:
        copy_sqlite_file(source, copy)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(_unreadable(source, exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(
            f"The backup {source} cannot be copied to {copy.parent}: {exc}. {_NOTHING_CHANGED}"
        ) from exc
    try:
        check_backup(copy, shown_as=source)
        migration = _bring_up_to_date(copy, source)
    except DatabaseError:
        discard_sqlite_file(copy)
        raise

    aside = kept_aside if kept_aside is not None and not kept_aside.exists() else None
    aside = aside or planned_aside_path(current)
    database.dispose()
    try:
        move_sqlite_file(current, aside)
    except OSError as exc:
        discard_sqlite_file(copy)
        raise DatabaseError(
            f"The database {current} cannot be renamed to {aside.name}: {exc.strerror}. "
            f"{_NOTHING_CHANGED}"
        ) from exc
    try:
        move_sqlite_file(copy, current)
    except OSError as exc:
        _put_back(aside, current, copy, exc)
    log.info("restored the database from a backup; the previous file is kept aside")
    return RestoreResult(source, aside, migration)


def _bring_up_to_date(copy: Path, source: Path) -> MigrationResult:
    """Upgrade the copy of a backup from an earlier schema before it takes the
    database's place, so that a failure changes nothing. (The backup itself is
    the copy from before the upgrade; the one the upgrade writes is dropped.)"""
    staged = Database(copy)
    try:
        with tempfile.TemporaryDirectory(prefix="rtcdesk-restore-") as scratch:
            migration = upgrade_database(staged, backup_dir=Path(scratch))
    except (RtcdeskError, SQLAlchemyError) as exc:
        raise DatabaseError(
            f"The backup {source} cannot be brought up to date for this rtcdesk: {exc}. "
            f"{_NOTHING_CHANGED}"
        ) from exc
    finally:
        staged.dispose()
    return replace(migration, backup=None)


def _put_back(aside: Path, current: Path, copy: Path, cause: OSError) -> NoReturn:
    """The restored copy could not take the database's place: put the database back."""
    try:
        discard_sqlite_file(current)
        move_sqlite_file(aside, current)
    except OSError as stuck:
        raise DatabaseError(
            f"The backup could not be put in place ({cause.strerror}), and your database "
            f"could not be put back ({stuck.strerror}): it is safe in {aside}. Close rtcdesk "
            f"and rename that file to {current.name}."
        ) from cause
    finally:
        discard_sqlite_file(copy)
    raise DatabaseError(
        f"The backup could not be put in place ({cause.strerror}); your database was put "
        "back as it was."
    ) from cause


def server_restore_advice(database: Database) -> str:
    """How a server database is restored, in plain words (rtcdesk does not do it)."""
    return (
        f"This database is on a PostgreSQL server ({database.describe()}); rtcdesk restores "
        "only SQLite files. A server database is restored from a pg_dump file with "
        "PostgreSQL's pg_restore tool, for example:\n"
        f"  pg_restore --clean --if-exists {server_tool_options(database.url)} rtcdesk.dump\n"
        "Ask everyone to close rtcdesk first: the restore replaces what they all see."
    )


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def _unreadable(name: Path, exc: sqlite3.Error) -> str:
    if "not a database" in str(exc):
        return f"The file {name} is not a database, so it cannot be restored. {_NOTHING_CHANGED}"
    return f"The backup {name} is damaged and cannot be read ({exc}). {_NOTHING_CHANGED}"
