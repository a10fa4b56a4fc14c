"""Starting the GUI: the application object, logging, the crash handler, the
database with its instance lock, and the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from rtcdesk import APP_AUTHOR, APP_NAME, __version__
from rtcdesk.instance_lock import open_locked
from rtcdesk.leftovers import claim_temp_folder
from rtcdesk.logging_setup import configure_logging
from rtcdesk.services.surveys import close_overdue
from rtcdesk.ui import load_icon
from rtcdesk.ui.crash import install_crash_handler
from rtcdesk.ui.history_name import apply_history_name
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.translations import install_translations

if TYPE_CHECKING:
    from rtcdesk.services.server_login import PasswordAnswer, PasswordRequest

log = logging.getLogger(__name__)


def _ask_server_password(request: PasswordRequest) -> PasswordAnswer | None:
    """The password dialog, imported only when a server asks (it brings the
    mail settings, and with them openpyxl, which a SQLite start never needs)."""
    from rtcdesk.ui.passwords import ask_server_password

    return ask_server_password(request)


def create_application() -> QApplication:
    """The application object with rtcdesk's name, version, icon and
    translations (an existing one is reused, as under pytest-qt)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(load_icon("rtcdesk.svg"))
    install_translations(app)
    return app


def run_gui(location: str | None) -> int:
    """Show the main window on the database at ``location``; returns the exit status."""
    app = create_application()
    crash_handler = install_crash_handler(configure_logging())
    claim_temp_folder()
    log.info("rtcdesk %s starting", __version__)
    apply_history_name()
    try:
        with open_locked(location, ask_password=_ask_server_password) as opened:
            with opened.database.write() as session:
                closed = close_overdue(session, date.today())
            if closed:
                log.info("closed %d survey(s) whose closing date has passed", len(closed))
            window = MainWindow(opened.database)
            window.show()
            return app.exec()
    except Exception as exc:
        # Refused (or broken) before the window opened: the same message box or
        # crash dialog as later on, shown until the coordinator closes it.
        crash_handler(type(exc), exc, exc.__traceback__)
        for shown in crash_handler.open_windows:
            shown.finished.connect(app.quit)
        app.exec()
        return 1


def main(argv: list[str] | None = None) -> int:
    """The ``rtcdesk-gui`` entry point."""
    parser = argparse.ArgumentParser(
        prog="rtcdesk-gui",
        description=QCoreApplication.translate("main", "Open the rtcdesk window."),
    )
    parser.add_argument(
        "--database",
        metavar="PATH_OR_URL",
        help=QCoreApplication.translate(
            "main",
            "the SQLite file or PostgreSQL URL to open "
            "(default: $RTCDESK_DATABASE, else rtcdesk.sqlite in your data folder)",
        ),
    )
    args = parser.parse_args(argv)
    return run_gui(args.database)
