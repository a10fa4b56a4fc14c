"""Schema migrations: created at head, upgraded safely, newer schemas refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rtcdesk.db.engine import Database
from rtcdesk.db.migrate import MigrationResult, head_revision, upgrade_database
from rtcdesk.db.models import Base
from rtcdesk.db.search_text import fold
from rtcdesk.errors import DatabaseError, DatabaseTooNewError
from rtcdesk.services.startup import open_database

FIXTURES = Path(__file__).parent / "fixtures"
EXTRA = Path(__file__).parent / "extra_migrations"


def content(path: Path) -> str:
    """Every row and schema object, as SQL (the file's header bytes may change
    when SQLite switches it to WAL mode; the data must not)."""
    with sqlite3.connect(path) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


COUNTED_TABLES = ("meetings", "people", "participations", "survey_answers", "agenda_speakers")


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "meetings",
                "people",
                "participations",
                "survey_answers",
                "agenda_speakers",
            )
        }


@pytest.fixture
def old_database(tmp_path: Path) -> Path:
    """A copy of the database written by the first released schema (demo data loaded)."""
    target = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0001.sqlite", target)
    return target


def test_new_database_is_created_at_head_and_matches_the_models(db_path: Path) -> None:
    opened = open_database(db_path)
    assert opened.is_new
    assert opened.migration.to_revision == head_revision()
    with opened.database.engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect the expression indexes; their presence is checked below.
        warnings.simplefilter("ignore")
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        indexes = {
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_lower'"
            )
        }
    assert indexes == {
        "uq_organisations_name_lower",
        "ix_people_email_lower",
        "ix_people_name_lower",
    }
    opened.database.dispose()


def test_opening_again_changes_nothing(db_path: Path) -> None:
    open_database(db_path).database.dispose()
    opened = open_database(db_path)
    assert not opened.is_new
    assert not opened.migration.changed
    assert opened.migration.backup is None
    opened.database.dispose()


def test_first_schema_fixture_opens_at_head_with_its_data(old_database: Path) -> None:
    before = counts(old_database)
    assert before["participations"] == 22  # the fixture really holds the demo
    opened = open_database(old_database)
    assert opened.migration.from_revision == "0001"
    assert opened.migration.to_revision == head_revision()
    backup = opened.migration.backup
    opened.database.dispose()
    assert counts(old_database) == before
    # The backup beside it is the file as it was.
    assert backup is not None
    assert backup.parent == old_database.parent
    assert counts(backup) == before
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with sqlite3.connect(old_database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def upgraded_fixture(tmp_path: Path, revision: str) -> tuple[Path, MigrationResult]:
    """A copy of the fixture database of schema ``revision``, opened (so
    upgraded to head) and closed: every row kept, the file intact."""
    database_file = tmp_path / f"schema_{revision}.sqlite"
    shutil.copy(FIXTURES / database_file.name, database_file)
    before = counts(database_file)
    assert before["participations"] == 22  # the fixture really holds the demo
    opened = open_database(database_file)
    migration = opened.migration
    assert (migration.from_revision, migration.to_revision) == (revision, head_revision())
    opened.database.dispose()
    assert counts(database_file) == before
    with sqlite3.connect(database_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return database_file, migration


def test_second_schema_fixture_opens_at_head_with_its_data_and_an_empty_history(
    tmp_path: Path,
) -> None:
    """The schema with travel dates (0002) gains the history table; nothing is lost."""
    database_file, migration = upgraded_fixture(tmp_path, "0002")
    with sqlite3.connect(database_file) as conn:
        assert conn.execute("SELECT count(*) FROM history_entries").fetchone() == (0,)
        travel = [row[1] for row in conn.execute("PRAGMA table_info(participations)")]
        assert {"arrival_date", "departure_date"} <= set(travel)
    assert migration.backup is not None
    with sqlite3.connect(migration.backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_third_schema_fixture_numbers_the_co_organisers_in_the_order_of_their_ids(
    tmp_path: Path,
) -> None:
    """The schema with history (0003) had co-organisers without an order: each
    meeting's get positions 0, 1, ... in the order of the organisations' ids."""
    with sqlite3.connect(FIXTURES / "schema_0003.sqlite") as conn:
        history = conn.execute("SELECT count(*) FROM history_entries").fetchone()
    database_file, _migration = upgraded_fixture(tmp_path, "0003")
    with sqlite3.connect(database_file) as conn:
        assert conn.execute("SELECT count(*) FROM history_entries").fetchone() == history
        numbered = conn.execute(
            "SELECT meeting_id, organisation_id, position FROM meeting_co_organisers"
            " ORDER BY meeting_id, position"
        ).fetchall()
    # The 21st RTC Heads Meeting: ROCB A/P (id 2), then Japan Customs (id 16).
    assert numbered == [(7, 2, 0), (7, 16, 1)]


def test_fourth_schema_fixture_keeps_its_recipients_and_allows_drafted_and_incomplete(
    tmp_path: Path,
) -> None:
    """The schema before drafted and incomplete recipients (0004): its survey
    recipients keep their statuses and answers, and the new statuses can be stored."""
    with sqlite3.connect(FIXTURES / "schema_0004.sqlite") as conn:
        before = conn.execute(
            "SELECT id, status, token FROM survey_recipients ORDER BY id"
        ).fetchall()
        answers = conn.execute("SELECT count(*) FROM survey_answers").fetchone()
    database_file, _migration = upgraded_fixture(tmp_path, "0004")
    with sqlite3.connect(database_file) as conn:
        assert (
            conn.execute("SELECT id, status, token FROM survey_recipients ORDER BY id").fetchall()
            == before
        )
        assert conn.execute("SELECT count(*) FROM survey_answers").fetchone() == answers
        first, second = before[0][0], before[1][0]
        conn.execute("UPDATE survey_recipients SET status = 'drafted' WHERE id = ?", (first,))
        conn.execute("UPDATE survey_recipients SET status = 'incomplete' WHERE id = ?", (second,))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE survey_recipients SET status = 'lost' WHERE id = ?", (first,))
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_fifth_schema_fixture_gives_each_address_to_one_person_and_keeps_shared_ones(
    tmp_path: Path,
) -> None:
    """The schema before one person per address (0005): people who already
    share an address (in another case) keep it and every row stays; the oldest
    holds the key, and a new person of that address is refused by the database."""
    fixture = tmp_path / "schema_0005.sqlite"
    shutil.copy(FIXTURES / fixture.name, fixture)
    with sqlite3.connect(fixture) as conn:
        first, email = conn.execute(
            "SELECT id, email FROM people WHERE email != '' ORDER BY id LIMIT 1"
        ).fetchone()
        conn.execute(
            "INSERT INTO people (family_name, given_name, title, name_order, post_nominals,"
            " position, email, phone, gender, notes, version, search_text, created_at,"
            " updated_at) SELECT 'TWIN', given_name, title, name_order, post_nominals, position,"
            " upper(email), phone, gender, notes, 1, search_text, created_at, updated_at"
            " FROM people WHERE id = ?",
            (first,),
        )
        twin = conn.execute("SELECT max(id) FROM people").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    opened = open_database(fixture)
    opened.database.dispose()
    with sqlite3.connect(fixture) as conn:
        assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == people
        keys = dict(
            conn.execute("SELECT id, email_key FROM people WHERE id IN (?, ?)", (first, twin))
        )
        assert keys == {first: email.casefold(), twin: None}
        assert conn.execute("SELECT email FROM people WHERE id = ?", (twin,)).fetchone() == (
            email.upper(),
        )
        assert conn.execute(
            "SELECT count(*) FROM people WHERE email != '' AND email_key IS NULL"
        ).fetchone() == (1,)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE people SET email_key = ? WHERE id = ?", (email.casefold(), twin))


def test_sixth_schema_fixture_gets_every_family_name_folded_under_an_index(
    tmp_path: Path,
) -> None:
    """The schema before folded family names (0006): every person keeps their
    row and gets the folded family name a registration import matches on."""
    fixture = tmp_path / "schema_0006.sqlite"
    shutil.copy(FIXTURES / fixture.name, fixture)
    with sqlite3.connect(fixture) as conn:
        conn.execute("UPDATE people SET family_name = 'NGUYỄN' WHERE id = 1")
        before = conn.execute("SELECT * FROM people ORDER BY id").fetchall()
    opened = open_database(fixture)
    opened.database.dispose()
    with sqlite3.connect(fixture) as conn:
        conn.row_factory = sqlite3.Row
        after = conn.execute("SELECT * FROM people ORDER BY id").fetchall()
        assert [tuple(r)[: len(before[0])] for r in after] == before
        assert all(r["family_key"] == fold(r["family_name"]) for r in after)
        assert after[0]["family_key"] == "nguyen"
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM people"
            " WHERE family_key >= 'ngu' AND family_key < 'ngv'"
        ).fetchall()
        assert "ix_people_family_key" in " ".join(str(tuple(r)) for r in plan)


def test_upgrade_backs_up_first_and_keeps_child_rows_through_a_table_rebuild(
    old_database: Path, tmp_path: Path
) -> None:
    before = counts(old_database)
    database = Database(old_database)
    result = upgrade_database(
        database, backup_dir=tmp_path / "backups", extra_version_locations=[EXTRA / "widen_people"]
    )
    database.dispose()

    assert (result.from_revision, result.to_revision) == ("0001", "0900_test")
    # The rebuild of `people` did not cascade into participations or speakers.
    assert counts(old_database) == before
    with sqlite3.connect(old_database) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(people)")]
        assert "nickname" in columns
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        lower_indexes = conn.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'people' AND name LIKE '%_lower'"
        ).fetchall()
        assert sorted(lower_indexes) == [("ix_people_email_lower",), ("ix_people_name_lower",)]
    # The backup is the database as it was: old revision, same rows.
    assert result.backup is not None
    assert result.backup.parent == tmp_path / "backups"
    assert counts(result.backup) == before
    with sqlite3.connect(result.backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_foreign_keys_are_on_again_after_an_upgrade(old_database: Path) -> None:
    database = Database(old_database)
    upgrade_database(database, extra_version_locations=[EXTRA / "widen_people"])
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_upgrade_that_would_break_references_is_rolled_back(old_database: Path) -> None:
    before = counts(old_database)
    database = Database(old_database)
    with pytest.raises(DatabaseError, match="broken references in participations"):
        upgrade_database(database, extra_version_locations=[EXTRA / "orphan"])
    database.dispose()
    with sqlite3.connect(old_database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert counts(old_database) == before


def test_database_from_a_newer_rtcdesk_is_refused_untouched(old_database: Path) -> None:
    with sqlite3.connect(old_database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe0099'")
    fingerprint = content(old_database)
    with pytest.raises(DatabaseTooNewError) as refused:
        open_database(old_database)
    message = str(refused.value)
    assert "newer version of rtcdesk" in message
    assert "f00dcafe0099" in message
    assert "nothing was changed" in message
    assert content(old_database) == fingerprint
    assert not list(old_database.parent.glob("*.before-upgrade-*"))


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseError, match="not an rtcdesk database"):
        open_database(other)


def test_the_head_read_from_file_names_is_alembics_head() -> None:
    """Start-up tells a current schema without Alembic, by the migration
    files' names (``migrate.shipped_head``): each file is named by its revision."""
    from alembic.script import ScriptDirectory

    from rtcdesk.db.migrate import alembic_config, shipped_head

    script = ScriptDirectory.from_config(alembic_config())
    assert shipped_head() == head_revision()
    for revision in script.walk_revisions():
        assert Path(revision.path).name.startswith(f"{revision.revision}_"), revision.path
