"""One rtcdesk process per SQLite file.

SQLite would let two rtcdesk windows write the same file, and each would show
data the other has changed behind its back. A ``QLockFile`` beside the database
(``rtcdesk.sqlite.lock``) keeps a second process out and tells the coordinator
which process holds the file.

The lock goes by the file's real path (symbolic links followed), and a file
with a second name (a hard link) is refused (``rtcdesk.db.sqlite_file``), so
one file has one lock whatever name it is opened by.

The lock is long-lived (a window stays open for hours), so age-based stale
detection is off (``setStaleLockTime(0)``, as the Qt documentation advises for
this case); Qt still takes over a lock whose process is no longer running, so a
crash does not lock a coordinator out of their own file. A PostgreSQL database
gets no lock: the server arbitrates between clients.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLockFile

from rtcdesk.db.sqlite_file import check_single_name, is_on_network_drive
from rtcdesk.errors import DatabaseError, DatabaseLockedError
from rtcdesk.services.server_login import AskPassword
from rtcdesk.services.startup import (
    OpenedDatabase,
    check_exists,
    database_file,
    open_database,
)

log = logging.getLogger(__name__)


def lock_file_path(database_file: Path) -> Path:
    """Where the lock for ``database_file`` lives: beside it, with ``.lock`` appended."""
    return database_file.with_name(database_file.name + ".lock")


class InstanceLock:
    """Holds the lock on one SQLite file while rtcdesk uses it.

    ``InstanceLock(None)`` (a server database) acquires and releases nothing.
    Use as a context manager, or call ``acquire()`` and ``release()``.
    """

    def __init__(self, database_file: Path | None):
        self.database_file = database_file
        self._lock: QLockFile | None = None
        if database_file is not None:
            self._lock = QLockFile(str(lock_file_path(database_file)))
            self._lock.setStaleLockTime(0)

    @property
    def is_held(self) -> bool:
        return self._lock is not None and self._lock.isLocked()

    def acquire(self) -> None:
        """Take the lock now, or raise without waiting.

        Raises ``DatabaseLockedError`` naming the holder when another process
        has the file open, ``DatabaseError`` when the lock cannot be written.
        """
        if self._lock is None or self._lock.isLocked():
            return
        assert self.database_file is not None
        check_single_name(self.database_file)
        if self._lock.tryLock(0):
            return
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            raise DatabaseLockedError(self._holder_message())
        raise DatabaseError(
            f"The database {self.database_file} cannot be opened: rtcdesk cannot create "
            f"the file {self._lock.fileName()} beside it. Check that the folder exists "
            "and that you may write to it."
        )

    def release(self) -> None:
        if self._lock is not None and self._lock.isLocked():
            self._lock.unlock()

    def _holder_message(self) -> str:
        assert self._lock is not None
        pid, host, program = self._lock.getLockInfo()
        if pid:
            details = [f"process {pid}"]
            if host:
                details.append(f"on host {host}")
            if program:
                details.append(f"running {program}")
            holder = f"another rtcdesk ({' '.join(details)})"
        else:
            holder = "another rtcdesk"
        return (
            f"The database {self.database_file} is open in {holder}. "
            "Close it there first, or open another database."
        )

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def reading_needs_lock(location: str | Path | None) -> bool:
    """Whether even a command that only reads must take the lock: on a
    network drive, where SQLite has no write-ahead log to let readers in
    beside a writer (``rtcdesk.db.sqlite_file``)."""
    path = database_file(location)
    return path is not None and is_on_network_drive(path.parent)


@contextmanager
def open_locked(
    location: str | Path | None,
    *,
    ask_password: AskPassword | None = None,
    create: bool = True,
) -> Iterator[OpenedDatabase]:
    """Take the instance lock, then open (create, upgrade) the database, and
    hold both until the block ends.

    The lock comes first so that a second rtcdesk, even a newer one, never
    backs up or upgrades a file another rtcdesk has open.
    """
    path = database_file(location)
    if path is not None and not create:
        check_exists(path)
    elif path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"The database {path} cannot be created: {exc.strerror}.") from exc
    with InstanceLock(path):
        opened = open_database(location, ask_password=ask_password, create=create)
        try:
            log.info("opened database %s", "on a server" if path is None else "file")
            yield opened
        finally:
            opened.database.dispose()
