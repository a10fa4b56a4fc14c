"""What a workspace shows instead of an empty grid: what it is for and how to start."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rtcdesk.ui import load_icon


class EmptyState(QWidget):
    def __init__(
        self,
        heading: str,
        explanation: str,
        buttons: Sequence[QPushButton] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        picture = QLabel()
        picture.setPixmap(load_icon("rtcdesk.svg").pixmap(96, 96))
        picture.setFixedHeight(96)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.heading = QLabel(heading)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)

        row = QHBoxLayout()
        row.addStretch()
        for button in buttons:
            button.setAccessibleName(button.text().replace("&", ""))
            row.addWidget(button)
        row.addStretch()

        content = QWidget()
        content.setFixedWidth(480)
        column = QVBoxLayout(content)
        column.addWidget(picture)
        column.addSpacing(12)
        column.addWidget(self.heading)
        column.addSpacing(4)
        column.addWidget(self.explanation)
        column.addSpacing(16)
        column.addLayout(row)

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(content, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
