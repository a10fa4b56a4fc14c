"""Automatic backups and restoring from a backup, on real SQLite files.

These tests are about the SQLite file itself, so they use ``sqlite_database``;
a server database only gets advice in plain words.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import make_meeting

from rtcdesk import paths
from rtcdesk.db.engine import Database
from rtcdesk.errors import DatabaseError
from rtcdesk.services.backups import (
    automatic_backup_folder,
    check_backup,
    list_automatic_backups,
    restore_backup,
    take_automatic_backup,
)
from rtcdesk.services.demo import load_demo
from rtcdesk.services.maintenance import backup, check
from rtcdesk.services.meetings import list_meetings

FIXTURES = Path(__file__).parent / "fixtures"
SERVER_URL = "postgresql+psycopg://coordinator@db.rocb.example:5433/rtcdesk_team"


def add_meeting(database: Database, title: str) -> None:
    with database.write() as session:
        make_meeting(session, title)


def titles(database: Database) -> list[str]:
    with database.read() as session:
        return sorted(row.title for row in list_meetings(session))


def titles_in_file(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        return sorted(title for (title,) in connection.execute("SELECT title FROM meetings"))


def damage(path: Path) -> None:
    """Overwrite 8 KiB in the middle of the file, as a failing disk would."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.is_file())


# -- automatic backups -----------------------------------------------------------


def test_the_newest_backups_are_kept_and_older_ones_removed(sqlite_database: Database) -> None:
    removed = []
    for number in range(1, 6):
        add_meeting(sqlite_database, f"Workshop {number}")
        result = take_automatic_backup(sqlite_database, keep=3)
        assert result is not None
        assert result.written
        removed.extend(result.removed)

    kept = list_automatic_backups(sqlite_database.path)
    assert len(kept) == 3
    # Newest first: the last backup holds all five workshops.
    assert [len(titles_in_file(b.path)) for b in kept] == [5, 4, 3]
    assert len(removed) == 2
    assert not any(path.exists() for path in removed)
    assert titles_in_file(kept[0].path) == titles(sqlite_database)


def test_a_backup_the_same_as_the_last_one_is_not_kept_twice(sqlite_database: Database) -> None:
    add_meeting(sqlite_database, "Workshop on risk management")
    first = take_automatic_backup(sqlite_database, keep=3)
    again = take_automatic_backup(sqlite_database, keep=3)

    assert first is not None
    assert again is not None
    assert first.written
    assert not again.written
    assert again.backup.path == first.backup.path
    assert "Nothing changed since the last backup" in str(again)
    assert [b.path for b in list_automatic_backups(sqlite_database.path)] == [first.backup.path]


