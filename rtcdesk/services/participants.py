"""Delegations and participants of a meeting, and the counts coordinators report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import Delegation, Meeting, Organisation, Participation, Person
from rtcdesk.errors import ConflictError, FieldProblem, ValidationError
from rtcdesk.services.names import NameKey, PlainName, display_name, name_key
from rtcdesk.services.records import apply_fields, check_version, get_or_raise, no_longer_there
from rtcdesk.services.search import fold, matches_words
from rtcdesk.services.validation import Checker
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import (
    AttendanceMode,
    Gender,
    OrganisationKind,
    ParticipantRole,
    ParticipationStatus,
)

#: The order delegations are listed in: WCO first, then the region's bodies,
#: then RTCs and member administrations (each alphabetically).
DELEGATION_ORDER = [
    OrganisationKind.WCO_SECRETARIAT,
    OrganisationKind.VICE_CHAIR_OFFICE,
    OrganisationKind.ROCB,
    OrganisationKind.RILO,
    OrganisationKind.RTC,
    OrganisationKind.MEMBER_ADMINISTRATION,
    OrganisationKind.PARTNER,
    OrganisationKind.OTHER,
]


def delegation_sort_key(kind: OrganisationKind, name: str) -> tuple[int, str]:
    return (DELEGATION_ORDER.index(kind), name.casefold())


# -- delegations -------------------------------------------------------------


def add_delegation(
    session: Session, meeting_id: int, organisation_id: int, notes: str = ""
) -> Delegation:
    get_or_raise(session, Meeting, meeting_id, "meeting")
    org = get_or_raise(session, Organisation, organisation_id, "organisation")
    existing = session.scalar(
        select(Delegation.id).where(
            Delegation.meeting_id == meeting_id, Delegation.organisation_id == organisation_id
        )
    )
    if existing is not None:
        raise ConflictError(f"{org.name} already has a delegation at this meeting.")
    check = Checker("The delegation")
    delegation = Delegation(
        meeting_id=meeting_id,
        organisation_id=organisation_id,
        notes=check.text("Notes", notes, Delegation.notes),
    )
    check.check()
    session.add(delegation)
    session.flush()
    return delegation


@dataclass(frozen=True)
class DelegationsAdded:
    """What ``add_delegations`` did."""

    added: list[Delegation]
    #: The organisations skipped because they already have a delegation.
    already_present: list[str]


def add_delegations(
    session: Session, meeting_id: int, organisation_ids: Iterable[int]
) -> DelegationsAdded:
    """A delegation for each organisation, in the order given, skipping those
    that already have one (someone else may have added it meanwhile)."""
    present = set(
        session.scalars(
            select(Delegation.organisation_id).where(Delegation.meeting_id == meeting_id)
        )
    )
    added: list[Delegation] = []
    skipped: list[str] = []
    for organisation_id in dict.fromkeys(organisation_ids):
        if organisation_id in present:
            skipped.append(
                get_or_raise(session, Organisation, organisation_id, "organisation").name
            )
        else:
            added.append(add_delegation(session, meeting_id, organisation_id))
    return DelegationsAdded(added, skipped)


@dataclass(frozen=True)
class OrganisationChoice:
    """An organisation offered when adding a delegation."""

    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    economy: str


def organisation_choice(session: Session, organisation_id: int) -> OrganisationChoice:
    """One organisation as ``delegation_candidates`` offers it (one just created, to pick)."""
    org = get_or_raise(session, Organisation, organisation_id, "organisation")
    return OrganisationChoice(org.id, org.name, org.short_name, org.kind, org.economy)


def delegation_candidates(
    session: Session, meeting_id: int, text: str = "", limit: int = 30
) -> list[OrganisationChoice]:
    """Organisations without a delegation at the meeting yet whose name, short
    name or economy hold every typed word (ignoring case and accents):
    at most ``limit`` of them, alphabetical."""
    taken = select(Delegation.organisation_id).where(Delegation.meeting_id == meeting_id)
    stmt = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.short_name,
            Organisation.kind,
            Organisation.economy,
        )
        .where(Organisation.id.not_in(taken))
        .where(matches_words(text, [Organisation.search_text]))
        .order_by(func.lower(Organisation.name), Organisation.id)
        .limit(limit)
    )
    rows = [OrganisationChoice(*row) for row in session.execute(stmt)]
    # Sorted again here: the databases' lower() disagree on non-ASCII letters.
    rows.sort(key=lambda r: (fold(r.name), r.id))
    return rows


def set_delegation_head(
    session: Session, delegation_id: int, person_id: int | None, expected_version: int | None
) -> Delegation:
    """Name the head of delegation; the head's participation gets that role and
    a former head's goes back to delegate."""
    delegation = get_or_raise(session, Delegation, delegation_id, "delegation")
    check_version(delegation, expected_version, "delegation")
    if person_id is not None:
        participation = session.scalars(
            select(Participation).where(
                Participation.meeting_id == delegation.meeting_id,
                Participation.person_id == person_id,
            )
        ).first()
        if participation is None or participation.delegation_id != delegation.id:
            raise ValidationError(
                "The head of delegation",
                [FieldProblem("Head of delegation", "must be a participant of this delegation")],
            )
        participation.role = ParticipantRole.HEAD_OF_DELEGATION
    _replace_head(session, delegation, person_id)
    session.flush()
    return delegation


