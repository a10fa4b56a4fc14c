"""No silent loss (issue 13): each hole an independent run found, reproduced
and closed. The numbers in the test names are the issue's."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import postgres_servers
import pytest
from factories import make_person
from openpyxl import load_workbook
from registration_files import csv_file, workbook
from sqlalchemy import func, select, text

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Participation, Person, Survey
from rtcdesk.db.sqlite_file import file_system_type, is_on_network_drive
from rtcdesk.errors import (
    ConcurrentChangeError,
    DatabaseDamagedError,
    DatabaseError,
    DatabaseUnavailableError,
    FileRefusedError,
)
from rtcdesk.excel.reading import read_table
from rtcdesk.instance_lock import InstanceLock
from rtcdesk.services import exports
from rtcdesk.services.backups import take_automatic_backup
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.registration_columns import FIELDS
from rtcdesk.services.registrations import (
    ImportOptions,
    find_layout,
    import_into,
    import_registrations,
)
from rtcdesk.services.startup import open_database
from rtcdesk.vocabulary import AttendanceMode, Gender, ParticipantRole, ParticipationStatus

HEADER = ["Surname", "Given name", "E-mail", "Organisation"]


def meeting_21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def layout_of(path: Path):  # type: ignore[no-untyped-def]
    return find_layout(read_table(path))


def count(database: Database, model: type) -> int:
    with database.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def cli(
    *argv: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtcdesk", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


# -- 1. one file, two paths ---------------------------------------------------------------


def test_1_a_database_with_a_second_name_is_refused_by_the_app_and_the_command_line(
    tmp_path: Path,
) -> None:
    first = tmp_path / "a.sqlite"
    open_database(first).database.dispose()
    second = tmp_path / "b.sqlite"
    os.link(first, second)
    for name in (first, second):
        with pytest.raises(DatabaseError, match="has 2 names on this disk"):
            open_database(name)
        with pytest.raises(DatabaseError, match="has 2 names"):
            InstanceLock(name).acquire()
    done = cli("demo", "--database", str(second))
    assert done.returncode == 1
    assert "has 2 names on this disk (hard links to one file)" in done.stderr
    with sqlite3.connect(first) as conn:
        assert conn.execute("SELECT count(*) FROM meetings").fetchone() == (0,)


def test_1_a_folder_reached_through_a_symbolic_link_shares_one_lock(tmp_path: Path) -> None:
    """The lock goes by the real path: a second rtcdesk opening the file
    through a linked folder finds it held."""
    real = tmp_path / "real"
    real.mkdir()
    database_file = real / "rtcdesk.sqlite"
    open_database(database_file).database.dispose()
    (tmp_path / "alias").symlink_to(real)
    with InstanceLock(database_file):
        done = cli("demo", "--database", str(tmp_path / "alias" / "rtcdesk.sqlite"))
    assert done.returncode == 1
    assert "is open in another rtcdesk" in done.stderr
    assert str(database_file) in done.stderr


MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home rw,relatime shared:20 - ext4 /dev/sda2 rw
51 40 0:44 / /home/anna/Shared\040Drive rw,relatime shared:30 - cifs //fs01/rtc rw,vers=3.0
52 22 0:45 /exports /mnt/team rw,relatime shared:31 - nfs4 fs02:/exports rw
"""


def test_1_a_network_drive_is_told_from_a_local_disk_by_its_mount() -> None:
    assert file_system_type(Path("/home/anna/rtcdesk.sqlite"), MOUNTINFO) == "ext4"
    assert file_system_type(Path("/home/anna/Shared Drive/rtc.sqlite"), MOUNTINFO) == "cifs"
    assert is_on_network_drive(Path("/home/anna/Shared Drive/x"), MOUNTINFO)
    assert is_on_network_drive(Path("/mnt/team/rtcdesk.sqlite"), MOUNTINFO)
    assert not is_on_network_drive(Path("/mnt/teammate/x"), MOUNTINFO)
    assert not is_on_network_drive(Path("/home/anna/Shared Drive2/x"), MOUNTINFO)


