"""Optimistic locking and edit stamps, for every kind of record a coordinator edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from factories import make_meeting, make_organisation, make_participant, make_person, org_id
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    Person,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.errors import StaleEditError
from rtcdesk.services import (
    agenda,
    meetings,
    organisations,
    outcomes,
    participants,
    people,
    surveys,
)
from rtcdesk.vocabulary import ActionStatus, OutcomeKind, QuestionKind, RecipientStatus

Edit = Callable[[Session, int, "int | None"], Any]


@dataclass(frozen=True)
class Case:
    """How to create, change, re-save unchanged and delete one kind of record."""

    model: type[Any]
    create: Callable[[Session], int]
    edit: Edit
    resave: Callable[[Session, int], Any]
    delete: Edit

    def __str__(self) -> str:
        return self.model.__name__


# -- organisations, people, meetings ------------------------------------------------


def _org_edit(s: Session, ident: int, version: int | None) -> None:
    data = organisations.organisation_data(organisations.get_organisation(s, ident))
    data.notes += " edited"
    organisations.update_organisation(s, ident, data, version)


def _org_resave(s: Session, ident: int) -> None:
    data = organisations.organisation_data(organisations.get_organisation(s, ident))
    organisations.update_organisation(s, ident, data, None)


def _person_edit(s: Session, ident: int, version: int | None) -> None:
    data = people.person_data(people.get_person(s, ident))
    data.position += " (acting)"
    people.update_person(s, ident, data, version)


def _person_resave(s: Session, ident: int) -> None:
    people.update_person(s, ident, people.person_data(people.get_person(s, ident)), None)


def _meeting_create(s: Session) -> int:
    co = [org_id(s, "Japan Customs"), org_id(s, "RTC Japan")]
    return make_meeting(s, series="RTC Heads Meeting", ordinal=21, co_organiser_ids=co).id


def _meeting_edit(s: Session, ident: int, version: int | None) -> None:
    data = meetings.meeting_data(meetings.get_meeting(s, ident))
    data.theme += " edited"
    meetings.update_meeting(s, ident, data, version)


def _meeting_resave(s: Session, ident: int) -> None:
    data = meetings.meeting_data(meetings.get_meeting(s, ident))
    meetings.update_meeting(s, ident, data, None)


# -- inside a meeting ------------------------------------------------------------------


def _participation_create(s: Session) -> int:
    return make_participant(s, make_meeting(s).id, make_person(s, "Kang").id).id


def _participation_data(s: Session, ident: int) -> participants.ParticipationData:
    row = s.get(Participation, ident)
    assert row is not None
    return participants.ParticipationData(
        person_id=row.person_id,
        delegation_id=row.delegation_id,
        role=row.role,
        attendance_mode=row.attendance_mode,
        status=row.status,
        notes=row.notes,
    )


def _participation_edit(s: Session, ident: int, version: int | None) -> None:
    data = _participation_data(s, ident)
    data.notes += " edited"
    participants.update_participant(s, ident, data, version)


def _delegation_create(s: Session) -> int:
    meeting = make_meeting(s).id
    delegation = participants.add_delegation(s, meeting, org_id(s, "Japan Customs")).id
    members = [make_person(s, family).id for family in ("Aoyama", "Yamada")]
    for person in members:
        make_participant(s, meeting, person, delegation_id=delegation)
    participants.set_delegation_head(s, delegation, members[0], None)
    return delegation


def _delegation_edit(s: Session, ident: int, version: int | None) -> None:
    delegation = s.get(Delegation, ident)
    assert delegation is not None
    members = sorted(p.person_id for p in delegation.participations)
    head = members[1] if delegation.head_person_id == members[0] else members[0]
    participants.set_delegation_head(s, ident, head, version)


def _delegation_resave(s: Session, ident: int) -> None:
    delegation = s.get(Delegation, ident)
    assert delegation is not None
    participants.set_delegation_head(s, ident, delegation.head_person_id, None)


def _agenda_create(s: Session) -> int:
    meeting = make_meeting(s).id
    speakers = [
        agenda.SpeakerData(make_person(s, "Aoyama").id),
        agenda.SpeakerData(make_person(s, "Outram").id, agenda.AttendanceMode.VIRTUAL),
    ]
    return agenda.add_agenda_item(
        s, meeting, agenda.AgendaItemData("Opening", day=date(2023, 11, 14), speakers=speakers)
    ).id


def _agenda_data(s: Session, ident: int) -> agenda.AgendaItemData:
    item = s.get(AgendaItem, ident)
    assert item is not None
    return agenda.AgendaItemData(
        title=item.title,
        kind=item.kind,
        day=item.day,
        start_time=item.start_time,
        end_time=item.end_time,
        notes=item.notes,
        speakers=[agenda.SpeakerData(sp.person_id, sp.attendance_mode) for sp in item.speakers],
    )


def _agenda_edit(s: Session, ident: int, version: int | None) -> None:
    data = _agenda_data(s, ident)
    data.title += " and welcome"
    agenda.update_agenda_item(s, ident, data, version)


def _outcome_create(s: Session) -> int:
    return outcomes.add_outcome(s, make_meeting(s).id, OutcomeKind.DECISION, "Meet in India").id


def _outcome_edit(s: Session, ident: int, version: int | None) -> None:
    outcome = s.get(Outcome, ident)
    assert outcome is not None
    outcomes.update_outcome(s, ident, outcome.kind, outcome.text + " in 2024", version)


def _outcome_resave(s: Session, ident: int) -> None:
    outcome = s.get(Outcome, ident)
    assert outcome is not None
    outcomes.update_outcome(s, ident, outcome.kind, outcome.text, None)


def _action_create(s: Session) -> int:
    data = outcomes.ActionItemData(
        "Share the report", status=ActionStatus.DONE, completed_on=date(2024, 1, 5)
    )
    return outcomes.add_action_item(s, make_meeting(s).id, data).id


def _action_data(s: Session, ident: int) -> outcomes.ActionItemData:
    item = s.get(ActionItem, ident)
    assert item is not None
    return outcomes.ActionItemData(
        description=item.description,
        owner_organisation_id=item.owner_organisation_id,
        owner_person_id=item.owner_person_id,
        due_date=item.due_date,
        status=item.status,
        completed_on=item.completed_on,
        outcome_id=item.outcome_id,
    )


def _action_edit(s: Session, ident: int, version: int | None) -> None:
    data = _action_data(s, ident)
    data.description += " with all RTCs"
    outcomes.update_action_item(s, ident, data, version)


# -- surveys ---------------------------------------------------------------------------


def _survey_data(s: Session, ident: int) -> surveys.SurveyData:
    survey = surveys.get_survey(s, ident)
    return surveys.SurveyData(
        title=survey.title,
        meeting_id=survey.meeting_id,
        introduction=survey.introduction,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        status=survey.status,
    )


def _survey_edit(s: Session, ident: int, version: int | None) -> None:
    data = _survey_data(s, ident)
    data.introduction += " Please reply."
    surveys.update_survey(s, ident, data, version)


def _question_create(s: Session) -> int:
    survey = surveys.create_survey(s, surveys.SurveyData("Follow-up")).id
    data = surveys.QuestionData("useful", QuestionKind.RATING, "Useful?", scale_min=1, scale_max=5)
    return surveys.add_question(s, survey, data).id


def _question_data(s: Session, ident: int) -> surveys.QuestionData:
    q = s.get(SurveyQuestion, ident)
    assert q is not None
    return surveys.QuestionData(
        code=q.code,
        kind=q.kind,
        text=q.text,
        required=q.required,
        help_text=q.help_text,
        section=q.section,
        choices=list(q.choices),
        scale_min=q.scale_min,
        scale_max=q.scale_max,
        scale_min_label=q.scale_min_label,
        scale_max_label=q.scale_max_label,
    )


def _question_edit(s: Session, ident: int, version: int | None) -> None:
    data = _question_data(s, ident)
    data.text = "How useful was it?"
    surveys.update_question(s, ident, data, version)


def _recipient_create(s: Session) -> int:
    survey = surveys.create_survey(s, surveys.SurveyData("Follow-up")).id
    return surveys.add_recipient(s, survey, make_person(s, "Kang").id).id


def _recipient_edit(s: Session, ident: int, version: int | None) -> None:
    recipient = s.get(SurveyRecipient, ident)
    assert recipient is not None
    surveys.set_recipient_status(
        s, ident, RecipientStatus.DECLINED, recipient.status_note + " x", version
    )


def _recipient_resave(s: Session, ident: int) -> None:
    recipient = s.get(SurveyRecipient, ident)
    assert recipient is not None
    surveys.set_recipient_status(s, ident, recipient.status, recipient.status_note)


CASES = [
    Case(
        Organisation,
        lambda s: make_organisation(s, "Asian Development Bank").id,
        _org_edit,
        _org_resave,
        organisations.delete_organisation,
    ),
    Case(
        Person,
        lambda s: make_person(s, "Aoyama", "Shigetoshi", position="Director").id,
        _person_edit,
        _person_resave,
        people.delete_person,
    ),
    Case(Meeting, _meeting_create, _meeting_edit, _meeting_resave, meetings.delete_meeting),
    Case(
        Participation,
        _participation_create,
        _participation_edit,
        lambda s, i: participants.update_participant(s, i, _participation_data(s, i), None),
        participants.remove_participant,
    ),
    Case(
        Delegation,
        _delegation_create,
        _delegation_edit,
        _delegation_resave,
        participants.delete_delegation,
    ),
    Case(
        AgendaItem,
        _agenda_create,
        _agenda_edit,
        lambda s, i: agenda.update_agenda_item(s, i, _agenda_data(s, i), None),
        agenda.delete_agenda_item,
    ),
    Case(Outcome, _outcome_create, _outcome_edit, _outcome_resave, outcomes.delete_outcome),
    Case(
        ActionItem,
        _action_create,
        _action_edit,
        lambda s, i: outcomes.update_action_item(s, i, _action_data(s, i), None),
        outcomes.delete_action_item,
    ),
    Case(
        Survey,
        lambda s: surveys.create_survey(s, surveys.SurveyData("Follow-up")).id,
        _survey_edit,
        lambda s, i: surveys.update_survey(s, i, _survey_data(s, i), None),
        surveys.delete_survey,
    ),
    Case(
        SurveyQuestion,
        _question_create,
        _question_edit,
        lambda s, i: surveys.update_question(s, i, _question_data(s, i), None),
        surveys.delete_question,
    ),
    Case(
        SurveyRecipient,
        _recipient_create,
        _recipient_edit,
        _recipient_resave,
        surveys.remove_recipient,
    ),
]


@pytest.fixture(params=CASES, ids=str)
def case(request: pytest.FixtureRequest) -> Case:
    return request.param


def snapshot(database: Database, model: type[Any], ident: int) -> dict[str, Any] | None:
    """Every stored column of one row (None when the row is gone)."""
    with database.read() as s:
        row = s.get(model, ident)
        if row is None:
            return None
        return {attr.key: getattr(row, attr.key) for attr in inspect(model).column_attrs}


def _created(database: Database, case: Case) -> tuple[int, int]:
    """A new record's id and version."""
    with database.write() as s:
        ident = case.create(s)
    row = snapshot(database, case.model, ident)
    assert row is not None
    return ident, row["version"]


