"""Values read back from ``QSettings``, which hands them over untyped (a
number may come back as the text it was stored as)."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def stored_int(settings: QSettings, key: str, default: int) -> int:
    """The whole number stored under ``key``; ``default`` when there is none
    or what is there is not a number."""
    value = settings.value(key, default)
    if not isinstance(value, int | float | str):
        return default
    try:
        return int(value)
    except ValueError:
        return default
