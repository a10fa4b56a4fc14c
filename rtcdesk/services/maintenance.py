"""Backups and health checks of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rtcdesk.db.backup import backup_sqlite, check_sqlite_file
from rtcdesk.db.engine import Database
from rtcdesk.db.migrate import current_revision, head_revision
from rtcdesk.db.sequences import lagging_sequences


def backup(database: Database, target: Path) -> Path:
    """A consistent copy of the SQLite database at ``target``; refused with the
    pg_dump advice for a PostgreSQL database."""
    return backup_sqlite(database, target)


@dataclass
class CheckReport:
    location: str
    revision: str | None
    expected_revision: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(database: Database) -> CheckReport:
    """Integrity of the file (SQLite), broken references, schema revision, and
    (PostgreSQL) id counters behind their rows."""
    with database.engine.connect() as connection:
        revision = current_revision(connection)
        lagging = lagging_sequences(connection)
    report = CheckReport(database.describe(), revision, head_revision())
    report.problems.extend(
        f"the id counter of table {item.table} is at {item.last_value}, behind its largest id "
        f"{item.max_id} (rows were copied in with their ids); rtcdesk moves it forward "
        "when it next opens the database"
        for item in lagging
    )
    if revision != report.expected_revision:
        report.problems.append(
            f"the schema is at revision {revision}, this rtcdesk expects {report.expected_revision}"
        )
    if database.path is not None:
        report.problems.extend(check_sqlite_file(database.path))
    return report
