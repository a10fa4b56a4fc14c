"""Meetings: create, edit, delete, list with counts, series and ordinals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, extract, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from rtcdesk.db.base import utcnow
from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    Survey,
    meeting_co_organisers,
)
from rtcdesk.errors import ConflictError, FieldProblem
from rtcdesk.services.names import date_span, meeting_title, ordinal
from rtcdesk.services.records import (
    SavedRecord,
    apply_fields,
    check_version,
    get_or_raise,
    no_longer_there,
    save_record,
)
from rtcdesk.services.search import matches_words
from rtcdesk.services.validation import Checker
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import MeetingKind, MeetingMode, MeetingStatus

WHAT = "meeting"


@dataclass
class MeetingData:
    title: str
    kind: MeetingKind
    start_date: date
    end_date: date
    series: str = ""
    ordinal: int | None = None
    host_organisation_id: int | None = None
    co_organiser_ids: list[int] = field(default_factory=list)
    venue: str = ""
    city: str = ""
    country: str = ""
    mode: MeetingMode = MeetingMode.IN_PERSON
    theme: str = ""
    summary: str = ""
    status: MeetingStatus = MeetingStatus.PLANNED
    notes: str = ""


@dataclass(frozen=True)
class MeetingRow:
    id: int
    title: str
    display_title: str
    series: str
    ordinal: int | None
    kind: MeetingKind
    start_date: date
    end_date: date
    host_organisation_id: int | None
    host_name: str | None
    host_short_name: str | None
    venue: str
    city: str
    country: str
    mode: MeetingMode
    status: MeetingStatus
    participant_count: int
    version: int

    @property
    def host_label(self) -> str:
        """The host's short name where it has one ("ROCB A/P"), else its name."""
        return self.host_short_name or self.host_name or ""

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.city, self.country) if p)


def _checked_values(check: Checker, data: MeetingData) -> dict[str, object]:
    """The cleaned column values; every rule that needs no database goes to ``check``."""
    values: dict[str, object] = {
        "title": check.text("Title", data.title, Meeting.title, required=True),
        "kind": data.kind,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "series": check.text("Series", data.series, Meeting.series),
        "ordinal": data.ordinal,
        "host_organisation_id": data.host_organisation_id,
        "venue": check.text("Venue", data.venue, Meeting.venue),
        "city": check.text("City", data.city, Meeting.city),
        "country": check.text("Country", data.country, Meeting.country),
        "mode": data.mode,
        "theme": check.text("Theme", data.theme, Meeting.theme),
        "summary": check.text("Summary", data.summary, Meeting.summary),
        "status": data.status,
        "notes": check.text("Notes", data.notes, Meeting.notes),
    }
    if data.start_date is None:
        check.problem("Start date", "is required")
    if data.end_date is None:
        check.problem("End date", "is required")
    check.date_order("End date", data.start_date, data.end_date, "is before the start date")
    check.positive("Ordinal", data.ordinal)
    if data.ordinal is not None and not values["series"]:
        check.problem("Ordinal", "needs a series (for example 'RTC Heads Meeting')")
    return values


def check_meeting_fields(data: MeetingData) -> list[FieldProblem]:
    """The problems of ``data`` that can be seen without the database.

    The meeting editor calls this as the coordinator types; ``create_meeting``
    and ``update_meeting`` apply the same rules (and those that need the
    database, such as a taken ordinal) before saving.
    """
    check = Checker("The meeting")
    _checked_values(check, data)
    return check.problems


def _clean(session: Session, data: MeetingData, own_id: int | None) -> dict[str, object]:
    check = Checker("The meeting")
    values = _checked_values(check, data)
    if data.ordinal is not None and values["series"]:
        clash = session.scalars(
            select(Meeting).where(
                Meeting.series == values["series"],
                Meeting.ordinal == data.ordinal,
                Meeting.id != (own_id or -1),
            )
        ).first()
        if clash is not None:
            check.problem(
                "Ordinal",
                f"the series '{values['series']}' already has a {ordinal(data.ordinal)} "
                f"meeting ({date_span(clash.start_date, clash.end_date)})",
            )
    wanted_orgs = {i for i in [data.host_organisation_id, *data.co_organiser_ids] if i is not None}
    if wanted_orgs:
        found = set(
            session.scalars(select(Organisation.id).where(Organisation.id.in_(wanted_orgs)))
        )
        for missing in sorted(wanted_orgs - found):
            check.problem(
                "Organisations", no_longer_there(session, Organisation, missing, "organisation")
            )
    check.check()
    return values


def _set_co_organisers(session: Session, meeting: Meeting, ids: list[int]) -> bool:
    """Set the co-organisers in the order given; True when the list changed.

    The link rows' positions are not part of the ORM's view of the list, so a
    list that changes is first emptied in a flush of its own: the history then
    sees the list as it was and as it is, each in order, and a mere change of
    order is recorded too. The positions are written after the rows."""
    wanted = list(dict.fromkeys(ids))
    if [o.id for o in meeting.co_organisers] == wanted:
        return False
    orgs = {
        o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))
    }
    if meeting.co_organisers:
        meeting.co_organisers = []
        session.flush()
    meeting.co_organisers = [orgs[i] for i in wanted]
    session.flush()
    if wanted:
        session.execute(
            update(meeting_co_organisers)
            .where(
                meeting_co_organisers.c.meeting_id == meeting.id,
                meeting_co_organisers.c.organisation_id == bindparam("organisation"),
            )
            .values(position=bindparam("place")),
            [{"organisation": ident, "place": n} for n, ident in enumerate(wanted)],
        )
    return True


def create_meeting(session: Session, data: MeetingData) -> Meeting:
    meeting = Meeting(**_clean(session, data, None))
    session.add(meeting)
    _set_co_organisers(session, meeting, data.co_organiser_ids)
    session.flush()
    return meeting


def update_meeting(
    session: Session, meeting_id: int, data: MeetingData, expected_version: int | None
) -> Meeting:
    meeting = get_or_raise(session, Meeting, meeting_id, WHAT)
    check_version(meeting, expected_version, WHAT)
    values = _clean(session, data, meeting_id)
    if _set_co_organisers(session, meeting, data.co_organiser_ids):
        # The link table has no version: touch the meeting so that its version moves.
        meeting.updated_at = utcnow()
    apply_fields(meeting, values)
    session.flush()
    return meeting


def save_meeting(
    session: Session, meeting_id: int | None, data: MeetingData, expected_version: int | None
) -> SavedRecord[MeetingData]:
    """Create the meeting (``meeting_id`` None) or update it from the version
    the editor loaded; what was stored, as plain data."""
    return save_record(
        session, meeting_id, data, expected_version, create_meeting, update_meeting, meeting_data
    )


def meeting_data(meeting: Meeting) -> MeetingData:
    return MeetingData(
        title=meeting.title,
        kind=meeting.kind,
        start_date=meeting.start_date,
        end_date=meeting.end_date,
        series=meeting.series,
        ordinal=meeting.ordinal,
        host_organisation_id=meeting.host_organisation_id,
        co_organiser_ids=[o.id for o in meeting.co_organisers],
        venue=meeting.venue,
        city=meeting.city,
        country=meeting.country,
        mode=meeting.mode,
        theme=meeting.theme,
        summary=meeting.summary,
        status=meeting.status,
        notes=meeting.notes,
    )


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.co_organisers), selectinload(Meeting.host))
    ).first()
    if meeting is None:
        return get_or_raise(session, Meeting, meeting_id, WHAT)
    return meeting


def find_meeting(session: Session, series: str, ordinal: int) -> Meeting | None:
    return session.scalars(
        select(Meeting).where(Meeting.series == series, Meeting.ordinal == ordinal)
    ).first()


def next_ordinal(session: Session, series: str) -> int | None:
    """The ordinal that follows the highest one of ``series`` (1 for a new
    series; None when no series is named)."""
    if not series.strip():
        return None
    highest = session.scalar(select(func.max(Meeting.ordinal)).where(Meeting.series == series))
    return (highest or 0) + 1


def list_series(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Meeting.series).where(Meeting.series != "").distinct().order_by(Meeting.series)
        )
    )


@dataclass(frozen=True)
class MeetingUsage:
    """What is recorded inside a meeting (and goes with it), and the surveys
    that follow it up (which stop it from being deleted)."""

    participations: int
    surveys: int
    delegations: int
    agenda_items: int
    outcomes: int
    action_items: int


def meeting_usage(session: Session, meeting_id: int) -> MeetingUsage:
    def count(column: InstrumentedAttribute[Any]) -> int:
        return session.scalar(select(func.count()).where(column == meeting_id)) or 0

    return MeetingUsage(
        participations=count(Participation.meeting_id),
        surveys=count(Survey.meeting_id),
        delegations=count(Delegation.meeting_id),
        agenda_items=count(AgendaItem.meeting_id),
        outcomes=count(Outcome.meeting_id),
        action_items=count(ActionItem.meeting_id),
    )


def delete_meeting(session: Session, meeting_id: int, expected_version: int | None) -> None:
    """Delete a meeting with everything recorded inside it. Refused while a
    survey follows it up, so no collected answer is lost by accident."""
    meeting = get_or_raise(session, Meeting, meeting_id, WHAT)
    check_version(meeting, expected_version, WHAT)
    usage = meeting_usage(session, meeting_id)
    if usage.surveys:
        raise ConflictError(
            f"'{meeting_title(meeting.title, meeting.ordinal)}' cannot be deleted: "
            f"{plural(usage.surveys, 'survey follows', 'surveys follow')} it up. "
            "Delete the surveys first."
        )
    session.delete(meeting)
    session.flush()


def list_meetings(
    session: Session,
    search: str = "",
    kind: MeetingKind | None = None,
    year: int | None = None,
    status: MeetingStatus | None = None,
) -> list[MeetingRow]:
    """Meetings, newest first, with host and participant count, in one query."""
    counts = (
        select(Participation.meeting_id, func.count().label("n"))
        .group_by(Participation.meeting_id)
        .subquery()
    )
    stmt = (
        select(Meeting, Organisation.name, Organisation.short_name, func.coalesce(counts.c.n, 0))
        .outerjoin(Organisation, Meeting.host_organisation_id == Organisation.id)
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .order_by(Meeting.start_date.desc(), Meeting.id.desc())
    )
    if search.strip():
        stmt = stmt.where(
            matches_words(
                search,
                [Meeting.search_text, Organisation.search_text],
            )
        )
    if kind is not None:
        stmt = stmt.where(Meeting.kind == kind)
    if year is not None:
        stmt = stmt.where(extract("year", Meeting.start_date) == year)
    if status is not None:
        stmt = stmt.where(Meeting.status == status)
    return [
        MeetingRow(
            id=m.id,
            title=m.title,
            display_title=meeting_title(m.title, m.ordinal),
            series=m.series,
            ordinal=m.ordinal,
            kind=m.kind,
            start_date=m.start_date,
            end_date=m.end_date,
            host_organisation_id=m.host_organisation_id,
            host_name=host,
            host_short_name=host_short or None,
            venue=m.venue,
            city=m.city,
            country=m.country,
            mode=m.mode,
            status=m.status,
            participant_count=n,
            version=m.version,
        )
        for m, host, host_short, n in session.execute(stmt)
    ]
