"""Lists in sentences: "a, b and c", the conjunction in the user's language.

Counts need no helper: Qt words them (``self.tr("%n draft(s) written", "", n)``
with the numerus forms of ``rtcdesk/resources/i18n``; see docs/TRANSLATIONS.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication


def listed(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return QCoreApplication.translate("Wording", "{items} and {last}").format(
        items=", ".join(parts[:-1]), last=parts[-1]
    )