def _replace_head(session: Session, delegation: Delegation, person_id: int | None) -> None:
    """Make ``person_id`` the head; a former head who still has that role goes
    back to delegate."""
    if delegation.head_person_id is not None and delegation.head_person_id != person_id:
        former = session.scalars(
            select(Participation).where(
                Participation.meeting_id == delegation.meeting_id,
                Participation.person_id == delegation.head_person_id,
            )
        ).first()
        if former is not None and former.role is ParticipantRole.HEAD_OF_DELEGATION:
            former.role = ParticipantRole.DELEGATE
    if delegation.head_person_id != person_id:
        delegation.head_person_id = person_id


def _keep_head_in_step(session: Session, participation: Participation) -> None:
    """The role "head of delegation" and the delegation's head name the same
    person: taking the role makes the participant head of their delegation
    (the former head goes back to delegate); giving it up leaves the
    delegation without a head."""
    delegation = (
        session.get(Delegation, participation.delegation_id)
        if participation.delegation_id is not None
        else None
    )
    if delegation is None:
        return
    is_head = delegation.head_person_id == participation.person_id
    if participation.role is ParticipantRole.HEAD_OF_DELEGATION and not is_head:
        _replace_head(session, delegation, participation.person_id)
    elif participation.role is not ParticipantRole.HEAD_OF_DELEGATION and is_head:
        delegation.head_person_id = None


def delete_delegation(session: Session, delegation_id: int, expected_version: int | None) -> int:
    """Delete a delegation; its participants stay at the meeting without one.
    Returns how many participants were unlinked."""
    delegation = get_or_raise(session, Delegation, delegation_id, "delegation")
    check_version(delegation, expected_version, "delegation")
    unlinked = (
        session.scalar(select(func.count()).where(Participation.delegation_id == delegation_id))
        or 0
    )
    session.delete(delegation)
    session.flush()
    return unlinked


# -- participations ------------------------------------------------------------


@dataclass
class ParticipationData:
    person_id: int
    delegation_id: int | None = None
    role: ParticipantRole = ParticipantRole.DELEGATE
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON
    status: ParticipationStatus = ParticipationStatus.INVITED
    notes: str = ""
    arrival_date: date | None = None
    departure_date: date | None = None


