"""How the history names records: the kind of each table ("person",
"meeting") and a label for one record ("Mr. AOYAMA Shigetoshi",
"21st RTC Heads Meeting").

A label is stored with every history entry, as the record was called at that
moment, so that a deleted record can still be found by its name. Labels of
records that live inside another one join the names with " — " (a person and
the meeting they took part in), so that they read the same in any language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper, Session

from rtcdesk.db.base import Base
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
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.db.models.history import LABEL_LENGTH
from rtcdesk.services.names import display_name, meeting_title

M = TypeVar("M", bound=Base)
#: How much of a long text (an outcome, a question) a label keeps.
EXCERPT_LENGTH = 60
SHORT_EXCERPT_LENGTH = 40
SEPARATOR = " — "


@dataclass(frozen=True)
class RecordKind:
    """What one row of a table is called, in English (the GUI translates)."""

    table: str
    name: str
    plural: str


#: Every kind of record the history follows, in the order menus list them.
RECORD_KINDS: dict[str, RecordKind] = {
    kind.table: kind
    for kind in (
        RecordKind("meetings", "meeting", "meetings"),
        RecordKind("people", "person", "people"),
        RecordKind("organisations", "organisation", "organisations"),
        RecordKind("surveys", "survey", "surveys"),
        RecordKind("agenda_items", "agenda item", "agenda items"),
        RecordKind("agenda_speakers", "speaker", "speakers"),
        RecordKind("delegations", "delegation", "delegations"),
        RecordKind("participations", "participant", "participants"),
        RecordKind("outcomes", "outcome", "outcomes"),
        RecordKind("action_items", "action item", "action items"),
        RecordKind("survey_questions", "survey question", "survey questions"),
        RecordKind("survey_recipients", "survey recipient", "survey recipients"),
        RecordKind("survey_answers", "survey answer", "survey answers"),
    )
}


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of ``text`` on one line, cut at a word with "…" when long."""
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1].rsplit(" ", 1)[0] or flat[: length - 1]
    return cut + "…"


def question_name(number: int, text: str) -> str:
    """ "Q3 How many national trainings…": a question as coordinators know it,
    by its number in the survey's forms and its text (its code is for exports)."""
    return f"Q{number} {excerpt(text, SHORT_EXCERPT_LENGTH)}"


def question_number(session: Session, question: SurveyQuestion) -> int:
    """The question's number in its survey (1 for the first), as the forms number it."""
    earlier = select(func.count()).where(
        SurveyQuestion.survey_id == question.survey_id,
        SurveyQuestion.position < question.position,
    )
    return (session.scalar(earlier) or 0) + 1


#: ``session.info`` key, during a flush: the records it is inserting and those
#: its labels read, by (class, id).
FLUSHING_NEW = "rtcdesk_flushing_new"


def _get(session: Session, model: type[M], ident: int | None) -> M | None:
    """A related record, from the session when it is there; None for no id.
    During a flush the records it inserts are not yet in the session's
    identity map, and a batch's labels name the same few records again and
    again (a survey's questions, for 5,000 answers): they are looked up in
    ``FLUSHING_NEW`` first, and what is read is kept there until the flush ends."""
    if ident is None:
        return None
    known: dict[tuple[type[Any], int], Any] | None = session.info.get(FLUSHING_NEW)
    if known is None:
        return session.get(model, ident)
    found = known.get((model, ident))
    if found is None:
        found = known[(model, ident)] = session.get(model, ident)
    return cast(M | None, found)


def _joined(*parts: str) -> str:
    return SEPARATOR.join(p for p in parts if p)


def _person(session: Session, ident: int | None) -> str:
    person = _get(session, Person, ident)
    return display_name(person) if person is not None else ""


def _meeting(session: Session, ident: int | None) -> str:
    meeting = _get(session, Meeting, ident)
    return meeting_title(meeting.title, meeting.ordinal) if meeting is not None else ""


