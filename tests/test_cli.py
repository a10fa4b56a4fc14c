"""The command line as users and scripts rely on it: output, exit codes, stderr."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from postgres_servers import TestServer

from rtcdesk import __version__
from rtcdesk.cli import main
from rtcdesk.db.engine import Database
from rtcdesk.services.local_settings import DATABASE, HISTORY_USER_NAME, write_setting
from rtcdesk.services.startup import open_database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits (--version, usage errors)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"rtcdesk {__version__}"


def test_demo_then_meetings_list_json_shows_the_21st_meeting(
    capsys: pytest.CaptureFixture[str], database_location: str
) -> None:
    code, out, err = run(capsys, "demo", "--database", database_location)
    assert (code, err) == (0, "")
    assert "7 meetings" in out

    code, out, err = run(capsys, "meetings", "list", "--json", "--database", database_location)
    assert (code, err) == (0, "")
    meetings = json.loads(out)
    assert [m["ordinal"] for m in meetings] == [22, 21, 20, 19, 18, 17, 13]
    m21 = next(m for m in meetings if m["ordinal"] == 21)
    assert m21["display_title"] == "21st RTC Heads Meeting"
    assert (m21["start"], m21["end"]) == ("2023-11-14", "2023-11-16")
    assert (m21["host"], m21["city"], m21["country"]) == ("RTC Japan", "Kashiwa", "Japan")
    assert m21["participants"] == 22
    assert m21["kind"] == "rtc_heads_meeting"


def test_demo_twice_changes_nothing(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "demo", "--database", str(db_path))
    with sqlite3.connect(db_path) as conn:
        before = conn.execute(
            "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM people),"
            " (SELECT count(*) FROM participations), (SELECT count(*) FROM survey_answers)"
        ).fetchone()
    code, out, _ = run(capsys, "demo", "--database", str(db_path))
    assert code == 0
    assert "already loaded" in out
    with sqlite3.connect(db_path) as conn:
        after = conn.execute(
            "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM people),"
            " (SELECT count(*) FROM participations), (SELECT count(*) FROM survey_answers)"
        ).fetchone()
    assert after == before


def test_database_from_the_environment(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RTCDESK_DATABASE", str(db_path))
    run(capsys, "demo")
    assert db_path.exists()
    code, out, _ = run(capsys, "meetings", "list")
    assert code == 0
    assert "21st RTC Heads Meeting" in out
    assert "14 Nov 2023" in out


def test_option_before_the_command_is_kept(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, _, _ = run(capsys, "--database", str(db_path), "demo")
    assert code == 0
    assert db_path.exists()


def test_empty_database_lists_a_hint(
    capsys: pytest.CaptureFixture[str], database: Database, database_location: str
) -> None:
    code, out, _ = run(capsys, "meetings", "list", "--database", database_location)
    assert code == 0
    assert "rtcdesk demo" in out
    code, out, _ = run(capsys, "meetings", "list", "--json", "--database", database_location)
    assert json.loads(out) == []


def test_backup_is_a_complete_consistent_copy(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "demo", "--database", str(db_path))
    target = tmp_path / "backups" / "copy.sqlite"
    code, out, err = run(capsys, "backup", "-o", str(target), "--database", str(db_path))
    assert (code, err) == (0, "")
    assert str(target) in out
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM participations").fetchone() == (22,)
    assert not list(target.parent.glob("*.partial"))
    code, out, _ = run(capsys, "check", "--database", str(target))
    assert code == 0


def test_backup_onto_the_database_itself_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, "demo", "--database", str(db_path))
    code, _, err = run(capsys, "backup", "-o", str(db_path), "--database", str(db_path))
    assert code == 1
    assert "cannot replace the database itself" in err


def test_check_passes_on_a_sound_database(
    capsys: pytest.CaptureFixture[str], database_location: str
) -> None:
    run(capsys, "demo", "--database", database_location)
    code, out, err = run(capsys, "check", "--database", database_location)
    assert (code, err) == (0, "")
    assert "ok" in out


def test_check_reports_broken_references(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "demo", "--database", str(db_path))
    with sqlite3.connect(db_path) as conn:  # foreign keys are off on a plain connection
        conn.execute("UPDATE participations SET person_id = 424242 WHERE id = 1")
    code, _, err = run(capsys, "check", "--database", str(db_path))
    assert code == 1
    assert "row 1 of participations refers to a missing row of people" in err


def test_check_reports_a_damaged_file(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "demo", "--database", str(db_path))
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    data = bytearray(db_path.read_bytes())
    # Overwrite the last pages (table and index b-trees), leaving the header intact.
    for offset in range((pages - 3) * page_size, pages * page_size, 97):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    code, _out, err = run(capsys, "check", "--database", str(db_path))
    assert code == 1
    assert "Traceback" not in err
    assert err.strip()


def test_not_a_database_is_refused_in_plain_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("these are my meeting notes, not a database\n" * 100)
    code, _, err = run(capsys, "meetings", "list", "--database", str(bogus))
    assert code == 1
    assert f"The database {bogus} is damaged" in err
    assert "Traceback" not in err


def test_newer_database_is_refused(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "demo", "--database", str(db_path))
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff0001'")
    code, _, err = run(capsys, "meetings", "list", "--database", str(db_path))
    assert code == 1
    assert "newer version of rtcdesk" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bogus"], "invalid choice"),
        (["meetings"], "a command is required"),
        (["backup"], "the following arguments are required: -o/--output"),
        (["meetings", "list", "--colour"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], db_path: Path, argv: list[str], expected: str
) -> None:
    code, _, err = run(capsys, *argv, "--database", str(db_path))
    assert code == 2
    assert expected in err


def test_internal_error_exits_3_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug (here: a service that raises an unexpected exception) is logged,
    and the user is told where, without a traceback on the terminal."""
    import rtcdesk.services.meetings as meetings_service

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(meetings_service, "list_meetings", broken)
    code, _, err = run(capsys, "meetings", "list", "--database", str(db_path))
    assert code == 3
    assert "internal error" in err
    assert "Traceback" not in err
    log_file = next((Path(p) for p in err.split() if p.endswith("rtcdesk.log.")), None)
    assert log_file is not None
    assert "ZeroDivisionError: a bug" in log_file.with_name("rtcdesk.log").read_text()


