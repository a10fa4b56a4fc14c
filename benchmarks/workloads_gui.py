"""Workloads on the window: start to an idle window, one People keystroke, a
People refresh, and the peak memory of a session visiting every workspace.

Start and session run in a child process (this file run as a script), on
the generated database, with user folders of their own, offscreen; the
child exits when the event loop first waits for events (idle) and prints
its peak RSS. Their baselines are a bare QMainWindow + QTableView child
doing the same. The keystroke and the refresh run in the runner's own
process on a People workspace built once; a keystroke is compared with one
frame (16 ms), a refresh with one SQL query shown by a minimal table model.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractEventDispatcher, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from workload import Measure, Workload

if TYPE_CHECKING:  # the child process of a baseline loads nothing of rtcdesk
    from large_database import Generated

#: One frame at 60 Hz: a keystroke answered within it feels immediate.
FRAME = Measure(0.016, None)
#: Typed into the People search, one key a step, then taken back.
KEYS = ["t", "a", "n", "Backspace", "Backspace", "Backspace"]
_ROOT = QModelIndex()


def workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    path = str(made.path)
    home = folder / "gui-home"
    window = _PeopleWindow(made.path)

    def child(mode: str) -> Callable[[], Measure]:
        return lambda: _run_child(mode, path, home)

    return [
        Workload("start to idle window", child("start"), child("start-raw"), separate=True),
        Workload("People search, one keystroke (median)", window.keystrokes, lambda: FRAME,
                 separate=True),
        Workload("People workspace refresh", window.refresh, window.refresh_raw, separate=True),
        Workload("whole session, every workspace", child("session"), child("session-raw"),
                 separate=True),
    ]  # fmt: skip


def _run_child(mode: str, path: str, home: Path) -> Measure:
    """Run this file as ``mode`` on ``path``: its wall time and the peak RSS it reports."""
    # Compiled modules kept (in the benchmark's folder), as an installed app has them.
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        environment[variable] = str(home / variable.lower())
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, mode, path],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed: {done.stderr.strip()}")
    return Measure(seconds, json.loads(done.stdout.splitlines()[-1])["peak_mb"])


# -- in the runner's process ----------------------------------------------------------


class _PeopleWindow:
    """A People workspace on the database, shown offscreen, built on first use."""

    def __init__(self, path: Path):
        self._path = path
        self._workspace: Any = None
        self._raw_view: QTableView | None = None

    def _shown(self) -> Any:
        if self._workspace is None:
            from rtcdesk.db.engine import Database
            from rtcdesk.ui.app import create_application
            from rtcdesk.ui.people_workspace import PeopleWorkspace

            create_application()
            self._workspace = PeopleWorkspace(Database(self._path))
            self._workspace.resize(1200, 700)
            self._workspace.show()
            self._workspace.refresh()
            _settle(self._workspace.table)
        return self._workspace

    def keystrokes(self) -> Measure:
        """The median of one key typed into the search until the table is painted,
        from fresh rows (what a refresh read is searched anew)."""
        from PySide6.QtTest import QTest

        workspace = self._shown()
        workspace.refresh()
        _settle(workspace.table)
        times = []
        for key in KEYS:
            started = time.perf_counter()
            if key == "Backspace":
                QTest.keyClick(workspace.search, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(workspace.search, key)
            _settle(workspace.table)
            times.append(time.perf_counter() - started)
        return Measure(statistics.median(times), None)

    def refresh(self) -> Measure:
        workspace = self._shown()
        started = time.perf_counter()
        workspace.refresh()
        _settle(workspace.table)
        return Measure(time.perf_counter() - started, None)

    def refresh_raw(self) -> Measure:
        if self._raw_view is None:
            QApplication.instance() or QApplication([])
            self._raw_view = QTableView()
            self._raw_view.resize(1200, 700)
            self._raw_view.show()
        started = time.perf_counter()
        self._raw_view.setModel(_RawModel(_raw_rows(str(self._path), RAW_PEOPLE)))
        _settle(self._raw_view)
        return Measure(time.perf_counter() - started, None)


def _settle(view: QTableView) -> None:
    """Let the event loop handle what is queued, then paint the table's rows."""
    QApplication.processEvents()
    view.viewport().repaint()


