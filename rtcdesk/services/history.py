"""The history of changes: who created, changed or deleted which record, and when.

The rows are written as changes are flushed (``history_recording``); this
module names the person making them, reads the history back in plain terms
and forgets it for records whose data must go.

SQLite can give a new record the id of a deleted one (ids are not
AUTOINCREMENT), so the history of one record starts at its latest creation.
"""

from __future__ import annotations

import getpass
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import CursorResult, Date, DateTime, Enum, Time, delete, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from rtcdesk.db.models.history import USER_NAME_LENGTH, HistoryEntry
from rtcdesk.errors import NotFoundError
from rtcdesk.services.history_labels import RECORD_KINDS, live_labels, model_of, table_name
from rtcdesk.services.search import matches_words
from rtcdesk.vocabulary import HistoryAction

log = logging.getLogger(__name__)

#: How many entries a list of recent changes shows at most.
RECENT_LIMIT = 500

_user_name: str = ""


def login_name() -> str:
    """The name the operating system knows the user by ("" if it cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user entry and no LOGNAME/USER variable
        return ""


def set_user_name(name: str) -> None:
    """The name history entries carry from now on (a preference); blank for
    the login name."""
    global _user_name
    _user_name = " ".join(name.split())[:USER_NAME_LENGTH]


def current_user() -> str:
    """Who is making changes now: the configured name, else the login name."""
    return _user_name or login_name() or "unknown"


@dataclass(frozen=True)
class HistoryItem:
    """One entry of the history, without its field values."""

    id: int
    at: datetime
    user_name: str
    action: HistoryAction
    record_type: str
    record_id: int
    label: str

    @property
    def kind(self) -> str:
        """What the record is ("person", "meeting"), in English."""
        known = RECORD_KINDS.get(self.record_type)
        return known.name if known else self.record_type


_ITEM_COLUMNS = (
    HistoryEntry.id,
    HistoryEntry.at,
    HistoryEntry.user_name,
    HistoryEntry.action,
    HistoryEntry.record_type,
    HistoryEntry.record_id,
    HistoryEntry.label,
)
_NEWEST_FIRST = (HistoryEntry.at.desc(), HistoryEntry.id.desc())


def _items(session: Session, stmt: Any) -> list[HistoryItem]:
    return [HistoryItem(*row) for row in session.execute(stmt)]


def record_history(session: Session, record_type: str, record_id: int) -> list[HistoryItem]:
    """The changes of one record, newest first (from its latest creation on)."""
    of_record = (HistoryEntry.record_type == record_type, HistoryEntry.record_id == record_id)
    created = session.scalar(
        select(func.max(HistoryEntry.id)).where(
            *of_record, HistoryEntry.action == HistoryAction.CREATED
        )
    )
    stmt = select(*_ITEM_COLUMNS).where(*of_record).order_by(*_NEWEST_FIRST)
    if created is not None:
        stmt = stmt.where(HistoryEntry.id >= created)
    return _items(session, stmt)


def latest_entry(session: Session, record_type: str, record_id: int) -> HistoryItem | None:
    """The latest recorded change of a record (None if none is recorded): the
    last written, whatever the clocks of the computers that wrote them said."""
    stmt = (
        select(*_ITEM_COLUMNS)
        .where(HistoryEntry.record_type == record_type, HistoryEntry.record_id == record_id)
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
    return next(iter(_items(session, stmt)), None)


def last_changed_by(session: Session, record_type: str, record_id: int) -> str | None:
    """Who made the latest recorded change of a record (None if none is recorded)."""
    entry = latest_entry(session, record_type, record_id)
    return entry.user_name if entry is not None else None


def recent_history(
    session: Session,
    *,
    record_type: str | None = None,
    action: HistoryAction | None = None,
    text: str | None = None,
    limit: int = RECENT_LIMIT,
) -> list[HistoryItem]:
    """The latest ``limit`` entries, newest first, of one kind of record
    and one action if given, whose label or user name holds every word of
    ``text`` (ignoring case and accents)."""
    stmt = select(*_ITEM_COLUMNS).order_by(*_NEWEST_FIRST).limit(limit)
    if record_type is not None:
        stmt = stmt.where(HistoryEntry.record_type == record_type)
    if action is not None:
        stmt = stmt.where(HistoryEntry.action == action)
    if text:
        stmt = stmt.where(matches_words(text, [HistoryEntry.search_text]))
    return _items(session, stmt)


def deleted_records(
    session: Session,
    *,
    record_type: str | None = None,
    text: str | None = None,
    limit: int = RECENT_LIMIT,
) -> list[HistoryItem]:
    """The deletions, newest first: each holds the deleted record's last values."""
    return recent_history(
        session, record_type=record_type, action=HistoryAction.DELETED, text=text, limit=limit
    )


def forget(session: Session, record_type: str, record_ids: Iterable[int]) -> int:
    """Delete the history of these records (when the data about a person must
    go); returns how many entries were deleted."""
    ids = sorted(set(record_ids))
    if not ids:
        return 0
    deleted = delete(HistoryEntry).where(
        HistoryEntry.record_type == record_type, HistoryEntry.record_id.in_(ids)
    )
    result = cast(CursorResult[Any], session.execute(deleted))  # a DELETE's result has a rowcount
    log.info("forgot %d history entries of %d %s", result.rowcount, len(ids), record_type)
    return int(result.rowcount or 0)


