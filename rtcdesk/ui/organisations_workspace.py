"""The organisations workspace: WCO bodies, RTCs, administrations and partners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from rtcdesk.services.organisations import OrganisationRow, list_organisations
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import OrganisationKind

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[OrganisationRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.name, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Short name"), lambda r: r.short_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(QT_TRANSLATE_NOOP("Columns", "Economy"), lambda r: r.economy),
    Column(QT_TRANSLATE_NOOP("Columns", "Sub-region"), lambda r: r.sub_region),
    Column(QT_TRANSLATE_NOOP("Columns", "Part of"), lambda r: r.parent_name or ""),
    Column(
        QT_TRANSLATE_NOOP("Columns", "People"),
        lambda r: str(r.people_count),
        sort_key=lambda r: r.people_count,
        numeric=True,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Meetings"),
        lambda r: str(r.meeting_count),
        sort_key=lambda r: r.meeting_count,
        numeric=True,
        descending_first=True,
    ),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrganisationsWorkspace", text)


def _search_text(row: OrganisationRow) -> str:
    return " ".join(p for p in (row.name, row.short_name, row.economy, row.sub_region) if p)


class OrganisationsWorkspace(ListWorkspace[OrganisationRow]):
    new_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New organisation"))
        empty = EmptyState(
            _tr("No organisations"),
            _tr("Add the organisations that take part in your meetings."),
            [new_button],
        )
        super().__init__(
            _tr("Organisations"), COLUMNS, _search_text, _tr("Name, economy or sub-region"),
            empty, self._load, parent,
        )  # fmt: skip
        self._database = database
        new_button.clicked.connect(self.new_requested)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_tr("All kinds"), None)
        for kind in OrganisationKind:
            self.kind_filter.addItem(enum_label(kind), kind)
        self.add_filter(
            _tr("&Kind:"),
            self.kind_filter,
            lambda r: self.kind_filter.currentData() in (None, r.kind),
        )
        self.kind_filter.currentIndexChanged.connect(self.apply_filters)
        self.add_button(_tr("New organisation"), self.new_requested.emit)
        self.add_button(_tr("Open"), self.open_current)

    def _load(self) -> list[OrganisationRow]:
        with self._database.read() as session:
            return list_organisations(session)
