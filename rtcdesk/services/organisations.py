"""Organisations: create, edit, delete, list with usage counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Executable, func, or_, select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import Delegation, Meeting, Organisation, Person, meeting_co_organisers
from rtcdesk.db.search_text import fold
from rtcdesk.errors import ConflictError, FieldProblem
from rtcdesk.services.records import (
    SavedRecord,
    apply_fields,
    check_version,
    get_or_raise,
    no_longer_there,
    save_record,
)
from rtcdesk.services.search import contains_folded, matches_words
from rtcdesk.services.validation import Checker
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import OrganisationKind

WHAT = "organisation"


@dataclass
class OrganisationData:
    name: str
    kind: OrganisationKind
    short_name: str = ""
    economy: str = ""
    sub_region: str = ""
    parent_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    economy: str
    sub_region: str
    parent_id: int | None
    parent_name: str | None
    people_count: int
    meeting_count: int
    version: int


def _checked(data: OrganisationData, own_id: int | None) -> tuple[dict[str, object], Checker]:
    """The cleaned values and the problems that need no database."""
    check = Checker("The organisation")
    values: dict[str, object] = {
        "name": check.text("Name", data.name, Organisation.name, required=True),
        "short_name": check.text("Short name", data.short_name, Organisation.short_name),
        "kind": data.kind,
        "economy": check.text("Economy", data.economy, Organisation.economy),
        "sub_region": check.text("Sub-region", data.sub_region, Organisation.sub_region),
        "parent_id": data.parent_id,
        "notes": check.text("Notes", data.notes, Organisation.notes),
    }
    if data.parent_id is not None and data.parent_id == own_id:
        check.problem("Parent", "an organisation cannot be its own parent")
    return values, check


def check_organisation_fields(
    data: OrganisationData, own_id: int | None = None
) -> list[FieldProblem]:
    """What is wrong with ``data`` without asking the database (the editor
    checks this as the coordinator types; saving checks it again)."""
    return _checked(data, own_id)[1].problems


def _clean(session: Session, data: OrganisationData, own_id: int | None) -> dict[str, object]:
    values, check = _checked(data, own_id)
    if values["name"]:
        clash = _named(session, str(values["name"]), ("name",), exclude_id=own_id)
        if clash is not None:
            check.problem("Name", f"another organisation is already called '{clash.name}'")
    if data.parent_id is not None and data.parent_id != own_id:
        if session.get(Organisation, data.parent_id) is None:
            check.problem(
                "Parent", no_longer_there(session, Organisation, data.parent_id, "organisation")
            )
        elif own_id is not None and own_id in _ancestor_ids(session, data.parent_id):
            check.problem("Parent", "that would make the organisation its own ancestor")
    check.check()
    return values


def _ancestor_ids(session: Session, org_id: int) -> set[int]:
    seen: set[int] = set()
    current: int | None = org_id
    while current is not None and current not in seen:
        seen.add(current)
        current = session.scalar(select(Organisation.parent_id).where(Organisation.id == current))
    return seen


def create_organisation(session: Session, data: OrganisationData) -> Organisation:
    org = Organisation(**_clean(session, data, None))
    session.add(org)
    session.flush()
    return org


def update_organisation(
    session: Session, org_id: int, data: OrganisationData, expected_version: int | None
) -> Organisation:
    org = get_or_raise(session, Organisation, org_id, WHAT)
    check_version(org, expected_version, WHAT)
    apply_fields(org, _clean(session, data, org_id))
    session.flush()
    return org


def save_organisation(
    session: Session, org_id: int | None, data: OrganisationData, expected_version: int | None
) -> SavedRecord[OrganisationData]:
    """Create the organisation (``org_id`` None) or update it from the
    version the editor loaded; what was stored, as plain data."""
    return save_record(
        session,
        org_id,
        data,
        expected_version,
        create_organisation,
        update_organisation,
        organisation_data,
    )


def organisation_data(org: Organisation) -> OrganisationData:
    return OrganisationData(
        name=org.name,
        kind=org.kind,
        short_name=org.short_name,
        economy=org.economy,
        sub_region=org.sub_region,
        parent_id=org.parent_id,
        notes=org.notes,
    )


def get_organisation(session: Session, org_id: int) -> Organisation:
    return get_or_raise(session, Organisation, org_id, WHAT)


def find_organisation(session: Session, name: str) -> Organisation | None:
    """The organisation whose name or short name is ``name``, ignoring case and accents."""
    return _named(session, name, ("name", "short_name"))


def _named(
    session: Session, name: str, fields: tuple[str, ...], exclude_id: int | None = None
) -> Organisation | None:
    """The organisation one of whose ``fields`` folds to the same text as ``name``.

    The folded ``search_text`` narrows the candidates in the database; the
    exact comparison of the few candidates happens here.
    """
    wanted = fold(name)
    if not wanted:
        # Marks alone (a lone accent) fold to nothing; the database's own rule,
        # lower(name) is unique, decides then.
        typed = name.strip()
        if not typed:
            return None
        same = (func.lower(getattr(Organisation, field)) == func.lower(typed) for field in fields)
        return session.scalars(
            select(Organisation)
            .where(or_(*same))
            .where(Organisation.id != (exclude_id or -1))
            .order_by(Organisation.id)
        ).first()
    candidates = session.scalars(
        select(Organisation)
        .where(contains_folded(Organisation.search_text, wanted))
        .where(Organisation.id != (exclude_id or -1))
        .order_by(Organisation.id)
    )
    for org in candidates:
        if any(fold(getattr(org, field)) == wanted for field in fields):
            return org
    return None


@dataclass(frozen=True)
class OrganisationUsage:
    people: int
    hosted_meetings: int
    co_organised_meetings: int
    delegations: int
    children: int

    @property
    def blocks_delete(self) -> bool:
        return bool(self.hosted_meetings or self.co_organised_meetings or self.delegations)


def organisation_usage(session: Session, org_id: int) -> OrganisationUsage:
    def count(stmt: Executable) -> int:
        return session.scalar(stmt) or 0

    return OrganisationUsage(
        people=count(select(func.count()).where(Person.organisation_id == org_id)),
        hosted_meetings=count(select(func.count()).where(Meeting.host_organisation_id == org_id)),
        co_organised_meetings=count(
            select(func.count()).where(meeting_co_organisers.c.organisation_id == org_id)
        ),
        delegations=count(select(func.count()).where(Delegation.organisation_id == org_id)),
        children=count(select(func.count()).where(Organisation.parent_id == org_id)),
    )


def delete_organisation(session: Session, org_id: int, expected_version: int | None) -> None:
    """Delete an organisation no meeting refers to; its people stay, unlinked."""
    org = get_or_raise(session, Organisation, org_id, WHAT)
    check_version(org, expected_version, WHAT)
    usage = organisation_usage(session, org_id)
    if usage.blocks_delete:
        raise ConflictError(
            f"'{org.name}' cannot be deleted: it hosted "
            f"{plural(usage.hosted_meetings, 'meeting', 'meetings')}, co-organised "
            f"{usage.co_organised_meetings} and sent "
            f"{plural(usage.delegations, 'delegation', 'delegations')}. "
            "Those records would lose their organisation."
        )
    session.delete(org)
    session.flush()


def list_organisations(
    session: Session, search: str = "", kind: OrganisationKind | None = None
) -> list[OrganisationRow]:
    """Organisations with their people and meeting counts, in one query."""
    parent = aliased(Organisation)
    people = (
        select(Person.organisation_id, func.count().label("n"))
        .group_by(Person.organisation_id)
        .subquery()
    )
    meetings = (
        select(
            Delegation.organisation_id, func.count(func.distinct(Delegation.meeting_id)).label("n")
        )
        .group_by(Delegation.organisation_id)
        .subquery()
    )
    stmt = (
        select(
            Organisation,
            parent.name,
            func.coalesce(people.c.n, 0),
            func.coalesce(meetings.c.n, 0),
        )
        .outerjoin(parent, Organisation.parent_id == parent.id)
        .outerjoin(people, people.c.organisation_id == Organisation.id)
        .outerjoin(meetings, meetings.c.organisation_id == Organisation.id)
    )
    if search.strip():
        stmt = stmt.where(matches_words(search, [Organisation.search_text]))
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    rows = [
        OrganisationRow(
            **{k: v for k, v in asdict(organisation_data(org)).items() if k != "notes"},
            id=org.id,
            parent_name=parent_name,
            people_count=people_count,
            meeting_count=meeting_count,
            version=org.version,
        )
        for org, parent_name, people_count, meeting_count in session.execute(stmt)
    ]
    # Sorted here: the databases' lower() disagree on non-ASCII letters.
    rows.sort(key=lambda r: (fold(r.name), r.id))
    return rows


@dataclass(frozen=True)
class OrganisationOption:
    """An organisation to pick in a form (a person's employer, a parent)."""

    id: int
    name: str
    short_name: str
    economy: str


def organisation_choices(
    session: Session, *, parent_for: int | None = None
) -> list[OrganisationOption]:
    """Every organisation, alphabetical. With ``parent_for``, only those that
    may become that organisation's parent: not itself and nothing under it."""
    excluded = _descendant_ids(session, parent_for) if parent_for is not None else set()
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.short_name, Organisation.economy)
    )
    choices = [
        OrganisationOption(id=i, name=name, short_name=short, economy=economy)
        for i, name, short, economy in rows
        if i not in excluded
    ]
    choices.sort(key=lambda c: (fold(c.name), c.id))
    return choices


def _descendant_ids(session: Session, org_id: int) -> set[int]:
    """``org_id`` and every organisation below it."""
    children: dict[int, list[int]] = {}
    for child, parent in session.execute(select(Organisation.id, Organisation.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found, waiting = set(), [org_id]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.add(current)
            waiting.extend(children.get(current, []))
    return found


def sub_regions(session: Session) -> list[str]:
    """The sub-regions already in use, to choose from rather than retype."""
    return _distinct_texts(session, Organisation.sub_region)


def economies(session: Session) -> list[str]:
    """The economies already in use, written the way the region writes them
    ("Hong Kong China"), to choose from rather than retype."""
    return _distinct_texts(session, Organisation.economy)


def _distinct_texts(session: Session, column: Any) -> list[str]:
    values = session.scalars(select(column).distinct().where(column != ""))
    return sorted(values, key=fold)
