"""The survey editor: one window per survey, with a tab for each step of the
follow-up cycle: design, recipients, sending, collecting, results.

The survey's own fields (Design tab) are saved together with Save (Ctrl+S);
everything else (questions, recipients, responses) is saved as it is done.
Returned forms can be dropped anywhere on the window: they go to the
Collect tab's review.
"""

from __future__ import annotations

from pathlib import Path
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

from rtcdesk.errors import RtcdeskError, StaleEditError, ValidationError
from rtcdesk.services.conflicts import record_conflict
from rtcdesk.services.meetings import list_meetings
from rtcdesk.services.survey_analysis import response_rates, tracker
from rtcdesk.services.survey_design import survey_data, survey_details
from rtcdesk.services.surveys import SurveyData, update_survey
from rtcdesk.ui.elided_label import ElidedLabel
from rtcdesk.ui.history_dialog import HistoryDialog, history_button, open_record_history
from rtcdesk.ui.prompts import Button, ask_unsaved, show_refusal
from rtcdesk.ui.stale_edit import settle_conflict
from rtcdesk.ui.survey_editor.collect_tab import CollectTab
from rtcdesk.ui.survey_editor.design_tab import DesignTab
from rtcdesk.ui.survey_editor.details_form import meeting_choices
from rtcdesk.ui.survey_editor.recipients_tab import RecipientsTab
from rtcdesk.ui.survey_editor.results_tab import ResultsTab
from rtcdesk.ui.survey_editor.send_tab import SendTab
from rtcdesk.ui.tables import enum_label, format_date

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

