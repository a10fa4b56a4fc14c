"""No N+1 queries: every list view costs the same few statements for 2 rows or 40."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import StatementCounter
from factories import make_meeting, make_organisation, make_participant, make_person, org_id
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.services.agenda import (
    AgendaItemData,
    SpeakerData,
    add_agenda_item,
    agenda_rows,
    list_agenda,
)
from rtcdesk.services.meetings import list_meetings
from rtcdesk.services.names import display_name
from rtcdesk.services.organisations import list_organisations
from rtcdesk.services.outcomes import (
    ActionItemData,
    add_action_item,
    add_outcome,
    list_action_items,
    outcome_rows,
)
from rtcdesk.services.participants import (
    add_delegation,
    list_delegations,
    list_participants,
    set_delegation_head,
)
from rtcdesk.services.people import list_people
from rtcdesk.services.surveys import (
    QuestionData,
    SurveyData,
    add_question,
    add_recipient,
    create_survey,
    list_surveys,
    record_response,
)
from rtcdesk.vocabulary import AttendanceMode, OrganisationKind, OutcomeKind, QuestionKind

SMALL, LARGE = 2, 40


class World:
    """Shared context for the builders: one meeting that lists hang off."""

    def __init__(self, s: Session):
        self.meeting = make_meeting(s, "Host meeting", start=date(2023, 11, 14)).id
        self.japan = org_id(s, "Japan Customs")
        self.rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")


def _meeting(s: Session, w: World, i: int) -> None:
    person = make_person(s, f"Attendee{i}").id
    meeting = make_meeting(
        s,
        f"Workshop {i}",
        start=date(2020, 1, 1) + timedelta(days=10 * i),
        host_organisation_id=w.japan,
        co_organiser_ids=[w.rocb],
    ).id
    make_participant(s, meeting, person)


def _person(s: Session, w: World, i: int) -> None:
    person = make_person(s, f"Person{i}", organisation_id=w.japan).id
    make_participant(s, w.meeting, person)


def _organisation(s: Session, w: World, i: int) -> None:
    org = make_organisation(s, f"Customs Academy {i}", parent_id=w.japan).id
    make_person(s, f"Staff{i}", organisation_id=org)
    add_delegation(s, w.meeting, org)


def _participant(s: Session, w: World, i: int) -> None:
    org = make_organisation(s, f"Delegation {i}", kind=OrganisationKind.MEMBER_ADMINISTRATION).id
    delegation = add_delegation(s, w.meeting, org).id
    person = make_person(s, f"Delegate{i}", organisation_id=org).id
    make_participant(s, w.meeting, person, delegation_id=delegation)
    set_delegation_head(s, delegation, person, None)


def _action(s: Session, w: World, i: int) -> None:
    outcome = add_outcome(s, w.meeting, OutcomeKind.DECISION, f"Decision {i}").id
    owner = make_person(s, f"Owner{i}").id
    add_action_item(
        s,
        w.meeting,
        ActionItemData(
            f"Action {i}", owner_organisation_id=w.japan, owner_person_id=owner, outcome_id=outcome
        ),
    )


def _survey(s: Session, w: World, i: int) -> None:
    survey = create_survey(s, SurveyData(f"Survey {i}", meeting_id=w.meeting)).id
    question = add_question(s, survey, QuestionData("q", QuestionKind.YES_NO, "Shared?")).id
    recipient = add_recipient(s, survey, make_person(s, f"Recipient{i}").id).id
    record_response(s, recipient, {question: "yes"})
    add_recipient(s, survey, make_person(s, f"Silent{i}").id)


def _agenda_item(s: Session, w: World, i: int) -> None:
    speakers = [
        SpeakerData(make_person(s, f"Speaker{i}").id),
        SpeakerData(make_person(s, f"Remote{i}").id, AttendanceMode.VIRTUAL),
    ]
    add_agenda_item(s, w.meeting, AgendaItemData(f"Item {i}", speakers=speakers))


def _read_agenda(s: Session, w: World) -> list[Any]:
    """The agenda as a view shows it: every speaker's name and mode."""
    return [
        (item.title, [(display_name(sp.person), sp.attendance_mode) for sp in item.speakers])
        for item in list_agenda(s, w.meeting)
    ]


def _outcome(s: Session, w: World, i: int) -> None:
    add_outcome(s, w.meeting, OutcomeKind.DECISION, f"Decision {i}")


@dataclass(frozen=True)
class ListView:
    name: str
    add_row: Callable[[Session, World, int], None]
    read: Callable[[Session, World], list[Any]]
    most: int


VIEWS = [
    ListView(
        "list_meetings",
        _meeting,
        lambda s, w: [r for r in list_meetings(s) if r.id != w.meeting],
        1,
    ),
    ListView("list_people", _person, lambda s, w: list_people(s), 1),
    ListView(
        "list_organisations",
        _organisation,
        lambda s, w: list_organisations(s, "customs academy"),
        1,
    ),
    ListView("list_participants", _participant, lambda s, w: list_participants(s, w.meeting), 1),
    ListView("list_delegations", _participant, lambda s, w: list_delegations(s, w.meeting), 1),
    ListView(
        "list_action_items",
        _action,
        lambda s, w: list_action_items(s, meeting_id=w.meeting),
        1,
    ),
    ListView("list_surveys", _survey, lambda s, w: list_surveys(s), 1),
    ListView("list_agenda", _agenda_item, _read_agenda, 3),
    ListView("agenda_rows", _agenda_item, lambda s, w: agenda_rows(s, w.meeting), 3),
    ListView("outcome_rows", _outcome, lambda s, w: outcome_rows(s, w.meeting), 1),
]


def _measure(
    database: Database, counter: StatementCounter, view: ListView, world: World
) -> tuple[int, int]:
    counter.statements.clear()
    with database.read() as s, counter:
        rows = view.read(s, world)
    return len(rows), counter.count


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_statement_count_does_not_grow_with_rows(
    database: Database, count_statements: StatementCounter, view: ListView
) -> None:
    with database.write() as s:
        world = World(s)
        for i in range(SMALL):
            view.add_row(s, world, i)
    small_rows, small = _measure(database, count_statements, view, world)
    with database.write() as s:
        for i in range(SMALL, LARGE):
            view.add_row(s, world, i)
    large_rows, large = _measure(database, count_statements, view, world)
    assert (small_rows, large_rows) == (SMALL, LARGE)
    assert small == large, count_statements.statements
    assert 1 <= large <= view.most, count_statements.statements
