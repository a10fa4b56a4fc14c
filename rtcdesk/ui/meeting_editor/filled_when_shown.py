"""Tabs that read their rows when they are first shown, not when they are built.

A meeting editor opens on its details; reading the agenda, the participants
(tens of thousands at a regional course), the outcomes and the action items
before anyone looks at them only delays the window. Each list tab reads when
it is shown, and when it is asked to read again while hidden, it reads the
next time it is shown.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class FilledWhenShown(QWidget):
    """A widget whose ``refresh()`` reads its rows from the database."""

    _stale = True

    def refresh(self) -> None:
        raise NotImplementedError

    def read_again(self) -> None:
        """Read now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def fill(self) -> None:
        """Read now unless already read since the last ``read_again``."""
        if self._stale:
            self.refresh()

    def mark_read(self) -> None:
        """``refresh`` calls this once it has read the rows."""
        self._stale = False

    def showEvent(self, event: QShowEvent) -> None:
        self.fill()
        super().showEvent(event)
