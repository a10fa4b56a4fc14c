"""The meetings workspace: every meeting, searchable and filterable by kind,
year and status. Opening a meeting (Enter, double-click, Open) shows its
editor; New meeting and New from earlier start one; Delete asks first."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton, QWidget

from rtcdesk.errors import NotFoundError
from rtcdesk.services.meetings import (
    MeetingRow,
    MeetingUsage,
    delete_meeting,
    list_meetings,
    meeting_usage,
)
from rtcdesk.ui.editor_windows import EditorWindows
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.prompts import confirm_delete, show_info, show_refusal
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.wording import listed
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.ui.meeting_editor import MeetingEditor

COLUMNS: list[Column[MeetingRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Title"),
        lambda r: r.display_title,
        sort_key=lambda r: (r.title.casefold(), r.ordinal or 0),
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Start"),
        lambda r: format_date(r.start_date),
        sort_key=lambda r: r.start_date,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "End"),
        lambda r: format_date(r.end_date),
        sort_key=lambda r: r.end_date,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Host"),
        lambda r: r.host_label,
        tooltip=lambda r: r.host_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Place"),
        lambda r: r.place,
        tooltip=lambda r: ", ".join(p for p in (r.venue, r.place) if p) or None,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Mode"), lambda r: enum_label(r.mode)),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Participants"),
        lambda r: str(r.participant_count),
        sort_key=lambda r: r.participant_count,
        numeric=True,
        descending_first=True,
    ),
]
START_COLUMN = 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsWorkspace", text)


def usage_consequences(usage: MeetingUsage) -> list[str]:
    """ "It also removes 22 participations, 11 delegations and 10 agenda items."."""
    parts = [
        text
        for count, text in (
            (usage.participations,
             MeetingsWorkspace.tr("%n participation(s)", "", usage.participations)),
            (usage.delegations, MeetingsWorkspace.tr("%n delegation(s)", "", usage.delegations)),
            (usage.agenda_items,
             MeetingsWorkspace.tr("%n agenda item(s)", "", usage.agenda_items)),
            (usage.outcomes, MeetingsWorkspace.tr("%n outcome(s)", "", usage.outcomes)),
            (usage.action_items,
             MeetingsWorkspace.tr("%n action item(s)", "", usage.action_items)),
        )
        if count
    ]  # fmt: skip
    if not parts:
        return []
    return [_tr("It also removes {things}.").format(things=listed(parts))]


def _search_text(row: MeetingRow) -> str:
    return " ".join(
        p for p in (row.display_title, row.series, row.host_name, row.host_label, row.venue,
                    row.place) if p
    )  # fmt: skip


class MeetingsWorkspace(ListWorkspace[MeetingRow]):
    new_requested = Signal()
    new_from_earlier_requested = Signal()
    load_demo_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New meeting"))
        demo_button = QPushButton(_tr("&Load demo data"))
        empty = EmptyState(
            _tr("No meetings yet"),
            _tr(
                "This database holds no meetings. Record your first meeting, or load the "
                "demo data to look around with the RTC Heads Meetings already recorded."
            ),
            [new_button, demo_button],
        )
        super().__init__(
            _tr("Meetings"), COLUMNS, _search_text, _tr("Title, host or place"), empty, self._load,
            parent,
        )  # fmt: skip
        self._database = database
        self.empty_new_button, self.empty_demo_button = new_button, demo_button
        self.empty_new_button.clicked.connect(self.new_requested)
        self.empty_demo_button.clicked.connect(self.load_demo_requested)

        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for kind in MeetingKind:
            self.kind_filter.addItem(enum_label(kind), kind)
        self.year_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in MeetingStatus:
            self.status_filter.addItem(enum_label(status), status)
        self.add_filter(
            self.tr("&Kind:"),
            self.kind_filter,
            lambda r: self.kind_filter.currentData() in (None, r.kind),
        )
        self.add_filter(
            self.tr("&Year:"),
            self.year_filter,
            lambda r: self.year_filter.currentData() in (None, r.start_date.year),
        )
        self.add_filter(
            self.tr("S&tatus:"),
            self.status_filter,
            lambda r: self.status_filter.currentData() in (None, r.status),
        )
        for combo in (self.kind_filter, self.year_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.apply_filters)

        self.add_button(self.tr("New meeting"), self.new_requested.emit)
        self.add_button(
            self.tr("New from earlier…"),
            self.new_from_earlier_requested.emit,
            self.tr("Start the next meeting of a series from an earlier one"),
        )
        self.add_button(self.tr("Open"), self.open_current)
        self.table.sortByColumn(START_COLUMN, Qt.SortOrder.DescendingOrder)

        #: The meeting editors open now (one per meeting).
        self.editor_windows: EditorWindows[MeetingEditor] = EditorWindows(
            self, lambda e: e.meeting_id
        )
        #: The window-modal dialog of "New from earlier" while it is open.
        self.open_dialog: QDialog | None = None
        self.open_row.connect(lambda row: self.open_editor(row.id))
        self.new_requested.connect(lambda: self.open_editor(None))
        self.new_from_earlier_requested.connect(self.new_from_earlier)
        self.delete_rows.connect(self.delete_meetings)

    def _load(self) -> list[MeetingRow]:
        with self._database.read() as session:
            rows = list_meetings(session)
        self._fill_years(sorted({r.start_date.year for r in rows}, reverse=True))
        return rows

    def _fill_years(self, years: list[int]) -> None:
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("Any year"), None)
        for year in years:
            self.year_filter.addItem(str(year), year)
        found = self.year_filter.findData(chosen)
        self.year_filter.setCurrentIndex(max(found, 0))
        self.year_filter.blockSignals(False)

    # -- editors -----------------------------------------------------------------

    def open_editor(self, meeting_id: int | None) -> MeetingEditor | None:
        """The editor of the meeting (a new one for None), raised if already
        open; None when the meeting is gone (deleted by someone else)."""
        # The editor's modules are imported when the first editor opens.
        from rtcdesk.ui.meeting_editor import MeetingEditor

        open_already = self.editor_windows.raise_open(meeting_id)
        if open_already is not None:
            return open_already
        try:
            editor = MeetingEditor(self._database, meeting_id, self)
        except NotFoundError as gone:
            show_refusal(self, gone, self.tr("Cannot open the meeting"))
            self.refresh()
            return None
        return self.editor_windows.track(editor)

    @property
    def editors(self) -> list[MeetingEditor]:
        return self.editor_windows.windows

    def close_editors(self) -> bool:
        return self.editor_windows.close_all()

    # -- new from earlier --------------------------------------------------------

    def new_from_earlier(self) -> None:
        from rtcdesk.ui.meeting_editor.new_from_earlier import NewFromEarlierDialog

        rows = self.model.rows()
        if not rows:
            show_info(
                self,
                self.tr("New meeting from an earlier one"),
                self.tr("There is no meeting yet to start from. Create one with New meeting."),
            )
            return
        current = self.current_row()
        dialog = NewFromEarlierDialog(self._database, rows, current.id if current else None, self)
        dialog.created.connect(self._follow_on_created)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        self.open_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.open_dialog is dialog:
            self.open_dialog = None
        dialog.deleteLater()

    def _follow_on_created(self, meeting_id: int, name: str) -> None:
        """Say so, offer the open action items of the series, then open the editor."""
        from rtcdesk.services.outcomes import open_actions_to_carry
        from rtcdesk.ui.meeting_editor.carry_over_dialog import CarryOverDialog

        self.refresh()
        self.select_where(lambda row: row.id == meeting_id)
        self.status_message.emit(self.tr("Created {meeting}").format(meeting=name))
        with self._database.read() as session:
            open_items = open_actions_to_carry(session, meeting_id)
        if not open_items:
            self.open_editor(meeting_id)
            return
        dialog = CarryOverDialog(self._database, meeting_id, name, open_items, self)
        dialog.carried.connect(self.status_message)
        dialog.finished.connect(lambda _result: self.open_editor(meeting_id))
        self._show_dialog(dialog)

    # -- deleting ----------------------------------------------------------------

    def delete_meetings(self, rows: list[MeetingRow]) -> None:
        """Ask, saying what goes with the meetings, then delete them in one transaction."""
        with self._database.read() as session:
            usages = [meeting_usage(session, row.id) for row in rows]
        total = MeetingUsage(
            **{f.name: sum(getattr(u, f.name) for u in usages) for f in fields(MeetingUsage)}
        )
        if len(rows) == 1:
            what = rows[0].display_title
        else:
            what = self.tr("%n meeting(s)", "", len(rows))
        if not confirm_delete(self, what, usage_consequences(total)):
            return
        if self.delete_in_one_transaction(self._database, rows, delete_meeting, what):
            self.editor_windows.discard({row.id for row in rows})
