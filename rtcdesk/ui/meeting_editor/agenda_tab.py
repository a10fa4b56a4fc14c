"""The Agenda tab: the meeting's items by day and time, with their speakers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.agenda import (
    AgendaItemData,
    AgendaRow,
    agenda_rows,
    delete_agenda_item,
    reorder_agenda,
    save_agenda_item,
)
from rtcdesk.services.meetings import get_meeting
from rtcdesk.ui.meeting_editor.agenda_item_dialog import AgendaItemDialog
from rtcdesk.ui.meeting_editor.dates import format_day, format_time
from rtcdesk.ui.meeting_editor.record_list_tab import ListBehaviour, ListTexts, RecordListTab
from rtcdesk.ui.meeting_editor.texts import shortened
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP, TrOnClass
from rtcdesk.vocabulary import AttendanceMode

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgendaTab", text)


def speakers_text(item: AgendaRow) -> str:
    """ "Mr. KURAMOTO Norikazu, Mr. Michael OUTRAM APM (virtual)"."""
    names = []
    for speaker in item.speakers:
        name = speaker.name
        if speaker.attendance_mode is AttendanceMode.VIRTUAL:
            name = _tr("{name} (virtual)").format(name=name)
        names.append(name)
    return ", ".join(names)


class DayStarts:
    """Loads the agenda and remembers which items open a day, so that the Day
    column names each day once, above its items."""

    def __init__(self) -> None:
        self.first_items: set[int] = set()

    def load(self, session: Session, meeting_id: int) -> list[AgendaRow]:
        items = agenda_rows(session, meeting_id)
        self.first_items = {
            item.id
            for previous, item in zip([None, *items], items, strict=False)
            if previous is None or previous.day != item.day
        }
        return items

    def day_text(self, item: AgendaRow) -> str:
        if item.id not in self.first_items:
            return ""
        return format_day(item.day) if item.day else _tr("No fixed day")


def agenda_columns(days: DayStarts) -> list[Column[AgendaRow]]:
    return [
        Column(
            QT_TRANSLATE_NOOP("Columns", "Day"),
            days.day_text,
            tooltip=lambda i: format_day(i.day) or None,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Start"), lambda i: format_time(i.start_time)),
        Column(QT_TRANSLATE_NOOP("Columns", "End"), lambda i: format_time(i.end_time)),
        Column(QT_TRANSLATE_NOOP("Columns", "Title"), lambda i: i.title, stretch=True),
        Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda i: enum_label(i.kind)),
        Column(QT_TRANSLATE_NOOP("Columns", "Speakers"), speakers_text, stretch=True),
    ]


class AgendaTab(TrOnClass, RecordListTab[AgendaRow]):
    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        texts = ListTexts(
            add=_tr("&Add item…"),
            empty=_tr(
                "No agenda items yet. Add the opening remarks, presentations, discussions "
                "and site visits day by day; each item goes in its time slot."
            ),
            added=_tr("Added {what}"),
            saved=_tr("Saved {what}"),
            deleted=_tr("Deleted {what}"),
            moved_up=_tr("Moved {what} up"),
            moved_down=_tr("Moved {what} down"),
        )
        days = DayStarts()
        behaviour: ListBehaviour[AgendaRow] = ListBehaviour(
            load=days.load,
            delete=lambda session, item: delete_agenda_item(session, item.id, item.version),
            describe=self.describe,
            dialog=self.item_dialog,
            reorder=reorder_agenda,
            may_swap=lambda a, b: a.day == b.day,
            consequences=self.consequences,
        )
        super().__init__(database, meeting_id, agenda_columns(days), texts, behaviour, parent)
        self.table.setAccessibleName(_tr("Agenda"))
        if self.move_up_button is not None:
            self.move_up_button.setToolTip(
                _tr("Move the item up within its day (Ctrl+Up); days stay in date order")
            )

    @staticmethod
    def describe(item: AgendaRow) -> str:
        return _tr("agenda item '{title}'").format(title=shortened(item.title))

    @staticmethod
    def consequences(item: AgendaRow) -> list[str]:
        count = len(item.speakers)
        if count == 0:
            return []
        return [
            AgendaTab.tr(
                "Its %n speaker(s) come off the agenda; the people stay on record.", "", count
            )
        ]

    def item_dialog(self, item: AgendaRow | None) -> AgendaItemDialog:
        with self.database.read() as session:
            meeting = get_meeting(session, self.meeting_id)
        return AgendaItemDialog(
            self.database,
            meeting.start_date,
            meeting.end_date,
            item,
            lambda data: self._save(item, data),
            self,
            meeting_id=self.meeting_id,
        )

    def _save(self, item: AgendaRow | None, data: AgendaItemData) -> str:
        with self.database.write() as session:
            saved = save_agenda_item(
                session,
                self.meeting_id,
                item.id if item else None,
                data,
                item.version if item else None,
            )
        return self.stored(saved, was_new=item is None)
