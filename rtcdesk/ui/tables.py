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
from itertools import compress, repeat
from operator import contains
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
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
        return self.cell(index.row(), index.column(), role)

    def cell(self, number: int, column_number: int, role: int) -> Any:
        """What ``data`` gives for row ``number``, column ``column_number``
        (a proxy asks here without making an index)."""
        row = self._rows[number]
        column = self.columns[column_number]
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


class RowFilterProxy(QAbstractProxyModel, Generic[R]):
    """Keeps the rows whose search text holds every typed word (ignoring case
    and accents) and that pass an optional predicate; sorts by raw values.

    Searching and sorting are done here in Python over caches built once per
    change of the rows, not per row through Qt (``QSortFilterProxyModel``
    calls back into Python for every row and every comparison, and tells the
    views about each run of rows that came or went: a keystroke on 50,000
    people took half a second). Each row's folded search text and each
    column's sort keys are computed when first needed; a keystroke then
    narrows a list of row numbers and the views hear of one layout change,
    which keeps the selection on the rows still shown. With ``folded=True``
    the search text is folded already (the database's ``search_text``).
    """

    def __init__(
        self,
        search_text: Callable[[R], str] | None = None,
        parent: QObject | None = None,
        *,
        folded: bool = False,
    ):
        super().__init__(parent)
        self._search_text = search_text
        self._folded = folded
        self._words: list[str] = []
        self._predicate: Callable[[R], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._source: RowTableModel[R] | None = None
        #: The source's ``data`` is RowTableModel's own: cells are read without an index.
        self._plain_source = False
        self._texts: list[str] | None = None
        #: The search texts of the passing rows, in their order.
        self._passing_texts: list[str] | None = None
        #: The rows found for the words typed lately (typing on, or taking back).
        self._found: dict[tuple[str, ...], list[int]] = {}
        self._keys: dict[int, list[Any]] = {}
        #: Every source row in the sort order, then those the predicate passes.
        self._ranked: list[int] | None = None
        self._passing: list[int] | None = None
        #: The source rows shown, in order.
        self._order: list[int] = []

    # -- what the owner sets -----------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel | None) -> None:
        assert model is None or isinstance(model, RowTableModel)
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._source_connections():
                signal.disconnect(slot)
        super().setSourceModel(model)  # type: ignore[arg-type]  # None: no source (Qt allows it)
        self._source = model
        self._plain_source = model is not None and type(model).data is RowTableModel.data
        if model is not None:
            for signal, slot in self._source_connections():
                signal.connect(slot)
        self._forget_rows()
        self._order = self._shown()
        self.endResetModel()

    def set_search_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        self._words = words
        self._relayout(self._shown)

    def set_predicate(self, predicate: Callable[[R], bool] | None) -> None:
        """Keep only rows for which ``predicate`` is true (the workspace filters)."""
        self._predicate = predicate
        self._forget_passing()
        self._relayout(self._shown)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``'s raw values (-1: the source's own order)."""
        self._sort_column, self._sort_order = column, order
        self._ranked = None
        self._forget_passing()
        self._relayout(self._shown)

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    # -- what the owner reads ----------------------------------------------------------

    def row_at(self, index: AnyIndex) -> R | None:
        """The row object behind a proxy index (None for an invalid index)."""
        if not index.isValid():
            return None
        if index.model() is self and self._source is not None:
            return self._source.row(self._order[index.row()])
        return index.data(ObjectRole)

    def shown_rows(self) -> list[R]:
        """The rows shown, in the order shown."""
        if self._source is None:
            return []
        rows = self._source.rows()
        return [rows[number] for number in self._order]

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        """Whether the source cell ``left`` sorts before ``right`` (their sort role)."""
        a, b = _sortable(left.data(SortRole)), _sortable(right.data(SortRole))
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    # -- the proxy model -------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._order)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: AnyIndex | None = None) -> Any:
        if child is None:  # QObject.parent()
            return QObject.parent(self)
        return QModelIndex()

    def sibling(self, row: int, column: int, index: AnyIndex) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: AnyIndex = _ROOT) -> bool:
        return not parent.isValid() and bool(self._order)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid() or self._source is None:
            return 0
        return self._source.columnCount()

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        if self._source is None or not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._order[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        try:
            row = self._order.index(source_index.row())
        except ValueError:
            return QModelIndex()
        return self.createIndex(row, source_index.column())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid() or index.row() >= len(self._order):
            return None
        number = self._order[index.row()]
        if self._plain_source:
            return source.cell(number, index.column(), role)
        return source.data(source.index(number, index.column()), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return None if self._source is None else self._source.headerData(section, orientation, role)

    # -- how --------------------------------------------------------------------------

    def _source_connections(self) -> list[tuple[Any, Callable[..., None]]]:
        source = self._source
        assert source is not None
        begin, end = self._source_changing, self._source_changed
        return [
            (source.modelAboutToBeReset, begin), (source.modelReset, end),
            (source.rowsAboutToBeInserted, begin), (source.rowsInserted, end),
            (source.rowsAboutToBeRemoved, begin), (source.rowsRemoved, end),
            (source.rowsAboutToBeMoved, begin), (source.rowsMoved, end),
            (source.layoutAboutToBeChanged, begin), (source.layoutChanged, end),
            (source.columnsAboutToBeInserted, begin), (source.columnsInserted, end),
            (source.columnsAboutToBeRemoved, begin), (source.columnsRemoved, end),
            (source.dataChanged, self._source_data_changed),
            (source.headerDataChanged, self.headerDataChanged.emit),
        ]  # fmt: skip

    def _source_changing(self, *_args: object) -> None:
        self.beginResetModel()

    def _source_changed(self, *_args: object) -> None:
        self._forget_rows()
        self._order = self._shown()
        self.endResetModel()

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        # The rows stay where they are: a tick or an edit does not re-sort the table.
        self._texts = self._passing_texts = None
        self._found.clear()
        self._keys.clear()
        for number in range(top_left.row(), bottom_right.row() + 1):
            first = self.mapFromSource(self._source.index(number, top_left.column()))  # type: ignore[union-attr]
            if first.isValid():
                last = self.index(first.row(), bottom_right.column())
                self.dataChanged.emit(first, last, list(roles))

    def _forget_rows(self) -> None:
        self._texts = None
        self._keys.clear()
        self._ranked = None
        self._forget_passing()

    def _forget_passing(self) -> None:
        self._passing = self._passing_texts = None
        self._found.clear()

    def _relayout(self, shown: Callable[[], list[int]]) -> None:
        """Show the rows ``shown`` gives, moving the persistent indexes (the
        selection, the current row) with their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = [i for i in self.persistentIndexList() if i.isValid()]
        held = [(self._order[i.row()], i.column()) for i in persistent]
        self._order = shown()
        places = {row: number for number, row in enumerate(self._order)} if len(held) > 8 else None
        moved = []
        for row, column in held:
            number = places.get(row) if places is not None else _position(self._order, row)
            moved.append(QModelIndex() if number is None else self.createIndex(number, column))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _shown(self) -> list[int]:
        passing = self._passing_rows()
        words = tuple(self._words)
        if not words or self._search_text is None:
            return passing
        found = self._found.get(words)
        if found is None:
            if len(self._found) > 16:
                self._found.clear()
            found = self._found[words] = self._search(words)
        return found

    def _passing_rows(self) -> list[int]:
        if self._passing is None:
            ranked = self._ranked_rows()
            if self._predicate is None or self._source is None:
                self._passing = ranked
            else:
                rows, keep = self._source.rows(), self._predicate
                self._passing = [number for number in ranked if keep(rows[number])]
        return self._passing

    def _ranked_rows(self) -> list[int]:
        if self._ranked is None:
            count = 0 if self._source is None else self._source.rowCount()
            numbers = range(count)
            if 0 <= self._sort_column < self.columnCount():
                keys = self._sort_keys(self._sort_column)
                descending = self._sort_order == Qt.SortOrder.DescendingOrder
                try:
                    self._ranked = sorted(numbers, key=keys.__getitem__, reverse=descending)
                except TypeError:
                    texts = [str(key) for key in keys]
                    self._ranked = sorted(numbers, key=texts.__getitem__, reverse=descending)
            else:
                self._ranked = list(numbers)
        return self._ranked

    def _sort_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            source = self._source
            assert source is not None
            if type(source).data is RowTableModel.data:
                key = source.columns[column].key
                keys = [_sortable(key(row)) for row in source.rows()]
            else:
                keys = [
                    _sortable(source.index(number, column).data(SortRole))
                    for number in range(source.rowCount())
                ]
            self._keys[column] = keys
        return keys

    def _search(self, words: tuple[str, ...]) -> list[int]:
        """The passing rows whose search text holds every word: within the
        fewest rows found already for words these contain (typing on), else
        over every passing row, the longest word first, at C speed."""
        texts = self._search_texts()
        narrower = [
            rows for earlier, rows in self._found.items()
            if all(any(old in new for new in words) for old in earlier)
        ]  # fmt: skip
        if narrower:
            within = min(narrower, key=len)
        else:
            passing = self._passing_rows()
            if self._passing_texts is None:
                self._passing_texts = [texts[number] for number in passing]
            longest = max(words, key=len)
            within = list(compress(passing, map(contains, self._passing_texts, repeat(longest))))
            words = tuple(word for word in words if word != longest)
        for word in words:
            within = [number for number in within if word in texts[number]]
        return within

    def _search_texts(self) -> list[str]:
        if self._texts is None:
            text = self._search_text
            assert text is not None
            assert self._source is not None
            rows = self._source.rows()
            self._texts = (
                [text(row) for row in rows] if self._folded else [fold(text(row)) for row in rows]
            )
        return self._texts


def _sortable(value: Any) -> tuple[Any, ...]:
    """A sort key in which no value (None) comes first."""
    return (False,) if value is None else (True, value)


def _position(order: list[int], row: int) -> int | None:
    try:
        return order.index(row)
    except ValueError:
        return None
