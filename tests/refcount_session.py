"""A coordinator's morning in a fresh interpreter, for
``test_refcount_singletons``: every workspace, a People search typed key by
key, the 21st meeting's editor and its tabs, the windows closed and deleted.
Prints the references to None, True and False lost over the second of two
such sessions as JSON.

The first session fills what stays cached (imports, compiled statements,
translations); after the second one everything it made is gone again, so
sound bindings end where they started (give or take a few dozen) while the
broken 6.12.0 ends thousands of references short. It runs apart from the
test suite so that objects of earlier tests freed meanwhile do not move the
counts (``python tests/refcount_session.py FOLDER``).
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from rtcdesk.services.demo import load_demo
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.startup import open_database
from rtcdesk.tools.refcount_probe import SINGLETONS, references
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.editor import MeetingEditor


def session(app: QApplication, database_path: str) -> None:
    database = open_database(database_path).database
    with database.write() as s:
        load_demo(s)
    window = MainWindow(database)
    window.show()
    for _round in range(3):
        for number in range(1, len(window.workspaces) + 1):
            QTest.keyClick(
                window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
            )
            app.processEvents()
        window.navigation.setCurrentRow(1)
        for word in ("aoyama", "kang", "tan", "outram"):
            window.people.search.selectAll()
            QTest.keyClicks(window.people.search, word)
            QTest.qWait(250)
    with database.read() as s:
        found = find_meeting(s, "RTC Heads Meeting", 21)
        assert found is not None
    editor = MeetingEditor(database, found.id)
    editor.show()
    for _round in range(3):
        for tab in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(tab)
            app.processEvents()
    editor.close()
    window.close()
    for widget in (editor, window):
        widget.deleteLater()
    QTest.qWait(50)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    database.dispose()


def main() -> None:
    app = QApplication([])
    folder = Path(sys.argv[1])
    path = str(folder / "session.sqlite")
    session(app, path)
    gc.collect()
    before = references()
    session(app, path)
    gc.collect()
    after = references()
    print(json.dumps({name: before[name] - after[name] for name in SINGLETONS}))


if __name__ == "__main__":
    main()
