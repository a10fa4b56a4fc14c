"""The surveys workspace: follow-up surveys with their response rates.

New survey starts one (from the built-in questionnaire, an earlier survey's
questions, or none) for the meeting it follows up, and opens its editor;
Open (Enter, double-click) opens the editor; Delete asks first, saying how
many recipients and responses go with the survey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from rtcdesk.services.surveys import SurveyRow, delete_survey, list_surveys
from rtcdesk.ui.editor_windows import EditorWindows
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.prompts import confirm_delete
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.wording import listed
from rtcdesk.ui.workspace import ListWorkspace

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.ui.survey_editor import SurveyEditor
    from rtcdesk.ui.survey_editor.new_survey_dialog import NewSurveyDialog


def _rate(row: SurveyRow) -> str:
    rate = row.response_rate
    return "" if rate is None else f"{rate:.0%}"


COLUMNS: list[Column[SurveyRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Survey"), lambda r: r.title, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Follows up"), lambda r: r.meeting_title or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Deadline"),
        lambda r: format_date(r.closes_on),
        sort_key=lambda r: r.closes_on.toordinal() if r.closes_on else 0,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Recipients"),
        lambda r: str(r.recipients),
        sort_key=lambda r: r.recipients,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Responses"),
        lambda r: str(r.responses),
        sort_key=lambda r: r.responses,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Response rate"),
        _rate,
        sort_key=lambda r: r.response_rate or 0.0,
        numeric=True,
    ),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SurveysWorkspace", text)


class SurveysWorkspace(ListWorkspace[SurveyRow]):
    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New survey…"))
        empty = EmptyState(
            _tr("No surveys yet"),
            _tr(
                "Follow-up action surveys ask participants, months after a meeting, what "
                "they did with what they learnt."
            ),
            [new_button],
        )
        super().__init__(
            _tr("Surveys"), COLUMNS, lambda r: f"{r.title} {r.meeting_title or ''}",
            _tr("Survey or meeting"), empty, self._load, parent,
        )  # fmt: skip
        self._database = database
        self.empty_new_button = new_button
        new_button.clicked.connect(self.new_survey)
        self.add_button(
            self.tr("New survey…"),
            self.new_survey,
            self.tr("Start from the built-in questionnaire, an earlier survey, or nothing"),
        )
        self.add_button(self.tr("Open"), self.open_current)
        self.add_button(self.tr("Delete…"), self.delete_selected)

        #: The survey editors open now (one per survey).
        self.editor_windows: EditorWindows[SurveyEditor] = EditorWindows(
            self, lambda e: e.survey_id
        )
        #: The New survey dialog while it is open.
        self.open_dialog: QDialog | None = None
        self.open_row.connect(lambda row: self.open_editor(row.id))
        self.delete_rows.connect(self.delete_surveys)

    def _load(self) -> list[SurveyRow]:
        with self._database.read() as session:
            return list_surveys(session)

    # -- new ---------------------------------------------------------------------

    def new_survey(self) -> NewSurveyDialog:
        from rtcdesk.ui.survey_editor.new_survey_dialog import NewSurveyDialog

        dialog = NewSurveyDialog(self._database, self.model.rows(), self)
        dialog.created.connect(self._created)
        self.open_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.open_dialog is dialog:
            self.open_dialog = None
        dialog.deleteLater()

    def _created(self, survey_id: int, title: str) -> None:
        self.refresh()
        self.select_where(lambda row: row.id == survey_id)
        self.status_message.emit(self.tr("Created {survey}").format(survey=title))
        self.open_editor(survey_id)

    # -- editors -------------------------------------------------------------------

    def open_editor(self, survey_id: int) -> SurveyEditor:
        """The survey's editor, raised if it is open already."""
        # The editor's modules are imported when the first editor opens.
        from rtcdesk.ui.survey_editor import SurveyEditor

        open_already = self.editor_windows.raise_open(survey_id)
        if open_already is not None:
            return open_already
        return self.editor_windows.track(SurveyEditor(self._database, survey_id, self))

    @property
    def editors(self) -> list[SurveyEditor]:
        return self.editor_windows.windows

    def close_editors(self) -> bool:
        return self.editor_windows.close_all()

    # -- deleting ------------------------------------------------------------------

    def delete_surveys(self, rows: list[SurveyRow]) -> None:
        """Ask, saying what goes with the surveys, then delete them in one transaction."""
        what = rows[0].title if len(rows) == 1 else self.tr("%n survey(s)", "", len(rows))
        recipients = sum(r.recipients for r in rows)
        responses = sum(r.responses for r in rows)
        parts = [
            text
            for n, text in (
                (recipients, self.tr("%n recipient(s)", "", recipients)),
                (responses, self.tr("%n response(s)", "", responses)),
            )
            if n
        ]
        consequences = []
        if parts:
            consequences.append(
                self.tr("It also removes {things}; this cannot be undone.").format(
                    things=listed(parts)
                )
            )
        if not confirm_delete(self, what, consequences):
            return
        if self.delete_in_one_transaction(self._database, rows, delete_survey, what):
            self.editor_windows.discard({row.id for row in rows})
