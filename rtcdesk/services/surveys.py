"""Follow-up action surveys: the survey, its questions, recipients and answers."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtcdesk.db.base import utcnow
from rtcdesk.db.models import (
    Meeting,
    Participation,
    Person,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.errors import ConflictError, FieldProblem, ValidationError
from rtcdesk.services.history_labels import question_name, question_number
from rtcdesk.services.names import meeting_title
from rtcdesk.services.records import (
    apply_fields,
    apply_order,
    check_version,
    get_or_raise,
    no_longer_there,
)
from rtcdesk.services.validation import Checker
from rtcdesk.services.wording import plural
from rtcdesk.typed_dates import parse_date
from rtcdesk.vocabulary import RETURNED, QuestionKind, RecipientStatus, SurveyStatus

CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
#: Kinds whose scale_min/scale_max mean something: a rating's scale, a number's range.
RANGED_KINDS = (QuestionKind.RATING, QuestionKind.NUMBER)
#: The longest text answer kept (a form says so; Excel's cell holds 32,767).
TEXT_ANSWER_LIMIT = 5000


def new_token() -> str:
    """An unguessable recipient token (128 bits, URL- and cell-safe)."""
    return secrets.token_urlsafe(16)


# -- surveys -------------------------------------------------------------------


@dataclass
class SurveyData:
    title: str
    meeting_id: int | None = None
    introduction: str = ""
    opens_on: date | None = None
    closes_on: date | None = None
    status: SurveyStatus = SurveyStatus.DRAFT


def _checked_survey_values(check: Checker, data: SurveyData) -> dict[str, object]:
    """The cleaned column values; every rule that needs no database goes to ``check``."""
    values: dict[str, object] = {
        "title": check.text("Title", data.title, Survey.title, required=True),
        "meeting_id": data.meeting_id,
        "introduction": check.text("Introduction", data.introduction, Survey.introduction),
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "status": data.status,
    }
    check.date_order("Closes on", data.opens_on, data.closes_on, "is before the opening date")
    return values


def check_survey_fields(data: SurveyData) -> list[FieldProblem]:
    """The problems of ``data`` that can be seen without the database (the
    survey editor checks as the coordinator types; saving applies the same)."""
    check = Checker("The survey")
    _checked_survey_values(check, data)
    return check.problems


def _clean_survey(session: Session, data: SurveyData) -> dict[str, object]:
    check = Checker("The survey")
    values = _checked_survey_values(check, data)
    if data.meeting_id is not None and session.get(Meeting, data.meeting_id) is None:
        check.problem("Meeting", no_longer_there(session, Meeting, data.meeting_id, "meeting"))
    check.check()
    return values


def create_survey(session: Session, data: SurveyData) -> Survey:
    survey = Survey(**_clean_survey(session, data))
    session.add(survey)
    session.flush()
    return survey


def update_survey(
    session: Session, survey_id: int, data: SurveyData, expected_version: int | None
) -> Survey:
    survey = get_or_raise(session, Survey, survey_id, "survey")
    check_version(survey, expected_version, "survey")
    apply_fields(survey, _clean_survey(session, data))
    session.flush()
    return survey


def get_survey(session: Session, survey_id: int) -> Survey:
    return get_or_raise(session, Survey, survey_id, "survey")


def delete_survey(session: Session, survey_id: int, expected_version: int | None) -> None:
    survey = get_or_raise(session, Survey, survey_id, "survey")
    check_version(survey, expected_version, "survey")
    session.delete(survey)
    session.flush()


@dataclass(frozen=True)
class SurveyRow:
    id: int
    title: str
    meeting_id: int | None
    meeting_title: str | None
    status: SurveyStatus
    opens_on: date | None
    closes_on: date | None
    recipients: int
    responses: int
    version: int

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.recipients if self.recipients else None


def list_surveys(session: Session) -> list[SurveyRow]:
    """Surveys with recipient and response counts, newest deadline first. One query."""
    counts = (
        select(
            SurveyRecipient.survey_id,
            func.count().label("recipients"),
            func.count().filter(SurveyRecipient.status.in_(RETURNED)).label("responses"),
        )
        .group_by(SurveyRecipient.survey_id)
        .subquery()
    )
    stmt = (
        select(
            Survey,
            Meeting.title,
            Meeting.ordinal,
            func.coalesce(counts.c.recipients, 0),
            func.coalesce(counts.c.responses, 0),
        )
        .outerjoin(Meeting, Survey.meeting_id == Meeting.id)
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .order_by(Survey.closes_on.desc().nulls_last(), Survey.id.desc())
    )
    return [
        SurveyRow(
            id=s.id,
            title=s.title,
            meeting_id=s.meeting_id,
            meeting_title=meeting_title(mtitle, mordinal) if mtitle else None,
            status=s.status,
            opens_on=s.opens_on,
            closes_on=s.closes_on,
            recipients=recipients,
            responses=responses,
            version=s.version,
        )
        for s, mtitle, mordinal, recipients, responses in session.execute(stmt)
    ]


# -- questions -------------------------------------------------------------------


@dataclass
class QuestionData:
    code: str
    kind: QuestionKind
    text: str
    required: bool = False
    help_text: str = ""
    section: str = ""
    choices: list[str] = field(default_factory=list)
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""
    #: A number question's answers may have decimals.
    decimals: bool = False


def _checked_question_values(check: Checker, data: QuestionData) -> dict[str, object]:
    """The cleaned column values; every rule that needs no database goes to ``check``."""
    code = check.text("Code", data.code, SurveyQuestion.code, required=True)
    choices = [c.strip() for c in data.choices if c.strip()]
    values: dict[str, object] = {
        "code": code,
        "kind": data.kind,
        "text": check.text("Question", data.text, SurveyQuestion.text, required=True),
        "required": data.required,
        "help_text": check.text("Help", data.help_text, SurveyQuestion.help_text),
        "section": check.text("Section", data.section, SurveyQuestion.section),
        "choices": choices if data.kind in CHOICE_KINDS else [],
        # A rating's scale; a number's allowed range (None: 0 and up, no top).
        "scale_min": data.scale_min if data.kind in RANGED_KINDS else None,
        "scale_max": data.scale_max if data.kind in RANGED_KINDS else None,
        "scale_min_label": check.text(
            "Low end label", data.scale_min_label, SurveyQuestion.scale_min_label
        ),
        "scale_max_label": check.text(
            "High end label", data.scale_max_label, SurveyQuestion.scale_max_label
        ),
        "decimals": data.decimals and data.kind is QuestionKind.NUMBER,
    }
    if data.kind in CHOICE_KINDS:
        if len(choices) < 2:
            check.problem("Choices", "a choice question needs at least two choices")
        if len({c.casefold() for c in choices}) != len(choices):
            check.problem("Choices", "the same choice is listed twice")
    if data.kind is QuestionKind.RATING and (
        data.scale_min is None or data.scale_max is None or data.scale_max <= data.scale_min
    ):
        check.problem("Scale", "a rating needs a lowest and a higher highest value, e.g. 1 to 5")
    low, high = number_range(data)
    if data.kind is QuestionKind.NUMBER and high is not None and high < low:
        check.problem("Range", f"the largest answer ({high}) is below the smallest ({low})")
    return values


def _within(value: float, low: int, high: int | None) -> bool:
    return low <= value and (high is None or value <= high)


def number_range(question: Any) -> tuple[int, int | None]:
    """The answers a number question allows: from its smallest (0 unless set:
    most are counts of people, trainings, days) to its largest (None: no limit)."""
    low = question.scale_min if question.scale_min is not None else 0
    return low, question.scale_max


def check_question_fields(data: QuestionData) -> list[FieldProblem]:
    """The problems of ``data`` that can be seen without the database (the
    question form checks as the coordinator types; saving applies the same)."""
    check = Checker("The question")
    _checked_question_values(check, data)
    return check.problems


def _clean_question(
    session: Session, survey_id: int, data: QuestionData, own_id: int | None
) -> dict[str, object]:
    check = Checker("The question")
    values = _checked_question_values(check, data)
    code = values["code"]
    if code:
        clash = session.scalar(
            select(SurveyQuestion.id).where(
                SurveyQuestion.survey_id == survey_id,
                SurveyQuestion.code == code,
                SurveyQuestion.id != (own_id or -1),
            )
        )
        if clash is not None:
            check.problem("Code", f"another question of this survey has the code '{code}'")
    check.check()
    return values


def add_question(session: Session, survey_id: int, data: QuestionData) -> SurveyQuestion:
    get_or_raise(session, Survey, survey_id, "survey")
    values = _clean_question(session, survey_id, data, None)
    last = session.scalar(
        select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey_id)
    )
    question = SurveyQuestion(survey_id=survey_id, position=(last or 0) + 1, **values)
    session.add(question)
    session.flush()
    return question


def answer_count(session: Session, question_id: int) -> int:
    return session.scalar(select(func.count()).where(SurveyAnswer.question_id == question_id)) or 0


def update_question(
    session: Session, question_id: int, data: QuestionData, expected_version: int | None
) -> SurveyQuestion:
    """Edit a question. Once answers exist, the kind cannot change and no
    choice or scale value that an answer uses can go away."""
    question = get_or_raise(session, SurveyQuestion, question_id, "question")
    check_version(question, expected_version, "question")
    values = _clean_question(session, question.survey_id, data, question_id)
    if answer_count(session, question_id):
        problems = _answer_breaking_changes(session, question, data)
        if problems:
            raise ValidationError("The question", problems)
    apply_fields(question, values)
    session.flush()
    return question


def _answer_breaking_changes(
    session: Session, question: SurveyQuestion, data: QuestionData
) -> list[FieldProblem]:
    problems = []
    if data.kind is not question.kind:
        problems.append(
            FieldProblem("Type", "answers were collected already; the type can no longer change")
        )
        return problems
    used = [
        a.value
        for a in session.scalars(
            select(SurveyAnswer).where(SurveyAnswer.question_id == question.id)
        )
    ]
    if question.kind in CHOICE_KINDS:
        in_use = {v for value in used for v in (value if isinstance(value, list) else [value])}
        gone = sorted(str(v) for v in in_use - {c.strip() for c in data.choices})
        if gone:
            problems.append(
                FieldProblem("Choices", f"answers use {', '.join(gone)}; those choices must stay")
            )
    if question.kind is QuestionKind.NUMBER and used:
        low, high = number_range(data)
        outside = sorted(
            {v for v in used if isinstance(v, int | float) and not _within(v, low, high)}
        )
        if outside:
            problems.append(
                FieldProblem("Range", f"answers use {outside}; the range must still include them")
            )
    if question.kind is QuestionKind.RATING and used:
        low, high = data.scale_min or 0, data.scale_max or 0
        outside = sorted({v for v in used if isinstance(v, int) and not low <= v <= high})
        if outside:
            problems.append(
                FieldProblem("Scale", f"answers use {outside}; the scale must still include them")
            )
    return problems


def delete_question(session: Session, question_id: int, expected_version: int | None) -> None:
    question = get_or_raise(session, SurveyQuestion, question_id, "question")
    check_version(question, expected_version, "question")
    count = answer_count(session, question_id)
    if count:
        name = question_name(question_number(session, question), question.text)
        raise ConflictError(
            f"'{name}' has {plural(count, 'answer', 'answers')} and cannot be deleted."
        )
    session.delete(question)
    session.flush()


def list_questions(session: Session, survey_id: int) -> list[SurveyQuestion]:
    return list(
        session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey_id)
            .order_by(SurveyQuestion.position)
        )
    )


def reorder_questions(session: Session, survey_id: int, question_ids: list[int]) -> None:
    apply_order({q.id: q for q in list_questions(session, survey_id)}, question_ids, "questions")
    session.flush()


# -- answers -----------------------------------------------------------------------


def normalise_answer(question: SurveyQuestion, value: Any) -> Any:
    """The answer as stored (JSON-ready), or ValueError with a plain reason.

    None and "" mean "no answer". Accepts what a form or a person would give:
    "Yes"/"No" for yes/no, a number as text, a date or an ISO date string.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if question.required:
            raise ValueError("an answer is required")
        return None
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in ("yes", "y", "true", "1"):
            return True
        if text in ("no", "n", "false", "0"):
            return False
        raise ValueError(f"'{value}' is not yes or no")
    if kind is QuestionKind.SINGLE_CHOICE:
        return _match_choice(question, str(value))
    if kind is QuestionKind.MULTIPLE_CHOICE:
        items = value if isinstance(value, list) else str(value).split(";")
        chosen = [_match_choice(question, str(item)) for item in items if str(item).strip()]
        if not chosen:
            if question.required:
                raise ValueError("an answer is required")
            return None  # nothing ticked is no answer, as a blank cell is
        return list(dict.fromkeys(chosen))
    if kind is QuestionKind.RATING:
        number = _as_number(value)
        if number != int(number):
            raise ValueError(f"'{value}' is not a whole number")
        low, high = question.scale_min or 0, question.scale_max or 0
        if not low <= number <= high:
            raise ValueError(f"{int(number)} is outside the scale {low} to {high}")
        return int(number)
    if kind is QuestionKind.NUMBER:
        number = _as_number(value)
        if not question.decimals and number != int(number):
            raise ValueError(f"'{value}' is not a whole number")
        smallest, largest = number_range(question)
        if number < smallest:
            raise ValueError(f"{number:g} is below {smallest}, the smallest answer allowed")
        if largest is not None and number > largest:
            raise ValueError(f"{number:g} is above {largest}, the largest answer allowed")
        return int(number) if number == int(number) else number
    if kind is QuestionKind.DATE:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return _date_answer(str(value)).isoformat()
    text = str(value).strip()
    if len(text) > TEXT_ANSWER_LIMIT:
        raise ValueError(
            f"the answer has {len(text):,} characters; at most {TEXT_ANSWER_LIMIT:,} are kept"
        )
    return text


