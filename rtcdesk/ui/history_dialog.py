"""The history window: who created, changed or deleted what, and when.

Opened for one record from its editor ("History…"), or for every record from
the main window (View > History of changes…), where a search box, the kind of
record and "Deleted records only" narrow the list in the database. Selecting
an entry shows its fields: before and after for a change, the first values of
a created record, the last values of a deleted one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    Qt,
    QTime,
    QTimer,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.services.history import (
    RECENT_LIMIT,
    FieldChange,
    HistoryItem,
    history_details,
    recent_history,
    record_history,
)
from rtcdesk.services.history_labels import RECORD_KINDS
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable
from rtcdesk.vocabulary import HistoryAction, LabelledEnum

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

#: Translation contexts of the English words the services give.
KINDS_CONTEXT = "RecordKinds"
FIELDS_CONTEXT = "HistoryFields"
SEARCH_DELAY_MS = 250
DEFAULT_SIZE = (980, 640)


def format_when(moment: datetime) -> str:
    """ "3 Dec 2025 14:02", in the computer's time zone and the user's locale."""
    local = moment.astimezone()
    return QLocale().toString(
        QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)),
        "d MMM yyyy HH:mm",
    )


def kind_name(record_type: str) -> str:
    """ "person", "meeting": what a record of this table is, translated."""
    kind = RECORD_KINDS.get(record_type)
    return QCoreApplication.translate(KINDS_CONTEXT, kind.name) if kind else record_type


def format_value(value: Any) -> str:
    """A field's value for reading: words for yes/no and choices, dates in the
    user's locale, lists joined; "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return QCoreApplication.translate("History", "Yes" if value else "No")
    if isinstance(value, LabelledEnum):
        return enum_label(value)
    if isinstance(value, datetime):
        return format_when(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    return " ".join(str(value).split())


ENTRY_COLUMNS: list[Column[HistoryItem]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "When"),
        lambda r: format_when(r.at),
        sort_key=lambda r: (r.at, r.id),
        descending_first=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Who"), lambda r: r.user_name),
    Column(QT_TRANSLATE_NOOP("Columns", "What"), lambda r: enum_label(r.action)),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: kind_name(r.record_type)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Record"),
        lambda r: r.label or f"{kind_name(r.record_type)} {r.record_id}",
        stretch=True,
    ),
]
WHEN_COLUMN, KIND_COLUMN, RECORD_COLUMN = 0, 3, 4

CHANGE_COLUMNS: list[Column[FieldChange]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Field"),
        lambda c: QCoreApplication.translate(FIELDS_CONTEXT, c.label),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Before"),
        lambda c: format_value(c.old),
        tooltip=lambda c: str(c.old) if c.old not in (None, "") else None,
        stretch=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "After"),
        lambda c: format_value(c.new),
        tooltip=lambda c: str(c.new) if c.new not in (None, "") else None,
        stretch=True,
    ),
]
FIELD_COLUMN, BEFORE_COLUMN, AFTER_COLUMN = 0, 1, 2