def _clean_participation(
    session: Session, meeting_id: int, data: ParticipationData, own_id: int | None
) -> dict[str, object]:
    check = Checker("The participant")
    if session.get(Person, data.person_id) is None:
        check.problem("Person", no_longer_there(session, Person, data.person_id, "person"))
    if data.delegation_id is not None:
        delegation = session.get(Delegation, data.delegation_id)
        if delegation is None or delegation.meeting_id != meeting_id:
            check.problem("Delegation", "is not a delegation of this meeting")
    clash = session.scalar(
        select(Participation.id).where(
            Participation.meeting_id == meeting_id,
            Participation.person_id == data.person_id,
            Participation.id != (own_id or -1),
        )
    )
    if clash is not None:
        check.problem("Person", "is already a participant of this meeting")
    values: dict[str, object] = {
        "person_id": data.person_id,
        "delegation_id": data.delegation_id,
        "role": data.role,
        "attendance_mode": data.attendance_mode,
        "status": data.status,
        "notes": check.text("Notes", data.notes, Participation.notes),
        "arrival_date": data.arrival_date,
        "departure_date": data.departure_date,
    }
    check.date_order("Departure", data.arrival_date, data.departure_date, "is before the arrival")
    check.check()
    return values


def add_participant(session: Session, meeting_id: int, data: ParticipationData) -> Participation:
    """Add a participant; one added as head of delegation becomes its head."""
    get_or_raise(session, Meeting, meeting_id, "meeting")
    participation = Participation(
        meeting_id=meeting_id, **_clean_participation(session, meeting_id, data, None)
    )
    session.add(participation)
    session.flush()
    _keep_head_in_step(session, participation)
    session.flush()
    return participation


def update_participant(
    session: Session,
    participation_id: int,
    data: ParticipationData,
    expected_version: int | None,
) -> Participation:
    """Edit a participant; one who leaves the delegation they head stops heading
    it, and the role "head of delegation" keeps the delegation's head in step."""
    participation = get_or_raise(session, Participation, participation_id, "participant")
    check_version(participation, expected_version, "participant")
    values = _clean_participation(session, participation.meeting_id, data, participation_id)
    left = participation.delegation
    if (
        left is not None
        and left.id != data.delegation_id
        and left.head_person_id == participation.person_id
    ):
        left.head_person_id = None
    apply_fields(participation, values)
    session.flush()
    _keep_head_in_step(session, participation)
    session.flush()
    return participation


def save_participant(
    session: Session,
    meeting_id: int,
    participation_id: int | None,
    data: ParticipationData,
    expected_version: int | None,
) -> ParticipantRow:
    """Add the participant to the meeting (``participation_id`` None) or update
    them from the version the editor loaded; what was stored, as listed."""
    if participation_id is None:
        participation = add_participant(session, meeting_id, data)
    else:
        participation = update_participant(session, participation_id, data, expected_version)
    [row] = list_participants(session, participation.meeting_id, participation_id=participation.id)
    return row


def remove_participant(
    session: Session, participation_id: int, expected_version: int | None
) -> None:
    participation = get_or_raise(session, Participation, participation_id, "participant")
    check_version(participation, expected_version, "participant")
    headed = session.scalars(
        select(Delegation).where(
            Delegation.meeting_id == participation.meeting_id,
            Delegation.head_person_id == participation.person_id,
        )
    )
    for delegation in headed:
        delegation.head_person_id = None
    session.delete(participation)
    session.flush()


def set_status(
    session: Session, participation_ids: Iterable[int], status: ParticipationStatus
) -> int:
    """Change the status of several participants at once; returns how many changed."""
    ids = list(participation_ids)
    rows = session.scalars(select(Participation).where(Participation.id.in_(ids))).all()
    missing = set(ids) - {p.id for p in rows}
    if missing:
        gone = plural(
            len(missing),
            "of the chosen participants no longer exists",
            "of the chosen participants no longer exist",
        )
        raise ConflictError(f"{gone}; reload the meeting.")
    changed = 0
    for participation in rows:
        if participation.status is not status:
            participation.status = status
            changed += 1
    session.flush()
    return changed


