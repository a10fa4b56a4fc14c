"""Backups in the GUI: the automatic backup when the main window closes, its
preference, and File > Restore from backup…, driven through the real widgets
on real SQLite files."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import make_meeting
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from workspace_gui import gui_isolation, show_dialog, shown_dialog  # noqa: F401

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.db.engine import Database
from rtcdesk.services.backups import DEFAULT_KEEP, list_automatic_backups
from rtcdesk.services.demo import load_demo
from rtcdesk.ui.automatic_backup import KEEP_KEY, MAX_KEEP, load_backup_keep
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.preferences import PreferencesDialog
from rtcdesk.ui.restore_dialog import RestoreDialog

TYPED_AFTER = "Workshop typed after the backup"


@pytest.fixture
def open_window(qtbot: QtBot, sqlite_database: Database) -> Callable[[], MainWindow]:
    def open_() -> MainWindow:
        window = MainWindow(sqlite_database)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


def add_meeting(database: Database, title: str) -> None:
    with database.write() as session:
        make_meeting(session, title)


def visible_titles(window: MainWindow) -> list[str]:
    proxy = window.meetings.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def titles_in_file(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        return sorted(title for (title,) in connection.execute("SELECT title FROM meetings"))


def answer_message_box(button: str, seen: list[QMessageBox]) -> None:
    """When a message box is the active modal window, click its ``button``
    (the restore dialog underneath is modal too, so wait for the box itself)."""

    def attempt(tries: int = 500) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box)
            for candidate in box.buttons():
                if candidate.text().replace("&", "") == button:
                    candidate.click()
                    return
            box.reject()
            raise AssertionError(f"no button {button!r} in {box.text()!r}")
        if tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def set_keep_in_preferences(qtbot: QtBot, keep: int) -> None:
    dialog = PreferencesDialog()
    show_dialog(qtbot, dialog)
    spin = dialog.backups.keep
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, str(keep))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()


def test_closing_the_main_window_writes_a_backup(
    open_window: Callable[[], MainWindow], sqlite_database: Database
) -> None:
    add_meeting(sqlite_database, "Workshop on risk management")
    window = open_window()

    window.close()

    backups = list_automatic_backups(sqlite_database.path)
    assert len(backups) == 1
    assert titles_in_file(backups[0].path) == ["Workshop on risk management"]
    assert QApplication.overrideCursor() is None


def test_the_number_of_backups_kept_is_a_saved_preference(
    qtbot: QtBot, open_window: Callable[[], MainWindow], sqlite_database: Database
) -> None:
    set_keep_in_preferences(qtbot, 2)
    assert load_backup_keep() == 2
    reopened = PreferencesDialog()
    assert reopened.backups.keep.value() == 2

    for number in range(1, 4):
        add_meeting(sqlite_database, f"Workshop {number}")
        open_window().close()
    backups = list_automatic_backups(sqlite_database.path)
    assert [len(titles_in_file(b.path)) for b in backups] == [3, 2]

    set_keep_in_preferences(qtbot, 0)
    add_meeting(sqlite_database, "Workshop 4")
    open_window().close()
    assert list_automatic_backups(sqlite_database.path) == backups


@pytest.mark.parametrize(
    ("stored", "kept"), [("5", 5), (7, 7), ("ten", DEFAULT_KEEP), ("-3", 0), ("5000", MAX_KEEP)]
)
def test_a_number_of_backups_edited_by_hand_is_read_or_replaced_by_the_default(
    stored: object, kept: int
) -> None:
    QSettings(APP_AUTHOR, APP_NAME).setValue(KEEP_KEY, stored)
    assert load_backup_keep() == kept


def test_restore_from_a_backup_replaces_what_the_meetings_workspace_shows(
    qtbot: QtBot, open_window: Callable[[], MainWindow], sqlite_database: Database
) -> None:
    with sqlite_database.write() as session:
        load_demo(session)
    open_window().close()  # the automatic backup of the demo data
    add_meeting(sqlite_database, TYPED_AFTER)
    window = open_window()
    assert TYPED_AFTER in visible_titles(window)

    window.restore_action.trigger()
    dialog = shown_dialog(qtbot, window, RestoreDialog)
    assert dialog.proxy.rowCount() == 1
    assert dialog.selected_backup() == list_automatic_backups(sqlite_database.path)[0]
    assert dialog.proxy.index(0, 1).data().endswith(("KB", "KiB"))
    seen: list[QMessageBox] = []
    answer_message_box("Restore", seen)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.successor is not None)
    successor = window.successor
    assert successor is not None
    qtbot.addWidget(successor)
    assert not window.isVisible()
    assert successor.isVisible()
    assert TYPED_AFTER not in visible_titles(successor)
    assert "21st RTC Heads Meeting" in visible_titles(successor)

    asides = list(sqlite_database.path.parent.glob("rtcdesk.before-restore-*.sqlite"))
    assert len(asides) == 1
    assert TYPED_AFTER in titles_in_file(asides[0])
    confirmation = f"{seen[0].text()}\n{seen[0].informativeText()}"
    assert "Replace the data you see now with the backup of" in confirmation
    assert f"Your current data is kept as {asides[0]}" in confirmation
    assert str(asides[0]) in successor.statusBar().currentMessage()
    # The old window closed without a backup of its own; the one restored from stays.
    assert len(list_automatic_backups(sqlite_database.path)) == 1


def test_a_damaged_backup_file_is_refused_in_the_dialog_and_nothing_changes(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    sqlite_database: Database,
    tmp_path: Path,
) -> None:
    with sqlite_database.write() as session:
        load_demo(session)
    open_window().close()
    damaged = tmp_path / "rtcdesk copy.sqlite"
    shutil.copy(list_automatic_backups(sqlite_database.path)[0].path, damaged)
    data = bytearray(damaged.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * 8192
    damaged.write_bytes(bytes(data))
    add_meeting(sqlite_database, TYPED_AFTER)
    window = open_window()
    dialog = window.restore_from_backup()
    assert dialog is not None

    seen: list[QMessageBox] = []
    answer_message_box("OK", seen)
    assert dialog.restore_from(damaged) is None

    assert seen[0].windowTitle() == "Cannot restore this backup"
    assert seen[0].text().startswith(f"The backup {damaged} is damaged")
    assert seen[0].text().endswith("Nothing was changed.")
    assert dialog.isVisible()
    assert window.successor is None
    assert TYPED_AFTER in visible_titles(window)
    assert not list(sqlite_database.path.parent.glob("*.before-restore-*"))


def test_cancelling_the_confirmation_keeps_the_current_data(
    qtbot: QtBot, open_window: Callable[[], MainWindow], sqlite_database: Database
) -> None:
    add_meeting(sqlite_database, "Workshop in the backup")
    open_window().close()
    add_meeting(sqlite_database, TYPED_AFTER)
    window = open_window()
    dialog = window.restore_from_backup()
    assert dialog is not None

    seen: list[QMessageBox] = []
    answer_message_box("Cancel", seen)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert seen
    assert window.successor is None
    assert TYPED_AFTER in visible_titles(window)
    assert not list(sqlite_database.path.parent.glob("*.before-restore-*"))
