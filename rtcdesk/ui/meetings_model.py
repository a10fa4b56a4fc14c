"""Qt table model exposing ``MeetingRow`` rows to the meetings ``QTableView``,
and the proxy that searches and sorts them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from rtcdesk.services.meetings import MeetingRow

if TYPE_CHECKING:
    from rtcdesk.vocabulary import LabelledEnum

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def format_date(value: date) -> str:
    """A date as coordinators write it: "14 Nov 2023" (month name in the user's locale)."""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def enum_label(member: LabelledEnum) -> str:
    """The label of ``member`` in the user's language; the enum class is the context."""
    return QCoreApplication.translate(type(member).__name__, member.label)


class MeetingsTableModel(QAbstractTableModel):
    """Meetings as a read-only table. Holds the rows it is given; never queries."""

    COL_TITLE = 0
    COL_KIND = 1
    COL_START = 2
    COL_END = 3
    COL_HOST = 4
    COL_PLACE = 5
    COL_MODE = 6
    COL_STATUS = 7
    COL_PARTICIPANTS = 8
    COLUMN_COUNT = 9

    #: Comparable raw values (dates as ``date``, counts as ``int``) for sorting.
    SortRole = Qt.ItemDataRole.UserRole + 1
    #: The ``MeetingRow`` behind a row; the proxy forwards it unchanged.
    ObjectRole = Qt.ItemDataRole.UserRole + 2
    #: The text the search box looks in: title, series, host, venue and place.
    SearchRole = Qt.ItemDataRole.UserRole + 3

    _NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[MeetingRow] = []

    def setRows(self, rows: list[MeetingRow]) -> None:
        """Replace every row and tell the attached views."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def _headers(self) -> tuple[str, ...]:
        return (
            self.tr("Title"),
            self.tr("Kind"),
            self.tr("Start"),
            self.tr("End"),
            self.tr("Host"),
            self.tr("Place"),
            self.tr("Mode"),
            self.tr("Status"),
            self.tr("Participants"),
        )

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == self.COL_PARTICIPANTS:
            return self._NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # Newest and biggest first, the way coordinators look for a meeting.
            if section in (self.COL_START, self.COL_END, self.COL_PARTICIPANTS):
                return Qt.SortOrder.DescendingOrder
            return Qt.SortOrder.AscendingOrder
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display_data(row, column)
        if role == self.SortRole:
            return self._sort_data(row, column)
        if role == self.ObjectRole:
            return row
        if role == self.SearchRole:
            return " ".join(
                part
                for part in (row.display_title, row.series, row.host_name, row.venue, row.place)
                if part
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PARTICIPANTS:
            return self._NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display_data(self, row: MeetingRow, column: int) -> str | None:
        if column == self.COL_TITLE:
            return row.display_title
        if column == self.COL_KIND:
            return enum_label(row.kind)
        if column == self.COL_START:
            return format_date(row.start_date)
        if column == self.COL_END:
            return format_date(row.end_date)
        if column == self.COL_HOST:
            return row.host_name or ""
        if column == self.COL_PLACE:
            return row.place
        if column == self.COL_MODE:
            return enum_label(row.mode)
        if column == self.COL_STATUS:
            return enum_label(row.status)
        if column == self.COL_PARTICIPANTS:
            return str(row.participant_count)
        return None

    def _tooltip(self, row: MeetingRow, column: int) -> str | None:
        """The full text of the columns that a narrow window cuts short."""
        if column == self.COL_TITLE:
            return row.display_title
        if column == self.COL_HOST:
            return row.host_name or None
        if column == self.COL_PLACE:
            return ", ".join(p for p in (row.venue, row.place) if p) or None
        return None

    def _sort_data(self, row: MeetingRow, column: int) -> Any:
        """A raw value of one type per column, so that any two compare."""
        if column == self.COL_TITLE:
            # The title, then the ordinal as a number: "3rd" before "21st".
            return (row.title.casefold(), row.ordinal or 0)
        if column == self.COL_START:
            return row.start_date
        if column == self.COL_END:
            return row.end_date
        if column == self.COL_PARTICIPANTS:
            return row.participant_count
        return (self._display_data(row, column) or "").casefold()


class MeetingsProxyModel(QSortFilterProxyModel):
    """Sorts by ``SortRole`` and keeps the rows whose search text holds every
    word typed, in any order and case."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(MeetingsTableModel.SortRole)
        self.setFilterRole(MeetingsTableModel.SearchRole)
        self.setFilterKeyColumn(MeetingsTableModel.COL_TITLE)

    def setSearchText(self, text: str) -> None:
        lookaheads = "".join(f"(?=.*{QRegularExpression.escape(word)})" for word in text.split())
        self.setFilterRegularExpression(
            QRegularExpression(
                f"^{lookaheads}" if lookaheads else "",
                QRegularExpression.PatternOption.CaseInsensitiveOption
                | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
            )
        )

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        # The raw values are Python objects (date, tuple), which Qt cannot compare.
        role = self.sortRole()
        return bool(left.data(role) < right.data(role))