def test_backups_are_listed_newest_first_with_their_time_and_size(
    sqlite_database: Database,
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    take_automatic_backup(sqlite_database, keep=5)
    add_meeting(sqlite_database, "Workshop on risk management")
    take_automatic_backup(sqlite_database, keep=5)

    listed = list_automatic_backups(sqlite_database.path)
    assert len(listed) == 2
    assert titles_in_file(listed[0].path) == ["Workshop on risk management"]
    assert titles_in_file(listed[1].path) == []
    for entry in listed:
        assert before <= entry.taken_at <= datetime.now(UTC) + timedelta(seconds=1)
        assert entry.size == entry.path.stat().st_size > 0
        assert entry.path.name.startswith("rtcdesk.backup-")
        assert entry.path.parent == automatic_backup_folder(sqlite_database.path)


def test_the_backup_folder_is_in_the_data_folder_one_per_database(tmp_path: Path) -> None:
    assert automatic_backup_folder(paths.default_database_path()) == (paths.data_dir() / "backups")
    elsewhere = automatic_backup_folder(tmp_path / "team" / "rtcdesk.sqlite")
    other = automatic_backup_folder(tmp_path / "stick" / "rtcdesk.sqlite")
    assert elsewhere.parent == other.parent == paths.data_dir() / "backups"
    assert elsewhere != other
    assert elsewhere.name.startswith("rtcdesk-")


def test_no_automatic_backup_when_turned_off(sqlite_database: Database) -> None:
    assert take_automatic_backup(sqlite_database, keep=0) is None
    assert list_automatic_backups(sqlite_database.path) == []


def test_a_damaged_database_is_not_backed_up_and_the_earlier_backups_stay(
    sqlite_database: Database,
) -> None:
    with sqlite_database.write() as session:
        load_demo(session)
    earlier = take_automatic_backup(sqlite_database, keep=1)
    assert earlier is not None
    sqlite_database.dispose()
    with sqlite3.connect(sqlite_database.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(sqlite_database.path)

    with pytest.raises(DatabaseError) as refused:
        take_automatic_backup(sqlite_database, keep=1)

    message = str(refused.value)
    assert "The earlier backups were all kept" in message
    assert "rtcdesk check" in message
    assert [b.path for b in list_automatic_backups(sqlite_database.path)] == [earlier.backup.path]
    assert check_backup(earlier.backup.path).revision


# -- restoring -------------------------------------------------------------------


def test_restore_puts_the_backup_in_place_and_keeps_the_current_file_aside(
    sqlite_database: Database,
) -> None:
    add_meeting(sqlite_database, "Workshop kept in the backup")
    taken = take_automatic_backup(sqlite_database, keep=5)
    assert taken is not None
    # Still in the WAL when the restore starts: it must reach the file kept aside.
    add_meeting(sqlite_database, "Workshop added after the backup")

    result = restore_backup(sqlite_database, taken.backup.path)

    assert titles(sqlite_database) == ["Workshop kept in the backup"]
    aside = result.kept_aside
    assert aside.parent == sqlite_database.path.parent
    assert aside.name.startswith("rtcdesk.before-restore-")
    assert aside.suffix == ".sqlite"
    assert titles_in_file(aside) == [
        "Workshop added after the backup",
        "Workshop kept in the backup",
    ]
    assert not Path(f"{aside}-wal").exists()
    assert check_backup(aside).revision
    assert not any(".restoring" in name for name in files_beside(sqlite_database.path))
    assert check(sqlite_database).ok
    assert taken.backup.path.exists()
    # The database keeps working on the restored data.
    add_meeting(sqlite_database, "Workshop after the restore")
    assert len(titles(sqlite_database)) == 2


def test_a_damaged_backup_is_refused_and_nothing_changes(
    sqlite_database: Database, tmp_path: Path
) -> None:
    with sqlite_database.write() as session:
        load_demo(session)
    taken = take_automatic_backup(sqlite_database, keep=5)
    assert taken is not None
    damaged = tmp_path / "damaged copy.sqlite"
    shutil.copy(taken.backup.path, damaged)
    damage(damaged)
    add_meeting(sqlite_database, "Workshop typed today")
    before = titles(sqlite_database)
    files_before = files_beside(sqlite_database.path)

    with pytest.raises(DatabaseError) as refused:
        restore_backup(sqlite_database, damaged)

    message = str(refused.value)
    assert message.startswith(f"The backup {damaged} is damaged")
    assert message.endswith("Choose another backup. Nothing was changed.")
    with pytest.raises(DatabaseError):
        check_backup(damaged)
    assert titles(sqlite_database) == before
    assert files_beside(sqlite_database.path) == files_before


def test_a_backup_from_a_newer_rtcdesk_is_refused(
    sqlite_database: Database, tmp_path: Path
) -> None:
    add_meeting(sqlite_database, "Workshop typed today")
    newer = tmp_path / "from a newer rtcdesk.sqlite"
    backup(sqlite_database, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dcafe0099'")
    connection.close()
    files_before = files_beside(sqlite_database.path)

    with pytest.raises(DatabaseError) as refused:
        restore_backup(sqlite_database, newer)

    message = str(refused.value)
    assert "was written by a newer version of rtcdesk (schema f00dcafe0099)" in message
    assert "Install the newer rtcdesk to restore it. Nothing was changed." in message
    assert titles(sqlite_database) == ["Workshop typed today"]
    assert files_beside(sqlite_database.path) == files_before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_text("minutes of the meeting"), "is not a database"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (text)").connection.commit(),
            "holds tables but is not an rtcdesk database",
        ),
        (lambda p: None, "There is no backup file"),
    ],
    ids=["text file", "other database", "missing"],
)
def test_files_that_are_not_rtcdesk_backups_are_refused(
    sqlite_database: Database, tmp_path: Path, make: object, expected: str
) -> None:
    chosen = tmp_path / "chosen.sqlite"
    make(chosen)  # type: ignore[operator]
    add_meeting(sqlite_database, "Workshop typed today")

    with pytest.raises(DatabaseError) as refused:
        restore_backup(sqlite_database, chosen)

    assert expected in str(refused.value)
    assert str(refused.value).endswith("Nothing was changed.")
    assert titles(sqlite_database) == ["Workshop typed today"]


