"""A folded copy of each searchable record's text, kept by the ORM.

Searching "elodie" should find "Élodie", "AOYAMA" should find "Aoyama", and
"陳" should find "陳 家明", the same on SQLite and PostgreSQL. Neither backend
folds accents out of the box (SQLite's lower() even ignores non-ASCII), so
each searchable table carries ``search_text``: its searchable columns joined,
case-folded and stripped of accents in Python on every insert and update.
Queries fold the typed words the same way (``fold``) and match with LIKE.
"""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from rtcdesk.typed_text import without_invisible


class _Marks(dict[int, int | None]):
    """``str.translate`` table: combining marks to nothing, every other
    character to itself, each character looked up once and remembered."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Case-folded, accents and invisible characters removed, white space collapsed.

    Lists of tens of thousands of names are folded when sorted and searched:
    ASCII text (most names) goes straight to the case folding, other text
    loses its marks through one cached translation table."""
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", without_invisible(text))
    return " ".join(decomposed.translate(_MARKS).casefold().split())


class Searchable:
    """Mixin: ``search_text`` is rebuilt from ``search_columns`` before every flush."""

    search_columns: ClassVar[tuple[str, ...]] = ()
    search_text: Mapped[str] = mapped_column(String(2000), default="", server_default="")

    def refresh_search_text(self) -> None:
        parts = (str(getattr(self, name) or "") for name in self.search_columns)
        self.search_text = fold(" ".join(parts))[:2000]


@event.listens_for(Searchable, "before_insert", propagate=True)
@event.listens_for(Searchable, "before_update", propagate=True)
def _refresh(_mapper: Mapper[Any], _connection: Any, target: Searchable) -> None:
    target.refresh_search_text()
