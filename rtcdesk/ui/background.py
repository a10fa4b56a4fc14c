"""Long work off the GUI thread, with a progress dialog and Cancel.

``BackgroundTask(parent, work, ...).start()`` runs ``work(progress)`` on a
thread of the global ``QThreadPool``. The work opens its own database session
inside the function (``with database.write() as session:``), because a
session belongs to one thread, and counts its rows on ``progress``.

Meanwhile the coordinator sees a progress dialog, modal to the window, whose
Cancel button cancels through the reporter: the work stops at its next row
and undoes what it started. The outcome comes back on the GUI thread through
queued signals: ``succeeded`` carries the work's return value; a cancel
emits ``cancelled``; a ``RtcdeskError`` is shown in plain words
(``show_refusal``) and emitted as ``refused``; anything else is a bug and is
raised again on the GUI thread, so that the crash handler reports it with
its traceback. ``finished`` follows every outcome. Widgets are touched only
from the GUI thread.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from rtcdesk.errors import CancelledError, RtcdeskError
from rtcdesk.progress import ProgressReporter
from rtcdesk.ui.prompts import show_refusal

#: The progress dialog appears only for work that takes longer than this.
SHOW_AFTER_MS = 400

Work = Callable[[ProgressReporter], Any]


class _Signals(QObject):
    """Emitted on the worker thread, received (queued) on the GUI thread."""

    progressed = Signal(int, object)
    succeeded = Signal(object)
    failed = Signal(object)


class _Listener:
    """The reporter's listener: forwards progress to the GUI thread."""

    def __init__(self, signals: _Signals):
        self._signals = signals

    def report(self, done: int, total: int | None) -> None:
        self._signals.progressed.emit(done, total)


class _Runner(QRunnable):
    def __init__(self, work: Work, reporter: ProgressReporter, signals: _Signals):
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._reporter = reporter
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._reporter)
        except BaseException as exc:  # handed to the GUI thread, which decides
            self._signals.failed.emit(exc)
            return
        self._signals.succeeded.emit(result)


class _CollectorPause:
    """Python's cyclic garbage collector runs in whichever thread happens to
    allocate; run in a worker, it may finalise Qt objects that belong to the
    GUI thread, which crashes the process. While any task runs, automatic
    collection is off (reference counting still frees almost everything);
    the GUI thread turns it back on, and collects, when the last task ends."""

    running = 0

    @classmethod
    def enter(cls) -> None:
        if cls.running == 0:
            gc.collect()
            gc.disable()
        cls.running += 1

    @classmethod
    def leave(cls) -> None:
        cls.running -= 1
        if cls.running == 0:
            gc.enable()
            gc.collect()


class BackgroundTask(QObject):
    """One run of ``work`` off the GUI thread; see the module docstring."""

    #: (done, total or None), on the GUI thread.
    progressed = Signal(int, object)
    #: The work's return value.
    succeeded = Signal(object)
    #: The RtcdeskError the work raised, after the coordinator saw it.
    refused = Signal(object)
    cancelled = Signal()
    #: After any outcome.
    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        work: Work,
        *,
        title: str,
        label: str,
        refusal_title: str = "",
    ):
        super().__init__(parent)
        self._parent = parent
        self._work = work
        self._title = title
        self._label = label
        self._refusal_title = refusal_title
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._show_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self.reporter = ProgressReporter(_Listener(self._signals))
        self.dialog: QProgressDialog | None = None
        self._runner: _Runner | None = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    def start(self) -> None:
        """Show the progress dialog (after ``SHOW_AFTER_MS``) and start the work."""
        if self.running:
            return
        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(self._title)
        dialog.setLabelText(self._label)
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setAccessibleName(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)
        dialog.setMinimumWidth(420)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._runner = _Runner(self._work, self.reporter, self._signals)
        _CollectorPause.enter()
        QThreadPool.globalInstance().start(self._runner)

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; ``cancelled`` follows once it has undone its part."""
        if self.running:
            self.reporter.cancel()

    @Slot(int, object)
    def _show_progress(self, done: int, total: int | None) -> None:
        if self.dialog is None or self.reporter.cancelled:
            return
        if total is None:
            count = self.tr("%Ln row(s)", "", done)
        else:
            count = self.tr("{done} of %Ln row(s)", "", total).format(done=QLocale().toString(done))
            self.dialog.setRange(0, max(total, 1))
        self.dialog.setLabelText(f"{self._label}\n{count}")
        self.progressed.emit(done, total)
        if total is not None:
            # A modal progress dialog processes events here; it may end the task.
            self.dialog.setValue(min(done, max(total, 1)))

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._end()
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._end()
        try:
            if isinstance(error, CancelledError):
                self.cancelled.emit()
            elif isinstance(error, RtcdeskError):
                show_refusal(self._parent, error, self._refusal_title)
                self.refused.emit(error)
            else:
                raise error
        finally:
            self.finished.emit()

    def _end(self) -> None:
        self._runner = None
        _CollectorPause.leave()
        if self.dialog is not None:
            # reset() also stops the timer that would show the dialog later.
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
