"""The agenda of a meeting: items by day and time, with their speakers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rtcdesk.db.base import utcnow
from rtcdesk.db.models import AgendaItem, AgendaSpeaker, Meeting, Person
from rtcdesk.errors import FieldProblem
from rtcdesk.services.names import display_name
from rtcdesk.services.records import (
    apply_fields,
    apply_order,
    check_version,
    get_or_raise,
    no_longer_there,
)
from rtcdesk.services.validation import Checker
from rtcdesk.vocabulary import AgendaItemKind, AttendanceMode

WHAT = "agenda item"


@dataclass
class SpeakerData:
    person_id: int
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON


@dataclass
class AgendaItemData:
    title: str
    kind: AgendaItemKind = AgendaItemKind.PRESENTATION
    day: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    notes: str = ""
    speakers: list[SpeakerData] = field(default_factory=list)


def _checked_values(check: Checker, data: AgendaItemData) -> dict[str, object]:
    """The cleaned column values; every rule that needs no database goes to ``check``."""
    values: dict[str, object] = {
        "title": check.text("Title", data.title, AgendaItem.title, required=True),
        "kind": data.kind,
        "day": data.day,
        "start_time": data.start_time,
        "end_time": data.end_time,
        "notes": check.text("Notes", data.notes, AgendaItem.notes),
    }
    if data.start_time and data.end_time and data.end_time < data.start_time:
        check.problem("End time", "is before the start time")
    person_ids = [s.person_id for s in data.speakers]
    if len(set(person_ids)) != len(person_ids):
        check.problem("Speakers", "the same person is named twice")
    return values


def check_agenda_item_fields(data: AgendaItemData) -> list[FieldProblem]:
    """The problems of ``data`` that can be seen without the database (the
    agenda item form shows them as the coordinator types)."""
    check = Checker("The agenda item")
    _checked_values(check, data)
    return check.problems


def _clean(session: Session, meeting: Meeting, data: AgendaItemData) -> dict[str, object]:
    check = Checker("The agenda item")
    values = _checked_values(check, data)
    if data.day is not None and not (meeting.start_date <= data.day <= meeting.end_date):
        check.problem(
            "Day",
            f"{data.day:%d %b %Y} is outside the meeting "
            f"({meeting.start_date:%d %b %Y} to {meeting.end_date:%d %b %Y})",
        )
    person_ids = [s.person_id for s in data.speakers]
    if person_ids:
        found = set(session.scalars(select(Person.id).where(Person.id.in_(person_ids))))
        for missing in sorted(set(person_ids) - found):
            check.problem("Speakers", no_longer_there(session, Person, missing, "person"))
    check.check()
    return values


def _set_speakers(item: AgendaItem, speakers: list[SpeakerData]) -> bool:
    """Set the speakers in order; True when anything changed."""
    current = [(s.person_id, s.attendance_mode) for s in item.speakers]
    wanted = [(s.person_id, s.attendance_mode) for s in speakers]
    if current == wanted:
        return False
    by_person = {s.person_id: s for s in item.speakers}
    kept = []
    for position, speaker in enumerate(speakers):
        row = by_person.pop(speaker.person_id, None) or AgendaSpeaker(person_id=speaker.person_id)
        row.attendance_mode = speaker.attendance_mode
        row.position = position
        kept.append(row)
    item.speakers = kept
    return True


def _place_by_time(session: Session, item: AgendaItem) -> None:
    """Give ``item`` the running-order position its time calls for: before the
    first item of its day that starts later, else after everything. Only the
    later items of that day move down; positions only matter within a day,
    because the agenda is listed by day, then position."""
    others = [
        other
        for other in session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == item.meeting_id)
            .order_by(AgendaItem.position)
        )
        if other is not item
    ]
    later = [
        other
        for other in others
        if item.day is not None
        and item.start_time is not None
        and other.day == item.day
        and other.start_time is not None
        and other.start_time > item.start_time
    ]
    if not later:
        item.position = max((o.position for o in others), default=0) + 1
        return
    item.position = later[0].position
    for other in later:
        other.position += 1


def add_agenda_item(session: Session, meeting_id: int, data: AgendaItemData) -> AgendaItem:
    """Add an item in its time slot of its day (see ``_place_by_time``)."""
    meeting = get_or_raise(session, Meeting, meeting_id, "meeting")
    values = _clean(session, meeting, data)
    item = AgendaItem(meeting_id=meeting_id, **values)
    _place_by_time(session, item)
    _set_speakers(item, data.speakers)
    session.add(item)
    session.flush()
    return item


def update_agenda_item(
    session: Session, item_id: int, data: AgendaItemData, expected_version: int | None
) -> AgendaItem:
    """Save an item; a new day or start time moves it to its new time slot."""
    item = get_or_raise(session, AgendaItem, item_id, WHAT)
    check_version(item, expected_version, WHAT)
    values = _clean(session, item.meeting, data)
    if _set_speakers(item, data.speakers):
        # Speaker rows have versions of their own: touch the item so that its version moves.
        item.updated_at = utcnow()
    moved = (values["day"], values["start_time"]) != (item.day, item.start_time)
    apply_fields(item, values)
    if moved:
        _place_by_time(session, item)
    session.flush()
    return item


def delete_agenda_item(session: Session, item_id: int, expected_version: int | None) -> None:
    item = get_or_raise(session, AgendaItem, item_id, WHAT)
    check_version(item, expected_version, WHAT)
    session.delete(item)
    session.flush()


def list_agenda(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The agenda in running order (day, then position), speakers and their
    people loaded up front (no query per item)."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .options(selectinload(AgendaItem.speakers).selectinload(AgendaSpeaker.person))
            .order_by(AgendaItem.day.is_(None), AgendaItem.day, AgendaItem.position)
        )
    )


@dataclass(frozen=True)
class SpeakerRow:
    person_id: int
    name: str
    attendance_mode: AttendanceMode


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as the meeting editor shows and edits it."""

    id: int
    version: int
    title: str
    kind: AgendaItemKind
    day: date | None
    start_time: time | None
    end_time: time | None
    notes: str
    speakers: tuple[SpeakerRow, ...]


