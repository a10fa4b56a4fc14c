"""The Design tab: the survey's details and its questions on the left, and
beside them the form as a respondent will see it, kept up to date with
every change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.ui.survey_editor.details_form import SurveyDetailsForm
from rtcdesk.ui.survey_editor.preview import form_preview_html
from rtcdesk.ui.survey_editor.questions_panel import QuestionsPanel

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


class DesignTab(QWidget):
    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = SurveyDetailsForm()
        self.questions = QuestionsPanel(database, survey_id)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName(self.tr("Preview of the form"))

        details_box = QGroupBox(self.tr("Survey"))
        QVBoxLayout(details_box).addWidget(self.details)
        questions_box = QGroupBox(self.tr("Questions"))
        QVBoxLayout(questions_box).addWidget(self.questions)
        preview_box = QGroupBox(self.tr("Preview: the form as respondents see it"))
        QVBoxLayout(preview_box).addWidget(self.preview)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(details_box)
        column.addWidget(questions_box, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter)

        self.details.changed.connect(self.update_preview)
        self.questions.model.modelReset.connect(self.update_preview)
        self.update_preview()

    def update_preview(self) -> None:
        data = self.details.data()
        meeting = self.details.meeting.currentText() if data.meeting_id is not None else ""
        scrolled = self.preview.verticalScrollBar().value()
        self.preview.setHtml(
            form_preview_html(
                data.title.strip(),
                meeting,
                data.introduction,
                data.closes_on,
                self.questions.model.rows(),
            )
        )
        self.preview.verticalScrollBar().setValue(scrolled)
