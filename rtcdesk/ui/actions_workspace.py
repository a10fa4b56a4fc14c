"""The action items workspace: who must do what, across all meetings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from rtcdesk.services.outcomes import OPEN_STATUSES, ActionRow, list_action_items
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import ActionStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[ActionRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda r: r.description, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Owner"), lambda r: r.owner),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Due"),
        lambda r: format_date(r.due_date),
        sort_key=lambda r: r.due_date.toordinal() if r.due_date else 0,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(QT_TRANSLATE_NOOP("Columns", "Meeting"), lambda r: r.meeting_title),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionsWorkspace", text)


class ActionsWorkspace(ListWorkspace[ActionRow]):
    def __init__(self, database: Database, parent: QWidget | None = None):
        empty = EmptyState(
            _tr("No action items"),
            _tr("Action items are recorded in each meeting, under Action items."),
        )
        super().__init__(
            _tr("Action items"), COLUMNS, lambda r: f"{r.description} {r.owner} {r.meeting_title}",
            _tr("Action, owner or meeting"), empty, self._load, parent,
        )  # fmt: skip
        self._database = database
        self.status_filter = QComboBox()
        self.status_filter.addItem(_tr("Open or in progress"), "open")
        self.status_filter.addItem(_tr("Any status"), None)
        for status in ActionStatus:
            self.status_filter.addItem(enum_label(status), status)
        self.add_filter(_tr("S&tatus:"), self.status_filter, self._status_accepts)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.apply_filters()

    def _status_accepts(self, row: ActionRow) -> bool:
        wanted = self.status_filter.currentData()
        if wanted == "open":
            return row.status in OPEN_STATUSES
        return wanted in (None, row.status)

    def _load(self) -> list[ActionRow]:
        with self._database.read() as session:
            return list_action_items(session)