def test_a_stale_edit_is_refused_and_changes_nothing(database: Database, case: Case) -> None:
    ident, loaded = _created(database, case)
    with database.write() as s:
        case.edit(s, ident, loaded)
    before = snapshot(database, case.model, ident)
    assert before is not None
    assert before["version"] == loaded + 1
    with database.write() as s, pytest.raises(StaleEditError) as refused:
        case.edit(s, ident, loaded)
    message = str(refused.value)
    assert message.startswith("'")
    assert "' was changed by someone else" in message
    assert f"id {ident}" not in message  # named as the coordinator knows it
    assert snapshot(database, case.model, ident) == before


def test_a_stale_meeting_is_named_by_its_title(database: Database) -> None:
    with database.write() as s:
        ident = _meeting_create(s)
    with database.write() as s:
        _meeting_edit(s, ident, 1)
    with database.write() as s, pytest.raises(StaleEditError) as refused:
        _meeting_edit(s, ident, 1)
    assert str(refused.value) == (
        "'21st RTC Heads Meeting' was changed by someone else after you opened it. "
        "Your changes were not saved; reload it to see the other changes."
    )


def test_a_stale_delete_is_refused(database: Database, case: Case) -> None:
    ident, loaded = _created(database, case)
    with database.write() as s:
        case.edit(s, ident, None)
    with database.write() as s, pytest.raises(StaleEditError):
        case.delete(s, ident, loaded)
    assert snapshot(database, case.model, ident) is not None
    with database.write() as s:
        case.delete(s, ident, loaded + 1)
    assert snapshot(database, case.model, ident) is None


