"""People: create, edit, delete, search, participation history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from rtcdesk.db.models import (
    ActionItem,
    AgendaSpeaker,
    Delegation,
    Meeting,
    Organisation,
    Participation,
    Person,
    SurveyRecipient,
)
from rtcdesk.db.search_text import fold
from rtcdesk.errors import FieldProblem, ValidationError
from rtcdesk.services.names import NameKey, display_name, meeting_title, name_key
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
from rtcdesk.typed_text import clean_text, email_key
from rtcdesk.vocabulary import Gender, NameOrder, ParticipantRole, ParticipationStatus

WHAT = "person"


@dataclass
class PersonData:
    family_name: str
    given_name: str = ""
    title: str = ""
    name_order: NameOrder = NameOrder.GIVEN_FIRST
    post_nominals: str = ""
    position: str = ""
    organisation_id: int | None = None
    email: str = ""
    phone: str = ""
    gender: Gender = Gender.UNSPECIFIED
    notes: str = ""


@dataclass(frozen=True)
class PersonRow:
    id: int
    display_name: str
    title: str
    given_name: str
    family_name: str
    position: str
    organisation_id: int | None
    organisation_name: str | None
    email: str
    phone: str
    gender: Gender
    participation_count: int
    version: int

    @property
    def name_key(self) -> NameKey:
        return name_key(self)


def _checked(data: PersonData) -> tuple[dict[str, object], Checker]:
    """The cleaned values and the problems that need no database."""
    check = Checker("The person")
    values: dict[str, object] = {
        "family_name": check.text(
            "Family name", data.family_name, Person.family_name, required=True
        ),
        "given_name": check.text("Given name", data.given_name, Person.given_name),
        "title": check.text("Title", data.title, Person.title),
        "name_order": data.name_order,
        "post_nominals": check.text("Post-nominals", data.post_nominals, Person.post_nominals),
        "position": check.text("Position", data.position, Person.position),
        "organisation_id": data.organisation_id,
        "email": check.email("E-mail", data.email, Person.email),
        "phone": check.text("Phone", data.phone, Person.phone),
        "gender": data.gender,
        "notes": check.text("Notes", data.notes, Person.notes),
    }
    return values, check


def check_person_fields(data: PersonData) -> list[FieldProblem]:
    """What is wrong with ``data`` without asking the database (the editor
    checks this as the coordinator types; saving checks it again)."""
    return _checked(data)[1].problems


def person_values(data: PersonData) -> dict[str, object]:
    """The cleaned values of ``data``, or a ``ValidationError`` for what is
    wrong without asking the database (an import checks the addresses of
    thousands of rows at once instead: ``registration_matching``)."""
    values, check = _checked(data)
    check.check()
    return values


def _clean(session: Session, data: PersonData, person_id: int | None = None) -> dict[str, object]:
    values, check = _checked(data)
    if data.organisation_id is not None and session.get(Organisation, data.organisation_id) is None:
        check.problem(
            "Organisation",
            no_longer_there(session, Organisation, data.organisation_id, "organisation"),
        )
    holder = find_person_by_email(session, str(values["email"]))
    if holder is not None and holder.id != person_id:
        check.problem(
            "E-mail",
            f"{values['email']} belongs to {display_name(holder)}, who is already on record: "
            "one address is one person (if they are the same, merge the two records)",
        )
    check.check()
    return values


def create_person(session: Session, data: PersonData) -> Person:
    person = Person(**_clean(session, data))
    session.add(person)
    session.flush()
    return person


def create_new_person(session: Session, data: PersonData) -> Person:
    """Create a person typed in passing (while adding a participant, say),
    refusing an e-mail address someone on record already has: that someone is
    most likely the person meant, and a second record would need merging later."""
    existing = find_person_by_email(session, data.email)
    if existing is not None:
        raise ValidationError(
            "The person",
            [
                FieldProblem(
                    "E-mail",
                    f"{clean_text(data.email)} belongs to {display_name(existing)}, who is "
                    "already on record; choose them instead",
                )
            ],
        )
    return create_person(session, data)


def update_person(
    session: Session, person_id: int, data: PersonData, expected_version: int | None
) -> Person:
    person = get_or_raise(session, Person, person_id, WHAT)
    check_version(person, expected_version, WHAT)
    apply_fields(person, _clean(session, data, person_id))
    session.flush()
    return person


def save_person(
    session: Session, person_id: int | None, data: PersonData, expected_version: int | None
) -> SavedRecord[PersonData]:
    """Create the person (``person_id`` None) or update them from the version
    the editor loaded; what was stored, as plain data."""
    return save_record(
        session, person_id, data, expected_version, create_person, update_person, person_data
    )


def person_data(person: Person) -> PersonData:
    return PersonData(
        family_name=person.family_name,
        given_name=person.given_name,
        title=person.title,
        name_order=person.name_order,
        post_nominals=person.post_nominals,
        position=person.position,
        organisation_id=person.organisation_id,
        email=person.email,
        phone=person.phone,
        gender=person.gender,
        notes=person.notes,
    )


def get_person(session: Session, person_id: int) -> Person:
    return get_or_raise(session, Person, person_id, WHAT)


def find_person_by_email(session: Session, email: str) -> Person | None:
    """The person with this e-mail address, ignoring case and invisible
    characters (None for a blank address): one indexed lookup of
    ``email_key``. Of people who shared an address before addresses became
    unique (migration 0006), the oldest record is found."""
    key = email_key(email)
    if key is None:
        return None
    return session.scalars(select(Person).where(Person.email_key == key)).first()


@dataclass(frozen=True)
class PersonUsage:
    participations: int
    speaker_slots: int
    survey_recipients: int
    headed_delegations: int
    owned_actions: int


def person_usage(session: Session, person_id: int) -> PersonUsage:
    def count(stmt: Select[int]) -> int:
        return session.scalar(stmt) or 0

    return PersonUsage(
        participations=count(select(func.count()).where(Participation.person_id == person_id)),
        speaker_slots=count(select(func.count()).where(AgendaSpeaker.person_id == person_id)),
        survey_recipients=count(select(func.count()).where(SurveyRecipient.person_id == person_id)),
        headed_delegations=count(
            select(func.count()).where(Delegation.head_person_id == person_id)
        ),
        owned_actions=count(select(func.count()).where(ActionItem.owner_person_id == person_id)),
    )


def delete_person(session: Session, person_id: int, expected_version: int | None) -> None:
    """Delete a person with their participations, speaker slots and survey
    answers (``person_usage`` tells what goes, for the confirmation)."""
    person = get_or_raise(session, Person, person_id, WHAT)
    check_version(person, expected_version, WHAT)
    session.delete(person)
    session.flush()


def list_people(
    session: Session, search: str = "", organisation_id: int | None = None
) -> list[PersonRow]:
    """People with their organisation and participation count, in one query."""
    counts = (
        select(Participation.person_id, func.count().label("n"))
        .group_by(Participation.person_id)
        .subquery()
    )
    stmt = (
        select(Person, Organisation.name, func.coalesce(counts.c.n, 0))
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .outerjoin(counts, counts.c.person_id == Person.id)
    )
    if search.strip():
        stmt = stmt.where(
            matches_words(
                search,
                [Person.search_text, Organisation.search_text],
            )
        )
    if organisation_id is not None:
        stmt = stmt.where(Person.organisation_id == organisation_id)
    rows = [
        PersonRow(
            id=p.id,
            display_name=display_name(p),
            title=p.title,
            given_name=p.given_name,
            family_name=p.family_name,
            position=p.position,
            organisation_id=p.organisation_id,
            organisation_name=org_name,
            email=p.email,
            phone=p.phone,
            gender=p.gender,
            participation_count=n,
            version=p.version,
        )
        for p, org_name, n in session.execute(stmt)
    ]
    # Sorted here: the databases' lower() disagree on non-ASCII letters.
    rows.sort(key=lambda r: (*r.name_key, r.id))
    return rows


@dataclass(frozen=True)
class PersonMatch:
    """A person found by ``search_people``: enough to tell namesakes apart."""

    id: int
    display_name: str
    position: str
    organisation_id: int | None
    organisation_name: str | None
    email: str


def search_people(session: Session, text: str, limit: int = 20) -> list[PersonMatch]:
    """At most ``limit`` people whose names, e-mail or organisation hold every
    typed word, ignoring case and accents ("elodie" finds Élodie, "陳" finds
    陳 家明), by family name. Blank text finds nobody: this serves type-ahead,
    where the whole table is never wanted."""
    if not fold(text):
        return []
    stmt = (
        select(Person, Organisation.name)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(matches_words(text, [Person.search_text, Organisation.search_text]))
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
        .limit(limit)
    )
    found = list(session.execute(stmt))
    # Sorted again here: the databases' lower() disagree on non-ASCII letters.
    found.sort(key=lambda hit: (*name_key(hit[0]), hit[0].id))
    return [_match(p, org_name) for p, org_name in found]


def person_match(session: Session, person_id: int) -> PersonMatch:
    """One person as ``search_people`` finds them (a person just created, to pick)."""
    person = get_person(session, person_id)
    return _match(person, person.organisation.name if person.organisation else None)


def people_matches(session: Session, person_ids: set[int]) -> dict[int, PersonMatch]:
    """Several people as ``search_people`` finds them, by id: one query."""
    if not person_ids:
        return {}
    stmt = (
        select(Person, Organisation.name)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(Person.id.in_(person_ids))
    )
    return {p.id: _match(p, org_name) for p, org_name in session.execute(stmt)}


def _match(person: Person, organisation_name: str | None) -> PersonMatch:
    return PersonMatch(
        id=person.id,
        display_name=display_name(person),
        position=person.position,
        organisation_id=person.organisation_id,
        organisation_name=organisation_name,
        email=person.email,
    )


@dataclass(frozen=True)
class HistoryRow:
    meeting_id: int
    meeting_title: str
    start_date: date
    delegation: str | None
    role: ParticipantRole
    status: ParticipationStatus


def participation_history(session: Session, person_id: int) -> list[HistoryRow]:
    """Every meeting the person was part of, newest first."""
    stmt = (
        select(Participation, Meeting.title, Meeting.ordinal, Meeting.start_date, Organisation.name)
        .join(Meeting, Participation.meeting_id == Meeting.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
        .where(Participation.person_id == person_id)
        .order_by(Meeting.start_date.desc(), Meeting.id.desc())
    )
    return [
        HistoryRow(
            meeting_id=p.meeting_id,
            meeting_title=meeting_title(title, ordinal),
            start_date=start,
            delegation=delegation,
            role=p.role,
            status=p.status,
        )
        for p, title, ordinal, start, delegation in session.execute(stmt)
    ]
