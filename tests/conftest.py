"""Shared fixtures: every test gets its own user folders and a fresh database."""

from __future__ import annotations

import os

# Before anything imports Qt: render without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from rtcdesk.db.engine import Database
from rtcdesk.services.startup import open_database


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs (and so the default database, logs and settings) into tmp_path."""
    home = tmp_path / "home"
    for var, sub in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("RTCDESK_DATABASE", raising=False)
    return home


@pytest.fixture(autouse=True)
def isolated_qt_settings(tmp_path: Path) -> None:
    """QSettings caches its folder once per process; point it into this test's tmp_path."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """The GUI writes dates in the user's locale; tests read English ones."""
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(previous)


@pytest.fixture(autouse=True)
def qttest_singleton_references() -> Iterator[None]:
    """Work around a PySide6 6.12 QtTest leak of references to None/True/False
    that otherwise ends a long GUI run with "Fatal Python error: bool_dealloc";
    see ``gui_meeting_helpers.singleton_references_kept``."""
    from gui_meeting_helpers import singleton_references_kept

    with singleton_references_kept():
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rtcdesk.sqlite"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A new, migrated SQLite database with the reference organisations."""
    opened = open_database(db_path)
    yield opened.database
    opened.database.dispose()


@pytest.fixture
def demo(database: Database) -> Database:
    """The database with the demo data set loaded."""
    from rtcdesk.services.demo import load_demo

    with database.write() as session:
        load_demo(session)
    return database


class StatementCounter:
    """Counts the SQL statements a block of code sends (to catch N+1 queries)."""

    def __init__(self, database: Database):
        self.database = database
        self.statements: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            self.statements.append(statement)

    def __enter__(self) -> StatementCounter:
        event.listen(self.database.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.database.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(database: Database) -> StatementCounter:
    return StatementCounter(database)