def test_a_backup_of_an_earlier_schema_is_brought_up_to_date(
    sqlite_database: Database, tmp_path: Path
) -> None:
    earlier = tmp_path / "backup from last year.sqlite"
    shutil.copy(FIXTURES / "schema_0002.sqlite", earlier)
    assert check_backup(earlier).needs_upgrade

    result = restore_backup(sqlite_database, earlier)

    assert result.migration.from_revision == "0002"
    assert result.migration.changed
    with sqlite_database.read() as session:
        restored = {row.display_title for row in list_meetings(session)}
    assert "21st RTC Heads Meeting" in restored
    assert check(sqlite_database).ok
    assert result.migration.backup is None  # the backup restored from is that copy
    assert earlier.read_bytes() == (FIXTURES / "schema_0002.sqlite").read_bytes()
    assert not any(".before-upgrade-" in name for name in files_beside(sqlite_database.path))


def test_the_open_database_is_not_a_backup(sqlite_database: Database) -> None:
    with pytest.raises(DatabaseError) as refused:
        restore_backup(sqlite_database, sqlite_database.path)
    assert "is the database that is open now" in str(refused.value)


def test_a_server_database_gets_pg_dump_and_pg_restore_advice(tmp_path: Path) -> None:
    server = Database(SERVER_URL)
    try:
        assert take_automatic_backup(server, keep=10) is None
        with pytest.raises(DatabaseError) as no_backup:
            backup(server, tmp_path / "copy.sqlite")
        with pytest.raises(DatabaseError) as no_restore:
            restore_backup(server, tmp_path / "copy.sqlite")
    finally:
        server.dispose()

    options = "--host=db.rocb.example --port=5433 --username=coordinator --dbname=rtcdesk_team"
    assert f"pg_dump --format=custom --file=rtcdesk.dump {options}" in str(no_backup.value)
    assert f"pg_restore --clean --if-exists {options} rtcdesk.dump" in str(no_restore.value)
    assert "close rtcdesk first" in str(no_restore.value)
    assert not list(tmp_path.glob("copy.sqlite*"))


def test_a_backup_that_cannot_be_opened_leaves_the_current_database_in_place(
    sqlite_database: Database, tmp_path: Path
) -> None:
    hollow = tmp_path / "hollow.sqlite"  # says schema 0001 but has none of its tables
    with sqlite3.connect(hollow) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    connection.close()
    add_meeting(sqlite_database, "Workshop typed today")
    files_before = files_beside(sqlite_database.path)

    with pytest.raises(DatabaseError) as refused:
        restore_backup(sqlite_database, hollow)

    assert str(refused.value).startswith(
        f"The backup {hollow} cannot be brought up to date for this rtcdesk: "
    )
    assert str(refused.value).endswith("Nothing was changed.")
    assert titles(sqlite_database) == ["Workshop typed today"]
    assert not list(sqlite_database.path.parent.glob("*.before-restore-*"))
    assert files_beside(sqlite_database.path) == files_before
    assert check(sqlite_database).ok
