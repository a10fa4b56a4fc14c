"""The survey's own fields: title, the meeting it follows up, the
introduction respondents read first, when it opens and closes, its status.

Checked as the coordinator types with ``surveys.check_survey_fields``, the
rules the service applies when saving.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from rtcdesk.errors import FieldProblem
from rtcdesk.services.meetings import MeetingRow
from rtcdesk.services.surveys import SurveyData, check_survey_fields
from rtcdesk.ui.choice_combo import Choice, ChoiceCombo
from rtcdesk.ui.date_fields import DateField, with_typing_problems
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import SurveyStatus

MEETING = "Meeting"
INTRODUCTION_LINES = 3


def meeting_choices(rows: list[MeetingRow]) -> list[Choice]:
    """Meetings found by title, series, year or place."""
    return [
        Choice(r.id, r.display_title, f"{r.series} {r.start_date.year} {r.city} {r.country}")
        for r in rows
    ]


class SurveyDetailsForm(QWidget):
    """``changed`` fires on every edit; ``data()`` is what the form holds now."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = FieldMessages()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("The title respondents see at the top of the form"))
        self.meeting = ChoiceCombo()
        self.meeting.lineEdit().setPlaceholderText(self.tr("Type part of the meeting's title"))
        self.introduction = QPlainTextEdit()
        self.introduction.setTabChangesFocus(True)
        self.introduction.setFixedHeight(
            self.introduction.fontMetrics().lineSpacing() * INTRODUCTION_LINES + 14
        )
        self.introduction.setPlaceholderText(self.tr("What respondents read before the questions"))
        # Empty: not set.
        self.opens_on = DateField()
        self.closes_on = DateField()
        self.status = QComboBox()
        for status in SurveyStatus:
            self.status.addItem(enum_label(status), status)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields.add_row(form, "Title", self.tr("&Title:"), self.title)
        self.fields.add_row(form, MEETING, self.tr("&Follows up:"), self.meeting)
        self.fields.add_row(form, "Introduction", self.tr("&Introduction:"), self.introduction)
        self.fields.add_row(form, "Opens on", self.tr("&Opens on:"), self.opens_on)
        self.fields.add_row(form, "Closes on", self.tr("&Deadline:"), self.closes_on)
        self.fields.add_row(form, "Status", self.tr("St&atus:"), self.status)
        self.closes_on.setToolTip(self.tr("Printed on the forms and in the e-mails"))

        self.title.textChanged.connect(self.changed)
        self.meeting.currentTextChanged.connect(self.changed)
        self.introduction.textChanged.connect(self.changed)
        self.opens_on.textChanged.connect(self.changed)
        self.closes_on.textChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)

    def set_meetings(self, choices: list[Choice]) -> None:
        self.meeting.set_choices(choices)

    def set_data(self, data: SurveyData) -> None:
        self.title.setText(data.title)
        self.meeting.set_value(data.meeting_id)
        self.introduction.setPlainText(data.introduction)
        self.opens_on.set_date(data.opens_on)
        self.closes_on.set_date(data.closes_on)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))

    def data(self) -> SurveyData:
        return SurveyData(
            title=self.title.text(),
            meeting_id=self.meeting.value(),
            introduction=self.introduction.toPlainText(),
            opens_on=self.opens_on.date(),
            closes_on=self.closes_on.date(),
            status=self.status.currentData(),
        )

    def problems(self) -> list[FieldProblem]:
        found = with_typing_problems(
            {"Opens on": self.opens_on, "Closes on": self.closes_on},
            check_survey_fields(self.data()),
        )
        unknown = self.meeting.unknown_text()
        if unknown:
            message = self.tr("no meeting is called '{text}'").format(text=unknown)
            found.append(FieldProblem(MEETING, message))
        return found

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        return self.fields.show(problems)
