"""The instance lock, proved against a real second process."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtcdesk.errors import DatabaseError, DatabaseLockedError
from rtcdesk.instance_lock import InstanceLock, lock_file_path, open_locked

# Takes the lock, says so on stdout, and holds it until stdin closes.
HOLDER = """
import sys
from pathlib import Path
from rtcdesk.instance_lock import InstanceLock

with InstanceLock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


class Holder:
    """A second python process holding the lock on ``database_file``."""

    def __init__(self, database_file: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(database_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    @property
    def pid(self) -> int:
        return self.process.pid

    def finish(self) -> None:
        """Let the holder release the lock and exit normally."""
        self.process.communicate(timeout=30)

    def crash(self) -> None:
        """Kill the holder so that it leaves its lock file behind."""
        self.process.kill()
        self.process.communicate(timeout=30)


@pytest.fixture
def holder(db_path: Path) -> Iterator[Holder]:
    running = Holder(db_path)
    yield running
    if running.process.poll() is None:
        running.finish()


def test_a_second_process_is_refused_with_the_holder_named(holder: Holder, db_path: Path) -> None:
    lock = InstanceLock(db_path)

    with pytest.raises(DatabaseLockedError) as refused:
        lock.acquire()

    message = str(refused.value)
    assert message.startswith(
        f"The database {db_path} is open in another rtcdesk "
        f"(process {holder.pid} on host {socket.gethostname()} running "
    )
    assert re.search(r"running python[0-9.]*, since \d\d \w{3} \d{4} \d\d:\d\d\)", message)
    assert message.endswith("). Close it there first, or open another database.")
    assert not lock.is_held


def test_the_lock_is_free_again_once_the_holder_closes(holder: Holder, db_path: Path) -> None:
    holder.finish()

    assert not lock_file_path(db_path).exists()
    with InstanceLock(db_path) as lock:
        assert lock.is_held


def test_a_stale_lock_from_a_dead_process_is_taken_over(holder: Holder, db_path: Path) -> None:
    holder.crash()
    assert lock_file_path(db_path).exists(), "a killed holder leaves its lock file"

    with InstanceLock(db_path) as lock:
        assert lock.is_held


def test_release_lets_another_process_take_the_lock(db_path: Path) -> None:
    lock = InstanceLock(db_path)
    lock.acquire()
    lock.release()

    second = Holder(db_path)
    second.finish()
    assert second.process.returncode == 0


def test_the_lock_file_sits_beside_the_database(db_path: Path) -> None:
    with InstanceLock(db_path):
        assert lock_file_path(db_path) == db_path.with_name("rtcdesk.sqlite.lock")
        assert lock_file_path(db_path).exists()
    assert not lock_file_path(db_path).exists()


def test_a_server_database_takes_no_lock() -> None:
    with InstanceLock(None) as lock:
        assert not lock.is_held


def test_an_unwritable_folder_gives_a_plain_error(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "rtcdesk.sqlite"

    with pytest.raises(DatabaseError) as refused:
        InstanceLock(missing).acquire()

    assert not isinstance(refused.value, DatabaseLockedError)
    assert "cannot create the file" in str(refused.value)
    assert str(missing) in str(refused.value)


def test_a_locked_file_is_not_upgraded_by_a_second_rtcdesk(tmp_path: Path) -> None:
    """The lock is taken before the database is opened, so a second rtcdesk
    (even a newer one) never backs up or migrates a file that is in use."""
    database = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0001.sqlite", database)
    # Opening would at least switch the file to WAL mode, changing its header.
    before = database.read_bytes()
    with InstanceLock(database), pytest.raises(DatabaseLockedError):  # noqa: SIM117
        with open_locked(database):
            pass
    assert database.read_bytes() == before
    assert not list(tmp_path.glob("*.before-upgrade-*"))


def test_a_second_lock_in_the_same_process_is_refused(db_path: Path) -> None:
    """The window refuses a second window on the same file, even from one process."""
    with InstanceLock(db_path), pytest.raises(DatabaseLockedError, match="is open in another"):
        InstanceLock(db_path).acquire()


def test_a_lock_file_left_by_a_killed_holder_names_the_new_holder(
    holder: Holder, db_path: Path
) -> None:
    holder.crash()

    with InstanceLock(db_path):
        second = InstanceLock(db_path)
        with pytest.raises(DatabaseLockedError) as refused:
            second.acquire()
    assert f"(process {holder.pid} " not in str(refused.value)
    assert "running " in str(refused.value)


def test_taking_the_lock_loads_no_qt() -> None:
    code = (
        "import sys, tempfile, pathlib\n"
        "from rtcdesk.instance_lock import InstanceLock\n"
        "with InstanceLock(pathlib.Path(tempfile.mkdtemp()) / 'x.sqlite'):\n"
        "    print(any(m.split('.')[0] == 'PySide6' for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.fixture
def no_locks_on_this_file_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that keeps no locks (some network drives say ENOLCK)."""

    def refuse(_fd: int) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr("rtcdesk.instance_lock.try_lock", refuse)


def write_holder(db_path: Path, pid: int) -> None:
    lock_file_path(db_path).write_text(
        json.dumps({"pid": pid, "host": socket.gethostname(), "program": "rtcdesk", "since": None})
    )


@pytest.mark.usefixtures("no_locks_on_this_file_system")
def test_without_file_system_locks_a_running_holder_still_keeps_the_file(
    holder: Holder, db_path: Path
) -> None:
    write_holder(db_path, holder.pid)

    with pytest.raises(DatabaseLockedError, match=f"process {holder.pid} on host"):
        InstanceLock(db_path).acquire()


@pytest.mark.usefixtures("no_locks_on_this_file_system")
def test_without_file_system_locks_a_gone_holder_is_taken_over(db_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    write_holder(db_path, int(gone.stdout))

    with InstanceLock(db_path) as lock:
        assert lock.is_held
        assert json.loads(lock_file_path(db_path).read_text())["pid"] == os.getpid()
    assert not lock_file_path(db_path).exists()
