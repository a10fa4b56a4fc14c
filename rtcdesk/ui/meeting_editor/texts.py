"""Short forms of long texts for questions and status messages."""

from __future__ import annotations

SHORT = 60


def shortened(text: str, limit: int = SHORT) -> str:
    """The first line of ``text``, cut at a word before ``limit`` characters with "…"."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
