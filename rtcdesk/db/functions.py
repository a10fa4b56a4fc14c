"""SQL functions that must behave the same on SQLite and PostgreSQL.

SQLite's built-in ``lower()`` folds ASCII letters only, so "ÉLODIE" would not
match "élodie". ``folded(x)`` renders as ``lower(x)`` on PostgreSQL (which
folds Unicode) and as ``rtc_lower(x)`` on SQLite, a Python function every
connection registers (see ``rtcdesk.db.engine``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

SQLITE_LOWER = "rtc_lower"


class folded(GenericFunction[str]):  # noqa: N801 - SQL functions are lower case
    type = String()
    name = "lower"
    inherit_cache = True


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"


def python_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()
