"""Personal data: erasing a person with everything that names them, and
exporting everything held about one person.

Erasing is explicit rather than left to the ON DELETE rules: the rows that
belong to the person (participations, speaker slots, survey invitations and
their answers) are deleted one by one, the rows that only point at them (a
delegation they head, an action item they own) are unlinked, and then the
change history of everything erased is forgotten, all in one transaction.
Free text written about them elsewhere (a meeting's notes, say) cannot be
told apart from other text with certainty; it is searched for their family
name and e-mail address, listed in the plan and left for the coordinator to
edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

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
from rtcdesk.db.models.history import HistoryEntry
from rtcdesk.db.search_text import fold
from rtcdesk.errors import ConflictError
from rtcdesk.progress import ProgressReporter
from rtcdesk.services import history
from rtcdesk.services.names import date_span, day_month_year, display_name, meeting_title
from rtcdesk.services.print_settings import paper_size
from rtcdesk.services.records import check_version, get_or_raise
from rtcdesk.services.search import matches_words
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import HistoryAction, LabelledEnum

if TYPE_CHECKING:
    from rtcdesk.excel.person_record import PersonRecord

WHAT = "person"
#: How much of a long text (an action item's description) names it in a list.
SHORT_TEXT = 60


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def _meeting(meeting: Meeting) -> str:
    """ "21st RTC Heads Meeting (14-16 Nov 2023)"."""
    return f"{_meeting_name(meeting)} ({date_span(meeting.start_date, meeting.end_date)})"


def _meeting_name(meeting: Meeting) -> str:
    return meeting_title(meeting.title, meeting.ordinal)


# -- what belongs to or points at a person ---------------------------------------------


@dataclass
class _Held:
    """The rows that name one person, loaded in one place for the plan, the
    erasure and the export."""

    person: Person
    participations: list[tuple[Participation, Meeting, str | None]]
    speaker_slots: list[tuple[AgendaSpeaker, AgendaItem, Meeting]]
    headed_delegations: list[tuple[Delegation, str, Meeting]]
    owned_actions: list[tuple[ActionItem, Meeting, str | None]]
    recipients: list[tuple[SurveyRecipient, Survey, Meeting | None]]
    answers: list[tuple[SurveyAnswer, SurveyQuestion]]


def _held(session: Session, person_id: int) -> _Held:
    person = get_or_raise(session, Person, person_id, WHAT)
    participations = session.execute(
        select(Participation, Meeting, Organisation.name)
        .join(Meeting, Participation.meeting_id == Meeting.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
        .where(Participation.person_id == person_id)
        .order_by(Meeting.start_date, Meeting.id)
    ).all()
    slots = session.execute(
        select(AgendaSpeaker, AgendaItem, Meeting)
        .join(AgendaItem, AgendaSpeaker.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaSpeaker.person_id == person_id)
        .order_by(Meeting.start_date, Meeting.id, AgendaItem.position, AgendaItem.id)
    ).all()
    headed = session.execute(
        select(Delegation, Organisation.name, Meeting)
        .join(Organisation, Delegation.organisation_id == Organisation.id)
        .join(Meeting, Delegation.meeting_id == Meeting.id)
        .where(Delegation.head_person_id == person_id)
        .order_by(Meeting.start_date, Meeting.id)
    ).all()
    actions = session.execute(
        select(ActionItem, Meeting, Organisation.name)
        .join(Meeting, ActionItem.meeting_id == Meeting.id)
        .outerjoin(Organisation, ActionItem.owner_organisation_id == Organisation.id)
        .where(ActionItem.owner_person_id == person_id)
        .order_by(Meeting.start_date, Meeting.id, ActionItem.position, ActionItem.id)
    ).all()
    recipients = session.execute(
        select(SurveyRecipient, Survey, Meeting)
        .join(Survey, SurveyRecipient.survey_id == Survey.id)
        .outerjoin(Meeting, Survey.meeting_id == Meeting.id)
        .where(SurveyRecipient.person_id == person_id)
        .order_by(Survey.id)
    ).all()
    answers = session.execute(
        select(SurveyAnswer, SurveyQuestion)
        .join(SurveyQuestion, SurveyAnswer.question_id == SurveyQuestion.id)
        .join(SurveyRecipient, SurveyAnswer.recipient_id == SurveyRecipient.id)
        .where(SurveyRecipient.person_id == person_id)
        .order_by(SurveyRecipient.survey_id, SurveyQuestion.position, SurveyQuestion.id)
    ).all()
    return _Held(
        person=person,
        participations=list(participations),
        speaker_slots=list(slots),
        headed_delegations=list(headed),
        owned_actions=list(actions),
        recipients=list(recipients),
        answers=list(answers),
    )


# -- free text that may name them ------------------------------------------------------


@dataclass(frozen=True)
class _TextPlace:
    """A free-text column and how to say where a hit in it is."""

    column: InstrumentedAttribute[Any]
    where: Callable[[Any], str]
    #: Rows of the person themselves (erased anyway) are not searched.
    owner: InstrumentedAttribute[Any] | None = None


def _text_places() -> list[_TextPlace]:
    return [
        _TextPlace(Meeting.theme, lambda m: f"the theme of the {_meeting_name(m)}"),
        _TextPlace(Meeting.summary, lambda m: f"the summary of the {_meeting_name(m)}"),
        _TextPlace(Meeting.notes, lambda m: f"the notes of the {_meeting_name(m)}"),
        _TextPlace(AgendaItem.title, lambda a: f"agenda item “{_short(a.title)}” of the "
                   f"{_meeting_name(a.meeting)}"),
        _TextPlace(AgendaItem.notes, lambda a: f"the notes of agenda item “{_short(a.title)}” "
                   f"of the {_meeting_name(a.meeting)}"),
        _TextPlace(Delegation.notes, lambda d: f"the notes of the {d.organisation.name} "
                   f"delegation to the {_meeting_name(d.meeting)}"),
        _TextPlace(Participation.notes, lambda p: f"the notes on {display_name(p.person)} "
                   f"at the {_meeting_name(p.meeting)}", Participation.person_id),
        _TextPlace(Outcome.text, lambda o: f"{o.kind.label.lower()} “{_short(o.text)}” of the "
                   f"{_meeting_name(o.meeting)}"),
        _TextPlace(ActionItem.description, lambda a: f"action item “{_short(a.description)}” "
                   f"of the {_meeting_name(a.meeting)}"),
        _TextPlace(Person.notes, lambda p: f"the notes of {display_name(p)}", Person.id),
        _TextPlace(Organisation.notes, lambda o: f"the notes of {o.name}"),
        _TextPlace(Survey.introduction, lambda s: f"the introduction of survey "
                   f"“{_short(s.title)}”"),
        _TextPlace(SurveyRecipient.status_note, lambda r: f"the note on "
                   f"{display_name(r.person)}'s invitation to survey “{_short(r.survey.title)}”",
                   SurveyRecipient.person_id),
    ]  # fmt: skip


def _needles(person: Person) -> list[str]:
    """What in a text may stand for the person: the family name and the e-mail."""
    return [n for n in (person.family_name.strip(), person.email.strip()) if n]


def _pattern(needle: str) -> re.Pattern[str]:
    """``needle`` (folded) as a whole word where it begins or ends with a
    cased letter: "Lee" is not found in "Leeds", while "陳" (no case, no
    spaces between names) is found in "陳家明"."""
    folded = fold(needle)

    def edge(char: str) -> bool:
        return char.lower() != char.upper()

    before = r"(?<!\w)" if edge(folded[0]) else ""
    after = r"(?!\w)" if edge(folded[-1]) else ""
    return re.compile(before + re.escape(folded) + after)


def _narrowing(column: InstrumentedAttribute[Any], needles: list[str]) -> ColumnElement[bool]:
    """Rows that may hold a needle, found in the database; ``_pattern`` decides.
    ILIKE folds case on PostgreSQL; SQLite folds only ASCII, hence the
    spellings in capitals and small letters as well."""
    spellings = {s for n in needles for s in (n, n.upper(), n.lower(), n.capitalize())}
    return or_(
        *(column.icontains(n, autoescape=True) for n in needles),
        *(column.contains(s, autoescape=True) for s in spellings),
    )


def free_text_mentions(session: Session, person: Person) -> list[str]:
    """Where free text may name ``person``: their family name as a word, or
    their e-mail address, ignoring case and accents. Their own rows are left
    out (they go with them)."""
    needles = [n for n in _needles(person) if fold(n)]
    if not needles:
        return []
    patterns = [_pattern(n) for n in needles]
    found: list[str] = []
    for place in _text_places():
        model = place.column.class_
        stmt = select(model).where(_narrowing(place.column, needles)).order_by(model.id)
        if place.owner is not None:
            stmt = stmt.where(place.owner != person.id)
        for row in session.scalars(stmt):
            text = fold(getattr(row, place.column.key) or "")
            if any(p.search(text) for p in patterns):
                found.append(place.where(row))
    return found


# -- earlier copies of them that only the history holds -------------------------------

#: The rows that carry a person's name in their history label.
_OWN_ROWS = (Participation, AgendaSpeaker, SurveyRecipient)


def _same_person(person: Person, values: dict[str, Any]) -> bool:
    """Whether a deleted person record's last values are this person's: the
    same e-mail address, or the same family and given name."""
    email = str(values.get("email") or "").strip().casefold()
    if email and email == person.email.strip().casefold():
        return True
    family, given = (fold(str(values.get(f) or "")) for f in ("family_name", "given_name"))
    return (family, given) == (fold(person.family_name), fold(person.given_name))


def _points_at(values: dict[str, Any], field: str, ids: set[int]) -> bool:
    """``values[field]`` (a value, or [old, new] of a change) is one of ``ids``."""
    value = values.get(field)
    return any(v in ids for v in (value if isinstance(value, list) else [value]))


def merged_traces(session: Session, person: Person) -> dict[str, set[int]]:
    """Earlier records of the person that are gone but that the change
    history still holds, by table: records merged into this one or deleted
    (a person record with the same e-mail or name), with their
    participations, speaker slots, survey invitations and answers."""

    def entries(*tables: str) -> Iterator[HistoryEntry]:
        # Their labels hold the name: narrowed in the database, decided here.
        yield from session.scalars(
            select(HistoryEntry)
            .where(
                HistoryEntry.record_type.in_(tables),
                matches_words(person.family_name, [HistoryEntry.search_text]),
            )
            .order_by(HistoryEntry.id)
        )

    people = {
        e.record_id
        for e in entries(Person.__tablename__)
        if e.action is HistoryAction.DELETED
        and e.record_id != person.id
        and _same_person(person, e.changes or {})
    }
    if not people:
        return {}
    traces: dict[str, set[int]] = {Person.__tablename__: people}
    for entry in entries(*(model.__tablename__ for model in _OWN_ROWS)):
        if _points_at(entry.changes or {}, "person_id", people):
            traces.setdefault(entry.record_type, set()).add(entry.record_id)
    recipients = traces.get(SurveyRecipient.__tablename__, set())
    if recipients:
        for entry in entries(SurveyAnswer.__tablename__):
            if _points_at(entry.changes or {}, "recipient_id", recipients):
                traces.setdefault(entry.record_type, set()).add(entry.record_id)
    return _gone(session, traces)


def _gone(session: Session, traces: dict[str, set[int]]) -> dict[str, set[int]]:
    """``traces`` without the ids that live rows hold: SQLite may give a new
    record the id of a deleted one, and the new record's history must stay.
    (The person's own live rows are erased and forgotten anyway.)"""
    models = {m.__tablename__: m for m in (Person, *_OWN_ROWS, SurveyAnswer)}
    kept: dict[str, set[int]] = {}
    for table, ids in traces.items():
        model = models[table]
        live = set(session.scalars(select(model.id).where(model.id.in_(sorted(ids)))))
        if ids - live:
            kept[table] = ids - live
    return kept


# -- the plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a person removes and changes, each thing named, for the
    confirmation. Equal plans mean nothing changed in between."""

    person_id: int
    version: int
    name: str
    #: Meetings they took part in ("21st RTC Heads Meeting (14-16 Nov 2023)").
    participations: tuple[str, ...]
    #: Agenda items they speak at.
    speaker_slots: tuple[str, ...]
    #: Surveys they were asked to answer.
    survey_invitations: tuple[str, ...]
    survey_answers: int
    #: Delegations they head: the delegation stays, without a head.
    headed_delegations: tuple[str, ...]
    #: Action items they own: the item stays, without them as its owner.
    owned_actions: tuple[str, ...]
    #: Their organisation, which becomes the owner of the owned action items
    #: that have no owner organisation (None: nothing is handed over).
    actions_handed_to: str | None
    actions_handed_over: int
    #: Earlier records of them (merged into this one, or deleted) that the
    #: change history still holds; forgotten too.
    merged_records: int
    #: Free text elsewhere that may name them; it is not changed.
    mentions: tuple[str, ...]


def erasure_plan(session: Session, person_id: int) -> ErasurePlan:
    """What ``erase_person`` would remove and change; writes nothing."""
    held = _held(session, person_id)
    return _plan(session, held)


def _plan(session: Session, held: _Held) -> ErasurePlan:
    person = held.person
    handed_to = person.organisation.name if person.organisation is not None else None
    handed = sum(1 for action, _m, org in held.owned_actions if org is None) if handed_to else 0
    answers_per_recipient: dict[int, int] = {}
    for answer, _question in held.answers:
        answers_per_recipient[answer.recipient_id] = (
            answers_per_recipient.get(answer.recipient_id, 0) + 1
        )
    return ErasurePlan(
        person_id=person.id,
        version=person.version,
        name=display_name(person),
        participations=tuple(_meeting(m) for _p, m, _d in held.participations),
        speaker_slots=tuple(
            f"“{_short(item.title)}”, {_meeting(m)}" for _s, item, m in held.speaker_slots
        ),
        survey_invitations=tuple(
            f"“{_short(survey.title)}” ({_answers(answers_per_recipient.get(r.id, 0))})"
            for r, survey, _m in held.recipients
        ),
        survey_answers=len(held.answers),
        headed_delegations=tuple(
            f"{org} at the {_meeting(m)}" for _d, org, m in held.headed_delegations
        ),
        owned_actions=tuple(
            f"“{_short(a.description)}”, {_meeting(m)}" for a, m, _o in held.owned_actions
        ),
        actions_handed_to=handed_to if handed else None,
        actions_handed_over=handed,
        merged_records=len(merged_traces(session, person).get(Person.__tablename__, ())),
        mentions=tuple(free_text_mentions(session, person)),
    )


def _answers(count: int) -> str:
    return plural(count, "answer", "answers") if count else "no answers"


def describe_plan(plan: ErasurePlan) -> list[str]:
    """The plan in plain words, a line each (for the command line)."""
    lines = [f"Erasing {plan.name} (person id {plan.person_id}) removes for good:"]
    lines.append("  - their person record: name, position, contact details, gender and notes")

    def section(items: Sequence[str], one: str, many: str) -> None:
        if len(items) == 1:
            lines.append(f"  - {plural(1, one, many)}: {items[0]}")
        elif items:
            lines.append(f"  - {plural(len(items), one, many)}:")
            lines.extend(f"      {item}" for item in items)

    section(plan.participations, "participation", "participations")
    section(plan.speaker_slots, "speaker slot", "speaker slots")
    section(
        plan.survey_invitations,
        "survey invitation with its answers",
        "survey invitations with their answers",
    )
    if plan.survey_answers:
        lines.append("    (survey results no longer count their answers)")
    if plan.merged_records:
        lines.append(
            f"  - {plural(plan.merged_records, 'earlier record', 'earlier records')} "
            "of them (merged into this one, or deleted) that the change history still holds"
        )
    lines.append("  - the change history of all of these")
    if plan.headed_delegations or plan.owned_actions:
        lines.append("It keeps, without them:")
        section(
            plan.headed_delegations,
            "delegation they head (it stays, without a head)",
            "delegations they head (they stay, without a head)",
        )
        section(
            plan.owned_actions,
            "action item they own (it stays, without them as owner)",
            "action items they own (they stay, without them as owner)",
        )
        if plan.actions_handed_to:
            items = plural(plan.actions_handed_over, "item", "items")
            lines.append(
                f"    {plan.actions_handed_to} becomes the owner of the {items} "
                "that had no owner organisation"
            )
    if plan.mentions:
        lines.append(
            "Free text that may name them is not changed; edit it by hand if it should go:"
        )
        lines.extend(f"  - {where}" for where in plan.mentions)
    lines.append(
        "This cannot be undone. Backups made before still hold them; "
        "delete or replace those as your rules require."
    )
    return lines


# -- erasing ---------------------------------------------------------------------------


def erase_person(
    session: Session,
    person_id: int,
    expected_version: int | None,
    *,
    confirmed: ErasurePlan | None = None,
) -> ErasurePlan:
    """Erase the person and everything that names them; returns what was done.

    ``confirmed`` is the plan the coordinator agreed to: if what would go has
    changed since (a colleague added them to a meeting, say), nothing is
    erased and they are asked to look again.
    """
    held = _held(session, person_id)
    person = held.person
    check_version(person, expected_version, WHAT)
    plan = _plan(session, held)
    if confirmed is not None and confirmed != plan:
        raise ConflictError(
            f"What would be erased with {plan.name} changed since you looked "
            "(someone else changed their records). Nothing was erased; look at the list again."
        )

    for delegation, _org, _meeting_row in held.headed_delegations:
        delegation.head_person_id = None
    for action, _meeting_row, owner_org in held.owned_actions:
        if owner_org is None and person.organisation_id is not None:
            action.owner_organisation_id = person.organisation_id
        action.owner_person_id = None
    participation_ids = [p.id for p, _m, _d in held.participations]
    if participation_ids:
        for recipient in session.scalars(
            select(SurveyRecipient).where(
                SurveyRecipient.participation_id.in_(participation_ids),
                SurveyRecipient.person_id != person.id,
            )
        ):
            recipient.participation_id = None

    erased = _records_of(session, held)
    for rows in (
        [a for a, _q in held.answers],
        [r for r, _s, _m in held.recipients],
        [s for s, _i, _m in held.speaker_slots],
        [p for p, _m, _d in held.participations],
        [person],
    ):
        for row in rows:
            session.delete(row)
        session.flush()
    _forget_history(session, erased)
    return plan


def _records_of(session: Session, held: _Held) -> dict[str, set[int]]:
    """The rows whose history names the person, by table: theirs, and the
    earlier records of them that the history holds."""
    records: dict[str, set[int]] = {
        Person.__tablename__: {held.person.id},
        Participation.__tablename__: {p.id for p, _m, _d in held.participations},
        AgendaSpeaker.__tablename__: {s.id for s, _i, _m in held.speaker_slots},
        SurveyRecipient.__tablename__: {r.id for r, _s, _m in held.recipients},
        SurveyAnswer.__tablename__: {a.id for a, _q in held.answers},
    }
    for table, ids in merged_traces(session, held.person).items():
        records.setdefault(table, set()).update(ids)
    return records


def _forget_history(session: Session, erased: dict[str, set[int]]) -> None:
    """Forget what the history holds of the erased rows, including the
    entries that recorded their deletion just now."""
    for record_type, ids in erased.items():
        if ids:
            history.forget(session, record_type, ids)


# -- exporting -------------------------------------------------------------------------


def _utc(value: datetime | None) -> datetime | None:
    """Excel has no time zones: UTC times are written without one."""
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def _answer_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def person_export_rows(session: Session, person_id: int) -> PersonRecord:
    """Everything held about the person, as the rows of the workbook."""
    # The workbook writer (openpyxl) is loaded when a record is exported, not
    # when the People workspace that offers it first shows.
    from rtcdesk.excel.person_record import PersonRecord

    held = _held(session, person_id)
    person = held.person
    fields: list[tuple[str, Any]] = [
        ("Record id", person.id),
        ("Shown as", display_name(person)),
        ("Title", person.title),
        ("Given name", person.given_name),
        ("Family name", person.family_name),
        ("Name order", person.name_order.label),
        ("Post-nominals", person.post_nominals),
        ("Position", person.position),
        ("Organisation", person.organisation.name if person.organisation else ""),
        ("E-mail", person.email),
        ("Phone", person.phone),
        ("Gender", person.gender.label),
        ("Notes", person.notes),
        ("Recorded on (UTC)", _utc(person.created_at)),
        ("Last changed on (UTC)", _utc(person.updated_at)),
    ]
    participations = [
        [
            _meeting_name(m), m.start_date, m.end_date, delegation or "", p.role.label,
            p.attendance_mode.label, p.status.label, p.arrival_date, p.departure_date, p.notes,
        ]
        for p, m, delegation in held.participations
    ]  # fmt: skip
    agenda = [
        [
            _meeting_name(m), item.day, item.start_time, item.end_time, item.title,
            item.kind.label, slot.attendance_mode.label,
        ]
        for slot, item, m in held.speaker_slots
    ]  # fmt: skip
    actions = [
        [_meeting_name(m), a.description, org or "", a.due_date, a.status.label, a.completed_on]
        for a, m, org in held.owned_actions
    ]
    return PersonRecord(
        name=display_name(person),
        exported_on=day_month_year(date.today()),
        person=fields,
        participations=participations,
        agenda=agenda,
        action_items=actions,
        surveys=list(_survey_rows(held)),
        history=_history_rows(session, held),
    )


def _survey_rows(held: _Held) -> Iterator[list[Any]]:
    """A row per answer; an invitation without answers gets one row of its own."""
    answers: dict[int, list[tuple[SurveyAnswer, SurveyQuestion]]] = {}
    for answer, question in held.answers:
        answers.setdefault(answer.recipient_id, []).append((answer, question))
    for recipient, survey, meeting in held.recipients:
        invitation = [
            survey.title, _meeting_name(meeting) if meeting else "", recipient.status.label,
            _utc(recipient.invited_at), recipient.reminder_count,
            _utc(recipient.last_reminded_at), _utc(recipient.responded_at), recipient.status_note,
        ]  # fmt: skip
        given = answers.get(recipient.id, [])
        if not given:
            yield [*invitation, "", ""]
        for answer, question in given:
            yield [*invitation, question.text, _answer_cell(answer.value)]


def _history_rows(session: Session, held: _Held) -> list[list[Any]]:
    """The change history of the person, of their rows and of earlier
    records of them, oldest first."""
    rows: list[tuple[datetime, int, list[Any]]] = []
    for record_type, ids in _records_of(session, held).items():
        for record_id in sorted(ids):
            for item in history.record_history(session, record_type, record_id):
                details = history.history_details(session, item.id)
                changes = "\n".join(_change_text(c) for c in details.changes)
                cells = [_utc(item.at), item.user_name, item.action.label,
                         f"{item.kind}: {item.label}", changes]  # fmt: skip
                rows.append((item.at, item.id, cells))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [cells for _at, _id, cells in rows]


def _change_text(change: Any) -> str:
    """ "Family name: Aoyama → AOYAMA"; a created or deleted record's field
    with its one value."""
    if change.old is None:
        return f"{change.label}: {_value_text(change.new)}"
    if change.new is None:
        return f"{change.label}: {_value_text(change.old)}"
    return f"{change.label}: {_value_text(change.old)} → {_value_text(change.new)}"


def _value_text(value: Any) -> str:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")
    if isinstance(value, date):
        return day_month_year(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(_value_text(v) for v in value)
    return "" if value is None else str(value)


def export_person(
    session: Session, person_id: int, target: Path, progress: ProgressReporter | None = None
) -> Path:
    """Write everything held about the person to one workbook at ``target``."""
    from rtcdesk.excel.person_record import write_person_record

    record = person_export_rows(session, person_id)
    return write_person_record(Path(target), record, progress, paper_size())
