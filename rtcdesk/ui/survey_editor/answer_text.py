"""An answer as a coordinator reads it: Yes/No, choices joined, dates in the
user's locale, numbers as they are."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from rtcdesk.ui.tables import format_date


def answer_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return QCoreApplication.translate("AnswerText", "Yes" if value else "No")
    if isinstance(value, list):
        return "; ".join(answer_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)
