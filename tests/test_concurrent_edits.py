"""Two coordinators editing the same record from two copies of rtcdesk (two
``Database`` objects on one database): the second save is refused, the
conflict names what differs, an overwrite naming the stored version wins,
and a third save made on an older copy is refused again. A record deleted
meanwhile is found in the history with who deleted it and when."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import (
    RTC_HEADS,
    delete_meeting_and_its_surveys,
    make_participant,
    make_person,
    org_id,
)
from sqlalchemy import select
from survey_gui_helpers import demo_survey_id

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Person, SurveyRecipient
from rtcdesk.errors import NotFoundError, StaleEditError
from rtcdesk.services.conflicts import (
    Deletion,
    FieldChange,
    ListChange,
    MeetingPart,
    deletion_of,
    field_changes,
    list_changes,
    meeting_conflict,
    meeting_contents,
    record_conflict,
    response_conflict,
)
from rtcdesk.services.history import forget, set_user_name
from rtcdesk.services.meetings import (
    MeetingData,
    find_meeting,
    get_meeting,
    meeting_data,
    update_meeting,
)
from rtcdesk.services.organisations import (
    get_organisation,
    organisation_data,
    update_organisation,
)
from rtcdesk.services.outcomes import add_outcome
from rtcdesk.services.people import (
    PersonData,
    delete_person,
    get_person,
    person_data,
    update_person,
)
from rtcdesk.services.survey_design import survey_details
from rtcdesk.services.survey_responses import stored_response
from rtcdesk.services.surveys import list_questions, record_response, update_survey
from rtcdesk.vocabulary import MeetingKind, MeetingMode, OutcomeKind, SurveyStatus


@pytest.fixture
def colleague(database: Database) -> Iterator[Database]:
    """A second copy of rtcdesk on the same database (its own engine and connections)."""
    other = Database(database.url)
    yield other
    other.dispose()


def by_label(changes: list[FieldChange]) -> dict[str, FieldChange]:
    return {change.label: change for change in changes}


# -- people ---------------------------------------------------------------------------


def _load_person(db: Database, ident: int) -> tuple[PersonData, int]:
    with db.read() as s:
        person = get_person(s, ident)
        return person_data(person), person.version


def test_a_person_saved_by_two_people_the_second_sees_what_changed_and_may_overwrite(
    database: Database, colleague: Database
) -> None:
    with database.write() as s:
        ident = make_person(s, "OUTRAM", "Michael", position="Director", phone="+32 2 209 92 11").id
    mine, my_version = _load_person(database, ident)
    theirs, their_version = _load_person(colleague, ident)
    assert my_version == their_version

    # They save first: a new position and no phone.
    theirs.position = "Director, Capacity Building"
    theirs.phone = ""
    with colleague.write() as s:
        their_saved_version = update_person(s, ident, theirs, their_version).version

    # My save on the copy I loaded is refused and changes nothing.
    loaded = replace(mine)
    mine.email = "michael.outram@wcoomd.example"
    mine.phone = "+32 2 209 94 41"
    with database.write() as s, pytest.raises(StaleEditError):
        update_person(s, ident, mine, my_version)
    with database.read() as s:
        assert person_data(get_person(s, ident)) == theirs

    # What I am shown: the fields where their version and mine differ, and who changed them.
    with database.read() as s:
        conflict = record_conflict(s, ident, "Mr. Michael OUTRAM", loaded, mine)
    assert conflict.version == their_saved_version
    assert conflict.stored == theirs
    assert datetime.now(UTC) - conflict.saved_at < timedelta(minutes=5)
    changes = by_label(conflict.changes)
    assert list(changes) == ["Position", "E-mail", "Phone"]
    assert changes["Position"] == FieldChange(
        "Position", "Director, Capacity Building", "Director", they_changed=True, you_changed=False
    )
    assert changes["E-mail"] == FieldChange(
        "E-mail", "", "michael.outram@wcoomd.example", they_changed=False, you_changed=True
    )
    assert changes["Phone"] == FieldChange(
        "Phone", "", "+32 2 209 94 41", they_changed=True, you_changed=True
    )

    # Overwrite, knowingly: a save naming the version now stored. Mine is what is stored.
    with database.write() as s:
        overwritten = update_person(s, ident, mine, conflict.version).version
    with colleague.read() as s:
        assert person_data(get_person(s, ident)) == mine

    # A third save, made on their copy from before my overwrite, is refused again.
    theirs.notes = "Met at the 21st meeting."
    with colleague.write() as s, pytest.raises(StaleEditError):
        update_person(s, ident, theirs, their_saved_version)
    with database.read() as s:
        person = get_person(s, ident)
        assert (person_data(person), person.version) == (mine, overwritten)


def test_an_organisation_conflict_names_the_organisation_it_is_part_of(
    demo: Database, colleague: Database
) -> None:
    with demo.read() as s:
        korea = org_id(s, "RTC Korea")
        org = get_organisation(s, korea)
        loaded, version = organisation_data(org), org.version
        india = org_id(s, "RTC India")
    theirs = replace(loaded, parent_id=india)
    with colleague.write() as s:
        update_organisation(s, korea, theirs, version)
    mine = replace(loaded, short_name="KCS-RTC")
    with demo.write() as s, pytest.raises(StaleEditError):
        update_organisation(s, korea, mine, version)
    with demo.read() as s:
        conflict = record_conflict(s, korea, "RTC Korea", loaded, mine)
    changes = by_label(conflict.changes)
    assert set(changes) == {"Short name", "Part of"}
    assert changes["Part of"].theirs == "RTC India"
    assert changes["Part of"].yours == loaded_parent_name(demo, loaded.parent_id)


def loaded_parent_name(db: Database, parent_id: int | None) -> str | None:
    if parent_id is None:
        return None
    with db.read() as s:
        return get_organisation(s, parent_id).name


# -- meetings -------------------------------------------------------------------------


@pytest.fixture
def meeting_21(demo: Database) -> int:
    with demo.read() as s:
        meeting = find_meeting(s, RTC_HEADS, 21)
        assert meeting is not None
        return meeting.id


def test_a_meeting_saved_by_two_people_shows_the_details_and_the_lists_that_changed(
    demo: Database, colleague: Database, meeting_21: int
) -> None:
    with demo.read() as s:
        meeting = get_meeting(s, meeting_21)
        loaded, version = meeting_data(meeting), meeting.version
        shown = meeting_contents(s, meeting_21)
        hosts_before = [o.name for o in meeting.co_organisers]

    # They add an outcome and a participant, then save new details.
    theirs = replace(loaded, venue="Customs Training Institute", mode=MeetingMode.HYBRID)
    with colleague.write() as s:
        add_outcome(s, meeting_21, OutcomeKind.DECISION, "Meet again in 2024.")
        newcomer = make_person(s, "NGUYEN", "Thi Lan").id
        make_participant(s, meeting_21, newcomer)
        update_meeting(s, meeting_21, theirs, version)

    mine = replace(loaded, theme=loaded.theme + " (draft)", mode=MeetingMode.VIRTUAL)
    with demo.write() as s, pytest.raises(StaleEditError):
        update_meeting(s, meeting_21, mine, version)

    with demo.read() as s:
        conflict = meeting_conflict(s, meeting_21, "21st RTC Heads Meeting", loaded, mine, shown)
    changes = by_label(conflict.changes)
    assert list(changes) == ["Mode", "Venue", "Theme"]
    assert (changes["Mode"].theirs, changes["Mode"].yours) == (
        MeetingMode.HYBRID,
        MeetingMode.VIRTUAL,
    )
    assert (changes["Mode"].they_changed, changes["Mode"].you_changed) == (True, True)
    assert changes["Venue"].theirs == "Customs Training Institute"
    assert (changes["Theme"].they_changed, changes["Theme"].you_changed) == (False, True)
    assert conflict.lists == [
        ListChange(MeetingPart.PARTICIPANTS, added=1, removed=0, changed=0),
        ListChange(MeetingPart.OUTCOMES, added=1, removed=0, changed=0),
    ]

    # Overwrite: my details over theirs; their outcome and participant stay.
    with demo.write() as s:
        update_meeting(s, meeting_21, mine, conflict.version)
    with colleague.read() as s:
        stored = get_meeting(s, meeting_21)
        assert meeting_data(stored) == mine
        assert [o.name for o in stored.co_organisers] == hosts_before
        assert (
            len(meeting_contents(s, meeting_21)[MeetingPart.OUTCOMES])
            == len(shown[MeetingPart.OUTCOMES]) + 1
        )

    # Their next save, on the copy they saved, is refused: my overwrite came in between.
    with colleague.write() as s, pytest.raises(StaleEditError):
        update_meeting(s, meeting_21, replace(theirs, city="Tokyo"), conflict.version)


def test_co_organisers_are_named_in_a_meeting_conflict(
    demo: Database, colleague: Database, meeting_21: int
) -> None:
    with demo.read() as s:
        meeting = get_meeting(s, meeting_21)
        loaded, version = meeting_data(meeting), meeting.version
        india = org_id(s, "RTC India")
    with colleague.write() as s:
        update_meeting(s, meeting_21, replace(loaded, co_organiser_ids=[india]), version)
    mine = replace(loaded, notes="Checked.")
    with demo.read() as s:
        conflict = record_conflict(s, meeting_21, "21st RTC Heads Meeting", loaded, mine)
    changes = by_label(conflict.changes)
    assert changes["Co-organisers"].theirs == ["RTC India"]
    assert changes["Co-organisers"].yours == loaded_names(demo, loaded.co_organiser_ids)


def loaded_names(db: Database, ids: list[int]) -> list[str]:
    with db.read() as s:
        return [get_organisation(s, i).name for i in ids]


# -- deleted meanwhile ----------------------------------------------------------------


def test_a_meeting_deleted_meanwhile_is_found_with_who_deleted_it_and_when(
    demo: Database, colleague: Database, meeting_21: int
) -> None:
    with demo.read() as s:
        meeting = get_meeting(s, meeting_21)
        loaded, version = meeting_data(meeting), meeting.version
        assert deletion_of(s, "meetings", meeting_21) is None  # still on record
    before = datetime.now(UTC)
    set_user_name("rocb-anna")
    with colleague.write() as s:
        delete_meeting_and_its_surveys(s, meeting_21)
    set_user_name("")

    with demo.write() as s, pytest.raises(NotFoundError):
        update_meeting(s, meeting_21, replace(loaded, notes="Checked."), version)
    with demo.read() as s:
        deletion = deletion_of(s, "meetings", meeting_21)
    assert deletion == Deletion(label="21st RTC Heads Meeting", at=deletion.at, user="rocb-anna")
    assert before <= deletion.at <= datetime.now(UTC)


def test_a_person_deleted_under_ones_own_name_or_erased_with_their_history(
    database: Database, colleague: Database
) -> None:
    with database.write() as s:
        ident = make_person(s, "OUTRAM", "Michael").id
    with colleague.write() as s:
        delete_person(s, ident, None)
    with database.read() as s:
        deletion = deletion_of(s, "people", ident)
    # The history names the coordinator themselves: "someone else" (another computer).
    assert deletion is not None
    assert (deletion.label, deletion.user) == ("Michael OUTRAM", None)

    with colleague.write() as s:
        forget(s, "people", [ident])
    with database.read() as s:
        assert deletion_of(s, "people", ident) is None


# -- surveys --------------------------------------------------------------------------


def test_a_survey_saved_by_two_people_the_second_sees_the_deadline_they_set(
    demo: Database, colleague: Database
) -> None:
    survey_id = demo_survey_id(demo)
    with demo.read() as s:
        details = survey_details(s, survey_id)
    loaded, version = details.data, details.version
    with colleague.write() as s:
        update_survey(s, survey_id, replace(loaded, closes_on=date(2025, 4, 30)), version)
    other_status = next(status for status in SurveyStatus if status is not loaded.status)
    mine = replace(loaded, status=other_status)
    with demo.write() as s, pytest.raises(StaleEditError):
        update_survey(s, survey_id, mine, version)
    with demo.read() as s:
        conflict = record_conflict(s, survey_id, "the survey", loaded, mine)
    changes = by_label(conflict.changes)
    assert set(changes) == {"Deadline", "Status"}
    assert changes["Deadline"].theirs == date(2025, 4, 30)
    assert (changes["Status"].theirs, changes["Status"].yours) == (loaded.status, other_status)
    with demo.write() as s:
        update_survey(s, survey_id, mine, conflict.version)
    with colleague.read() as s:
        assert survey_details(s, survey_id).data == mine


# -- survey answers -------------------------------------------------------------------


def _recipient_of(db: Database, survey_id: int, family_name: str) -> int:
    with db.read() as s:
        ident = s.scalar(
            select(SurveyRecipient.id)
            .join(Person, SurveyRecipient.person_id == Person.id)
            .where(SurveyRecipient.survey_id == survey_id, Person.family_name == family_name)
        )
    assert ident is not None
    return ident


def test_answers_typed_by_two_people_the_second_sees_each_answer_that_differs(
    demo: Database, colleague: Database
) -> None:
    survey_id = demo_survey_id(demo)
    tanaka = _recipient_of(demo, survey_id, "Tanaka")
    with demo.read() as s:
        questions = {q.code: q for q in list_questions(s, survey_id)}
        mine = stored_response(s, tanaka)
    with colleague.read() as s:
        theirs = stored_response(s, tanaka)
    assert mine == theirs
    reached, trainings = questions["colleagues_reached"], questions["national_trainings"]

    # They type in a corrected paper form first.
    with colleague.write() as s:
        record_response(
            s, tanaka, {**theirs.answers, reached.id: "1,500"}, expected_version=theirs.version
        )
    typed = {**mine.answers, trainings.id: "4"}
    with demo.write() as s, pytest.raises(StaleEditError):
        record_response(s, tanaka, typed, expected_version=mine.version)

    with demo.read() as s:
        conflict = response_conflict(
            s, tanaka, "the answers of TANAKA Hiroshi", mine.answers, typed
        )
    numbers = {q.id: n for n, q in enumerate(questions.values(), start=1)}
    assert conflict.changes == [
        FieldChange(
            f"{numbers[reached.id]}. {reached.text}", 1500, 12, they_changed=True, you_changed=False
        ),
        FieldChange(
            f"{numbers[trainings.id]}. {trainings.text}", 1, 4, they_changed=False, you_changed=True
        ),
    ]

    # Overwrite with the version now stored: my answers are on record.
    with demo.write() as s:
        record_response(s, tanaka, typed, expected_version=conflict.version)
    with colleague.read() as s:
        stored = stored_response(s, tanaka)
    assert (stored.answers[reached.id], stored.answers[trainings.id]) == (12, 4)

    # Their next save on the copy they had is refused.
    with colleague.write() as s, pytest.raises(StaleEditError):
        record_response(s, tanaka, {reached.id: 1500}, expected_version=theirs.version + 1)


def test_the_answers_version_moves_only_when_an_answer_changes(demo: Database) -> None:
    survey_id = demo_survey_id(demo)
    tanaka = _recipient_of(demo, survey_id, "Tanaka")
    with demo.read() as s:
        before = stored_response(s, tanaka)
    with demo.write() as s:
        record_response(s, tanaka, before.answers, expected_version=before.version)
    with demo.read() as s:
        assert stored_response(s, tanaka).version == before.version
    # A collected form (no version named) changes an answer: the version moves.
    question = next(iter(before.answers))
    with demo.write() as s:
        record_response(s, tanaka, {question: False})
    with demo.read() as s:
        assert stored_response(s, tanaka).version == before.version + 1


# -- the comparison itself ------------------------------------------------------------


def test_field_changes_ignore_spaces_around_text_but_not_the_order_of_co_organisers() -> None:
    loaded = PersonData(family_name="KANG", given_name="Taeil", position="Professor")
    stored = replace(loaded, position="Dean ")
    assert field_changes(loaded, stored, replace(loaded, position="Dean")) == []
    assert field_changes(loaded, stored, replace(loaded, given_name="Tae-il")) == [
        FieldChange("Given name", "Taeil", "Tae-il", they_changed=False, you_changed=True),
        FieldChange("Position", "Dean ", "Professor", they_changed=True, you_changed=False),
    ]
    day = date(2023, 11, 14)
    meeting = MeetingData(RTC_HEADS, MeetingKind.RTC_HEADS_MEETING, day, day)
    theirs = replace(meeting, co_organiser_ids=[2, 16])
    assert field_changes(theirs, theirs, replace(meeting, co_organiser_ids=[16, 2])) == [
        FieldChange("Co-organisers", [2, 16], [16, 2], they_changed=False, you_changed=True)
    ]
    assert list_changes({MeetingPart.AGENDA: {1: 1, 2: 1}}, {MeetingPart.AGENDA: {2: 2, 3: 1}}) == [
        ListChange(MeetingPart.AGENDA, added=1, removed=1, changed=1)
    ]