DEFAULT_SIZE = (1100, 720)


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files and folders being dragged (nothing else is taken)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class SurveyEditor(QDialog):
    """A top-level, non-modal window (open it with ``show()``)."""

    #: After the details were saved: "Saved Follow-up survey 2025".
    saved = Signal(str)
    #: After any other change: "Added 22 recipients", "Collected: ...".
    status_message = Signal(str)

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setAcceptDrops(True)
        self.resize(*DEFAULT_SIZE)
        self.database = database
        self.survey_id = survey_id
        self.version: int | None = None
        self._saved_data: SurveyData | None = None
        #: "6 of 8 responded", counted when recipients or answers change.
        self._progress = ""

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

        self.design = DesignTab(database, survey_id)
        self.recipients = RecipientsTab(database, survey_id)
        self.sending = SendTab(database, survey_id)
        self.collecting = CollectTab(database, survey_id)
        self.results = ResultsTab(database, survey_id)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for tab, title in (
            (self.design, self.tr("&Design")),
            (self.recipients, self.tr("&Recipients")),
            (self.sending, self.tr("Se&nd")),
            (self.collecting, self.tr("&Collect")),
            (self.results, self.tr("Res&ults")),
        ):
            self.tabs.addTab(tab, title)

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

        self.history_button = history_button(self.show_history)
        bottom = QHBoxLayout()
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

        self.design.details.changed.connect(self._details_changed)
        self.design.questions.status_message.connect(self._questions_changed)
        for tab in (self.recipients, self.sending, self.collecting):
            tab.status_message.connect(self._announce)
            tab.changed.connect(self._recipients_changed)
        self.results.status_message.connect(self._announce)
        self.collecting.reviewed.connect(lambda: self.tabs.setCurrentWidget(self.collecting))
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.reload()
        # The window opens typing into its first field, not on the tab bar.
        self.design.details.title.setFocus()

    # -- reading -----------------------------------------------------------------

    def reload(self) -> None:
        """Show the survey as stored now; changes to its details are dropped."""
        with self.database.read() as session:
            meetings = meeting_choices(list_meetings(session))
            details = survey_details(session, self.survey_id)
        self.design.details.set_meetings(meetings)
        self.design.details.set_data(details.data)
        self.version = details.version
        self._saved_data = self.design.details.data()
        self._update_progress()
        self._details_changed()

    def is_modified(self) -> bool:
        return self._saved_data is not None and self.design.details.data() != self._saved_data

    def describe(self) -> str:
        data = self._saved_data
        return data.title.strip() if data is not None else self.tr("the survey")

    def show_history(self) -> HistoryDialog | None:
        """Who changed this survey's details, and when."""
        return open_record_history(self, self.database, "surveys", self.survey_id, self.describe())

    def _update_progress(self) -> None:
        """Count the responses again (after recipients or answers changed)."""
        with self.database.read() as session:
            rows = tracker(session, self.survey_id)
        if rows:
            overall = response_rates(rows)[0]
            self._progress = self.tr("%n of {total} responded", "", overall.responded).format(
                total=overall.recipients
            )
        else:
            self._progress = self.tr("no recipients yet")
        self._update_subheading()

    def _update_subheading(self) -> None:
        data = self.design.details.data()
        parts = []
        if data.meeting_id is not None:
            parts.append(
                self.tr("Follows up the {meeting}").format(
                    meeting=self.design.details.meeting.currentText()
                )
            )
        if data.closes_on is not None:
            parts.append(self.tr("deadline {date}").format(date=format_date(data.closes_on)))
        parts += [enum_label(data.status), self._progress]
        self.subheading.setText("  ·  ".join(parts))

    # -- the details ---------------------------------------------------------------

    def _details_changed(self) -> None:
        details = self.design.details
        problems = details.problems()
        details.show_problems(problems)
        modified = self.is_modified()
        allowed = modified and not problems
        self.save_button.setEnabled(allowed)
        self.save_action.setEnabled(allowed)
        shortcut = self.save_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if problems:
            tip = self.tr("Not yet: {problems}").format(problems="; ".join(map(str, problems)))
        elif modified:
            tip = self.tr("Save the survey's details ({shortcut})").format(shortcut=shortcut)
        else:
            tip = self.tr("Nothing to save")
        self.save_button.setToolTip(tip)
        self.setWindowModified(modified)
        title = details.data().title.strip() or self.tr("Untitled survey")
        self.heading.setText(title)
        self.setWindowTitle(self.tr("{title}[*] — rtcdesk").format(title=title))
        self._update_subheading()

    def save(self) -> bool:
        """Save the details in one transaction; False (saying why) when refused."""
        details = self.design.details
        details.fields.show_everything()
        if not self.save_button.isEnabled():
            self._details_changed()
            return False
        data = details.data()
        try:
            with self.database.write() as session:
                survey = update_survey(session, self.survey_id, data, self.version)
                self.version = survey.version
                saved = survey_data(survey)
        except ValidationError as refused:
            elsewhere = details.show_problems(refused.problems)
            self.tabs.setCurrentWidget(self.design)
            if elsewhere:
                show_refusal(self, ValidationError(refused.what, elsewhere))
            return False
        except StaleEditError:
            return self._resolve_conflict(data)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return False
        details.set_data(saved)
        self._saved_data = details.data()
        self._details_changed()
        self.recipients.refresh()
        self.sending.refresh()
        message = self.tr("Saved {title}").format(title=self.describe())
        self.message.setText(message)
        self.saved.emit(message)
        return True

    def _resolve_conflict(self, data: SurveyData) -> bool:
        """Someone else saved it first: show what differs and do what the
        coordinator chooses (``settle_conflict``). True if the overwrite was saved."""
        loaded = self._saved_data if self._saved_data is not None else data
        return settle_conflict(
            self,
            self.database,
            lambda session: record_conflict(session, self.survey_id, self.describe(), loaded, data),
            self.reload,
            self._save_over,
        )

    def _save_over(self, stored_version: int) -> bool:
        self.version = stored_version
        return self.save()

    # -- the other tabs ------------------------------------------------------------

    def _announce(self, message: str) -> None:
        self.message.setText(message)
        self.status_message.emit(message)

    def _questions_changed(self, message: str) -> None:
        self.results.refresh()
        self._announce(message)

    def _recipients_changed(self) -> None:
        """Recipients, their stamps or their answers changed: every tab that shows them."""
        self.recipients.refresh()
        self.sending.refresh()
        self.results.refresh()
        self.design.questions.refresh()
        if self.is_modified():
            # Saving will meet the newer version and say so; keep the edits.
            self._update_progress()
        else:
            # Sending or collecting may have opened the survey (or reopened it).
            self.reload()

    # -- dropping returned forms ---------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.tabs.setCurrentWidget(self.collecting)
        self.collecting.collect(paths)

    # -- closing -------------------------------------------------------------------

    def reject(self) -> None:
        """Close, Escape and the window's close button: ask first if the details changed."""
        if self.is_modified():
            answer = ask_unsaved(self, self.describe())
            if answer == Button.Cancel or (answer == Button.Save and not self.save()):
                return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the survey was deleted)."""
        self._saved_data = None
        super().reject()
