"""The installed PySide6 keeps Python's reference counts of None, True and False.

PySide6 6.12.0 on Python 3.11 dropped one reference to None per void call and
one to True per signal emit, so the app aborted in everyday use ("Fatal Python
error: none_dealloc" on Ctrl+Q after a long session, "bool_dealloc" after a
few People keystrokes on 50,000 people). ``pyproject.toml`` keeps that release
away from Python < 3.12; these tests catch the next such release. They run
without any guard that adds references back: a falling count fails them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from rtcdesk.tools.refcount_probe import SINGLETONS, measure, probe_pyside

#: Objects created and freed by Python code during a session move the counts
#: by a few dozen either way; the broken bindings lost thousands.
SESSION_TOLERANCE = 200


def test_void_calls_and_signal_emits_keep_the_singletons(qapp: QApplication) -> None:
    probes = probe_pyside()
    falling = {p.what: p.per_call for p in probes if not p.sound}
    assert not falling, f"PySide6 drops references per call: {falling}"


def test_qttest_key_presses_keep_the_singletons(qtbot: QtBot) -> None:
    line = QLineEdit()
    qtbot.addWidget(line)
    line.textChanged.connect(lambda _text: None)

    def press() -> None:
        qtbot.keyClick(line, Qt.Key.Key_A)
        qtbot.keyClick(line, Qt.Key.Key_Backspace)

    probe = measure("QTest.keyClick", press, calls=300)
    assert probe.sound, probe.per_call


def test_a_long_gui_session_keeps_the_singletons(tmp_path: Path) -> None:
    """Every workspace, a search typed key by key, the 21st meeting's editor and
    its tabs, then the window closed, as a coordinator's morning would go; in a
    fresh interpreter (``refcount_session.py``), so that objects of earlier
    tests freed meanwhile do not move the counts."""
    script = Path(__file__).with_name("refcount_session.py")
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(lost) == set(SINGLETONS)
    assert all(count < SESSION_TOLERANCE for count in lost.values()), (
        f"references lost over the session: {lost}"
    )


def test_many_emits_from_python_keep_true(qapp: QApplication) -> None:
    """The People search emitted ~3,000 row-range signals per keystroke at
    50,000 people; so many emits must not move True's count."""
    seen = [0]

    def count(_checked: bool) -> None:
        seen[0] += 1

    box = QCheckBox()
    box.toggled.connect(count)
    probe = measure("QCheckBox.toggle", box.toggle, calls=2_000)
    assert seen[0] == 2_000
    assert probe.sound, probe.per_call
