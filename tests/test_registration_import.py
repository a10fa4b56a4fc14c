"""Importing registration lists made by other administrations, each in its
own layout, through the service and the command line."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import StatementCounter
from factories import make_meeting, make_person, org_id
from registration_files import billion_laughs, csv_file, workbook, zip_bomb
from sqlalchemy import func, select

from rtcdesk.cli import main
from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Participation, Person
from rtcdesk.errors import FileRefusedError, ValidationError
from rtcdesk.excel.reading import read_table
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.registrations import (
    ImportOptions,
    ImportRefusedError,
    ImportResult,
    find_layout,
    import_registrations,
    remap,
)
from rtcdesk.vocabulary import AttendanceMode, ParticipationStatus

HEADER = ["No", "Surname", "First name", "Designation", "Name of Administration",
          "E-mail address", "Mode", "Arrival"]  # fmt: skip


def m21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def run_import(
    database: Database, path: Path, options: ImportOptions | None = None, **remaps: str
) -> ImportResult:
    layout = find_layout(read_table(path))
    if remaps:
        layout = remap(layout, [f"{k}={v}" for k, v in remaps.items()])
    with database.write() as s:
        return import_registrations(s, m21(database), layout, options or ImportOptions())


def snapshot(database: Database) -> tuple[int, int, int]:
    with database.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Person)) or 0,
            s.scalar(select(func.count()).select_from(Participation)) or 0,
            s.scalar(select(func.count()).select_from(Organisation)) or 0,
        )


def person(database: Database, family: str) -> Person:
    with database.read() as s:
        return s.scalars(select(Person).where(Person.family_name == family)).one()


def test_header_below_title_rows_and_merged_cells(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "japan.xlsx",
        HEADER,
        [
            [1, "AOYAMA ", " Shigetoshi", "Managing Director", "Japan Customs", "", "Physical",
             "14/11/2023"],
            [],
            [2, "Nguyễn", "Văn An", "Officer", "Viet Nam Customs Academy",
             "an.nguyen@customs.example", "Online", datetime(2023, 11, 13)],
        ],
        title_rows=["WCO Regional Workshop — registration list", "Submitted by Japan Customs"],
    )  # fmt: skip
    layout = find_layout(read_table(path))
    assert layout.header_row == 4
    assert sorted(layout.mapping.values()) == [
        "arrival_date", "attendance", "email", "family_name", "given_name", "organisation",
        "position",
    ]  # fmt: skip
    result = run_import(demo, path)
    assert (result.rows, result.created, result.matched) == (2, 1, 1)
    assert result.organisations_created == ["Viet Nam Customs Academy"]
    aoyama = person(demo, "Aoyama")  # matched, not duplicated as "AOYAMA"
    nguyen = person(demo, "Nguyễn")
    assert (nguyen.given_name, nguyen.email) == ("Văn An", "an.nguyen@customs.example")
    with demo.read() as s:
        rows = {
            p.person_id: p
            for p in s.scalars(select(Participation).where(Participation.meeting_id == m21(demo)))
        }
    assert rows[aoyama.id].arrival_date == date(2023, 11, 14)
    assert rows[nguyen.id].arrival_date == date(2023, 11, 13)
    assert rows[nguyen.id].attendance_mode is AttendanceMode.VIRTUAL
    assert rows[nguyen.id].status is ParticipationStatus.REGISTERED


def test_names_keep_their_case_and_cjk(database: Database, tmp_path: Path) -> None:
    with database.write() as s:
        make_meeting(s, series="RTC Heads Meeting", ordinal=21)
    path = workbook(
        tmp_path / "names.xlsx",
        ["Family name", "Given name", "Email"],
        [["McDONALD", "Mary-Ann", "m.mcdonald@example.org"], ["陳", "大文", ""],
         ["van der Berg", "Jan", ""]],
    )  # fmt: skip
    run_import(database, path)
    assert person(database, "McDONALD").given_name == "Mary-Ann"
    assert person(database, "陳").given_name == "大文"
    assert person(database, "van der Berg").given_name == "Jan"


def test_csv_with_bom_semicolons_and_a_comma_in_a_name(demo: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "hk.csv",
        [
            "Last name;First name;Agency;Email",
            'CHAN;Tai Man;"Customs and Excise Department, Hong Kong China";tm.chan@hk.example',
            "LEE;Ka Ho;Hong Kong, China;kh.lee@hk.example",
        ],
        bom=True,
    )
    result = run_import(demo, path)
    assert result.created == 2
    assert result.organisations_created == ["Hong Kong, China"]
    chan = person(demo, "CHAN")
    with demo.read() as s:
        assert chan.organisation_id == org_id(s, "Customs and Excise Department, Hong Kong China")


def test_csv_with_commas(demo: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "plain.csv",
        ["Surname,Given name,Organisation", 'Kumar,Anil,"Central Board of Indirect Taxes and '
         'Customs, India"'],
    )  # fmt: skip
    result = run_import(demo, path)
    assert (result.created, result.organisations_created) == (1, [])


def test_refused_rows_are_all_listed_and_nothing_is_written(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        ["Surname", "Given name", "E-mail", "Arrival"],
        [
            ["Good", "Row", "good@example.org", "2023-11-14"],
            ["", "NoFamily", "nofamily@example.org", None],
            ["Bad", "Mail", "bad@", None],
            ["Formula", "=1+1", "f@example.org", None],
            ["Late", "Date", "late@example.org", "next week"],
            ["Twice", "Mail", "GOOD@example.org", None],
        ],
    )
    before = snapshot(demo)
    with pytest.raises(ImportRefusedError) as refused:
        run_import(demo, path)
    problems = [str(p) for p in refused.value.result.problems]
    assert problems == [
        "sheet 'Registrations', row 3, column 'Surname': missing family name",
        "sheet 'Registrations', row 4, column 'E-mail': 'bad@' is not an e-mail address",
        "sheet 'Registrations', row 5, column 'Given name': a formula in a cell",
        "sheet 'Registrations', row 6, column 'Arrival': 'next week' is not a date "
        "(write it as 2023-11-14 or 14/11/2023)",
        "sheet 'Registrations', row 7, column 'E-mail': the same person as row 2",
    ]
    assert snapshot(demo) == before


def test_importing_only_the_good_rows(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "mixed.xlsx",
        ["Surname", "E-mail"],
        [["Good", "good@example.org"], ["Bad", "bad@"]],
    )
    result = run_import(demo, path, ImportOptions(skip_invalid=True))
    assert (result.created, result.skipped) == (1, 1)
    assert person(demo, "Good").email == "good@example.org"


def test_dry_run_reports_and_writes_nothing(demo: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path / "dry.xlsx", ["Surname", "Organisation"], [["New", "Brand New Org"]])
    before = snapshot(demo)
    result = run_import(demo, path, ImportOptions(dry_run=True))
    assert (result.created, result.organisations_created) == (1, ["Brand New Org"])
    assert "dry run" in result.summary()
    assert snapshot(demo) == before


def test_same_file_twice_matches_everyone(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "twice.xlsx",
        ["Surname", "Given name", "Email"],
        [["Ito", "Ken", "k.ito@example.org"], ["Sato", "Yuki", "YUKI.SATO@rtc-japan.example"]],
    )
    first = run_import(demo, path)
    assert (first.created, first.matched) == (1, 1)
    after_first = snapshot(demo)
    second = run_import(demo, path)
    assert (second.created, second.matched, second.updated) == (0, 2, 0)
    assert snapshot(demo) == after_first


def test_near_matches_are_candidates_not_merges(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "near.xlsx",
        ["Family name", "Given name", "Organisation"],
        [["Park", "Jin-ho", "RTC Korea"]],
    )
    result = run_import(demo, path)
    assert result.created == 1
    (candidate,) = result.candidates
    assert candidate.name == "Mr. PARK Jinho"
    assert candidate.score >= 85
    with demo.read() as s:
        assert s.scalar(select(func.count()).where(Person.family_name == "Park")) == 2


def test_a_confirmed_candidate_is_used(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "near.xlsx",
        ["Family name", "Given name", "Organisation", "Mode"],
        [["Park", "Jin-ho", "RTC Korea", "Online"]],
    )
    park = person(demo, "Park")
    result = run_import(demo, path, ImportOptions(confirmed_matches={2: park.id}))
    assert (result.created, result.matched, result.updated) == (0, 1, 1)


def test_unknown_organisations_wait_for_confirmation(demo: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path / "org.xlsx", ["Surname", "Agency"], [["Doe", "Mystery Agency"]])
    before = snapshot(demo)
    with pytest.raises(ImportRefusedError) as refused:
        run_import(demo, path, ImportOptions(create_organisations=False))
    assert refused.value.result.unknown_organisations == ["Mystery Agency"]
    assert snapshot(demo) == before


def test_columns_in_another_order_and_a_corrected_mapping(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "order.xlsx",
        ["Mail", "NAME (CAPS)", "Given", "Sex"],
        [["z.zhou@example.org", "ZHOU", "Li", "F"]],
    )
    with pytest.raises(ValidationError, match="no column is mapped to it"):
        run_import(demo, path)
    result = run_import(demo, path, **{"NAME (CAPS)": "family_name", "Given": "given_name"})
    assert result.created == 1
    zhou = person(demo, "ZHOU")
    assert (zhou.given_name, zhou.gender.value) == ("Li", "female")


def test_an_unknown_field_in_the_mapping_is_refused(demo: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", ["Surname", "Given name"], [["A", "B"]])
    with pytest.raises(ValidationError, match="'nickname' is not a field"):
        remap(find_layout(read_table(path)), ["Given name=nickname"])


def test_existing_people_gain_empty_fields_only(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        make_person(s, "Rahman", "Aisha", email="a.rahman@example.org", position="Director")
    path = workbook(
        tmp_path / "update.xlsx",
        ["Surname", "E-mail", "Position", "Phone"],
        [["Rahman", "A.Rahman@example.org", "Deputy", "+880 2 555"]],
    )
    result = run_import(demo, path)
    assert (result.matched, result.updated) == (1, 1)
    rahman = person(demo, "Rahman")
    assert (rahman.position, rahman.phone) == ("Director", "+880 2 555")


# -- untrusted files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000),
         "legacy Excel (.xls) file or a password-protected workbook"),
        (lambda p: p.write_text("Surname\nPlain text named xlsx"),
         "neither an Excel workbook (.xlsx) nor a CSV file"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 300), "damaged or incomplete"),
        (zip_bomb, "refused unopened"),
    ],
)  # fmt: skip
def test_hostile_or_broken_files_are_refused(
    demo: Database, tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "input.xlsx"
    make(path)  # type: ignore[operator]
    before = snapshot(demo)
    started = time.monotonic()
    with pytest.raises(FileRefusedError, match=re.escape(message)):
        run_import(demo, path)
    assert time.monotonic() - started < 30  # bounded, not a benchmark
    assert snapshot(demo) == before


def test_a_truncated_workbook_is_refused(demo: Database, tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", ["Surname"], [["Whole"]])
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(FileRefusedError, match=r"cut\.xlsx"):
        read_table(truncated)


def test_entity_tricks_are_refused(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(FileRefusedError, match="entity tricks"):
        read_table(billion_laughs(tmp_path / "lol.xlsx"))


def test_more_than_100000_rows_is_refused(tmp_path: Path) -> None:
    lines = ["Surname"] + [f"Name{n}" for n in range(100_001)]
    path = csv_file(tmp_path / "huge.csv", lines)
    with pytest.raises(FileRefusedError, match="more than 100,000 rows"):
        read_table(path)


def test_a_file_that_is_not_utf8_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Surname\nMüller\n".encode("latin-1"))
    with pytest.raises(FileRefusedError, match=r"not UTF-8 text \(line 2\)"):
        read_table(path)


def test_no_header_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", ["Alpha", "Beta"], [["1", "2"]])
    with pytest.raises(FileRefusedError, match="no header row found"):
        find_layout(read_table(path))


def test_a_missing_sheet_names_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", ["Surname"], [["A"]], sheet="List")
    with pytest.raises(FileRefusedError, match="no sheet called 'Other'; its sheets are 'List'"):
        read_table(path, "Other")


def statements_of_an_import(database: Database, path: Path) -> int:
    """How many SQL statements one import sends to the database."""
    with StatementCounter(database) as counter:
        run_import(database, path)
    return counter.count


def test_an_import_asks_the_database_the_same_few_questions_for_10_rows_or_300(
    demo: Database, tmp_path: Path
) -> None:
    """No question per row (the N+1 that made 10,000 rows take minutes): the
    people a list may name are fetched once, and one flush writes them."""

    def rows(count: int, start: int) -> list[list[str]]:
        return [
            [f"NEWCOMER{n:04d}", "Ana", "Japan Customs", f"ana{n}@newcomers.example"]
            for n in range(start, start + count)
        ] + [["Sato", "Yuki", "RTC Japan", "YUKI.SATO@rtc-japan.example"]]

    header = ["Surname", "Given name", "Organisation", "Email"]
    small = statements_of_an_import(demo, workbook(tmp_path / "10.xlsx", header, rows(10, 0)))
    large = statements_of_an_import(demo, workbook(tmp_path / "300.xlsx", header, rows(300, 10)))
    assert large <= small + 4, (small, large)
    with demo.read() as s:
        assert s.scalar(select(func.count()).where(Person.family_name.like("NEWCOMER%"))) == 310


def test_a_list_with_the_name_columns_swapped_still_offers_the_person(
    demo: Database, tmp_path: Path
) -> None:
    """ "Jinho" under Family name and "PARK" under Given name: the person on
    record is offered, found through the given-name column."""
    path = workbook(
        tmp_path / "swapped.xlsx",
        ["Family name", "Given name", "Organisation"],
        [["Jinho", "PARK", "RTC Korea"]],
    )
    result = run_import(demo, path)
    (candidate,) = result.candidates
    assert candidate.name == "Mr. PARK Jinho"


def test_a_refused_row_leaves_no_organisation_behind(demo: Database, tmp_path: Path) -> None:
    """The row is checked in full before its new organisation is created: a
    row skipped for a bad value creates nothing."""
    path = workbook(
        tmp_path / "bad.xlsx",
        ["Surname", "Given name", "Organisation", "Title"],
        [["Doe", "Jane", "Brand New Agency", "T" * 41], ["Roe", "Rick", "RTC Japan", "Mr."]],
    )
    before = snapshot(demo)
    result = run_import(demo, path, ImportOptions(skip_invalid=True))
    assert (result.created, result.skipped) == (1, 1)
    assert result.organisations_created == []
    assert snapshot(demo) == (before[0] + 1, before[1] + 1, before[2])


def test_the_command_line_summarises_a_long_report_and_writes_it_whole(
    demo: Database, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twelve namesakes of PARK Jinho with addresses of their own: the screen
    shows the first five near matches and how many more, the report file all."""
    path = workbook(
        tmp_path / "parks.xlsx",
        ["Family name", "Given name", "Organisation", "Email"],
        [["Park", "Jin-ho", "RTC Korea", f"jh{n}@parks.example"] for n in range(12)],
    )
    meeting = str(m21(demo))
    demo.dispose()
    report = tmp_path / "report.txt"
    argv = ["import", "registrations", "--meeting", meeting, str(path), "--dry-run"]
    assert main([*argv, "--database", database_location]) == 0
    out = capsys.readouterr().out
    near = [line for line in out.splitlines() if line.startswith("  row ")]
    assert len(near) == 5
    assert near[0].startswith("  row 2: Jin-ho Park may be Mr. PARK Jinho (RTC Korea)")
    (heading,) = [line for line in out.splitlines() if "near matches of a row" in line]
    total = int(heading.split()[0])
    assert total >= 12  # PARK Jinho for each row, and the namesakes of earlier rows
    assert f"  … and {total - 5} more" in out
    assert "(--report FILE lists them all)" in out

    assert main([*argv, "--report", str(report), "--database", database_location]) == 0
    written = report.read_text(encoding="utf-8").splitlines()
    assert written[0] == heading
    assert len([line for line in written if line.startswith("  row ")]) == total
    assert f"Every row to look at is listed in {report}" in capsys.readouterr().out
