"""The fields a registration list can fill, the header names they go by, and
how a row's cells become field values.

Registration lists come from a dozen administrations, each in its own
layout; this module knows the usual names of their columns and the usual
spellings of their values ("Surname", "M", "Online", "14/11/2023").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rtcdesk.db.search_text import fold
from rtcdesk.vocabulary import AttendanceMode, Gender, ParticipantRole, ParticipationStatus


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    synonyms: tuple[str, ...]


FIELDS: dict[str, ImportField] = {
    f.key: f
    for f in [
        ImportField("title", "Title", ("title", "salutation", "honorific", "mr ms", "prefix")),
        ImportField(
            "given_name",
            "Given name",
            ("given name", "given names", "first name", "firstname", "forename", "other names"),
        ),
        ImportField(
            "family_name",
            "Family name",
            ("family name", "surname", "last name", "lastname", "family"),
        ),
        ImportField(
            "email",
            "E-mail",
            ("e mail", "email", "email address", "e mail address", "mail", "email id"),
        ),
        ImportField(
            "position",
            "Position",
            ("position", "designation", "job title", "title position", "post", "rank", "function"),
        ),
        ImportField(
            "organisation",
            "Organisation",
            (
                "organisation",
                "organization",
                "administration",
                "agency",
                "department",
                "customs administration",
                "institution",
                "office",
                "delegation",
                "name of administration",
                "name of organisation",
                "name of organization",
                "administration name",
                "organisation name",
                "organization name",
            ),
        ),
        ImportField("economy", "Economy", ("country", "economy", "member", "member economy")),
        ImportField(
            "phone",
            "Phone",
            ("phone", "telephone", "tel", "mobile", "phone number", "contact number"),
        ),
        ImportField("gender", "Gender", ("gender", "sex")),
        ImportField(
            "attendance",
            "Attendance",
            ("mode", "attendance", "participation mode", "attendance mode", "in person virtual"),
        ),
        ImportField("role", "Role", ("role", "capacity", "participant type")),
        ImportField("status", "Status", ("status", "registration status")),
        ImportField("post_nominals", "Post-nominals", ("post nominals", "honours", "suffix")),
        ImportField(
            "arrival_date", "Arrival", ("arrival", "arrival date", "date of arrival", "arriving")
        ),
        ImportField(
            "departure_date",
            "Departure",
            ("departure", "departure date", "date of departure", "departing"),
        ),
        ImportField("notes", "Notes", ("notes", "remarks", "comments", "special requests")),
    ]
}


def header_key(text: Any) -> str:
    """A header cell reduced for comparison: folded, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(str(text or ""))).split())


_SYNONYMS = {syn: f.key for f in FIELDS.values() for syn in f.synonyms}


def field_for_header(text: Any) -> str | None:
    """The field a header names ("Surname" -> family_name), or None."""
    key = header_key(text)
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    # "Family name (in capitals)", "E-mail address *": the longest synonym at the start.
    for synonym in sorted(_SYNONYMS, key=len, reverse=True):
        if key.startswith(synonym + " "):
            return _SYNONYMS[synonym]
    return None


# -- values ------------------------------------------------------------------------

_GENDER = {"m": Gender.MALE, "male": Gender.MALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
_ATTENDANCE = {
    "online": AttendanceMode.VIRTUAL,
    "remote": AttendanceMode.VIRTUAL,
    "zoom": AttendanceMode.VIRTUAL,
    "physical": AttendanceMode.IN_PERSON,
    "onsite": AttendanceMode.IN_PERSON,
    "on site": AttendanceMode.IN_PERSON,
    "face to face": AttendanceMode.IN_PERSON,
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y",
                 "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d")  # fmt: skip


def as_text(value: Any) -> str:
    """A cell as text, trimmed; case and inner spacing kept, numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def as_date(value: Any) -> date | None:
    """A date cell, or a text date in a common form; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (write it as 2023-11-14 or 14/11/2023)")


def as_gender(text: str) -> Gender:
    return _GENDER.get(header_key(text)) or _labelled(Gender, text)


def as_attendance(text: str) -> AttendanceMode:
    return _ATTENDANCE.get(header_key(text)) or _labelled(AttendanceMode, text)


def as_role(text: str) -> ParticipantRole:
    return {
        "head": ParticipantRole.HEAD_OF_DELEGATION,
        "hod": ParticipantRole.HEAD_OF_DELEGATION,
    }.get(header_key(text)) or _labelled(ParticipantRole, text)


def as_status(text: str) -> ParticipationStatus:
    return _labelled(ParticipationStatus, text)


def _labelled(enum: Any, text: str) -> Any:
    try:
        return enum.from_text(text)
    except ValueError:
        known = ", ".join(m.label for m in enum)
        raise ValueError(f"'{text}' is not one of: {known}") from None
