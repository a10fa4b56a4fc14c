"""Progress and cancellation for long work (exports, imports).

It sits beside ``rtcdesk.errors`` at the top of the package because every
layer uses it: the workbook writer in ``excel/`` and the services count rows
with it, the GUI listens to it and cancels through it.

The work calls ``start(total)`` once and ``advance()`` per row; the reporter
tells a listener how far it got, at most every ``interval`` seconds so that a
100,000-row export does not flood a window with updates. Once someone calls
``cancel()`` (from any thread), the next ``check()`` or ``advance()`` raises
``CancelledError``; the work undoes what it started on the way out (a rolled
back transaction, a removed temporary file), so a cancelled task leaves
nothing behind.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from rtcdesk.errors import CancelledError

#: Seconds between two reports to the listener.
REPORT_INTERVAL = 0.1


class Progress(Protocol):
    """Told how far long work got: ``done`` of ``total`` (None: not known)."""

    def report(self, done: int, total: int | None) -> None: ...


class ProgressReporter:
    """Passed into long work: counts rows, reports them, and stops the work
    when cancelled. Without a listener it only counts (the default of every
    service that takes one)."""

    def __init__(self, listener: Progress | None = None, *, interval: float = REPORT_INTERVAL):
        self._listener = listener
        self._interval = interval
        self._cancelled = threading.Event()
        self._done = 0
        self._total: int | None = None
        self._reported_at = 0.0

    @property
    def done(self) -> int:
        return self._done

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next row; safe to call from any thread."""
        self._cancelled.set()

    def check(self) -> None:
        """Raise ``CancelledError`` if the work was cancelled."""
        if self._cancelled.is_set():
            raise CancelledError()

    def start(self, total: int | None) -> None:
        """Begin counting towards ``total`` rows (None when not known)."""
        self.check()
        self._done, self._total = 0, total
        self._report(force=True)

    def advance(self, rows: int = 1) -> None:
        """Count ``rows`` more as done; raises ``CancelledError`` if cancelled."""
        self.check()
        self._done += rows
        self._report(force=self._done == self._total)

    def _report(self, force: bool) -> None:
        if self._listener is None:
            return
        now = time.monotonic()
        if force or now - self._reported_at >= self._interval:
            self._reported_at = now
            self._listener.report(self._done, self._total)
