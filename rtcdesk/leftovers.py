"""What a killed rtcdesk leaves behind, and its removal at the next start.

An export is written to a hidden part file beside its target
(``.rtcdesk-….xlsx``) and renamed over the target once complete; openpyxl
first writes a write-only workbook's sheets to temporary files. A kill (a
power cut, Task Manager, a closed terminal) between those steps would leave
both behind: part files in the coordinator's folder, ``openpyxl.*`` files in
the system's temporary folder. So:

- each process keeps its temporary files in a folder of its own under
  rtcdesk's cache folder (``claim_temp_folder``, made the process's
  ``tempfile.tempdir``), and holds a lock on a file in it as long as it runs
  (``rtcdesk.file_locks``: the operating system releases it when the process
  dies, however it dies, so a reused process id cannot fool the check);
- while a part file is written, a marker in that folder names it
  (``part_file``);
- at start, ``remove_leftovers`` removes every other process's folder whose
  lock is free (that process is gone), with the part files its markers name.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from rtcdesk import paths
from rtcdesk.file_locks import close_locked_file, open_locked_file

log = logging.getLogger(__name__)

_LOCK_NAME = "running.lock"
_MARKER_SUFFIX = ".part-file"

#: This process's folder and the descriptor of its locked file.
_claimed: tuple[Path, int] | None = None


def claim_temp_folder(root: Path | None = None) -> Path:
    """This process's temporary folder (made once, locked while the process
    runs), set as ``tempfile.tempdir`` so that openpyxl's files go there.
    Leftovers of processes that are gone are removed first."""
    global _claimed
    if _claimed is not None and _claimed[0].is_dir():
        return _claimed[0]
    _claimed = None
    _umask()  # read once, here at start, before any thread would need it
    root = root or paths.temp_root()
    remove_leftovers(root)
    folder = root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    lock = open_locked_file(folder / _LOCK_NAME)
    assert lock is not None, "a folder of a name just made is nobody else's"
    _claimed = (folder, lock)
    tempfile.tempdir = str(folder)
    atexit.register(release_temp_folder)
    return folder


def release_temp_folder() -> None:
    """Remove this process's folder (a normal exit; a kill leaves it to the next start)."""
    global _claimed
    if _claimed is None:
        return
    folder, lock = _claimed
    _claimed = None
    if tempfile.tempdir == str(folder):
        tempfile.tempdir = None
    close_locked_file(lock)
    shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(root: Path | None = None) -> int:
    """Remove the folders (and their part files) of rtcdesk processes that
    are no longer running; the number of files removed."""
    root = root or paths.temp_root()
    removed = 0
    try:
        folders = [f for f in root.iterdir() if f.is_dir()]
    except OSError:
        return 0
    for folder in folders:
        if _claimed is not None and folder == _claimed[0]:
            continue
        try:
            lock = open_locked_file(folder / _LOCK_NAME)
        except OSError:
            lock = None  # not ours to judge
        if lock is None:
            continue  # that rtcdesk still runs
        try:
            removed += _remove_part_files(folder)
            removed += sum(1 for f in folder.iterdir() if f.name != _LOCK_NAME)
        finally:
            close_locked_file(lock)
        shutil.rmtree(folder, ignore_errors=True)
    if removed:
        log.info("removed %d files left by an rtcdesk that was stopped", removed)
    return removed


def _remove_part_files(folder: Path) -> int:
    removed = 0
    for marker in folder.glob(f"*{_MARKER_SUFFIX}"):
        with suppress(OSError, UnicodeDecodeError):
            part = Path(marker.read_text(encoding="utf-8"))
            if part.name.startswith(PART_PREFIX) and part.exists():
                part.unlink()
                removed += 1
    return removed


PART_PREFIX = ".rtcdesk-"


@contextmanager
def part_file(target: Path) -> Iterator[Path]:
    """A new hidden part file beside ``target`` (same folder, so the final
    rename is atomic), noted for removal should this process be killed; the
    caller renames it over the target. It is removed if the block fails."""
    folder = claim_temp_folder()
    handle, name = tempfile.mkstemp(prefix=PART_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(handle)
    part = Path(name)
    marker = folder / f"{uuid.uuid4().hex}{_MARKER_SUFFIX}"
    try:
        marker.write_text(str(part), encoding="utf-8")
        yield part
    finally:
        part.unlink(missing_ok=True)  # gone already once renamed over the target
        marker.unlink(missing_ok=True)


def follow_umask(path: Path) -> None:
    """Give ``path`` the permissions a newly created file gets (``mkstemp``
    makes files only its owner can read, whatever the user chose)."""
    mask = _umask()
    if mask is not None:
        os.chmod(path, 0o666 & ~mask)


@functools.cache
def _umask() -> int | None:
    """The process's umask (None where there is none: Windows). Reading it
    means setting it, which is not safe while other threads create files, so
    it is read once (``claim_temp_folder`` does so at start)."""
    if os.name != "posix":
        return None
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
