"""A search picker whose matches can be ticked, to choose several records in
one go (the delegations of a meeting).

A click on a match's box, or Space in the list, ticks it. A tick belongs to
the record, not to the line it is shown on, so it outlasts a new search:
the coordinator types "japan", ticks RTC Japan, types "korea", ticks RTC
Korea. A line under the list names everything ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel

from rtcdesk.ui.search_picker import SearchPicker
from rtcdesk.ui.tables import AnyIndex, Column, RowTableModel

R = TypeVar("R")


class TickedMatchesModel(RowTableModel[R]):
    """Matches with a check box in the first column; rows are compared by
    value (frozen dataclasses), so a record found again is still ticked."""

    #: A record was ticked or unticked.
    ticks_changed = Signal()

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None):
        super().__init__(columns, parent)
        self._ticked: dict[R, None] = {}

    def ticked(self) -> list[R]:
        """The ticked records, in the order they were ticked."""
        return list(self._ticked)

    def set_ticked(self, row: R, ticked: bool) -> None:
        if ticked:
            self._ticked.setdefault(row, None)
        else:
            self._ticked.pop(row, None)
        shown = self.rows()
        if row in shown:
            index = self.index(shown.index(row), 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            ticked = self.row(index.row()) in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        self.set_ticked(self.row(index.row()), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True


class TickingPicker(SearchPicker[R]):
    """A ``SearchPicker`` of hashable rows that can tick several; a record
    created from it is ticked (not taken)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ticked_note = QLabel()
        self.ticked_note.setWordWrap(True)
        self.ticked_note.setAccessibleName(self.tr("Ticked"))
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.ticked_note)
        self.ticks.ticks_changed.connect(self._show_ticked)
        self.results.installEventFilter(self)
        self._show_ticked()

    def _make_model(self, columns: Sequence[Column[R]]) -> RowTableModel[R]:
        return TickedMatchesModel(columns, self)

    @property
    def ticks(self) -> TickedMatchesModel[R]:
        assert isinstance(self.model, TickedMatchesModel)
        return self.model

    def ticked(self) -> list[R]:
        return self.ticks.ticked()

    def tick(self, row: R) -> None:
        self.ticks.set_ticked(row, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the list, Space ticks or unticks the highlighted match."""
        if watched is self.results and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            row = self.current()
            if event.key() == Qt.Key.Key_Space and row is not None:
                self.ticks.set_ticked(row, row not in self.ticked())
                return True
        return super().eventFilter(watched, event)

    def _take_created(self, row: R) -> None:
        self.tick(row)

    def _show_ticked(self) -> None:
        names = [self.model.columns[0].text(row) for row in self.ticked()]
        if names:
            self.ticked_note.setText(self.tr("Selected: {names}").format(names=", ".join(names)))
        else:
            self.ticked_note.setText(
                self.tr(
                    "To choose several, tick them: click their boxes, or press Space in the list."
                )
            )
