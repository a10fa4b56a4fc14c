"""Personal data: erasing a person with everything that names them, exporting
everything held about one person, and log files that name nobody."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from factories import count_rows, make_meeting, make_organisation, make_person
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk import paths
from rtcdesk.cli import main
from rtcdesk.db.base import Base
from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    AgendaSpeaker,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    Person,
    SurveyAnswer,
    SurveyRecipient,
)
from rtcdesk.errors import ConflictError, NotFoundError, StaleEditError
from rtcdesk.services import meetings, outcomes, participants, people
from rtcdesk.services.people_merge import merge_people, merged_data
from rtcdesk.services.personal_data import (
    describe_plan,
    erase_person,
    erasure_plan,
    export_person,
    person_export_rows,
)

#: Mr. Rajesh SHARMA of the demo data: head of the RTC India delegation at the
#: 21st meeting, a speaker there, owner of an action item, and a survey respondent.
SHARMA_EMAIL = "rajesh.sharma@nacin.example"
MEETING_21 = "21st RTC Heads Meeting (14-16 Nov 2023)"


def person_named(s: Session, family: str) -> Person:
    return s.scalars(select(Person).where(Person.family_name == family)).one()


def sharma_id(database: Database) -> int:
    with database.read() as s:
        return person_named(s, "Sharma").id


def everything_stored(database: Database) -> str:
    """Every value of every table, as one folded text."""
    parts: list[str] = []
    with database.read() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                parts.extend(json.dumps(v, default=str, ensure_ascii=False) for v in row)
    return "\n".join(parts).casefold()


def table_counts(database: Database) -> dict[str, int]:
    with database.read() as s:
        return {
            model.__name__: count_rows(s, model)
            for model in (Meeting, AgendaItem, Delegation, Outcome, ActionItem, Organisation)
        }


# The plan -------------------------------------------------------------------------------


def test_the_plan_counts_and_names_what_goes_and_writes_nothing(demo: Database) -> None:
    ident = sharma_id(demo)
    before = everything_stored(demo)
    with demo.read() as s:
        plan = erasure_plan(s, ident)
    assert plan.name == "Mr. Rajesh SHARMA"
    assert plan.participations == (MEETING_21,)
    assert len(plan.speaker_slots) == 1
    assert plan.speaker_slots[0].startswith("“Presentations from the RTCs")
    assert plan.survey_invitations == (
        "“Follow-up actions after the 21st RTC Heads Meeting” (8 answers)",
    )
    assert plan.survey_answers == 8
    assert plan.headed_delegations == (f"RTC India at the {MEETING_21}",)
    assert plan.owned_actions == (f"“Prepare the 22nd RTC Heads Meeting.”, {MEETING_21}",)
    assert (plan.actions_handed_to, plan.actions_handed_over) == (None, 0)
    assert plan.mentions == ()

    text = "\n".join(describe_plan(plan))
    assert "Erasing Mr. Rajesh SHARMA (person id" in text
    assert f"1 participation: {MEETING_21}" in text
    assert "1 delegation they head (it stays, without a head)" in text
    assert "This cannot be undone" in text
    assert everything_stored(demo) == before


def test_a_person_in_nothing_has_a_short_plan(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Nobody", "Anne").id
    with database.read() as s:
        plan = erasure_plan(s, ident)
    assert plan.participations == plan.speaker_slots == plan.survey_invitations == ()
    assert plan.headed_delegations == plan.owned_actions == plan.mentions == ()
    assert describe_plan(plan)[1:] == [
        "  - their person record: name, position, contact details, gender and notes",
        "  - the change history of all of these",
        "This cannot be undone. Backups made before still hold them; "
        "delete or replace those as your rules require.",
    ]


def test_unknown_person_is_refused(database: Database) -> None:
    with database.read() as s, pytest.raises(NotFoundError, match="This person is no longer"):
        erasure_plan(s, 999)


# Erasing --------------------------------------------------------------------------------


def test_erase_removes_every_row_naming_them_and_keeps_the_meetings(demo: Database) -> None:
    ident = sharma_id(demo)
    counts = table_counts(demo)
    with demo.read() as s:
        answers_before = count_rows(s, SurveyAnswer)
        others_at_21 = count_rows(s, Participation) - 1
        version = s.get(Person, ident).version  # type: ignore[union-attr]
    assert "sharma" in everything_stored(demo)

    with demo.write() as s:
        done = erase_person(s, ident, version)
    assert done.name == "Mr. Rajesh SHARMA"

    with demo.read() as s:
        assert s.get(Person, ident) is None
        assert count_rows(s, Participation, Participation.person_id == ident) == 0
        assert count_rows(s, AgendaSpeaker, AgendaSpeaker.person_id == ident) == 0
        assert count_rows(s, SurveyRecipient, SurveyRecipient.person_id == ident) == 0
        assert count_rows(s, SurveyAnswer) == answers_before - 8
        assert count_rows(s, Participation) == others_at_21
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        india = s.scalars(
            select(Delegation)
            .join(Organisation)
            .where(Organisation.name == "RTC India", Delegation.meeting_id == m21.id)
        ).one()
        assert india.head_person_id is None
        action = s.scalars(
            select(ActionItem).where(
                ActionItem.description == "Prepare the 22nd RTC Heads Meeting."
            )
        ).one()
        assert action.owner_person_id is None
        assert action.owner_organisation is not None
        assert action.owner_organisation.name == "RTC India"
    assert table_counts(demo) == counts
    stored = everything_stored(demo)
    for trace in ("sharma", "rajesh", SHARMA_EMAIL):
        assert trace not in stored, trace


def test_an_action_item_owned_only_by_them_passes_to_their_organisation(
    database: Database,
) -> None:
    with database.write() as s:
        org = make_organisation(s, "Customs Training Institute")
        person = make_person(s, "Okafor", "Ada", organisation_id=org.id)
        meeting = make_meeting(s, "Regional workshop")
        outcomes.add_action_item(
            s,
            meeting.id,
            outcomes.ActionItemData(description="Send the slides", owner_person_id=person.id),
        )
        ident, org_id = person.id, org.id
    with database.read() as s:
        plan = erasure_plan(s, ident)
    assert (plan.actions_handed_to, plan.actions_handed_over) == ("Customs Training Institute", 1)
    assert any("Customs Training Institute becomes the owner of the 1 item" in line
               for line in describe_plan(plan))  # fmt: skip

    with database.write() as s:
        erase_person(s, ident, None, confirmed=plan)
    with database.read() as s:
        action = s.scalars(select(ActionItem)).one()
        assert (action.owner_person_id, action.owner_organisation_id) == (None, org_id)
        assert action.description == "Send the slides"


def test_free_text_that_may_name_them_is_listed_and_left_alone(demo: Database) -> None:
    ident = sharma_id(demo)
    with demo.write() as s:
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        m21.notes = "Ask Mr. SHARMA for his slides."
        kang = person_named(s, "Kang")
        kang.notes = f"Deputy: {SHARMA_EMAIL.upper()}"
        lee = person_named(s, "Lee")
        lee.notes = "Studied in Sharmapur and Leeds."  # neither is a name
    with demo.read() as s:
        plan = erasure_plan(s, ident)
    assert plan.mentions == (
        "the notes of the 21st RTC Heads Meeting",
        "the notes of Dr. Taeil KANG",
    )
    assert "Free text that may name them is not changed" in "\n".join(describe_plan(plan))

    with demo.write() as s:
        erase_person(s, ident, None, confirmed=plan)
    with demo.read() as s:
        assert meetings.find_meeting(s, "RTC Heads Meeting", 21).notes == (  # type: ignore[union-attr]
            "Ask Mr. SHARMA for his slides."
        )


def test_a_stale_copy_or_a_changed_plan_erases_nothing(demo: Database) -> None:
    ident = sharma_id(demo)
    with demo.read() as s:
        plan = erasure_plan(s, ident)
    with demo.write() as s:
        people.update_person(
            s, ident, people.PersonData(family_name="Sharma", given_name="Rajesh K."), None
        )
    with demo.write() as s, pytest.raises(StaleEditError):
        erase_person(s, ident, plan.version)

    with demo.read() as s:
        plan = erasure_plan(s, ident)
    with demo.write() as s:
        m22 = meetings.find_meeting(s, "RTC Heads Meeting", 22)
        assert m22 is not None
        participants.add_participant(s, m22.id, participants.ParticipationData(ident))
    with demo.write() as s, pytest.raises(ConflictError, match="changed since you looked"):
        erase_person(s, ident, plan.version, confirmed=plan)
    with demo.read() as s:
        assert s.get(Person, ident) is not None
        assert count_rows(s, Participation, Participation.person_id == ident) == 2


def test_their_change_history_and_merged_records_are_forgotten(demo: Database) -> None:
    from rtcdesk.services import history

    ident = sharma_id(demo)
    with demo.write() as s:
        sharma = s.get(Person, ident)
        assert sharma is not None
        duplicate = people.create_person(
            s,
            people.PersonData(
                family_name="SHARMA", given_name="Rajesh", email="r.sharma@old-address.example"
            ),
        )
        m22 = meetings.find_meeting(s, "RTC Heads Meeting", 22)
        assert m22 is not None
        participants.add_participant(s, m22.id, participants.ParticipationData(duplicate.id))
        duplicate_id = duplicate.id
        data = merged_data(sharma, duplicate, set())
    with demo.write() as s:
        merge_people(s, ident, duplicate_id, data, survivor_version=None, duplicate_version=None)
    with demo.read() as s:
        assert history.record_history(s, "people", duplicate_id)
        plan = erasure_plan(s, ident)
    assert plan.merged_records == 1
    assert plan.participations == (MEETING_21, "22nd RTC Heads Meeting (24-26 Sep 2024)")
    assert any("1 earlier record of them" in line for line in describe_plan(plan))

    with demo.write() as s:
        erase_person(s, ident, None, confirmed=plan)
    with demo.read() as s:
        assert history.record_history(s, "people", ident) == []
        assert history.record_history(s, "people", duplicate_id) == []
        assert history.recent_history(s, text="sharma") == []
    stored = everything_stored(demo)
    for trace in ("sharma", "rajesh", SHARMA_EMAIL, "r.sharma@old-address.example"):
        assert trace not in stored, trace


# Exporting ------------------------------------------------------------------------------


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """The rows of a sheet's table, below its header row."""
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[0] in ("Field", "Meeting", "Survey",
                                                                 "When (UTC)"))  # fmt: skip
    return [row for row in rows[header + 1 :] if any(v is not None for v in row)]


