"""Work off the GUI thread: results and errors come back on the GUI thread,
a refusal is shown in plain words, a bug reaches the crash handler, and the
progress dialog's Cancel stops the work."""

from __future__ import annotations

import threading
import traceback

from gui_excel_helpers import TIMEOUT_MS, finish
from gui_helpers import Seen, answer_next_dialog, message_text
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from rtcdesk.errors import ConflictError
from rtcdesk.progress import ProgressReporter
from rtcdesk.ui.background import BackgroundTask


def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def start(parent: QWidget, work: object) -> BackgroundTask:
    task = BackgroundTask(parent, work, title="Working", label="Counting", refusal_title="Not done")  # type: ignore[arg-type]
    task.start()
    return task


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    arrived: list[tuple[object, bool]] = []

    def work(_progress: ProgressReporter) -> int:
        return threading.get_ident()

    task = BackgroundTask(owner(qtbot), work, title="Working", label="Counting")
    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    task.succeeded.connect(
        lambda result: arrived.append((result, QThread.currentThread() is gui_thread))
    )
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        task.start()
    ((worker, on_gui_thread),) = arrived
    assert worker != threading.get_ident()
    assert on_gui_thread
    assert not task.running
    assert task.dialog is None


def test_a_refusal_is_shown_in_plain_words(qtbot: QtBot) -> None:
    def work(_progress: ProgressReporter) -> None:
        raise ConflictError("The meeting was deleted meanwhile.")

    seen: Seen = []
    refused: list[object] = []
    answer_next_dialog("OK", seen)
    task = start(owner(qtbot), work)
    task.refused.connect(refused.append)
    finish(qtbot, task)
    assert seen[0].windowTitle() == "Not done"
    assert message_text(seen[0]).startswith("The meeting was deleted meanwhile.")
    assert isinstance(refused[0], ConflictError)


def test_a_bug_is_raised_again_on_the_gui_thread(qtbot: QtBot) -> None:
    def work(_progress: ProgressReporter) -> None:
        raise KeyError("not a coordinator's mistake")

    with qtbot.capture_exceptions() as exceptions:
        finish(qtbot, start(owner(qtbot), work))
    ((kind, error, trace),) = exceptions
    assert kind is KeyError
    assert error.args == ("not a coordinator's mistake",)
    assert "work" in [frame.name for frame in traceback.extract_tb(trace)]


def test_long_work_shows_progress_and_cancel_stops_it(qtbot: QtBot) -> None:
    def work(progress: ProgressReporter) -> None:
        progress.start(None)
        while True:
            progress.advance()

    task = start(owner(qtbot), work)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=TIMEOUT_MS)
    assert task.dialog is not None
    assert task.dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: task.dialog is not None and "rows" in task.dialog.labelText())
    with qtbot.waitSignal(task.cancelled, timeout=TIMEOUT_MS):
        qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    finish(qtbot, task)
    assert task.reporter.cancelled
    assert not task.running
