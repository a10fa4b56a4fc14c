"""Counts in the services' messages: "1 answer changes", "3 answers change".

The services are plain Python (no Qt), so they cannot use Qt's plural forms as
the GUI does (docs/TRANSLATIONS.md); their messages are English, worded here.
"""

from __future__ import annotations


def plural(number: int, one: str, many: str) -> str:
    """``number`` and the words that go with it: "1 draft written",
    "13 drafts written" from ``plural(n, "draft written", "drafts written")``."""
    return f"{number} {one if number == 1 else many}"
