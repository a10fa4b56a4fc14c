"""PostgreSQL's id counters (sequences) kept ahead of the rows.

A row inserted with an explicit id (a copy made with plain INSERTs, a data
import by another tool, ``pg_restore --data-only`` of an old dump) does not
move the table's sequence, and the next new record would then collide with
an existing id. SQLite has no such counter (it takes the largest id plus
one), so this is PostgreSQL only. Counters only ever move forward: ids of
deleted records are not handed out again, so the history keeps meaning one
record per id.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Integer, text

from rtcdesk.db.base import Base


@dataclass(frozen=True)
class LaggingSequence:
    table: str
    sequence: str
    last_value: int | None
    max_id: int


def _tables_with_serial_ids() -> list[str]:
    return sorted(
        table.name
        for table in Base.metadata.sorted_tables
        if "id" in table.c
        and table.c.id.primary_key
        and isinstance(table.c.id.type, Integer)
        and table.c.id.autoincrement in (True, "auto")
    )


def lagging_sequences(connection: Connection) -> list[LaggingSequence]:
    """The tables whose next new id would collide with a stored one (two queries)."""
    if connection.dialect.name != "postgresql":
        return []
    tables = _tables_with_serial_ids()
    if not tables:
        return []
    parts = [
        f"SELECT '{name}' AS table_name, pg_get_serial_sequence('{name}', 'id') AS seq, "
        f"(SELECT MAX(id) FROM {connection.dialect.identifier_preparer.quote(name)}) AS max_id"
        for name in tables
    ]
    rows = connection.execute(text(" UNION ALL ".join(parts))).all()
    last_values: dict[str, int | None] = dict(
        connection.execute(
            text(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
                "FROM pg_sequences"
            )
        ).all()
    )
    found = []
    for table_name, sequence, max_id in rows:
        if sequence is None or max_id is None:
            continue
        last = last_values.get(sequence)
        if last is None or last < max_id:
            found.append(LaggingSequence(table_name, sequence, last, max_id))
    return found


def realign_sequences(connection: Connection) -> list[LaggingSequence]:
    """Move every lagging counter to its table's largest id; returns what moved."""
    lagging = lagging_sequences(connection)
    for item in lagging:
        connection.execute(
            text("SELECT setval(:sequence, :max_id)"),
            {"sequence": item.sequence, "max_id": item.max_id},
        )
    return lagging
