"""What happens when an exception escapes a slot: the one ``sys.excepthook``.

A ``RtcdeskError`` is a coordinator's mistake or a problem with their
environment (a locked database, a refused input): its message is shown as it
is, with no traceback. Anything else is a bug: it is logged with its traceback
and the crash dialog offers a report the coordinator can copy and send.

Both windows are opened with ``open()``, not ``exec()``: the event loop keeps
running (a nested loop inside an excepthook is fragile) and tests can find the
window instead of hanging on it.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

import PySide6
import sqlalchemy
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import __version__
from rtcdesk.errors import RtcdeskError
from rtcdesk.log_redaction import exception_summary

log = logging.getLogger(__name__)


def build_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    log_file: Path | None = None,
) -> str:
    """The plain-text crash report: versions, platform, traceback, log file."""
    where = str(log_file) if log_file else "none (the log folder could not be written)"
    lines = [
        f"rtcdesk: {__version__}",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"Qt: {qVersion()} (PySide6 {PySide6.__version__})",
        f"SQLAlchemy: {sqlalchemy.__version__}",
        f"Platform: {platform.platform()}",
        f"Log file: {where}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines) + "\n"


def show_message(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning box that does not block: opened window-modal on ``parent``,
    deleted when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class CrashDialog(QDialog):
    """Tells the coordinator that rtcdesk failed and offers the report to copy."""

    def __init__(self, report: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("rtcdesk — unexpected error"))
        self.setMinimumSize(640, 420)

        apology = QLabel(
            self.tr(
                "<p><b>Sorry, something went wrong inside rtcdesk.</b></p>"
                "<p>This is a fault in rtcdesk, not something you did. What was saved "
                "before is safe in the database; the last action may not have finished.</p>"
                "<p>Please copy the report below and send it to the person who looks after "
                "rtcdesk for you.</p>"
            )
        )
        apology.setWordWrap(True)
        symbol = QLabel()
        symbol.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48)
        )
        symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QHBoxLayout()
        heading.addWidget(symbol)
        heading.addWidget(apology, 1)

        self.report_view = QPlainTextEdit(report)
        self.report_view.setReadOnly(True)
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_view.setAccessibleName(self.tr("Error report"))
        apology.setBuddy(self.report_view)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy report"))
        self.copy_button.setAccessibleName(self.tr("Copy report"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(buttons)

    def report(self) -> str:
        return self.report_view.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText(self.tr("Copied"))


def show_crash_dialog(parent: QWidget | None, report: str) -> CrashDialog:
    dialog = CrashDialog(report, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class CrashHandler:
    """The ``sys.excepthook`` of the GUI; see the module docstring.

    It keeps each window it opens alive until it is closed (a window without a
    parent would otherwise be deleted with its last Python reference), and
    opens one crash dialog at a time: a bug in painting raises on every frame.
    """

    def __init__(self, log_file: Path | None):
        self.log_file = log_file
        self.open_windows: list[QDialog] = []

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        parent = QApplication.activeWindow()
        if isinstance(exc, RtcdeskError):
            # The message may name people; the log holds its type and ids only.
            log.warning("refused: %s", exception_summary(exc))
            title = QCoreApplication.translate("CrashHandler", "rtcdesk")
            self._keep_until_closed(show_message(parent, title, str(exc)))
            return
        # Logged through rtcdesk.log_redaction: the traceback without messages that may name people.
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        if not any(isinstance(window, CrashDialog) for window in self.open_windows):
            report = build_report(exc_type, exc, tb, self.log_file)
            self._keep_until_closed(show_crash_dialog(parent, report))

    def _keep_until_closed(self, window: QDialog) -> None:
        self.open_windows.append(window)
        window.finished.connect(lambda _result: self.open_windows.remove(window))


def install_crash_handler(log_file: Path | None) -> CrashHandler:
    """Make a ``CrashHandler`` the process's ``sys.excepthook`` and return it."""
    handler = CrashHandler(log_file)
    sys.excepthook = handler
    return handler
