"""The speakers of one agenda item while its form is open: who, and whether
they join virtually (a check box in the second column)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from rtcdesk.services.agenda import SpeakerData
from rtcdesk.ui.tables import COLUMNS_CONTEXT
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.vocabulary import AttendanceMode

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
NAME_COLUMN, VIRTUAL_COLUMN = 0, 1
_TITLES = (
    QT_TRANSLATE_NOOP("Columns", "Speaker"),
    QT_TRANSLATE_NOOP("Columns", "Joins virtually"),
)


@dataclass
class Speaker:
    person_id: int
    name: str
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON


class SpeakersModel(QAbstractTableModel):
    changed = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._speakers: list[Speaker] = []

    def set_speakers(self, speakers: list[Speaker]) -> None:
        self.beginResetModel()
        self._speakers = list(speakers)
        self.endResetModel()

    def add(
        self, person_id: int, name: str, mode: AttendanceMode = AttendanceMode.IN_PERSON
    ) -> bool:
        """Add a speaker at the end; False when they are already there."""
        if any(s.person_id == person_id for s in self._speakers):
            return False
        row = len(self._speakers)
        self.beginInsertRows(_ROOT, row, row)
        self._speakers.append(Speaker(person_id, name, mode))
        self.endInsertRows()
        self.changed.emit()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._speakers):
            self.beginRemoveRows(_ROOT, row, row)
            del self._speakers[row]
            self.endRemoveRows()
            self.changed.emit()

    def speaker_data(self) -> list[SpeakerData]:
        return [SpeakerData(s.person_id, s.attendance_mode) for s in self._speakers]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._speakers)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(COLUMNS_CONTEXT, _TITLES[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == VIRTUAL_COLUMN:
            return QCoreApplication.translate(
                "SpeakersModel", "Ticked: the speaker speaks online (Space ticks or unticks)"
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == VIRTUAL_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._speakers):
            return None
        speaker = self._speakers[index.row()]
        virtual = speaker.attendance_mode is AttendanceMode.VIRTUAL
        if index.column() == NAME_COLUMN and role == Qt.ItemDataRole.DisplayRole:
            return speaker.name
        if index.column() == VIRTUAL_COLUMN and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if virtual else Qt.CheckState.Unchecked
        if index.column() == VIRTUAL_COLUMN and role == Qt.ItemDataRole.AccessibleTextRole:
            return QCoreApplication.translate(
                "SpeakersModel", "Joins virtually" if virtual else "In person"
            )
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != VIRTUAL_COLUMN
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self._speakers[index.row()].attendance_mode = (
            AttendanceMode.VIRTUAL if checked else AttendanceMode.IN_PERSON
        )
        self.dataChanged.emit(index, index, [role])
        self.changed.emit()
        return True
