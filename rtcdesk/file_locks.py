"""Locks the operating system keeps on an open file, released when the process
ends however it ends (a crash, a kill, a power cut of the computer).

Two callers hold such a lock while they run: the instance lock beside a
database (``rtcdesk.instance_lock``) and each process's temporary folder
(``rtcdesk.leftovers``). A lock the kernel keeps cannot be fooled by a
process id reused after a crash, which a lock made of a file's contents
alone can.

POSIX: ``flock`` on the whole file. Windows: ``msvcrt.locking`` on one byte
far past the end of the file (Windows locks are mandatory: a locked range
cannot be read by others, so the lock stays clear of what the file says).
These are small enough not to need the ``filelock`` library, which takes
longer to import than the command line may spend starting.
"""

from __future__ import annotations

import errno
import os
import sys

#: Where the Windows lock sits: past any holder record ever written.
_WINDOWS_LOCK_OFFSET = 0x7FFF_FFFF
_TAKEN = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK})


def try_lock(fd: int) -> bool:
    """Lock the open file ``fd`` for this process without waiting: True when
    taken, False when another holder has it. Raises ``OSError`` when the file
    system keeps no locks."""
    try:
        _lock(fd)
    except OSError as exc:
        if exc.errno in _TAKEN:
            return False
        raise
    return True


def unlock(fd: int) -> None:
    """Release the lock ``try_lock`` took on ``fd`` (the file stays open)."""
    _unlock(fd)


def open_locked_file(path: os.PathLike[str] | str) -> int | None:
    """Open (creating if needed) ``path`` and lock it: the descriptor, or None
    when another holder has it. Raises ``OSError`` when it cannot be opened."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if try_lock(fd):
            return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return None


def close_locked_file(fd: int) -> None:
    """Release the lock of ``open_locked_file`` and close the file."""
    try:
        unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _at_lock_byte(fd: int, operation: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, operation, 1)
        finally:
            os.lseek(fd, position, os.SEEK_SET)

    def _lock(fd: int) -> None:
        _at_lock_byte(fd, msvcrt.LK_NBLCK)

    def _unlock(fd: int) -> None:
        _at_lock_byte(fd, msvcrt.LK_UNLCK)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