def test_an_unchanged_save_keeps_the_version_and_stamp(database: Database, case: Case) -> None:
    with database.write() as s:
        ident = case.create(s)
    before = snapshot(database, case.model, ident)
    with database.write() as s:
        case.resave(s, ident)
    assert snapshot(database, case.model, ident) == before


def test_stamps_are_utc_and_updated_at_moves_on_edit(database: Database, case: Case) -> None:
    started = datetime.now(UTC)
    with database.write() as s:
        ident = case.create(s)
    created = snapshot(database, case.model, ident)
    assert created is not None
    for stamp in (created["created_at"], created["updated_at"]):
        assert stamp.tzinfo is not None
        assert stamp.utcoffset() == timedelta(0)
        assert started <= stamp <= datetime.now(UTC)
    with database.write() as s:
        case.edit(s, ident, created["version"])
    edited = snapshot(database, case.model, ident)
    assert edited is not None
    assert edited["created_at"] == created["created_at"]
    assert edited["updated_at"] > created["updated_at"]
    assert edited["updated_at"].utcoffset() == timedelta(0)
    assert edited["version"] == created["version"] + 1


def test_two_editors_with_expected_versions_the_second_is_refused(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Outram", "Michael", position="Director").id
    with database.read() as s:
        first_copy = people.person_data(people.get_person(s, ident))
        second_copy = people.person_data(people.get_person(s, ident))
        loaded_version = people.get_person(s, ident).version
    first_copy.position = "Superintendent"
    second_copy.position = "Commander"
    with database.write() as s:
        people.update_person(s, ident, first_copy, loaded_version)
    with database.write() as s, pytest.raises(StaleEditError):
        people.update_person(s, ident, second_copy, loaded_version)
    with database.read() as s:
        person = people.get_person(s, ident)
        assert (person.position, person.version) == ("Superintendent", 2)


def _load_person(database: Database, ident: int) -> Person:
    with database.write() as s:
        person = s.get(Person, ident)
    assert person is not None
    return person


def _save_position(database: Database, person: Person, position: str) -> None:
    """Save an edit made to a row loaded in an earlier session."""
    with database.write() as s:
        s.add(person)
        person.position = position


def test_two_sessions_saving_the_same_row_the_second_fails(database: Database) -> None:
    """Two copies of rtcdesk on one database each load the row, then both save: the
    version column in the UPDATE's WHERE clause stops the second one."""
    with database.write() as s:
        ident = make_person(s, "Kang", "Taeil", position="Professor").id
    second_app = Database(database.url)
    try:
        mine = _load_person(database, ident)
        theirs = _load_person(second_app, ident)
        _save_position(database, mine, "Dean")
        with pytest.raises(StaleEditError):
            _save_position(second_app, theirs, "Rector")
    finally:
        second_app.dispose()
    with database.read() as s:
        person = people.get_person(s, ident)
        assert (person.position, person.version) == ("Dean", 2)


def test_changing_only_co_organisers_counts_as_an_edit(database: Database) -> None:
    with database.write() as s:
        ident = _meeting_create(s)
    with database.read() as s:
        first_copy = meetings.meeting_data(meetings.get_meeting(s, ident))
        second_copy = meetings.meeting_data(meetings.get_meeting(s, ident))
    first_copy.co_organiser_ids = []
    second_copy.theme = "A new theme"
    with database.write() as s:
        assert meetings.update_meeting(s, ident, first_copy, 1).version == 2
    with database.write() as s, pytest.raises(StaleEditError):
        meetings.update_meeting(s, ident, second_copy, 1)
    with database.write() as s:
        second_copy.co_organiser_ids = [org_id(s, "RTC India")]
        assert meetings.update_meeting(s, ident, second_copy, 2).version == 3
    with database.read() as s:
        meeting = meetings.get_meeting(s, ident)
        assert (meeting.theme, [o.name for o in meeting.co_organisers]) == (
            "A new theme",
            ["RTC India"],
        )


def test_changing_only_the_order_of_co_organisers_counts_as_an_edit(database: Database) -> None:
    with database.write() as s:
        ident = _meeting_create(s)
    with database.write() as s:
        data = meetings.meeting_data(meetings.get_meeting(s, ident))
        data.co_organiser_ids.reverse()
        assert meetings.update_meeting(s, ident, data, 1).version == 2
    with database.read() as s:
        assert [o.name for o in meetings.get_meeting(s, ident).co_organisers] == [
            "RTC Japan",
            "Japan Customs",
        ]


def test_changing_only_speakers_counts_as_an_edit(database: Database) -> None:
    with database.write() as s:
        ident = _agenda_create(s)
    with database.read() as s:
        first_copy = _agenda_data(s, ident)
        second_copy = _agenda_data(s, ident)
    first_copy.speakers = first_copy.speakers[:1]
    second_copy.title = "Welcome"
    with database.write() as s:
        assert agenda.update_agenda_item(s, ident, first_copy, 1).version == 2
    with database.write() as s, pytest.raises(StaleEditError):
        agenda.update_agenda_item(s, ident, second_copy, 1)
    with database.write() as s:
        second_copy.speakers = second_copy.speakers[1:]
        assert agenda.update_agenda_item(s, ident, second_copy, 2).version == 3
    with database.read() as s:
        stored = _agenda_data(s, ident)
        assert (stored.title, stored.speakers) == ("Welcome", second_copy.speakers)
