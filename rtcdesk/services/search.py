"""Free-text search across columns, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, true

from rtcdesk.db.search_text import fold


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_words(text: str, columns: list[Any]) -> ColumnElement[bool]:
    """Every word of ``text`` occurs in at least one of the ``search_text``
    ``columns``, ignoring case and accents.

    "aoyama japan" finds Mr. AOYAMA of Japan Customs; "elodie" finds Élodie.
    """
    words = fold(text).split()
    if not words:
        return true()
    return and_(
        *(
            or_(*(column.like(f"%{_escape_like(word)}%", escape="\\") for column in columns))
            for word in words
        )
    )


def contains_folded(column: Any, folded_text: str) -> ColumnElement[bool]:
    """``column`` (a ``search_text``) contains ``folded_text`` literally."""
    return column.like(f"%{_escape_like(folded_text)}%", escape="\\")
