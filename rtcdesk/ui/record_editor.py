"""The behaviour every record editor dialog shares: load, check as you type,
save in one transaction, refuse a stale save, offer to save a record deleted
meanwhile as a new one, ask before losing changes.

The fields of each kind of record live in a form widget (a ``RecordForm``:
it lays them out, reads and writes them through the services, and registers
them with ``form_errors``); ``RecordEditor`` is the dialog around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from rtcdesk.errors import (
    FieldProblem,
    NotFoundError,
    RtcdeskError,
    StaleEditError,
    ValidationError,
)
from rtcdesk.services.conflicts import record_conflict
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.prompts import Button, ask_unsaved, show_refusal
from rtcdesk.ui.stale_edit import SaveAsNew, settle_conflict, settle_deletion

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database

D = TypeVar("D")


class RecordForm(Protocol[D]):
    """The fields of one kind of record (``D`` is the service's data class),
    as a ``RecordEditor`` shows them. A form may also have
    ``confirm_new(parent, data) -> bool``, asked before a new record is
    written (a person likely on record already)."""

    #: The message labels under the fields.
    fields: FieldMessages
    #: Any field changed.
    changed: SignalInstance

    def read(self, session: Session, record_id: int | None) -> tuple[D, int | None]:
        """The record's data and version (defaults and None for a new one);
        also loads whatever else the form shows about it."""
        ...

    def show_data(self, data: D) -> None: ...

    def form_data(self) -> D: ...

    def problems(self, data: D) -> list[FieldProblem]:
        """What is wrong with ``data``, found without the database."""
        ...

    def write(
        self, session: Session, record_id: int | None, data: D, expected_version: int | None
    ) -> tuple[int, int]:
        """Create or update the record; returns its id and new version."""
        ...

    def describe(self, data: D) -> str:
        """The record's name for messages ("Mr. AOYAMA Shigetoshi", "the new person")."""
        ...


class RecordEditor(QDialog, Generic[D]):
    """A dialog editing one record through its ``form``; the subclass lays
    the form and ``buttons`` out and then calls ``reload``."""

    #: What the status bar should say after a save ("Saved Mr. AOYAMA Shigetoshi").
    saved = Signal(str)

    def __init__(
        self,
        database: Database,
        record_id: int | None,
        form: RecordForm[D],
        parent: QWidget | None,
    ):
        super().__init__(parent)
        self.database = database
        self.record_id = record_id
        self.version: int | None = None
        self.form = form
        self._loaded: D | None = None

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        form.changed.connect(self.changed)

    def reload(self) -> None:
        """Show the record as stored now, dropping any changes made here."""
        with self.database.read() as session:
            data, self.version = self.form.read(session, self.record_id)
        self.form.show_data(data)
        self._loaded = self.form.form_data()
        self.changed()

    def is_modified(self) -> bool:
        return self._loaded is not None and self.form.form_data() != self._loaded

    def changed(self) -> None:
        """Check the form again (on every change of a field)."""
        found = self.form.problems(self.form.form_data())
        self.form.fields.show(found)
        allowed = not found
        self.save_button.setEnabled(allowed)
        self.save_action.setEnabled(allowed)
        shortcut = self.save_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.save_button.setToolTip(
            self.tr("Save and close ({shortcut})").format(shortcut=shortcut)
            if allowed
            else self.tr("Not yet: {problems}").format(
                problems="; ".join(self.form.fields.sentences(found))
            )
        )

    def save(self) -> bool:
        """Save in one transaction and close; False (and the dialog stays
        open, saying why) when the save was refused."""
        data = self.form.form_data()
        self.form.fields.show_everything()
        if self.form.problems(data):
            self.changed()
            return False
        confirm_new = getattr(self.form, "confirm_new", None)
        if self.record_id is None and confirm_new is not None and not confirm_new(self, data):
            return False
        try:
            with self.database.write() as session:
                self.record_id, self.version = self.form.write(
                    session, self.record_id, data, self.version
                )
        except ValidationError as refused:
            elsewhere = self.form.fields.show(refused.problems)
            if elsewhere:
                show_refusal(self, ValidationError(refused.what, elsewhere))
            return False
        except StaleEditError:
            return self._resolve_conflict(data)
        except NotFoundError as gone:
            return self._resolve_deletion(gone)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return False
        self._loaded = data
        self.saved.emit(self.tr("Saved {name}").format(name=self.form.describe(data)))
        self.accept()
        return True

    def _resolve_conflict(self, data: D) -> bool:
        """Someone else saved it first: show what differs and do what the
        coordinator chooses (``settle_conflict``). True if the overwrite was saved."""
        record_id = self.record_id
        assert record_id is not None, "a record not yet saved cannot be stale"
        loaded = self._loaded if self._loaded is not None else data
        return settle_conflict(
            self,
            self.database,
            lambda session: record_conflict(
                session, record_id, self.form.describe(loaded), loaded, data
            ),
            self.reload,
            self._save_over,
        )

    def _save_over(self, stored_version: int) -> bool:
        self.version = stored_version
        return self.save()

    def save_as_new_offer(self) -> SaveAsNew | None:
        """How this editor offers to save its data as a new record once its
        record was deleted meanwhile; None where it cannot."""
        return None

    def _resolve_deletion(self, gone: NotFoundError) -> bool:
        """Someone deleted the record meanwhile: say who and when, and save
        the form as a new record if the coordinator chooses so."""
        return settle_deletion(
            self, self.database, self.record_id, gone, self.save_as_new_offer(), self._save_as_new
        )

    def _save_as_new(self) -> bool:
        """Save the form as a new record (its own was deleted)."""
        self.record_id, self.version = None, None
        return self.save()

    def reject(self) -> None:
        """Cancel, Escape and the window's close button: ask first if anything changed."""
        if self.is_modified():
            answer = ask_unsaved(self, self.form.describe(self.form.form_data()))
            if answer == Button.Cancel:
                return
            if answer == Button.Save:
                self.save()
                return
        super().reject()
