"""A table of rows with a check box in the first column, to pick several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt

from rtcdesk.ui.tables import AnyIndex, Column, RowTableModel

R = TypeVar("R")


class TickedRowsModel(RowTableModel[R]):
    """Every row starts ticked; ``ticked()`` is the rows still ticked."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None):
        super().__init__(columns, parent)
        self._ticked: set[int] = set()

    def set_rows(self, rows: Sequence[R]) -> None:
        super().set_rows(rows)
        self._ticked = set(range(len(rows)))

    def ticked(self) -> list[R]:
        return [self.row(n) for n in sorted(self._ticked)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            ticked = index.row() in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked.add(index.row())
        else:
            self._ticked.discard(index.row())
        self.dataChanged.emit(index, index, [role])
        return True
