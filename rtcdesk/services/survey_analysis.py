"""What a survey's answers say, and who has not answered yet.

Counts and percentages per question (of the respondents who answered it),
mean and median for numbers and ratings, the text answers with who wrote
them; and the tracker: per recipient, and response rates overall, per
delegation and per sub-region. Each is a handful of queries, whatever the
number of recipients.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import (
    Delegation,
    Organisation,
    Participation,
    Person,
    SurveyAnswer,
    SurveyRecipient,
)
from rtcdesk.services.names import NameKey, display_name, name_key
from rtcdesk.services.surveys import CHOICE_KINDS, get_survey, list_questions
from rtcdesk.vocabulary import RETURNED, TO_CHASE, QuestionKind, RecipientStatus


@dataclass(frozen=True)
class OptionCount:
    option: str
    count: int
    share: float  # of the respondents who answered the question


@dataclass
class QuestionSummary:
    code: str
    text: str
    kind: QuestionKind
    section: str
    answered: int
    options: list[OptionCount] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (respondent, text)
    #: A date question's first and last answers (its options count them by month).
    earliest: date | None = None
    latest: date | None = None


@dataclass(frozen=True)
class TrackerRow:
    recipient_id: int
    name: str
    name_key: NameKey
    email: str
    delegation: str
    sub_region: str
    status: RecipientStatus
    invited_at: datetime | None
    reminder_count: int
    last_reminded_at: datetime | None
    responded_at: datetime | None
    note: str


@dataclass(frozen=True)
class Rate:
    group: str
    recipients: int
    responded: int

    @property
    def rate(self) -> float:
        return self.responded / self.recipients if self.recipients else 0.0


def tracker(session: Session, survey_id: int) -> list[TrackerRow]:
    """Every recipient with their delegation and where they stand. One query."""
    delegation_org = aliased(Organisation)
    own_org = aliased(Organisation)
    stmt = (
        select(SurveyRecipient, Person, delegation_org, own_org)
        .join(Person, SurveyRecipient.person_id == Person.id)
        .outerjoin(Participation, SurveyRecipient.participation_id == Participation.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(delegation_org, Delegation.organisation_id == delegation_org.id)
        .outerjoin(own_org, Person.organisation_id == own_org.id)
        .where(SurveyRecipient.survey_id == survey_id)
        .order_by(SurveyRecipient.id)
    )
    rows = []
    for recipient, person, delegation, own in session.execute(stmt):
        org = delegation or own
        rows.append(
            TrackerRow(
                recipient_id=recipient.id,
                name=display_name(person),
                name_key=name_key(person),
                email=person.email,
                delegation=org.name if org else "",
                sub_region=org.sub_region if org else "",
                status=recipient.status,
                invited_at=recipient.invited_at,
                reminder_count=recipient.reminder_count,
                last_reminded_at=recipient.last_reminded_at,
                responded_at=recipient.responded_at,
                note=recipient.status_note,
            )
        )
    return rows


def response_rates(rows: list[TrackerRow], by: str | None = None) -> list[Rate]:
    """Overall (``by`` None), or per "delegation" or "sub_region"."""
    groups: dict[str, list[TrackerRow]] = {}
    for row in rows:
        key = "All recipients" if by is None else (getattr(row, by) or "(none)")
        groups.setdefault(key, []).append(row)
    return [
        Rate(group, len(members), sum(m.status in RETURNED for m in members))
        for group, members in sorted(groups.items())
    ]


def non_respondents(rows: list[TrackerRow]) -> list[TrackerRow]:
    """Those still to chase: invited (or not yet) and neither answered nor declined."""
    return [r for r in rows if r.status in TO_CHASE]


def summarise(session: Session, survey_id: int) -> list[QuestionSummary]:
    """Per question: counts and shares, mean and median, text answers. Two queries."""
    get_survey(session, survey_id)
    questions = list_questions(session, survey_id)
    stmt = (
        select(SurveyAnswer.question_id, SurveyAnswer.value, Person)
        .join(SurveyRecipient, SurveyAnswer.recipient_id == SurveyRecipient.id)
        .join(Person, SurveyRecipient.person_id == Person.id)
        .where(SurveyRecipient.survey_id == survey_id)
        .order_by(SurveyRecipient.id)
    )
    answers: dict[int, list[tuple[Any, Person]]] = {}
    for question_id, value, person in session.execute(stmt):
        answers.setdefault(question_id, []).append((value, person))
    return [_summary(q, answers.get(q.id, [])) for q in questions]


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def _months(days: list[date]) -> list[date]:
    """The first of every month from the first day's to the last day's."""
    if not days:
        return []
    month, last = days[0].replace(day=1), days[-1].replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _summary(question: Any, given: list[tuple[Any, Person]]) -> QuestionSummary:
    values = [v for v, _ in given if v not in (None, [], "")]
    summary = QuestionSummary(
        question.code, question.text, question.kind, question.section, answered=len(values)
    )
    kind = question.kind
    counts: Counter[str] = Counter()
    if kind is QuestionKind.YES_NO:
        counts.update("Yes" if v else "No" for v in values)
        order = ["Yes", "No"]
    elif kind in CHOICE_KINDS:
        for value in values:
            counts.update(value if isinstance(value, list) else [value])
        order = list(question.choices)
    elif kind is QuestionKind.RATING:
        counts.update(str(v) for v in values)
        order = [str(n) for n in range(question.scale_min or 0, (question.scale_max or 0) + 1)]
    elif kind is QuestionKind.DATE:
        days = sorted(d for d in (_day(v) for v in values) if d is not None)
        if days:
            summary.earliest, summary.latest = days[0], days[-1]
        counts.update(_month(d) for d in days)
        order = [_month(d) for d in _months(days)]
    else:
        order = []
    if order:
        summary.options = [
            OptionCount(option, counts[option], counts[option] / len(values) if values else 0.0)
            for option in order
        ]
    if kind in (QuestionKind.NUMBER, QuestionKind.RATING) and values:
        numbers = [float(v) for v in values]
        summary.mean = statistics.fmean(numbers)
        summary.median = statistics.median(numbers)
    if kind is QuestionKind.TEXT:
        summary.texts = [(display_name(p), str(v)) for v, p in given if v]
    return summary
