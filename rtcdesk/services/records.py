"""Fetching one record and guarding edits against stale copies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session, object_session

from rtcdesk.db.base import Base
from rtcdesk.errors import ConflictError, NotFoundError, StaleEditError
from rtcdesk.services.history import last_labels
from rtcdesk.services.history_labels import record_label

M = TypeVar("M", bound=Base)
D = TypeVar("D")


@dataclass(frozen=True)
class SavedRecord(Generic[D]):
    """A record as a ``save_…`` service stored it: its id, its new version
    and its data as cleaned and stored (plain data, no ORM object)."""

    id: int
    version: int
    data: D


class _Stored(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


S = TypeVar("S", bound=_Stored)


def save_record(
    session: Session,
    ident: int | None,
    data: D,
    expected_version: int | None,
    create: Callable[[Session, D], S],
    update: Callable[[Session, int, D, int | None], S],
    data_of: Callable[[S], D],
) -> SavedRecord[D]:
    """The one save of a record: ``create`` it (``ident`` None) or ``update``
    it from the version the editor loaded; what was stored, as plain data."""
    if ident is None:
        record = create(session, data)
    else:
        record = update(session, ident, data, expected_version)
    return SavedRecord(record.id, record.version, data_of(record))


def get_or_raise(session: Session, model: type[M], ident: int, what: str) -> M:
    """The record; gone, ``NotFoundError`` names it as the history last called it."""
    obj = session.get(model, ident)
    if obj is None:
        raise NotFoundError(what, ident, _last_label(session, model, ident))
    return obj


def no_longer_there(session: Session, model: type[Base], ident: int, what: str) -> str:
    """A field problem's words for a chosen record that is gone (deleted
    meanwhile): "'Japan Customs' is no longer on record", named as the
    history last called it, never by its id."""
    label = _last_label(session, model, ident)
    return (
        f"'{label}' is no longer on record"
        if label
        else f"the chosen {what} is no longer on record"
    )


def _last_label(session: Session, model: type[Base], ident: int) -> str:
    return last_labels(session, model.__tablename__, [ident]).get(ident, "")


def check_version(obj: Any, expected_version: int | None, what: str) -> None:
    """Refuse an edit made on a copy older than the stored row.

    ``expected_version`` is the version the coordinator's editor loaded; None
    means the caller has just read the row in this same transaction.
    """
    if expected_version is not None and obj.version != expected_version:
        session = object_session(obj)
        label = record_label(session, obj) if session is not None else ""
        raise StaleEditError(what, obj.id, label)


def apply_fields(obj: Any, values: dict[str, Any]) -> None:
    """Set only the attributes that change, so an unchanged save bumps no version."""
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def apply_order(rows: dict[int, Any], ordered_ids: list[int], what: str) -> None:
    """Set ``position`` 1..n in the order given; every row must be named once."""
    if sorted(ordered_ids) != sorted(rows):
        raise ConflictError(f"The {what} changed while you were reordering; reload the meeting.")
    for position, ident in enumerate(ordered_ids, start=1):
        if rows[ident].position != position:
            rows[ident].position = position
