"""The survey's questions in order, with Add, Edit, Delete and Move up/down
(Ctrl+Up/Down). Each change is saved at once; a change the service refuses
(answers were collected already) is shown in its own words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.history_labels import question_name, question_number
from rtcdesk.services.survey_design import QuestionRow, next_code, question_rows, sections
from rtcdesk.services.surveys import (
    QuestionData,
    add_question,
    delete_question,
    reorder_questions,
    update_question,
)
from rtcdesk.ui.meeting_editor.record_list_tab import ListBehaviour, ListTexts, RecordListTab
from rtcdesk.ui.survey_editor.question_dialog import QuestionDialog
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuestionsPanel", text)


COLUMNS: list[Column[QuestionRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "No."), lambda q: str(q.position), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Code"), lambda q: q.code),
    Column(QT_TRANSLATE_NOOP("Columns", "Type"), lambda q: enum_label(q.kind)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Question"),
        lambda q: q.text,
        tooltip=lambda q: f"{q.section}\n{q.text}" if q.section else q.text,
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Required"), lambda q: _tr("Yes") if q.required else ""),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Answers"),
        lambda q: str(q.answers) if q.answers else "",
        numeric=True,
    ),
]


class QuestionsPanel(RecordListTab[QuestionRow]):
    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        texts = ListTexts(
            add=_tr("Add &question…"),
            empty=_tr(
                "No questions yet. Add them one by one, or start a new survey from the "
                "built-in template or an earlier survey."
            ),
            deleted=_tr("Deleted {what}"),
            moved_up=_tr("Moved {what} up"),
            moved_down=_tr("Moved {what} down"),
        )
        behaviour: ListBehaviour[QuestionRow] = ListBehaviour(
            load=question_rows,
            delete=lambda session, q: delete_question(session, q.id, q.version),
            describe=self.describe,
            dialog=self.question_dialog,
            reorder=reorder_questions,
        )
        super().__init__(database, survey_id, COLUMNS, texts, behaviour, parent)
        self.survey_id = survey_id
        self.table.setAccessibleName(_tr("Questions"))
        self.table.setWordWrap(False)

    def describe(self, question: QuestionRow) -> str:
        """ "Q3 How many national trainings…", numbered as the list shows it."""
        number = 1 + sum(row.position < question.position for row in self.model.rows())
        return question_name(number, question.text)

    def question_dialog(self, question: QuestionRow | None) -> QuestionDialog:
        rows = self.model.rows()
        return QuestionDialog(
            question,
            next_code([r.code for r in rows]),
            sections(rows),
            lambda data: self._save(question, data),
            self,
        )

    def _save(self, question: QuestionRow | None, data: QuestionData) -> str:
        with self.database.write() as session:
            if question is None:
                saved = add_question(session, self.survey_id, data)
            else:
                saved = update_question(session, question.id, data, question.version)
            self.remember_saved(saved.id)
            what = question_name(question_number(session, saved), saved.text)
        if question is None:
            return _tr("Added {what}").format(what=what)
        return _tr("Saved {what}").format(what=what)