def agenda_rows(session: Session, meeting_id: int) -> list[AgendaRow]:
    """``list_agenda`` as plain rows, the speakers named (three queries in all)."""
    return [_agenda_row(item) for item in list_agenda(session, meeting_id)]


def _agenda_row(item: AgendaItem) -> AgendaRow:
    return AgendaRow(
        id=item.id,
        version=item.version,
        title=item.title,
        kind=item.kind,
        day=item.day,
        start_time=item.start_time,
        end_time=item.end_time,
        notes=item.notes,
        speakers=tuple(
            SpeakerRow(s.person_id, display_name(s.person), s.attendance_mode)
            for s in item.speakers
        ),
    )


def save_agenda_item(
    session: Session,
    meeting_id: int,
    item_id: int | None,
    data: AgendaItemData,
    expected_version: int | None,
) -> AgendaRow:
    """Add an item to the meeting (``item_id`` None) or update it from the
    version the editor loaded; what was stored, as a plain row."""
    if item_id is None:
        item = add_agenda_item(session, meeting_id, data)
    else:
        item = update_agenda_item(session, item_id, data, expected_version)
    return _agenda_row(item)


def reorder_agenda(session: Session, meeting_id: int, item_ids: list[int]) -> None:
    """Put the meeting's items in the order given (all of them, each once).

    The agenda stays in time order within a day: when two timed items of the
    same day trade places ("Move down" on 09:00 past 10:30), they trade time
    slots too, each keeping its length (see ``_swap_slots``).
    """
    items = {
        i.id: i
        for i in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))
    }
    before = sorted(items.values(), key=lambda i: (i.day is None, i.day, i.position))
    apply_order(items, item_ids, "agenda")
    after = sorted(items.values(), key=lambda i: (i.day is None, i.day, i.position))
    moved = [i for i, (was, now) in enumerate(zip(before, after, strict=True)) if was is not now]
    if len(moved) == 2 and moved[1] == moved[0] + 1:
        earlier, later = before[moved[0]], before[moved[1]]
        if earlier.day == later.day:
            _swap_slots(earlier, later)
    session.flush()


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _at(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)


def _swap_slots(earlier: AgendaItem, later: AgendaItem) -> None:
    """``later`` now runs first: it starts when ``earlier`` started, and
    ``earlier`` ends when ``later`` ended, so the pair keeps its span and the
    gap between them; each keeps its length. An item without an end time keeps
    having none, and one without a start time has no slot to trade."""
    if earlier.start_time is None or later.start_time is None:
        return
    first_start = _minutes(earlier.start_time)
    second_start = _minutes(later.start_time)
    earlier_length = _length(earlier)
    later_length = _length(later)
    pair_end = second_start + later_length if later_length is not None else None
    later.start_time = _at(first_start)
    if later_length is not None:
        later.end_time = _at(first_start + later_length)
    if pair_end is not None and earlier_length is not None:
        new_start = pair_end - earlier_length
    else:
        new_start = second_start
    earlier.start_time = _at(max(new_start, _minutes(later.end_time or later.start_time)))
    if earlier_length is not None:
        earlier.end_time = _at(_minutes(earlier.start_time) + earlier_length)


def _length(item: AgendaItem) -> int | None:
    if item.start_time is None or item.end_time is None:
        return None
    return _minutes(item.end_time) - _minutes(item.start_time)
