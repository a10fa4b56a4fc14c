"""The form of one outcome: a conclusion, decision or recommendation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from rtcdesk.services.outcomes import check_outcome_fields
from rtcdesk.ui.meeting_editor.record_dialog import RecordDialog
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import OutcomeKind

if TYPE_CHECKING:
    from rtcdesk.services.outcomes import OutcomeRow


class OutcomeDialog(RecordDialog):
    """Add (``outcome`` None) or edit an outcome; ``save`` stores kind and
    text and returns the status message."""

    def __init__(
        self,
        outcome: OutcomeRow | None,
        save: Callable[[OutcomeKind, str], str],
        parent: QWidget | None = None,
    ):
        super().__init__(self.tr("New outcome") if outcome is None else self.tr("Outcome"), parent)
        self.kind = QComboBox()
        for kind in OutcomeKind:
            self.kind.addItem(enum_label(kind), kind)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("What the meeting concluded, decided or recommended"))
        self.text.setMinimumHeight(140)
        self.add_row(self.tr("&Kind:"), "Kind", self.kind)
        self.add_row(self.tr("&Text:"), "Text", self.text)
        if outcome is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(outcome.kind), 0))
            self.text.setPlainText(outcome.text)
        self.text.textChanged.connect(self.revalidate)
        self.connect_form(
            lambda: check_outcome_fields(self.text.toPlainText()),
            lambda: save(self.kind.currentData(), self.text.toPlainText()),
        )
