"""Measure whether the installed PySide6 drops references to None, True and False.

PySide6-Essentials 6.12.0 on CPython 3.11 removes one reference to None on
every call of a C++ method that returns nothing (``setText``, ``stop``, ...)
and one reference to True on every signal emit. Python 3.11 counts those
references (3.12 made the singletons immortal), so a long session ends with
"Fatal Python error: none_dealloc" or "bool_dealloc". ``pyproject.toml``
keeps pip away from the broken release; run this probe under every newer
PySide6 before allowing it (docs/DEPENDENCIES.md):

    python -m rtcdesk.tools.refcount_probe

It prints the references gained per call (0.00 is sound; -1.00 is the bug)
and exits 1 when any of them falls. The test suite runs the same
measurements (``tests/test_refcount_singletons.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

SINGLETONS: dict[str, object] = {"None": None, "True": True, "False": False}


@dataclass(frozen=True)
class Probe:
    """References to each singleton gained per call of one kind of call."""

    what: str
    per_call: dict[str, float]

    @property
    def sound(self) -> bool:
        # The bug loses one reference per call (-1.00). A rising count is at
        # worst a leak of an object that is never freed anyway, and objects
        # freed by other code during the calls move it by a few hundredths.
        return all(change > -0.5 for change in self.per_call.values())


def references() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}


def measure(what: str, call: Callable[[], object], calls: int = 500) -> Probe:
    """Run ``call`` ``calls`` times and report the change of each singleton's
    reference count per call. Stops early (reporting what it saw) before a
    count could reach zero and abort the process."""
    before = references()
    done = 0
    for done in range(1, calls + 1):  # noqa: B007 - done is read after the loop
        call()
        if min(sys.getrefcount(obj) for obj in SINGLETONS.values()) < 1_000:
            break
    after = references()
    return Probe(what, {name: (after[name] - before[name]) / done for name in SINGLETONS})


def probe_pyside() -> list[Probe]:
    """The calls that leaked under 6.12.0: void calls on widgets and timers,
    signal emits with a bool, and a Python slot run by an emit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

    app = QApplication.instance() or QApplication([])

    class Emitter(QObject):
        flag = Signal(bool)
        nothing = Signal()

    emitter = Emitter()
    received = [0]

    def count(_value: bool) -> None:
        received[0] += 1

    emitter.flag.connect(count)
    emitter.nothing.connect(lambda: None)
    label = QLabel()
    line = QLineEdit()
    timer = QTimer()
    probes = [
        measure("QLabel.setText", lambda: label.setText("x")),
        measure("QLineEdit.setText (emits textChanged)", lambda: line.setText("y")),
        measure("QTimer.setInterval", lambda: timer.setInterval(5)),
        measure("QTimer.stop", timer.stop),
        measure("emit(True) to a Python slot", lambda: emitter.flag.emit(True)),
        measure("emit(False) to a Python slot", lambda: emitter.flag.emit(False)),
        measure("emit() to a Python slot", emitter.nothing.emit),
        measure("QApplication.processEvents", app.processEvents),
    ]
    return probes


def main() -> int:
    import PySide6

    probes = probe_pyside()
    print(f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}")
    print("references gained per call (None / True / False):")
    for probe in probes:
        values = " / ".join(f"{probe.per_call[name]:+.2f}" for name in SINGLETONS)
        print(f"  {probe.what:<42} {values}{'' if probe.sound else '   FALLS'}")
    sound = all(probe.sound for probe in probes)
    print("sound" if sound else "BROKEN: this PySide6 must not be allowed on this Python")
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
