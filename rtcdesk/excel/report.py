"""Print-ready table workbooks, written in openpyxl's write-only mode.

A ``ReportSheet`` is a title block, one header row and rows that are produced
twice by a factory: a first pass measures column widths, the second writes.
Memory stays flat however many rows there are (write-only mode streams rows
to disk), which is why rows come from a factory and not from a list.

Every sheet: title rows above the table, the header repeated on every printed
page, frozen panes below the header, an autofilter, widths fitted to the
content (wide CJK characters count double), landscape, fit to the page width,
"Page N of M" in the footer. Dates are real date cells with a date format;
numbers are numbers; text that looks like a formula is stored as text.

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
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from rtcdesk.errors import FileWriteError
from rtcdesk.excel.cells import cell_text, display_width, is_formula_like
from rtcdesk.progress import ProgressReporter

DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 4, 60
#: Rows measured for column widths; past them the widths are good enough.
WIDTH_SAMPLE = 5000

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_THIN = Side(style="thin", color="9AA5B1")
_HEADER_BORDER = Border(bottom=_THIN)
_TITLE_FONT = Font(bold=True, size=14)


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
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


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
    ws.print_options.gridLines = True
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
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
        header.append(cell)
    ws.append(header)

    count = 0
    wraps = [c.wrap for c in sheet.columns]
    for row in sheet.rows():
        cells = []
        for index, value in enumerate(row):
            cell = _cell(ws, value)
            if wraps[index]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        if sheet.row_height is not None:
            ws.row_dimensions[header_row + count + 1].height = sheet.row_height
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
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell
