"""The meetings workspace: every meeting, searchable and filterable by kind,
year and status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from rtcdesk.services.meetings import MeetingRow, list_meetings
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[MeetingRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Title"),
        lambda r: r.display_title,
        sort_key=lambda r: (r.title.casefold(), r.ordinal or 0),
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Start"),
        lambda r: format_date(r.start_date),
        sort_key=lambda r: r.start_date,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "End"),
        lambda r: format_date(r.end_date),
        sort_key=lambda r: r.end_date,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Host"),
        lambda r: r.host_label,
        tooltip=lambda r: r.host_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Place"),
        lambda r: r.place,
        tooltip=lambda r: ", ".join(p for p in (r.venue, r.place) if p) or None,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Mode"), lambda r: enum_label(r.mode)),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Participants"),
        lambda r: str(r.participant_count),
        sort_key=lambda r: r.participant_count,
        numeric=True,
        descending_first=True,
    ),
]
START_COLUMN = 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsWorkspace", text)


def _search_text(row: MeetingRow) -> str:
    return " ".join(
        p for p in (row.display_title, row.series, row.host_name, row.host_label, row.venue,
                    row.place) if p
    )  # fmt: skip


class MeetingsWorkspace(ListWorkspace[MeetingRow]):
    new_requested = Signal()
    new_from_earlier_requested = Signal()
    load_demo_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New meeting"))
        demo_button = QPushButton(_tr("&Load demo data"))
        empty = EmptyState(
            _tr("No meetings yet"),
            _tr(
                "This database holds no meetings. Record your first meeting, or load the "
                "demo data to look around with the RTC Heads Meetings already recorded."
            ),
            [new_button, demo_button],
        )
        super().__init__(
            _tr("Meetings"), COLUMNS, _search_text, _tr("Title, host or place"), empty, self._load,
            parent,
        )  # fmt: skip
        self._database = database
        self.empty_new_button, self.empty_demo_button = new_button, demo_button
        self.empty_new_button.clicked.connect(self.new_requested)
        self.empty_demo_button.clicked.connect(self.load_demo_requested)

        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for kind in MeetingKind:
            self.kind_filter.addItem(enum_label(kind), kind)
        self.year_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in MeetingStatus:
            self.status_filter.addItem(enum_label(status), status)
        self.add_filter(
            self.tr("&Kind:"),
            self.kind_filter,
            lambda r: self.kind_filter.currentData() in (None, r.kind),
        )
        self.add_filter(
            self.tr("&Year:"),
            self.year_filter,
            lambda r: self.year_filter.currentData() in (None, r.start_date.year),
        )
        self.add_filter(
            self.tr("S&tatus:"),
            self.status_filter,
            lambda r: self.status_filter.currentData() in (None, r.status),
        )
        for combo in (self.kind_filter, self.year_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.apply_filters)

        self.add_button(self.tr("New meeting"), self.new_requested.emit)
        self.add_button(
            self.tr("New from earlier…"),
            self.new_from_earlier_requested.emit,
            self.tr("Start the next meeting of a series from an earlier one"),
        )
        self.add_button(self.tr("Open"), self.open_current)
        self.table.sortByColumn(START_COLUMN, Qt.SortOrder.DescendingOrder)

    def _load(self) -> list[MeetingRow]:
        with self._database.read() as session:
            rows = list_meetings(session)
        self._fill_years(sorted({r.start_date.year for r in rows}, reverse=True))
        return rows

    def _fill_years(self, years: list[int]) -> None:
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("Any year"), None)
        for year in years:
            self.year_filter.addItem(str(year), year)
        found = self.year_filter.findData(chosen)
        self.year_filter.setCurrentIndex(max(found, 0))
        self.year_filter.blockSignals(False)
