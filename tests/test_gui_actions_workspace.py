"""The Action items workspace: items opened and added there, overdue ones marked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.services.outcomes import OPEN_STATUSES, list_action_items
from rtcdesk.ui.actions_workspace import COLUMNS, ActionsWorkspace, MeetingChoiceDialog
from rtcdesk.ui.tables import ALERT_COLOUR
from rtcdesk.vocabulary import ActionStatus

COLUMN_TITLES = [column.title for column in COLUMNS]


def open_workspace(qtbot: QtBot, database: Database) -> ActionsWorkspace:
    workspace = ActionsWorkspace(database)
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.refresh()
    return workspace


def test_enter_opens_an_item_and_its_change_is_saved(qtbot: QtBot, demo: Database) -> None:
    workspace = open_workspace(qtbot, demo)
    workspace.status_filter.setCurrentIndex(workspace.status_filter.findData("open"))
    row = workspace.proxy.row_at(workspace.proxy.index(0, 0))
    assert row is not None
    workspace.select_where(lambda r: r.id == row.id)
    workspace.table.setFocus()
    with qtbot.waitSignal(workspace.dialog_opened) as opened:
        qtbot.keyClick(workspace.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.description.toPlainText() == row.description
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.IN_PROGRESS))
    with qtbot.waitSignal(workspace.status_message) as said:
        dialog.accept()
    assert said.args[0].startswith("Saved action item")
    with demo.read() as session:
        stored = {r.id: r for r in list_action_items(session)}[row.id]
    assert stored.status is ActionStatus.IN_PROGRESS
    assert workspace.current_row() is not None
    assert workspace.current_row().id == row.id


def test_a_new_item_asks_for_its_meeting_first(qtbot: QtBot, demo: Database) -> None:
    workspace = open_workspace(qtbot, demo)
    with demo.read() as session:
        before = len(list_action_items(session))
    choice = workspace.new_item()
    assert isinstance(choice, MeetingChoiceDialog)
    qtbot.waitExposed(choice)
    index = next(
        i for i in range(choice.meeting.count()) if choice.meeting.itemText(i).startswith("21st")
    )
    choice.meeting.setCurrentIndex(index)
    meeting_id = choice.meeting_id()
    with qtbot.waitSignal(workspace.dialog_opened) as opened:
        qtbot.keyClick(choice, Qt.Key.Key_Return)
    dialog = opened.args[0]
    dialog.description.setFocus()
    qtbot.keyClicks(dialog.description, "Share the e-learning catalogue with every RTC")
    with qtbot.waitSignal(workspace.status_message):
        dialog.accept()
    with demo.read() as session:
        rows = list_action_items(session)
    assert len(rows) == before + 1
    added = [r for r in rows if r.description == "Share the e-learning catalogue with every RTC"]
    assert [r.meeting_id for r in added] == [meeting_id]


def test_new_without_any_meeting_says_what_to_do_first(qtbot: QtBot, database: Database) -> None:
    workspace = open_workspace(qtbot, database)
    with qtbot.waitSignal(workspace.status_message) as said:
        assert workspace.new_item() is None
    assert "Record a meeting first" in said.args[0]
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]


def test_overdue_items_are_marked_filtered_and_sorted_by_lateness(
    qtbot: QtBot, demo: Database
) -> None:
    workspace = open_workspace(qtbot, demo)
    with demo.read() as session:
        rows = list_action_items(session)
    late = [r for r in rows if r.days_overdue() > 0]
    assert late, "the demo data has open items past their due date"
    assert all(r.status in OPEN_STATUSES and r.due_date < date.today() for r in late)

    workspace.status_filter.setCurrentIndex(workspace.status_filter.findData("overdue"))
    assert workspace.proxy.rowCount() == len(late)
    due, overdue = (COLUMN_TITLES.index(title) for title in ("Due", "Overdue"))
    workspace.table.sortByColumn(overdue, Qt.SortOrder.DescendingOrder)
    shown = [workspace.proxy.row_at(workspace.proxy.index(n, 0)) for n in range(len(late))]
    lateness = [r.days_overdue() for r in shown if r is not None]
    assert lateness == sorted(lateness, reverse=True)
    top = workspace.proxy.index(0, due)
    assert workspace.proxy.data(top, Qt.ItemDataRole.ForegroundRole) == ALERT_COLOUR
    assert workspace.proxy.data(top, Qt.ItemDataRole.FontRole).bold()
    assert workspace.proxy.index(0, overdue).data().endswith("days late")

    workspace.status_filter.setCurrentIndex(workspace.status_filter.findData(None))
    on_time = next(
        n
        for n in range(workspace.proxy.rowCount())
        if workspace.proxy.row_at(workspace.proxy.index(n, 0)).days_overdue() == 0
    )
    assert (
        workspace.proxy.data(workspace.proxy.index(on_time, due), Qt.ItemDataRole.ForegroundRole)
        is None
    )
