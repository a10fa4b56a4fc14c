"""The action items workspace: who must do what, across all meetings.

Items are added and changed here as in a meeting's Action items tab (the same
dialog); a new one first asks which meeting it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.services.meetings import MeetingRow, list_meetings
from rtcdesk.services.outcomes import (
    OPEN_STATUSES,
    ActionItemData,
    ActionRow,
    delete_action_item,
    list_action_items,
    save_action_item,
)
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.meeting_editor.actions_tab import (
    DUE_COLUMN,
    describe,
    open_action_dialog,
    overdue_text,
)
from rtcdesk.ui.prompts import confirm_delete
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import ActionStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


COLUMNS: list[Column[ActionRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda r: r.description, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Owner"), lambda r: r.owner),
    DUE_COLUMN,
    Column(
        QT_TRANSLATE_NOOP("Columns", "Overdue"),
        overdue_text,
        sort_key=lambda r: r.days_overdue(),
        numeric=True,
        descending_first=True,
        alert=lambda r: r.days_overdue() > 0,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(QT_TRANSLATE_NOOP("Columns", "Meeting"), lambda r: r.meeting_title),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionsWorkspace", text)


class MeetingChoiceDialog(QDialog):
    """Which meeting a new action item belongs to (newest first)."""

    def __init__(self, meetings: list[MeetingRow], chosen: int | None, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New action item"))
        self.meeting = QComboBox()
        self.meeting.setAccessibleName(self.tr("Meeting"))
        for meeting in meetings:
            self.meeting.addItem(f"{meeting.display_title} ({meeting.start_date:%Y})", meeting.id)
        if chosen is not None:
            self.meeting.setCurrentIndex(max(self.meeting.findData(chosen), 0))
        caption = QLabel(self.tr("&Meeting:"))
        caption.setBuddy(self.meeting)
        form = QFormLayout()
        form.addRow(caption, self.meeting)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Which meeting decided this action? It is listed under that meeting."))
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def meeting_id(self) -> int | None:
        return self.meeting.currentData()


class ActionsWorkspace(ListWorkspace[ActionRow]):
    #: The item dialog that is open (for tests and to keep it alive).
    dialog_opened = Signal(object)

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New action item…"))
        empty = EmptyState(
            _tr("No action items"),
            _tr(
                "Record who must do what after a meeting, and by when; items are also "
                "added in each meeting, under Action items."
            ),
            [new_button],
        )
        super().__init__(
            _tr("Action items"), COLUMNS, lambda r: f"{r.description} {r.owner} {r.meeting_title}",
            _tr("Action, owner or meeting"), empty, self._load, parent,
        )  # fmt: skip
        self._database = database
        self._saved_id: int | None = None
        self.status_filter = QComboBox()
        self.status_filter.addItem(_tr("Open or in progress"), "open")
        self.status_filter.addItem(_tr("Overdue"), "overdue")
        self.status_filter.addItem(_tr("Any status"), None)
        for status in ActionStatus:
            self.status_filter.addItem(enum_label(status), status)
        self.add_filter(_tr("S&tatus:"), self.status_filter, self._status_accepts)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.apply_filters()
        new_button.clicked.connect(self.new_item)
        self.add_button(_tr("New action item…"), self.new_item)
        self.add_button(_tr("Open"), self.open_current)
        self.add_button(_tr("Delete…"), self.delete_selected)
        self.open_row.connect(self.edit_item)
        self.delete_rows.connect(self.delete_items)

    def delete_items(self, rows: list[ActionRow]) -> None:
        what = describe(rows[0].description) if len(rows) == 1 else self.tr(
            "%n action item(s)", "", len(rows)
        )  # fmt: skip
        if confirm_delete(self, what):
            self.delete_in_one_transaction(self._database, rows, delete_action_item, what)

    def new_item(self) -> MeetingChoiceDialog | None:
        """Ask for the meeting, then open the item dialog for it."""
        with self._database.read() as session:
            meetings = list_meetings(session)
        if not meetings:
            self.status_message.emit(_tr("Record a meeting first: action items belong to one."))
            return None
        current = self.current_row()
        choice = MeetingChoiceDialog(meetings, current.meeting_id if current else None, self)
        choice.accepted.connect(lambda: self._open_dialog(choice.meeting_id(), None))
        choice.open()
        return choice

    def edit_item(self, row: ActionRow) -> None:
        self._open_dialog(row.meeting_id, row)

    def _open_dialog(self, meeting_id: int | None, row: ActionRow | None) -> None:
        if meeting_id is None:
            return
        dialog = open_action_dialog(
            self._database, meeting_id, row, lambda data: self._save(meeting_id, row, data), self
        )
        dialog.saved.connect(self._saved)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _save(self, meeting_id: int, row: ActionRow | None, data: ActionItemData) -> str:
        with self._database.write() as session:
            saved = save_action_item(
                session, meeting_id, row.id if row else None, data, row.version if row else None
            )
        self._saved_id = saved.id
        what = describe(saved.description)
        if row is None:
            return _tr("Added {what}").format(what=what)
        return _tr("Saved {what}").format(what=what)

    def _saved(self, message: str) -> None:
        self.refresh()
        self.select_where(lambda r: r.id == self._saved_id)
        self.status_message.emit(message)

    def _status_accepts(self, row: ActionRow) -> bool:
        wanted = self.status_filter.currentData()
        if wanted == "open":
            return row.status in OPEN_STATUSES
        if wanted == "overdue":
            return row.days_overdue() > 0
        return wanted in (None, row.status)

    def _load(self) -> list[ActionRow]:
        with self._database.read() as session:
            return list_action_items(session)
