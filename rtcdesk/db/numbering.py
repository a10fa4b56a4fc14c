"""Ids for many new rows at once, where the database cannot hand them out in bulk.

SQLite cannot say which id each row of a multi-row ``INSERT … RETURNING``
got, so SQLAlchemy inserts rows one statement at a time there whenever it
needs their ids (the ORM always does): 10,000 new people were 10,000
statements. A writer that creates many rows numbers them itself instead,
with SQLite's own rule (the largest id plus one), and the rows then go in
by batches. Inside a write transaction no one else can insert meanwhile;
and should an id be taken after all, the primary key refuses the insert
loudly, never overwriting a row. PostgreSQL numbers rows in bulk from its
sequences: there, nothing is numbered here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from sqlalchemy import Connection, Table, func, select


def numbering(connection: Connection, table: Table) -> Iterator[int] | None:
    """The next ids of ``table`` on SQLite, one after another; None elsewhere
    (let the database number the rows)."""
    if connection.dialect.name != "sqlite":
        return None
    top = connection.scalar(select(func.max(table.c.id))) or 0
    return count(top + 1)
