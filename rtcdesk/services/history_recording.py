"""Every flush of an ORM session writes history rows for the records it
created, changed or deleted, in the same transaction: a save that is rolled
back leaves no history behind.

Listening on the ``Session`` class covers every session rtcdesk opens (this
module is imported with ``rtcdesk.services``). The records followed are the
``Editable`` ones, i.e. everything a coordinator can edit.

- ``before_flush`` takes a copy of each record about to be deleted (its
  fields and label), while its row can still be read;
- ``after_flush`` sees the new records with their ids and the changed ones
  with their attribute history, and inserts the rows with one statement.
  A service may flush several times in one save: a record already recorded
  in the same transaction has its entry brought up to date instead, so that
  one save reads as one entry.

Deletes done by the database itself (ON DELETE CASCADE of rows the session
never loaded) are not seen; the record a coordinator deleted always is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, delete, event, insert, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import InstanceState, Mapper, Session, SessionTransaction, UOWTransaction

from rtcdesk.db.base import Editable, utcnow
from rtcdesk.db.models.history import SEARCH_TEXT_LENGTH, USER_NAME_LENGTH, HistoryEntry
from rtcdesk.db.numbering import numbering
from rtcdesk.db.search_text import fold
from rtcdesk.services.history import current_user
from rtcdesk.services.history_labels import FLUSHING_NEW, record_label, record_type
from rtcdesk.vocabulary import HistoryAction

#: Bookkeeping columns (and the keys kept from other fields): not news to a coordinator.
SKIPPED_FIELDS = frozenset(
    {"id", "version", "created_at", "updated_at", "search_text", "email_key", "family_key"}
)
_DELETED_KEY = "rtcdesk_history_deleted"
_WRITTEN_KEY = "rtcdesk_history_written"


@dataclass(frozen=True)
class _Snapshot:
    label: str
    values: dict[str, Any]


def json_value(value: Any) -> Any:
    """``value`` as JSON can hold it: dates and times in ISO form, enums as
    their stored value, tuples as lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def _column_fields(mapper: Mapper[Any]) -> list[str]:
    return [a.key for a in mapper.column_attrs if a.key not in SKIPPED_FIELDS]


def _link_fields(mapper: Mapper[Any]) -> list[str]:
    """Many-to-many collections (a meeting's co-organisers): part of the record."""
    return [r.key for r in mapper.relationships if r.secondary is not None]


def _ids(records: Any) -> list[Any]:
    """The ids of linked records in the list's order (co-organisers have one)."""
    return [sa_inspect(r).identity[0] for r in records if sa_inspect(r).identity]


def _values(state: InstanceState[Any], *, load: bool) -> dict[str, Any]:
    """Every field of the record; without ``load``, only what is in memory
    (the row may be gone)."""
    mapper = state.mapper
    obj = state.obj()
    values: dict[str, Any] = {}
    for key in _column_fields(mapper):
        if load or key in state.dict:
            values[key] = json_value(getattr(obj, key))
    for key in _link_fields(mapper):
        if load or key in state.dict:
            values[key] = _ids(getattr(obj, key))
    return values