def test_1_a_local_database_keeps_its_write_ahead_log(sqlite_database: Database) -> None:
    assert not sqlite_database.on_network_drive
    with sqlite_database.read() as s:
        assert s.scalar(text("PRAGMA journal_mode")) == "wal"


# -- 2. team-mode races -------------------------------------------------------------------


def shared_lists(tmp_path: Path, shared: int = 50) -> tuple[Path, Path]:
    """Two lists sharing ``shared`` e-mail addresses (in other cases) and one
    new organisation, each with five people of its own."""
    common = [
        [f"SHARED{i}", "Person", f"shared{i}@team.example", "Customs Academy of Atlantis"]
        for i in range(shared)
    ]
    first = [[f"ONLYA{i}", "Person", f"a{i}@team.example", "Japan Customs"] for i in range(5)]
    second = [[f"ONLYB{i}", "Person", f"b{i}@team.example", "Japan Customs"] for i in range(5)]
    upper = [[f, g, e.upper(), o] for f, g, e, o in common]
    return (
        workbook(tmp_path / "first.xlsx", HEADER, common + first),
        workbook(tmp_path / "second.xlsx", HEADER, second + upper[::-1]),
    )


def test_2_two_imports_at_once_create_each_person_and_organisation_once(
    demo: Database, tmp_path: Path
) -> None:
    """The first import holds its transaction open while the second runs into
    the same new people and organisation; the second waits, clashes, starts
    again and matches what the first created."""
    first, second = shared_lists(tmp_path)
    meeting_id = meeting_21(demo)
    people_before = count(demo, Person)
    holding, release = threading.Event(), threading.Event()
    results = {}

    def hold_first() -> None:
        with demo.write() as s:
            results["first"] = import_registrations(
                s, meeting_id, layout_of(first), ImportOptions()
            )
            holding.set()
            release.wait(30)

    def run_second() -> None:
        results["second"] = import_into(demo, meeting_id, layout_of(second))

    holder = threading.Thread(target=hold_first)
    holder.start()
    assert holding.wait(60)
    racer = threading.Thread(target=run_second)
    racer.start()
    time.sleep(1.5)  # the second import is now waiting on the first's rows
    release.set()
    holder.join(60)
    racer.join(120)
    assert not racer.is_alive()
    assert results["first"].created == 55
    assert (results["second"].created, results["second"].matched) == (5, 50)
    assert count(demo, Person) == people_before + 60
    with demo.read() as s:
        atlantis = s.scalar(
            select(func.count())
            .select_from(Organisation)
            .where(Organisation.name == "Customs Academy of Atlantis")
        )
        assert atlantis == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(Participation)
                .join(Person)
                .where(Participation.meeting_id == meeting_id, Person.email.ilike("%@team.example"))
            )
            == 60
        )


@pytest.fixture
def server_demo(postgres_server: postgres_servers.TestServer) -> Iterator[Database]:
    """The demo on the test PostgreSQL server: where two saves can clash (on
    SQLite one writer goes at a time) and a server can go away."""
    from rtcdesk.services.demo import load_demo

    opened = open_database(postgres_server.fresh_shared_database())
    with opened.database.write() as session:
        load_demo(session)
    yield opened.database
    opened.database.dispose()


@pytest.mark.postgresql
def test_2_a_clash_that_is_not_retried_is_said_in_plain_words(
    server_demo: Database, tmp_path: Path
) -> None:
    demo = server_demo
    first, second = shared_lists(tmp_path, shared=3)
    meeting_id = meeting_21(demo)
    holding, release = threading.Event(), threading.Event()

    def hold_first() -> None:
        with demo.write() as s:
            import_registrations(s, meeting_id, layout_of(first), ImportOptions())
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold_first)
    holder.start()
    assert holding.wait(60)
    threading.Timer(1.5, release.set).start()
    layout = layout_of(second)
    with (
        pytest.raises(ConcurrentChangeError, match="A colleague saved") as clash,
        demo.write() as s,
    ):
        import_registrations(s, meeting_id, layout, ImportOptions())
    holder.join(60)
    assert "@team.example" not in str(clash.value)


