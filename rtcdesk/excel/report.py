"""Print-ready table workbooks, written in openpyxl's write-only mode.

A ``ReportSheet`` is a title block, one header row and rows that are produced
twice by a factory: a first pass measures column widths, the second writes.
Memory stays flat however many rows there are (write-only mode streams rows
to disk), which is why rows come from a factory and not from a list.

Every sheet: title rows above the table, the header repeated on every printed
page, frozen panes below the header, an autofilter, widths fitted to the
content (wide CJK characters count double) up to ~35 characters, wrapping
beyond, landscape, fit to the page width, "Page N of M" in the footer. It
prints on A4 in one named font (``FONT_NAME``, which Excel and LibreOffice
both have; CJK falls back to the system's), with lines drawn as cell borders
around the table rather than a printed grid. Dates are real date cells with a
date format; numbers are numbers; text that looks like a formula is stored as
text.

Writing counts rows on a ``ProgressReporter`` and stops when it is
cancelled; a cancelled or failed write leaves no file behind (neither the
target nor a temporary one) and an existing target untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from rtcdesk.errors import FileWriteError
from rtcdesk.excel.cells import cell_text, display_width, is_formula_like
from rtcdesk.progress import ProgressReporter

DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
#: Column widths in characters; text wider than ``WRAP_WIDTH`` wraps.
MIN_WIDTH, WRAP_WIDTH = 4, 35
#: Rows measured for column widths; past them the widths are good enough.
WIDTH_SAMPLE = 5000
#: One font for every cell, so that every spreadsheet app prints the same.
FONT_NAME = "Arial"
BODY_SIZE = 10
#: Points per printed line of body text (for the height of wrapped rows).
LINE_HEIGHT = 12.75

_BODY_FONT = Font(name=FONT_NAME, size=BODY_SIZE)
_HEADER_FONT = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_THIN = Side(style="thin", color="9AA5B1")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class ReportColumn:
    header: str
    #: Minimum width in characters (e.g. a signature column that must be wide).
    min_width: int = 0
    wrap: bool = False


@dataclass
class ReportSheet:
    name: str
    columns: Sequence[ReportColumn]
    rows: Callable[[], Iterable[Sequence[Any]]]
    title_lines: Sequence[str] = ()
    #: Row height in points for every data row (a sign-in sheet needs room).
    row_height: float | None = None
    landscape: bool = True
    extra_widths: dict[int, int] = field(default_factory=dict)
    #: How many rows ``rows`` yields, when known: progress then shows a fraction.
    row_count: int | None = None
    #: Of those, the blank rows at the end to fill in by hand (walk-ins).
    blank_rows: int = 0

    @property
    def record_count(self) -> int:
        """The rows that are records (people, meetings), blank ones aside."""
        return (self.row_count or 0) - self.blank_rows


def write_workbook(
    path: Path, sheets: Sequence[ReportSheet], progress: ProgressReporter | None = None
) -> Path:
    """Write ``sheets`` to ``path`` atomically: a failure or a cancel never
    leaves a half file under the target name, and an existing file is
    replaced only once the new one is complete. ``progress`` counts the rows
    written and can cancel."""
    path = Path(path)
    progress = progress or ProgressReporter()
    counts = [sheet.row_count for sheet in sheets]
    progress.start(None if None in counts else sum(c or 0 for c in counts))
    workbook = Workbook(write_only=True)
    use_body_font_as_default(workbook)
    try:
        for sheet in sheets:
            _write_sheet(workbook, sheet, progress)
        progress.check()
    except BaseException:
        _discard(workbook)
        raise
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".rtcdesk-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        _discard(workbook)
        raise _unwritable(path, exc) from exc
    try:
        workbook.save(partial)
        os.replace(partial, path)
    except BaseException as exc:
        Path(partial).unlink(missing_ok=True)
        _discard(workbook)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from exc
        raise
    return path


def use_body_font_as_default(workbook: Workbook) -> None:
    """Make the body font the workbook's default. Column widths are counted in
    characters of the default font: left at Calibri, a machine without it
    (LibreOffice substitutes a wider font) prints every column wider, and a
    table fitted to the page width shrinks to 6 pt. openpyxl has no public
    setting for it: the first font of the workbook and the Normal style are it."""
    workbook._fonts = IndexedList([_BODY_FONT])
    workbook._named_styles["Normal"].font = _BODY_FONT


def _unwritable(path: Path, exc: OSError) -> FileWriteError:
    return FileWriteError(
        f"{path} cannot be written ({exc.strerror or exc}). If it is open in Excel or "
        "another program, close it; otherwise choose another folder."
    )


def _discard(workbook: Workbook) -> None:
    """Remove the temporary files that openpyxl's write-only sheets stream
    their rows into; openpyxl itself removes them only when Python exits."""
    for ws in workbook.worksheets:
        writer = ws._writer
        if writer is None:
            continue
        with suppress(Exception):
            if ws._rows is not None:
                ws._rows.close()
            writer.close()
        with suppress(OSError, ValueError):
            writer.cleanup()


def _widths(sheet: ReportSheet, progress: ProgressReporter) -> list[int]:
    widths = [max(display_width(c.header), c.min_width) for c in sheet.columns]
    for count, row in enumerate(sheet.rows()):
        if count >= WIDTH_SAMPLE:
            break
        progress.check()
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(cell_text(value)))
    return [min(max(w + 2, MIN_WIDTH), WRAP_WIDTH + 2) for w in widths]


def _wrapped_lines(value: Any, width: int) -> int:
    """Printed lines ``value`` takes in a wrapped column ``width`` characters wide."""
    text = cell_text(value)
    if not text:
        return 1
    usable = max(width - 2, 1)
    return sum(max(1, -(-display_width(line) // usable)) for line in text.splitlines() or [""])


def _write_sheet(workbook: Workbook, sheet: ReportSheet, progress: ProgressReporter) -> None:
    ws: WriteOnlyWorksheet = workbook.create_sheet(title=sheet.name[:31])
    widths = _widths(sheet, progress)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    header_row = len(sheet.title_lines) + (2 if sheet.title_lines else 1)
    last_column = get_column_letter(len(sheet.columns))
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    # Narrow margins (inches): a wide table prints larger on the same page.
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, footer=0.3)
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.right.text = "&A"

    for number, line in enumerate(sheet.title_lines):
        cell = _cell(ws, line)
        if number == 0:
            cell.font = _TITLE_FONT
        ws.append([cell])
    if sheet.title_lines:
        ws.append([])
    header = []
    for column in sheet.columns:
        cell = _cell(ws, column.header)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _GRID
        cell.alignment = _WRAPPED
        header.append(cell)
    ws.append(header)

    count = 0
    # A column wraps when asked to or when its text is wider than the cap.
    wraps = [c.wrap or width > WRAP_WIDTH for c, width in zip(sheet.columns, widths, strict=True)]
    for row in sheet.rows():
        cells = []
        lines = 1
        for index, value in enumerate(row):
            cell = _cell(ws, value)
            cell.border = _GRID
            if wraps[index]:
                cell.alignment = _WRAPPED
                lines = max(lines, _wrapped_lines(value, widths[index]))
            else:
                cell.alignment = _TOP
            cells.append(cell)
        # Excel does not fit the height of wrapped rows when it opens a file.
        height = sheet.row_height or (LINE_HEIGHT * lines + 2 if lines > 1 else None)
        if height is not None:
            ws.row_dimensions[header_row + count + 1].height = height
        ws.append(cells)
        count += 1
        progress.advance()
    ws.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    ws.print_area = f"A1:{last_column}{header_row + max(count, 1)}"


def _cell(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell holding ``value`` as its real type; text that looks like a
    formula is stored as text, never as a formula."""
    if isinstance(value, str) and is_formula_like(value):
        cell = WriteOnlyCell(ws)
        cell.value = value
        cell.data_type = "s"
        cell.font = _BODY_FONT
        return cell
    cell = WriteOnlyCell(ws, value=value)
    cell.font = _BODY_FONT
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell
