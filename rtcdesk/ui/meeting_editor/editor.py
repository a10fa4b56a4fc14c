"""The meeting editor: one window per meeting, with a tab for each part of it.

Details are edited in the form and saved together (Save, Ctrl+S) in one
transaction; a save on a meeting someone else changed meanwhile is refused
and the coordinator chooses to reload or keep editing; a meeting deleted
meanwhile can be saved as a new one (its details only). The list tabs
(agenda, delegations and participants, outcomes, action items) save each
change at once. They need the meeting to exist, so for a new meeting they
open once its details are saved; each reads its rows when first shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import NotFoundError, RtcdeskError, StaleEditError, ValidationError
from rtcdesk.services.conflicts import MeetingContents, meeting_conflict, meeting_contents
from rtcdesk.services.meetings import (
    MeetingData,
    get_meeting,
    list_series,
    meeting_data,
    save_meeting,
)
from rtcdesk.services.names import meeting_title
from rtcdesk.ui.elided_label import ElidedLabel
from rtcdesk.ui.export_dialog import ExportDialog
from rtcdesk.ui.history_dialog import HistoryDialog, history_button, open_record_history
from rtcdesk.ui.import_dialog import ImportDialog, dropped_file
from rtcdesk.ui.meeting_editor.actions_tab import ActionsTab
from rtcdesk.ui.meeting_editor.agenda_tab import AgendaTab
from rtcdesk.ui.meeting_editor.choices import organisation_entries
from rtcdesk.ui.meeting_editor.details_tab import DetailsTab
from rtcdesk.ui.meeting_editor.outcomes_tab import OutcomesTab
from rtcdesk.ui.meeting_editor.participants_tab import ParticipantsTab
from rtcdesk.ui.prompts import Button, ask_unsaved, show_refusal
from rtcdesk.ui.stale_edit import SaveAsNew, settle_conflict, settle_deletion
from rtcdesk.ui.tables import enum_label, format_date
from rtcdesk.vocabulary import MeetingKind, MeetingMode, MeetingStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

DEFAULT_SIZE = (1100, 700)
ListTab = AgendaTab | ParticipantsTab | OutcomesTab | ActionsTab


def blank_meeting(today: date) -> MeetingData:
    """What a new meeting starts with: today, in person, planned."""
    return MeetingData(
        title="",
        kind=MeetingKind.REGIONAL_WORKSHOP,
        start_date=today,
        end_date=today,
        mode=MeetingMode.IN_PERSON,
        status=MeetingStatus.PLANNED,
    )


class MeetingEditor(QDialog):
    """A top-level, non-modal window (open it with ``show()``)."""

    #: After the details were saved: "Saved 21st RTC Heads Meeting".
    saved = Signal(str)
    #: After a change in one of the list tabs: "Added agenda item 'Opening'".
    status_message = Signal(str)

    def __init__(self, database: Database, meeting_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.resize(*DEFAULT_SIZE)
        self.setAcceptDrops(True)
        self.database = database
        self.meeting_id = meeting_id
        self.version: int | None = None
        self._saved_data: MeetingData | None = None
        #: The rows of the list tabs as last shown, to tell in a conflict what changed.
        self._shown_contents: MeetingContents = {}

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading.setWordWrap(True)

        self.details = DetailsTab(database)
        self.details.changed.connect(self._details_changed)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.details, self.tr("Details"))
        #: The list tabs, once the meeting exists.
        self.agenda: AgendaTab | None = None
        self.participants: ParticipantsTab | None = None
        self.outcomes: OutcomesTab | None = None
        self.actions_tab: ActionsTab | None = None
        for title in self._list_tab_titles():
            waiting = QLabel(self.tr("Save the details of the new meeting first."))
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            index = self.tabs.addTab(waiting, title)
            self.tabs.setTabEnabled(index, False)
            self.tabs.setTabToolTip(index, self.tr("Available once the meeting is saved"))

        self.message = ElidedLabel()
        self.message.setAccessibleName(self.tr("Last change"))
        self.save_button = QPushButton(self.tr("Save"))
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.save_button, self.close_button):
            button.setAccessibleName(button.text())
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        self.export_button = QPushButton(self.tr("E&xport participant list…"))
        self.import_button = QPushButton(self.tr("Import re&gistrations…"))
        for button in (self.export_button, self.import_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setEnabled(meeting_id is not None)
        self.export_button.clicked.connect(self.export_participants)
        self.import_button.clicked.connect(self.import_registrations)
        self.history_button = history_button(self.show_history, enabled=meeting_id is not None)

        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(4)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        if meeting_id is not None:
            self._open_list_tabs(meeting_id)
        self._no_default_buttons()
        self.reload()
        # The window opens typing into its first field, not on the tab bar.
        self.details.title.setFocus()

    def _no_default_buttons(self) -> None:
        """Enter in a field must not press a button of the window (Ctrl+S saves)."""
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def _list_tab_titles(self) -> list[str]:
        return [
            self.tr("Agenda"),
            self.tr("Delegations && participants"),
            self.tr("Outcomes"),
            self.tr("Action items"),
        ]

    def _open_list_tabs(self, meeting_id: int) -> None:
        """Put the list tabs in place of the "save first" notes."""
        self.agenda = AgendaTab(self.database, meeting_id)
        self.participants = ParticipantsTab(self.database, meeting_id)
        self.outcomes = OutcomesTab(self.database, meeting_id)
        self.actions_tab = ActionsTab(self.database, meeting_id)
        current = self.tabs.currentIndex()
        tabs: list[ListTab] = [self.agenda, self.participants, self.outcomes, self.actions_tab]
        for index, (tab, title) in enumerate(
            zip(tabs, self._list_tab_titles(), strict=True), start=1
        ):
            waiting = self.tabs.widget(index)
            self.tabs.removeTab(index)
            if waiting is not None:
                waiting.deleteLater()
            self.tabs.insertTab(index, tab, title)
            tab.status_message.connect(self._list_changed)
        self.tabs.setCurrentIndex(current)
        self.export_button.setEnabled(True)
        self.import_button.setEnabled(True)
        self.history_button.setEnabled(True)
        self._no_default_buttons()

    def export_participants(self) -> ExportDialog | None:
        """The participant list to Excel, columns and statuses chosen in a dialog."""
        if self.meeting_id is None:
            return None
        dialog = ExportDialog(self.database, self.meeting_id, self)
        dialog.exported.connect(self.message.setText)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_registrations(self) -> ImportDialog | None:
        """A registration list into this meeting; the tabs show the result."""
        if self.meeting_id is None:
            return None
        dialog = ImportDialog(self.database, self.meeting_id, self)
        dialog.imported.connect(self._imported)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A registration list dragged onto the meeting can be dropped to import it."""
        data = event.mimeData()
        if self.meeting_id is not None and data.hasUrls() and dropped_file(data.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        path = dropped_file(data.urls()) if data.hasUrls() else None
        if path is None or self.meeting_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        dialog = self.import_registrations()
        if dialog is not None:
            dialog.load_file(path)

    def show_history(self) -> HistoryDialog | None:
        """Who changed this meeting's details, and when."""
        return open_record_history(
            self, self.database, "meetings", self.meeting_id, self.describe()
        )

    def _imported(self, message: str) -> None:
        self.message.setText(message)
        for tab in self.list_tabs():
            tab.read_again()
        self._remember_contents()

    def _remember_contents(self) -> None:
        """Note the list rows as the tabs show them now (after they refreshed)."""
        if self.meeting_id is None:
            return
        with self.database.read() as session:
            self._shown_contents = meeting_contents(session, self.meeting_id)

    def list_tabs(self) -> list[ListTab]:
        return [t for t in (self.agenda, self.participants, self.outcomes, self.actions_tab) if t]

    # -- reading -----------------------------------------------------------------

    def reload(self) -> None:
        """Show the meeting as stored now; changes made here are dropped."""
        with self.database.read() as session:
            organisations = organisation_entries(session)
            series = list_series(session)
            if self.meeting_id is None:
                data, self.version = blank_meeting(date.today()), None
            else:
                meeting = get_meeting(session, self.meeting_id)
                data, self.version = meeting_data(meeting), meeting.version
        self.details.set_choices(organisations, series)
        self.details.set_data(data)
        self._saved_data = self.details.data()
        self._details_changed()
        for tab in self.list_tabs():
            tab.read_again()
        self._remember_contents()

    def is_modified(self) -> bool:
        return self._saved_data is not None and self.details.data() != self._saved_data

    def describe(self) -> str:
        """The meeting's name as saved ("21st RTC Heads Meeting"), for questions."""
        data = self._saved_data
        if self.meeting_id is None or data is None:
            return self.tr("the new meeting")
        return meeting_title(data.title.strip(), data.ordinal)

    # -- the details form --------------------------------------------------------

    def _details_changed(self) -> None:
        problems = self.details.problems()
        self.details.show_problems(problems)
        modified = self.is_modified()
        allowed = modified and not problems
        self.save_button.setEnabled(allowed)
        self.save_action.setEnabled(allowed)
        shortcut = self.save_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if problems:
            tip = self.tr("Not yet: {problems}").format(problems="; ".join(map(str, problems)))
        elif modified:
            tip = self.tr("Save the details ({shortcut})").format(shortcut=shortcut)
        else:
            tip = self.tr("Nothing to save")
        self.save_button.setToolTip(tip)
        self.setWindowModified(modified)
        self._update_heading()

    def _update_heading(self) -> None:
        data = self.details.data()
        title = data.title.strip()
        title = meeting_title(title, data.ordinal) if title else self.tr("New meeting")
        self.heading.setText(title)
        self.setWindowTitle(self.tr("{title}[*] — rtcdesk").format(title=title))
        if data.start_date is None or data.end_date is None or data.start_date == data.end_date:
            # One day, or the one date that can be read while the other is being typed.
            when = format_date(data.start_date or data.end_date)
        else:
            when = f"{format_date(data.start_date)} – {format_date(data.end_date)}"
        place = ", ".join(p for p in (data.city.strip(), data.country.strip()) if p)
        parts = [when, place, enum_label(data.mode), enum_label(data.status)]
        self.subheading.setText("  ·  ".join(p for p in parts if p))

    def save(self) -> bool:
        """Save the details in one transaction; False (saying why) when refused."""
        self.details.fields.show_everything()
        if not self.save_button.isEnabled():
            self._details_changed()
            return False
        data = self.details.data()
        try:
            with self.database.write() as session:
                stored = save_meeting(session, self.meeting_id, data, self.version)
            ident, self.version, saved = stored.id, stored.version, stored.data
        except ValidationError as refused:
            self.details.show_problems(refused.problems)
            self.tabs.setCurrentWidget(self.details)
            return False
        except StaleEditError:
            return self._resolve_conflict(data)
        except NotFoundError as gone:
            return self._resolve_deletion(gone)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return False
        first_save = self.meeting_id is None
        self.meeting_id = ident
        self.details.set_data(saved)
        self._saved_data = self.details.data()
        self._details_changed()
        if first_save:
            self._open_list_tabs(ident)
            self._remember_contents()
        message = self.tr("Saved {title}").format(title=self.describe())
        self.message.setText(message)
        self.saved.emit(message)
        return True

    def _resolve_conflict(self, data: MeetingData) -> bool:
        """Someone else saved it first: show what differs and do what the
        coordinator chooses (``settle_conflict``). True if the overwrite was saved."""
        meeting_id = self.meeting_id
        assert meeting_id is not None, "a meeting not yet saved cannot be stale"
        loaded = self._saved_data if self._saved_data is not None else data
        return settle_conflict(
            self,
            self.database,
            lambda session: meeting_conflict(
                session, meeting_id, self.describe(), loaded, data, self._shown_contents
            ),
            self.reload,
            self._save_over,
        )

    def _save_over(self, stored_version: int) -> bool:
        """Overwrite the details; the list tabs then show what was saved in them meanwhile."""
        self.version = stored_version
        if not self.save():
            return False
        for tab in self.list_tabs():
            tab.read_again()
        self._remember_contents()
        return True

    def _resolve_deletion(self, gone: NotFoundError) -> bool:
        """Someone deleted the meeting meanwhile: say who and when, and save
        the details as a new meeting if the coordinator chooses so. Its lists
        were saved row by row and went with it: the new meeting starts
        without them."""
        offer = SaveAsNew(
            "meetings",
            self.tr("Save as a new meeting"),
            self.tr(
                "The new meeting gets the details as this window shows them. Its agenda, "
                "delegations, participants, outcomes and action items were deleted with the "
                "old meeting: the new one starts without them."
            ),
        )
        return settle_deletion(self, self.database, self.meeting_id, gone, offer, self._save_as_new)

    def _save_as_new(self) -> bool:
        """Save the details as a new meeting; the list tabs then show its lists."""
        self.meeting_id, self.version = None, None
        return self.save()

    def _list_changed(self, message: str) -> None:
        self.message.setText(message)
        self.status_message.emit(message)
        self._remember_contents()

    # -- closing -----------------------------------------------------------------

    def reject(self) -> None:
        """Close, Escape and the window's close button: ask first if the details changed."""
        if self.is_modified():
            answer = ask_unsaved(self, self.describe())
            if answer == Button.Cancel or (answer == Button.Save and not self.save()):
                return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the meeting was deleted)."""
        self._saved_data = None
        super().reject()
