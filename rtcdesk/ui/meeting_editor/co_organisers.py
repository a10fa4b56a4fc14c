"""The co-organisers of a meeting: a short list, added by typing a name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QListView,
    QPushButton,
    QWidget,
)

from rtcdesk.ui.choice_combo import Choice, ChoiceCombo

IdRole = Qt.ItemDataRole.UserRole + 1


class _ChosenList(QListView):
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class CoOrganisersEditor(QWidget):
    """Type to find an organisation, then Add (or choose it in the suggestions);
    Remove (or Delete) takes the selected one off the list."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: dict[int, str] = {}
        self.chooser = ChoiceCombo()
        self.chooser.lineEdit().setPlaceholderText(self.tr("Type to find a co-organiser"))
        self.chooser.setAccessibleName(self.tr("Co-organiser to add"))
        self.add_button = QPushButton(self.tr("A&dd"))
        self.add_button.setAccessibleName(self.tr("Add co-organiser"))
        self.model = QStandardItemModel(self)
        self.chosen = _ChosenList()
        self.chosen.setModel(self.model)
        self.chosen.setAccessibleName(self.tr("Co-organisers"))
        self.chosen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chosen.setFixedHeight(78)
        # No access key: Delete in the list removes too, and M is Mode's.
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove co-organiser"))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.chooser, 0, 0)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.chosen, 1, 0)
        grid.addWidget(self.remove_button, 1, 1, Qt.AlignmentFlag.AlignTop)
        self.setFocusProxy(self.chooser)

        self.add_button.clicked.connect(self.add_chosen)
        self.chooser.activated.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.chosen.remove_requested.connect(self.remove_selected)

    def set_organisations(self, choices: list[Choice]) -> None:
        self._labels = {choice.value: choice.label for choice in choices}
        self.chooser.set_choices(choices)

    def organisation_ids(self) -> list[int]:
        return [int(self.model.item(n).data(IdRole)) for n in range(self.model.rowCount())]

    def set_organisation_ids(self, ids: Sequence[int]) -> None:
        self.model.clear()
        for ident in ids:
            self._append(ident)

    def add_chosen(self) -> None:
        ident = self.chooser.value()
        if ident is None or ident in self.organisation_ids():
            return
        self._append(ident)
        self.chooser.set_value(None)
        # Taken from the completion list with Enter, the completer writes the
        # name back into the field after this slot: clear it once more then,
        # or the next name typed is appended to it.
        QTimer.singleShot(0, lambda: self.chooser.set_value(None))
        self.changed.emit()

    def remove_selected(self) -> None:
        index = self.chosen.currentIndex()
        if index.isValid():
            self.model.removeRow(index.row())
            self.changed.emit()

    def _append(self, ident: int) -> None:
        item = QStandardItem(self._labels.get(ident, str(ident)))
        item.setData(ident, IdRole)
        self.model.appendRow(item)
