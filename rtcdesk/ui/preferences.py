"""Preferences, on two tabs. Data: which database (this computer's file or a
shared PostgreSQL server), automatic backups, the name the history records.
Mail: the server that sends survey invitations and reminders. Printing: the
paper size and the address survey forms are sent back to.

The mail server, port, security, user name and sender address are kept in the
settings (QSettings); passwords go to the system keyring, never into a
settings file. Where the system has no keyring, a password is not kept and
rtcdesk asks for it when it needs it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.errors import RtcdeskError
from rtcdesk.services.mail_server import (
    check_connection,
    keyring_available,
    store_password,
    stored_password,
)
from rtcdesk.services.passwords import KeyringState, keyring_state
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.automatic_backup import BackupPreferences
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.database_preferences import DatabaseGroup
from rtcdesk.ui.history_name import HistoryNamePreferences
from rtcdesk.ui.print_preferences import PrintPreferences
from rtcdesk.ui.prompts import show_info, show_refusal
from rtcdesk.ui.settings_values import stored_int

_PREFIX = "smtp/"
#: Security choices and the port each one usually goes with.
SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
#: How long "Test connection" waits for the server.
TEST_TIMEOUT_SECONDS = 15.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("Preferences", text)


def load_smtp_settings() -> SmtpSettings | None:
    """The mail server from the settings; None when none is set up."""
    settings = QSettings(APP_AUTHOR, APP_NAME)
    host = str(settings.value(_PREFIX + "host", "") or "").strip()
    if not host:
        return None
    security = str(settings.value(_PREFIX + "security", "starttls"))
    if security not in SECURITY_PORTS:
        security = "starttls"
    port = stored_int(settings, _PREFIX + "port", SECURITY_PORTS[security])
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        username=str(settings.value(_PREFIX + "username", "") or ""),
        sender=str(settings.value(_PREFIX + "sender", "") or ""),
    )


def save_smtp_settings(smtp: SmtpSettings) -> None:
    settings = QSettings(APP_AUTHOR, APP_NAME)
    for key, value in (
        ("host", smtp.host),
        ("port", smtp.port),
        ("security", smtp.security),
        ("username", smtp.username),
        ("sender", smtp.sender),
    ):
        settings.setValue(_PREFIX + key, value)


def scrolling(page: QWidget) -> QScrollArea:
    """A tab page in a scroll area. A tab widget gives its pages the height of
    their widest layout, ignoring that wrapped notes need more lines at the
    dialog's width: the database fields were squashed into 59 px. A scroll
    area asks the page for its height at the width it has."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumHeight(min(page.sizeHint().height(), 560))
    return area


