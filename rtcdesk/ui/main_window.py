"""The main window: navigation between the workspaces, menus with the
standard shortcuts, and a status bar that says what just happened.

A workspace is built, its module imported and its rows read when it is
first shown (its editors and dialogs with it), so that the window opens as
fast on 50,000 people as on none; the dialogs of the menus are imported when
first asked for.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from rtcdesk import APP_AUTHOR, APP_NAME, __version__
from rtcdesk.services.listings import change_mark
from rtcdesk.ui import load_icon
from rtcdesk.ui.excel_actions import ExcelActions
from rtcdesk.ui.prompts import show_info
from rtcdesk.ui.settings_values import stored_int
from rtcdesk.ui.workspace import ListWorkspace

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.services.backups import RestoreResult
    from rtcdesk.ui.actions_workspace import ActionsWorkspace
    from rtcdesk.ui.history_dialog import HistoryDialog
    from rtcdesk.ui.meetings_workspace import MeetingsWorkspace
    from rtcdesk.ui.organisations_workspace import OrganisationsWorkspace
    from rtcdesk.ui.people_workspace import PeopleWorkspace
    from rtcdesk.ui.restore_dialog import RestoreDialog
    from rtcdesk.ui.surveys_workspace import SurveysWorkspace

AnyWorkspace: TypeAlias = "ListWorkspace[Any]"


def _meetings(database: Database) -> AnyWorkspace:
    from rtcdesk.ui.meetings_workspace import MeetingsWorkspace

    return MeetingsWorkspace(database)


def _people(database: Database) -> AnyWorkspace:
    from rtcdesk.ui.people_workspace import PeopleWorkspace

    return PeopleWorkspace(database)


def _organisations(database: Database) -> AnyWorkspace:
    from rtcdesk.ui.organisations_workspace import OrganisationsWorkspace

    return OrganisationsWorkspace(database)


def _surveys(database: Database) -> AnyWorkspace:
    from rtcdesk.ui.surveys_workspace import SurveysWorkspace

    return SurveysWorkspace(database)


def _action_items(database: Database) -> AnyWorkspace:
    from rtcdesk.ui.actions_workspace import ActionsWorkspace

    return ActionsWorkspace(database)


#: The workspaces in their order: the name each gives itself (its own
#: translation context) and how it is built.
WORKSPACES: list[tuple[str, str, Callable[[Database], AnyWorkspace]]] = [
    ("MeetingsWorkspace", "Meetings", _meetings),
    ("PeopleWorkspace", "People", _people),
    ("OrganisationsWorkspace", "Organisations", _organisations),
    ("SurveysWorkspace", "Surveys", _surveys),
    ("ActionsWorkspace", "Action items", _action_items),
]
MEETINGS, PEOPLE, ORGANISATIONS, SURVEYS, ACTION_ITEMS = range(len(WORKSPACES))

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None
DEFAULT_SIZE = (1200, 700)
GEOMETRY_KEY = "main_window/geometry"
WORKSPACE_KEY = "main_window/workspace"


class MainWindow(QMainWindow):
    """The window a coordinator works in, on one open database."""

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        #: The window that took over after a restore from a backup.
        self.successor: MainWindow | None = None
        self._back_up_on_close = True
        self.history_window: HistoryDialog | None = None
        self.setWindowTitle(self.tr("rtcdesk — {database}").format(database=database.describe()))

        #: The workspaces built so far, by their number in ``WORKSPACES``.
        self._built: dict[int, AnyWorkspace] = {}
        #: The database's change mark when each workspace last read its rows on a visit.
        self._read_at: dict[int, object] = {}

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Workspaces"))
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(170)
        self.navigation.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.stack = QStackedWidget()
        for context, name, _build in WORKSPACES:
            QListWidgetItem(QCoreApplication.translate(context, name), self.navigation)
            # A stand-in until the workspace is first shown.
            self.stack.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self._switch_to)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)

        self._create_menus()
        self._restore_settings()
        self._update_edit_actions()

    # -- the workspaces, each built when first wanted ---------------------------

    def workspace(self, number: int) -> AnyWorkspace:
        """The workspace ``number`` of ``WORKSPACES``, built and its rows read
        the first time it is asked for."""
        built = self._built.get(number)
        if built is not None:
            return built
        workspace = WORKSPACES[number][2](self.database)
        self._built[number] = workspace
        stand_in = self.stack.widget(number)
        assert stand_in is not None
        shown = self.stack.currentIndex() == number
        self.stack.insertWidget(number, workspace)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if shown:
            self.stack.setCurrentIndex(number)
        workspace.count_changed.connect(self._show_count)
        workspace.status_message.connect(self.show_status)
        workspace.selection_changed.connect(self._update_edit_actions)
        if number == MEETINGS:
            cast("MeetingsWorkspace", workspace).load_demo_requested.connect(self.load_demo_data)
        self._read_at[number] = self._change_mark()
        workspace.refresh()
        return workspace

    @property
    def workspaces(self) -> list[AnyWorkspace]:
        """Every workspace (all built)."""
        return [self.workspace(number) for number in range(len(WORKSPACES))]

    @property
    def meetings(self) -> MeetingsWorkspace:
        return cast("MeetingsWorkspace", self.workspace(MEETINGS))

    @property
    def people(self) -> PeopleWorkspace:
        return cast("PeopleWorkspace", self.workspace(PEOPLE))

    @property
    def organisations(self) -> OrganisationsWorkspace:
        return cast("OrganisationsWorkspace", self.workspace(ORGANISATIONS))

    @property
    def surveys(self) -> SurveysWorkspace:
        return cast("SurveysWorkspace", self.workspace(SURVEYS))

    @property
    def action_items(self) -> ActionsWorkspace:
        return cast("ActionsWorkspace", self.workspace(ACTION_ITEMS))

    # -- menus -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: Shortcut = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _create_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_meeting_action = self._action(
            self.tr("&New meeting"),
            lambda: self.meetings.new_requested.emit(),
            QKeySequence.StandardKey.New,
        )
        self.new_from_earlier_action = self._action(
            self.tr("New meeting from &earlier…"),
            lambda: self.meetings.new_from_earlier_requested.emit(),
        )
        self.load_demo_action = self._action(self.tr("Load &demo data…"), self.load_demo_data)
        self.load_demo_action.setStatusTip(
            self.tr("Add the RTC Heads Meetings sample data set (skips what is already there)")
        )
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for action in (self.new_meeting_action, self.new_from_earlier_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.excel = ExcelActions(self)
        self.excel.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.load_demo_action)
        self.restore_action = self._action(
            self.tr("&Restore from backup…"), self.restore_from_backup
        )
        self.restore_action.setStatusTip(
            self.tr("Go back to the data of a backup; the current data is kept aside")
        )
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.open_action = self._action(
            self.tr("&Open"), lambda: self.current_workspace().open_current(), "Ctrl+O"
        )
        self.delete_action = self._action(
            self.tr("&Delete…"),
            lambda: self.current_workspace().delete_selected(),
            QKeySequence.StandardKey.Delete,
        )
        # The table handles the Delete key itself; the menu shows the shortcut.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.find_action = self._action(
            self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find
        )
        for action in (self.open_action, self.delete_action, self.find_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self.preferences_action = self._action(
            self.tr("&Preferences…"), self.show_preferences, QKeySequence.StandardKey.Preferences
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.preferences_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for number in range(self.navigation.count()):
            view_menu.addAction(
                self._action(
                    self.navigation.item(number).text(),
                    lambda _checked=False, n=number: self.navigation.setCurrentRow(n),
                    QKeySequence(f"Ctrl+{number + 1}"),
                )
            )
        view_menu.addSeparator()
        self.history_action = self._action(self.tr("&History of changes…"), self.show_history)
        self.history_action.setStatusTip(
            self.tr("Who created, changed or deleted which record, and when")
        )
        view_menu.addAction(self.history_action)
        view_menu.addSeparator()
        view_menu.addAction(
            self._action(self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh)
        )

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = self._action(self.tr("&About rtcdesk"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    # -- behaviour -------------------------------------------------------------

    def current_workspace(self) -> AnyWorkspace:
        return self.workspace(max(self.stack.currentIndex(), 0))

    def _change_mark(self) -> object:
        with self.database.read() as session:
            return change_mark(session)

    def refresh(self) -> None:
        """Read the rows of every workspace built so far again (the others
        read theirs when first shown)."""
        mark = self._change_mark()
        for number, workspace in list(self._built.items()):
            self._read_at[number] = mark
            workspace.refresh()
        self.current_workspace().announce_count()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def load_demo_data(self) -> None:
        """Load the demo data set (idempotent); takes about a second."""
        from rtcdesk.services.demo import load_demo

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.database.write() as session:
                result = load_demo(session)
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        self.show_status(str(result))

    def focus_search(self) -> None:
        self.current_workspace().focus_search()

    def show_about(self) -> QMessageBox:
        text = self.tr(
            "<h3>rtcdesk {version}</h3>"
            "<p>Meetings, participant lists and follow-up action surveys for the "
            "WCO Asia/Pacific Regional Training Centres and ROCB A/P.</p>"
            "<p>Database: {database}</p>"
            "<p>Qt {qt}, Python {python}</p>"
        ).format(
            version=__version__,
            database=escape(self.database.describe()),
            qt=qVersion(),
            python=platform.python_version(),
        )
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About rtcdesk"))
        box.setIconPixmap(load_icon("rtcdesk.svg").pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _switch_to(self, number: int) -> None:
        """Show a workspace with fresh rows: work done in another workspace
        (a person saved, a meeting deleted) changes its counts. Rows read
        since the last change to any record are fresh already (50,000 people
        are not read again for a look at them)."""
        if 0 <= number < len(WORKSPACES):
            fresh = number not in self._built
            workspace = self.workspace(number)
            mark = self._change_mark()
            if not fresh and self._read_at.get(number) != mark:
                self._read_at[number] = mark
                workspace.refresh()
            self.stack.setCurrentIndex(number)
            workspace.announce_count()
            self._update_edit_actions()

    def _update_edit_actions(self) -> None:
        """Edit > Open and Delete only when the workspace shown has a selection."""
        can_act = self.current_workspace().has_selection()
        self.open_action.setEnabled(can_act)
        self.delete_action.setEnabled(can_act)

    def _show_count(self, text: str) -> None:
        if self.sender() is self.stack.currentWidget():
            self.count_label.setText(text)

    # -- settings --------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(APP_AUTHOR, APP_NAME)

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            self.resize(
                min(DEFAULT_SIZE[0], available.width()), min(DEFAULT_SIZE[1], available.height())
            )
        last = stored_int(settings, WORKSPACE_KEY, 0)
        self.navigation.setCurrentRow(last if 0 <= last < len(WORKSPACES) else 0)

    def show_history(self) -> HistoryDialog:
        """The history of every record, in one window beside this one."""
        from rtcdesk.ui.history_dialog import HistoryDialog

        if self.history_window is None:
            self.history_window = HistoryDialog(self.database, parent=self)
        else:
            self.history_window.refresh()
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.activateWindow()
        return self.history_window

    def show_preferences(self) -> None:
        from rtcdesk.ui.preferences import PreferencesDialog

        PreferencesDialog(self, open_now=self.database.describe()).exec()

    def restore_from_backup(self) -> RestoreDialog | None:
        """Open the restore dialog (a server database gets the pg_restore advice)."""
        from rtcdesk.services.backups import server_restore_advice
        from rtcdesk.ui.restore_dialog import RestoreDialog

        if not self.database.is_sqlite:
            show_info(self, self.tr("Restore from backup"), server_restore_advice(self.database))
            return None
        dialog = RestoreDialog(self.database, self._close_editors, self)
        dialog.restored.connect(self._reopen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _reopen(self, restored: RestoreResult) -> None:
        """Hand over to a new main window on the restored data, so that no widget
        shows what the old data held. The file is the same, so the instance lock
        stays held; this closed window keeps the new one alive."""
        self._save_settings()
        self.successor = MainWindow(self.database)
        self.successor.show()
        self.successor.show_status(
            self.tr("Restored {backup}; the data you had before is kept as {aside}").format(
                backup=restored.restored_from.name, aside=restored.kept_aside
            )
        )
        self._back_up_on_close = False
        self.close()

    def _close_editors(self) -> bool:
        """Close the editor windows, each asking about unsaved changes; False
        when the coordinator chose to keep one open."""
        return all(
            self._built[number].close_editors()  # type: ignore[attr-defined]
            for number in (MEETINGS, SURVEYS)
            if number in self._built
        )

    def _save_settings(self) -> None:
        settings = self._settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(WORKSPACE_KEY, self.navigation.currentRow())
        for workspace in self._built.values():
            workspace.save_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        # An editor with unsaved changes asks first; "Cancel" keeps everything open.
        if not self._close_editors():
            event.ignore()
            return
        self._save_settings()
        if self._back_up_on_close:
            from rtcdesk.ui.automatic_backup import back_up_on_close

            back_up_on_close(self, self.database)
        super().closeEvent(event)
