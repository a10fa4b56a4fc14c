"""How people and meetings are written for people to read.

Regional documents write family names in capitals, family name first for
East Asian names ("Mr. AOYAMA Shigetoshi") and given name first otherwise
("Mr. Michael OUTRAM APM"). Storage keeps the case a person typed; the capitals
are applied here, only when showing or exporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from rtcdesk.db.search_text import fold
from rtcdesk.vocabulary import NameOrder


class NameParts(Protocol):
    title: str
    given_name: str
    family_name: str
    name_order: NameOrder
    post_nominals: str


@dataclass(slots=True)
class PlainName:
    """The parts of a name read as plain columns (no ORM object), for
    ``display_name`` in lists of thousands."""

    title: str
    given_name: str
    family_name: str
    name_order: NameOrder
    post_nominals: str


def display_name(person: NameParts, *, with_title: bool = True) -> str:
    """The display form: title, the names in the person's order with the
    family name in capitals, then post-nominals."""
    family = (person.family_name or "").strip().upper()
    given = (person.given_name or "").strip()
    if person.name_order is NameOrder.FAMILY_FIRST:
        names = [family, given]
    else:
        names = [given, family]
    parts = [person.title.strip() if with_title and person.title else "", *names]
    parts.append((person.post_nominals or "").strip())
    return " ".join(p for p in parts if p)


class FamilyAndGivenName(Protocol):
    @property
    def family_name(self) -> str: ...

    @property
    def given_name(self) -> str: ...


#: How people sort: see ``name_key``.
NameKey = tuple[str, str]


def name_key(person: FamilyAndGivenName) -> NameKey:
    """Alphabetical order of people: by family name, then given name, whatever
    the title or the order the names are shown in ("Dr. KANG" with the Ks),
    ignoring case and accents ("Élodie" with "Elodie"), in any script.

    The databases cannot give this order (SQLite's lower() folds ASCII only),
    so lists of people are sorted with it in Python."""
    return (fold(person.family_name or ""), fold(person.given_name or ""))


def ordinal(number: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th."""
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def meeting_title(title: str, ordinal_number: int | None) -> str:
    """ "21st RTC Heads Meeting" from the stored title and ordinal."""
    if ordinal_number is None:
        return title
    return f"{ordinal(ordinal_number)} {title}"


def day_month_year(day: date) -> str:
    """ "14 Nov 2023" (no leading zero, English month, independent of the locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_span(start: date, end: date) -> str:
    """ "14-16 Nov 2023", "30 Oct - 2 Nov 2023", "15 Oct 2020"."""
    if start == end:
        return day_month_year(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{day_month_year(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} - {day_month_year(end)}"
    return f"{day_month_year(start)} - {day_month_year(end)}"


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
