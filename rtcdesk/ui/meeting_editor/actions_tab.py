"""The Action items tab: who must do what after the meeting, by when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.meetings import get_meeting
from rtcdesk.services.outcomes import (
    ActionItemData,
    ActionRow,
    delete_action_item,
    list_action_items,
    outcome_rows,
    save_action_item,
)
from rtcdesk.ui.meeting_editor.action_item_dialog import ActionItemDialog
from rtcdesk.ui.meeting_editor.choices import organisation_entries
from rtcdesk.ui.meeting_editor.record_list_tab import ListBehaviour, ListTexts, RecordListTab
from rtcdesk.ui.meeting_editor.texts import shortened
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP, TrOnClass

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionsTab", text)


def due_key(row: ActionRow) -> int:
    """Due dates in date order, items without one after all dated ones."""
    return row.due_date.toordinal() if row.due_date else date.max.toordinal()


def overdue_text(row: ActionRow) -> str:
    days = row.days_overdue()
    if not days:
        return ""
    return ActionsTab.tr("%n day(s) late", "", days)


#: Due dates in date order, shown in the alert colour once an open item is late.
DUE_COLUMN: Column[ActionRow] = Column(
    QT_TRANSLATE_NOOP("Columns", "Due"),
    lambda r: format_date(r.due_date),
    sort_key=due_key,
    alert=lambda r: r.days_overdue() > 0,
    tooltip=lambda r: overdue_text(r) or None,
)

COLUMNS: list[Column[ActionRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda r: r.description, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Owner"), lambda r: r.owner, stretch=True),
    DUE_COLUMN,
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(QT_TRANSLATE_NOOP("Columns", "Completed"), lambda r: format_date(r.completed_on)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Carried over"),
        lambda r: _tr("Yes") if r.carried_from_id else "",
        tooltip=lambda r: (
            _tr("Carried over from an earlier meeting of the series") if r.carried_from_id else None
        ),
    ),
]


def describe(description: str) -> str:
    return _tr("action item '{text}'").format(text=shortened(description))


def _load(session: Session, meeting_id: int) -> list[ActionRow]:
    return list_action_items(session, meeting_id=meeting_id)


def open_action_dialog(
    database: Database,
    meeting_id: int,
    row: ActionRow | None,
    save: Callable[[ActionItemData], str],
    parent: QWidget,
) -> ActionItemDialog:
    """The dialog for a new (``row`` None) or existing action item of a
    meeting, with its choices read in one go (meeting tab and workspace alike)."""
    with database.read() as session:
        organisations = organisation_entries(session)
        outcomes = outcome_rows(session, meeting_id)
        meeting = get_meeting(session, meeting_id)
        start, end = meeting.start_date, meeting.end_date
    return ActionItemDialog(
        database,
        organisations,
        outcomes,
        row,
        save,
        meeting_start=start,
        meeting_end=end,
        parent=parent,
    )


class ActionsTab(TrOnClass, RecordListTab[ActionRow]):
    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        texts = ListTexts(
            add=_tr("&Add action item…"),
            empty=_tr(
                "No action items yet. Record who must do what after the meeting, and by "
                "when; open items can be carried into the next meeting of the series."
            ),
            added=_tr("Added {what}"),
            saved=_tr("Saved {what}"),
            deleted=_tr("Deleted {what}"),
        )
        behaviour: ListBehaviour[ActionRow] = ListBehaviour(
            load=_load,
            delete=lambda session, row: delete_action_item(session, row.id, row.version),
            describe=lambda row: describe(row.description),
            dialog=self.action_dialog,
        )
        super().__init__(database, meeting_id, COLUMNS, texts, behaviour, parent)
        self.table.setAccessibleName(_tr("Action items"))

    def action_dialog(self, row: ActionRow | None) -> ActionItemDialog:
        return open_action_dialog(
            self.database, self.meeting_id, row, lambda data: self._save(row, data), self
        )

    def _save(self, row: ActionRow | None, data: ActionItemData) -> str:
        with self.database.write() as session:
            saved = save_action_item(
                session,
                self.meeting_id,
                row.id if row else None,
                data,
                row.version if row else None,
            )
        return self.stored(saved, was_new=row is None)
