"""A one-line label that never widens its window.

Status lines ("Saved 21st RTC Heads Meeting", "Wrote /home/…/participants.xlsx")
hold text of any length. A plain QLabel asks for its whole text's width, and a
top-level window grows to honour that: the meeting editor went from 1100 to
1355 px and the survey editor to 1586 px, pushing its buttons off screen. This
label asks for little, cuts the text with "…" where it must, and shows the
whole text in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

#: The width asked for, in average characters; the layout gives it more.
_MINIMUM_CHARACTERS = 12


class ElidedLabel(QFrame):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self._update_tooltip()
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.setText("")

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self._text) > self.contentsRect().width()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = min(metrics.horizontalAdvance(self._text), metrics.averageCharWidth() * 60)
        return QSize(width, metrics.height())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * _MINIMUM_CHARACTERS, metrics.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self._text, Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        # The whole text is always one hover away, cut or not: a screen
        # reader reads it from the accessible description too.
        self.setToolTip(self._text)
        self.setAccessibleDescription(self._text)
