"""Choosing a survey's recipients and listing those still to chase.

Recipients come from the surveyed meeting's participants (only some statuses
and roles, e.g. those who attended) or one by one; a person added by hand
who took part in the meeting keeps the link to their participation, so that
their delegation shows in the tracker and on their form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Participation, SurveyRecipient
from rtcdesk.excel.report import ReportColumn, ReportSheet
from rtcdesk.services.names import day_month_year, meeting_title
from rtcdesk.services.survey_analysis import non_respondents, tracker
from rtcdesk.services.surveys import add_recipient, get_survey
from rtcdesk.vocabulary import ParticipantRole, ParticipationStatus


@dataclass(frozen=True)
class Candidates:
    """Participants of the surveyed meeting that a choice of statuses and roles takes in."""

    new: int
    already: int


def meeting_candidates(
    session: Session,
    survey_id: int,
    statuses: Iterable[ParticipationStatus],
    roles: Iterable[ParticipantRole],
) -> Candidates:
    """How many ``add_recipients_from_meeting`` would add, and how many of
    those chosen are recipients already. One query."""
    survey = get_survey(session, survey_id)
    if survey.meeting_id is None:
        return Candidates(0, 0)
    already = select(SurveyRecipient.person_id).where(SurveyRecipient.survey_id == survey_id)
    chosen = Participation.person_id.in_(already)
    new, old = session.execute(
        select(
            func.count().filter(~chosen),
            func.count().filter(chosen),
        ).where(
            Participation.meeting_id == survey.meeting_id,
            Participation.status.in_(list(statuses)),
            Participation.role.in_(list(roles)),
        )
    ).one()
    return Candidates(new or 0, old or 0)


def add_person(session: Session, survey_id: int, person_id: int) -> SurveyRecipient:
    """Add one person; linked to their participation if they took part in the meeting."""
    survey = get_survey(session, survey_id)
    participation_id = None
    if survey.meeting_id is not None:
        participation_id = session.scalar(
            select(Participation.id).where(
                Participation.meeting_id == survey.meeting_id,
                Participation.person_id == person_id,
            )
        )
    return add_recipient(session, survey_id, person_id, participation_id)


def non_respondents_sheet(session: Session, survey_id: int) -> ReportSheet:
    """The recipients still to chase (neither answered, declined nor
    unreachable), with what they were sent, as a workbook sheet."""
    survey = get_survey(session, survey_id)
    rows = non_respondents(tracker(session, survey_id))
    title = [survey.title]
    if survey.meeting is not None:
        title.append(f"Follow-up of: {meeting_title(survey.meeting.title, survey.meeting.ordinal)}")
    deadline = f"; deadline {day_month_year(survey.closes_on)}" if survey.closes_on else ""
    title.append(f"Not answered in full: {len(rows)}{deadline}")

    def cells() -> Iterator[list[Any]]:
        for r in rows:
            yield [
                r.name,
                r.email,
                r.delegation,
                r.sub_region,
                r.status.label,
                _naive(r.invited_at),
                r.reminder_count,
                _naive(r.last_reminded_at),
                r.note,
            ]

    headers = ["Recipient", "E-mail", "Delegation", "Sub-region", "Status", "Invited",
               "Reminders", "Last reminded", "Note"]  # fmt: skip
    return ReportSheet(
        "Not answered",
        [ReportColumn(h, wrap=h == "Note") for h in headers],
        cells,
        title_lines=title,
        row_count=len(rows),
    )


def _naive(value: Any) -> Any:
    """Excel has no time zones: UTC times are written without one."""
    return value.replace(tzinfo=None) if value is not None else None
