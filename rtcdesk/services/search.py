"""Free-text search across columns, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, true

from rtcdesk.db.functions import folded


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_words(text: str, columns: list[Any]) -> ColumnElement[bool]:
    """Every word of ``text`` occurs in at least one of ``columns``, ignoring case.

    "aoyama japan" finds Mr. AOYAMA of Japan Customs. Works for CJK and
    accented text (case folding is Unicode-aware on both backends).
    """
    words = text.split()
    if not words:
        return true()
    return and_(
        *(
            or_(
                *(
                    folded(column).like(f"%{_escape_like(word.lower())}%", escape="\\")
                    for column in columns
                )
            )
            for word in words
        )
    )
