"""Helpers of the window-level GUI tests: the type of the ``shown`` fixture
(tests/conftest.py) and the 21st meeting's id in the demo data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from rtcdesk.db.engine import Database
from rtcdesk.services.meetings import find_meeting

Show = Callable[[QWidget], QWidget]


def meeting_21_id(database: Database) -> int:
    with database.read() as session:
        found = find_meeting(session, "RTC Heads Meeting", 21)
        assert found is not None
        return found.id
