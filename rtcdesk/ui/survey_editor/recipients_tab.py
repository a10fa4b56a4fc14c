"""The Recipients tab: who is asked, and where each one stands (invited,
reminded, responded, declined, undeliverable).

Recipients come from the meeting's participants (e.g. those who attended)
or one by one. A response received on paper is typed in here, a recipient
who will not answer is marked declined, and the list of those still to
chase is one click away and can be exported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.exports import export
from rtcdesk.services.survey_analysis import (
    TrackerRow,
    non_respondents,
    response_rates,
    tracker,
)
from rtcdesk.services.survey_design import question_rows, survey_details
from rtcdesk.services.survey_recipients import non_respondents_sheet
from rtcdesk.services.survey_responses import stored_response
from rtcdesk.services.surveys import remove_recipient
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.file_choice import (
    EXPORT_FOLDER_KEY,
    ask_save_path,
    remember_folder,
    suggested_export_path,
)
from rtcdesk.ui.prompts import confirm_delete, show_info, show_refusal
from rtcdesk.ui.survey_editor.recipient_dialogs import (
    AddPersonDialog,
    FromMeetingDialog,
    StatusDialog,
)
from rtcdesk.ui.survey_editor.response_dialog import ResponseDialog
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable
from rtcdesk.vocabulary import RETURNED, RecipientStatus

if TYPE_CHECKING:
    from pathlib import Path

    from rtcdesk.db.engine import Database
    from rtcdesk.progress import ProgressReporter


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecipientsTab", text)


def format_moment(value: datetime | None) -> str:
    """The day of a stored (UTC) moment, in the coordinator's time zone."""
    return format_date(value.astimezone().date()) if value is not None else ""


def _reminders(row: TrackerRow) -> str:
    if not row.reminder_count:
        return ""
    return _tr("{count}, last {date}").format(
        count=row.reminder_count, date=format_moment(row.last_reminded_at)
    )


