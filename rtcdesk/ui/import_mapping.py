"""The columns of a registration file and the field each one feeds: a table
with the column's header, its first values and a combo box to choose the
field (or "not imported")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from rtcdesk.services.registration_columns import FIELDS, as_text
from rtcdesk.ui.combo_delegate import ChoicesRole
from rtcdesk.ui.tables import COLUMNS_CONTEXT, AnyIndex, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from rtcdesk.services.registrations import Layout

_ROOT = QModelIndex()
CONTEXT = "ImportFields"
#: The registration fields as the dialog names them (the service's labels, translatable).
FIELD_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP(CONTEXT, "Title"),
    "given_name": QT_TRANSLATE_NOOP(CONTEXT, "Given name"),
    "family_name": QT_TRANSLATE_NOOP(CONTEXT, "Family name"),
    "email": QT_TRANSLATE_NOOP(CONTEXT, "E-mail"),
    "position": QT_TRANSLATE_NOOP(CONTEXT, "Position"),
    "organisation": QT_TRANSLATE_NOOP(CONTEXT, "Organisation"),
    "economy": QT_TRANSLATE_NOOP(CONTEXT, "Economy"),
    "phone": QT_TRANSLATE_NOOP(CONTEXT, "Phone"),
    "gender": QT_TRANSLATE_NOOP(CONTEXT, "Gender"),
    "attendance": QT_TRANSLATE_NOOP(CONTEXT, "Attendance"),
    "role": QT_TRANSLATE_NOOP(CONTEXT, "Role"),
    "status": QT_TRANSLATE_NOOP(CONTEXT, "Status"),
    "post_nominals": QT_TRANSLATE_NOOP(CONTEXT, "Post-nominals"),
    "arrival_date": QT_TRANSLATE_NOOP(CONTEXT, "Arrival"),
    "departure_date": QT_TRANSLATE_NOOP(CONTEXT, "Departure"),
    "notes": QT_TRANSLATE_NOOP(CONTEXT, "Notes"),
}
#: How many values of each column the table shows.
SAMPLES = 3

COL_COLUMN, COL_SAMPLES, COL_FIELD = range(3)
_HEADERS = [
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Column in the file"),
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "First values"),
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Imported as"),
]


def field_label(key: str) -> str:
    text = FIELD_LABELS.get(key)
    return QCoreApplication.translate(CONTEXT, text) if text else FIELDS[key].label


def not_imported() -> str:
    return QCoreApplication.translate(CONTEXT, "— not imported —")


@dataclass(frozen=True)
class FileColumn:
    """One column of the file: its number, how problems name it, its first values."""

    index: int
    label: str
    samples: tuple[str, ...]


def sample_text(value: object) -> str:
    """A cell as the table shows it: dates in the coordinator's format."""
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value)
    return as_text(value)


def file_columns(layout: Layout) -> list[FileColumn]:
    """The columns that have a header or a value below it."""
    data = layout.sheet.rows[layout.header_index + 1 :]
    columns = []
    for index, header in enumerate(layout.headers):
        samples: list[str] = []
        for row in data:
            text = sample_text(row.values[index]) if index < len(row.values) else ""
            if text:
                samples.append(text)
            if len(samples) == SAMPLES:
                break
        if header or samples:
            columns.append(FileColumn(index, layout.column_label(index), tuple(samples)))
    return columns


class MappingModel(QAbstractTableModel):
    """Holds the file's columns and the mapping it is given. Choosing a field
    only asks for it (``field_chosen``); the dialog applies the service's rule
    (one column per field) and hands back the whole mapping."""

    #: (the column's index in the file, the field key or None).
    field_chosen = Signal(int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._columns: list[FileColumn] = []
        self._mapping: dict[int, str] = {}

    def set_columns(self, columns: list[FileColumn], mapping: dict[int, str]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._mapping = dict(mapping)
        self.endResetModel()

    def set_mapping(self, mapping: dict[int, str]) -> None:
        """A new mapping; only the rows whose field changed are redrawn."""
        old, self._mapping = self._mapping, dict(mapping)
        for row, column in enumerate(self._columns):
            if old.get(column.index) != self._mapping.get(column.index):
                index = self.index(row, COL_FIELD)
                self.dataChanged.emit(index, index)

    def row_of(self, label: str) -> int:
        """The table row of the file column called ``label``."""
        return next(n for n, c in enumerate(self._columns) if c.label == label)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate(COLUMNS_CONTEXT, _HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._columns):
            return None
        column = self._columns[index.row()]
        key = self._mapping.get(column.index)
        if index.column() == COL_COLUMN and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return column.label
        if index.column() == COL_SAMPLES:
            if role == Qt.ItemDataRole.DisplayRole:
                return ", ".join(column.samples)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(column.samples) or None
        if index.column() == COL_FIELD:
            if role == Qt.ItemDataRole.DisplayRole:
                return field_label(key) if key else not_imported()
            if role == Qt.ItemDataRole.EditRole:
                return key
            if role == ChoicesRole:
                return [(not_imported(), None)] + [(field_label(k), k) for k in FIELDS]
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return QCoreApplication.translate(
                    CONTEXT, "Imported as, for the column {column}"
                ).format(column=column.label)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_FIELD:
            return False
        column = self._columns[index.row()]
        if value != self._mapping.get(column.index):
            self.field_chosen.emit(column.index, value)
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == COL_FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