# -- one entry in plain terms ---------------------------------------------------------

#: Field names that read better otherwise than their column name.
FIELD_LABELS = {
    "email": "E-mail",
    "post_nominals": "Post-nominals",
    "parent_id": "Part of",
    "host_organisation_id": "Host",
    "co_organisers": "Co-organisers",
    "head_person_id": "Head of delegation",
    "owner_organisation_id": "Owner (organisation)",
    "owner_person_id": "Owner (person)",
    "carried_from_id": "Carried over from",
    "value": "Answer",
    "scale_min": "Scale from",
    "scale_max": "Scale to",
    "scale_min_label": "Label of the lowest point",
    "scale_max_label": "Label of the highest point",
    "decimals": "Decimals allowed",
    "status_note": "Note on the status",
}


def field_label(field: str) -> str:
    """ "Family name" for ``family_name``, "Organisation" for ``organisation_id``."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.removesuffix("_id").replace("_", " ")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its values before and after, as Python values
    (enum members, dates; other records by their label). A created record
    has no ``old``, a deleted one no ``new``."""

    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryDetails:
    item: HistoryItem
    changes: list[FieldChange]


@dataclass(frozen=True)
class _Reference:
    table: str


def _field_types(record_type: str) -> dict[str, Any]:
    """How each field's stored value is read back: a column type, or the
    table that an id (or a list of ids) refers to."""
    model = model_of(record_type)
    if model is None:
        return {}
    mapper = sa_inspect(model)
    types: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        foreign = next(iter(column.foreign_keys), None)
        types[attr.key] = _Reference(foreign.column.table.name) if foreign else column.type
    for relationship in mapper.relationships:
        if relationship.secondary is not None:
            types[relationship.key] = _Reference(table_name(relationship.mapper))
    return types


def _typed(kind: Any, value: Any) -> Any:
    """A stored JSON value as the Python value of its column."""
    if value is None or isinstance(kind, _Reference):
        return value
    try:
        if isinstance(kind, Enum) and kind.enum_class is not None:
            return kind.enum_class(value)
        if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
            return datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Time):
            return time.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def last_labels(session: Session, table: str, ids: Iterable[int]) -> dict[int, str]:
    """What the history last called these records of ``table`` (deleted ones
    too); records it never followed are left out."""
    latest = (
        select(HistoryEntry.record_id, func.max(HistoryEntry.id).label("last"))
        .where(HistoryEntry.record_type == table, HistoryEntry.record_id.in_(sorted(set(ids))))
        .group_by(HistoryEntry.record_id)
        .subquery()
    )
    return dict(
        session.execute(
            select(HistoryEntry.record_id, HistoryEntry.label).join(
                latest, HistoryEntry.id == latest.c.last
            )
        ).all()
    )


def _labels_of(session: Session, wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """Labels of referenced records: as they are now, or for a deleted one
    as the history last named it, else its kind and id."""
    found: dict[tuple[str, int], str] = {}
    for table, ids in wanted.items():
        live = live_labels(session, table, ids)
        missing = ids - set(live)
        if missing:
            live.update(last_labels(session, table, missing))
        kind = RECORD_KINDS.get(table)
        for ident in ids:
            found[(table, ident)] = live.get(ident) or f"{kind.name if kind else table} {ident}"
    return found


def history_details(session: Session, entry_id: int) -> HistoryDetails:
    """One entry with its fields in the record's order, empty ones of a
    created or deleted record left out."""
    entry = session.get(HistoryEntry, entry_id)
    if entry is None:
        raise NotFoundError("history entry", entry_id)
    item = HistoryItem(*(getattr(entry, c.key) for c in _ITEM_COLUMNS))
    types = _field_types(entry.record_type)
    pairs: dict[str, tuple[Any, Any]] = {}
    for field, stored in (entry.changes or {}).items():
        if entry.action is HistoryAction.CHANGED:
            old, new = stored
        elif entry.action is HistoryAction.CREATED:
            old, new = None, stored
        else:
            old, new = stored, None
        if entry.action is not HistoryAction.CHANGED and _empty(old) and _empty(new):
            continue
        pairs[field] = (old, new)

    wanted: dict[str, set[int]] = defaultdict(set)
    for field, values in pairs.items():
        kind = types.get(field)
        if isinstance(kind, _Reference):
            for value in values:
                ids = value if isinstance(value, list) else [value]
                wanted[kind.table].update(i for i in ids if i is not None)
    labels = _labels_of(session, wanted)

    def shown(field: str, value: Any) -> Any:
        kind = types.get(field)
        if isinstance(kind, _Reference) and value is not None:
            if isinstance(value, list):
                return [labels[(kind.table, v)] for v in value]
            return labels[(kind.table, value)]
        return _typed(kind, value)

    order = {field: n for n, field in enumerate(types)}
    changes = [
        FieldChange(field, field_label(field), shown(field, old), shown(field, new))
        for field, (old, new) in sorted(
            pairs.items(), key=lambda pair: order.get(pair[0], len(order))
        )
    ]
    return HistoryDetails(item, changes)
