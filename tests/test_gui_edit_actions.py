"""Edit > Open and Delete apply to the selection: disabled with nothing to act on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.ui.main_window import MainWindow


def test_open_and_delete_follow_the_selection(qtbot: QtBot, demo: Database) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for number, workspace in enumerate(window.workspaces):
        window.navigation.setCurrentRow(number)
        workspace.table.clearSelection()
        assert not window.open_action.isEnabled(), workspace.name
        assert not window.delete_action.isEnabled(), workspace.name
        if workspace.proxy.rowCount():
            workspace.table.setFocus()
            qtbot.keyClick(workspace.table, Qt.Key.Key_Down)
            workspace.table.selectRow(0)
            assert window.open_action.isEnabled(), workspace.name
            assert window.delete_action.isEnabled(), workspace.name


def test_an_empty_workspace_offers_neither(qtbot: QtBot, database: Database) -> None:
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(0)
    assert window.meetings.proxy.rowCount() == 0
    assert not window.open_action.isEnabled()
    assert not window.delete_action.isEnabled()
    assert window.new_meeting_action.isEnabled()