def test_export_holds_their_record_participations_and_answers(
    demo: Database, tmp_path: Path
) -> None:
    ident = sharma_id(demo)
    target = tmp_path / "sharma.xlsx"
    with demo.read() as s:
        assert export_person(s, ident, target) == target

    book = load_workbook(target)
    expected = ["Person", "Participations", "Agenda", "Action items", "Surveys"]
    assert book.sheetnames == [*expected, "History"]
    assert book["Person"]["A1"].value == "Everything held about Mr. Rajesh SHARMA"

    fields = dict(sheet_rows(target, "Person"))
    assert fields["Record id"] == ident
    assert fields["Family name"] == "Sharma"
    assert fields["E-mail"] == SHARMA_EMAIL
    assert fields["Organisation"] == "RTC India"

    (participation,) = sheet_rows(target, "Participations")
    assert participation[:7] == (
        "21st RTC Heads Meeting", datetime(2023, 11, 14), datetime(2023, 11, 16), "RTC India",
        "Head of delegation", "In person", "Attended",
    )  # fmt: skip
    assert len(sheet_rows(target, "Agenda")) == 1
    assert [row[1] for row in sheet_rows(target, "Action items")] == [
        "Prepare the 22nd RTC Heads Meeting."
    ]
    answers = sheet_rows(target, "Surveys")
    assert len(answers) == 8
    assert {row[2] for row in answers} == {"Responded"}
    questions = {row[8]: row[9] for row in answers}
    shared = "Did you share the knowledge gained with colleagues in your administration?"
    assert questions[shared] == "Yes"
    assert questions["If yes, with how many colleagues?"] == 60
    history = sheet_rows(target, "History")
    assert history[0][2] == "Created"
    assert any(row[3] == "person: Mr. Rajesh SHARMA" for row in history)