def _date_answer(text: str) -> date:
    """A date typed as text: "2024-03-31", or with the month in words ("31 Mar
    2024", "March 31, 2024"). All-number dates other than year-first are
    refused: "03/04/2024" is March in some countries and April in others."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if any(c.isalpha() for c in text):
        found = parse_date(text, day_first=True)
        if found is not None:
            return found
    raise ValueError(f"'{text}' is not a date (write it as 31 Mar 2024)")


def _match_choice(question: SurveyQuestion, text: str) -> str:
    wanted = text.strip().casefold()
    for choice in question.choices:
        if choice.casefold() == wanted:
            return choice
    raise ValueError(f"'{text.strip()}' is not one of the choices")


def _as_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            number = float(_plain_number_text(str(value)))
    except (ValueError, OverflowError):
        raise ValueError(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a number")
    return number


def _plain_number_text(text: str) -> str:
    """ "1,500" -> "1500" (thousands); "1,5" -> "1.5" and "1.234,5" -> "1234.5"
    (a decimal comma, as much of the world writes it)."""
    text = "".join(text.split()).replace("\u00a0", "")
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "")
        return text.replace(",", ".")
    if text.count(",") == 1:
        whole, fraction = text.split(",")
        return text.replace(",", "") if len(fraction) == 3 and whole else f"{whole}.{fraction}"
    return text.replace(",", "")


def record_response(
    session: Session,
    recipient_id: int,
    answers: dict[int, Any],
    *,
    responded_at: datetime | None = None,
    require_complete: bool = True,
    expected_version: int | None = None,
    flush: bool = True,
    survey_questions: list[SurveyQuestion] | None = None,
) -> SurveyRecipient:
    """Store one recipient's answers (question id -> value) and mark them responded.

    Every answer is checked first; if any is invalid, or a required question
    is left without an answer, nothing is written and all problems are
    reported. Answers not named keep their stored value. ``expected_version``
    is the recipient's version when the answers were read for editing; a
    change of answers moves it, so two people typing in the same response
    cannot overwrite each other unseen. Without ``flush`` the caller flushes
    (a batch of responses written, and their history recorded, at once);
    ``survey_questions``, in order, spares a batch reading them per response.
    """
    recipient = get_or_raise(session, SurveyRecipient, recipient_id, "recipient")
    check_version(recipient, expected_version, "response")
    ordered = survey_questions
    if ordered is None:
        ordered = list_questions(session, recipient.survey_id)
    questions = {q.id: q for q in ordered}
    names = {q.id: question_name(number, q.text) for number, q in enumerate(ordered, start=1)}
    problems = []
    cleaned: dict[int, Any] = {}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            problems.append(FieldProblem("Questions", "an answered question is not in this survey"))
            continue
        try:
            cleaned[question_id] = normalise_answer(question, value)
        except ValueError as exc:
            problems.append(FieldProblem(names[question_id], str(exc)))
    stored = {a.question_id: a for a in recipient.answers}
    for question in questions.values():
        final = cleaned[question.id] if question.id in cleaned else stored.get(question.id)
        if require_complete and question.required and final is None and question.id not in answers:
            problems.append(FieldProblem(names[question.id], "an answer is required"))
    if problems:
        raise ValidationError("The response", problems)
    answers_changed = False
    for question_id, value in cleaned.items():
        answer = stored.get(question_id)
        if answer is None:
            if value is not None:
                recipient.answers.append(SurveyAnswer(question_id=question_id, value=value))
                answers_changed = True
        elif value is None:
            recipient.answers.remove(answer)
            answers_changed = True
        elif answer.value != value:
            answer.value = value
            answers_changed = True
    if answers_changed:
        # The answers are rows of their own: touch the recipient so that its version moves.
        recipient.updated_at = recipient.answers_changed_at = utcnow()
    recipient.status = RecipientStatus.RESPONDED
    if recipient.responded_at is None:
        recipient.responded_at = responded_at or datetime.now(UTC)
    open_when_under_way(recipient.survey)
    if flush:
        session.flush()
    return recipient


# -- recipients ----------------------------------------------------------------------


def add_recipient(
    session: Session, survey_id: int, person_id: int, participation_id: int | None = None
) -> SurveyRecipient:
    survey = get_or_raise(session, Survey, survey_id, "survey")
    get_or_raise(session, Person, person_id, "person")
    existing = session.scalar(
        select(SurveyRecipient.id).where(
            SurveyRecipient.survey_id == survey_id, SurveyRecipient.person_id == person_id
        )
    )
    if existing is not None:
        raise ConflictError("That person is already a recipient of this survey.")
    if participation_id is not None:
        participation = get_or_raise(session, Participation, participation_id, "participant")
        if participation.person_id != person_id or participation.meeting_id != survey.meeting_id:
            raise ConflictError("That participation is not this person's at the surveyed meeting.")
    recipient = SurveyRecipient(
        survey_id=survey_id,
        person_id=person_id,
        participation_id=participation_id,
        token=new_token(),
    )
    session.add(recipient)
    session.flush()
    return recipient


def add_recipients_from_meeting(
    session: Session,
    survey_id: int,
    statuses: Iterable[Any] | None = None,
    roles: Iterable[Any] | None = None,
) -> list[SurveyRecipient]:
    """Add the surveyed meeting's participants (optionally only some statuses
    and roles) who are not recipients yet."""
    survey = get_or_raise(session, Survey, survey_id, "survey")
    if survey.meeting_id is None:
        raise ConflictError("This survey follows up no meeting; add recipients one by one.")
    already = select(SurveyRecipient.person_id).where(SurveyRecipient.survey_id == survey_id)
    stmt = select(Participation).where(
        Participation.meeting_id == survey.meeting_id, Participation.person_id.not_in(already)
    )
    if statuses is not None:
        stmt = stmt.where(Participation.status.in_(list(statuses)))
    if roles is not None:
        stmt = stmt.where(Participation.role.in_(list(roles)))
    added = [
        SurveyRecipient(
            survey_id=survey_id, person_id=p.person_id, participation_id=p.id, token=new_token()
        )
        for p in session.scalars(stmt.order_by(Participation.id))
    ]
    session.add_all(added)
    session.flush()
    return added


def remove_recipient(session: Session, recipient_id: int, expected_version: int | None) -> None:
    recipient = get_or_raise(session, SurveyRecipient, recipient_id, "recipient")
    check_version(recipient, expected_version, "recipient")
    if recipient.answers:
        raise ConflictError(
            "This recipient has answered; their response would be lost. "
            "Mark them declined instead, or delete the answers first."
        )
    session.delete(recipient)
    session.flush()


def set_recipient_status(
    session: Session,
    recipient_id: int,
    status: RecipientStatus,
    note: str = "",
    expected_version: int | None = None,
) -> SurveyRecipient:
    recipient = get_or_raise(session, SurveyRecipient, recipient_id, "recipient")
    check_version(recipient, expected_version, "recipient")
    check = Checker("The recipient")
    cleaned = check.text("Note", note, SurveyRecipient.status_note)
    check.check()
    if status is RecipientStatus.RESPONDED and not recipient.answers:
        raise ConflictError("Record the answers to mark a recipient as responded.")
    apply_fields(recipient, {"status": status, "status_note": cleaned})
    session.flush()
    return recipient


def close_overdue(session: Session, today: date) -> list[str]:
    """Close the open surveys whose closing date has passed; their titles.
    (One reopened by hand to take a late return closes again the next time.)"""
    overdue = list(
        session.scalars(
            select(Survey).where(Survey.status == SurveyStatus.OPEN, Survey.closes_on < today)
        )
    )
    for survey in overdue:
        survey.status = SurveyStatus.CLOSED
    session.flush()
    return [s.title for s in overdue]


def open_when_under_way(survey: Survey) -> None:
    """A draft survey opens when its first invitation goes out or its first
    answers come in: from then on it is under way, whatever was set by hand."""
    if survey.status is SurveyStatus.DRAFT:
        survey.status = SurveyStatus.OPEN


def find_recipient_by_token(session: Session, token: str) -> SurveyRecipient | None:
    return session.scalars(select(SurveyRecipient).where(SurveyRecipient.token == token)).first()
