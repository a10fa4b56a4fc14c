"""Typing in a response received on paper or in an e-mail body: one input
per question, by its type. Nothing is written until every answer passes the
service's checks; each problem shows under its question. If someone else
saved this recipient's answers meanwhile, the save shows what differs and
the coordinator reloads, overwrites knowingly or keeps editing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError, StaleEditError
from rtcdesk.services.conflicts import response_conflict
from rtcdesk.services.survey_analysis import TrackerRow
from rtcdesk.services.survey_design import QuestionRow, answer_guidance
from rtcdesk.services.survey_responses import (
    StoredResponse,
    answer_problems,
    received_at,
    stored_response,
)
from rtcdesk.services.surveys import record_response
from rtcdesk.ui.date_fields import DateField
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.stale_edit import settle_conflict
from rtcdesk.ui.survey_editor.answer_inputs import AnswerInput, answer_input
from rtcdesk.ui.tables import format_date

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

PROBLEM_COLOUR = "#b3261e"


class ResponseDialog(QDialog):
    """The answers of ``row``'s recipient, pre-filled with those on record."""

    saved = Signal(str)

    def __init__(
        self,
        database: Database,
        survey_id: int,
        row: TrackerRow,
        questions: list[QuestionRow],
        response: StoredResponse,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self.row = row
        #: The answers as loaded, and the recipient's version then.
        self.loaded = response.answers
        self.version = response.version
        self.setWindowTitle(self.tr("Response of {name}").format(name=row.name))
        self.resize(680, 640)

        self.received = DateField()
        self.received.set_required(True)
        self.received.set_date(date.today())
        self.received.setAccessibleName(self.tr("Received on"))
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        if row.responded_at is None:
            caption = QLabel(self.tr("&Received on:"))
            caption.setBuddy(self.received)
            top.addRow(caption, self.received)
        else:
            self.received.hide()
            note = QLabel(
                self.tr(
                    "Responded on {date}. What you change here replaces the answers on record."
                ).format(date=format_date(row.responded_at.astimezone().date()))
            )
            note.setWordWrap(True)
            top.addRow(note)
        if any(q.required for q in questions):
            top.addRow(QLabel(self.tr("Questions marked * need an answer.")))

        self.inputs: dict[int, AnswerInput] = {}
        self.messages: dict[int, QLabel] = {}
        page = QWidget()
        column = QVBoxLayout(page)
        section = ""
        for number, question in enumerate(questions, start=1):
            if question.section and question.section != section:
                section = question.section
                heading = QLabel(section)
                heading.setTextFormat(Qt.TextFormat.PlainText)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                column.addSpacing(8)
                column.addWidget(heading)
            column.addWidget(self._question_block(number, question, self.loaded.get(question.id)))
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.scroll_area = scroll

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.summary.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _question_block(self, number: int, question: QuestionRow, answer: Any) -> QWidget:
        block = QWidget()
        rows = QVBoxLayout(block)
        rows.setContentsMargins(0, 4, 0, 4)
        rows.setSpacing(2)
        entry = answer_input(question)
        widget = entry.widget()
        widget.setAccessibleName(f"{number}. {question.text}")
        widget.setAccessibleDescription(answer_guidance(question))
        entry.set_value(answer)
        caption = QLabel(f"{number}. {question.text}" + (" *" if question.required else ""))
        caption.setWordWrap(True)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setBuddy(widget)
        caption.setToolTip(answer_guidance(question))
        message = QLabel()
        message.setWordWrap(True)
        message.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        message.hide()
        rows.addWidget(caption)
        rows.addWidget(widget)
        rows.addWidget(message)
        self.inputs[question.id] = entry
        self.messages[question.id] = message
        return block

    def show_answers(self, response: StoredResponse) -> None:
        """Show ``response`` in place of whatever was typed."""
        self.loaded = response.answers
        self.version = response.version
        for question_id, entry in self.inputs.items():
            entry.set_value(response.answers.get(question_id))
        self.show_problems({})

    def reload(self) -> None:
        with self.database.read() as session:
            response = stored_response(session, self.row.recipient_id)
        self.show_answers(response)

    def answers(self) -> dict[int, Any]:
        return {question_id: entry.value() for question_id, entry in self.inputs.items()}

    def show_problems(self, problems: dict[int, str]) -> None:
        for question_id, label in self.messages.items():
            text = problems.get(question_id, "")
            label.setText(text[:1].upper() + text[1:])
            label.setVisible(bool(text))
            self.inputs[question_id].widget().setAccessibleDescription(text)
        self.summary.setText(
            self.tr("%n answer(s) need attention; nothing was saved.", "", len(problems))
        )
        self.summary.setVisible(bool(problems))
        if problems:
            first = next(q for q in self.inputs if q in problems)
            self.scroll_area.ensureWidgetVisible(self.inputs[first].widget())

    def accept(self) -> None:
        received = self.received.problem()
        if received is not None:
            # Never record the answers under another date than the one typed.
            self.summary.setText(self.tr("Received on: {problem}").format(problem=received))
            self.summary.setVisible(True)
            self.received.setFocus()
            return
        answers = self.answers()
        with self.database.read() as session:
            problems = answer_problems(session, self.survey_id, answers)
        self.show_problems(problems)
        if problems:
            return
        try:
            with self.database.write() as session:
                record_response(
                    session,
                    self.row.recipient_id,
                    answers,
                    responded_at=received_at(self.received.date() or date.today()),  # checked above
                    expected_version=self.version,
                )
        except StaleEditError:
            self._resolve_conflict(answers)
            return
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        self.saved.emit(self.tr("Recorded the response of {name}").format(name=self.row.name))
        super().accept()

    def _resolve_conflict(self, answers: dict[int, Any]) -> None:
        """Someone else saved this recipient's answers first: show what differs
        and do what the coordinator chooses (``settle_conflict``)."""
        what = self.tr("the answers of {name}").format(name=self.row.name)
        settle_conflict(
            self,
            self.database,
            lambda session: response_conflict(
                session, self.row.recipient_id, what, self.loaded, answers
            ),
            self.reload,
            self._save_over,
        )

    def _save_over(self, stored_version: int) -> bool:
        self.version = stored_version
        self.accept()
        return self.result() == QDialog.DialogCode.Accepted
