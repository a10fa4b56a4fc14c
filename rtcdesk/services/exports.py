"""Excel exports: the participant list, the sign-in sheet, contacts, meetings
and action items.

Rows are read from the database in pages (``yield_per``) in the order they are
printed, so an export of any size keeps memory flat; the workbook is written by
``rtcdesk.excel.report`` in write-only mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import Delegation, Meeting, Organisation, Participation, Person
from rtcdesk.errors import FieldProblem, ValidationError
from rtcdesk.excel.report import ReportColumn, ReportSheet, write_workbook
from rtcdesk.progress import ProgressReporter
from rtcdesk.services.meetings import get_meeting, list_meetings
from rtcdesk.services.names import date_span, day_month_year, display_name, meeting_title
from rtcdesk.services.outcomes import list_action_items
from rtcdesk.services.participants import DELEGATION_ORDER
from rtcdesk.services.print_settings import paper_size
from rtcdesk.services.search import matches_words
from rtcdesk.vocabulary import AttendanceMode, ParticipantRole, ParticipationStatus

PAGE = 500
#: A query of plain columns, however many.
Rows = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class ParticipantField:
    key: str
    header: str
    value: Callable[[int, Any], Any]


def _short(name: str | None, short_name: str | None) -> str:
    """ "RTC Japan", "ROCB A/P": the short name hosts read, else the name."""
    return (short_name or name) or ""


def _own_organisation(row: Any) -> str:
    """A participant's organisation, only where it is not their delegation's
    (Japan Customs in the RTC Japan delegation; blank for the rest)."""
    if row.organisation_id is None or row.organisation_id == row.delegation_org_id:
        return ""
    return row.organisation_name or ""


#: The participant list's columns, in their default order. ``value`` gets the
#: running number and a row of ``participants_query``'s columns.
PARTICIPANT_FIELDS: dict[str, ParticipantField] = {
    f.key: f
    for f in [
        ParticipantField("no", "No.", lambda n, r: n),
        ParticipantField(
            "delegation", "Delegation", lambda n, r: _short(r.delegation_name, r.delegation_short)
        ),
        ParticipantField("name", "Name", lambda n, r: display_name(r)),
        ParticipantField("title", "Title", lambda n, r: r.title),
        ParticipantField("family_name", "Family name", lambda n, r: r.family_name),
        ParticipantField("given_name", "Given name", lambda n, r: r.given_name),
        ParticipantField("position", "Position", lambda n, r: r.position),
        ParticipantField("organisation", "Organisation", lambda n, r: r.organisation_name or ""),
        ParticipantField("email", "E-mail", lambda n, r: r.email),
        ParticipantField("phone", "Phone", lambda n, r: r.phone),
        ParticipantField("role", "Role", lambda n, r: r.role.label),
        ParticipantField("attendance", "Attendance", lambda n, r: r.attendance_mode.label),
        ParticipantField("status", "Status", lambda n, r: r.status.label),
        ParticipantField("gender", "Gender", lambda n, r: r.gender.label),
        ParticipantField("arrival", "Arrival", lambda n, r: r.arrival_date),
        ParticipantField("departure", "Departure", lambda n, r: r.departure_date),
        # The participant's notes for this meeting (special requests, a late
        # arrival): what a host needs; the person's own notes stay in rtcdesk.
        ParticipantField("notes", "Notes", lambda n, r: r.notes),
    ]
}
OWN_ORGANISATION = ParticipantField(
    "organisation", "Organisation", lambda n, r: _own_organisation(r)
)
#: What a host needs on A4 landscape at a readable size; the other columns
#: (names split, phone, gender, travel dates, notes) are there to choose.
DEFAULT_PARTICIPANT_COLUMNS = [
    "no", "delegation", "name", "position", "email", "attendance", "role", "status",
]  # fmt: skip


def parse_columns(text: str | Sequence[str] | None) -> list[str]:
    """Column keys from "no,name,email" (or a list); every unknown key is reported."""
    if text is None:
        return list(DEFAULT_PARTICIPANT_COLUMNS)
    keys = [k.strip().lower() for k in (text.split(",") if isinstance(text, str) else text)]
    keys = [k for k in keys if k]
    unknown = [k for k in keys if k not in PARTICIPANT_FIELDS]
    problems = [
        FieldProblem(
            "Columns", f"'{k}' is not a column; choose from {', '.join(PARTICIPANT_FIELDS)}"
        )
        for k in unknown
    ]
    if not keys:
        problems.append(FieldProblem("Columns", "name at least one column"))
    if len(set(keys)) != len(keys):
        problems.append(FieldProblem("Columns", "a column is named twice"))
    if problems:
        raise ValidationError("The export", problems)
    return keys


#: The columns of a person's name that ``display_name`` reads, under its names.
NAME_PARTS = (Person.title, Person.given_name, Person.family_name, Person.name_order,
              Person.post_nominals)  # fmt: skip


def participants_query(
    meeting_id: int, statuses: Iterable[ParticipationStatus] | None = None
) -> Rows:
    """Participants in print order, as plain columns (a person's name parts,
    contact, organisation and delegation names, the participation's fields),
    one row each: delegations by kind (WCO, Vice-Chair office,
    ROCB, RILO, RTCs, administrations, others, none), each alphabetically, the
    head of delegation first, then by family and given name."""
    person_org = aliased(Organisation)
    delegation_org = aliased(Organisation)
    kind_rank = case(
        {kind.value: rank for rank, kind in enumerate(DELEGATION_ORDER)},
        value=delegation_org.kind,
        else_=len(DELEGATION_ORDER),
    )
    head_first = case(
        (Delegation.head_person_id == Person.id, 0),
        (Participation.role == ParticipantRole.HEAD_OF_DELEGATION, 0),
        else_=1,
    )
    stmt = (
        select(
            *NAME_PARTS,
            Person.position,
            Person.email,
            Person.phone,
            Person.gender,
            Person.organisation_id,
            person_org.name.label("organisation_name"),
            delegation_org.id.label("delegation_org_id"),
            delegation_org.name.label("delegation_name"),
            delegation_org.short_name.label("delegation_short"),
            Participation.role,
            Participation.attendance_mode,
            Participation.status,
            Participation.arrival_date,
            Participation.departure_date,
            Participation.notes,
        )
        .select_from(Participation)
        .join(Person, Participation.person_id == Person.id)
        .outerjoin(person_org, Person.organisation_id == person_org.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(delegation_org, Delegation.organisation_id == delegation_org.id)
        .where(Participation.meeting_id == meeting_id)
        .order_by(
            kind_rank,
            func.lower(delegation_org.name),
            head_first,
            func.lower(Person.family_name),
            func.lower(Person.given_name),
            Participation.id,
        )
    )
    if statuses is not None:
        stmt = stmt.where(Participation.status.in_(list(statuses)))
    return stmt


def participant_count(
    session: Session, meeting_id: int, statuses: Iterable[ParticipationStatus] | None = None
) -> int:
    """How many rows the participant list (or sign-in sheet) of these statuses has."""
    stmt = select(func.count(Participation.id)).where(Participation.meeting_id == meeting_id)
    if statuses is not None:
        stmt = stmt.where(Participation.status.in_(list(statuses)))
    return session.scalar(stmt) or 0


def participant_status_counts(session: Session, meeting_id: int) -> dict[ParticipationStatus, int]:
    """Participants of the meeting per status (every status, zero included)."""
    stmt = (
        select(Participation.status, func.count(Participation.id))
        .where(Participation.meeting_id == meeting_id)
        .group_by(Participation.status)
    )
    found: dict[ParticipationStatus, int] = dict(session.execute(stmt).all())
    return {status: found.get(status, 0) for status in ParticipationStatus}


def _stream(session: Session, stmt: Rows) -> Iterator[Any]:
    yield from session.execute(stmt.execution_options(yield_per=PAGE))


def meeting_title_lines(session: Session, meeting_id: int) -> list[str]:
    """ "21st RTC Heads Meeting", "14-16 Nov 2023", "RTC Japan (...), Kashiwa, Japan"."""
    meeting: Meeting = get_meeting(session, meeting_id)
    place = ", ".join(p for p in (meeting.venue, meeting.city, meeting.country) if p)
    lines = [
        meeting_title(meeting.title, meeting.ordinal),
        date_span(meeting.start_date, meeting.end_date),
    ]
    if place:
        lines.append(place)
    return lines


def participant_list_sheet(
    session: Session,
    meeting_id: int,
    columns: Sequence[str] | None = None,
    statuses: Iterable[ParticipationStatus] | None = None,
) -> ReportSheet:
    keys = parse_columns(columns)
    fields = [PARTICIPANT_FIELDS[k] for k in keys]
    if "delegation" in keys:
        # Beside the delegation, the organisation only where it differs.
        fields = [OWN_ORGANISATION if f.key == "organisation" else f for f in fields]
    wanted = list(statuses) if statuses is not None else None
    stmt = participants_query(meeting_id, wanted)

    def rows() -> Iterator[list[Any]]:
        for number, result in enumerate(_stream(session, stmt), start=1):
            yield [f.value(number, result) for f in fields]

    return ReportSheet(
        "Participants",
        [ReportColumn(f.header, key=f.key == "name") for f in fields],
        rows,
        title_lines=[*meeting_title_lines(session, meeting_id), "Participant list"],
        row_count=participant_count(session, meeting_id, wanted),
    )


#: Blank numbered rows at the end of a sign-in sheet, for walk-in participants.
WALK_IN_ROWS = 5


def sign_in_sheet(
    session: Session,
    meeting_id: int,
    statuses: Iterable[ParticipationStatus] | None = None,
    include_virtual: bool = False,
) -> ReportSheet:
    """A printable sheet to sign: number, name, delegation and one dated
    signature column per meeting day, then a few blank rows for walk-ins.
    Participants who join virtually sign nothing and are left out unless
    ``include_virtual``."""
    wanted = list(statuses) if statuses is not None else None
    stmt = participants_query(meeting_id, wanted)
    count_stmt = (
        participants_query(meeting_id, wanted)
        .with_only_columns(func.count(Participation.id))
        .order_by(None)
    )
    if not include_virtual:
        stmt = stmt.where(Participation.attendance_mode != AttendanceMode.VIRTUAL)
        count_stmt = count_stmt.where(Participation.attendance_mode != AttendanceMode.VIRTUAL)
    meeting = get_meeting(session, meeting_id)
    days = [
        meeting.start_date + timedelta(days=n)
        for n in range((meeting.end_date - meeting.start_date).days + 1)
    ]
    blanks = [""] * len(days)

    def rows() -> Iterator[list[Any]]:
        number = 0
        for number, row in enumerate(_stream(session, stmt), start=1):
            yield [number, display_name(row), _short(row.delegation_name, row.delegation_short),
                   *blanks]  # fmt: skip
        for walk_in in range(number + 1, number + 1 + WALK_IN_ROWS):
            yield [walk_in, "", "", *blanks]

    signature_width = max(14, 48 // len(days))
    return ReportSheet(
        "Sign-in sheet",
        [
            ReportColumn("No."),
            ReportColumn("Name", min_width=24, key=True),
            ReportColumn("Delegation", min_width=14),
            *(
                ReportColumn(f"{day:%a} {day_month_year(day)}", min_width=signature_width)
                for day in days
            ),
        ],
        rows,
        title_lines=[*meeting_title_lines(session, meeting_id), "Sign-in sheet"],
        row_height=30,
        landscape=len(days) > 3,
        row_count=(session.scalar(count_stmt) or 0) + WALK_IN_ROWS,
        blank_rows=WALK_IN_ROWS,
    )


def contacts_sheet(session: Session, search: str = "") -> ReportSheet:
    """People (filtered as in the People workspace), alphabetically."""
    stmt = (
        select(
            *NAME_PARTS,
            Person.position,
            Organisation.name.label("organisation_name"),
            Person.email,
            Person.phone,
        )
        .select_from(Person)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    )
    count = select(func.count(Person.id)).outerjoin(
        Organisation, Person.organisation_id == Organisation.id
    )
    if search.strip():
        matching = matches_words(search, [Person.search_text, Organisation.search_text])
        stmt, count = stmt.where(matching), count.where(matching)
    headers = ["Name", "Title", "Family name", "Given name", "Position", "Organisation",
               "E-mail", "Phone"]  # fmt: skip

    def rows() -> Iterator[list[Any]]:
        for person in _stream(session, stmt):
            yield [
                display_name(person),
                person.title,
                person.family_name,
                person.given_name,
                person.position,
                person.organisation_name or "",
                person.email,
                person.phone,
            ]

    title = ["Contact list"] + ([f"People matching '{search.strip()}'"] if search.strip() else [])
    return ReportSheet(
        "Contacts",
        [ReportColumn(h) for h in headers],
        rows,
        title_lines=title,
        row_count=session.scalar(count) or 0,
    )


def meetings_sheet(session: Session) -> ReportSheet:
    meetings = list_meetings(session)

    def rows() -> Iterator[list[Any]]:
        for m in meetings:
            yield [
                m.display_title,
                m.kind.label,
                m.start_date,
                m.end_date,
                m.host_name or "",
                m.venue,
                m.city,
                m.country,
                m.mode.label,
                m.status.label,
                m.participant_count,
            ]

    headers = ["Meeting", "Kind", "Start", "End", "Host", "Venue", "City", "Country", "Mode",
               "Status", "Participants"]  # fmt: skip
    return ReportSheet(
        "Meetings",
        [ReportColumn(h) for h in headers],
        rows,
        title_lines=["Meetings"],
        row_count=len(meetings),
    )


def action_items_sheet(session: Session, meeting_id: int | None = None) -> ReportSheet:
    actions = list_action_items(session, meeting_id)
    title = meeting_title_lines(session, meeting_id) if meeting_id is not None else []

    def rows() -> Iterator[list[Any]]:
        for a in actions:
            yield [
                a.meeting_title,
                a.description,
                a.owner_organisation or "",
                a.owner_person or "",
                a.due_date,
                a.status.label,
                a.completed_on,
            ]

    headers = ["Meeting", "Action", "Owner organisation", "Owner", "Due", "Status", "Completed on"]
    columns = [ReportColumn(h, wrap=h == "Action") for h in headers]
    return ReportSheet(
        "Action items",
        columns,
        rows,
        title_lines=[*title, "Action items"],
        row_count=len(actions),
    )


def export(target: Path, *sheets: ReportSheet, progress: ProgressReporter | None = None) -> Path:
    """Write the sheets into one workbook at ``target`` (atomically), to print
    on the paper of the preferences; a cancel through ``progress`` leaves no file."""
    return write_workbook(target, sheets, progress, paper_size())


def virtual_participants(
    session: Session, meeting_id: int, statuses: Iterable[ParticipationStatus] | None = None
) -> int:
    """How many of the meeting's participants (of ``statuses``) join virtually:
    whether a sign-in sheet has anyone to leave out."""
    wanted = list(statuses) if statuses is not None else None
    stmt = (
        participants_query(meeting_id, wanted)
        .with_only_columns(func.count(Participation.id))
        .order_by(None)
        .where(Participation.attendance_mode == AttendanceMode.VIRTUAL)
    )
    return session.scalar(stmt) or 0
