"""Engines and sessions for SQLite files and PostgreSQL servers.

SQLite gets its pragmas on every connection (WAL, foreign keys, busy timeout,
synchronous=FULL). pysqlite's own transaction handling is switched off so
that SQLAlchemy's BEGIN is real: reads begin DEFERRED, and ``Database.write()``
begins IMMEDIATE, taking the write lock up front. (A deferred transaction that
reads and then writes fails at once with "database is locked" when another
process wrote in between; an immediate one waits its busy timeout instead.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from rtcdesk.errors import StaleEditError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
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


def _install_sqlite_handlers(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
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
        if self.is_sqlite:
            Path(self.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        else:
            options["pool_pre_ping"] = True
        self.engine = create_engine(self.url, **options)
        if self.is_sqlite:
            _install_sqlite_handlers(self.engine)
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
        with self._read_sessions() as session:
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
            with self._write_sessions() as session, session.begin():
                yield session
        except StaleDataError as exc:
            raise StaleEditError("record", None) from exc

    def dispose(self) -> None:
        self.engine.dispose()