def test_export_of_the_demo_rows_matches_the_workbook(demo: Database) -> None:
    """The rows given to the workbook are the ones the database holds."""
    with demo.read() as s:
        record = person_export_rows(s, sharma_id(demo))
        invitations = count_rows(s, SurveyRecipient)
    assert record.name == "Mr. Rajesh SHARMA"
    assert len(record.participations) == 1
    assert invitations > 1  # others' invitations are not theirs
    assert len(record.surveys) == 8


def test_export_stores_formula_like_text_as_text(database: Database, tmp_path: Path) -> None:
    with database.write() as s:
        ident = make_person(s, "Doe", "Jane", notes='=HYPERLINK("http://evil.example","x")').id
    target = tmp_path / "doe.xlsx"
    with database.read() as s:
        export_person(s, ident, target)
    sheet = load_workbook(target)["Person"]
    (cell,) = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","x")'
    assert sheet_rows(target, "Participations") == []
    assert sheet["A3"].value == "Person"
    assert load_workbook(target)["Participations"]["A3"].value == "Participations: none"


# The command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_erase_lists_first_and_needs_yes(
    capsys: pytest.CaptureFixture[str], demo: Database, database_location: str
) -> None:
    ident = str(sharma_id(demo))
    where = ["--database", database_location]

    code, out, err = run(capsys, "person", "find", "sharma", *where)
    assert code == 0
    assert out.startswith(f"{ident}  Mr. Rajesh SHARMA  (RTC India, {SHARMA_EMAIL})")

    code, out, err = run(capsys, "person", "erase", ident, *where)
    assert code == 1
    assert f"Erasing Mr. Rajesh SHARMA (person id {ident}) removes for good:" in out
    assert f"1 participation: {MEETING_21}" in out
    assert "nothing was erased" in err
    assert "--yes" in err
    with demo.read() as s:
        assert s.get(Person, int(ident)) is not None

    code, out, err = run(capsys, "person", "erase", ident, "--yes", *where)
    assert (code, err) == (0, "")
    assert out.rstrip().endswith(f"Erased Mr. Rajesh SHARMA (person id {ident}).")
    with demo.read() as s:
        assert s.get(Person, int(ident)) is None

    code, _, err = run(capsys, "person", "erase", ident, "--yes", *where)
    assert code == 1
    assert f"No person has id {ident}." in err  # the id typed


