"""The participant counts a coordinator reports: in total, and by status,
attendance mode and gender (the per-delegation counts are in the
delegations table)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from rtcdesk.services.participants import ParticipationCounts
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import AttendanceMode, Gender, LabelledEnum, ParticipationStatus

#: Rows per column inside a group, so the panel stays a low strip.
_ROWS = 3


class CountsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._values: dict[LabelledEnum, QLabel] = {}

        self.total = QLabel("0")
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.total.setFont(font)
        self.total.setAlignment(Qt.AlignmentFlag.AlignCenter)
        total_box = QGroupBox(self.tr("Total"))
        QHBoxLayout(total_box).addWidget(self.total)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(total_box)
        layout.addWidget(self._group(self.tr("By status"), list(ParticipationStatus)), 3)
        layout.addWidget(self._group(self.tr("By attendance"), list(AttendanceMode)), 1)
        layout.addWidget(self._group(self.tr("By gender"), list(Gender)), 2)

    def _group(self, title: str, members: list[LabelledEnum]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for n, member in enumerate(members):
            row, pair = n % _ROWS, n // _ROWS
            value = QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("000"))
            grid.addWidget(QLabel(enum_label(member)), row, pair * 2)
            grid.addWidget(value, row, pair * 2 + 1)
            self._values[member] = value
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 1 if column % 2 else 0)
        return box

    def show_counts(self, counts: ParticipationCounts) -> None:
        self.total.setText(str(counts.total))
        self.total.setAccessibleName(self.tr("%n participant(s)", "", counts.total))
        counted: dict[LabelledEnum, int] = dict(counts.by_status.items())
        counted.update(counts.by_mode.items())
        counted.update(counts.by_gender.items())
        for member, label in self._values.items():
            n = counted.get(member, 0)
            label.setText(str(n))
            label.setEnabled(n > 0)
            label.setAccessibleName(f"{enum_label(member)}: {n}")

    def value(self, member: LabelledEnum) -> int:
        """The count shown for ``member`` (a status, attendance mode or gender)."""
        return int(self._values[member].text())
