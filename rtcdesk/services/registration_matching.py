"""Who each row of a registration list names: the people an import may match.

An import of 10,000 rows against 50,000 people on record must not ask the
database about every row (issue 14). The people the rows can name are
fetched once, in a few indexed queries, before the first row is imported:

- by e-mail: ``people.email_key`` (the address cleaned and case-folded,
  unique) for every address in the file, in chunks;
- by name: ``people.family_key`` (the folded family name) for every folded
  family name in the file, and for every word of the given names too, so that
  a list with the two columns swapped still finds its people. A person whose
  family name was typed differently (a letter changed) is not found by name:
  that is the price of blocking by family name, and their e-mail address
  still finds them.

The people the import itself creates are added as it goes, so that a later
row of the same person matches them. A namesake with another address is
two people, and the later is offered the earlier as a near match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Organisation, Person
from rtcdesk.db.search_text import fold
from rtcdesk.typed_text import email_key

T = TypeVar("T")

#: A near name scores at least this (rapidfuzz's token sort ratio, 0-100).
MATCH_THRESHOLD = 85
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
    organisation_id: int | None

    @property
    def email_key(self) -> str | None:
        return email_key(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}".strip()


def named(family: str, given: str, email: str, organisation_id: int | None) -> NamedPerson:
    return NamedPerson(fold(family), fold(given), email, organisation_id)


class PeopleOnRecord:
    """The people the rows of one import may name, fetched once, and the
    people the import creates, added as it goes."""

    def __init__(self, session: Session, rows: Iterable[NamedPerson]):
        self.session = session
        wanted = list(rows)
        self._by_email: dict[str, Person] = {}
        self._by_family: dict[str, list[Person]] = {}
        self._folded: dict[int, str] = {}
        keys = sorted({k for k in (r.email_key for r in wanted) if k})
        for chunk in chunks(keys):
            for person in session.scalars(select(Person).where(Person.email_key.in_(chunk))):
                self._by_email[person.email_key or ""] = person
        families = sorted({w for r in wanted for w in (r.family, *r.given.split()) if w})
        for chunk in chunks(families):
            stmt = select(Person).where(Person.family_key.in_(chunk)).order_by(Person.id)
            for person in session.scalars(stmt):
                self._by_family.setdefault(person.family_key, []).append(person)

    def add(self, person: Person) -> None:
        """A person this import created: later rows may name them too."""
        key = email_key(person.email)
        if key:
            self._by_email.setdefault(key, person)
        self._by_family.setdefault(fold(person.family_name), []).append(person)

    def add_address(self, person: Person) -> None:
        """A person on record whose empty address this import filled in."""
        key = email_key(person.email)
        if key:
            self._by_email.setdefault(key, person)

    def person_ids(self) -> set[int]:
        """The ids of the people on record the rows may name."""
        found = [*self._by_email.values(), *(p for b in self._by_family.values() for p in b)]
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
        address = row.email.casefold()
        for person in self._by_family.get(row.family, []):
            if (
                fold(person.given_name) == row.given
                and person.organisation_id == row.organisation_id
                and not (address and person.email and person.email.casefold() != address)
            ):
                return person
        return None

    def near(self, row: NamedPerson) -> list[tuple[float, Person]]:
        """People whose name is close to the row's, with their scores, best
        first: on record, or created by an earlier row of this import (a
        namesake with another address: their id comes with the flush)."""
        wanted = row.full_name
        found: list[tuple[float, int, Person]] = []
        seen: set[int] = set()
        for person in self._blocks(row):
            if id(person) in seen:
                continue
            seen.add(id(person))
            score = fuzz.token_sort_ratio(wanted, self._folded_name(person))
            if row.organisation_id is not None and person.organisation_id == row.organisation_id:
                score = min(100.0, score + 5)
            if score >= MATCH_THRESHOLD:
                found.append((score, len(found), person))
        found.sort(key=lambda found: (-found[0], found[1]))
        return [(round(score, 1), person) for score, _, person in found[:CANDIDATES_PER_ROW]]

    def organisation_name(self, person: Person) -> str | None:
        if person.organisation_id is None:
            return None
        organisation = self.session.get(Organisation, person.organisation_id)
        return organisation.name if organisation is not None else None

    def _blocks(self, row: NamedPerson) -> Iterator[Person]:
        for word in (row.family, *row.given.split()):
            yield from self._by_family.get(word, [])

    def _folded_name(self, person: Person) -> str:
        folded = self._folded.get(id(person))
        if folded is None:
            folded = fold(f"{person.given_name} {person.family_name}")
            self._folded[id(person)] = folded
        return folded


def chunks(values: list[T]) -> Iterator[list[T]]:
    """``values`` in lists of at most ``CHUNK``, for ``IN`` queries."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
