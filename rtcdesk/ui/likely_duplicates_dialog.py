"""People > Likely duplicates: pairs of records that are most likely one
person (the same e-mail address, the same name in either order), with the
reason, each one click from the merge dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import NotFoundError
from rtcdesk.services.person_duplicates import DuplicatePair, likely_duplicate_pairs
from rtcdesk.ui.merge_people_dialog import MergePeopleDialog
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def _who(person: object) -> str:
    organisation = getattr(person, "organisation_name", None)
    name = str(getattr(person, "display_name", ""))
    return f"{name} ({organisation})" if organisation else name


PAIR_COLUMNS: list[Column[DuplicatePair]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Record"), lambda p: _who(p.first)),
    Column(QT_TRANSLATE_NOOP("Columns", "Likely the same as"), lambda p: _who(p.second)),
    Column(QT_TRANSLATE_NOOP("Columns", "Why"), lambda p: p.reason, stretch=True),
]


class LikelyDuplicatesDialog(QDialog):
    """The likely duplicate pairs; Merge opens the merge dialog on the chosen one."""

    #: A pair was merged: what the status bar should say.
    merged = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("Likely duplicates"))
        self.resize(940, 440)
        note = QLabel(
            self.tr(
                "Records that are most likely of one person: the same e-mail address, or "
                "the same name in either order. Choose a pair and Merge to make them one; "
                "leave the pairs that are two people."
            )
        )
        note.setWordWrap(True)
        self.pairs: RowTableModel[DuplicatePair] = RowTableModel(PAIR_COLUMNS, self)
        self.proxy: RowFilterProxy[DuplicatePair] = RowFilterProxy(None, self)
        self.proxy.setSourceModel(self.pairs)
        self.table = RowTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Likely duplicate pairs"))
        self.table.open_requested.connect(self.merge_current)
        self.empty = QLabel(
            self.tr("No likely duplicates: every name and e-mail is on one record.")
        )
        self.merge_button = QPushButton(self.tr("&Merge…"))
        self.merge_button.setAccessibleName(self.tr("Merge the chosen pair"))
        self.merge_button.clicked.connect(self.merge_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.open_dialog: MergePeopleDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        with self.database.read() as session:
            pairs = likely_duplicate_pairs(session)
        self.pairs.set_rows(pairs)
        self.table.fit_columns([0, 1, 2])
        self.empty.setVisible(not pairs)
        self.merge_button.setEnabled(bool(pairs))
        if pairs:
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def merge_current(self) -> MergePeopleDialog | None:
        pair = self.proxy.row_at(self.table.currentIndex())
        if pair is None:
            return None
        try:
            dialog = MergePeopleDialog(self.database, pair.first.id, pair.second.id, self)
        except NotFoundError as gone:
            show_refusal(self, gone, self.tr("Not found"))
            self.refresh()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self.merged)
        dialog.finished.connect(lambda _result: self._merge_closed())
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _merge_closed(self) -> None:
        self.open_dialog = None
        self.refresh()
