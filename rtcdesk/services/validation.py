"""Field checks shared by the services.

A ``Checker`` collects every problem of one record and raises them together,
so a coordinator sees all that is wrong at once. Lengths come from the
columns themselves, so the rule lives in one place and is checked before the
database (PostgreSQL refuses a long value; SQLite would silently keep it).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from rtcdesk.errors import FieldProblem, ValidationError
from rtcdesk.typed_text import clean_text

# Deliberately modest: one @, no spaces, a dot in the domain. Full RFC 5322
# validation refuses real addresses more often than it catches typos.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def max_length(column: InstrumentedAttribute[Any]) -> int | None:
    return getattr(column.property.columns[0].type, "length", None)


class Checker:
    def __init__(self, what: str):
        self.what = what
        self.problems: list[FieldProblem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(field, message))

    def text(
        self,
        field: str,
        value: str | None,
        column: InstrumentedAttribute[Any],
        *,
        required: bool = False,
    ) -> str:
        """The value as ``clean_text`` keeps it (case kept): a column with a
        length holds one line, a text column keeps its line breaks."""
        limit = max_length(column)
        cleaned = clean_text(value, multiline=limit is None)
        if required and not cleaned:
            self.problem(field, "is required")
        if limit is not None and len(cleaned) > limit:
            self.problem(field, f"is {len(cleaned)} characters long; at most {limit} fit")
        if any(ord(c) < 32 and c not in "\t\n\r" for c in cleaned):
            self.problem(field, "contains control characters")
        return cleaned

    def email(self, field: str, value: str | None, column: InstrumentedAttribute[Any]) -> str:
        cleaned = self.text(field, value, column)
        if cleaned and not EMAIL_PATTERN.match(cleaned):
            self.problem(field, f"'{cleaned}' is not an e-mail address")
        return cleaned

    def date_order(self, field: str, start: date | None, end: date | None, message: str) -> None:
        if start is not None and end is not None and end < start:
            self.problem(field, message)

    def positive(self, field: str, value: int | None) -> None:
        if value is not None and value <= 0:
            self.problem(field, "must be a positive number")

    def check(self) -> None:
        if self.problems:
            raise ValidationError(self.what, self.problems)
