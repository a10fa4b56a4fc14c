"""Carrying the open action items of a series into its new meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.outcomes import ActionRow, carry_over
from rtcdesk.ui.meeting_editor.ticked_rows import TickedRowsModel
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[ActionRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda r: r.description, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Owner"), lambda r: r.owner),
    Column(QT_TRANSLATE_NOOP("Columns", "Due"), lambda r: format_date(r.due_date)),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(QT_TRANSLATE_NOOP("Columns", "From"), lambda r: r.meeting_title),
]


class CarryOverDialog(QDialog):
    """The open items of earlier meetings of the series, all ticked; Carry
    over copies the ticked ones into the meeting ``meeting_id`` (linked to
    where they came from, so none is carried twice)."""

    #: "Carried 2 action items into 23rd RTC Heads Meeting".
    carried = Signal(str)

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        meeting_name: str,
        rows: list[ActionRow],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.meeting_name = meeting_name
        self.setWindowTitle(self.tr("Open action items"))
        self.resize(900, 420)

        intro = QLabel(
            self.tr(
                "These action items of earlier meetings of the series are still open. "
                "The ticked ones are carried into {meeting}; the others stay where they are."
            ).format(meeting=meeting_name)
        )
        intro.setWordWrap(True)
        self.model: TickedRowsModel[ActionRow] = TickedRowsModel(COLUMNS, self)
        self.model.set_rows(rows)
        self.table = RowTable()
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Open action items"))
        self.table.fit_columns([0])
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        intro.setBuddy(self.table)

        self.buttons = QDialogButtonBox()
        self.carry_button = self.buttons.addButton(
            self.tr("Carry over"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button = self.buttons.addButton(
            self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.dataChanged.connect(self._update_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _update_button(self, *_args: object) -> None:
        self.carry_button.setEnabled(bool(self.model.ticked()))

    def accept(self) -> None:
        ids = [row.id for row in self.model.ticked()]
        try:
            with self.database.write() as session:
                carry_over(session, self.meeting_id, ids)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            self.reject()
            return
        self.carried.emit(
            self.tr("Carried %n action item(s) into {meeting}", "", len(ids)).format(
                meeting=self.meeting_name
            )
        )
        super().accept()
