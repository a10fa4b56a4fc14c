"""One rtcdesk process per SQLite file.

SQLite would let two rtcdesk windows write the same file, and each would show
data the other has changed behind its back. A lock file beside the database
(``rtcdesk.sqlite.lock``) keeps a second process out and tells the coordinator
which process holds the file: its process id, host, program and since when.

The lock goes by the file's real path (symbolic links followed), and a file
with a second name (a hard link) is refused (``rtcdesk.db.sqlite_file``), so
one file has one lock whatever name it is opened by.

The lock is the operating system's (``rtcdesk.file_locks``), held on the open
lock file as long as rtcdesk runs: a window stays open for hours, so it never
goes stale by age, and a crashed or killed rtcdesk loses it with its process,
so a crash does not lock a coordinator out of their own file (the file it
leaves is taken over). The file's contents only say who holds it. A file
system that keeps no locks (a rare network drive) falls back on those
contents: a holder whose process is gone from this computer is taken over.
A PostgreSQL database gets no lock: the server arbitrates between clients.

Nothing here imports Qt, so the command line starts without it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from rtcdesk.db.sqlite_file import check_single_name, is_on_network_drive
from rtcdesk.errors import DatabaseError, DatabaseLockedError
from rtcdesk.file_locks import try_lock, unlock
from rtcdesk.services.startup import (
    OpenedDatabase,
    check_exists,
    database_file,
    open_database,
)

if TYPE_CHECKING:
    from rtcdesk.services.server_login import AskPassword

log = logging.getLogger(__name__)

#: How often a lock file that its holder removed while it was being opened
#: is opened again before giving up.
_ATTEMPTS = 5


def lock_file_path(database_file: Path) -> Path:
    """Where the lock for ``database_file`` lives: beside it, with ``.lock`` appended."""
    return database_file.with_name(database_file.name + ".lock")


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its lock file says."""

    pid: int
    host: str
    program: str
    since: datetime | None

    @classmethod
    def this_process(cls) -> Holder:
        return cls(os.getpid(), socket.gethostname(), _program(), datetime.now().astimezone())

    def to_bytes(self) -> bytes:
        since = self.since.isoformat() if self.since else None
        record = {"pid": self.pid, "host": self.host, "program": self.program, "since": since}
        return json.dumps(record).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Holder | None:
        """The holder a lock file names, or None when it names none (empty:
        its holder is writing it at this moment; unreadable)."""
        try:
            record = json.loads(data.decode("utf-8"))
            since = datetime.fromisoformat(record["since"]) if record.get("since") else None
            return cls(int(record["pid"]), str(record["host"]), str(record["program"]), since)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def describe(self) -> str:
        details = [f"process {self.pid}"]
        if self.host:
            details.append(f"on host {self.host}")
        if self.program:
            details.append(f"running {self.program}")
        since = f", since {self.since.astimezone():%d %b %Y %H:%M}" if self.since else ""
        return f"another rtcdesk ({' '.join(details)}{since})"

    def is_gone(self) -> bool:
        """Whether the holder's process has ended (only known on this computer)."""
        return self.host == socket.gethostname() and not _running(self.pid)


def _program() -> str:
    """The program this process runs, as a coordinator would know it:
    ``rtcdesk``, ``rtcdesk-gui``, else the Python interpreter."""
    launched = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if launched is None or not launched.is_file():  # python -c, or a script on stdin
        return Path(sys.executable).name
    if launched.name == "__main__.py":
        return launched.parent.name  # python -m rtcdesk
    return launched.name


def _running(pid: int) -> bool:
    if os.name != "posix":  # pragma: no cover - Windows keeps its locks
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class InstanceLock:
    """Holds the lock on one SQLite file while rtcdesk uses it.

    ``InstanceLock(None)`` (a server database) acquires and releases nothing.
    Use as a context manager, or call ``acquire()`` and ``release()``.
    """

    def __init__(self, database_file: Path | None):
        self.database_file = database_file
        self._path = lock_file_path(database_file) if database_file is not None else None
        self._fd: int | None = None
        #: On a file system without locks: the lock is only the file's contents.
        self._unlocked_file_system = False

    @property
    def is_held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise without waiting.

        Raises ``DatabaseLockedError`` naming the holder when another process
        has the file open, ``DatabaseError`` when the lock cannot be written.
        """
        if self._path is None or self._fd is not None:
            return
        assert self.database_file is not None
        check_single_name(self.database_file)
        for _attempt in range(_ATTEMPTS):
            fd = self._open()
            try:
                taken = self._take(fd)
            except BaseException:
                os.close(fd)
                raise
            if not taken:
                holder = Holder.from_bytes(_read_all(fd))
                os.close(fd)
                raise DatabaseLockedError(self._holder_message(holder))
            if self._still_named(fd):
                self._fd = fd
                self._write_holder(fd)
                return
            # The holder removed the file between our open and our lock (it
            # was closing): the lock is on a file nobody else will see.
            self._let_go(fd)
        raise self._cannot_create("it kept disappearing while rtcdesk opened it")

    def release(self) -> None:
        """Let go of the lock and remove its file (a crash leaves the file,
        which the next rtcdesk takes over)."""
        fd, self._fd = self._fd, None
        if fd is None or self._path is None:
            return
        if os.name == "posix":
            # Removed while still locked, so nobody takes a lock on a file
            # about to vanish (they find it gone and open a new one).
            with suppress(OSError):
                self._path.unlink()
            self._let_go(fd)
        else:  # pragma: no cover - Windows cannot remove a file others have open
            self._let_go(fd)
            with suppress(OSError):
                self._path.unlink()

    def _open(self) -> int:
        assert self._path is not None
        try:
            return os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._cannot_create(exc.strerror or str(exc)) from exc

    def _take(self, fd: int) -> bool:
        try:
            return try_lock(fd)
        except OSError:
            log.warning("the file system of the lock file keeps no locks: judging by its holder")
            self._unlocked_file_system = True
            holder = Holder.from_bytes(_read_all(fd))
            return holder is None or holder.is_gone()

    def _let_go(self, fd: int) -> None:
        try:
            if not self._unlocked_file_system:
                unlock(fd)
        finally:
            os.close(fd)

    def _still_named(self, fd: int) -> bool:
        assert self._path is not None
        try:
            return os.path.samestat(os.fstat(fd), self._path.stat())
        except OSError:
            return False

    def _write_holder(self, fd: int) -> None:
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, Holder.this_process().to_bytes())
        except OSError as exc:  # the lock holds; only the note of who holds it is missing
            log.warning("could not note the holder in the lock file: %s", exc.strerror)

    def _cannot_create(self, reason: str) -> DatabaseError:
        return DatabaseError(
            f"The database {self.database_file} cannot be opened: rtcdesk cannot create "
            f"the file {self._path} beside it ({reason}). Check that the folder exists "
            "and that you may write to it."
        )

    def _holder_message(self, holder: Holder | None) -> str:
        who = holder.describe() if holder is not None else "another rtcdesk"
        return (
            f"The database {self.database_file} is open in {who}. "
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


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)


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