def test_python_dash_m_runs_the_same_command(sqlite_database: Database, db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rtcdesk", "meetings", "list", "--json", "--database", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_demo_is_refused_while_another_rtcdesk_holds_the_file(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """A command that writes takes the same lock as the app; reading still works."""
    from rtcdesk.instance_lock import InstanceLock

    open_database(db_path).database.dispose()  # create the file
    with InstanceLock(db_path):
        holder = subprocess.run(
            [sys.executable, "-m", "rtcdesk", "demo", "--database", str(db_path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        reader = subprocess.run(
            [sys.executable, "-m", "rtcdesk", "meetings", "list", "--database", str(db_path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert holder.returncode == 1
    assert "is open in another rtcdesk" in holder.stderr
    assert reader.returncode == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM meetings").fetchone() == (0,)


def demo_meeting_21(capsys: pytest.CaptureFixture[str], database_location: str) -> str:
    """Load the demo; the 21st RTC Heads Meeting's id as typed on a command line."""
    run(capsys, "demo", "--database", database_location)
    meetings = json.loads(
        run(capsys, "meetings", "list", "--json", "--database", database_location)[1]
    )
    return str(next(m["id"] for m in meetings if m["ordinal"] == 21))


def test_export_participants_with_columns_and_statuses(
    capsys: pytest.CaptureFixture[str], database_location: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    m21 = demo_meeting_21(capsys, database_location)
    target = tmp_path / "out" / "participants.xlsx"
    code, out, err = run(
        capsys, "export", "participants", "--meeting", m21, "-o", str(target),
        "--columns", "no,name,email", "--status", "confirmed,attended",
        "--database", database_location,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(target) in out
    rows = list(load_workbook(target).active.iter_rows(min_row=6, values_only=True))
    assert rows[0] == ("No.", "Name", "E-mail")
    assert rows[1] == (1, "Dr. Taeil KANG", None)
    assert len(rows) == 23


def test_the_sign_in_sheet_lists_virtual_participants_only_when_asked(
    capsys: pytest.CaptureFixture[str], database_location: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    m21 = demo_meeting_21(capsys, database_location)
    names = {}
    for option in ([], ["--include-virtual"]):
        target = tmp_path / f"signin{len(option)}.xlsx"
        code, _out, err = run(
            capsys, "export", "signin", "--meeting", m21, "-o", str(target), *option,
            "--database", database_location,
        )  # fmt: skip
        assert (code, err) == (0, "")
        names[bool(option)] = {row[1] for row in load_workbook(target).active.iter_rows(
            values_only=True)}  # fmt: skip
    assert "Mr. Michael OUTRAM APM" not in names[False]  # he joins virtually
    assert names[True] - names[False] == {"Mr. Michael OUTRAM APM"}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["export", "participants", "--meeting", "1", "--columns", "no,nickname"], 2,
         "'nickname' is not a column"),
        (["export", "signin", "--meeting", "1", "--status", "maybe"], 2, "'maybe' is not a status"),
        (["export", "participants", "--meeting", "4242"], 1, "No meeting has id 4242."),
        (["export", "participants"], 2, "the following arguments are required: --meeting"),
    ],
)  # fmt: skip
def test_export_refusals(
    capsys: pytest.CaptureFixture[str],
    database: Database,
    database_location: str,
    tmp_path: Path,
    argv: list[str],
    code: int,
    message: str,
) -> None:
    target = tmp_path / "x.xlsx"
    result, _, err = run(capsys, *argv, "-o", str(target), "--database", database_location)
    assert result == code
    assert message in err
    assert not target.exists()


@pytest.mark.parametrize("what", ["contacts", "meetings", "actions"])
def test_other_exports(
    capsys: pytest.CaptureFixture[str], database_location: str, tmp_path: Path, what: str
) -> None:
    from openpyxl import load_workbook

    run(capsys, "demo", "--database", database_location)
    target = tmp_path / f"{what}.xlsx"
    code, _, err = run(capsys, "export", what, "-o", str(target), "--database", database_location)
    assert (code, err) == (0, "")
    assert load_workbook(target).active.max_row > 3


def test_import_registrations_exit_codes(
    capsys: pytest.CaptureFixture[str], database_location: str, tmp_path: Path
) -> None:
    from registration_files import workbook

    m21 = demo_meeting_21(capsys, database_location)
    good = workbook(tmp_path / "good.xlsx", ["Surname", "E-mail"], [["Ito", "k.ito@example.org"]])
    bad = workbook(
        tmp_path / "bad.xlsx", ["Surname", "E-mail"], [["Ito", "k.ito@"], ["", "x@example.org"]]
    )
    base = ["import", "registrations", "--meeting", m21, "--database", database_location]

    code, out, err = run(capsys, *base, str(bad))
    assert code == 1
    assert "row 2, column 'E-mail': 'k.ito@' is not an e-mail address" in err
    assert "row 3, column 'Surname': missing family name" in err
    assert "Traceback" not in err

    code, out, _ = run(capsys, *base, str(good), "--dry-run")
    assert code == 0
    assert "1 row: 1 person created" in out
    assert "dry run" in out

    code, out, _ = run(capsys, *base, str(good))
    assert code == 0
    assert "1 row: 1 person created, 0 matched" in out
    code, out, _ = run(capsys, *base, str(good))
    assert "0 people created, 1 matched" in out

    code, _, err = run(capsys, *base, str(tmp_path / "missing.xlsx"))
    assert code == 1
    assert "missing.xlsx cannot be read" in err

    code, _, err = run(capsys, *base, str(good), "--map", "E-mail=nickname")
    assert code == 1
    assert "'nickname' is not a field" in err


def test_survey_commands(
    capsys: pytest.CaptureFixture[str], database_location: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    run(capsys, "demo", "--database", database_location)
    code, out, _ = run(capsys, "survey", "list", "--json", "--database", database_location)
    (survey,) = json.loads(out)
    assert (survey["recipients"], survey["responses"], survey["deadline"]) == (8, 6, "2024-03-31")
    assert survey["meeting"] == "21st RTC Heads Meeting"

    forms = tmp_path / "forms"
    code, out, _ = run(
        capsys,
        "survey",
        "forms",
        str(survey["id"]),
        "-o",
        str(forms),
        "--database",
        database_location,
    )
    assert code == 0
    assert "Wrote 8 forms" in out
    wongsawat = next(forms.glob("*WONGSAWAT*"))
    workbook = load_workbook(wongsawat)
    answers = {"shared_knowledge": "Yes", "national_trainings": 1, "applied_in_work": 9,
               "efficiency": 3, "modernisation_started": "No"}  # fmt: skip
    for row in workbook["Questionnaire"].iter_rows():
        if row[0].value in answers:
            row[3].value = answers[row[0].value]
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    base = ["survey", "collect", str(returned), "--database", database_location]
    code, out, err = run(capsys, *base)
    assert code == 1
    assert "cannot read Q5 How much have you applied what you…: 9 is outside the scale" in err
    assert "nothing was written" in err
    code, out, err = run(capsys, *base, "--partial")
    assert code == 1
    assert "is closed. Collect with --reopen" in err  # the demo survey closed in March
    code, out, err = run(capsys, *base, "--partial", "--reopen")
    assert "Reopened 'Follow-up actions after the 21st RTC Heads Meeting'." in out
    assert "1 new response, " in out
    assert "incomplete (still to chase): Mr. Somchai WONGSAWAT" in out
    code, out, _ = run(capsys, "survey", "list", "--json", "--database", database_location)
    assert json.loads(out)[0]["responses"] == 7

    target = tmp_path / "results.xlsx"
    code, out, _ = run(
        capsys, "survey", "export", str(survey["id"]), "-o", str(target), "--headers", "codes",
        "--database", database_location,
    )  # fmt: skip
    assert code == 0
    header = next(
        r for r in load_workbook(target)["Responses"].iter_rows(values_only=True)
        if r and r[0] == "Respondent"
    )  # fmt: skip
    assert header[3] == "shared_knowledge"


@pytest.mark.postgresql
def test_backup_of_a_server_database_explains_pg_dump(
    capsys: pytest.CaptureFixture[str], postgres_server: TestServer, tmp_path: Path
) -> None:
    url = postgres_server.fresh_shared_database()
    code, out, err = run(capsys, "backup", "-o", str(tmp_path / "copy.sqlite"), "--database", url)
    assert (code, out) == (1, "")
    assert "pg_dump" in err
    assert not (tmp_path / "copy.sqlite").exists()


def test_the_database_and_name_chosen_in_the_preferences_apply_to_commands(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    write_setting(DATABASE, str(db_path))
    write_setting(HISTORY_USER_NAME, "Kenji SATO")
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "7 meetings" in out
    with sqlite3.connect(db_path) as conn:
        names = conn.execute("SELECT DISTINCT user_name FROM history_entries").fetchall()
    assert names == [("Kenji SATO",)]
