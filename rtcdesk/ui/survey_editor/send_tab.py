"""The Send tab: the forms, e-mail drafts and e-mail itself.

"Write forms" puts one pre-filled workbook per recipient in a folder.
Invitations go to recipients not invited yet, reminders to those invited
who have neither answered nor declined; each as an e-mail draft (.eml, the
form attached) to open in Outlook or Thunderbird, or sent directly through
the mail server of the preferences. The subject and body are editable, with
placeholders. All of it runs off the GUI thread, with progress and Cancel.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.services.names import display_name
from rtcdesk.services.survey_forms import write_forms
from rtcdesk.services.survey_mail import (
    MailResult,
    MailTemplate,
    invitation_targets,
    mark_drafts_sent,
    prepare,
    reminder_targets,
    send,
)
from rtcdesk.ui.background import BackgroundTask, Work
from rtcdesk.ui.passwords import password_for
from rtcdesk.ui.preferences import PreferencesDialog, load_smtp_settings
from rtcdesk.ui.prompts import ask_yes_no, show_info
from rtcdesk.ui.survey_editor.mail_texts import (
    PLACEHOLDERS,
    load_template,
    save_template,
    standard_template,
)
from rtcdesk.ui.translations import TrOnClass
from rtcdesk.ui.wording import listed
from rtcdesk.vocabulary import RecipientStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.db.models import SurveyRecipient
    from rtcdesk.progress import ProgressReporter
    from rtcdesk.services.survey_mail import SmtpSettings

BODY_LINES = 9


#: Names listed in a tooltip, at most.
LISTED = 25


def _who(recipients: list[SurveyRecipient]) -> str:
    """The recipients' names, one a line, incomplete returns marked."""
    lines = [
        display_name(r.person)
        + (SendTab.tr(" (incomplete)") if r.status is RecipientStatus.INCOMPLETE else "")
        for r in recipients[:LISTED]
    ]
    if len(recipients) > LISTED:
        lines.append(SendTab.tr("and %n more", "", len(recipients) - LISTED))
    return "\n".join(lines)


