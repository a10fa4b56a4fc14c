"""One input per question type, for typing in a response received on paper
or by e-mail. Each gives the answer as the service takes it (None for no
answer); the service checks it."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.services.survey_design import QuestionRow
from rtcdesk.ui.date_fields import DateField
from rtcdesk.vocabulary import QuestionKind

TEXT_LINES = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnswerInputs", text)


class AnswerInput(Protocol):
    def widget(self) -> QWidget: ...

    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...


class ListInput(QComboBox):
    """Yes/no, one choice, or a point of a rating scale; the first entry is "no answer"."""

    def __init__(self, entries: list[tuple[str, Any]]):
        super().__init__()
        self.addItem(_tr("(no answer)"), None)
        for text, value in entries:
            self.addItem(text, value)

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        self.setCurrentIndex(max(self.findData(value), 0))


class TicksInput(QWidget):
    """A multiple choice: one check box per choice."""

    def __init__(self, choices: tuple[str, ...]):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.boxes = [QCheckBox(choice) for choice in choices]
        for box in self.boxes:
            column.addWidget(box)
        if self.boxes:
            self.setFocusProxy(self.boxes[0])

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        ticked = [box.text() for box in self.boxes if box.isChecked()]
        return ticked or None

    def set_value(self, value: Any) -> None:
        chosen = set(value if isinstance(value, list) else [value])
        for box in self.boxes:
            box.setChecked(box.text() in chosen)


class LineInput(QLineEdit):
    """A number, typed as the respondent wrote it ("1,500" is fine)."""

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        return self.text()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class DateInput(DateField):
    """A date; empty for no answer. Text it cannot read goes to the service
    as typed, which refuses it with a message under the question."""

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        return self.date() or self.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.set_date(date.fromisoformat(value) if isinstance(value, str) else value)


class TextInput(QPlainTextEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * TEXT_LINES + 14)

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        self.setPlainText("" if value is None else str(value))


def _scale_entries(q: QuestionRow) -> list[tuple[str, Any]]:
    low, high = q.scale_min or 0, q.scale_max or 0
    labels = {low: q.scale_min_label, high: q.scale_max_label}
    return [(f"{n} — {labels[n]}" if labels.get(n) else str(n), n) for n in range(low, high + 1)]


def answer_input(question: QuestionRow) -> AnswerInput:
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        return ListInput([(_tr("Yes"), True), (_tr("No"), False)])
    if kind is QuestionKind.SINGLE_CHOICE:
        return ListInput([(c, c) for c in question.choices])
    if kind is QuestionKind.RATING:
        return ListInput(_scale_entries(question))
    if kind is QuestionKind.MULTIPLE_CHOICE:
        return TicksInput(question.choices)
    if kind is QuestionKind.NUMBER:
        return LineInput()
    if kind is QuestionKind.DATE:
        return DateInput()
    return TextInput()
