"""Tables are in the order their header claims: every sort indicator over the
demo data, names by family name, the order saved at closing is the order
restored, and the participants tab in its listing order until a header is
clicked."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from survey_gui_helpers import demo_survey_id

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import add_delegation
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.survey_editor import SurveyEditor
from rtcdesk.ui.tables import RowFilterProxy
from rtcdesk.ui.workspace import RowTable

ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)


def meeting_21(database: Database) -> int:
    with database.read() as session:
        found = find_meeting(session, "RTC Heads Meeting", 21)
        assert found is not None
        return found.id


def out_of_order(table: QTableView) -> list[str]:
    """Where the rows of ``table`` break the order its sort indicator shows
    (none when it shows none)."""
    header = table.horizontalHeader()
    column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    if not table.isSortingEnabled() or column < 0:
        return []
    name = table.accessibleName()
    proxy = table.model()
    if not isinstance(proxy, RowFilterProxy):
        return [f"{name}: an indicator over a model that cannot sort"]
    if (proxy.sortColumn(), proxy.sortOrder()) != (column, order):
        return [f"{name}: sorted by {proxy.sortColumn()}, shown as {column} {order.name}"]
    cells = [proxy.mapToSource(proxy.index(row, column)) for row in range(proxy.rowCount())]
    found = []
    for earlier, later in pairwise(cells):
        first, second = (earlier, later) if order is ASCENDING else (later, earlier)
        if proxy.lessThan(second, first):
            found.append(f"{name}: {earlier.data()!r} before {later.data()!r} ({order.name})")
    return found


def click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def sorted_tables(window: QWidget) -> list[QTableView]:
    return [t for t in window.findChildren(QTableView) if t.isSortingEnabled()]


def test_every_sorted_table_of_the_workspaces_and_editors_is_in_the_order_it_shows(
    qtbot: QtBot, demo: Database
) -> None:
    window = MainWindow(demo)
    show(qtbot, window)
    assert len(window.workspaces) == 5  # each is built when first shown: all of them now
    meeting = MeetingEditor(demo, meeting_21(demo))
    qtbot.addWidget(meeting, before_close_func=lambda editor: editor.discard())
    meeting.show()
    survey = SurveyEditor(demo, demo_survey_id(demo))
    show(qtbot, survey)
    survey.results.grouping.setCurrentIndex(1)  # by delegation: several rows

    tables = [t for w in (window, meeting, survey) for t in sorted_tables(w)]
    names = {t.accessibleName() for t in tables}
    assert {"People", "Recipients", "Delegations", "Participants", "Response rates"} <= names
    problems = [problem for table in tables for problem in out_of_order(table)]
    for table in tables:
        for column in range(table.model().columnCount()):
            for order in (ASCENDING, DESCENDING):
                table.sortByColumn(column, order)
                problems += out_of_order(table)
    assert problems == []
    # The agenda is in the coordinator's order: no header claims another.
    assert meeting.agenda is not None
    assert not meeting.agenda.table.horizontalHeader().isSortIndicatorShown()


def test_recipients_are_sorted_by_family_name_under_the_name_indicator(
    qtbot: QtBot, demo: Database
) -> None:
    editor = SurveyEditor(demo, demo_survey_id(demo))
    show(qtbot, editor)
    tab = editor.recipients
    header = tab.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, ASCENDING)
    names = [tab.proxy.index(row, 0).data() for row in range(tab.proxy.rowCount())]
    assert names == [
        "Ms. CHAN Ka-yan",
        "Ms. Siti Aminah ISMAIL",
        "Mr. PARK Jinho",
        "Mr. Budi SANTOSO",
        "Mr. Rajesh SHARMA",
        "Mr. TANAKA Hiroshi",
        "Mr. Somchai WONGSAWAT",
        "Mr. ZHANG Wei",
    ]


def first_people(window: MainWindow) -> list[str]:
    proxy = window.people.proxy
    return [proxy.index(row, 0).data() for row in range(3)]


@pytest.mark.parametrize("clicks", [0, 1, 2])
def test_the_order_saved_at_closing_is_the_order_restored(
    qtbot: QtBot, demo: Database, clicks: int
) -> None:
    """Never touched (the first start), or sorted Z to A, or back to A to Z."""
    first = MainWindow(demo)
    show(qtbot, first)
    for _ in range(clicks):
        click_header(qtbot, first.people.table, 0)
    header = first.people.table.horizontalHeader()
    shown = (header.sortIndicatorSection(), header.sortIndicatorOrder(), first_people(first))
    first.close()

    second = MainWindow(demo)
    show(qtbot, second)
    header = second.people.table.horizontalHeader()

    restored = (header.sortIndicatorSection(), header.sortIndicatorOrder(), first_people(second))
    assert restored == shown
    a_to_z = ["Mr. AOYAMA Shigetoshi", "Ms. CHAN Ka-yan", "Ms. Siti Aminah ISMAIL"]
    z_to_a = ["Mr. 陳 家明", "Mr. ZHANG Wei", "Mr. Somchai WONGSAWAT"]
    assert restored == (0, *([DESCENDING, z_to_a] if clicks == 1 else [ASCENDING, a_to_z]))


def shown_delegations(table: RowTable) -> list[str]:
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_delegations_are_in_listing_order_until_sorted_and_a_new_one_takes_its_place(
    qtbot: QtBot, demo: Database
) -> None:
    meeting_id = meeting_21(demo)
    editor = MeetingEditor(demo, meeting_id)
    qtbot.addWidget(editor, before_close_func=lambda widget: widget.discard())
    editor.show()
    tab = editor.participants
    assert tab is not None
    editor.tabs.setCurrentWidget(tab)
    table = tab.delegations_table
    assert table.horizontalHeader().sortIndicatorSection() == -1  # no indicator
    assert shown_delegations(table)[:3] == ["WCO", "APVC", "ROCB A/P"]

    def add(name: str) -> None:
        with demo.write() as session:
            organisation = session.scalars(
                select(Organisation).where(Organisation.name == name)
            ).one()
            add_delegation(session, meeting_id, organisation.id)
        tab.refresh()

    add("Australian Border Force")  # a member administration, listed by its name
    assert shown_delegations(table)[-2:] == ["ABF", "Japan Customs"]

    click_header(qtbot, table, 0)
    assert table.horizontalHeader().sortIndicatorSection() == 0
    add("Korea Customs Service")
    shown = shown_delegations(table)
    assert shown[:2] == ["ABF", "APVC"]
    assert shown == sorted(shown, key=str.casefold)
    assert out_of_order(table) == []
