"""File > Export and File > Import registrations in the main window. They act
on the meeting selected in the Meetings workspace (the contacts on the
People workspace's search) and say so plainly when none is selected."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.prompts import show_info

if TYPE_CHECKING:
    from rtcdesk.ui.export_dialog import ExportDialog
    from rtcdesk.ui.import_dialog import ImportDialog
    from rtcdesk.ui.main_window import MainWindow


def _quick_exports() -> ModuleType:
    """Imported when first used: the window opens without openpyxl."""
    from rtcdesk.ui import quick_exports

    return quick_exports


class ExcelActions(QObject):
    """The export and import actions of ``window``; ``add_to`` puts them in a menu."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        #: The last export started from the menu (tests wait for it).
        self.last_task: BackgroundTask | None = None

        def action(text: str, slot: object) -> QAction:
            created = QAction(text, window)
            created.triggered.connect(slot)
            return created

        self.import_registrations_action = action(
            self.tr("&Import registrations…"), self.import_registrations
        )
        self.import_registrations_action.setStatusTip(
            self.tr("Import a registration list (.xlsx or .csv) into the selected meeting")
        )
        self.export_participants_action = action(
            self.tr("&Participant list…"), self.export_participant_list
        )
        self.export_sign_in_action = action(self.tr("&Sign-in sheet…"), self.export_sign_in_sheet)
        self.export_contacts_action = action(self.tr("&Contacts…"), self.export_contacts)
        self.export_contacts_action.setStatusTip(
            self.tr("The people listed in the People workspace, with its search")
        )
        self.export_meetings_action = action(self.tr("&Meetings…"), self.export_meetings)
        self.export_meeting_actions_action = action(
            self.tr("&Action items of the selected meeting…"), self.export_meeting_action_items
        )
        self.export_all_actions_action = action(
            self.tr("A&ll action items…"), self.export_all_action_items
        )

    def add_to(self, menu: QMenu) -> QMenu:
        """Add File > Export (a submenu) and Import registrations to ``menu``."""
        export_menu = menu.addMenu(self.tr("E&xport"))
        for item in (
            self.export_participants_action,
            self.export_sign_in_action,
            None,
            self.export_contacts_action,
            self.export_meetings_action,
            None,
            self.export_meeting_actions_action,
            self.export_all_actions_action,
        ):
            if item is None:
                export_menu.addSeparator()
            else:
                export_menu.addAction(item)
        menu.addAction(self.import_registrations_action)
        return export_menu

    def selected_meeting_id(self) -> int | None:
        rows = self.window.meetings.selected_rows()
        row = rows[0] if rows else self.window.meetings.current_row()
        return row.id if row is not None else None

    def _meeting(self, what: str) -> int | None:
        """The selected meeting's id, or None after saying that one must be selected."""
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            show_info(
                self.window,
                what,
                self.tr(
                    "No meeting is selected. Select the meeting in the Meetings workspace, "
                    "then choose {what} again."
                ).format(what=what),
            )
        return meeting_id

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_participant_list(self) -> ExportDialog | None:
        meeting_id = self._meeting(self.tr("Export participant list"))
        if meeting_id is None:
            return None
        from rtcdesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.window.database, meeting_id, self.window)
        dialog.exported.connect(self.window.show_status)
        self._open(dialog)
        return dialog

    def import_registrations(self) -> ImportDialog | None:
        meeting_id = self._meeting(self.tr("Import registrations"))
        if meeting_id is None:
            return None
        from rtcdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.window.database, meeting_id, self.window)
        dialog.imported.connect(self._imported)
        self._open(dialog)
        return dialog

    def _imported(self, message: str) -> None:
        self.window.refresh()
        self.window.show_status(message)

    def export_sign_in_sheet(self) -> BackgroundTask | None:
        meeting_id = self._meeting(self.tr("Export sign-in sheet"))
        if meeting_id is None:
            return None
        virtual = _quick_exports().virtual_to_sign(self.window.database, meeting_id)
        include_virtual = virtual > 0 and _quick_exports().ask_include_virtual(self.window, virtual)
        return self._started(
            _quick_exports().export_sign_in_sheet(
                self.window,
                self.window.database,
                meeting_id,
                self.window.show_status,
                include_virtual,
            )
        )

    def export_contacts(self) -> BackgroundTask | None:
        return self._started(
            _quick_exports().export_contacts(
                self.window,
                self.window.database,
                self.window.people.search.text(),
                self.window.show_status,
            )
        )

    def export_meetings(self) -> BackgroundTask | None:
        return self._started(
            _quick_exports().export_meetings(
                self.window, self.window.database, self.window.show_status
            )
        )

    def export_meeting_action_items(self) -> BackgroundTask | None:
        meeting_id = self._meeting(self.tr("Export action items"))
        if meeting_id is None:
            return None
        return self._started(
            _quick_exports().export_action_items(
                self.window, self.window.database, meeting_id, self.window.show_status
            )
        )

    def export_all_action_items(self) -> BackgroundTask | None:
        return self._started(
            _quick_exports().export_action_items(
                self.window, self.window.database, None, self.window.show_status
            )
        )

    def _started(self, task: BackgroundTask | None) -> BackgroundTask | None:
        self.last_task = task
        return task
