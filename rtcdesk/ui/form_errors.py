"""Messages under form fields: what is wrong with a field, shown in red right
below it, in the service's own words.

A form registers each field under the name the services use in their
``FieldProblem``\\ s ("Family name", "E-mail"), then hands over the problems
found. A field's message shows once the coordinator has left the field (or
tried to save), so that "not an e-mail address" does not flash up while the
address is still being typed; afterwards it follows every key press.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from rtcdesk.errors import FieldProblem

#: Service messages that read as the end of a sentence about the field
#: ("is required", "must be a positive number") get the field's name in front.
_PREDICATES = ("is ", "must ", "contains ")
_RED_ON_LIGHT, _RED_ON_DARK = "#b3261e", "#ff8a80"


def message_for(caption: str, problem: FieldProblem) -> str:
    """ "Family name is required"; "'x' is not an e-mail address"."""
    text = problem.message
    if text.startswith(_PREDICATES):
        return QCoreApplication.translate("FormErrors", "{field} {problem}").format(
            field=caption, problem=text
        )
    return text[:1].upper() + text[1:]


class FieldMessages:
    """The fields of one form and the red message label under each."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[str, QWidget, QLabel]] = {}
        self._visited: set[str] = set()
        self._everything_visible = False
        self._problems: list[FieldProblem] = []

    def add_row(self, form: QFormLayout, field: str, caption: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to ``form`` under the label ``caption`` (with a
        mnemonic "&"), its message label below it; returns the caption label."""
        label = QLabel(caption)
        # The input itself: Qt ignores a buddy that only forwards the focus
        # (a row of inputs with a focus proxy), and the Alt+letter does nothing.
        label.setBuddy(focus_target(widget))
        plain = caption.replace("&", "").rstrip(":")
        widget.setAccessibleName(plain)
        message = QLabel()
        message.setWordWrap(True)
        message.setVisible(False)
        message.setAccessibleName(
            QCoreApplication.translate("FormErrors", "Problem with {field}").format(field=plain)
        )
        red = _RED_ON_DARK if _is_dark(widget) else _RED_ON_LIGHT
        message.setStyleSheet(f"color: {red};")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        form.addRow(label, holder)
        self._fields[field] = (plain, widget, message)
        _when_left(widget, lambda: self.visit(field))
        return label

    def message_label(self, field: str) -> QLabel:
        return self._fields[field][2]

    def sentences(self, problems: Iterable[FieldProblem]) -> list[str]:
        """The problems worded as under their fields, each naming its field."""
        found = []
        for problem in problems:
            caption = self._fields[problem.field][0] if problem.field in self._fields else ""
            text = message_for(caption or problem.field, problem)
            found.append(text if text.startswith(caption) else f"{caption}: {text}")
        return found

    def visit(self, field: str) -> None:
        """The coordinator has left ``field``: its message shows from now on."""
        self._visited.add(field)
        self.show(self._problems)

    def show_everything(self) -> None:
        """Show every field's message (after an attempt to save)."""
        self._everything_visible = True
        self.show(self._problems)

    def show(self, problems: Iterable[FieldProblem]) -> list[FieldProblem]:
        """Put each problem under its field; returns those no field here takes."""
        self._problems = list(problems)
        by_field: dict[str, FieldProblem] = {}
        homeless: list[FieldProblem] = []
        for problem in self._problems:
            if problem.field in self._fields:
                by_field.setdefault(problem.field, problem)
            else:
                homeless.append(problem)
        for field, (caption, widget, label) in self._fields.items():
            if not (isValid(label) and isValid(widget)):
                # The form is being torn down: a field losing focus as its
                # window closes still reports that it was left.
                continue
            shown = by_field.get(field)
            visible = shown is not None and (self._everything_visible or field in self._visited)
            text = message_for(caption, shown) if shown is not None and visible else ""
            label.setText(text)
            label.setVisible(bool(text))
            widget.setAccessibleDescription(text)
        return homeless


def _when_left(widget: QWidget, visited: Callable[[], None]) -> None:
    """Call ``visited`` when the coordinator finishes with ``widget``."""
    editor = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    if isinstance(editor, QLineEdit | QAbstractSpinBox):
        editor.editingFinished.connect(visited)
    elif isinstance(widget, QComboBox):
        widget.activated.connect(visited)


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def focus_target(widget: QWidget) -> QWidget:
    """The input that takes the focus for ``widget`` (following its focus
    proxies): what a label's buddy must be for its Alt+letter to work."""
    while (proxy := widget.focusProxy()) is not None:
        widget = proxy
    return widget
