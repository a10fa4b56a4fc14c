"""Type-ahead choice of one record: a search box above a short list of matches.

The list is asked for again ~200 ms after the last key press (not on every
key), and only for a limited number of matches, so that it stays quick on a
shared server with thousands of people. The arrow keys move through the
matches without leaving the search box; Enter takes the highlighted one.

A picker given a ``Creation`` is no dead end: a "New …" button (and Ctrl+N)
opens a dialog for the record that is missing, pre-filled from what was
typed; once saved, the record is found and taken as if it had been picked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.ui.creation_dialog import CreationDialog
from rtcdesk.ui.tables import Column, RowTableModel
from rtcdesk.ui.workspace import RowTable

R = TypeVar("R")

#: Milliseconds after the last key press before the search runs.
DEBOUNCE_MS = 200
_NAVIGATION_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


@dataclass(frozen=True)
class Creation(Generic[R]):
    """How a picker adds a record it does not find."""

    #: The button's text, with its mnemonic ("Ne&w person…").
    button: str
    #: What the note adds when nothing matches; "{keys}" stands for the shortcut.
    hint: str
    #: The dialog for the new record, pre-filled from the typed text (and its parent).
    dialog: Callable[[str, QWidget], CreationDialog[Any]]
    #: The saved record, found by its id, as a row of the picker.
    row: Callable[[int], R]


class SearchPicker(QWidget, Generic[R]):
    """A labelled search box and the records it finds; ``current()`` is the
    chosen one.

    ``search(text, limit)`` returns at most ``limit`` matches (it calls a
    service). The picker asks for one more than it shows, to say when the
    list is cut short.
    """

    #: The highlighted match changed (the row, or None when nothing matches).
    current_changed = Signal(object)
    #: Enter or a double-click took the highlighted match.
    activated = Signal(object)
    #: A search finished and the list shows its matches.
    results_shown = Signal()

    def __init__(
        self,
        columns: Sequence[Column[R]],
        search: Callable[[str, int], list[R]],
        *,
        label: str,
        accessible_name: str,
        placeholder: str,
        hint: str,
        limit: int = 20,
        search_blank: bool = False,
        creation: Creation[R] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._search = search
        self._limit = limit
        self._search_blank = search_blank
        self._hint = hint
        #: What the note adds to "Nothing matches …".
        self._missing_hint = hint
        self._creation = creation
        #: The dialog creating a record, while it is open.
        self.open_dialog: CreationDialog[Any] | None = None

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(placeholder)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(accessible_name)
        self.search_box.installEventFilter(self)

        self.model: RowTableModel[R] = self._make_model(columns)
        self.results = RowTable()
        self.results.setSortingEnabled(False)
        self.results.setModel(self.model)
        self.results.setAccessibleName(self.tr("Matches"))
        self.results.setTabKeyNavigation(False)
        self.results.open_requested.connect(self._activate)
        self.results.selectionModel().currentRowChanged.connect(
            lambda *_: self.current_changed.emit(self.current())
        )
        self._stretch = [i for i, c in enumerate(columns) if c.stretch]
        self.results.fit_columns(self._stretch)

        self.note = QLabel(hint)
        self.note.setWordWrap(True)
        self.note.setEnabled(False)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())

        self.label = QLabel(label)
        self.label.setBuddy(self.search_box)
        search_row = QHBoxLayout()
        search_row.addWidget(self.label)
        search_row.addWidget(self.search_box, 1)
        self.new_button: QPushButton | None = None
        if creation is not None:
            self.new_button = self._creation_button(creation)
            search_row.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        self.setFocusProxy(self.search_box)
        if search_blank:
            self.search_now()

    def _make_model(self, columns: Sequence[Column[R]]) -> RowTableModel[R]:
        """The model of the matches (a subclass may add to it)."""
        return RowTableModel(columns, self)

    def _creation_button(self, creation: Creation[R]) -> QPushButton:
        """The "New …" button, and its shortcut while the focus is in the picker."""
        action = QAction(self)
        action.setShortcut(QKeySequence.StandardKey.New)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(self.create_record)
        self.addAction(action)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self._missing_hint = creation.hint.format(keys=keys)
        button = QPushButton(creation.button)
        button.setAccessibleName(creation.button.replace("&", "").rstrip("…"))
        button.setToolTip(self._missing_hint)
        button.setAutoDefault(False)
        button.clicked.connect(self.create_record)
        return button

    def current(self) -> R | None:
        index = self.results.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def search_now(self) -> None:
        """Run the search for what is typed (at once, without waiting for the pause)."""
        self._timer.stop()
        text = self.search_box.text()
        blank = not text.strip()
        rows = [] if blank and not self._search_blank else self._search(text, self._limit + 1)
        self.model.set_rows(rows[: self._limit])
        self.results.fit_columns(self._stretch)
        if rows:
            self.results.selectRow(0)
            self.results.setCurrentIndex(self.model.index(0, 0))
        if blank and not self._search_blank:
            self.note.setText(self._hint)
        elif not rows:
            self.note.setText(
                self.tr("Nothing matches “{text}”. {hint}").format(
                    text=text.strip(), hint=self._missing_hint
                )
            )
        elif len(rows) > self._limit:
            self.note.setText(
                self.tr("Showing the first {limit} matches; type more to narrow them down.")
                .format(limit=self._limit)
            )  # fmt: skip
        else:
            self.note.setText("")
        self.current_changed.emit(self.current())
        self.results_shown.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, the arrow keys move through the matches and
        Enter takes the highlighted one."""
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _NAVIGATION_KEYS and self.model.rowCount():
                self.results.keyPressEvent(event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.search_now()
                if self.current() is not None:
                    self._activate()
                    return True
        return super().eventFilter(watched, event)

    def _activate(self) -> None:
        row = self.current()
        if row is not None:
            self.activated.emit(row)

    def create_record(self) -> None:
        """Open the dialog for a new record, pre-filled from what is typed."""
        if self._creation is None or self.open_dialog is not None:
            return
        dialog = self._creation.dialog(self.search_box.text(), self)
        dialog.created.connect(self._created)
        dialog.finished.connect(lambda _result: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()

    def _created(self, record_id: int) -> None:
        """Search again and highlight the new record (first in the list if
        the typed text does not find it), then take it."""
        assert self._creation is not None
        row = self._creation.row(record_id)
        self.search_now()
        rows = self.model.rows()
        if row not in rows:
            self.model.set_rows([row, *rows][: self._limit])
            self.note.setText("")
        number = self.model.rows().index(row)
        self.results.selectRow(number)
        self.results.setCurrentIndex(self.model.index(number, 0))
        self.search_box.setFocus()
        self._take_created(row)

    def _take_created(self, row: R) -> None:
        """What a new record becomes: taken, as if picked (a subclass may differ)."""
        self.activated.emit(row)
