"""Horizontal bars in a table cell, for shares and rates (no QtCharts needed).

The delegate reads the cell's raw value from the model's sort role (a
fraction from 0 to 1, as ``Column.sort_key`` gives it) and paints a bar that
long, with the cell's text (the percentage) beside it, so that the table
stays readable to screen readers and when copied: the bar is decoration.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from rtcdesk.ui.tables import SortRole

#: Room kept right of the bar for the text ("100%").
TEXT_WIDTH = 44
MARGIN = 4
BAR_WIDTH_HINT = 180


class BarDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)

        fraction = index.data(SortRole)
        fraction = min(max(float(fraction), 0.0), 1.0) if isinstance(fraction, int | float) else 0.0
        area = option.rect.adjusted(MARGIN, MARGIN, -(TEXT_WIDTH + MARGIN), -MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(area, 2, 2)
        if fraction > 0:
            bar = QRect(area)
            bar.setWidth(max(2, round(area.width() * fraction)))
            colour = palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            )
            painter.setBrush(colour)
            painter.drawRoundedRect(bar, 2, 2)
        text_rect = QRect(
            area.right() + MARGIN, option.rect.top(), TEXT_WIDTH, option.rect.height()
        )
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, align, text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), BAR_WIDTH_HINT + TEXT_WIDTH), hint.height())
