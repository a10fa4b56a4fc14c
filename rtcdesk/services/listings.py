"""The People workspace's list: every person as a plain row, in one query.

At 50,000 people the list is read on every visit, so nothing here builds an
ORM object: the query selects the columns the list shows, the participation
count, and the two keys the window needs already folded (by the ORM on every
save), the folded family name to sort by and the person's search text to
search in. The given names and organisation names are folded here, each
distinct one once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from rtcdesk.db.models import HistoryEntry, Organisation, Participation, Person
from rtcdesk.db.search_text import fold
from rtcdesk.services.names import NameKey, PlainName, display_name
from rtcdesk.services.people import PersonRow
from rtcdesk.vocabulary import Gender, NameOrder

#: Longer folded family names are cut in the database's key; they are folded again.
_FAMILY_KEY_LENGTH = 120
#: The enums by the values the database stores.
_NAME_ORDERS = {member.value: member for member in NameOrder}
_GENDERS = {member.value: member for member in Gender}


@dataclass(frozen=True)
class ListedPerson(PersonRow):
    """A person as the People list shows them, with their keys folded."""

    #: Folded: the person's names, title, post-nominals and e-mail, and their
    #: organisation's name; every word typed in the search must occur in it.
    search_text: str
    sort_name: NameKey

    @property
    def name_key(self) -> NameKey:
        return self.sort_name


def list_people_plain(session: Session) -> list[ListedPerson]:
    """Everyone on record with their organisation and participation count, in
    alphabetical order of family and given names (``names.name_key``)."""
    counts = (
        select(Participation.person_id, func.count().label("n"))
        .group_by(Participation.person_id)
        .subquery()
    )
    # The columns of ListedPerson in its order, then what the keys are made of.
    stmt = (
        select(
            Person.id, Person.title, Person.given_name, Person.family_name, Person.position,
            Person.organisation_id, Organisation.name, Person.email, Person.phone,
            type_coerce(Person.gender, String), func.coalesce(counts.c.n, 0), Person.version,
            Person.search_text, Person.family_key, type_coerce(Person.name_order, String),
            Person.post_nominals,
        )
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .outerjoin(counts, counts.c.person_id == Person.id)
    )  # fmt: skip
    folded: dict[str, str] = {}

    def once(text: str) -> str:
        found = folded.get(text)
        if found is None:
            found = folded[text] = fold(text)
        return found

    rows = []
    # Through the connection: plain tuples, no ORM row processing; the enums
    # come as their stored values and are looked up here.
    for result in session.connection().execute(stmt).all():
        row: tuple[Any, ...] = tuple(result)
        title, given, family, organisation = row[1], row[2], row[3], row[6]
        search_text, family_key, order, post_nominals = row[12:]
        name_order = _NAME_ORDERS[order]
        if len(family_key) >= _FAMILY_KEY_LENGTH or (not family_key and family):
            family_key = fold(family)
        name = PlainName(title, given, family, name_order, post_nominals)
        search = f"{search_text} {once(organisation)}" if organisation else search_text
        shown = (*row[1:9], _GENDERS[row[9]], *row[10:12])
        fields = (row[0], display_name(name), *shown, search, (family_key, once(given or "")))
        rows.append(ListedPerson(*fields))
    # Sorted here: the databases' lower() disagree on non-ASCII letters.
    rows.sort(key=lambda row: (*row.sort_name, row.id))
    return rows


def change_mark(session: Session) -> tuple[int | None, int]:
    """What changes whenever any record does: the last history entry and how
    many there are (every write records its history, erasing a person takes
    entries away). A list read at one mark holds what is there while the mark
    stays the same, so a workspace shown again need not read it again."""
    last, count = session.execute(select(func.max(HistoryEntry.id), func.count())).one()
    return last, count