def _moment_key(value: datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


COLUMNS: list[Column[TrackerRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.name, sort_key=lambda r: r.name_key),
    Column(QT_TRANSLATE_NOOP("Columns", "Delegation"), lambda r: r.delegation),
    Column(QT_TRANSLATE_NOOP("Columns", "E-mail"), lambda r: r.email),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Status"),
        lambda r: enum_label(r.status),
        tooltip=lambda r: r.note or None,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Invited"),
        lambda r: format_moment(r.invited_at),
        sort_key=lambda r: _moment_key(r.invited_at),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Reminders"),
        _reminders,
        sort_key=lambda r: (r.reminder_count, _moment_key(r.last_reminded_at)),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Responded"),
        lambda r: format_moment(r.responded_at),
        sort_key=lambda r: _moment_key(r.responded_at),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Note"), lambda r: r.note, stretch=True),
]

#: The "Show" filter: its label and which rows it keeps (given the ids still to chase).
SHOW: list[tuple[str, Callable[[TrackerRow, set[int]], bool]]] = [
    (QT_TRANSLATE_NOOP("RecipientsTab", "All recipients"), lambda _r, _chase: True),
    (
        QT_TRANSLATE_NOOP("RecipientsTab", "Not answered in full"),
        lambda r, chase: r.recipient_id in chase,
    ),
    (
        QT_TRANSLATE_NOOP("RecipientsTab", "Responded"),
        lambda r, _chase: r.status is RecipientStatus.RESPONDED,
    ),
    (
        QT_TRANSLATE_NOOP("RecipientsTab", "Declined or undeliverable"),
        lambda r, _chase: r.status in (RecipientStatus.DECLINED, RecipientStatus.UNDELIVERABLE),
    ),
]
NOT_ANSWERED = 1
NOT_ANSWERED_LINK = "not-answered"
NOTE_COLUMN = len(COLUMNS) - 1


class RecipientsTab(QWidget):
    #: What just happened, for the editor and the status bar.
    status_message = Signal(str)
    #: Recipients or their answers changed (other tabs show them too).
    changed = Signal()

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        #: The dialog open now (window-modal), for tests and to keep it alive.
        self.open_dialog: QDialog | None = None
        self.task: BackgroundTask | None = None
        self._chase: set[int] = set()
        self._meeting = ""
        self._fitted = False

        self.model: RowTableModel[TrackerRow] = RowTableModel(COLUMNS, self)
        self.proxy: RowFilterProxy[TrackerRow] = RowFilterProxy(
            lambda r: f"{r.name} {r.delegation} {r.email} {r.note}", self
        )
        self.proxy.setSourceModel(self.model)
        self.table = RowTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Recipients"))
        self.table.open_requested.connect(self.enter_response)
        self.table.delete_requested.connect(self.remove_current)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.from_meeting_button = self._button(
            self.tr("Add from &meeting…"), self.add_from_meeting
        )
        self.add_person_button = self._button(self.tr("Add &person…"), self.add_person)
        self.remove_button = self._button(self.tr("Remo&ve…"), self.remove_current)
        self.response_button = self._button(self.tr("&Enter response…"), self.enter_response)
        self.response_button.setToolTip(
            self.tr("Type in a response received on paper or in an e-mail")
        )
        self.declined_button = self._button(
            self.tr("Mark decl&ined…"), lambda: self.set_status(RecipientStatus.DECLINED)
        )
        self.status_button = self._button(self.tr("Other s&tatus…"), lambda: self.set_status(None))
        self.status_button.setToolTip(
            self.tr("Not invited yet, invited, undeliverable: e.g. after correcting an address")
        )

        self.show_filter = QComboBox()
        for shown, _keeps in SHOW:
            self.show_filter.addItem(QCoreApplication.translate("RecipientsTab", shown))
        self.show_filter.currentIndexChanged.connect(self._apply_filter)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name, delegation or e-mail"))
        self.search.textChanged.connect(self.proxy.set_search_text)
        self.export_button = self._button(
            self.tr("E&xport not answered…"), self.export_not_answered
        )
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Response summary"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setToolTip(self.tr("Click the count of those not answered to list them"))
        self.summary.linkActivated.connect(lambda _link: self.show_not_answered())

        actions = QHBoxLayout()
        for button in (self.from_meeting_button, self.add_person_button, self.remove_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        for button in (self.response_button, self.declined_button, self.status_button):
            actions.addWidget(button)
        actions.addStretch()
        filters = QHBoxLayout()
        for caption, widget in (
            (self.tr("S&how:"), self.show_filter),
            (self.tr("&Search:"), self.search),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addSpacing(16)
        filters.addWidget(self.summary, 1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- reading -----------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_row()
        with self.database.read() as session:
            rows = tracker(session, self.survey_id)
            self._meeting = survey_details(session, self.survey_id).meeting_title
        self._chase = {r.recipient_id for r in non_respondents(rows)}
        self.model.set_rows(rows)
        self._apply_filter()
        if rows and not self._fitted:
            self.table.fit_columns([NOTE_COLUMN])
            self._fitted = True
        if current is not None:
            self.select(current.recipient_id)
        self._summarise(rows)
        self._update_buttons()

    def _summarise(self, rows: list[TrackerRow]) -> None:
        if not rows:
            self.summary.setText(escape(self.tr("No recipients yet.")))
            return
        overall = response_rates(rows)[0]
        declined = sum(r.status is RecipientStatus.DECLINED for r in rows)
        undeliverable = sum(r.status is RecipientStatus.UNDELIVERABLE for r in rows)
        chase = escape(self.tr("%n not answered in full", "", len(self._chase)))
        parts = [
            escape(
                self.tr("%n of {total} responded ({rate:.0%})", "", overall.responded).format(
                    total=overall.recipients, rate=overall.rate
                )
            ),
            f"<a href='{NOT_ANSWERED_LINK}'>{chase}</a>" if self._chase else chase,
        ]
        if declined:
            parts.append(escape(self.tr("%n declined", "", declined)))
        if undeliverable:
            parts.append(escape(self.tr("%n undeliverable", "", undeliverable)))
        self.summary.setText(" · ".join(parts))

    def _apply_filter(self) -> None:
        keeps = SHOW[max(self.show_filter.currentIndex(), 0)][1]
        chase = self._chase
        self.proxy.set_predicate(lambda row: keeps(row, chase))

    def show_not_answered(self) -> None:
        """The one-click list of those still to chase."""
        self.show_filter.setCurrentIndex(NOT_ANSWERED)

    def current_row(self) -> TrackerRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.proxy.row_at(index)

    def select(self, recipient_id: int) -> bool:
        for number in range(self.proxy.rowCount()):
            index = self.proxy.index(number, 0)
            row = self.proxy.row_at(index)
            if row is not None and row.recipient_id == recipient_id:
                self.table.selectRow(number)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        for button in (
            self.remove_button,
            self.response_button,
            self.declined_button,
            self.status_button,
        ):
            button.setEnabled(row is not None)
        self.from_meeting_button.setEnabled(bool(self._meeting))
        self.from_meeting_button.setToolTip(
            ""
            if self._meeting
            else self.tr("This survey follows up no meeting; choose one on the Design tab")
        )
        if row is not None:
            self.response_button.setText(
                self.tr("&Edit response…")
                if row.status in RETURNED
                else self.tr("&Enter response…")
            )

    # -- changing ----------------------------------------------------------------

    def _show_dialog(self, dialog: QDialog, done: SignalInstance) -> None:
        self.open_dialog = dialog
        done.connect(self._changed)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.open_dialog is dialog:
            self.open_dialog = None
        dialog.deleteLater()
        self.table.setFocus()

    def _changed(self, message: str) -> None:
        self.refresh()
        self.status_message.emit(message)
        self.changed.emit()

    def add_from_meeting(self) -> None:
        dialog = FromMeetingDialog(self.database, self.survey_id, self._meeting, self)
        self._show_dialog(dialog, dialog.added)

    def add_person(self) -> None:
        dialog = AddPersonDialog(self.database, self.survey_id, self)
        self._show_dialog(dialog, dialog.added)

    def set_status(self, status: RecipientStatus | None) -> None:
        row = self.current_row()
        if row is None:
            return
        dialog = StatusDialog(self.database, row, status or row.status, self)
        self._show_dialog(dialog, dialog.saved)

    def enter_response(self) -> None:
        row = self.current_row()
        if row is None:
            return
        with self.database.read() as session:
            questions = question_rows(session, self.survey_id)
            response = stored_response(session, row.recipient_id)
        if not questions:
            show_info(
                self,
                self.tr("No questions"),
                self.tr("This survey has no questions yet; add them on the Design tab."),
            )
            return
        dialog = ResponseDialog(self.database, self.survey_id, row, questions, response, self)
        self._show_dialog(dialog, dialog.saved)

    def remove_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not confirm_delete(self, self.tr("{name} from the recipients").format(name=row.name)):
            return
        try:
            with self.database.write() as session:
                remove_recipient(session, row.recipient_id, None)
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Not removed"))
            return
        self._changed(self.tr("Removed {name} from the recipients").format(name=row.name))

    # -- exporting ---------------------------------------------------------------

    def export_not_answered(self, target: Path | None = None) -> BackgroundTask | None:
        """Write those still to chase to a workbook (asks where, unless ``target`` is given)."""
        with self.database.read() as session:
            title = survey_details(session, self.survey_id).data.title
        if target is None:
            target = ask_save_path(
                self,
                self.tr("Export the recipients who have not answered"),
                suggested_export_path(self.tr("{survey} - not answered").format(survey=title)),
            )
        if target is None:
            return None
        database, survey_id = self.database, self.survey_id

        def work(progress: ProgressReporter) -> Path:
            with database.read() as session:
                sheet = non_respondents_sheet(session, survey_id)
            return export(target, sheet, progress=progress)

        self.task = BackgroundTask(
            self,
            work,
            title=self.tr("Export"),
            label=self.tr("Writing {file}…").format(file=target.name),
            refusal_title=self.tr("Not exported"),
        )
        self.task.succeeded.connect(self._exported)
        self.task.start()
        return self.task

    def _exported(self, path: Path) -> None:
        remember_folder(EXPORT_FOLDER_KEY, path)
        self.status_message.emit(self.tr("Exported the list to {file}").format(file=path))
