"""What the export and import dialogs ask of the services: counts per status,
a plain refusal for a file that cannot be written, the first sheet with a
table, one column per field, and organisations the coordinator declined."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from registration_files import workbook
from sqlalchemy import select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Participation
from rtcdesk.errors import FileRefusedError, FileWriteError
from rtcdesk.services import exports
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import set_status
from rtcdesk.services.registrations import (
    ImportOptions,
    ImportRefusedError,
    assign,
    import_registrations,
    read_layout,
)
from rtcdesk.vocabulary import ParticipationStatus


def m21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def test_participants_are_counted_per_status(demo: Database) -> None:
    meeting_id = m21(demo)
    with demo.write() as s:
        ids = s.scalars(
            select(Participation.id).where(Participation.meeting_id == meeting_id)
        ).all()
        set_status(s, ids[:2], ParticipationStatus.CANCELLED)
    with demo.read() as s:
        counts = exports.participant_status_counts(s, meeting_id)
        assert counts[ParticipationStatus.ATTENDED] == 20
        assert counts[ParticipationStatus.CANCELLED] == 2
        assert counts[ParticipationStatus.INVITED] == 0
        assert set(counts) == set(ParticipationStatus)
        assert exports.participant_count(s, meeting_id) == 22
        assert exports.participant_count(s, meeting_id, [ParticipationStatus.CANCELLED]) == 2
        sheet = exports.participant_list_sheet(
            s, meeting_id, statuses=[ParticipationStatus.ATTENDED]
        )
        assert sheet.row_count == 20 == len(list(sheet.rows()))


def test_a_target_that_cannot_be_written_is_refused_in_plain_words(
    demo: Database, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    target = tmp_path / "notes.txt" / "list.xlsx"
    with demo.read() as s, pytest.raises(FileWriteError, match=r"list\.xlsx cannot be written"):
        exports.export(target, exports.meetings_sheet(s))


def test_the_first_sheet_with_a_table_is_read(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "How to fill in"
    book.active.append(["Write one person per row."])
    listing = book.create_sheet("Participants")
    listing.append(["Surname", "Given name"])
    listing.append(["Rahman", "Aisha"])
    path = tmp_path / "two.xlsx"
    book.save(path)

    layout = read_layout(path)
    assert layout.sheet.sheet == "Participants"
    assert layout.sheet.sheet_names == ("How to fill in", "Participants")
    with pytest.raises(FileRefusedError, match="sheet 'How to fill in': no header row found"):
        read_layout(path, "How to fill in")


def test_a_file_without_any_table_gives_the_first_sheets_reason(tmp_path: Path) -> None:
    path = workbook(tmp_path / "none.xlsx", ["Alpha", "Beta"], [["1", "2"]], sheet="Data")
    with pytest.raises(FileRefusedError, match="sheet 'Data': no header row found"):
        read_layout(path)


def test_a_field_is_fed_by_one_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", ["Surname", "Given name", "Other"], [["A", "B", "C"]])
    layout = read_layout(path)
    assert layout.mapping == {0: "family_name", 1: "given_name"}
    moved = assign(layout, 2, "family_name")
    assert moved.mapping == {1: "given_name", 2: "family_name"}
    assert layout.mapping == {0: "family_name", 1: "given_name"}  # unchanged
    assert assign(moved, 1, None).mapping == {2: "family_name"}
    assert moved.column_label(2) == "Other"
    with pytest.raises(ValueError, match="nickname"):
        assign(layout, 2, "nickname")


def test_a_declined_organisation_refuses_its_rows_only(demo: Database, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "orgs.xlsx",
        ["Surname", "Agency"],
        [["Doe", "Mystery Agency"], ["Roe", "Friendly Agency"]],
    )
    layout = read_layout(path)
    declined = ImportOptions(declined_organisations=frozenset({"Mystery Agency"}))
    with pytest.raises(ImportRefusedError) as refused, demo.write() as s:
        import_registrations(s, m21(demo), layout, declined)
    assert refused.value.result.unknown_organisations == ["Mystery Agency"]
    assert [str(p) for p in refused.value.result.problems] == [
        "sheet 'Registrations', row 2, column 'Agency': 'Mystery Agency' is not a known "
        "organisation (confirm creating it)"
    ]

    good_rows = ImportOptions(
        declined_organisations=frozenset({"Mystery Agency"}), skip_invalid=True
    )
    with demo.write() as s:
        result = import_registrations(s, m21(demo), layout, good_rows)
    assert (result.created, result.skipped) == (1, 1)
    assert result.organisations_created == ["Friendly Agency"]
    with demo.read() as s:
        names = set(s.scalars(select(Organisation.name).where(Organisation.name.like("%Agency"))))
        assert names == {"Friendly Agency"}