def test_cli_export_writes_the_workbook(
    capsys: pytest.CaptureFixture[str], demo: Database, database_location: str, tmp_path: Path
) -> None:
    ident = str(sharma_id(demo))
    target = tmp_path / "out" / "sharma.xlsx"
    code, out, err = run(
        capsys, "person", "export", ident, "-o", str(target), "--database", database_location
    )
    assert (code, err) == (0, "")
    assert out.strip() == f"Wrote {target}"
    assert dict(sheet_rows(target, "Person"))["E-mail"] == SHARMA_EMAIL

    code, _, err = run(capsys, "person", "--database", database_location)
    assert code == 2


# Logs ------------------------------------------------------------------------------------


def test_the_log_names_nobody_when_an_import_is_refused_or_a_bug_strikes(
    capsys: pytest.CaptureFixture[str],
    demo: Database,
    database_location: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from registration_files import workbook

    import rtcdesk.services.meetings as meetings_service
    from rtcdesk.errors import ValidationError

    where = ["--database", database_location]
    with demo.read() as s:
        m21 = str(meetings.find_meeting(s, "RTC Heads Meeting", 21).id)  # type: ignore[union-attr]
    names = ["Okonkwo", "Chiamaka", "chiamaka.okonkwo@customs.example", "Sharma", SHARMA_EMAIL]

    refused = workbook(
        tmp_path / "Okonkwo registration.xlsx",
        ["Surname", "Given name", "E-mail"],
        [["Okonkwo", "Chiamaka", "chiamaka.okonkwo@"], ["Sharma", "Rajesh", SHARMA_EMAIL]],
    )
    code, _, err = run(capsys, "import", "registrations", str(refused), "--meeting", m21, *where)
    assert code == 1
    assert "chiamaka.okonkwo@" in err  # the coordinator is told in full
    missing = tmp_path / "Chiamaka Okonkwo.xlsx"
    code, _, err = run(capsys, "import", "registrations", str(missing), "--meeting", m21, *where)
    assert code == 1
    assert "Chiamaka Okonkwo.xlsx" in err
    code, _, _ = run(capsys, "person", "export", "424242", "-o", str(tmp_path / "x.xlsx"), *where)
    assert code == 1

    # Held in variables: the traceback's source lines are logged as they are.
    who, address = "Mr. Rajesh SHARMA", SHARMA_EMAIL

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        try:
            raise ValidationError(who, [])
        except ValidationError:
            lookup: dict[str, int] = {}
            return [lookup[address]]

    monkeypatch.setattr(meetings_service, "list_meetings", broken)
    code, _, err = run(capsys, "meetings", "list", *where)
    assert code == 3

    log = paths.log_file_path().read_text(encoding="utf-8")
    assert "refused: rtcdesk.errors.NotFoundError: person id 424242" in log
    assert "KeyError (message withheld from the log: it may name people)" in log
    assert "rtcdesk.errors.ValidationError (message withheld" in log
    assert "Traceback (most recent call last):" in log
    assert "in broken" in log
    for name in names:
        assert name.casefold() not in log.casefold(), name
