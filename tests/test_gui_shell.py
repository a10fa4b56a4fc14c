"""The GUI shell: the meetings model, the main window driven through its real
widgets, and start-up with the database and its instance lock."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from factories import make_meeting, make_participant, make_person, org_id
from PySide6.QtCore import QPoint, QSysInfo, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from rtcdesk import __version__
from rtcdesk.db.engine import Database
from rtcdesk.instance_lock import InstanceLock, lock_file_path
from rtcdesk.services.meetings import MeetingRow, list_meetings
from rtcdesk.ui.app import main, run_gui
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meetings_workspace import COLUMNS as MEETING_COLUMNS
from rtcdesk.ui.tables import ObjectRole, RowFilterProxy, RowTableModel, SortRole
from rtcdesk.vocabulary import MeetingKind, MeetingMode, MeetingStatus

COLUMNS = range(len(MEETING_COLUMNS))
COL_TITLE, COL_START, COL_PLACE, COL_PARTICIPANTS = 0, 2, 5, 8


def meetings_model(rows: list[MeetingRow]) -> RowTableModel[MeetingRow]:
    model: RowTableModel[MeetingRow] = RowTableModel(MEETING_COLUMNS)
    model.set_rows(rows)
    return model


def sorted_proxy(model: RowTableModel[MeetingRow]) -> RowFilterProxy[MeetingRow]:
    proxy: RowFilterProxy[MeetingRow] = RowFilterProxy()
    proxy.setSourceModel(model)
    return proxy


@pytest.fixture
def meetings(database: Database) -> list[MeetingRow]:
    """Three meetings whose dates sort differently as text and as dates."""
    with database.write() as session:
        make_meeting(
            session,
            ordinal=20,
            series="RTC Heads Meeting",
            start=date(2022, 11, 2),
            days=2,
            host_organisation_id=org_id(
                session, "Regional Office for Capacity Building Asia/Pacific"
            ),
            city="Bangkok",
            country="Thailand",
            mode=MeetingMode.HYBRID,
            status=MeetingStatus.HELD,
        )
        kashiwa = make_meeting(
            session,
            ordinal=21,
            series="RTC Heads Meeting",
            start=date(2023, 11, 14),
            host_organisation_id=org_id(session, "RTC Japan"),
            venue="RTC Japan",
            city="Kashiwa",
            country="Japan",
            status=MeetingStatus.HELD,
        )
        for family in ("Aoyama", "Kang", "Outram"):
            make_participant(session, kashiwa.id, make_person(session, family, "A").id)
        make_meeting(
            session,
            "Regional Workshop on Risk Management",
            start=date(2024, 3, 5),
            kind=MeetingKind.REGIONAL_WORKSHOP,
            host_organisation_id=org_id(session, "RTC Korea"),
            city="Seoul",
            country="Korea",
            mode=MeetingMode.VIRTUAL,
        )
    with database.read() as session:
        return list_meetings(session)


@pytest.fixture
def open_window(qtbot: QtBot, database: Database) -> Callable[[], MainWindow]:
    def open_() -> MainWindow:
        window = MainWindow(database)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    return open_window()


def visible_column(window: MainWindow, column: int) -> list[str]:
    proxy = window.meetings.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def visible_titles(window: MainWindow) -> list[str]:
    return visible_column(window, COL_TITLE)


def click_header(qtbot: QtBot, window: MainWindow, column: int) -> None:
    header = window.meetings.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def shown(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


# The model ---------------------------------------------------------------------------------


def test_the_model_passes_the_model_tester(qtmodeltester, meetings: list[MeetingRow]) -> None:  # type: ignore[no-untyped-def]
    model = meetings_model(meetings)
    qtmodeltester.check(model)
    proxy = sorted_proxy(model)
    proxy.sort(COL_START)
    qtmodeltester.check(proxy)


def test_the_model_shows_text_and_gives_raw_values_and_rows(meetings: list[MeetingRow]) -> None:
    model = meetings_model(meetings)
    row = next(r for r, m in enumerate(meetings) if m.ordinal == 21)

    def cell(column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, column).data(role)

    assert [cell(c) for c in COLUMNS] == [
        "21st RTC Heads Meeting",
        "RTC Heads Meeting",
        "14 Nov 2023",
        "16 Nov 2023",
        "RTC Japan",
        "Kashiwa, Japan",
        "In person",
        "Held",
        "3",
    ]
    assert cell(COL_START, SortRole) == date(2023, 11, 14)
    assert cell(COL_PARTICIPANTS, SortRole) == 3
    assert cell(COL_TITLE, ObjectRole) == meetings[row]
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert cell(COL_PLACE, tooltip) == "RTC Japan, Kashiwa, Japan"
    alignment = cell(COL_PARTICIPANTS, Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in COLUMNS] == [
        "Title",
        "Kind",
        "Start",
        "End",
        "Host",
        "Place",
        "Mode",
        "Status",
        "Participants",
    ]


def test_the_model_never_queries(meetings: list[MeetingRow], count_statements) -> None:  # type: ignore[no-untyped-def]
    with count_statements:
        model = meetings_model(meetings)
        for row in range(model.rowCount()):
            for column in COLUMNS:
                for role in (Qt.ItemDataRole.DisplayRole, SortRole, ObjectRole):
                    model.index(row, column).data(role)
    assert count_statements.count == 0


@pytest.mark.parametrize("column", COLUMNS)
def test_every_column_sorts_by_its_raw_value(meetings: list[MeetingRow], column: int) -> None:
    proxy = sorted_proxy(meetings_model(meetings))

    proxy.sort(column, Qt.SortOrder.AscendingOrder)

    values = [proxy.index(r, column).data(SortRole) for r in range(3)]
    assert values == sorted(values)


def test_titles_sort_by_name_then_ordinal_number(meetings: list[MeetingRow]) -> None:
    proxy = sorted_proxy(meetings_model(meetings))

    proxy.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)

    assert [proxy.index(r, 0).data() for r in range(3)] == [
        "Regional Workshop on Risk Management",
        "20th RTC Heads Meeting",
        "21st RTC Heads Meeting",
    ]


# The main window ---------------------------------------------------------------------------


def test_the_title_names_the_database(window: MainWindow, database: Database) -> None:
    assert window.windowTitle() == f"rtcdesk — {database.describe()}"


def test_the_menus(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Edit", "&View", "&Help"]
    file_actions = [a for a in menus["&File"].actions() if not a.isSeparator()]
    assert [a.text() for a in file_actions] == [
        "&New meeting",
        "New meeting from &earlier…",
        "E&xport",
        "&Import registrations…",
        "Load &demo data…",
        "&Restore from backup…",
        "&Quit",
    ]
    assert file_actions[0].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert file_actions[-1].shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    edit_actions = {a.text(): a.shortcut() for a in menus["&Edit"].actions()}
    assert edit_actions["&Delete…"] == QKeySequence(QKeySequence.StandardKey.Delete)
    assert edit_actions["&Find"] == QKeySequence(QKeySequence.StandardKey.Find)
    views = [a.text() for a in menus["&View"].actions() if not a.isSeparator()]
    assert views == [
        "Meetings",
        "People",
        "Organisations",
        "Surveys",
        "Action items",
        "&History of changes…",
        "&Refresh",
    ]
    assert [a.text() for a in menus["&Help"].actions()] == ["&About rtcdesk"]


def test_an_empty_database_shows_the_empty_state(window: MainWindow) -> None:
    assert window.meetings.pages.currentWidget() is window.meetings.empty_state
    assert window.meetings.empty_state.isVisible()
    assert not window.meetings.table.isVisible()
    assert window.meetings.empty_new_button.isEnabled()
    assert window.meetings.empty_demo_button.isEnabled()


def test_load_demo_data_shows_and_saves_the_meetings(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    qtbot.mouseClick(window.meetings.empty_demo_button, Qt.MouseButton.LeftButton)

    assert window.meetings.table.isVisible()
    assert "21st RTC Heads Meeting" in visible_titles(window)
    assert window.statusBar().currentMessage().startswith("Demo data loaded: ")
    with database.read() as session:
        saved = list_meetings(session)
    assert "21st RTC Heads Meeting" in [m.display_title for m in saved]
    assert len(visible_titles(window)) == len(saved)
    assert window.count_label.text() == f"Meetings: {len(saved)}"


def test_loading_the_demo_again_from_the_menu_adds_nothing(
    window: MainWindow, database: Database
) -> None:
    window.load_demo_action.trigger()
    with database.read() as session:
        first = len(list_meetings(session))

    window.load_demo_action.trigger()

    with database.read() as session:
        assert len(list_meetings(session)) == first
    assert window.statusBar().currentMessage() == (
        "The demo data was already loaded; nothing was added."
    )


def test_search_filters_as_you_type(
    qtbot: QtBot, meetings: list[MeetingRow], window: MainWindow
) -> None:
    search = window.meetings.search
    assert window.meetings.pages.currentIndex() == 0
    assert len(visible_titles(window)) == 3

    qtbot.keyClicks(search, "kashiwa")
    assert visible_titles(window) == ["21st RTC Heads Meeting"]
    assert window.count_label.text() == "Meetings: 1 of 3 shown"

    search.clear()
    qtbot.keyClicks(search, "rtc KOREA")  # the host, in another case
    assert visible_titles(window) == ["Regional Workshop on Risk Management"]

    search.clear()
    qtbot.keyClicks(search, "thailand heads")  # words in any order, across place and title
    assert visible_titles(window) == ["20th RTC Heads Meeting"]

    search.clear()
    qtbot.keyClicks(search, "no such meeting")
    assert visible_titles(window) == []

    search.clear()
    assert len(visible_titles(window)) == 3
    assert window.count_label.text() == "Meetings: 3"


def test_clicking_a_header_sorts_dates_as_dates(
    qtbot: QtBot, meetings: list[MeetingRow], window: MainWindow
) -> None:
    start = COL_START
    header = window.meetings.table.horizontalHeader()
    click_header(qtbot, window, COL_TITLE)
    assert header.sortIndicatorSection() == COL_TITLE

    click_header(qtbot, window, start)
    if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        click_header(qtbot, window, start)

    assert header.sortIndicatorSection() == start
    assert visible_column(window, start) == ["2 Nov 2022", "14 Nov 2023", "5 Mar 2024"]

    click_header(qtbot, window, start)
    assert visible_column(window, start) == ["5 Mar 2024", "14 Nov 2023", "2 Nov 2022"]


def test_clicking_the_participants_header_sorts_numbers(
    qtbot: QtBot, meetings: list[MeetingRow], window: MainWindow
) -> None:
    click_header(qtbot, window, COL_PARTICIPANTS)
    counts = visible_column(window, COL_PARTICIPANTS)
    assert sorted(counts, key=int) in (counts, counts[::-1])
    assert "3" in counts


def test_the_search_box_is_labelled_and_named(
    window: MainWindow, meetings: list[MeetingRow]
) -> None:
    window.refresh()
    search = window.meetings.search
    labels = [w for w in window.findChildren(QLabel) if w.buddy() is search]
    assert [label.text() for label in labels] == ["&Search:"]
    assert search.accessibleName() == "Search meetings"
    assert search.placeholderText()
    assert window.meetings.table.accessibleName() == "Meetings"
    assert window.meetings.empty_demo_button.accessibleName() == "Load demo data"
    assert window.meetings.empty_new_button.accessibleName() == "New meeting"


def test_find_puts_the_cursor_in_the_search_box(
    qtbot: QtBot, meetings: list[MeetingRow], window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    qtbot.waitUntil(window.meetings.search.hasFocus)


def test_the_window_geometry_is_restored(open_window: Callable[[], MainWindow]) -> None:
    first = open_window()
    first.resize(780, 460)  # smaller than the 800x600 offscreen screen, which clamps
    first.close()

    second = open_window()

    assert (second.width(), second.height()) == (780, 460)


def test_about_names_the_version_and_the_database(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    window.about_action.trigger()

    qtbot.waitUntil(lambda: bool(shown(QMessageBox)))
    box = shown(QMessageBox)[0]
    assert f"rtcdesk {__version__}" in box.text()
    assert database.describe() in box.text()
    box.close()


# Start-up ----------------------------------------------------------------------------------


@contextmanager
def process_state_restored() -> Iterator[None]:
    """run_gui installs the excepthook and log handlers of a real start; put them back."""
    hook, root = sys.excepthook, logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        sys.excepthook = hook
        for handler in set(root.handlers) - set(handlers):
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


@contextmanager
def closing_when_shown(kind: type[QWidget], seen: list[str]) -> Iterator[None]:
    """While the block runs an event loop, close the first visible ``kind``
    window, recording its text (a message box) or title (a window); give up
    after 30 s so that a failure cannot hang the tests."""
    poll, deadline = QTimer(), QTimer()

    def close_it() -> None:
        for widget in shown(kind):
            poll.stop()
            seen.append(widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle())
            widget.close()

    poll.timeout.connect(close_it)
    deadline.setSingleShot(True)
    deadline.timeout.connect(QApplication.quit)
    poll.start(20)
    deadline.start(30_000)
    try:
        yield
    finally:
        poll.stop()
        deadline.stop()


def test_run_gui_refuses_a_database_open_elsewhere(qapp, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    refusals: list[str] = []
    with (
        InstanceLock(db_path),
        process_state_restored(),
        closing_when_shown(QMessageBox, refusals),
    ):
        status = run_gui(str(db_path))

    assert status == 1
    assert len(refusals) == 1
    assert refusals[0].startswith(
        f"The database {db_path} is open in another rtcdesk "
        f"(process {os.getpid()} on host {QSysInfo.machineHostName()} running "
    )
    assert refusals[0].endswith("). Close it there first, or open another database.")
    assert not shown(MainWindow)


def test_main_opens_the_window_and_releases_the_lock_at_the_end(qapp, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    titles: list[str] = []
    with process_state_restored(), closing_when_shown(MainWindow, titles):
        status = main(["--database", str(db_path)])

    assert status == 0
    assert titles == [f"rtcdesk — {db_path}"]
    assert (qapp.applicationName(), qapp.applicationVersion()) == ("rtcdesk", __version__)
    assert not qapp.windowIcon().isNull()
    assert not lock_file_path(db_path).exists()
    with InstanceLock(db_path) as lock:
        assert lock.is_held


def test_the_last_workspace_is_remembered(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    first = open_window()
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    qtbot.keySequence(first, QKeySequence("Ctrl+3"))
    assert first.stack.currentWidget() is first.organisations
    first.close()

    second = open_window()

    assert second.stack.currentWidget() is second.organisations
    assert second.navigation.currentItem().text() == "Organisations"
    assert second.count_label.text() == "Organisations: 49"


def test_every_workspace_lists_the_demo_records(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    window.load_demo_data()
    expected = {
        "Meetings": "Meetings: 7",
        "People": "People: 22",
        "Organisations": "Organisations: 49",
        "Surveys": "Surveys: 1",
        "Action items": "Action items: 2 of 4 shown",  # open or in progress by default
    }
    for number, workspace in enumerate(window.workspaces):
        window.navigation.setCurrentRow(number)
        assert window.stack.currentWidget() is workspace
        assert window.count_label.text() == expected[workspace.name]
        qtmodeltester.check(workspace.model)
    survey_rate = window.surveys.proxy.index(0, 6).data()
    assert survey_rate == "75%"


def test_meeting_filters_by_kind_year_and_status(
    qtbot: QtBot, meetings: list[MeetingRow], window: MainWindow
) -> None:
    workspace = window.meetings
    kinds = workspace.kind_filter
    kinds.setCurrentIndex(kinds.findText("Regional workshop"))
    assert visible_titles(window) == ["Regional Workshop on Risk Management"]
    kinds.setCurrentIndex(0)

    years = workspace.year_filter
    assert [years.itemText(i) for i in range(years.count())] == [
        "Any year",
        "2024",
        "2023",
        "2022",
    ]
    years.setCurrentIndex(years.findText("2023"))
    assert visible_titles(window) == ["21st RTC Heads Meeting"]
    years.setCurrentIndex(0)

    statuses = workspace.status_filter
    statuses.setCurrentIndex(statuses.findText("Planned"))
    assert visible_titles(window) == ["Regional Workshop on Risk Management"]
    assert window.count_label.text() == "Meetings: 1 of 3 shown"