class ParticipantRow(NamedTuple):
    """One participant as the meeting editor lists them. A named tuple, not
    a frozen dataclass: a regional course lists tens of thousands, and a
    tuple is made several times faster."""

    id: int
    person_id: int
    display_name: str
    title: str
    given_name: str
    family_name: str
    position: str
    person_organisation: str | None
    email: str
    phone: str
    gender: Gender
    delegation_id: int | None
    delegation_name: str | None
    delegation_kind: OrganisationKind | None
    is_head: bool
    role: ParticipantRole
    attendance_mode: AttendanceMode
    status: ParticipationStatus
    version: int
    delegation_short_name: str = ""
    notes: str = ""
    arrival_date: date | None = None
    departure_date: date | None = None
    #: How the row sorts by name (``names.name_key``), folded once when listed.
    name_key: NameKey = ("", "")


def list_participants(
    session: Session,
    meeting_id: int,
    statuses: Iterable[ParticipationStatus] | None = None,
    participation_id: int | None = None,
) -> list[ParticipantRow]:
    """The meeting's participants (or the one ``participation_id``) grouped by
    delegation (in ``DELEGATION_ORDER``), the head of each delegation first,
    then by family name. One query of plain columns, read by position (no ORM
    objects: a meeting can have tens of thousands, and the names are folded
    once each)."""
    person_org = aliased(Organisation)
    delegation_org = aliased(Organisation)
    stmt = (
        select(
            Participation.id,
            Participation.person_id,
            Person.title,
            Person.given_name,
            Person.family_name,
            Person.name_order,
            Person.post_nominals,
            Person.position,
            person_org.name,
            Person.email,
            Person.phone,
            Person.gender,
            Participation.delegation_id,
            delegation_org.name,
            delegation_org.kind,
            delegation_org.short_name,
            Delegation.head_person_id,
            Participation.role,
            Participation.attendance_mode,
            Participation.status,
            Participation.version,
            Participation.notes,
            Participation.arrival_date,
            Participation.departure_date,
        )
        .join(Person, Participation.person_id == Person.id)
        .outerjoin(person_org, Person.organisation_id == person_org.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(delegation_org, Delegation.organisation_id == delegation_org.id)
        .where(Participation.meeting_id == meeting_id)
    )
    if statuses is not None:
        stmt = stmt.where(Participation.status.in_(list(statuses)))
    if participation_id is not None:
        stmt = stmt.where(Participation.id == participation_id)
    folded = _Folded()
    rows = []
    # Run on the session's connection: Core rows, without the ORM's loading per row.
    for (
        ident, person_id, title, given, family, order, post_nominals, position, organisation,
        email, phone, gender, delegation_id, delegation_name, delegation_kind, short_name,
        head_id, role, mode, status, version, notes, arrival, departure,
    ) in session.connection().execute(stmt):  # fmt: skip
        rows.append(
            ParticipantRow(
                ident,
                person_id,
                display_name(PlainName(title, given, family, order, post_nominals)),
                title,
                given,
                family,
                position,
                organisation,
                email,
                phone,
                gender,
                delegation_id,
                delegation_name,
                delegation_kind,
                head_id == person_id or role is ParticipantRole.HEAD_OF_DELEGATION,
                role,
                mode,
                status,
                version,
                short_name or "",
                notes,
                arrival,
                departure,
                (folded(family), folded(given)),
            )
        )
    rows.sort(key=participant_order)
    return rows


class _Folded(dict[str, str]):
    """``fold`` of names, each distinct name folded once: in a list of
    thousands the same family names come back again and again."""

    def __call__(self, text: str | None) -> str:
        text = text or ""
        found = self.get(text)
        if found is None:
            found = self[text] = fold(text)
        return found


def participant_order(row: ParticipantRow) -> tuple[object, ...]:
    """The listing order: delegations in ``DELEGATION_ORDER`` (no delegation
    last), the head first, then family and given name."""
    if row.delegation_kind is None:
        group: tuple[int, str] = (len(DELEGATION_ORDER), "")
    else:
        group = delegation_sort_key(row.delegation_kind, row.delegation_name or "")
    return (*group, not row.is_head, *row.name_key, row.id)


@dataclass(frozen=True)
class DelegationRow:
    id: int
    organisation_id: int
    organisation_name: str
    organisation_kind: OrganisationKind
    head_person_id: int | None
    head_name: str | None
    participant_count: int
    version: int
    organisation_short_name: str = ""
    head_name_key: NameKey | None = None


def list_delegations(session: Session, meeting_id: int) -> list[DelegationRow]:
    """The meeting's delegations in ``DELEGATION_ORDER`` with head and size. One query."""
    counts = (
        select(Participation.delegation_id, func.count().label("n"))
        .where(Participation.meeting_id == meeting_id)
        .group_by(Participation.delegation_id)
        .subquery()
    )
    stmt = (
        select(
            Delegation.id,
            Delegation.organisation_id,
            Organisation.name,
            Organisation.kind,
            Organisation.short_name,
            Delegation.head_person_id,
            Person.title,
            Person.given_name,
            Person.family_name,
            Person.name_order,
            Person.post_nominals,
            func.coalesce(counts.c.n, 0).label("n"),
            Delegation.version,
        )
        .join(Organisation, Delegation.organisation_id == Organisation.id)
        .outerjoin(Person, Delegation.head_person_id == Person.id)
        .outerjoin(counts, counts.c.delegation_id == Delegation.id)
        .where(Delegation.meeting_id == meeting_id)
    )
    rows = [
        DelegationRow(
            id=r.id,
            organisation_id=r.organisation_id,
            organisation_name=r.name,
            organisation_kind=r.kind,
            head_person_id=r.head_person_id,
            head_name=display_name(r) if r.head_person_id is not None else None,
            participant_count=r.n,
            version=r.version,
            organisation_short_name=r.short_name,
            head_name_key=name_key(r) if r.head_person_id is not None else None,
        )
        for r in session.execute(stmt)
    ]
    rows.sort(key=lambda r: delegation_sort_key(r.organisation_kind, r.organisation_name))
    return rows


# -- counts ----------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationCounts:
    total: int
    by_status: dict[ParticipationStatus, int] = field(default_factory=dict)
    by_mode: dict[AttendanceMode, int] = field(default_factory=dict)
    by_gender: dict[Gender, int] = field(default_factory=dict)
    by_delegation: dict[str, int] = field(default_factory=dict)


def participation_counts(
    session: Session,
    meeting_id: int,
    statuses: Iterable[ParticipationStatus] | None = None,
) -> ParticipationCounts:
    """Participants per status, attendance mode, gender and delegation,
    counted by the database (one grouped query)."""
    stmt = (
        select(
            Participation.status,
            Participation.attendance_mode,
            Person.gender,
            Organisation.name,
            func.count(),
        )
        .join(Person, Participation.person_id == Person.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
        .where(Participation.meeting_id == meeting_id)
        .group_by(
            Participation.status, Participation.attendance_mode, Person.gender, Organisation.name
        )
    )
    if statuses is not None:
        stmt = stmt.where(Participation.status.in_(list(statuses)))
    total = 0
    by_status: dict[ParticipationStatus, int] = {}
    by_mode: dict[AttendanceMode, int] = {}
    by_gender: dict[Gender, int] = {}
    by_delegation: dict[str, int] = {}
    for status, mode, gender, delegation, n in session.execute(stmt):
        total += n
        by_status[status] = by_status.get(status, 0) + n
        by_mode[mode] = by_mode.get(mode, 0) + n
        by_gender[gender] = by_gender.get(gender, 0) + n
        key = delegation or "(no delegation)"
        by_delegation[key] = by_delegation.get(key, 0) + n
    return ParticipationCounts(total, by_status, by_mode, by_gender, by_delegation)


def attendance_mode_in(session: Session, meeting_id: int, person_id: int) -> AttendanceMode | None:
    """How ``person_id`` attends ``meeting_id`` (in person or virtually); None
    when they are not a participant. A speaker added to the agenda takes it."""
    return session.scalar(
        select(Participation.attendance_mode).where(
            Participation.meeting_id == meeting_id, Participation.person_id == person_id
        )
    )
