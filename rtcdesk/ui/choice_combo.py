"""A combo box to choose one record of a short list (organisations, say) by
typing any words of its name: "customs jap" finds Japan Customs, "abf" finds
the Australian Border Force by its short name, "elodie" finds "Élodie".

The whole list is in memory (a few hundred rows at most); for long lists
such as people, use ``SearchPicker``, which asks a service as you type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from rtcdesk.services.search import fold
from rtcdesk.ui.tables import AnyIndex, Column, RowFilterProxy, RowTableModel
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Choice:
    """One entry: the value it stands for, the text shown, more words that find it."""

    value: int
    label: str
    also_known_as: str = ""


_COLUMNS: list[Column[Choice]] = [Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda c: c.label)]


class ChoiceModel(RowTableModel[Choice]):
    """The entries; an editable combo box and its completer read the edit role."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


class ChoiceCombo(QComboBox):
    """Editable: the typed words narrow a pop-up list of matches; an empty
    box means "none". Text that names no entry is kept as typed (so the form
    can say so) and gives no value."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.choices = ChoiceModel(_COLUMNS, self)
        self.setModel(self.choices)
        self.matches: RowFilterProxy[Choice] = RowFilterProxy(
            lambda c: f"{c.label} {c.also_known_as}", self
        )
        self.matches.setSourceModel(self.choices)
        # The completer's model is a proxy of the combo's own model, so QComboBox
        # maps a picked match back to its row by itself.
        completer = QCompleter(self.matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._completer = completer
        line = self.lineEdit()
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._narrow)

    def lineEdit(self) -> QLineEdit:
        """The line typed in: there always is one, the box being editable."""
        line = super().lineEdit()
        assert line is not None
        return line

    def set_choices(self, choices: list[Choice]) -> None:
        kept = self.value()
        self.choices.set_rows(choices)
        self.set_value(kept)

    def set_value(self, value: int | None) -> None:
        rows = self.choices.rows()
        number = next((n for n, c in enumerate(rows) if c.value == value), -1)
        self.setCurrentIndex(number)
        if number < 0:
            self.setEditText("")

    def value(self) -> int | None:
        """The chosen entry's value; None for an empty box or unknown text."""
        chosen = self._chosen()
        return chosen.value if chosen is not None else None

    def unknown_text(self) -> str:
        """What is typed, when it names no entry ("" otherwise)."""
        text = self.currentText().strip()
        return text if text and self._chosen() is None else ""

    def _chosen(self) -> Choice | None:
        wanted = fold(self.currentText())
        if not wanted:
            return None
        number = self.currentIndex()
        if number >= 0 and fold(self.itemText(number)) == wanted:
            return self.choices.row(number)
        return next((c for c in self.choices.rows() if fold(c.label) == wanted), None)

    def _narrow(self, text: str) -> None:
        self.matches.set_search_text(text)
        if text.strip() and self.matches.rowCount():
            self._completer.complete()
        elif (popup := self._completer.popup()) is not None:
            popup.hide()
