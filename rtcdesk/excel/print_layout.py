"""How every workbook rtcdesk writes looks on paper: one font, the paper
size, the page set-up, and saving without ever leaving half a file.

One named font (``FONT_NAME``, which Excel and LibreOffice both have; CJK
falls back to the system's) on every cell and as the workbook's default, so
that every spreadsheet app measures columns and prints alike. No printed
grid: tables draw their lines as cell borders. Narrow margins, "Page N of M"
in the footer, the header rows (and, for tables wider than a page, the first
column) repeated on every page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from rtcdesk.errors import FileWriteError
from rtcdesk.leftovers import follow_umask, part_file

#: One font for every cell, so that every spreadsheet app prints the same.
FONT_NAME = "Arial"
BODY_SIZE = 10
#: Points per printed line of body text (for the height of wrapped rows).
LINE_HEIGHT = 12.75

#: The paper sizes a user can choose in the preferences, by their name there.
PAPER_SIZES = {"A4": Worksheet.PAPERSIZE_A4, "Letter": Worksheet.PAPERSIZE_LETTER}
DEFAULT_PAPER = "A4"

BODY_FONT = Font(name=FONT_NAME, size=BODY_SIZE)
BOLD_FONT = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=BODY_SIZE, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
THIN = Side(style="thin", color="9AA5B1")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

#: Printable width in characters of the body font at 100 %, by paper and
#: orientation, with ``PageMargins`` below: what decides whether a table is
#: fitted to the page width or runs across pages.
_PRINTABLE_INCHES = {("A4", False): 7.47, ("A4", True): 10.89,
                     ("Letter", False): 7.7, ("Letter", True): 10.2}  # fmt: skip
#: The smallest scale a table is fitted to the page width at (8.5 pt of 10,
#: a margin over the 8 pt that must be readable on paper).
MIN_FIT_SCALE = 0.85
#: Text columns are narrowed (and wrap) down to this width to fit the page.
NARROWEST_TEXT = 14
#: A column of width w (characters) is about 7 w + 5 pixels at 96 dpi in Arial 10.
_PIXELS_PER_CHARACTER = 7
_PIXELS_PER_INCH = 96


def paper_name(paper: str | None) -> str:
    """``paper`` if it is a size rtcdesk knows, else the default (A4)."""
    return paper if paper in PAPER_SIZES else DEFAULT_PAPER


def use_body_font_as_default(workbook: Workbook) -> None:
    """Make the body font the workbook's default. Column widths are counted in
    characters of the default font: left at Calibri, a machine without it
    (LibreOffice substitutes a wider font) prints every column wider, and a
    table fitted to the page width shrinks to 6 pt. openpyxl has no public
    setting for it: the first font of the workbook and the Normal style are it."""
    workbook._fonts = IndexedList([BODY_FONT])
    workbook._named_styles["Normal"].font = BODY_FONT


def printed_scale(widths: list[float], paper: str, landscape: bool) -> float:
    """The scale a table of these column widths prints at when fitted to the
    page width (1.0 when it fits as it is)."""
    pixels = sum(_PIXELS_PER_CHARACTER * w + 5 for w in widths)
    printable = _PRINTABLE_INCHES[(paper_name(paper), landscape)] * _PIXELS_PER_INCH
    return min(1.0, printable / pixels) if pixels else 1.0


def fit_columns(
    widths: Sequence[float], floors: Sequence[float], paper: str, landscape: bool
) -> tuple[list[float], bool]:
    """Narrow the widest columns, one character at a time and none below its
    floor, until the table prints at ``MIN_FIT_SCALE`` or more when fitted to
    the page width. Returns the widths and whether the table fits; a table
    that cannot fit runs across pages at full size instead (``set_table_page``)."""
    fitted = list(widths)
    while printed_scale(fitted, paper, landscape) < MIN_FIT_SCALE:
        narrowable = [i for i, w in enumerate(fitted) if w > floors[i]]
        if not narrowable:
            return list(widths), False
        widest = max(narrowable, key=fitted.__getitem__)
        fitted[widest] -= 1
    return fitted, True


def set_table_page(
    ws: Any,
    *,
    paper: str,
    landscape: bool,
    header_row: int,
    fits: bool,
    title: str,
    key_column: str = "A",
) -> int:
    """The page set-up of a table whose header is ``header_row``: fitted to
    the page width when it ``fits``; else running across pages at full size,
    the columns up to ``key_column`` (the one that names the row) repeated on
    each, and the ``title`` printed at the top of every page (title cells
    would print cut at the edge of the repeated columns on the pages to the
    right). Returns the first row to print (the print area's top)."""
    set_page(
        ws,
        paper=paper,
        landscape=landscape,
        title_rows=f"{header_row}:{header_row}",
        fit_width=fits,
        title_columns=None if fits else f"A:{key_column}",
        page_title="" if fits else title,
    )
    ws.page_setup.pageOrder = "overThenDown"
    return 1 if fits else header_row


def set_page(
    ws: Any,
    *,
    paper: str,
    landscape: bool,
    title_rows: str | None = None,
    fit_width: bool = True,
    title_columns: str | None = None,
    page_title: str = "",
) -> None:
    """Paper, orientation, margins, footer and repeated titles of ``ws``.

    ``fit_width`` fits the columns to one page width (as many pages down as
    needed); without it the table runs across pages at full size, and
    ``title_columns`` (e.g. "A:A") repeats the column that says whose row it is.
    ``page_title`` is printed in bold at the top of every page.
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES[paper_name(paper)]
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    # Narrow margins (inches): a wide table prints larger on the same page.
    top = 0.8 if page_title else 0.5  # room for the page title above the table
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=top, bottom=0.6, header=0.3, footer=0.3)
    if page_title:
        ws.oddHeader.left.text = "&B" + page_title.replace("&", "&&")
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.right.text = "&A"
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns


def save_atomically(
    workbook: Workbook, path: Path, discard: Callable[[], None] | None = None
) -> Path:
    """Save ``workbook`` to ``path`` through a hidden part file in the same
    folder (``leftovers.part_file``: removed at the next start if a kill
    interrupts): a failure never leaves a half file under the target name,
    and an existing file is replaced only once the new one is complete. The
    file gets the permissions the user's umask gives new files. ``discard``
    cleans up after a failure (write-only workbooks' temporary files)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with part_file(path) as partial:
            workbook.save(partial)
            follow_umask(partial)
            os.replace(partial, path)
    except BaseException as exc:
        if discard is not None:
            discard()
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from exc
        raise
    return path


def unwritable(path: Path, exc: OSError) -> FileWriteError:
    return FileWriteError(
        f"{path} cannot be written ({exc.strerror or exc}). If it is open in Excel or "
        "another program, close it; otherwise choose another folder."
    )