def test_2_two_command_line_imports_at_once_count_every_person_once(
    demo: Database, database_location: str, tmp_path: Path
) -> None:
    """Two processes import at the same moment. On PostgreSQL both go through;
    on SQLite the second may find the file taken (one writer at a time) and is
    run again once the first is done. Either way each person exists once."""
    first, second = shared_lists(tmp_path)
    meeting = str(meeting_21(demo))
    people_before = count(demo, Person)
    demo.dispose()
    command = [sys.executable, "-m", "rtcdesk", "import", "registrations", "--meeting", meeting]
    runs = [
        subprocess.Popen(
            [*command, str(path), "--database", database_location],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first, second)
    ]
    outcomes = [(run.wait(180), run.stderr.read() if run.stderr else "") for run in runs]
    for (code, err), path in zip(outcomes, (first, second), strict=True):
        if code != 0:
            assert database_location.endswith(".sqlite"), err
            assert code == 1, err
            assert "is open in another rtcdesk" in err
            again = cli("import", "registrations", "--meeting", meeting, str(path),
                        "--database", database_location)  # fmt: skip
            assert again.returncode == 0, again.stderr
    assert count(demo, Person) == people_before + 60


# -- 3. columns dropped without a word ----------------------------------------------------


def test_3_a_special_requests_column_lands_in_the_participants_notes(
    demo: Database, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "requests.xlsx",
        [*HEADER, "Special requests"],
        [["NEWCOMER", "Ana", "ana@requests.example", "Japan Customs", "Vegetarian meals"]],
    )
    import_into(demo, meeting_21(demo), layout_of(path))
    import_into(demo, meeting_21(demo), layout_of(path))  # the same list again adds nothing
    with demo.read() as s:
        notes = s.scalar(
            select(Participation.notes).join(Person).where(Person.family_name == "NEWCOMER")
        )
    assert notes == "Vegetarian meals"


def test_3_an_e_mail_column_past_the_200th_is_read(demo: Database, tmp_path: Path) -> None:
    header = ["Surname", "Given name", *[f"Question {n}" for n in range(3, 251)], "E-mail"]
    rows = [[f"WIDE{n}", "Form", *[""] * 248, f"wide{n}@forms.example"] for n in range(3)]
    path = workbook(tmp_path / "wide.xlsx", header, rows)
    layout = layout_of(path)
    assert layout.mapping[250] == "email"
    import_into(demo, meeting_21(demo), layout)
    with demo.read() as s:
        emails = s.scalars(
            select(Person.email).where(Person.family_name.like("WIDE%")).order_by(Person.id)
        ).all()
    assert emails == ["wide0@forms.example", "wide1@forms.example", "wide2@forms.example"]


def test_3_a_csv_line_wider_than_a_spreadsheet_is_refused_by_line(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "wide.csv", ["Surname,E-mail", ",".join(["x"] * 16_385)])
    with pytest.raises(FileRefusedError, match=r"wide.csv, line 2: more than 16,384 columns"):
        read_table(path)


