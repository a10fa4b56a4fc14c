"""The Qt user interface: windows, dialogs and table models. Talks to services only."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon


def load_icon(name: str) -> QIcon:
    """An SVG icon from ``rtcdesk/resources/icons``, found through
    ``importlib.resources`` so that it loads from an installed wheel too."""
    return QIcon(str(files("rtcdesk") / "resources" / "icons" / name))
