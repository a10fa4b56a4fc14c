"""The one excepthook: a bug gets the crash dialog, a RtcdeskError a plain message."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rtcdesk import __version__
from rtcdesk.errors import DatabaseLockedError
from rtcdesk.ui.crash import CrashDialog, CrashHandler, build_report, install_crash_handler

LOCKED = (
    "The database /data/rtcdesk.sqlite is open in another rtcdesk "
    "(process 1234 on host ws-7 running python3.11). "
    "Close it there first, or open another database."
)


def divide_attendance_by_zero() -> float:
    return 22 / 0


def refuse_the_database() -> None:
    raise DatabaseLockedError(LOCKED)


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return tmp_path / "rtcdesk.log"


@contextmanager
def installed(log_file: Path) -> Iterator[CrashHandler]:
    """The crash handler as ``sys.excepthook`` for the block. (Installed inside
    the test body: pytest-qt swaps the hook around each test phase.)"""
    previous = sys.excepthook
    handler = install_crash_handler(log_file)
    try:
        yield handler
    finally:
        sys.excepthook = previous
        for window in list(handler.open_windows):
            window.close()


def button_running(qtbot: QtBot, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton("Go")
    qtbot.addWidget(button)
    button.clicked.connect(slot)
    button.show()
    return button


def shown(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_the_report_names_versions_traceback_and_log_file(log_file: Path) -> None:
    try:
        divide_attendance_by_zero()
    except ZeroDivisionError as exc:
        report = build_report(type(exc), exc, exc.__traceback__, log_file)

    assert report.startswith(f"rtcdesk: {__version__}\n")
    for line in ("Python: ", f"Qt: {qVersion()} (PySide6 ", "SQLAlchemy: ", "Platform: "):
        assert f"\n{line}" in report
    assert f"\nLog file: {log_file}\n" in report
    assert "Traceback (most recent call last):" in report
    assert "in divide_attendance_by_zero" in report
    assert report.rstrip().endswith("ZeroDivisionError: division by zero")


def test_the_report_says_when_there_is_no_log_file() -> None:
    exc = ValueError("x")
    assert "\nLog file: none (the log folder could not be written)\n" in build_report(
        ValueError, exc, None
    )


def test_a_bug_in_a_slot_opens_the_crash_dialog(
    qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    button = button_running(qtbot, divide_attendance_by_zero)

    with installed(log_file) as handler, caplog.at_level(logging.INFO):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown(CrashDialog)))
        (dialog,) = shown(CrashDialog)
        assert isinstance(dialog, CrashDialog)
        assert handler.open_windows == [dialog]

        assert dialog.report_view.isReadOnly()
        assert "in divide_attendance_by_zero" in dialog.report()
        assert "ZeroDivisionError: division by zero" in dialog.report()
        assert f"Log file: {log_file}" in dialog.report()

        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == dialog.report()

        dialog.reject()
        qtbot.waitUntil(lambda: not shown(CrashDialog))
        assert handler.open_windows == []

    assert "unexpected error" in caplog.text
    assert "in divide_attendance_by_zero" in caplog.text


def test_a_second_bug_while_the_dialog_is_open_is_only_logged(
    qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    button = button_running(qtbot, divide_attendance_by_zero)

    with installed(log_file), caplog.at_level(logging.INFO):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown(CrashDialog)))
        button.click()  # past the modal dialog, as a timer or a repaint would

        assert len(shown(CrashDialog)) == 1
    assert caplog.text.count("unexpected error") == 2


def test_a_rtcdesk_error_shows_its_message_and_no_crash_dialog(
    qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    button = button_running(qtbot, refuse_the_database)

    with installed(log_file), caplog.at_level(logging.INFO):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown(QMessageBox)))

        (box,) = shown(QMessageBox)
        assert isinstance(box, QMessageBox)
        assert box.text() == LOCKED
        assert "Traceback" not in box.text() + box.detailedText()
        assert not shown(CrashDialog)

    assert "DatabaseLockedError" in caplog.text
    assert "ws-7" not in caplog.text, "the message stays out of the log"


def test_the_crash_dialog_close_button_closes_it(qtbot: QtBot) -> None:
    dialog = CrashDialog("report text")
    qtbot.addWidget(dialog)
    dialog.show()

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()


def test_keyboard_interrupt_is_left_to_python(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = CrashHandler(log_file)

    handler(KeyboardInterrupt, KeyboardInterrupt(), None)

    assert handler.open_windows == []
    assert "KeyboardInterrupt" in capsys.readouterr().err
