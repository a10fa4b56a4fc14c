"""The command line starts without what its command does not need (issue 14):
no Qt, no Alembic and no openpyxl for ``meetings list``; each is loaded by the
command that uses it. And a file found sound is not read through again while
it stays unchanged, without letting a changed one through."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from rtcdesk.db import checked_files
from rtcdesk.db.models import Meeting
from rtcdesk.errors import DatabaseDamagedError
from rtcdesk.services.demo import load_demo
from rtcdesk.services.startup import open_database

FIXTURES = Path(__file__).parent / "fixtures"
HEAVY = {"PySide6", "alembic", "openpyxl", "keyring"}

# Runs ``python -m rtcdesk ARGS`` in this process and then reports, as the
# last line of stderr, the exit status and the top-level modules it loaded.
RUN_AND_LIST_MODULES = """
import json, runpy, sys
sys.argv = ["rtcdesk", *sys.argv[1:]]
try:
    runpy.run_module("rtcdesk", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    status = exit.code
roots = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"status": status, "modules": roots}), file=sys.stderr)
"""


def run_cli(*argv: str) -> tuple[int, str, set[str]]:
    """Exit status, stdout and the top-level modules loaded by one command."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=os.environ.copy(),
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["status"], done.stdout, set(report["modules"])


@pytest.fixture
def demo_file(db_path: Path) -> Path:
    opened = open_database(db_path)
    with opened.database.write() as session:
        load_demo(session)
    opened.database.dispose()
    return db_path


def test_meetings_list_loads_no_qt_alembic_or_openpyxl(demo_file: Path) -> None:
    status, out, modules = run_cli("meetings", "list", "--json", "--database", str(demo_file))

    assert status == 0
    titles = [m["display_title"] for m in json.loads(out)]
    assert "21st RTC Heads Meeting" in titles
    assert not modules & HEAVY, modules & HEAVY


def test_an_export_still_loads_openpyxl_and_writes_the_workbook(
    demo_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "participants.xlsx"
    _status, out, _modules = run_cli("meetings", "list", "--json", "--database", str(demo_file))
    meeting = next(m["id"] for m in json.loads(out) if m["participants"])

    status, out, modules = run_cli(
        "export", "participants", "--meeting", str(meeting), "-o", str(target),
        "--database", str(demo_file),
    )  # fmt: skip

    assert status == 0
    assert f"Wrote {target}" in out
    assert "openpyxl" in modules
    assert "PySide6" not in modules
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row > 5


def test_an_old_schema_is_still_upgraded_with_alembic(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0001.sqlite", old)

    status, _out, modules = run_cli("meetings", "list", "--json", "--database", str(old))

    assert status == 0
    assert "alembic" in modules
    assert list(tmp_path.glob("old.before-upgrade-0001-*.sqlite")), "backed up first"
    status, _out, modules = run_cli("meetings", "list", "--json", "--database", str(old))
    assert status == 0
    assert "alembic" not in modules, "current now: no Alembic"


@pytest.fixture
def quick_checks() -> Iterator[list[str]]:
    """The ``PRAGMA quick_check`` statements any engine runs during the test."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "quick_check" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    yield seen
    event.remove(Engine, "before_cursor_execute", note)


def test_an_unchanged_file_is_not_read_through_again(
    demo_file: Path, quick_checks: list[str]
) -> None:
    open_database(demo_file).database.dispose()  # checked, and noted sound
    quick_checks.clear()

    open_database(demo_file).database.dispose()

    assert quick_checks == []


def test_a_file_changed_since_its_check_is_checked_again(
    demo_file: Path, quick_checks: list[str]
) -> None:
    opened = open_database(demo_file)
    with opened.database.write() as session:
        session.execute(text("SELECT 1"))  # a transaction that changes nothing
    opened.database.dispose()
    assert checked_files.unchanged_since_check(demo_file)
    quick_checks.clear()

    opened = open_database(demo_file)
    with opened.database.write() as session:
        session.get_one(Meeting, 1).city = "Kashiwa"
    opened.database.dispose()
    open_database(demo_file).database.dispose()

    assert len(quick_checks) == 1


def test_damage_that_hides_its_modification_time_is_still_found(demo_file: Path) -> None:
    """A program that writes into the file and sets its modification time
    back cannot set back its change time: the file is checked and refused."""
    open_database(demo_file).database.dispose()
    assert checked_files.unchanged_since_check(demo_file)
    before = demo_file.stat()

    size = before.st_size
    with demo_file.open("r+b") as handle:
        for page in range(2, size // 4096 - 1):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad" * 200)
    os.utime(demo_file, ns=(before.st_atime_ns, before.st_mtime_ns))

    assert demo_file.stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(DatabaseDamagedError, match="is damaged"):
        open_database(demo_file)


def test_a_file_put_in_the_place_of_a_checked_one_is_checked(
    demo_file: Path, tmp_path: Path, quick_checks: list[str]
) -> None:
    open_database(demo_file).database.dispose()
    copy = tmp_path / "copy.sqlite"
    shutil.copy2(demo_file, copy)  # same size and modification time
    os.replace(copy, demo_file)
    quick_checks.clear()

    open_database(demo_file).database.dispose()

    assert len(quick_checks) == 1
