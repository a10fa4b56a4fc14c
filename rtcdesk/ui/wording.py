"""Counts and lists in sentences: "1 participation", "3 participations",
"a, b and c". Both forms are passed through ``tr`` by the caller, so each
language words them its own way."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication


def counted(number: int, one: str, many: str) -> str:
    """``one`` or ``many`` (each holding "{n}") for ``number``."""
    return (one if number == 1 else many).format(n=number)


def listed(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return QCoreApplication.translate("Wording", "{items} and {last}").format(
        items=", ".join(parts[:-1]), last=parts[-1]
    )