RAW_PEOPLE = """
SELECT p.id, p.title, p.given_name, p.family_name, p.position, o.name, p.email, p.phone,
       p.gender, coalesce(c.n, 0), p.search_text
FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
LEFT JOIN (SELECT person_id, count(*) AS n FROM participations GROUP BY person_id) c
  ON c.person_id = p.id
ORDER BY p.family_name, p.given_name
"""

RAW_LISTS = [
    RAW_PEOPLE,
    "SELECT m.id, m.title, m.start_date, m.end_date, m.city, m.country, o.name,"
    " (SELECT count(*) FROM participations p WHERE p.meeting_id = m.id)"
    " FROM meetings m LEFT JOIN organisations o ON o.id = m.host_organisation_id"
    " ORDER BY m.start_date DESC",
    "SELECT o.id, o.name, o.short_name, o.kind, o.economy, o.sub_region,"
    " (SELECT count(*) FROM people p WHERE p.organisation_id = o.id)"
    " FROM organisations o ORDER BY o.name",
    "SELECT s.id, s.title, m.title, s.status, s.closes_on,"
    " (SELECT count(*) FROM survey_recipients r WHERE r.survey_id = s.id)"
    " FROM surveys s LEFT JOIN meetings m ON m.id = s.meeting_id",
    "SELECT a.id, a.description, a.due_date, a.status, m.title"
    " FROM action_items a JOIN meetings m ON m.id = a.meeting_id",
]


def _raw_rows(path: str, query: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


class _RawModel(QAbstractTableModel):
    """The least a table model can be: rows held, text shown."""

    def __init__(self, rows: list[tuple[Any, ...]]):
        super().__init__()
        self._rows = rows

    def rowCount(self, parent: Any = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() or not self._rows else len(self._rows[0])

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._rows[index.row()][index.column()])
        return None


# -- in a child process -----------------------------------------------------------------


def _report_when_idle(then: Callable[[], None] | None = None) -> None:
    """When the event loop first waits for events: run ``then`` (if any), print
    the peak RSS and leave at once (no close, no backup on close)."""

    def idle() -> None:
        if then is not None:
            then()
        print(json.dumps({"peak_mb": round(_peak_rss_mb(), 1)}), flush=True)
        os._exit(0)

    QAbstractEventDispatcher.instance().aboutToBlock.connect(idle)


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Not ``getrusage``: on Linux its peak
    carries over from the process that forked this one (the runner)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _start(path: str, visit_every_workspace: bool) -> None:
    import rtcdesk.ui.app as app

    class Probe(app.MainWindow):  # type: ignore[misc, name-defined]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            _report_when_idle(self._visit if visit_every_workspace else None)

        def _visit(self) -> None:
            for number in range(self.navigation.count()):
                self.navigation.setCurrentRow(number)
                _settle_window(self)

    app.MainWindow = Probe  # type: ignore[attr-defined, misc]
    app.run_gui(path)


def _settle_window(window: QMainWindow) -> None:
    QApplication.processEvents()
    window.repaint()


def _start_raw(path: str, queries: list[str]) -> None:
    application = QApplication([])
    window = QMainWindow()
    view = QTableView()
    window.setCentralWidget(view)
    window.resize(1200, 700)
    view.setModel(_RawModel(_raw_rows(path, queries[0])))
    window.show()

    def others() -> None:
        for query in queries[1:]:
            view.setModel(_RawModel(_raw_rows(path, query)))
            _settle_window(window)

    _report_when_idle(others if len(queries) > 1 else None)
    application.exec()


if __name__ == "__main__":
    mode, database_path = sys.argv[1:3]
    if mode == "start":
        _start(database_path, visit_every_workspace=False)
    elif mode == "session":
        _start(database_path, visit_every_workspace=True)
    elif mode == "start-raw":
        _start_raw(database_path, RAW_LISTS[1:2])
    elif mode == "session-raw":
        _start_raw(database_path, RAW_LISTS[1:] + RAW_LISTS[:1])
    else:
        raise SystemExit(f"unknown mode {mode}")
