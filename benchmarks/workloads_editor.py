"""The meeting editor opened on the big meeting, its participants shown.

Timed from creating the editor window until the event loop has handled what
was queued and the participants table has painted its rows, offscreen in the
runner's own process. The editor opens on its details; the coordinator then
shows the participants tab, which reads them when first shown. The baseline
reads the same participant columns with one SQL query (through the same
driver) into the least a table model can be, shown in a bare QTableView of
the same size. It runs on PostgreSQL too.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from large_database import Generated
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import text
from workload import Measure, Workload
from workloads_gui import _RawModel, _settle

from rtcdesk.db.engine import Database

POSTGRESQL = True
SIZE = (1100, 700)

RAW_PARTICIPANTS = """
SELECT pa.id, pe.title, pe.given_name, pe.family_name, pe.name_order, pe.post_nominals,
       pe.position, po.name, pe.email, pe.phone, pe.gender, o.name, o.short_name, o.kind,
       d.head_person_id, pa.role, pa.attendance_mode, pa.status, pa.version, pa.notes,
       pa.arrival_date, pa.departure_date
FROM participations pa JOIN people pe ON pe.id = pa.person_id
LEFT JOIN organisations po ON po.id = pe.organisation_id
LEFT JOIN delegations d ON d.id = pa.delegation_id
LEFT JOIN organisations o ON o.id = d.organisation_id
WHERE pa.meeting_id = :meeting
"""


def workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    database = Database(made.path)
    meeting = made.big_meeting_id
    participants = made.sizes.participations // 4

    def ours() -> Measure:
        # Imported and the application made before the clock starts: the time
        # is the window's, not the first import of its modules.
        from rtcdesk.ui.app import create_application
        from rtcdesk.ui.meeting_editor.editor import MeetingEditor

        create_application()
        started = time.perf_counter()
        editor = MeetingEditor(database, meeting)
        editor.resize(*SIZE)
        editor.show()
        tab = editor.participants
        assert tab is not None
        editor.tabs.setCurrentWidget(tab)
        _settle(tab.participants_table)
        seconds = time.perf_counter() - started
        shown = tab.participants_model.rowCount()
        editor.discard()
        editor.deleteLater()
        QApplication.processEvents()
        if shown != participants:
            raise RuntimeError(f"the editor showed {shown} of {participants} participants")
        return Measure(seconds, None)

    def raw() -> Measure:
        QApplication.instance() or QApplication([])
        started = time.perf_counter()
        view = QTableView()
        view.resize(*SIZE)
        view.show()
        with database.engine.connect() as connection:
            rows = connection.execute(text(RAW_PARTICIPANTS), {"meeting": meeting}).all()
        view.setModel(_RawModel([tuple(row) for row in rows]))
        _settle(view)
        seconds = time.perf_counter() - started
        view.deleteLater()
        QApplication.processEvents()
        return Measure(seconds, None)

    return [
        Workload(f"meeting editor, {participants:,} participants, open", ours, raw, separate=True)
    ]
