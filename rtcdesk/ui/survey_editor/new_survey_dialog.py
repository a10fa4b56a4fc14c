"""Starting a survey: the meeting it follows up, and where its questions come
from (the built-in follow-up questionnaire, an earlier survey, or none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem, RtcdeskError, ValidationError
from rtcdesk.services.meetings import list_meetings
from rtcdesk.services.survey_design import (
    StartingPoint,
    earlier_start,
    empty_start,
    start_survey,
    template_start,
)
from rtcdesk.services.surveys import SurveyData, SurveyRow, check_survey_fields
from rtcdesk.ui.choice_combo import ChoiceCombo
from rtcdesk.ui.date_fields import DateField, from_qdate, with_typing_problems
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.survey_editor.details_form import MEETING, meeting_choices

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


class NewSurveyDialog(QDialog):
    """Create the survey (a draft) and say so with ``created(survey id, title)``."""

    created = Signal(int, str)

    def __init__(self, database: Database, earlier: list[SurveyRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("New survey"))
        self.setMinimumWidth(620)
        self.fields = FieldMessages()
        with database.read() as session:
            meetings = meeting_choices(list_meetings(session))

        self.meeting = ChoiceCombo()
        self.meeting.set_choices(meetings)
        self.meeting.set_value(None)
        self.meeting.lineEdit().setPlaceholderText(self.tr("Type part of the meeting's title"))
        template = template_start()
        self.from_template = QRadioButton(
            self.tr(
                "The built-in follow-up action questionnaire (%n question(s))",
                "",
                len(template.questions),
            )
        )
        self.from_earlier = QRadioButton(self.tr("The questions of an earlier survey:"))
        self.earlier = QComboBox()
        for row in earlier:
            meeting = f" ({row.meeting_title})" if row.meeting_title else ""
            self.earlier.addItem(f"{row.title}{meeting}", row.id)
        self.earlier.setAccessibleName(self.tr("Earlier survey"))
        self.empty = QRadioButton(self.tr("No questions: add them yourself"))
        self.start = QButtonGroup(self)
        for button in (self.from_template, self.from_earlier, self.empty):
            self.start.addButton(button)
            button.setAccessibleName(button.text())
        self.from_template.setChecked(True)
        self.from_earlier.setEnabled(bool(earlier))
        self.earlier.setEnabled(False)
        self.title = QLineEdit()
        self.closes_on = DateField()  # empty: not set
        self.closes_on.set_calendar_start(from_qdate(QDate.currentDate().addMonths(1)))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields.add_row(form, MEETING, self.tr("&Follows up:"), self.meeting)
        start_column = QVBoxLayout()
        start_column.addWidget(self.from_template)
        start_column.addWidget(self.from_earlier)
        start_column.addWidget(self.earlier)
        start_column.addWidget(self.empty)
        start_label = QLabel(self.tr("Questions from:"))
        start_label.setBuddy(self.from_template)
        form.addRow(start_label, start_column)
        self.fields.add_row(form, "Title", self.tr("&Title:"), self.title)
        self.fields.add_row(form, "Closes on", self.tr("&Deadline:"), self.closes_on)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self._suggested = ""
        self._follow_start()
        self.start.buttonToggled.connect(lambda *_args: self._follow_start())
        self.earlier.currentIndexChanged.connect(self._follow_start)
        self.title.textChanged.connect(self._check)
        self.meeting.currentTextChanged.connect(self._check)
        self.closes_on.textChanged.connect(self._check)
        self._check()

    def starting_point(self) -> StartingPoint:
        if self.from_earlier.isChecked() and self.earlier.currentData() is not None:
            with self.database.read() as session:
                return earlier_start(session, self.earlier.currentData())
        if self.empty.isChecked():
            return empty_start()
        return template_start()

    def _follow_start(self) -> None:
        """Suggest the title of the chosen start, unless the coordinator typed one."""
        self.earlier.setEnabled(self.from_earlier.isChecked())
        suggested = self.starting_point().title
        if self.title.text() in ("", self._suggested):
            self.title.setText(suggested)
            self.title.setCursorPosition(0)
        self._suggested = suggested

    def data(self, start: StartingPoint) -> SurveyData:
        return SurveyData(
            title=self.title.text(),
            meeting_id=self.meeting.value(),
            introduction=start.introduction,
            closes_on=self.closes_on.date(),
        )

    def _problems(self) -> list[FieldProblem]:
        found = with_typing_problems(
            {"Closes on": self.closes_on}, check_survey_fields(self.data(empty_start()))
        )
        if self.meeting.unknown_text():
            found.append(
                FieldProblem(
                    MEETING,
                    self.tr("no meeting is called '{text}'").format(
                        text=self.meeting.unknown_text()
                    ),
                )
            )
        return found

    def _check(self) -> None:
        problems = self._problems()
        self.fields.show(problems)
        self.create_button.setEnabled(not problems)

    def accept(self) -> None:
        if self._problems():
            self.fields.show_everything()
            return
        start = self.starting_point()
        data = self.data(start)
        try:
            with self.database.write() as session:
                survey = start_survey(session, data, start.questions)
                ident, title = survey.id, survey.title
        except ValidationError as refused:
            self.fields.show_everything()
            elsewhere = self.fields.show(refused.problems)
            if elsewhere:
                show_refusal(self, ValidationError(refused.what, elsewhere))
            return
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        self.created.emit(ident, title)
        super().accept()
