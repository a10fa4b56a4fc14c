"""Shared fixtures: every test gets its own user folders and a fresh database."""

from __future__ import annotations

import os

# Before anything imports Qt: render without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import postgres_servers
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from survey_gui_helpers import file_keyring, no_keyring  # noqa: F401 - fixtures for every test

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
def no_keyring_of_the_developer() -> Iterator[None]:
    """No test reads or writes the keyring of the machine it runs on: each
    starts with none (``file_keyring`` gives one in tmp_path)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_qt_settings(tmp_path: Path) -> None:
    """QSettings caches its folder once per process; point it into this test's tmp_path."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def history_user_name() -> Iterator[None]:
    """The name the history records is process-wide; every test starts and
    ends with the login name."""
    from rtcdesk.services.history import set_user_name

    set_user_name("")
    yield
    set_user_name("")


@pytest.fixture(scope="session")
def qapp(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's application (the ``qapp`` this one overrides) with rtcdesk's
    translations, as the app loads them: "1 draft written", not "1 draft(s) written"."""
    from rtcdesk.ui.translations import install_translations

    install_translations(qapp)
    return qapp


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """The GUI writes dates in the user's locale; tests read English ones."""
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[Callable[[QWidget], QWidget]]:
    """Show a window as the app does; at the end it closes without asking
    about unsaved changes."""
    windows: list[QWidget] = []

    def show(window: QWidget) -> QWidget:
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    yield show
    for window in reversed(windows):
        discard = getattr(window, "discard", None)
        if discard is not None:
            discard()
        window.close()
        window.deleteLater()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rtcdesk.sqlite"


def pytest_report_header(config: pytest.Config) -> str:
    return postgres_servers.report_header()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Skips in one line per reason (``-ra`` would print the same PostgreSQL
    reason once per test)."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        reason = reason.removeprefix("Skipped: ")
        terminalreporter.write_line(f"SKIPPED {count} test runs: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres_servers.TestServer]:
    """The PostgreSQL server named by ``RTCDESK_TEST_POSTGRES_URL``, with a migrated
    template database that every PostgreSQL test copies; skips without one."""
    url = postgres_servers.configured_url()
    if url is None:
        pytest.skip(postgres_servers.SKIP_REASON)
    server = postgres_servers.TestServer(url)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_location(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """Where a test's fresh database lives: a SQLite file, or (second run of
    every test that uses it) the test PostgreSQL server's database, emptied
    down to the reference organisations as if it were new."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    server: postgres_servers.TestServer = request.getfixturevalue("postgres_server")
    yield server.fresh_shared_database()


@pytest.fixture
def database(database_location: str) -> Iterator[Database]:
    """A new, migrated database with the reference organisations, on SQLite
    and on PostgreSQL (see ``database_location``)."""
    opened = open_database(database_location)
    yield opened.database
    opened.database.dispose()


@pytest.fixture
def sqlite_database(db_path: Path) -> Iterator[Database]:
    """A new, migrated SQLite database, for tests about the SQLite file itself
    (pragmas, locks, file backups)."""
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
