"""The form of one question, with the inputs its type needs: the choices of
a choice question, the scale and its end labels of a rating.

Checked as the coordinator types (``surveys.check_question_fields``); what
only the database can tell (a code already used, a change that answers
already collected forbid) shows under the same fields when Save is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from rtcdesk.services.survey_design import QuestionRow
from rtcdesk.services.surveys import (
    CHOICE_KINDS,
    QuestionData,
    check_question_fields,
    number_range,
)
from rtcdesk.ui.meeting_editor.record_dialog import RecordDialog
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import QuestionKind

DEFAULT_SCALE = (1, 5)
SCALE_LIMIT = 100
#: The widest range a number question can be given; its largest "no limit".
NUMBER_LIMIT = 1_000_000_000
NO_LIMIT = -1


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class QuestionDialog(RecordDialog):
    """Add (``question`` None, with ``code`` suggested) or edit a question;
    ``save`` stores the form's ``QuestionData`` and returns the status message."""

    def __init__(
        self,
        question: QuestionRow | None,
        code: str,
        sections: list[str],
        save: Callable[[QuestionData], str],
        parent: QWidget | None = None,
    ):
        title = self.tr("New question") if question is None else self.tr("Question")
        super().__init__(title, parent)
        self.answers_note = QLabel()
        self.answers_note.setWordWrap(True)
        self.answers_note.hide()

        self.kind = QComboBox()
        for kind in QuestionKind:
            self.kind.addItem(enum_label(kind), kind)
        self.code = QLineEdit(code)
        self.code.setToolTip(
            self.tr(
                "A short name for the question: the column header when results are "
                "exported with codes"
            )
        )
        self.text = _text_box(3)
        self.required = QCheckBox(self.tr("An answer is required"))
        self.section = QComboBox()
        self.section.setEditable(True)
        self.section.addItem("")
        self.section.addItems(sections)
        self.section.setToolTip(
            self.tr(
                "Questions of one section are printed under one heading. Rating statements "
                "of a section that share one scale form a grid."
            )
        )
        self.help_text = QLineEdit()
        self.help_text.setPlaceholderText(self.tr("Shown under the question (optional)"))
        self.choices = _text_box(5)
        self.choices.setPlaceholderText(self.tr("One choice per line"))
        self.scale_min = QSpinBox()
        self.scale_max = QSpinBox()
        for box in (self.scale_min, self.scale_max):
            box.setRange(-SCALE_LIMIT, SCALE_LIMIT)
        self.scale_min.setValue(DEFAULT_SCALE[0])
        self.scale_max.setValue(DEFAULT_SCALE[1])
        self.scale_min.setAccessibleName(self.tr("Lowest value"))
        self.scale_max.setAccessibleName(self.tr("Highest value"))
        scale = self._from_to(self.scale_min, self.scale_max)
        self.number_min = QSpinBox()
        self.number_min.setRange(-NUMBER_LIMIT, NUMBER_LIMIT)
        self.number_min.setAccessibleName(self.tr("Smallest answer"))
        self.number_max = QSpinBox()
        # The lowest value means no limit (a count has no natural top).
        self.number_max.setRange(NO_LIMIT, NUMBER_LIMIT)
        self.number_max.setSpecialValueText(self.tr("no limit"))
        self.number_max.setValue(NO_LIMIT)
        self.number_max.setAccessibleName(self.tr("Largest answer"))
        number_range = self._from_to(self.number_min, self.number_max)
        self.decimals = QCheckBox(self.tr("deci&mals allowed"))
        self.decimals.setToolTip(self.tr("Off: whole numbers only (a count of people, days)"))
        range_layout = number_range.layout()
        assert isinstance(range_layout, QHBoxLayout)
        range_layout.insertWidget(3, self.decimals)
        number_range.setAccessibleName(self.tr("Allowed answers"))
        number_range.setToolTip(
            self.tr("The form and the collector refuse answers outside (0 and up for counts)")
        )
        self.low_label = QLineEdit()
        self.low_label.setPlaceholderText(self.tr("e.g. Not at all"))
        self.high_label = QLineEdit()
        self.high_label.setPlaceholderText(self.tr("e.g. Very much"))

        self.body.insertWidget(0, self.answers_note)
        self.add_row(self.tr("T&ype:"), "Type", self.kind)
        self.add_row(self.tr("&Code:"), "Code", self.code)
        self.add_row(self.tr("&Question:"), "Question", self.text)
        self.add_row("", "Required", self.required)
        self.add_row(self.tr("&Section:"), "Section", self.section)
        self.add_row(self.tr("&Help:"), "Help", self.help_text)
        self._choice_rows = [self.add_row(self.tr("C&hoices:"), "Choices", self.choices)]
        self._scale_rows = [
            self.add_row(self.tr("Sc&ale:"), "Scale", scale),
            self.add_row(self.tr("&Low end label:"), "Low end label", self.low_label),
            self.add_row(self.tr("Hi&gh end label:"), "High end label", self.high_label),
        ]
        self._range_rows = [self.add_row(self.tr("Allo&wed:"), "Range", number_range)]
        self.required.setAccessibleName(self.tr("Required"))
        scale.setAccessibleName(self.tr("Scale"))

        if question is not None:
            self._fill(question)
        self._kind_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.kind.currentIndexChanged,
            self.code.textChanged,
            self.text.textChanged,
            self.section.currentTextChanged,
            self.help_text.textChanged,
            self.choices.textChanged,
            self.scale_min.valueChanged,
            self.scale_max.valueChanged,
            self.number_min.valueChanged,
            self.number_max.valueChanged,
            self.decimals.toggled,
            self.low_label.textChanged,
            self.high_label.textChanged,
        ):
            signal.connect(self.revalidate)
        self.connect_form(
            lambda: check_question_fields(self.question_data()),
            lambda: save(self.question_data()),
        )

    def _from_to(self, low: QSpinBox, high: QSpinBox) -> QWidget:
        """ "[low] to [high]" on one line, focused at ``low``."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        to_label = QLabel(self.tr("to"))
        to_label.setBuddy(high)
        layout.addWidget(low)
        layout.addWidget(to_label)
        layout.addWidget(high)
        layout.addStretch()
        row.setFocusProxy(low)
        return row

    def _fill(self, question: QuestionRow) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(question.kind), 0))
        self.code.setText(question.code)
        self.text.setPlainText(question.text)
        self.required.setChecked(question.required)
        self.section.setCurrentText(question.section)
        self.help_text.setText(question.help_text)
        self.choices.setPlainText("\n".join(question.choices))
        if question.kind is QuestionKind.NUMBER:
            low, high = number_range(question)
            self.number_min.setValue(low)
            self.number_max.setValue(NO_LIMIT if high is None else high)
            self.decimals.setChecked(question.decimals)
        elif question.scale_min is not None and question.scale_max is not None:
            self.scale_min.setValue(question.scale_min)
            self.scale_max.setValue(question.scale_max)
        self.low_label.setText(question.scale_min_label)
        self.high_label.setText(question.scale_max_label)
        if question.answers:
            self.answers_note.setText(
                self.tr(
                    "%n answer(s) collected already: the type can no longer change, and "
                    "choices or scale values that answers use must stay.",
                    "",
                    question.answers,
                )
            )
            self.answers_note.show()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for label in self._choice_rows:
            self.form.setRowVisible(label, kind in CHOICE_KINDS)
        for label in self._scale_rows:
            self.form.setRowVisible(label, kind is QuestionKind.RATING)
        for label in self._range_rows:
            self.form.setRowVisible(label, kind is QuestionKind.NUMBER)

    def question_data(self) -> QuestionData:
        kind: QuestionKind = self.kind.currentData()
        rating = kind is QuestionKind.RATING
        low: int = self.scale_min.value()
        high: int | None = self.scale_max.value()
        if kind is QuestionKind.NUMBER:
            largest = self.number_max.value()
            low, high = self.number_min.value(), None if largest == NO_LIMIT else largest
        ranged = rating or kind is QuestionKind.NUMBER
        return QuestionData(
            code=self.code.text(),
            kind=kind,
            text=self.text.toPlainText(),
            required=self.required.isChecked(),
            help_text=self.help_text.text(),
            section=self.section.currentText(),
            choices=self.choices.toPlainText().splitlines() if kind in CHOICE_KINDS else [],
            scale_min=low if ranged else None,
            scale_max=high if ranged else None,
            scale_min_label=self.low_label.text() if rating else "",
            scale_max_label=self.high_label.text() if rating else "",
            decimals=kind is QuestionKind.NUMBER and self.decimals.isChecked(),
        )
