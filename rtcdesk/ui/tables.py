"""Table models for service rows (Vorta's ``archive_table_model.py`` pattern).

A table is declared as a list of ``Column`` specs over one row type (a frozen
dataclass from a service). ``RowTableModel`` holds the rows it is given and
never queries; ``RowFilterProxy`` searches and sorts them. Both are generic so
that every workspace and editor table behaves the same: sorting by raw values
(dates as dates, counts as numbers), the row object one role away, right
aligned numbers, full text in tooltips, and search that ignores case and
accents like the database search does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from rtcdesk.services.search import fold
from rtcdesk.vocabulary import LabelledEnum

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
#: Translation context of column titles (mark them with QT_TRANSLATE_NOOP).
COLUMNS_CONTEXT = "Columns"

SortRole = Qt.ItemDataRole.UserRole + 1
ObjectRole = Qt.ItemDataRole.UserRole + 2

_NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def format_date(value: date | None) -> str:
    """ "14 Nov 2023", month name in the user's locale; "" for no date."""
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def enum_label(member: LabelledEnum | None) -> str:
    """The label of ``member`` in the user's language; the enum class is the context."""
    if member is None:
        return ""
    return QCoreApplication.translate(type(member).__name__, member.label)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its title, the text shown, and the raw value it sorts by.

    ``sort_key`` defaults to the shown text, ignoring case and accents.
    """

    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    numeric: bool = False
    tooltip: Callable[[R], str | None] | None = None
    descending_first: bool = False
    stretch: bool = False
    #: Rows that need attention (an overdue action item) show this column in
    #: the theme's alert colour and bold.
    alert: Callable[[R], bool] | None = None

    def key(self, row: R) -> Any:
        return self.sort_key(row) if self.sort_key else fold(self.text(row))


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one type as a read-only table. Holds the rows it is given."""

    SortRole = SortRole
    ObjectRole = ObjectRole

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row and tell the attached views."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, number: int) -> R:
        return self._rows[number]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(COLUMNS_CONTEXT, column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return _NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return (
                Qt.SortOrder.DescendingOrder
                if column.descending_first
                else Qt.SortOrder.AscendingOrder
            )
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SortRole:
            return column.key(row)
        if role == ObjectRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return _NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else (column.text(row) or None)
        if column.alert is not None and role in _ALERT_ROLES and column.alert(row):
            return _alert_data(role)
        return None


_ALERT_ROLES = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)
#: A dark red that reads on the light backgrounds of the default themes.
ALERT_COLOUR = QColor("#b3261e")


def _alert_data(role: int) -> Any:
    if role == Qt.ItemDataRole.ForegroundRole:
        return ALERT_COLOUR
    font = QFont()
    font.setBold(True)
    return font


class RowFilterProxy(QSortFilterProxyModel, Generic[R]):
    """Keeps the rows whose search text holds every typed word (ignoring case
    and accents) and that pass an optional predicate; sorts by raw values."""

    def __init__(
        self, search_text: Callable[[R], str] | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._search_text = search_text
        self._words: list[str] = []
        self._predicate: Callable[[R], bool] | None = None
        self.setSortRole(SortRole)

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, predicate: Callable[[R], bool] | None) -> None:
        """Keep only rows for which ``predicate`` is true (the workspace filters)."""
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row_at(self, index: AnyIndex) -> R | None:
        """The row object behind a proxy index (None for an invalid index)."""
        return index.data(ObjectRole) if index.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        row = model.row(source_row)
        if self._predicate is not None and not self._predicate(row):
            return False
        if not self._words or self._search_text is None:
            return True
        haystack = fold(self._search_text(row))
        return all(word in haystack for word in self._words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        # PySide keeps dates and tuples as Python objects, which Qt cannot compare.
        a, b = left.data(SortRole), right.data(SortRole)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
