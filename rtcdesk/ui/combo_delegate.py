"""Choosing a cell's value from a combo box that stays open in the table: the
field a file column feeds, the person a registration row is.

The model says what can be chosen (``ChoicesRole``: a list of (label, value)
pairs) and takes the choice through ``setData`` with the edit role as soon as
the combo box changes; no Enter or focus change is needed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from rtcdesk.ui.tables import AnyIndex

#: list[tuple[str, object]]: the label shown and the value stored.
ChoicesRole = Qt.ItemDataRole.UserRole + 10


class ComboDelegate(QStyledItemDelegate):
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Tab and Shift+Tab move on as in a form: to the next combo box of the
        column, and out of the table after the last. (The item delegate would
        hand focus back to the table, which hands it to a combo box: a trap.)"""
        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        return super().eventFilter(editor, event)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for label, value in index.data(ChoicesRole) or []:
            combo.addItem(label, value)
        combo.setAccessibleName(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
        combo.setToolTip(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        combo.currentIndexChanged.connect(lambda _number: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        wanted = index.data(Qt.ItemDataRole.EditRole)
        number = next(
            (n for n in range(editor.count()) if editor.itemData(n) == wanted),
            0,
        )
        if editor.currentIndex() != number:
            editor.blockSignals(True)
            editor.setCurrentIndex(number)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        value: Any = editor.currentData()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


def keep_editors_open(view: QAbstractItemView, column: int) -> None:
    """Show the combo boxes of ``column`` on every row, now and after every reset."""

    def open_all(*_args: object) -> None:
        model = view.model()
        previous: QWidget = view
        for row in range(model.rowCount()):
            index = model.index(row, column)
            view.openPersistentEditor(index)
            # Qt puts each new editor right after the view: Tab would go bottom up.
            editor = view.indexWidget(index)
            if editor is not None:
                QWidget.setTabOrder(previous, editor)
                previous = editor

    model = view.model()
    model.modelReset.connect(open_all)
    model.rowsInserted.connect(open_all)
    open_all()


def editor_at(view: QAbstractItemView, row: int, column: int) -> QComboBox:
    """The combo box shown in a cell (for tests and for keyboard focus)."""
    widget = view.indexWidget(view.model().index(row, column))
    assert isinstance(widget, QComboBox)
    return widget