class PreferencesDialog(QDialog):
    """Edit the preferences; Save keeps them (passwords in the keyring)."""

    def __init__(self, parent: QWidget | None = None, open_now: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(560)
        self.task: BackgroundTask | None = None

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. smtp.office365.com"))
        self.security = QComboBox()
        self.security.addItem(self.tr("STARTTLS (usually port 587)"), "starttls")
        self.security.addItem(self.tr("SSL/TLS (usually port 465)"), "ssl")
        self.security.addItem(self.tr("None: unencrypted (not recommended)"), "none")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(SECURITY_PORTS["starttls"])
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("Leave empty if the server needs no login"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_address = QLineEdit()
        self.sender_address.setPlaceholderText(self.tr("The From address; the user name if empty"))
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Connection test result"))

        form = QFormLayout()
        for caption, widget in (
            (self.tr("Mail &server:"), self.host),
            (self.tr("Se&curity:"), self.security),
            (self.tr("&Port:"), self.port),
            (self.tr("&User name:"), self.username),
            (self.tr("Pass&word:"), self.password),
            (self.tr("Sender &address:"), self.sender_address),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        form.addRow("", self.keyring_note)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch()
        form.addRow("", test_row)
        form.addRow("", self.test_result)  # its own row, or a long answer is clipped
        group = QGroupBox(self.tr("Mail server for survey invitations and reminders"))
        group.setLayout(form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.database = DatabaseGroup(open_now)
        self.backups = BackupPreferences()
        self.history_name = HistoryNamePreferences()
        data_page = QWidget()
        data_layout = QVBoxLayout(data_page)
        data_layout.addWidget(self.database)
        data_layout.addWidget(self.backups)
        data_layout.addWidget(self.history_name)
        data_layout.addStretch()
        self.printing = PrintPreferences()
        print_page = QWidget()
        print_layout = QVBoxLayout(print_page)
        print_layout.addWidget(self.printing)
        print_layout.addStretch()
        mail_page = QWidget()
        mail_layout = QVBoxLayout(mail_page)
        mail_layout.addWidget(group)
        mail_layout.addStretch()
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolling(data_page), self.tr("&Data"))
        self.tabs.addTab(scrolling(mail_page), self.tr("&Mail"))
        self.print_tab = self.tabs.addTab(scrolling(print_page), self.tr("Pr&inting"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

        self._show(load_smtp_settings())
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username.textChanged.connect(self._describe_password)

    def _show(self, smtp: SmtpSettings | None) -> None:
        if smtp is not None:
            self.host.setText(smtp.host)
            self.security.setCurrentIndex(max(self.security.findData(smtp.security), 0))
            self.port.setValue(smtp.port)
            self.username.setText(smtp.username)
            self.sender_address.setText(smtp.sender)
        self._describe_password()

    def _security_changed(self) -> None:
        """Follow the usual port of the chosen security, unless a custom port is set."""
        if self.port.value() in SECURITY_PORTS.values():
            self.port.setValue(SECURITY_PORTS[self.security.currentData()])

    def _describe_password(self) -> None:
        if keyring_state() is KeyringState.PLAIN_TEXT_ONLY:
            self.password.setPlaceholderText(self.tr("Asked for when sending"))
            self.keyring_note.setText(
                self.tr(
                    "This computer's only keyring keeps passwords in a plain-text file, so "
                    "rtcdesk does not store the password there; it asks for it each time it sends."
                )
            )
        elif not keyring_available():
            self.password.setPlaceholderText(self.tr("Asked for when sending"))
            self.keyring_note.setText(
                self.tr(
                    "This computer has no system keyring, so the password is not stored; "
                    "rtcdesk asks for it each time it sends."
                )
            )
        elif stored_password(self.username.text().strip()):
            self.password.setPlaceholderText(self.tr("Kept in the system keyring"))
            self.keyring_note.setText(
                self.tr("Type a new password only to replace the one in the system keyring.")
            )
        else:
            self.password.setPlaceholderText("")
            self.keyring_note.setText(
                self.tr("The password is kept in the system keyring, not in a settings file.")
            )

    def smtp_settings(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=self.security.currentData(),
            username=self.username.text().strip(),
            sender=self.sender_address.text().strip(),
        )

    def test_connection(self) -> BackgroundTask | None:
        """Connect and log in off the GUI thread; the result shows beside the button."""
        smtp = replace(self.smtp_settings(), timeout=TEST_TIMEOUT_SECONDS)
        if not smtp.host:
            self.test_result.setText(self.tr("Type the mail server first."))
            return None
        password = self.password.text() or stored_password(smtp.username) or ""
        self.test_result.setText(self.tr("Connecting to {host}…").format(host=smtp.host))
        self.test_button.setEnabled(False)
        self.task = BackgroundTask(
            self,
            lambda _progress: check_connection(smtp, password),
            title=self.tr("Test connection"),
            label=self.tr("Connecting to {host}…").format(host=smtp.host),
            refusal_title=self.tr("Connection failed"),
        )
        self.task.succeeded.connect(
            lambda _result: self.test_result.setText(
                self.tr("Connected to {host}; the server accepted the login.").format(
                    host=smtp.host
                )
            )
        )
        self.task.refused.connect(lambda error: self.test_result.setText(str(error)))
        self.task.finished.connect(lambda: self.test_button.setEnabled(True))
        self.task.start()
        return self.task

    def accept(self) -> None:
        try:
            self.printing.check()
        except RtcdeskError as refused:
            self.tabs.setCurrentIndex(self.print_tab)
            show_refusal(self, refused)
            self.printing.return_email.setFocus()
            return
        try:
            password_kept = self.database.save()
        except RtcdeskError as refused:
            self.tabs.setCurrentIndex(0)
            show_refusal(self, refused)
            return
        if not password_kept:
            show_info(
                self,
                self.tr("Password not stored"),
                self.tr(
                    "This computer has no system keyring, so the database password was not "
                    "stored. rtcdesk will ask for it when it starts."
                ),
            )
        smtp = self.smtp_settings()
        save_smtp_settings(smtp)
        self.backups.save()
        self.history_name.save()
        self.printing.save()
        password = self.password.text()
        if password and smtp.username and not store_password(smtp.username, password):
            show_info(
                self,
                self.tr("Password not stored"),
                self.tr(
                    "This computer has no system keyring, so the password was not stored. "
                    "rtcdesk will ask for it each time it sends e-mail."
                ),
            )
        super().accept()
