"""A small dialog that creates one record a picker did not find (a person, an
organisation), opened over the dialog the coordinator is working in.

It is a ``RecordEditor`` for a new record: the form is checked as it is
typed with the services' own rules, Save stays disabled while anything is
wrong, and saving is one write transaction. The form's ``read`` returns the
pre-filled data, so only what the coordinator changes counts as unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rtcdesk.ui.record_editor import RecordEditor, RecordForm

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

D = TypeVar("D")


class CreationDialog(RecordEditor[D]):
    """The ``form`` (a widget) and the Save and Cancel buttons; deletes itself
    once closed."""

    #: The record was saved: its id.
    created = Signal(int)

    def __init__(
        self,
        database: Database,
        form: RecordForm[D],
        title: str,
        first_field: QWidget,
        parent: QWidget | None = None,
    ):
        super().__init__(database, None, form, parent)
        assert isinstance(form, QWidget), "the form is shown in the dialog"
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.reload()
        first_field.setFocus()

    def accept(self) -> None:
        """Close after a save, telling who asked which record it created."""
        super().accept()
        assert self.record_id is not None, "accepted only once saved"
        self.created.emit(self.record_id)
