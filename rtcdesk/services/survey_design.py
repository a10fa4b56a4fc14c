"""Designing a survey: how a new one starts (the built-in template, an
earlier survey's questions, or nothing), and its details and questions as
plain rows for an editor to show.

The rules about questions themselves (what may change once answers exist)
stay in ``surveys``; this module only gathers and copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Survey, SurveyAnswer, SurveyQuestion
from rtcdesk.excel.survey_form import guidance
from rtcdesk.services.names import meeting_title
from rtcdesk.services.survey_forms import form_question
from rtcdesk.services.survey_templates import (
    FOLLOW_UP_INTRODUCTION,
    FOLLOW_UP_TITLE,
    follow_up_questions,
)
from rtcdesk.services.surveys import (
    QuestionData,
    SurveyData,
    add_question,
    create_survey,
    get_survey,
    list_questions,
)
from rtcdesk.vocabulary import QuestionKind

# -- the survey --------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyDetails:
    """A survey's editable fields, its version, and the name of the meeting it follows up."""

    id: int
    version: int
    data: SurveyData
    meeting_title: str


def survey_data(survey: Survey) -> SurveyData:
    return SurveyData(
        title=survey.title,
        meeting_id=survey.meeting_id,
        introduction=survey.introduction,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        status=survey.status,
    )


def survey_details(session: Session, survey_id: int) -> SurveyDetails:
    survey = get_survey(session, survey_id)
    meeting = survey.meeting
    return SurveyDetails(
        id=survey.id,
        version=survey.version,
        data=survey_data(survey),
        meeting_title=meeting_title(meeting.title, meeting.ordinal) if meeting else "",
    )


# -- starting a survey -------------------------------------------------------------


@dataclass(frozen=True)
class StartingPoint:
    """What a new survey starts with: a suggested title and introduction, and questions."""

    title: str
    introduction: str
    questions: tuple[QuestionData, ...]


def template_start() -> StartingPoint:
    """The built-in follow-up action questionnaire."""
    return StartingPoint(FOLLOW_UP_TITLE, FOLLOW_UP_INTRODUCTION, tuple(follow_up_questions()))


def empty_start() -> StartingPoint:
    return StartingPoint("", "", ())


def earlier_start(session: Session, survey_id: int) -> StartingPoint:
    """A copy of an earlier survey's title, introduction and questions (no answers)."""
    survey = get_survey(session, survey_id)
    questions = tuple(question_data(row) for row in question_rows(session, survey_id))
    return StartingPoint(survey.title, survey.introduction, questions)


def start_survey(session: Session, data: SurveyData, questions: Iterable[QuestionData]) -> Survey:
    """Create the survey with ``questions`` (each checked as if added by hand)."""
    survey = create_survey(session, data)
    for question in questions:
        add_question(session, survey.id, question)
    return survey


# -- questions -----------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    """One question as an editor lists it, with how many answers it has."""

    id: int
    version: int
    position: int
    code: str
    kind: QuestionKind
    text: str
    required: bool
    section: str
    help_text: str
    choices: tuple[str, ...]
    scale_min: int | None
    scale_max: int | None
    scale_min_label: str
    scale_max_label: str
    answers: int
    decimals: bool = False


def question_rows(session: Session, survey_id: int) -> list[QuestionRow]:
    """The survey's questions in order, each with its answer count. Two queries."""
    counts: dict[int, int] = dict(
        session.execute(
            select(SurveyAnswer.question_id, func.count())
            .join(SurveyQuestion, SurveyAnswer.question_id == SurveyQuestion.id)
            .where(SurveyQuestion.survey_id == survey_id)
            .group_by(SurveyAnswer.question_id)
        ).all()
    )
    return [
        QuestionRow(
            id=q.id,
            version=q.version,
            position=q.position,
            code=q.code,
            kind=q.kind,
            text=q.text,
            required=q.required,
            section=q.section,
            help_text=q.help_text,
            choices=tuple(q.choices or ()),
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            scale_min_label=q.scale_min_label,
            scale_max_label=q.scale_max_label,
            answers=counts.get(q.id, 0),
            decimals=q.decimals,
        )
        for q in list_questions(session, survey_id)
    ]


def question_data(row: QuestionRow) -> QuestionData:
    return QuestionData(
        code=row.code,
        kind=row.kind,
        text=row.text,
        required=row.required,
        help_text=row.help_text,
        section=row.section,
        choices=list(row.choices),
        scale_min=row.scale_min,
        scale_max=row.scale_max,
        scale_min_label=row.scale_min_label,
        scale_max_label=row.scale_max_label,
        decimals=row.decimals,
    )


def next_code(codes: Sequence[str]) -> str:
    """A code no question of the survey has yet: q1, q2, ... after the highest."""
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(r"q(\d+)", c))]
    return f"q{max([len(codes), *numbers]) + 1}"


def sections(rows: Iterable[QuestionRow]) -> list[str]:
    """The section headings in use, in the order they first appear."""
    return list(dict.fromkeys(r.section for r in rows if r.section))


def answer_guidance(row: QuestionRow) -> str:
    """How the form tells the respondent to answer ``row`` ("Required. Choose Yes or No.")."""
    return guidance(form_question(row))