def _organisation(session: Session, ident: int | None) -> str:
    organisation = _get(session, Organisation, ident)
    return organisation.name if organisation is not None else ""


def _survey(session: Session, ident: int | None) -> str:
    survey = _get(session, Survey, ident)
    return survey.title if survey is not None else ""


def _question(session: Session, ident: int | None) -> str:
    question = _get(session, SurveyQuestion, ident)
    return excerpt(question.text, SHORT_EXCERPT_LENGTH) if question is not None else ""


def _agenda_item(session: Session, ident: int | None) -> str:
    item = _get(session, AgendaItem, ident)
    return item.title if item is not None else ""


def _recipient(session: Session, ident: int | None) -> tuple[str, str]:
    """The recipient's name and the survey's title."""
    recipient = _get(session, SurveyRecipient, ident)
    if recipient is None:
        return "", ""
    return _person(session, recipient.person_id), _survey(session, recipient.survey_id)


def _answer(session: Session, answer: SurveyAnswer) -> str:
    person, survey = _recipient(session, answer.recipient_id)
    return _joined(person, _question(session, answer.question_id), survey)


_LABELS: dict[type[Any], Callable[[Session, Any], str]] = {
    Person: lambda _s, p: display_name(p),
    Organisation: lambda _s, o: o.name,
    Meeting: lambda _s, m: meeting_title(m.title, m.ordinal),
    AgendaItem: lambda s, a: _joined(a.title, _meeting(s, a.meeting_id)),
    AgendaSpeaker: lambda s, a: _joined(_person(s, a.person_id), _agenda_item(s, a.agenda_item_id)),
    Delegation: lambda s, d: _joined(
        _organisation(s, d.organisation_id), _meeting(s, d.meeting_id)
    ),
    Participation: lambda s, p: _joined(_person(s, p.person_id), _meeting(s, p.meeting_id)),
    Outcome: lambda s, o: _joined(_meeting(s, o.meeting_id), excerpt(o.text)),
    ActionItem: lambda s, a: _joined(_meeting(s, a.meeting_id), excerpt(a.description)),
    Survey: lambda _s, v: v.title,
    SurveyQuestion: lambda s, q: _joined(
        question_name(question_number(s, q), q.text), _survey(s, q.survey_id)
    ),
    SurveyRecipient: lambda s, r: _joined(_person(s, r.person_id), _survey(s, r.survey_id)),
    SurveyAnswer: _answer,
}


def record_label(session: Session, record: Any) -> str:
    """What ``record`` is called now, at most ``LABEL_LENGTH`` characters
    (related records are read through the session when needed)."""
    label = _LABELS.get(type(record))
    text = label(session, record) if label is not None else ""
    if not text:
        kind = RECORD_KINDS.get(record_type(record))
        text = f"{kind.name if kind else record_type(record)} {getattr(record, 'id', '')}"
    return excerpt(text, LABEL_LENGTH)


def table_name(mapper: Mapper[Any]) -> str:
    """The name of the table a model is mapped to (every model here maps one
    table; SQLAlchemy types ``local_table`` as any FROM clause)."""
    return cast(Table, mapper.local_table).name


def record_type(record: Any) -> str:
    """The table a record lives in: the history's ``record_type``."""
    return table_name(sa_inspect(type(record)))


def model_of(table: str) -> type[Base] | None:
    """The model class of a table the history follows."""
    for mapper in Base.registry.mappers:
        if table_name(mapper) == table:
            return mapper.class_
    return None


def live_labels(session: Session, table: str, ids: Iterable[int]) -> dict[int, str]:
    """The labels of the records of ``table`` with these ids that still exist."""
    model = model_of(table)
    wanted = sorted(set(ids))
    if model is None or not wanted:
        return {}
    mapper = sa_inspect(model)
    key = mapper.primary_key[0]
    attribute = mapper.get_property_by_column(key).key
    records = session.scalars(select(model).where(key.in_(wanted))).all()
    return {getattr(r, attribute): record_label(session, r) for r in records}
