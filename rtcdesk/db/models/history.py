"""The history of changes: who created, changed or deleted which record, and when.

Rows are written by ``rtcdesk.services.history_recording`` in the transaction
of the change itself and never edited, so the model is not ``Editable``.
``record_id`` has no foreign key: the record may be gone, and its history is
how a deleted record is found again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtcdesk.db.base import Base, UTCDateTime, enum_column_type, utcnow
from rtcdesk.vocabulary import HistoryAction

#: Longest stored label; longer names are cut (the full values are in ``changes``).
LABEL_LENGTH = 300
USER_NAME_LENGTH = 200
SEARCH_TEXT_LENGTH = LABEL_LENGTH + 1 + USER_NAME_LENGTH


class HistoryEntry(Base):
    """One change of one record.

    ``changes`` holds ``{field: [old, new]}`` for a change, and every field's
    value for a creation or a deletion (so a deleted record can be read back),
    as JSON: dates and times in ISO form, enums as their stored values.
    ``search_text`` is the folded label and user name (see ``db.search_text``).
    """

    __tablename__ = "history_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(USER_NAME_LENGTH))
    action: Mapped[HistoryAction] = mapped_column(enum_column_type(HistoryAction))
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(LABEL_LENGTH), default="")
    search_text: Mapped[str] = mapped_column(String(SEARCH_TEXT_LENGTH), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_history_entries_record", "record_type", "record_id"),)

    def __repr__(self) -> str:
        return f"<HistoryEntry {self.id} {self.action.value} {self.record_type} {self.record_id}>"
