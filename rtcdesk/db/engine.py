"""Engines and sessions for SQLite files and PostgreSQL servers.

SQLite gets its pragmas on every connection (WAL, or a rollback journal on a
network drive: see ``sqlite_file``; foreign keys, busy timeout,
synchronous=FULL). pysqlite's own transaction handling is switched off so
that SQLAlchemy's BEGIN is real: reads begin DEFERRED, and ``Database.write()``
begins IMMEDIATE, taking the write lock up front. (A deferred transaction that
reads and then writes fails at once with "database is locked" when another
process wrote in between; an immediate one waits its busy timeout instead.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from rtcdesk.db.failures import raise_explained
from rtcdesk.db.sqlite_file import check_single_name, is_on_network_drive
from rtcdesk.errors import ConcurrentChangeError, StaleEditError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")
_BEGIN_OPTION = "rtcdesk_sqlite_begin"


def database_url(location: str | Path) -> URL:
    """A SQLAlchemy URL from what a coordinator typed: a file path or a URL."""
    text = str(location)
    if "://" in text:
        url = make_url(text)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def _install_sqlite_handlers(engine: Engine, journal_mode: str) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
        # FULL: each commit is on disk when it returns, so a power cut loses
        # nothing that was saved (NORMAL could lose the last commits). A
        # coordinator's saves are few; the fsync per commit costs nothing felt.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One database: its engine, a read session and a write session factory.

    Services take a ``Session``; callers get one from ``read()`` (rolled back
    at the end) or ``write()`` (committed at the end, rolled back on error).
    """

    def __init__(self, url: URL | str | Path, *, echo: bool = False):
        self.url = url if isinstance(url, URL) else database_url(url)
        # Error messages (and so the log file) never carry the values of a
        # statement: they are names, e-mail addresses, answers.
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        #: On a network drive (``sqlite_file``): a rollback journal, not WAL.
        self.on_network_drive = False
        if self.is_sqlite:
            file = Path(self.url.database or "")
            file.parent.mkdir(parents=True, exist_ok=True)
            check_single_name(file)
            self.on_network_drive = is_on_network_drive(file.parent)
        else:
            options["pool_pre_ping"] = True
        self.engine = create_engine(self.url, **options)
        write_engine: Engine
        if self.is_sqlite:
            _install_sqlite_handlers(self.engine, "DELETE" if self.on_network_drive else "WAL")
            write_engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        else:
            write_engine = self.engine
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    def describe(self) -> str:
        """Where the data is, for a coordinator: a path, or server and database
        name without the password."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. Closing it ends the transaction without
        expiring what was loaded, so rows and objects stay usable afterwards
        (detached; relationships not loaded inside the block cannot be reached)."""
        with self._explained(), self._read_sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed at the end of the block.

        Services compare versions before they change a row; when another
        save lands between that check and the UPDATE (two saves at the same
        moment), the version in the UPDATE's WHERE clause matches nothing and
        SQLAlchemy raises ``StaleDataError``: that is the same stale edit,
        reported the same way, and the transaction is rolled back."""
        try:
            with self._explained(), self._write_sessions() as session, session.begin():
                yield session
        except StaleDataError as exc:
            raise StaleEditError("record", None) from exc

    def write_retrying(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """``work`` in a write transaction, done again from the start when a
        colleague's save clashed with it (``ConcurrentChangeError``: the same
        new person or organisation created by two imports at once). The next
        attempt sees their rows and uses them, so the outcome is what doing it
        after them would give."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return work(session)
            except ConcurrentChangeError:
                if attempt == attempts:
                    raise
                log.info("a concurrent save clashed; attempt %d of %d", attempt + 1, attempts)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """A failure of the server, the disk or the file, or a colleague's
        clashing save, raised as the ``rtcdesk.db.failures`` error that says
        so; anything else as it was."""
        try:
            yield
        except DBAPIError as exc:
            raise_explained(exc, self.describe(), server=not self.is_sqlite)
            raise

    def dispose(self) -> None:
        self.engine.dispose()
