"""Small builders for service tests: each goes through the real service, so a
test's setup obeys the same rules as a coordinator's input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Organisation, Person, Survey
from rtcdesk.db.models.meetings import Meeting, Participation
from rtcdesk.services.meetings import MeetingData, create_meeting, delete_meeting
from rtcdesk.services.organisations import OrganisationData, create_organisation
from rtcdesk.services.participants import ParticipationData, add_participant
from rtcdesk.services.people import PersonData, create_person
from rtcdesk.services.surveys import delete_survey
from rtcdesk.vocabulary import MeetingKind, OrganisationKind

RTC_HEADS = "RTC Heads Meeting"


def org_id(session: Session, name: str) -> int:
    """The id of a reference organisation (they are loaded into every new database)."""
    ident = session.scalar(select(Organisation.id).where(Organisation.name == name))
    assert ident is not None, f"no reference organisation called {name!r}"
    return ident


def make_organisation(
    session: Session, name: str, kind: OrganisationKind = OrganisationKind.PARTNER, **fields: Any
) -> Organisation:
    return create_organisation(session, OrganisationData(name=name, kind=kind, **fields))


def make_person(session: Session, family_name: str, given_name: str = "", **fields: Any) -> Person:
    return create_person(
        session, PersonData(family_name=family_name, given_name=given_name, **fields)
    )


def make_meeting(
    session: Session,
    title: str = RTC_HEADS,
    start: date = date(2023, 11, 14),
    days: int = 3,
    kind: MeetingKind = MeetingKind.RTC_HEADS_MEETING,
    **fields: Any,
) -> Meeting:
    return create_meeting(
        session,
        MeetingData(
            title=title,
            kind=kind,
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            **fields,
        ),
    )


def make_participant(
    session: Session, meeting_id: int, person_id: int, **fields: Any
) -> Participation:
    return add_participant(session, meeting_id, ParticipationData(person_id=person_id, **fields))


def count_rows(session: Session, model: type[Any], *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


#: A follow-up form filled in the way a participant would (question code: answer).
GOOD_FOLLOW_UP_ANSWERS: dict[str, Any] = {
    "shared_knowledge": "Yes",
    "colleagues_reached": 30,
    "national_trainings": 2,
    "training_participants": 80,
    "applied_in_work": 4,
    "direct_effects": "Induction course redesigned.",
    "efficiency": 5,
    "modernisation_started": "No",
}


def make_survey_of_meeting_21(database: Any, status: Any = None) -> int:
    """A survey of the demo's 21st meeting (a draft unless ``status`` says
    otherwise), the template's questions, to everyone who took part (22)."""
    from rtcdesk.services import surveys
    from rtcdesk.services.meetings import find_meeting
    from rtcdesk.services.survey_templates import FOLLOW_UP_INTRODUCTION, follow_up_questions

    with database.write() as session:
        meeting = find_meeting(session, "RTC Heads Meeting", 21)
        assert meeting is not None
        created = surveys.create_survey(
            session,
            surveys.SurveyData(
                "Follow-up survey 2025",
                meeting_id=meeting.id,
                introduction=FOLLOW_UP_INTRODUCTION,
                opens_on=date(2025, 3, 1),
                closes_on=date(2025, 3, 31),
                **({"status": status} if status is not None else {}),
            ),
        )
        for question in follow_up_questions():
            surveys.add_question(session, created.id, question)
        assert len(surveys.add_recipients_from_meeting(session, created.id)) == 22
        return created.id


def delete_meeting_and_its_surveys(session: Session, meeting_id: int) -> None:
    """Delete a meeting as a coordinator must: the surveys that follow it up first."""
    for survey_id in session.scalars(select(Survey.id).where(Survey.meeting_id == meeting_id)):
        delete_survey(session, survey_id, None)
    delete_meeting(session, meeting_id, None)
