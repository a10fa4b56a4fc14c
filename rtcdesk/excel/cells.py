"""What goes into a cell: text that can never become a formula, and how wide
a text is on screen.

Text is stored as typed (a given name "-", a phone "+81 3 …"); the guard
against formulas is here, on output: every workbook rtcdesk writes puts its
values through ``set_value``."""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import date, datetime
from typing import Any

#: A text cell starting with one of these could be read by a spreadsheet as a
#: formula (CSV/formula injection); openpyxl itself writes "=..." as a live formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


#: The most characters a cell holds; Excel refuses or cuts longer text.
CELL_LIMIT = 32_767


def fit_in_cell(text: str) -> str:
    """``text``, or as much of it as a cell holds with a note that says so."""
    if len(text) <= CELL_LIMIT:
        return text
    note = f" … [cut: {len(text):,} characters in all; the whole text is in rtcdesk]"
    return text[: CELL_LIMIT - len(note)] + note


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def set_value(cell: Any, value: Any) -> None:
    """Put ``value`` in ``cell`` as its real type. Text is cut to what a cell
    holds (``fit_in_cell``); text a spreadsheet would take for a formula ("=",
    "-", "+81 3 …") is stored as text with Excel's quote prefix, so that it
    shows as typed and stays text when someone edits the cell in Excel."""
    if isinstance(value, str):
        value = fit_in_cell(value)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        # A style may be shared by many cells (``report``): this one gets its own.
        cell._style = copy(cell._style)
        cell.quotePrefix = True


def display_width(text: str) -> int:
    """Columns of screen a text takes: CJK and other wide characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def cell_text(value: Any) -> str:
    """The text a value shows as, for width estimates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(value)
