"""The Outcomes tab: the meeting's conclusions, decisions and recommendations, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.outcomes import (
    OutcomeRow,
    delete_outcome,
    outcome_rows,
    reorder_outcomes,
    save_outcome,
)
from rtcdesk.ui.meeting_editor.outcome_dialog import OutcomeDialog
from rtcdesk.ui.meeting_editor.record_list_tab import ListBehaviour, ListTexts, RecordListTab
from rtcdesk.ui.meeting_editor.texts import shortened
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.vocabulary import OutcomeKind

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("OutcomesTab", text)


COLUMNS: list[Column[OutcomeRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda o: enum_label(o.kind)),
    Column(QT_TRANSLATE_NOOP("Columns", "Text"), lambda o: o.text, stretch=True),
]


class OutcomesTab(RecordListTab[OutcomeRow]):
    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        texts = ListTexts(
            add=_tr("&Add outcome…"),
            empty=_tr(
                "No outcomes yet. Record what the meeting concluded, decided and "
                "recommended, in the order of the summary record."
            ),
            added=_tr("Added {what}"),
            saved=_tr("Saved {what}"),
            deleted=_tr("Deleted {what}"),
            moved_up=_tr("Moved {what} up"),
            moved_down=_tr("Moved {what} down"),
        )
        behaviour: ListBehaviour[OutcomeRow] = ListBehaviour(
            load=outcome_rows,
            delete=lambda session, outcome: delete_outcome(session, outcome.id, outcome.version),
            describe=self.describe,
            dialog=self.outcome_dialog,
            reorder=reorder_outcomes,
        )
        super().__init__(database, meeting_id, COLUMNS, texts, behaviour, parent)
        self.table.setAccessibleName(_tr("Outcomes"))

    @staticmethod
    def describe(outcome: OutcomeRow) -> str:
        return _tr("{kind} '{text}'").format(
            kind=enum_label(outcome.kind).lower(), text=shortened(outcome.text)
        )

    def outcome_dialog(self, outcome: OutcomeRow | None) -> OutcomeDialog:
        return OutcomeDialog(outcome, lambda kind, text: self._save(outcome, kind, text), self)

    def _save(self, outcome: OutcomeRow | None, kind: OutcomeKind, text: str) -> str:
        with self.database.write() as session:
            saved = save_outcome(
                session,
                self.meeting_id,
                outcome.id if outcome else None,
                kind,
                text,
                outcome.version if outcome else None,
            )
        return self.stored(saved, was_new=outcome is None)