#: What each mapped column of a one-row list becomes, read back from the record.
LANDS = {
    "title": ("Dr.", lambda p, part, org: p.title),
    "given_name": ("Ana", lambda p, part, org: p.given_name),
    "family_name": ("EVERYFIELD", lambda p, part, org: p.family_name),
    "email": ("every@field.example", lambda p, part, org: p.email),
    "position": ("Director", lambda p, part, org: p.position),
    "organisation": ("Customs of Everyfield", lambda p, part, org: org.name),
    "economy": ("Everyfield", lambda p, part, org: org.economy),
    "phone": ("+81 3 1234 5678", lambda p, part, org: p.phone),
    "gender": ("Female", lambda p, part, org: p.gender),
    "attendance": ("Virtual", lambda p, part, org: part.attendance_mode),
    "role": ("Observer", lambda p, part, org: part.role),
    "status": ("Confirmed", lambda p, part, org: part.status),
    "post_nominals": ("PhD", lambda p, part, org: p.post_nominals),
    "arrival_date": (date(2023, 11, 13), lambda p, part, org: part.arrival_date),
    "departure_date": (date(2023, 11, 17), lambda p, part, org: part.departure_date),
    "notes": ("Needs a visa letter", lambda p, part, org: part.notes),
}
EXPECTED = {
    "gender": Gender.FEMALE,
    "attendance": AttendanceMode.VIRTUAL,
    "role": ParticipantRole.OBSERVER,
    "status": ParticipationStatus.CONFIRMED,
}


def test_3_every_field_a_column_can_be_mapped_to_is_saved(demo: Database, tmp_path: Path) -> None:
    assert set(LANDS) == set(FIELDS), "a new import field needs a line in LANDS"
    keys = list(LANDS)
    path = workbook(
        tmp_path / "every.xlsx",
        [FIELDS[k].label for k in keys],
        [[LANDS[k][0] for k in keys]],
    )
    layout = layout_of(path)
    assert sorted(layout.mapping.values()) == sorted(keys)
    import_into(demo, meeting_21(demo), layout)
    with demo.read() as s:
        person = s.scalars(select(Person).where(Person.family_name == "EVERYFIELD")).one()
        participation = s.scalars(
            select(Participation).where(Participation.person_id == person.id)
        ).one()
        organisation = s.get(Organisation, person.organisation_id)
        saved = {k: read(person, participation, organisation) for k, (_, read) in LANDS.items()}
    assert saved == {k: EXPECTED.get(k, value) for k, (value, _) in LANDS.items()}


def test_3_a_detail_that_differs_from_the_record_is_reported_not_dropped(
    demo: Database, database_location: str, tmp_path: Path
) -> None:
    """An import fills a matched person's empty fields and never overwrites;
    what the file says otherwise is reported, on the command line too."""
    path = workbook(
        tmp_path / "changed.xlsx",
        ["Surname", "Given name", "E-mail", "Position", "Phone"],
        [["MARTIN", "Élodie", "ELODIE.MARTIN@wco.example", "Director", "+32 2 209 9211"]],
    )
    result = import_into(demo, meeting_21(demo), layout_of(path), ImportOptions(dry_run=True))
    assert [str(k) for k in result.kept] == [
        "row 2: Ms. Élodie MARTIN keeps position 'Regional Development Manager' "
        "(the file says 'Director')"
    ]
    meeting = str(meeting_21(demo))
    demo.dispose()
    done = cli("import", "registrations", "--meeting", meeting, str(path),
               "--database", database_location)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 matched, 1 updated" in done.stdout  # the empty phone was filled in
    assert (
        "1 value differs from the record, which was not changed:\n"
        "  row 2: Ms. Élodie MARTIN keeps position 'Regional Development Manager' (the file says "
        "'Director')\n" in done.stdout
    )


# -- 4. ambiguous files -------------------------------------------------------------------


