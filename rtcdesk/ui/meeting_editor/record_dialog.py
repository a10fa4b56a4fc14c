"""The small form behind Add and Edit in the meeting editor's list tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem, RtcdeskError, ValidationError
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.prompts import show_refusal

Check = Callable[[], list[FieldProblem]]
Save = Callable[[], str]


class RecordDialog(QDialog):
    """A form for one record, opened window-modal with ``open()``.

    Rows are added with ``add_row`` under the name the services give the
    field ("Title", "End time"), so that each problem shows under its input
    (see ``form_errors``) and Save stays disabled while there is one. Save
    runs the save function (one write transaction); when the service refuses,
    its problems appear on the form, which keeps what was typed. ``saved``
    carries the status message ("Added agenda item …").
    """

    saved = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FieldMessages()
        self.other_problems = QLabel()
        self.other_problems.setWordWrap(True)
        self.other_problems.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.other_problems)
        self.body.addStretch()
        self.body.addWidget(self.buttons)
        # Ctrl+S saves here as in the editors; Enter may belong to a field
        # (a person search takes the highlighted match with it).
        save_keys = QShortcut(QKeySequence.StandardKey.Save, self)
        save_keys.activated.connect(self.accept)
        self.save_button.setToolTip(
            save_keys.key().toString(QKeySequence.SequenceFormat.NativeText)
        )
        self._check: Check = list
        self._save: Save = str

    def showEvent(self, event: QShowEvent) -> None:
        """Open typing into the first field: Qt would put the focus on Save,
        the dialog's default button."""
        super().showEvent(event)
        focused = self.focusWidget()
        if focused is None or isinstance(focused, QAbstractButton):
            first = self.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
            row = first.widget() if first is not None else None
            inputs = [row, *row.findChildren(QWidget)] if row is not None else []
            for widget in inputs:
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    break

    def add_row(self, label_text: str, field: str, widget: QWidget) -> QLabel:
        """A labelled row showing the problems of ``field`` under ``widget``
        (from the moment the coordinator leaves it, see ``form_errors``)."""
        label = self.fields.add_row(self.form, field, label_text, widget)
        editor = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(editor, QLineEdit | QAbstractSpinBox):
            editor.editingFinished.connect(self.revalidate)
        return label

    def connect_form(self, check: Check, save: Save) -> None:
        """``check`` lists the problems of what is typed; ``save`` stores it
        and returns the status message. Call ``revalidate`` on every edit."""
        self._check, self._save = check, save
        self.revalidate()

    def revalidate(self, *_args: object) -> None:
        problems = self._check()
        self._show(problems)
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip(
            self.tr("Not yet: {problems}").format(problems="; ".join(map(str, problems)))
            if problems
            else ""
        )

    def _show(self, problems: list[FieldProblem]) -> None:
        elsewhere = self.fields.show(problems)
        self.other_problems.setText("\n".join(map(str, elsewhere)))
        self.other_problems.setVisible(bool(elsewhere))

    def accept(self) -> None:
        if not self.save_button.isEnabled():
            return
        try:
            message = self._save()
        except ValidationError as refused:
            self.fields.show_everything()
            self._show(refused.problems)
            return
        except RtcdeskError as refused:
            show_refusal(self, refused)
            self.reject()
            return
        self.saved.emit(message)
        super().accept()
