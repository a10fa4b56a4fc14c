"""People who are likely already on record, before a new record is saved:
the same e-mail address, the same name with its parts in another order or
written with other accents or case ("PARK Jinho" / "Jinho Park"), or a near
name at the same organisation ("Kayan Chan" / "Ka-yan CHAN").

The database narrows the candidates (an e-mail, the name's words, the
organisation); only those few are compared in Python, with rapidfuzz for the
near names. And what differs between two records about to be merged, in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import Person
from rtcdesk.db.search_text import fold
from rtcdesk.services.names import display_name
from rtcdesk.services.people import PersonData, PersonMatch, people_matches
from rtcdesk.services.search import matches_words
from rtcdesk.vocabulary import Gender

#: How alike two names at one organisation must be to be called near (0-100).
NEAR_NAME_SCORE = 85
#: Candidates looked at per organisation, at most (a big administration),
#: and by e-mail or name.
ORGANISATION_SAMPLE = 500
CANDIDATES = 200


@dataclass(frozen=True)
class LikelyDuplicate:
    person: PersonMatch
    #: Why: "the same e-mail address", "the same name", "a near name at RTC Japan".
    reason: str

    def describe(self) -> str:
        where = f", {self.person.organisation_name}" if self.person.organisation_name else ""
        return f"{self.person.display_name}{where}: {self.reason}"


def _name(family: str, given: str) -> str:
    return " ".join(sorted(fold(f"{family} {given}").split()))


def likely_duplicates(
    session: Session,
    data: PersonData,
    exclude_id: int | None = None,
    limit: int = 5,
    by_email: bool = True,
) -> list[LikelyDuplicate]:
    """The people ``data`` (a record about to be saved) is likely to be, the
    strongest reason first. ``exclude_id``: the record itself, when editing;
    ``by_email`` False where the same address is refused anyway."""
    email = data.email.strip().casefold() if by_email else ""
    words = fold(f"{data.family_name} {data.given_name}")
    if not words.strip() and not email:
        return []
    conditions = []
    if email:
        conditions.append(func.lower(Person.email) == email)
    if words.strip():
        conditions.append(matches_words(words, [Person.search_text]))
    columns = (Person.id, Person.family_name, Person.given_name, Person.email)
    queries = [select(*columns).where(or_(*conditions)).limit(CANDIDATES)]
    if data.organisation_id is not None and data.family_name.strip():
        # Near names are looked for among the colleagues only.
        queries.append(
            select(*columns)
            .where(Person.organisation_id == data.organisation_id)
            .limit(ORGANISATION_SAMPLE)
        )
    name = _name(data.family_name, data.given_name)
    order = fold(f"{data.family_name} {data.given_name}").split()
    found: dict[int, tuple[int, str]] = {}
    rows = [row for query in queries for row in session.execute(query)]
    for person_id, family, given, other_email in rows:
        if person_id == exclude_id:
            continue
        reason = _reason(name, order, email, family, given, other_email, data.organisation_id)
        if reason is not None:
            found[person_id] = reason
    ranked = sorted(found.items(), key=lambda item: (item[1][0], item[0]))[:limit]
    people = people_matches(session, {pid for pid, _ in ranked})
    return [LikelyDuplicate(people[pid], why) for pid, (_rank, why) in ranked]


def _reason(
    name: str,
    order: list[str],
    email: str,
    family: str,
    given: str,
    other_email: str,
    organisation_id: int | None,
) -> tuple[int, str] | None:
    """(rank, reason) why a candidate is likely the same person, or None."""
    if email and other_email.strip().casefold() == email:
        return 0, "the same e-mail address"
    other = _name(family, given)
    if name and other == name:
        same_order = fold(f"{family} {given}").split() == order
        return 1, "the same name" if same_order else "the same name, in another order"
    if name and fuzz.token_sort_ratio(name, other) >= NEAR_NAME_SCORE and organisation_id:
        return 2, "a near name at the same organisation"
    return None


@dataclass(frozen=True)
class DuplicatePair:
    first: PersonMatch
    second: PersonMatch
    reason: str


def likely_duplicate_pairs(session: Session, limit: int = 200) -> list[DuplicatePair]:
    """Pairs of records likely of one person, the strongest reason first: the
    same e-mail address, the same name, the same name in the other order.
    Found by the database through its indexes on lowercased e-mails and
    names (case aside); three queries, whatever the number of people."""
    a, b = aliased(Person), aliased(Person)
    searches = [
        (
            "the same e-mail address",
            and_(a.email != "", func.lower(a.email) == func.lower(b.email)),
        ),
        (
            "the same name",
            and_(
                func.lower(a.family_name) == func.lower(b.family_name),
                func.lower(a.given_name) == func.lower(b.given_name),
            ),
        ),
        (
            "the same name, in another order",
            and_(
                a.given_name != "",
                func.lower(b.family_name) == func.lower(a.given_name),
                func.lower(b.given_name) == func.lower(a.family_name),
            ),
        ),
    ]
    reasons: dict[tuple[int, int], str] = {}
    for reason, condition in searches:
        stmt = (
            select(a.id, b.id)
            .join(b, and_(condition, a.id < b.id))
            .order_by(a.id, b.id)
            .limit(limit)
        )
        for pair in session.execute(stmt):
            reasons.setdefault((pair[0], pair[1]), reason)
    pairs = list(reasons.items())[:limit]
    people = people_matches(session, {i for pair, _ in pairs for i in pair})
    return [DuplicatePair(people[first], people[second], why) for (first, second), why in pairs]


def merge_differences(first: Person, second: Person) -> list[str]:
    """What says two records may be two people: their names, e-mail
    addresses or gender differ. Empty when nothing of that differs."""
    differences = []
    if _name(first.family_name, first.given_name) != _name(second.family_name, second.given_name):
        differences.append(f"the names differ: {display_name(first)} / {display_name(second)}")
    first_email, second_email = first.email.strip().casefold(), second.email.strip().casefold()
    if first_email and second_email and first_email != second_email:
        differences.append(f"the e-mail addresses differ: {first.email} / {second.email}")
    stated = {first.gender, second.gender} - {Gender.UNSPECIFIED}
    if len(stated) > 1:
        differences.append("the gender differs")
    return differences
