"""A list workspace: a search box and filters above a sortable table, with
an empty state instead of an empty grid.

Each workspace (meetings, people, organisations, ...) declares its columns
and how to load its rows; this class lays them out and keeps the behaviour
the same everywhere: type to filter, click a header to sort by the raw value,
Enter or double-click to open, Delete to delete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.errors import RtcdeskError
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel
from rtcdesk.ui.translations import TrOnClass

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database

R = TypeVar("R")
MAX_COLUMN_WIDTH = 200


class RowTable(QTableView):
    """A table of rows: whole-row selection, sorting, Enter opens, Delete deletes.

    The rows are always in the order the header's sort indicator shows: at
    first by the first column, A to Z. Sorting is done by the model (a
    ``RowFilterProxy``), which keeps that order when rows are added or reset.
    Turn sorting off before setting the model, or the rows stay sorted."""

    open_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        # Qt's default indicator is the first column descending.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows are chosen whole with the arrows; Tab leaves the table (Qt's
        # default walks the cells, and a keyboard user is stuck inside).
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def setModel(self, model: QAbstractItemModel | None) -> None:
        # Sorting enabled without a model sorted nothing: the new model is
        # sorted the way the indicator already shows.
        super().setModel(model)
        if self.isSortingEnabled():
            header = self.horizontalHeader()
            self.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def keep_given_order(self) -> None:
        """Show the rows in the model's own order (a listing order), with no
        sort indicator, until a header is clicked; the third click on a header
        brings that order back."""
        header = self.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def fit_columns(self, stretch: Sequence[int]) -> None:
        """Columns sized to their contents (long ones capped, they elide);
        the ``stretch`` columns share what is left."""
        header = self.horizontalHeader()
        for column in range(header.count()):
            if column in stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            self.resizeColumnToContents(column)
            if self.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.setColumnWidth(column, MAX_COLUMN_WIDTH)


class ListWorkspace(TrOnClass, QWidget, Generic[R]):
    """Search, filters and a table of ``R`` rows; see the module docstring.

    Subclasses pass their columns and the function that loads the rows (it
    calls a service); they add filter widgets with ``add_filter`` and buttons
    with ``add_button``.
    """

    #: The row to open (Enter, double-click, the Open button).
    open_row = Signal(object)
    #: The rows to delete (the Delete key, the Delete button).
    delete_rows = Signal(list)
    #: "Meetings: 3 of 21 shown", for the status bar.
    count_changed = Signal(str)
    #: What just happened ("Saved 21st RTC Heads Meeting"), for the status bar.
    status_message = Signal(str)
    #: The selection changed: whether Open and Delete can act may have changed.
    selection_changed = Signal()

    def __init__(
        self,
        name: str,
        columns: Sequence[Column[R]],
        search_text: Callable[[R], str],
        search_placeholder: str,
        empty_state: QWidget,
        load_rows: Callable[[], list[R]],
        parent: QWidget | None = None,
        *,
        folded_search: bool = False,
    ):
        """``folded_search``: ``search_text`` gives text folded already."""
        super().__init__(parent)
        self.name = name
        self._load_rows = load_rows
        self._settings_key = f"workspaces/{type(self).__name__}/columns"
        self.model: RowTableModel[R] = RowTableModel(columns, self)
        self.proxy: RowFilterProxy[R] = RowFilterProxy(search_text, self, folded=folded_search)
        self.proxy.setSourceModel(self.model)
        self._filters: list[Callable[[R], bool]] = []
        self._columns_fitted = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(search_placeholder)
        self.search.setClearButtonEnabled(True)
        # Room to type, without making the window wider than a laptop screen:
        # the search takes what the filters and buttons leave.
        self.search.setMinimumWidth(160)
        self.search.setAccessibleName(self.tr("Search {name}").format(name=name.lower()))
        self.search.textChanged.connect(self.proxy.set_search_text)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)

        self.table = RowTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(name)
        self.table.open_requested.connect(self.open_current)
        self.table.delete_requested.connect(self.delete_selected)
        self._stretch = [i for i, c in enumerate(columns) if c.stretch]

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(search_label)
        self.toolbar.addWidget(self.search, 1)
        self.buttons = QHBoxLayout()
        self.toolbar.addLayout(self.buttons)
        # Filters get a row of their own under the search, so that the window
        # fits a laptop screen (in one row the meetings' needed 1,350 px).
        self.filter_row = QHBoxLayout()

        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(self.toolbar)
        list_layout.addLayout(self.filter_row)
        list_layout.addWidget(self.table, 1)

        self.empty_state = empty_state
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(empty_state)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self.announce_count)
            signal.connect(self.selection_changed)
        self.proxy.layoutChanged.connect(self.announce_count)
        # A search may hide the selected row: Open and Delete follow.
        self.proxy.layoutChanged.connect(self.selection_changed)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)

    # -- for subclasses --------------------------------------------------------

    def add_filter(self, label: str, widget: QWidget, accepts: Callable[[R], bool]) -> None:
        """A filter widget (labelled, with the label as buddy) and the rule it applies."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        if isinstance(widget, QComboBox):
            # Wide enough for its choices up to 20 characters, no wider: the
            # open list still shows every choice whole.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            longest = max((len(widget.itemText(i)) for i in range(widget.count())), default=0)
            widget.setMinimumContentsLength(min(max(longest, 8), 20))
        if self.filter_row.count():
            self.filter_row.takeAt(self.filter_row.count() - 1)  # the closing stretch
            self.filter_row.addSpacing(12)
        self.filter_row.addWidget(caption)
        self.filter_row.addWidget(widget)
        self.filter_row.addStretch()
        self._filters.append(accepts)

    def add_button(self, text: str, slot: Callable[[], object], tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        if tooltip:
            button.setToolTip(tooltip)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def delete_in_one_transaction(
        self,
        database: Database,
        rows: Sequence[Any],
        delete: Callable[[Session, int, int], None],
        what: str,
    ) -> bool:
        """Delete every row (each by id and the version shown) in one write
        transaction, all or none; then refresh and say what happened. A refusal
        is shown in the service's words and nothing is deleted."""
        try:
            with database.write() as session:
                for row in rows:
                    delete(session, row.id, row.version)
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Not deleted"))
            self.refresh()
            return False
        self.refresh()
        self.status_message.emit(self.tr("Deleted {what}").format(what=what))
        return True

    def apply_filters(self) -> None:
        """Call when a filter widget changed."""
        filters = list(self._filters)
        self.proxy.set_predicate(lambda row: all(accepts(row) for accepts in filters))

    # -- behaviour -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the rows again; keep the selection (or the current row, which
        the keyboard can move without selecting) on the same record if it is
        still there."""
        current = self.current_row()
        selected = self.selected_rows() or ([current] if current is not None else [])
        self.model.set_rows(self._load_rows())
        self.pages.setCurrentIndex(0 if self.model.rowCount() else 1)
        if self.model.rowCount() and not self._columns_fitted:
            self._restore_or_fit_columns()
        if selected:
            self.select_where(lambda row: row == selected[0] or _same_id(row, selected[0]))

    def selected_rows(self) -> list[R]:
        rows = []
        for index in self.table.selectionModel().selectedRows():
            row = self.proxy.row_at(index)
            if row is not None:
                rows.append(row)
        return rows

    def current_row(self) -> R | None:
        return self.proxy.row_at(self.table.currentIndex())

    def select_where(self, wanted: Callable[[R], bool]) -> bool:
        """Select (and scroll to) the first visible row for which ``wanted`` is true."""
        for number, row in enumerate(self.proxy.shown_rows()):
            if wanted(row):
                index = self.proxy.index(number, 0)
                # One call: selectRow followed by setCurrentIndex would toggle the
                # row off again while Ctrl is held (Ctrl+S in an editor).
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(index, flags)
                self.table.scrollTo(index)
                return True
        return False

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def save_state(self) -> None:
        QSettings(APP_AUTHOR, APP_NAME).setValue(
            self._settings_key, self.table.horizontalHeader().saveState()
        )

    def _restore_or_fit_columns(self) -> None:
        state = QSettings(APP_AUTHOR, APP_NAME).value(self._settings_key)
        header = self.table.horizontalHeader()
        if state is None or not header.restoreState(state):
            self.table.fit_columns(self._stretch)
        self._columns_fitted = True

    def has_selection(self) -> bool:
        """Whether Open and Delete have something to act on."""
        return self.table.selectionModel().hasSelection()

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_row.emit(row)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.delete_rows.emit(rows)

    def announce_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("{name}: {total}").format(name=self.name, total=total)
        else:
            # The class named, not self: a subclass's tr would look under its own name.
            text = ListWorkspace.tr("{name}: %n of {total} shown", "", shown).format(
                name=self.name, total=total
            )
        self.count_changed.emit(text)


def _same_id(a: object, b: object) -> bool:
    ident = getattr(a, "id", None)
    return ident is not None and ident == getattr(b, "id", None)
