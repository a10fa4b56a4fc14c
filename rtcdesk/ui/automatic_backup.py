"""The automatic backup when the main window closes, and its preference
(how many backups to keep; 0 turns them off)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.errors import RtcdeskError
from rtcdesk.services.backups import DEFAULT_KEEP, AutomaticBackupResult, take_automatic_backup
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.settings_values import stored_int

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

log = logging.getLogger(__name__)

KEEP_KEY = "backups/keep"
MAX_KEEP = 999


def _tr(text: str) -> str:
    return QCoreApplication.translate("AutomaticBackup", text)


def load_backup_keep() -> int:
    """How many automatic backups to keep (0: none are taken)."""
    keep = stored_int(QSettings(APP_AUTHOR, APP_NAME), KEEP_KEY, DEFAULT_KEEP)
    return min(max(keep, 0), MAX_KEEP)


def save_backup_keep(keep: int) -> None:
    QSettings(APP_AUTHOR, APP_NAME).setValue(KEEP_KEY, min(max(keep, 0), MAX_KEEP))


class BackupPreferences(QGroupBox):
    """The backups part of the preferences: "Keep the last [10] automatic backups"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Backups"))
        self.keep = QSpinBox()
        self.keep.setRange(0, MAX_KEEP)
        self.keep.setValue(load_backup_keep())
        self.keep.setAccessibleName(self.tr("Automatic backups to keep"))
        before = QLabel(self.tr("&Keep the last"))
        before.setBuddy(self.keep)
        after = QLabel(self.tr("automatic backups"))
        row = QHBoxLayout()
        row.addWidget(before)
        row.addWidget(self.keep)
        row.addWidget(after)
        row.addStretch()
        self.note = QLabel(
            self.tr(
                "rtcdesk backs up the database each time you close it, into the backups "
                "folder of your rtcdesk data folder, and removes the oldest ones beyond this "
                "number. A backup the same as the one before is not kept twice. 0 turns "
                "automatic backups off. A database on a PostgreSQL server is backed up by "
                "its administrator instead (pg_dump)."
            )
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def save(self) -> None:
        save_backup_keep(self.keep.value())


def back_up_on_close(window: QMainWindow, database: Database) -> AutomaticBackupResult | None:
    """Take the automatic backup as the main window closes, with a wait cursor
    and a word in the status bar (a large file takes a moment). A failure is
    shown in plain words; the window closes anyway."""
    keep = load_backup_keep()
    if keep == 0 or not database.is_sqlite:
        return None
    window.statusBar().showMessage(_tr("Backing up the database…"))
    window.statusBar().repaint()
    result: AutomaticBackupResult | None = None
    problem: RtcdeskError | None = None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = take_automatic_backup(database, keep)
    except RtcdeskError as failed:
        problem = failed
    finally:
        QApplication.restoreOverrideCursor()
    if problem is not None:
        log.warning("the automatic backup at close failed")
        show_refusal(window, problem, _tr("Automatic backup failed"))
    return result
