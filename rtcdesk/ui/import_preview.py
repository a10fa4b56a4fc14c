"""The first rows of a registration file as they will be stored, with every
refused cell highlighted and its reason in the tooltip; and the columns of
the list of refused rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from rtcdesk.services.registration_columns import FIELDS, as_text
from rtcdesk.ui.import_mapping import field_label
from rtcdesk.ui.tables import COLUMNS_CONTEXT, AnyIndex, Column, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.vocabulary import LabelledEnum

if TYPE_CHECKING:
    from rtcdesk.services.registrations import Layout, ParsedRow, RowProblem

_ROOT = QModelIndex()
#: How many rows the preview shows; the list of refused rows has them all.
PREVIEW_ROWS = 20
_REFUSED_BACKGROUND = QBrush(QColor("#f9d6d5"))
_REFUSED_FOREGROUND = QBrush(QColor("#7a1410"))

#: The list of refused rows: where, and why.
PROBLEM_COLUMNS: list[Column[RowProblem]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Sheet"), lambda p: p.sheet),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Row"),
        lambda p: str(p.row),
        sort_key=lambda p: p.row,
        numeric=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Column"), lambda p: p.column or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "Reason"), lambda p: p.message, stretch=True),
]


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file: the text shown per field, and the refused fields
    with their reasons (``reasons`` also holds those not tied to a column)."""

    row: int
    cells: dict[str, str]
    refused: dict[str, str] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


def shown(value: Any) -> str:
    """A parsed value as the coordinator reads it."""
    if value is None:
        return ""
    if isinstance(value, LabelledEnum):
        return enum_label(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def preview_rows(
    layout: Layout, parsed: list[ParsedRow], limit: int = PREVIEW_ROWS
) -> list[PreviewRow]:
    """The first ``limit`` rows; a refused cell shows what the file holds."""
    key_of = {layout.column_label(i): key for i, key in layout.mapping.items()}
    index_of = {key: i for i, key in layout.mapping.items()}
    file_rows = layout.sheet.rows[layout.header_index + 1 :]
    rows = []
    for file_row, parsed_row in zip(file_rows, parsed[:limit], strict=False):
        cells = {key: shown(value) for key, value in parsed_row.values.items()}
        refused: dict[str, str] = {}
        for problem in parsed_row.problems:
            key = key_of.get(problem.column or "")
            if key is None:
                continue
            refused[key] = "; ".join(p for p in (refused.get(key), problem.message) if p)
            if key not in cells:
                raw = file_row.values[index_of[key]] if index_of[key] < len(file_row.values) else ""
                cells[key] = as_text(raw)
        reasons = tuple(str(p) for p in parsed_row.problems)
        rows.append(PreviewRow(parsed_row.row, cells, refused, reasons))
    return rows


class PreviewModel(QAbstractTableModel):
    """Rows it is given, one column per mapped field (in the fields' order)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._fields: list[str] = []
        self._rows: list[PreviewRow] = []

    def set_preview(self, mapped: list[str], rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self._fields = [key for key in FIELDS if key in mapped]
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> PreviewRow:
        return self._rows[number]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._fields) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return QCoreApplication.translate(COLUMNS_CONTEXT, "Row")
        if 0 < section <= len(self._fields):
            return field_label(self._fields[section - 1])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() == 0:
            return self._row_number(row, role)
        key = self._fields[index.column() - 1]
        reason = row.refused.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells.get(key, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return reason or row.cells.get(key) or None
        if reason and role == Qt.ItemDataRole.BackgroundRole:
            return _REFUSED_BACKGROUND
        if reason and role == Qt.ItemDataRole.ForegroundRole:
            return _REFUSED_FOREGROUND
        return None

    def _row_number(self, row: PreviewRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if row.reasons and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.reasons)
        if row.reasons and role == Qt.ItemDataRole.BackgroundRole:
            return _REFUSED_BACKGROUND
        if row.reasons and role == Qt.ItemDataRole.ForegroundRole:
            return _REFUSED_FOREGROUND
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
