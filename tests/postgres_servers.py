"""The PostgreSQL side of the test suite.

When ``RTCDESK_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts a
throwaway one), every test that takes the ``database`` fixture runs a second
time against PostgreSQL. One database is migrated per test session; before
each test it is emptied and given the reference organisations again, and its
id counters are reset, so tests never see each other's rows. (Emptying a
small database takes a few milliseconds; ``CREATE DATABASE`` per test took
half a second each, minutes over the suite.)
"""

from __future__ import annotations

import itertools
import os

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL, make_url

from rtcdesk.db.base import Base
from rtcdesk.services.startup import open_database

ENV_URL = "RTCDESK_TEST_POSTGRES_URL"
SKIP_REASON = (
    f"PostgreSQL runs skipped: {ENV_URL} is not set (.ci/run starts a throwaway server and sets it)"
)
SNAPSHOT_SCHEMA = "rtcdesk_test_snapshot"


def configured_url() -> URL | None:
    value = os.environ.get(ENV_URL, "").strip()
    if not value:
        return None
    url = make_url(value)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def report_header() -> str:
    url = configured_url()
    if url is None:
        return f"databases: SQLite only ({ENV_URL} not set; PostgreSQL runs are skipped)"
    return f"databases: SQLite and PostgreSQL at {url.render_as_string(hide_password=True)}"


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


class TestServer:
    """The test session's databases on one server."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, url: URL):
        self.url = url
        self.prefix = f"rtcdesk_test_{os.getpid()}"
        self.shared = f"{self.prefix}_shared"
        self._numbers = itertools.count(1)
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        self._execute(f'DROP DATABASE IF EXISTS "{self.shared}" WITH (FORCE)')
        self._execute(f"CREATE DATABASE \"{self.shared}\" ENCODING 'UTF8' TEMPLATE template0")
        opened = open_database(self.url_of(self.shared))
        opened.database.dispose()
        self.shared_engine = create_engine(self.url_of(self.shared))
        self._tables = [t.name for t in Base.metadata.sorted_tables]
        with self.shared_engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}"))
            self._kept = []
            for name in self._tables:
                quoted = _quoted(connection, name)
                if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {quoted})")).scalar():
                    connection.execute(
                        text(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quoted} AS SELECT * FROM {quoted}")
                    )
                    self._kept.append(name)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def fresh_shared_database(self) -> str:
        """The session's database as a newly created one: only the reference
        data, id counters from the start. Returns its URL."""
        self._execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.shared}' AND pid <> pg_backend_pid()"
        )
        self.shared_engine.dispose()
        with self.shared_engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            for name in reversed(self._tables):
                connection.execute(text(f"DELETE FROM {_quoted(connection, name)}"))
            for name in self._kept:
                quoted = _quoted(connection, name)
                connection.execute(
                    text(f"INSERT INTO {quoted} SELECT * FROM {SNAPSHOT_SCHEMA}.{quoted}")
                )
            # As in a new database: the next id follows the largest (or is 1).
            counters = [
                f"setval(pg_get_serial_sequence('{name}', 'id'), GREATEST(top, 1), top > 0) "
                f"FROM (SELECT COALESCE(MAX(id), 0) AS top FROM {_quoted(connection, name)}) AS t"
                for name in self._tables
                if "id" in Base.metadata.tables[name].c
                and Base.metadata.tables[name].c.id.primary_key
            ]
            for counter in counters:
                connection.execute(text("SELECT " + counter))
        return self.url_of(self.shared)

    def create_database(self) -> str:
        """A database of its own (for a test that changes logins or owners);
        migrated when opened. Returns its URL."""
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        return self.url_of(name)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.shared_engine.dispose()
        self._execute(f'DROP DATABASE IF EXISTS "{self.shared}" WITH (FORCE)')
        self.admin.dispose()