def _changes(state: InstanceState[Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` of the fields this flush really changed."""
    changes: dict[str, list[Any]] = {}
    for key in _column_fields(state.mapper):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = json_value(history.deleted[0]) if history.deleted else None
        new = json_value(history.added[0]) if history.added else None
        if old != new:
            changes[key] = [old, new]
    for key in _link_fields(state.mapper):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = _ids([*history.unchanged, *history.deleted])
        new = _ids([*history.unchanged, *history.added])
        if old != new:
            changes[key] = [old, new]
    return changes


def _followed(obj: Any) -> bool:
    return isinstance(obj, Editable)


@event.listens_for(Session, "before_flush")
def _copy_deleted(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    copies: dict[InstanceState[Any], _Snapshot] = {}
    for obj in session.deleted:
        if _followed(obj):
            state = sa_inspect(obj)
            copies[state] = _Snapshot(record_label(session, obj), _values(state, load=True))
    session.info[_DELETED_KEY] = copies


@event.listens_for(Session, "after_flush")
def _record(session: Session, context: UOWTransaction) -> None:
    copies: dict[InstanceState[Any], _Snapshot] = session.info.pop(_DELETED_KEY, {})
    entries: list[_Entry] = []
    session.info[FLUSHING_NEW] = {
        (type(obj), sa_inspect(obj).dict.get("id")): obj for obj in session.new
    }
    try:
        _collect(session, context, copies, entries)
    finally:
        session.info.pop(FLUSHING_NEW, None)
    if entries:
        _write(session, entries)


def _collect(
    session: Session,
    context: UOWTransaction,
    copies: dict[InstanceState[Any], _Snapshot],
    entries: list[_Entry],
) -> None:
    """The entries of the records this flush created, changed or deleted."""
    for obj in session.new:
        if _followed(obj):
            state = sa_inspect(obj)
            entries.append(
                _Entry(
                    HistoryAction.CREATED,
                    record_type(obj),
                    _record_id(state),
                    record_label(session, obj),
                    _values(state, load=False),
                )
            )
    for obj in session.dirty:
        if _followed(obj) and obj not in session.deleted:
            state = sa_inspect(obj)
            changes = _changes(state)
            if changes:
                entries.append(
                    _Entry(
                        HistoryAction.CHANGED,
                        record_type(obj),
                        _record_id(state),
                        record_label(session, obj),
                        changes,
                    )
                )
    # Records removed from a delete-orphan collection are deleted by the flush
    # without passing through ``session.deleted``: the unit of work knows them.
    for state, (is_delete, list_only) in context.states.items():
        obj = state.obj()
        if not is_delete or list_only or obj is None or not _followed(obj):
            continue
        copy = copies.get(state)
        if copy is None:
            readable = not state.unloaded & set(_column_fields(state.mapper))
            copy = _Snapshot(
                record_label(session, obj) if readable else "", _values(state, load=False)
            )
        entries.append(
            _Entry(
                HistoryAction.DELETED, record_type(obj), _record_id(state), copy.label, copy.values
            )
        )


@dataclass
class _Entry:
    action: HistoryAction
    record_type: str
    record_id: int
    label: str
    changes: dict[str, Any]
    #: The history row, once written.
    id: int | None = None

    def merged_with(self, later: _Entry) -> _Entry:
        """This entry with a later change of the same record (same transaction)."""
        if self.action is HistoryAction.CREATED:
            values = {**self.changes, **{f: new for f, (_old, new) in later.changes.items()}}
            return replace(self, label=later.label, changes=values)
        changes = dict(self.changes)
        for field, (old, new) in later.changes.items():
            first = changes[field][0] if field in changes else old
            if first == new:
                changes.pop(field, None)
            else:
                changes[field] = [first, new]
        return replace(self, label=later.label, changes=changes)


def _search_text(label: str, user: str) -> str:
    """The label and user name folded for searching, cut to fit the column
    (folding can lengthen a text: "ﬃ" becomes "ffi")."""
    return fold(f"{label} {user}")[:SEARCH_TEXT_LENGTH]


def _record_id(state: InstanceState[Any]) -> int:
    """The record's id, without loading anything (a deleted row cannot be read)."""
    return int(state.identity[0] if state.identity else state.dict["id"])


def _written(session: Session) -> dict[tuple[str, int], _Entry]:
    """The entries written in the session's current transaction, by record."""
    written: dict[tuple[str, int], _Entry] = session.info.setdefault(_WRITTEN_KEY, {})
    return written


@event.listens_for(Session, "after_transaction_end")
def _forget_written(session: Session, transaction: SessionTransaction) -> None:
    # At the end of the transaction, and of a savepoint (its rows may have
    # been rolled back); not of the inner transaction each flush runs in.
    if transaction.parent is None or transaction.nested:
        session.info.pop(_WRITTEN_KEY, None)


def _write(session: Session, entries: list[_Entry]) -> None:
    """Insert the entries, or bring up to date the entry of a record created
    or changed earlier in the same transaction."""
    table = cast(Table, HistoryEntry.__table__)  # typed as any FROM clause
    connection = session.connection()
    written = _written(session)
    user = current_user()[:USER_NAME_LENGTH]
    new: list[_Entry] = []
    for entry in entries:
        key = (entry.record_type, entry.record_id)
        earlier = written.get(key)
        if (
            earlier is None
            or entry.action is not HistoryAction.CHANGED
            or earlier.action is HistoryAction.DELETED
        ):
            new.append(entry)
            continue
        merged = earlier.merged_with(entry)
        if merged.changes:
            done = connection.execute(
                update(table)
                .where(table.c.id == earlier.id)
                .values(
                    label=merged.label,
                    search_text=_search_text(merged.label, user),
                    changes=merged.changes,
                )
            )
            written[key] = merged
        else:  # changed back as it was: nothing happened
            done = connection.execute(delete(table).where(table.c.id == earlier.id))
            del written[key]
        if not done.rowcount:  # the earlier entry was forgotten meanwhile
            written.pop(key, None)
            new.append(entry)
    if not new:
        return
    at = utcnow()
    rows = [
        {
            "at": at,
            "user_name": user,
            "action": entry.action,
            "record_type": entry.record_type,
            "record_id": entry.record_id,
            "label": entry.label,
            "search_text": _search_text(entry.label, user),
            "changes": entry.changes,
        }
        for entry in new
    ]
    numbers = numbering(connection, table)
    if numbers is None:
        ids = list(
            connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
    else:  # SQLite: one statement for all the rows, not one per row
        ids = [next(numbers) for _ in rows]
        connection.execute(
            insert(table), [{**row, "id": ident} for row, ident in zip(rows, ids, strict=True)]
        )
    for entry, ident in zip(new, ids, strict=True):
        entry.id = ident
        written[(entry.record_type, entry.record_id)] = entry