class HistoryDialog(QDialog):
    """The history of one record (``record`` is its table and id) or, without
    one, of every record with filters. Reads through the services; its table
    models only hold the rows they are given."""

    def __init__(
        self,
        database: Database,
        record: tuple[str, int] | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.record = record
        self.resize(*DEFAULT_SIZE)
        if record is None:
            self.setWindowTitle(self.tr("History of changes"))
        else:
            self.setWindowTitle(self.tr("History of {name}").format(name=name))

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.setPlaceholderText(self.tr("Name of a record, or of who changed it"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All records"), None)
        for kind in RECORD_KINDS.values():
            self.kind.addItem(
                QCoreApplication.translate(KINDS_CONTEXT, kind.plural).capitalize(), kind.table
            )
        self.deleted_only = QCheckBox(self.tr("&Deleted records only"))
        self.deleted_only.setToolTip(
            self.tr("Show only deletions; each holds the deleted record's last values")
        )
        filters = QHBoxLayout()
        for caption, widget in (
            (self.tr("&Search:"), self.search),
            (self.tr("&Kind:"), self.kind),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.deleted_only)
        filters.addStretch()
        self.filters = QWidget()
        self.filters.setLayout(filters)
        filters.setContentsMargins(0, 0, 0, 0)
        self.filters.setVisible(record is None)

        self.count = QLabel()
        self.count.setAccessibleName(self.tr("How many changes are shown"))
        self.entry_model: RowTableModel[HistoryItem] = RowTableModel(ENTRY_COLUMNS, self)
        self.entry_proxy: RowFilterProxy[HistoryItem] = RowFilterProxy(parent=self)
        self.entry_proxy.setSourceModel(self.entry_model)
        self.entries = RowTable()
        self.entries.setModel(self.entry_proxy)
        self.entries.setAccessibleName(self.tr("Changes"))
        self.entries.sortByColumn(WHEN_COLUMN, Qt.SortOrder.DescendingOrder)
        self.entries.setColumnHidden(KIND_COLUMN, record is not None)
        self.entries.selectionModel().currentRowChanged.connect(self._show_current)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName(self.tr("Selected change"))
        self.change_model: RowTableModel[FieldChange] = RowTableModel(CHANGE_COLUMNS, self)
        self.changes = RowTable()
        self.changes.setSortingEnabled(False)
        self.changes.setModel(self.change_model)
        self.changes.setAccessibleName(self.tr("Fields of the selected change"))
        self.changes.setWordWrap(True)
        self.changes.fit_columns([BEFORE_COLUMN, AFTER_COLUMN])

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.caption)
        details_layout.addWidget(self.changes, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.entries)
        self.splitter.addWidget(details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([340, 260])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.kind.currentIndexChanged.connect(self.refresh)
        self.deleted_only.toggled.connect(self.refresh)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the entries again (the filters apply in the database)."""
        self._search_timer.stop()
        with self.database.read() as session:
            if self.record is not None:
                rows = record_history(session, *self.record)
            else:
                rows = recent_history(
                    session,
                    record_type=self.kind.currentData(),
                    action=HistoryAction.DELETED if self.deleted_only.isChecked() else None,
                    text=self.search.text(),
                )
        self.entry_model.set_rows(rows)
        self.entries.fit_columns([RECORD_COLUMN])
        self._describe_count(len(rows))
        if rows:
            self.entries.selectRow(0)
            self.entries.setCurrentIndex(self.entry_proxy.index(0, 0))
        else:
            self._show(None, [])

    def _describe_count(self, shown: int) -> None:
        if shown >= RECENT_LIMIT and self.record is None:
            text = self.tr(
                "The latest %n change(s) are shown; search or choose a kind to find older ones.",
                "",
                shown,
            )
        elif shown:
            text = self.tr("%n change(s) recorded.", "", shown)
        elif self.record is not None:
            text = self.tr(
                "No change of this record is recorded yet. Changes are recorded as "
                "they are saved; earlier ones are not known."
            )
        elif self.search.text().strip() or self.kind.currentData() or self.deleted_only.isChecked():
            text = self.tr("No change matches.")
        else:
            text = self.tr("No change is recorded yet.")
        self.count.setText(text)

    def selected_entry(self) -> HistoryItem | None:
        return self.entry_proxy.row_at(self.entries.currentIndex())

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.entry_proxy.row_at(current)
        if item is None:
            self._show(None, [])
            return
        with self.database.read() as session:
            details = history_details(session, item.id)
        self._show(item, details.changes)

    def _show(self, item: HistoryItem | None, changes: list[FieldChange]) -> None:
        self.change_model.set_rows(changes)
        self.changes.setVisible(item is not None)
        if item is None:
            self.caption.setText("")
            return
        self.changes.setColumnHidden(BEFORE_COLUMN, item.action is HistoryAction.CREATED)
        self.changes.setColumnHidden(AFTER_COLUMN, item.action is HistoryAction.DELETED)
        self.changes.resizeColumnToContents(FIELD_COLUMN)
        self.changes.resizeRowsToContents()
        self.caption.setText(self._caption(item))

    def _caption(self, item: HistoryItem) -> str:
        what = {
            HistoryAction.CREATED: self.tr("{who} created {record} on {when}. Its first values:"),
            HistoryAction.CHANGED: self.tr("{who} changed {record} on {when}:"),
            HistoryAction.DELETED: self.tr("{who} deleted {record} on {when}. Its last values:"),
        }[item.action]
        record = item.label or f"{kind_name(item.record_type)} {item.record_id}"
        return what.format(who=item.user_name, record=record, when=format_when(item.at))


def history_button(show: Callable[[], object], enabled: bool = True) -> QPushButton:
    """The "History…" button of an editor; ``show`` opens the record's history."""
    button = QPushButton(QCoreApplication.translate("History", "Histor&y…"))
    button.setAccessibleName(QCoreApplication.translate("History", "History"))
    button.setToolTip(QCoreApplication.translate("History", "Who changed this record, and when"))
    button.setAutoDefault(False)
    button.setEnabled(enabled)
    button.clicked.connect(lambda _checked=False: show())
    return button


def add_history_button(
    buttons: QDialogButtonBox, show: Callable[[], object], enabled: bool = True
) -> QPushButton:
    """A "History…" button among a dialog's buttons, in the help role: every
    platform sets it apart from Save and Cancel, and it closes nothing."""
    button = history_button(show, enabled)
    buttons.addButton(button, QDialogButtonBox.ButtonRole.HelpRole)
    return button


def open_record_history(
    parent: QWidget, database: Database, record_type: str, record_id: int | None, name: str
) -> HistoryDialog | None:
    """The history of one record, over its editor (nothing for a record not saved yet)."""
    if record_id is None:
        return None
    dialog = HistoryDialog(database, (record_type, record_id), name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