def test_4_a_workbook_with_two_parts_of_one_name_is_refused(tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", HEADER, [["SHOWN", "A", "", ""]])
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(twice, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        hidden = source.read("xl/worksheets/sheet1.xml").replace(b"SHOWN", b"HIDDEN")
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/worksheets/sheet1.xml", hidden)
    with pytest.raises(FileRefusedError, match=r"holds two parts named xl/worksheets/sheet1\.xml"):
        read_table(twice)


# -- 5. legitimate values refused ---------------------------------------------------------


def test_5_dashes_plus_signs_and_equals_are_stored_as_typed_and_exported_as_text(
    demo: Database, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "typed.csv",
        [
            "Surname,Given name,Position,Phone,Notes",
            "SUKARNO,-,-,+62 21 555 0101,=see letter",
            "WIDODO,Joko,Officer (=acting),-,@front desk",
        ],
    )
    meeting_id = meeting_21(demo)
    result = import_into(demo, meeting_id, layout_of(path))
    assert (result.created, result.problems) == (2, [])
    with demo.read() as s:
        sukarno = s.scalars(select(Person).where(Person.family_name == "SUKARNO")).one()
        assert (sukarno.given_name, sukarno.position, sukarno.phone) == (
            "-",
            "-",
            "+62 21 555 0101",
        )
    target = tmp_path / "list.xlsx"
    with demo.read() as s:
        columns = ["name", "given_name", "position", "phone", "notes"]
        exports.export(target, exports.participant_list_sheet(s, meeting_id, columns))
    sheet = load_workbook(target).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for typed in ("-", "+62 21 555 0101", "=see letter", "@front desk"):
        assert cells[typed].data_type == "s", typed
        assert cells[typed].quotePrefix, typed
    assert not cells["Officer (=acting)"].quotePrefix


# -- 6. environment blamed on a bug -------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(2, size // 4096 - 1):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad" * 200)


def test_6_a_damaged_file_is_said_to_be_damaged_at_open(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    opened = open_database(path)
    from rtcdesk.services.demo import load_demo

    with opened.database.write() as s:
        load_demo(s)
    backup = take_automatic_backup(opened.database, keep=10)
    assert backup is not None
    opened.database.dispose()
    damage(path)
    with pytest.raises(DatabaseDamagedError, match="is damaged") as refused:
        open_database(path)
    # The window cannot open, so its File > Restore from backup… cannot help: say where.
    assert f"The newest automatic backup is {backup.backup.path}" in str(refused.value)
    for command in (
        ["meetings", "list"],
        ["check"],
        ["export", "participants", "--meeting", "7", "-o", str(tmp_path / "x.xlsx")],
    ):
        done = cli(*command, "--database", str(path))
        assert done.returncode == 1, (command, done.stderr)
        assert "is damaged: SQLite cannot read all of it" in done.stderr
        assert "internal error" not in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_6_a_file_that_is_no_database_is_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my meeting notes, not a database.\n" * 200)
    done = cli("meetings", "list", "--database", str(path))
    assert done.returncode == 1
    assert "is damaged" in done.stderr
    assert path.read_bytes().startswith(b"These are my meeting notes")


def test_6_a_command_that_only_reads_never_creates_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    mistyped = folder / "rtcdsk.sqlite"
    for command in (["check"], ["meetings", "list"], ["survey", "list"]):
        done = cli(*command, "--database", str(mistyped))
        assert done.returncode == 1, done.stderr
        assert f"There is no database at {mistyped}" in done.stderr
    assert list(folder.iterdir()) == []


def test_6_output_cut_short_by_its_reader_is_no_error(
    demo: Database, database_location: str
) -> None:
    """`rtcdesk meetings list --json | head -c 1`: the reader has gone; no
    traceback, no "internal error"."""
    demo.dispose()
    process = subprocess.Popen(
        [sys.executable, "-m", "rtcdesk", "meetings", "list", "--json",
         "--database", database_location],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader stops before a byte is written
    code = process.wait(120)
    err = process.stderr.read().decode()
    assert code == 1
    assert err == ""


@pytest.mark.postgresql
def test_6_a_server_that_goes_away_mid_import_is_said_to_be_gone(
    server_demo: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    demo = server_demo
    first, _ = shared_lists(tmp_path, shared=3)
    meeting_id = meeting_21(demo)
    admin = Database(demo.url)
    people_before = count(demo, Person)
    layout = layout_of(first)

    def import_while_the_server_drops_the_connection() -> None:
        with demo.write() as s:
            backend = s.scalar(text("SELECT pg_backend_pid()"))
            with admin.engine.begin() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            import_registrations(s, meeting_id, layout, ImportOptions())

    with pytest.raises(DatabaseUnavailableError, match="connection to the database server"):
        import_while_the_server_drops_the_connection()
    admin.dispose()
    assert count(demo, Person) == people_before
    assert "57P01" in caplog.text or "OperationalError" in caplog.text


# -- 7. leftovers -------------------------------------------------------------------------

KILLED_EXPORT = """
import sys, time
from pathlib import Path
from openpyxl import Workbook
from rtcdesk.leftovers import claim_temp_folder, part_file

folder = claim_temp_folder()
workbook = Workbook(write_only=True)
sheet = workbook.create_sheet()
sheet.append(["AOYAMA", "Shigetoshi"])  # openpyxl's temporary file exists from here
with part_file(Path(sys.argv[1])) as part:
    part.write_bytes(b"half a workbook")
    print(part, folder, flush=True)
    time.sleep(600)
"""


def test_7_a_killed_export_leaves_nothing_once_rtcdesk_starts_again(
    demo: Database, database_location: str, tmp_path: Path
) -> None:
    demo.dispose()
    target = tmp_path / "out" / "participants.xlsx"
    target.parent.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    part, folder = map(Path, child.stdout.readline().split())
    child.kill()
    child.wait(30)
    assert part.exists()
    assert part.name.startswith(".rtcdesk-")
    assert any(f.name.startswith("openpyxl.") for f in folder.iterdir())
    done = cli("meetings", "list", "--database", database_location)
    assert done.returncode == 0, done.stderr
    assert list(target.parent.iterdir()) == []
    assert not folder.exists()


def test_7_exports_and_forms_follow_the_users_umask(
    demo: Database, database_location: str, tmp_path: Path
) -> None:
    if os.name != "posix":
        pytest.skip("permissions by umask are POSIX")
    meeting = str(meeting_21(demo))
    with demo.read() as s:
        survey = str(s.scalar(select(Survey.id)))
    demo.dispose()
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        folder = tmp_path / f"umask-{mask:03o}"
        script = (
            f"import os, sys; os.umask({mask}); from rtcdesk.cli import main; "
            "sys.exit(main(sys.argv[1:]))"
        )
        for command in (
            ["export", "participants", "--meeting", meeting, "-o", str(folder / "list.xlsx")],
            ["survey", "forms", survey, "-o", str(folder / "forms")],
        ):
            done = subprocess.run(
                [sys.executable, "-c", script, *command, "--database", database_location],
                capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        written = list(folder.rglob("*.xlsx"))
        assert len(written) > 1
        assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}


# -- 8. invisible characters --------------------------------------------------------------


def test_8_a_name_with_a_byte_order_mark_is_the_same_person(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        make_person(s, "THREE", "Ichiro", email="")
    path = csv_file(
        tmp_path / "marks.csv",
        ["Surname,Given name", "THREE\ufeff,\u200bIchiro", "\u202eAHMED\u202c,Ali\u200f"],
    )
    result = import_into(demo, meeting_21(demo), layout_of(path))
    assert (result.created, result.matched) == (1, 1)
    with demo.read() as s:
        assert s.scalar(select(func.count()).where(Person.family_name.like("THREE%"))) == 1
        assert (
            s.scalars(select(Person.given_name).where(Person.family_name == "AHMED")).one() == "Ali"
        )


# -- 9. a FIFO or device path --------------------------------------------------------------


def test_9_a_pipe_given_as_the_file_is_refused_at_once(
    demo: Database, database_location: str, tmp_path: Path
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "registrations.csv"
    os.mkfifo(pipe)
    meeting = str(meeting_21(demo))
    demo.dispose()
    done = cli("import", "registrations", "--meeting", meeting, str(pipe),
               "--database", database_location, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "registrations.csv is not a file but a pipe" in done.stderr
    for device in ("/dev/zero", "/dev/urandom"):
        with pytest.raises(FileRefusedError, match="is not a file but a device"):
            read_table(Path(device))
