"""What a SQLite file is, beyond the name it was opened by.

SQLite keeps a database's journal and write-ahead log beside it under the
name it was opened by (``x.sqlite-wal``), and rtcdesk's instance lock sits
beside it too (``x.sqlite.lock``). A second name for the same file breaks
both: two rtcdesk processes, each with "its own" lock and log, write one
file, and rows vanish or the file is damaged ("How To Corrupt An SQLite
Database File": multiple links to one file). So:

- a path is resolved to the real file (symbolic links and ``..`` followed:
  ``database_url`` does this), so every alias of a folder gives one name;
- a file with more than one hard link is refused (``check_single_name``);
- on a network file system (a mapped drive, an SMB or NFS share), SQLite's
  write-ahead log cannot work (it needs memory shared between the processes
  on one computer), so the file is used with a rollback journal instead and
  every command takes the instance lock, readers too: one rtcdesk at a time,
  from any computer. A team shares a PostgreSQL server instead.

Detection of a network drive: Windows by its drive type or a UNC path, Linux
from ``/proc/self/mountinfo``; other systems are taken as local.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rtcdesk.errors import DatabaseError

#: File system types (Linux) whose files live on another computer.
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ncpfs", "coda", "ceph",
        "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.rclone",
        "fuse.glusterfs", "fuse.davfs2", "fuse.s3fs", "fuse.gcsfuse",
    }
)  # fmt: skip


def check_single_name(path: Path) -> None:
    """Refuse a database file that has other names (hard links)."""
    try:
        links = path.stat().st_nlink
    except OSError:
        return  # not there yet (a new database) or unreadable: opening says so
    if links > 1:
        raise DatabaseError(
            f"The database {path} has {links} names on this disk (hard links to one file). "
            "Two rtcdesk windows opening it under different names would each think they "
            "had it alone, and could lose rows or damage it. Keep one name: copy the file "
            "to a new name, open the copy, and delete the other names."
        )


def is_on_network_drive(path: Path, mountinfo: str | None = None) -> bool:
    """Whether ``path`` (a file or a folder) lives on a network file system.
    ``mountinfo`` is the text of ``/proc/self/mountinfo`` (read when None)."""
    if sys.platform == "win32":
        return _windows_remote(path)
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
        except OSError:
            return False
    return file_system_type(path, mountinfo) in NETWORK_FILE_SYSTEMS


def file_system_type(path: Path, mountinfo: str) -> str:
    """The type of the file system holding ``path``, from a mountinfo text
    (the mount point that is the longest prefix of the path wins)."""
    target = os.path.realpath(path)
    best, kind = "", ""
    for line in mountinfo.splitlines():
        fields, _, tail = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not tail:
            continue
        mount_point = _unescape(parts[4])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, kind = mount_point, tail.split()[0]
    return kind


def _unescape(field: str) -> str:
    """mountinfo writes spaces, tabs, newlines and backslashes as octal escapes."""
    for escaped, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escaped, char)
    return field


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith("\\\\"):
        return True
    import ctypes

    drive_remote = 4
    root = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
    return ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote  # type: ignore[attr-defined]
