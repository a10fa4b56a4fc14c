"""A list of items with a checkbox each, in an order the coordinator can change:
the columns of an export, the organisations an import may create."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal

from rtcdesk.ui.tables import AnyIndex

_ROOT = QModelIndex()
#: The item's key (a column key, an organisation name).
KeyRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    checked: bool = True
    tooltip: str = ""


class ChecklistModel(QAbstractListModel):
    """Holds the items it is given; ticks and moves change only the model."""

    #: A tick or the order changed.
    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._items: list[CheckItem] = []

    def set_items(self, items: list[CheckItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()
        self.changed.emit()

    def items(self) -> list[CheckItem]:
        return list(self._items)

    def checked_keys(self) -> list[str]:
        """The ticked keys, in the list's order."""
        return [item.key for item in self._items if item.checked]

    def move(self, row: int, offset: int) -> int:
        """Move the item at ``row`` by ``offset`` places (clamped); returns its new row."""
        target = max(0, min(len(self._items) - 1, row + offset))
        if not 0 <= row < len(self._items) or target == row:
            return row
        # Qt names the row the item lands before, counted before the move.
        destination = target + 1 if target > row else target
        self.beginMoveRows(_ROOT, row, row, _ROOT, destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        self.changed.emit()
        return target

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip or None
        if role == KeyRole:
            return item.key
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        row = index.row()
        if self._items[row].checked != checked:
            self._items[row] = replace(self._items[row], checked=checked)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.changed.emit()
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
