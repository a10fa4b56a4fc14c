"""Who each row of a registration list names: the people an import may match.

An import of 10,000 rows against 50,000 people on record must not ask the
database about every row (issue 14). The people the rows can name are
fetched before the first row is imported, in a few indexed queries:

- by e-mail: ``people.email_key`` (the address cleaned and case-folded,
  unique) for every address in the file, in chunks;
- by name, for the rows no address found: ``people.family_key`` (the folded
  family name) for every folded family name of those rows, and for every word
  of their given names too, so that a list with the two columns swapped still
  finds its people. These blocks are read as plain rows (a family name as
  common as NGUYỄN may bring thousands), and only the people a row names by
  name are loaded as records, together. A person whose family name was typed
  differently (a letter changed) is not found by name: that is the price of
  blocking by family name, and their address still finds them.

The people the import itself creates are added as it goes, so that a later
row of the same person matches them; a namesake with another address is two
people, and the later is offered the earlier as a near match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Organisation, Person
from rtcdesk.db.search_text import fold
from rtcdesk.typed_text import email_key
from rtcdesk.vocabulary import NameOrder

T = TypeVar("T")

#: A near name scores at least this (rapidfuzz's token sort ratio, 0-100).
MATCH_THRESHOLD = 85
#: Added to the score of a near name in the row's own organisation.
SAME_ORGANISATION_BONUS = 5
#: Bound parameters per query: far below every backend's limit.
CHUNK = 500
#: Candidates offered for one row, best first.
CANDIDATES_PER_ROW = 3


@dataclass(frozen=True)
class NamedPerson:
    """What a row says of a person, folded once."""

    family: str
    given: str
    email: str
    #: The row's organisation, if it is on record already.
    organisation_id: int | None

    @property
    def email_key(self) -> str | None:
        return email_key(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def blocks(self) -> list[str]:
        """The folded family names a person of this name may be filed under."""
        return list(dict.fromkeys(w for w in (self.family, *self.given.split()) if w))


def named(family: str, given: str, email: str, organisation_id: int | None) -> NamedPerson:
    return NamedPerson(fold(family), fold(given), email, organisation_id)


@dataclass
class KnownName:
    """A person on record as a block lists them: enough to match and name
    them, without loading the record (``NameParts`` for ``display_name``)."""

    id: int
    title: str
    given_name: str
    family_name: str
    name_order: NameOrder
    post_nominals: str
    email: str
    organisation_id: int | None
    folded_given: str
    folded_name: str


class PeopleOnRecord:
    """The people the rows of one import may name, fetched once, and the
    people the import creates, added as it goes."""

    def __init__(self, session: Session, rows: Iterable[NamedPerson]):
        self.session = session
        wanted = list(rows)
        self._by_email: dict[str, Person] = {}
        keys = sorted({k for k in (r.email_key for r in wanted) if k})
        for chunk in chunks(keys):
            for person in session.scalars(select(Person).where(Person.email_key.in_(chunk))):
                self._by_email[person.email_key or ""] = person
        by_name = [r for r in wanted if r.email_key not in self._by_email]
        self._blocks: dict[str, list[KnownName]] = {}
        for chunk in chunks(sorted({b for r in by_name for b in r.blocks})):
            for row in session.execute(_KNOWN.where(Person.family_key.in_(chunk))):
                given, family = row.given_name, row.family_name
                known = KnownName(*row[:-1], fold(given), fold(f"{given} {family}"))
                self._blocks.setdefault(row.family_key, []).append(known)
        #: The records of the people rows name by name, loaded together.
        ids = sorted({k.id for r in by_name if (k := self._same_name_known(r)) is not None})
        self._records: dict[int, Person] = {
            p.id: p
            for chunk in chunks(ids)
            for p in session.scalars(select(Person).where(Person.id.in_(chunk)))
        }
        #: People this import created, by folded family name.
        self._created: dict[str, list[Person]] = {}

    def add(self, person: Person) -> None:
        """A person this import created: later rows may name them too."""
        self.add_address(person)
        self._created.setdefault(fold(person.family_name), []).append(person)

    def add_address(self, person: Person) -> None:
        """A person whose address this import gave or filled in."""
        key = email_key(person.email)
        if key:
            self._by_email.setdefault(key, person)

    def person_ids(self) -> set[int]:
        """The ids of the people on record the rows name (by address or by name)."""
        found = [*self._by_email.values(), *self._records.values()]
        return {p.id for p in found if p.id is not None}

    def by_email(self, row: NamedPerson) -> Person | None:
        key = row.email_key
        return self._by_email.get(key) if key else None

    def holder_of(self, email: str) -> Person | None:
        """The person who has this address (on record or created by this import)."""
        key = email_key(email)
        return self._by_email.get(key) if key else None

    def same_name(self, row: NamedPerson) -> Person | None:
        """The person of the same name in the same organisation, unless both
        have e-mail addresses and they differ: namesakes in one administration
        are two people (a near match is then reported, not merged)."""
        for person in self._created.get(row.family, []):
            if _same(row, fold(person.given_name), person.organisation_id, person.email):
                return person
        known = self._same_name_known(row)
        return self._records.get(known.id) if known is not None else None

    def _same_name_known(self, row: NamedPerson) -> KnownName | None:
        for known in self._blocks.get(row.family, []):
            if _same(row, known.folded_given, known.organisation_id, known.email):
                return known
        return None

    def near(self, row: NamedPerson) -> list[tuple[float, KnownName | Person]]:
        """People whose name is close to the row's, with their scores, best
        first: on record, or created by an earlier row of this import."""
        found: list[tuple[float, int, KnownName | Person]] = []
        people: list[KnownName | Person] = []
        names: list[str] = []
        seen: set[int] = set()
        for block in row.blocks:
            for known in self._blocks.get(block, []):
                if known.id not in seen:
                    seen.add(known.id)
                    people.append(known)
                    names.append(known.folded_name)
            for created in self._created.get(block, []):
                people.append(created)
                names.append(fold(f"{created.given_name} {created.family_name}"))
        cutoff = MATCH_THRESHOLD - (SAME_ORGANISATION_BONUS if row.organisation_id else 0)
        scored = process.extract(
            row.full_name, names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None
        )
        for _name, score, index in scored:
            person = people[index]
            if row.organisation_id is not None and person.organisation_id == row.organisation_id:
                score = min(100.0, score + SAME_ORGANISATION_BONUS)
            if score >= MATCH_THRESHOLD:
                found.append((score, index, person))
        found.sort(key=lambda item: (-item[0], item[1]))
        return [(round(score, 1), person) for score, _, person in found[:CANDIDATES_PER_ROW]]

    def organisation_name(self, person: KnownName | Person) -> str | None:
        if person.organisation_id is None:
            return None
        organisation = self.session.get(Organisation, person.organisation_id)
        return organisation.name if organisation is not None else None


_KNOWN = select(
    Person.id,
    Person.title,
    Person.given_name,
    Person.family_name,
    Person.name_order,
    Person.post_nominals,
    Person.email,
    Person.organisation_id,
    Person.family_key,
).order_by(Person.id)


def _same(row: NamedPerson, folded_given: str, organisation_id: int | None, email: str) -> bool:
    address = row.email.casefold()
    return (
        folded_given == row.given
        and organisation_id == row.organisation_id
        and not (address and email and email.casefold() != address)
    )


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in slices of at most ``CHUNK``, for ``IN`` queries."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
