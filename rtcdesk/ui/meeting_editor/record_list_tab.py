"""A tab of the meeting editor that lists records of the meeting (agenda items,
outcomes, action items) with Add, Edit, Delete and, where order matters,
Move up and Move down.

Every change is saved at once, in its own write transaction, and the list is
read again afterwards, so what the tab shows is what the database holds. The
list is first read when the tab is shown (``FilledWhenShown``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.ui.meeting_editor.filled_when_shown import FilledWhenShown
from rtcdesk.ui.meeting_editor.record_dialog import RecordDialog
from rtcdesk.ui.prompts import confirm_delete, show_refusal
from rtcdesk.ui.tables import Column, RowTableModel
from rtcdesk.ui.workspace import RowTable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


class Record(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class ListTexts:
    """The words of one list tab, already translated."""

    add: str
    empty: str
    #: For the status bar: "Deleted {what}", "Moved {what} up" (ordered lists),
    #: "Added {what}" and "Saved {what}" (``stored``).
    deleted: str
    moved_up: str = ""
    moved_down: str = ""
    added: str = ""
    saved: str = ""


@dataclass(frozen=True)
class ListBehaviour(Generic[R]):
    """What a list tab does with its records; each function calls a service."""

    load: Callable[[Session, int], list[R]]
    delete: Callable[[Session, R], None]
    #: "the agenda item 'Opening remarks'", for questions and messages.
    describe: Callable[[R], str]
    #: The form for a new record (None) or for editing one.
    dialog: Callable[[R | None], RecordDialog]
    #: Store the running order (all ids of the meeting); None for unordered lists.
    reorder: Callable[[Session, int, list[int]], None] | None = None
    #: Whether two neighbours may swap places (agenda items only within a day).
    may_swap: Callable[[R, R], bool] = lambda _a, _b: True
    #: What goes with a record, for the delete question.
    consequences: Callable[[R], list[str]] = lambda _row: []


class RecordListTab(FilledWhenShown, Generic[R]):
    status_message = Signal(str)

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        columns: Sequence[Column[R]],
        texts: ListTexts,
        behaviour: ListBehaviour[R],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.texts = texts
        self.behaviour = behaviour
        #: The Add/Edit form while it is open.
        self.open_dialog: RecordDialog | None = None
        self._selected_after_dialog: int | None = None
        self._stretch = [i for i, c in enumerate(columns) if c.stretch]
        self._fitted = False

        self.model: RowTableModel[R] = RowTableModel(columns, self)
        self.table = RowTable()
        self.table.setSortingEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setModel(self.model)
        self.table.open_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_current)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._update_buttons)
        selection.selectionChanged.connect(self._update_buttons)
        # Long titles and texts wrap; each row grows to show all of its text.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setStyleSheet("QTableView::item { padding-top: 3px; padding-bottom: 3px; }")

        self.empty_hint = QLabel(texts.empty)
        self.empty_hint.setWordWrap(True)

        self.add_button = self._button(texts.add, self.add)
        self.edit_button = self._button(self.tr("&Edit…"), self.edit_current)
        self.delete_button = self._button(self.tr("De&lete…"), self.delete_current)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        self.move_up_button: QPushButton | None = None
        self.move_down_button: QPushButton | None = None
        if behaviour.reorder is not None:
            self.move_up_button = self._move_button(self.tr("Move u&p"), "Ctrl+Up", -1)
            self.move_down_button = self._move_button(self.tr("Move do&wn"), "Ctrl+Down", 1)
            buttons.addSpacing(12)
            buttons.addWidget(self.move_up_button)
            buttons.addWidget(self.move_down_button)
        buttons.addStretch()
        saved_at_once = QLabel(self.tr("Each change here is saved at once."))
        saved_at_once.setEnabled(False)
        buttons.addWidget(saved_at_once)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _move_button(self, text: str, shortcut: str, step: int) -> QPushButton:
        button = self._button(text, lambda: self.move_current(step))
        sequence = QKeySequence(shortcut)
        label = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        tip = self.tr("{action} ({shortcut})")
        button.setToolTip(tip.format(action=text.replace("&", ""), shortcut=label))
        action = QAction(self)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self.move_current(step))
        self.addAction(action)
        return button

    # -- reading ---------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Read the records again; keep (or move) the selection to ``select_id``."""
        if select_id is None:
            current = self.current_row()
            select_id = current.id if current is not None else None
        with self.database.read() as session:
            rows = self.behaviour.load(session, self.meeting_id)
        self.mark_read()
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        if rows and not self._fitted:
            self.table.fit_columns(self._stretch)
            self._fitted = True
        for number, row in enumerate(rows):
            if row.id == select_id:
                self.table.selectRow(number)
                break
        self._update_buttons()

    def current_row(self) -> R | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row(index.row())

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        if self.move_up_button is not None and self.move_down_button is not None:
            self.move_up_button.setEnabled(self._neighbour(-1) is not None)
            self.move_down_button.setEnabled(self._neighbour(1) is not None)

    def _neighbour(self, step: int) -> int | None:
        """The row number the current row would swap with, if it may move that way."""
        row = self.current_row()
        if row is None:
            return None
        number = self.table.currentIndex().row()
        other = number + step
        if not 0 <= other < self.model.rowCount():
            return None
        return other if self.behaviour.may_swap(row, self.model.row(other)) else None

    # -- changing --------------------------------------------------------------

    def add(self) -> None:
        self._show_dialog(self.behaviour.dialog(None))

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self._show_dialog(self.behaviour.dialog(row))

    def _show_dialog(self, dialog: RecordDialog) -> None:
        self.open_dialog = dialog
        dialog.saved.connect(self.status_message)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def remember_saved(self, ident: int) -> None:
        """The dialog's save calls this, so the saved record is selected afterwards."""
        self._selected_after_dialog = ident

    def stored(self, saved: R, was_new: bool) -> str:
        """``remember_saved`` with the row the dialog's save stored; returns the
        status message ("Added …", "Saved …")."""
        self.remember_saved(saved.id)
        message = self.texts.added if was_new else self.texts.saved
        return message.format(what=self.behaviour.describe(saved))

    def _dialog_closed(self, dialog: RecordDialog) -> None:
        self.open_dialog = None
        dialog.deleteLater()
        self.refresh(self._selected_after_dialog)
        self._selected_after_dialog = None
        self.table.setFocus()

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        what = self.behaviour.describe(row)
        if not confirm_delete(self, what, self.behaviour.consequences(row)):
            return
        self.change(
            lambda session: self.behaviour.delete(session, row),
            self.texts.deleted.format(what=what),
        )

    def move_current(self, step: int) -> None:
        row, other = self.current_row(), self._neighbour(step)
        reorder = self.behaviour.reorder
        if row is None or other is None or reorder is None:
            return
        ids = [r.id for r in self.model.rows()]
        number = ids.index(row.id)
        ids[number], ids[other] = ids[other], ids[number]
        message = self.texts.moved_up if step < 0 else self.texts.moved_down
        self.change(
            lambda session: reorder(session, self.meeting_id, ids),
            message.format(what=self.behaviour.describe(row)),
            select_id=row.id,
        )

    def change(
        self, apply: Callable[[Session], None], message: str, select_id: int | None = None
    ) -> bool:
        """Run one change in its own transaction; a refusal is shown, then the list re-read."""
        try:
            with self.database.write() as session:
                apply(session)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            self.refresh()
            return False
        self.refresh(select_id)
        self.status_message.emit(message)
        return True
