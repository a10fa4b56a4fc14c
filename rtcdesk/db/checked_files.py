"""Which SQLite files were found sound, and unchanged since, so that opening
one does not read it through again.

``PRAGMA quick_check`` reads every page of the file: about a quarter of a
second for a database of years (65 MB), at every start of the app and every
command. A file whose bytes have not changed since it passed is still the
file that passed. So the check at open is skipped when, for the file's real
path, all of these are what they were right after the last good check, less
than a day ago:

- the device and inode (the same file, not a copy put in its place),
- the size, the modification time and the change time in nanoseconds. No
  program can set the change time back (``utime`` sets the modification time
  only, and moves the change time), so a program that wrote into the file and
  restored its modification time still changed it;

and no write-ahead log with content lies beside it (changes not yet in the
file, from a process that stopped or is still running: they are checked).

What this gives up: a disk that corrupts a file silently, under unchanged
stamps, is found at the next day's check (or by ``rtcdesk check``) instead of
the next open. In between, SQLite itself refuses to read a damaged page
(``SQLITE_CORRUPT``), which ``rtcdesk.db.failures`` reports as a damaged file,
so no read or export goes on over damage unawares.

The record lives in ``checked-files.json`` in the user's state folder (the
last few dozen files); losing it costs one check.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from rtcdesk import paths

log = logging.getLogger(__name__)

RECORD_FILE = "checked-files.json"
#: A file is checked again at least this often, changed or not.
RECHECK_AFTER_SECONDS = 24 * 3600
#: How many files are remembered (the most recently checked).
REMEMBERED = 50

Stamp = list[int]


def stamp(path: Path) -> Stamp | None:
    """What identifies this state of the file ``path`` (None when it cannot be read)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def unchanged_since_check(path: Path) -> bool:
    """Whether ``path`` passed a check less than a day ago and is unchanged since."""
    if _has_pending_log(path):
        return False
    entry = _read_record().get(_key(path))
    if not isinstance(entry, dict):
        return False
    recent = time.time() - float(entry.get("checked_at", 0)) < RECHECK_AFTER_SECONDS
    return recent and entry.get("stamp") == stamp(path)


def remember_sound(path: Path, before: Stamp | None) -> None:
    """Note that ``path`` passed the check that started when its stamp was
    ``before``; nothing is noted when it changed during the check."""
    if before is None or stamp(path) != before or _has_pending_log(path):
        return
    record = _read_record()
    record[_key(path)] = {"stamp": before, "checked_at": time.time()}
    newest = sorted(record.items(), key=lambda item: _checked_at(item[1]), reverse=True)
    _write_record(dict(newest[:REMEMBERED]))


def _has_pending_log(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _checked_at(entry: object) -> float:
    return float(entry.get("checked_at", 0)) if isinstance(entry, dict) else 0.0


def _record_path() -> Path:
    return paths.state_dir() / RECORD_FILE


def _read_record() -> dict[str, object]:
    try:
        data = json.loads(_record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_record(record: dict[str, object]) -> None:
    """Replace the record in one step; a failure only costs the next check."""
    target = _record_path()
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        log.info("could not note a file found sound: %s", exc.strerror)
        partial.unlink(missing_ok=True)