class SendTab(TrOnClass, QWidget):
    status_message = Signal(str)
    #: Recipients were stamped (invited, reminded, undeliverable).
    changed = Signal()

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self.task: BackgroundTask | None = None
        self.open_dialog: PreferencesDialog | None = None
        self._counts = (0, 0)
        self._drafted = 0
        self._templates = {False: load_template(False), True: load_template(True)}

        forms_note = QLabel(
            self.tr(
                "One Excel form per recipient, with their name and delegation filled in and "
                "named so that you can tell whose it is. Send them any way you like; "
                "collect the returned files on the Collect tab."
            )
        )
        forms_note.setWordWrap(True)
        self.forms_button = QPushButton(self.tr("&Write forms to a folder…"))
        self.forms_button.setAccessibleName(self.tr("Write forms to a folder"))
        self.forms_button.clicked.connect(lambda: self.write_forms_to())
        forms_box = QGroupBox(self.tr("Forms"))
        forms_row = QHBoxLayout(forms_box)
        forms_row.addWidget(forms_note, 1)
        forms_row.addWidget(self.forms_button)

        self.invitations = QRadioButton()
        self.reminders = QRadioButton()
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.invitations)
        self.kind.addButton(self.reminders)
        self.invitations.setChecked(True)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setFixedHeight(self.body.fontMetrics().lineSpacing() * BODY_LINES + 14)
        hint = QLabel(
            self.tr("Placeholders: {placeholders}, replaced for each recipient.").format(
                placeholders=" ".join(PLACEHOLDERS)
            )
        )
        hint.setWordWrap(True)
        self.standard_button = QPushButton(self.tr("Standard te&xt"))
        self.standard_button.setAccessibleName(self.tr("Standard text"))
        self.standard_button.setToolTip(self.tr("Put rtcdesk's standard subject and text back"))
        self.standard_button.clicked.connect(self.restore_standard_text)
        self.drafts_button = QPushButton(self.tr("Write e-mail dra&fts to a folder…"))
        self.drafts_button.setAccessibleName(self.tr("Write e-mail drafts to a folder"))
        self.drafts_button.clicked.connect(lambda: self.write_drafts_to())
        self.send_button = QPushButton(self.tr("Send by e-&mail"))
        self.send_button.setAccessibleName(self.tr("Send by e-mail"))
        self.send_button.clicked.connect(lambda: self.send_by_email())
        self.drafts_sent_button = QPushButton(self.tr("Mark dr&afts as sent"))
        self.drafts_sent_button.setAccessibleName(self.tr("Mark drafts as sent"))
        self.drafts_sent_button.setToolTip(
            self.tr(
                "Once you have sent the drafted invitations from your mail program: their "
                "recipients count as invited, and get reminders"
            )
        )
        self.drafts_sent_button.clicked.connect(self.mark_drafts_sent)
        self.server = QLabel()
        self.server.setWordWrap(True)
        self.server_button = QPushButton(self.tr("Mail ser&ver…"))
        self.server_button.setAccessibleName(self.tr("Mail server settings"))
        self.server_button.clicked.connect(self.edit_mail_server)

        mail_form = QFormLayout()
        for caption, widget in (
            (self.tr("Se&nd:"), self.invitations),
            ("", self.reminders),
            (self.tr("S&ubject:"), self.subject),
            (self.tr("&Text:"), self.body),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            mail_form.addRow(label, widget)
        self.subject.setAccessibleName(self.tr("Subject"))
        self.body.setAccessibleName(self.tr("Text of the e-mail"))
        hint_row = QHBoxLayout()
        hint_row.addWidget(hint, 1)
        hint_row.addWidget(self.standard_button)
        mail_form.addRow("", hint_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.drafts_button)
        buttons.addWidget(self.drafts_sent_button)
        buttons.addWidget(self.send_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.server, 1)
        buttons.addWidget(self.server_button)
        mail_form.addRow("", buttons)
        mail_box = QGroupBox(self.tr("E-mail"))
        mail_box.setLayout(mail_form)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Result of the last sending"))
        layout = QVBoxLayout(self)
        layout.addWidget(forms_box)
        layout.addWidget(mail_box)
        layout.addWidget(self.result)
        layout.addStretch()

        self._show_template()
        self.invitations.toggled.connect(self._kind_changed)
        self.refresh()

    # -- state -------------------------------------------------------------------

    @property
    def reminder(self) -> bool:
        return self.reminders.isChecked()

    def template(self) -> MailTemplate:
        return MailTemplate(self.subject.text(), self.body.toPlainText())

    def _show_template(self) -> None:
        template = self._templates[self.reminder]
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)

    def _kind_changed(self) -> None:
        self._templates[not self.reminder] = self.template()
        self._show_template()
        self._update_buttons()

    def restore_standard_text(self) -> None:
        self._templates[self.reminder] = standard_template(self.reminder)
        self._show_template()

    def refresh(self) -> None:
        with self.database.read() as session:
            targets = invitation_targets(session, self.survey_id)
            reminded = reminder_targets(session, self.survey_id)
            self._counts = (len(targets), len(reminded))
            self._drafted = sum(r.status is RecipientStatus.DRAFTED for r in targets)
            # Who each would go to, on the buttons' tooltips.
            self.invitations.setToolTip(_who(targets))
            self.reminders.setToolTip(_who(reminded))
        invite, remind = self._counts
        if self._counts[1 if self.reminder else 0] == 0 and invite + remind > 0:
            # Offer what can be sent: reminders once everyone is invited.
            (self.reminders if remind else self.invitations).setChecked(True)
        self.invitations.setText(
            self.tr("&Invitations, to the %n recipient(s) not invited yet", "", invite)
        )
        self.reminders.setText(
            self.tr("R&eminders, to the %n recipient(s) who have not answered in full", "", remind)
        )
        smtp = load_smtp_settings()
        if smtp is None:
            self.server.setText(self.tr("No mail server is set up: write drafts instead."))
        else:
            self.server.setText(
                self.tr("Through {host}:{port}").format(host=smtp.host, port=smtp.port)
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = self._counts[1 if self.reminder else 0]
        busy = self.task is not None and self.task.running
        self.drafts_button.setEnabled(count > 0 and not busy)
        self.send_button.setEnabled(count > 0 and not busy and load_smtp_settings() is not None)
        self.forms_button.setEnabled(not busy)
        self.drafts_sent_button.setEnabled(self._drafted > 0 and not busy)
        if count == 0:
            tip = self.tr("Nobody to write to")
        elif load_smtp_settings() is None:
            tip = self.tr("Set up a mail server first (Mail server…)")
        else:
            tip = ""
        self.send_button.setToolTip(tip)

    def edit_mail_server(self) -> None:
        dialog = PreferencesDialog(self)
        self.open_dialog = dialog
        dialog.finished.connect(lambda _result: self._preferences_closed(dialog))
        dialog.open()

    def _preferences_closed(self, dialog: PreferencesDialog) -> None:
        self.open_dialog = None
        dialog.deleteLater()
        self.refresh()

    # -- work --------------------------------------------------------------------

    def _choose_folder(self, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, title)
        return Path(chosen) if chosen else None

    def _run(
        self, work: Work, title: str, label: str, done: Callable[[Any], None]
    ) -> BackgroundTask:
        self.task = BackgroundTask(self, work, title=title, label=label)
        self.task.succeeded.connect(done)
        self.task.cancelled.connect(
            lambda: self._say(self.tr("Cancelled: nothing was written or stamped."))
        )
        self.task.finished.connect(self._finished)
        self.task.start()
        self._update_buttons()
        return self.task

    def _finished(self) -> None:
        self.refresh()
        self.changed.emit()

    def _say(self, message: str) -> None:
        self.result.setText(message)
        self.status_message.emit(message)

    def write_forms_to(self, folder: Path | None = None) -> BackgroundTask | None:
        folder = folder or self._choose_folder(self.tr("Folder for the forms"))
        if folder is None:
            return None
        database, survey_id = self.database, self.survey_id

        def work(progress: ProgressReporter) -> list[Path]:
            with database.read() as session:
                return write_forms(session, survey_id, folder, progress=progress)

        def done(paths: list[Path]) -> None:
            self._say(self.tr("Wrote %n form(s) to {folder}", "", len(paths)).format(folder=folder))

        return self._run(work, self.tr("Write forms"), self.tr("Writing the forms…"), done)

    def write_drafts_to(self, folder: Path | None = None) -> BackgroundTask | None:
        folder = folder or self._choose_folder(self.tr("Folder for the e-mail drafts"))
        if folder is None:
            return None
        reminder, template = self.reminder, self.template()
        save_template(reminder, template)
        smtp = load_smtp_settings()
        sender = (smtp.sender or smtp.username) if smtp is not None else ""
        database, survey_id = self.database, self.survey_id

        def work(progress: ProgressReporter) -> MailResult:
            with database.write() as session:
                return prepare(
                    session,
                    survey_id,
                    folder,
                    reminder=reminder,
                    template=template,
                    sender=sender,
                    progress=progress,
                )

        def done(result: MailResult) -> None:
            text = self.tr("{summary} in {folder}. Open them in Outlook or Thunderbird to send.")
            self._say(
                text.format(summary=self._summary(result), folder=folder) + self._skipped(result)
            )

        return self._run(
            work, self.tr("E-mail drafts"), self.tr("Writing the forms and drafts…"), done
        )

    def mark_drafts_sent(self) -> int:
        """The drafted invitations went out from the coordinator's mail program."""
        with self.database.write() as session:
            count = mark_drafts_sent(session, self.survey_id)
        self._say(self.tr("%n recipient(s) marked as invited.", "", count))
        self.refresh()
        self.changed.emit()
        return count

    def send_by_email(self) -> BackgroundTask | None:
        smtp = load_smtp_settings()
        count = self._counts[1 if self.reminder else 0]
        if smtp is None or count == 0:
            return None
        what = (
            self.tr("%n reminder(s)", "", count)
            if self.reminder
            else self.tr("%n invitation(s)", "", count)
        )
        if not ask_yes_no(
            self,
            self.tr("Send by e-mail"),
            self.tr("Send {what} through {host}?").format(what=what, host=smtp.host),
            self.tr("Each recipient gets their own form attached."),
        ):
            return None
        password = password_for(self, smtp)
        if password is None:
            return None
        reminder, template = self.reminder, self.template()
        save_template(reminder, template)
        return self._send(smtp, password, reminder, template)

    def _send(
        self, smtp: SmtpSettings, password: str, reminder: bool, template: MailTemplate
    ) -> BackgroundTask:
        database, survey_id = self.database, self.survey_id

        def work(progress: ProgressReporter) -> MailResult:
            with (
                tempfile.TemporaryDirectory(prefix="rtcdesk-") as folder,
                database.write() as session,
            ):
                return send(
                    session,
                    survey_id,
                    smtp,
                    password,
                    Path(folder),
                    reminder=reminder,
                    template=template,
                    progress=progress,
                )

        def done(result: MailResult) -> None:
            text = self.tr("E-mail: {summary}.").format(summary=self._summary(result))
            self._say(text + self._skipped(result))
            if result.undeliverable:
                show_info(
                    self,
                    self.tr("Undeliverable"),
                    self.tr(
                        "The mail server refused the address of {names}. They are marked "
                        "undeliverable on the Recipients tab; correct the address and set "
                        "them back to 'Not invited yet' to try again."
                    ).format(names=listed(result.undeliverable)),
                )

        return self._run(
            work,
            self.tr("Send by e-mail"),
            self.tr("Sending through {host}…").format(host=smtp.host),
            done,
        )

    def _summary(self, result: MailResult) -> str:
        """ "13 drafts written, 1 skipped (no e-mail address)"."""
        parts = [
            self.tr("%n draft(s) written", "", len(result.drafts))
            if result.drafts
            else self.tr("%n sent", "", len(result.sent))
        ]
        if result.undeliverable:
            parts.append(self.tr("%n undeliverable", "", len(result.undeliverable)))
        if result.skipped:
            parts.append(self.tr("%n skipped (no e-mail address)", "", len(result.skipped)))
        if result.not_sent:
            parts.append(self.tr("stopped before %n (not sent)", "", len(result.not_sent)))
        return ", ".join(parts)

    def _skipped(self, result: MailResult) -> str:
        if not result.skipped:
            return ""
        return " " + self.tr("No e-mail address on record for {names}.").format(
            names=listed(result.skipped)
        )
