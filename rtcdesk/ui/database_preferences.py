"""The Database part of the preferences: this computer's file, or a shared
PostgreSQL server (host, port, database, user; the password goes to the
system keyring). The choice applies from the next start, for the app and the
command line alike."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import paths
from rtcdesk.services.database_choice import (
    DEFAULT_PORT,
    ServerLogin,
    check_server,
    choose_file,
    choose_server,
    chosen_server,
)
from rtcdesk.services.passwords import KeyringState, keyring_available, keyring_state
from rtcdesk.services.server_login import SERVER_PASSWORDS, login_key
from rtcdesk.ui.background import BackgroundTask


class DatabaseGroup(QGroupBox):
    """Where the data lives; ``save()`` keeps the choice."""

    def __init__(self, open_now: str | None = None, parent: QWidget | None = None):
        super().__init__(self.tr("Database"), parent)
        self.task: BackgroundTask | None = None
        self.use_file = QRadioButton(self.tr("&This computer: one file, for one coordinator"))
        self.use_server = QRadioButton(self.tr("A shared Postgre&SQL server, for a team"))
        choice = QButtonGroup(self)
        choice.addButton(self.use_file)
        choice.addButton(self.use_server)
        file_note = QLabel(str(paths.default_database_path()))
        file_note.setWordWrap(True)
        file_note.setContentsMargins(24, 0, 0, 0)

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. db.rocb-ap.org"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setMaximumWidth(120)
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("e.g. rtcdesk"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("Test conne&ction"))
        self.test_button.setAccessibleName(self.tr("Test the database connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Database connection test result"))

        self.server_fields = QWidget()
        form = QFormLayout(self.server_fields)
        form.setContentsMargins(24, 0, 0, 0)
        for caption, widget in (
            (self.tr("Ser&ver:"), self.host),
            (self.tr("P&ort:"), self.port),
            (self.tr("Data&base:"), self.database),
            (self.tr("User na&me:"), self.username),
            (self.tr("Passwo&rd:"), self.password),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(
                self.tr("Database {field}").format(
                    field=caption.replace("&", "").rstrip(":").lower()
                )
            )
            form.addRow(label, widget)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch()
        form.addRow("", test_row)
        # A row of its own: a wrapped label beside a button in a nested layout
        # is given one line's height and the rest of the answer is clipped.
        form.addRow("", self.test_result)

        note = QLabel(
            self.tr(
                "Open now: {where}. A change applies when rtcdesk starts next time, for the "
                "window and the command line; --database and RTCDESK_DATABASE still come first."
            ).format(where=open_now or self.tr("unknown"))
        )
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.use_file)
        layout.addWidget(file_note)
        layout.addWidget(self.use_server)
        layout.addWidget(self.server_fields)
        layout.addWidget(note)

        self._show(chosen_server())
        self.use_server.toggled.connect(self.server_fields.setEnabled)
        self.server_fields.setEnabled(self.use_server.isChecked())
        self.username.textChanged.connect(self._describe_password)
        self.host.textChanged.connect(self._describe_password)
        self.database.textChanged.connect(self._describe_password)

    def _show(self, server: ServerLogin | None) -> None:
        if server is None:
            self.use_file.setChecked(True)
        else:
            self.use_server.setChecked(True)
            self.host.setText(server.host)
            self.port.setValue(server.port)
            self.database.setText(server.database)
            self.username.setText(server.username)
        self._describe_password()

    def server(self) -> ServerLogin:
        return ServerLogin(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            username=self.username.text().strip(),
        )

    def _describe_password(self) -> None:
        if keyring_state() is KeyringState.PLAIN_TEXT_ONLY:
            text = self.tr(
                "Only a plain-text keyring here, which rtcdesk does not use: it asks for the "
                "password at each start."
            )
        elif not keyring_available():
            text = self.tr("No system keyring here: rtcdesk asks for the password at each start.")
        elif SERVER_PASSWORDS.stored(login_key(self.server().url())):
            text = self.tr("Kept in the system keyring; type a new one to replace it")
        else:
            text = self.tr("Kept in the system keyring, never in a settings file")
        self.password.setPlaceholderText(text)
        self.password.setToolTip(text)

    def test_connection(self) -> BackgroundTask | None:
        """Connect and log in off the GUI thread; the result shows beside the button."""
        server = self.server()
        if server.problems():
            self.test_result.setText("; ".join(p.message for p in server.problems()))
            return None
        password = self.password.text() or None
        self.test_result.setText(self.tr("Connecting to {host}…").format(host=server.host))
        self.test_button.setEnabled(False)
        self.task = BackgroundTask(
            self,
            lambda _progress: check_server(server, password),
            title=self.tr("Test connection"),
            label=self.tr("Connecting to {host}…").format(host=server.host),
            refusal_title=self.tr("Connection failed"),
        )
        self.task.succeeded.connect(lambda result: self.test_result.setText(str(result)))
        self.task.refused.connect(lambda error: self.test_result.setText(str(error)))
        self.task.finished.connect(lambda: self.test_button.setEnabled(True))
        self.task.start()
        return self.task

    def save(self) -> bool:
        """Keep the choice; False when a typed password could not be kept
        (no keyring). Raises ``ValidationError`` for missing server fields."""
        if self.use_file.isChecked():
            choose_file()
            return True
        return choose_server(self.server(), self.password.text() or None)
