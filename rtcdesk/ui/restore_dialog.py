"""Restore from backup: pick an automatic backup (or any backup file), see it
checked, confirm what happens, and the database is replaced by the backup
with the current data kept aside.

The dialog only chooses and confirms; ``services.backups`` checks and swaps
the files. The main window then reopens on the restored data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.backups import (
    AutomaticBackup,
    BackupCheck,
    RestoreResult,
    automatic_backup_folder,
    check_backup,
    list_automatic_backups,
    planned_aside_path,
    restore_backup,
)
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from datetime import datetime

    from rtcdesk.db.engine import Database

#: Date and time of a backup, in local time: "Tue 21 May 2024  12:15:30" (seconds
#: tell apart the backups of a day spent opening and closing rtcdesk).
TIME_FORMAT = "ddd d MMM yyyy  HH:mm:ss"


def local_time(moment: datetime) -> str:
    """``moment`` (aware, any zone) in the coordinator's local time and language."""
    shown = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(shown, TIME_FORMAT)


BACKUP_COLUMNS: list[Column[AutomaticBackup]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Taken"),
        lambda backup: local_time(backup.taken_at),
        sort_key=lambda backup: (backup.taken_at, backup.number),
        tooltip=lambda backup: str(backup.path),
        descending_first=True,
        stretch=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Size"),
        lambda backup: QLocale().formattedDataSize(backup.size),
        sort_key=lambda backup: backup.size,
        numeric=True,
    ),
]


class RestoreDialog(QDialog):
    """Lists the automatic backups of ``database``, newest first; Restore
    restores the selected one, "Choose a file…" any other backup file.

    ``prepare`` runs after the coordinator confirmed and before anything is
    replaced (the main window closes its editors there); False stops the restore.
    """

    #: The restore happened (a ``RestoreResult``).
    restored = Signal(object)

    def __init__(
        self,
        database: Database,
        prepare: Callable[[], bool] = lambda: True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        assert database.path is not None, "a server database is restored with pg_restore"
        self._database = database
        self._database_file = database.path
        self._prepare = prepare
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setMinimumWidth(560)

        intro = QLabel(
            self.tr(
                "Go back to your data as it was when a backup was taken. rtcdesk checks the "
                "backup first, and keeps your current data aside as a file, so nothing is lost."
            )
        )
        intro.setWordWrap(True)

        self.model: RowTableModel[AutomaticBackup] = RowTableModel(BACKUP_COLUMNS, self)
        self.model.set_rows(list_automatic_backups(self._database_file))
        self.proxy: RowFilterProxy[AutomaticBackup] = RowFilterProxy(parent=self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Automatic backups"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        folder = automatic_backup_folder(self._database_file)
        if self.model.rowCount():
            self.setMinimumHeight(420)
            where = self.tr("Automatic backups are kept in {folder}").format(folder=folder)
        else:
            where = self.tr(
                "There are no automatic backups yet: rtcdesk writes one into {folder} each "
                "time you close it. Choose a backup file instead."
            ).format(folder=folder)
            self.table.hide()
        self.where = QLabel(where)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = QPushButton(self.tr("Choose a &file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.where)
        if not self.model.rowCount():
            layout.addStretch()
        layout.addWidget(self.buttons)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def selected_backup(self) -> AutomaticBackup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0]) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)
        self.restore_button.setDefault(self.selected_backup() is not None)

    def restore_selected(self) -> RestoreResult | None:
        backup = self.selected_backup()
        if backup is None:
            return None
        return self.restore_from(
            backup.path, self.tr("the backup of {time}").format(time=local_time(backup.taken_at))
        )

    def choose_file(self) -> RestoreResult | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a backup to restore"),
            str(self._database_file.parent),
            self.tr("rtcdesk databases (*.sqlite *.db);;All files (*)"),
        )
        if not chosen:
            return None
        return self.restore_from(Path(chosen), self.tr("the backup {file}").format(file=chosen))

    def restore_from(self, backup: Path, described: str = "") -> RestoreResult | None:
        """Check ``backup``, ask, then restore it; None when refused or not confirmed.
        ``described`` names the backup in the question ("the backup of Tue 21 May …")."""
        try:
            checked = check_backup(backup)
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Cannot restore this backup"))
            return None
        aside = planned_aside_path(self._database_file)
        described = described or self.tr("the backup {file}").format(file=backup)
        if not self._confirm(described, checked, aside) or not self._prepare():
            return None
        result: RestoreResult | None = None
        problem: RtcdeskError | None = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = restore_backup(self._database, backup, aside)
        except RtcdeskError as failed:
            problem = failed
        finally:
            QApplication.restoreOverrideCursor()
        if result is None:
            assert problem is not None
            show_refusal(self, problem, self.tr("Not restored"))
            return None
        self.restored.emit(result)
        self.accept()
        return result

    def _confirm(self, described: str, checked: BackupCheck, aside: Path) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore from backup"))
        box.setText(self.tr("Replace the data you see now with {backup}?").format(backup=described))
        details = [
            self.tr(
                "Meetings, people, organisations and surveys go back to what the backup holds."
            ),
            self.tr("Your current data is kept as {file}; you can restore it the same way.").format(
                file=aside
            ),
        ]
        if checked.needs_upgrade:
            details.append(
                self.tr(
                    "The backup is from an earlier version of rtcdesk; it is brought up to "
                    "date as it opens."
                )
            )
        box.setInformativeText("\n\n".join(details))
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore
