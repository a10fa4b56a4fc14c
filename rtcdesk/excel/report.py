"""Print-ready table workbooks, written in openpyxl's write-only mode.

A ``ReportSheet`` is a title block, one header row and rows that a factory
produces once, as they are written: the first ``WIDTH_SAMPLE`` rows are held
to measure column widths (a sheet's widths come before its rows in the file),
then written, and the rest streamed behind them. Memory stays flat however
many rows there are (write-only mode streams rows to disk), which is why rows
come from a factory and not from a list. Every cell of a kind (body text,
wrapped text, a date) takes a copy of one styled cell's style: styling each
cell anew would look its font, border and alignment up again, cell by cell.

Every sheet: title rows above the table, the header repeated on every printed
page, frozen panes below the header, an autofilter, widths fitted to the
content (wide CJK characters count double) up to ~35 characters, wrapping
beyond, landscape, fit to the page width, with the page set-up of
``print_layout`` (A4 or Letter, one named font, "Page N of M", lines drawn
as cell borders rather than a printed grid). Dates are real date cells with a
date format; numbers are numbers; text that looks like a formula is stored as
text.

Writing counts rows on a ``ProgressReporter`` and stops when it is
cancelled; a cancelled or failed write leaves no file behind (neither the
target nor a temporary one) and an existing target untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rtcdesk.excel.cells import cell_text, display_width, set_value
from rtcdesk.excel.print_layout import (
    BODY_FONT,
    BOLD_FONT,
    DEFAULT_PAPER,
    GRID,
    HEADER_FILL,
    LINE_HEIGHT,
    NARROWEST_TEXT,
    TITLE_FONT,
    TOP,
    WRAPPED,
    fit_columns,
    save_atomically,
    set_table_page,
    use_body_font_as_default,
)
from rtcdesk.progress import ProgressReporter

DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
#: Column widths in characters; text wider than ``WRAP_WIDTH`` wraps.
MIN_WIDTH, WRAP_WIDTH = 4, 35
#: Rows measured for column widths; past them the widths are good enough.
WIDTH_SAMPLE = 5000


@dataclass(frozen=True)
class ReportColumn:
    header: str
    #: Minimum width in characters (e.g. a signature column that must be wide).
    min_width: int = 0
    wrap: bool = False
    #: Text wider than this (in characters) wraps; the header too.
    max_width: int = WRAP_WIDTH
    #: The column that names the row (a person, a meeting): when a table is
    #: too wide for one page, the columns up to it are repeated on every page.
    key: bool = False


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
    path: Path,
    sheets: Sequence[ReportSheet],
    progress: ProgressReporter | None = None,
    paper: str = DEFAULT_PAPER,
) -> Path:
    """Write ``sheets`` to ``path`` atomically, set up to print on ``paper``
    ("A4" or "Letter"): a failure or a cancel never leaves a half file under
    the target name, and an existing file is replaced only once the new one is
    complete. ``progress`` counts the rows written and can cancel."""
    path = Path(path)
    progress = progress or ProgressReporter()
    counts = [sheet.row_count for sheet in sheets]
    progress.start(None if None in counts else sum(c or 0 for c in counts))
    workbook = Workbook(write_only=True)
    use_body_font_as_default(workbook)
    try:
        for sheet in sheets:
            _write_sheet(workbook, sheet, progress, paper)
        progress.check()
    except BaseException:
        _discard(workbook)
        raise
    return save_atomically(workbook, path, lambda: _discard(workbook))


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


def column_widths(
    columns: Sequence[ReportColumn],
    rows: Iterable[Sequence[Any]],
    check: Callable[[], None] = lambda: None,
) -> list[int]:
    """Column widths in characters for ``rows``: the widest text (of the first
    ``WIDTH_SAMPLE`` rows) or header, each column capped at its ``max_width``.
    ``check`` is called per row (to cancel)."""
    widths = [max(min(display_width(c.header), c.max_width), c.min_width) for c in columns]
    for count, row in enumerate(rows):
        if count >= WIDTH_SAMPLE:
            break
        check()
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(cell_text(value)))
    return [
        min(max(w + 2, MIN_WIDTH), max(c.max_width, c.min_width) + 2)
        for w, c in zip(widths, columns, strict=True)
    ]


def wrapped_lines(value: Any, width: int) -> int:
    """Printed lines ``value`` takes in a wrapped column ``width`` characters wide."""
    text = cell_text(value)
    if not text:
        return 1
    usable = max(width - 2, 1)
    return sum(max(1, -(-display_width(line) // usable)) for line in text.splitlines() or [""])


def wrapping(columns: Sequence[ReportColumn], widths: Sequence[int]) -> list[bool]:
    """Which columns wrap: those asked to, and those whose text is wider than the cap."""
    return [c.wrap or w > c.max_width for c, w in zip(columns, widths, strict=True)]


@dataclass(frozen=True)
class TableLayout:
    """Column widths fitted to the paper, which columns wrap, and whether the
    table fits the page width (else it runs across pages)."""

    widths: list[int]
    wraps: list[bool]
    fits: bool
    key_column: str


def table_layout(
    columns: Sequence[ReportColumn],
    rows: Iterable[Sequence[Any]],
    paper: str,
    landscape: bool,
    check: Callable[[], None] = lambda: None,
) -> TableLayout:
    """Widths for ``rows`` (see ``column_widths``), narrowed where the table
    would otherwise print below 8.5 pt: the widest text columns wrap first,
    never below ``NARROWEST_TEXT`` or a column's ``min_width``."""
    measured = column_widths(columns, rows, check)
    floors = [
        max(c.min_width + 2, min(w, NARROWEST_TEXT)) for c, w in zip(columns, measured, strict=True)
    ]
    fitted, fits = fit_columns(measured, floors, paper, landscape)
    widths = [int(w) for w in fitted]
    wraps = [
        wrap or width < full
        for wrap, width, full in zip(wrapping(columns, measured), widths, measured, strict=True)
    ]
    key = next((n for n, c in enumerate(columns) if c.key), 0)
    return TableLayout(widths, wraps, fits, get_column_letter(key + 1))


def row_height(lines: int) -> float | None:
    """The height of a row of ``lines`` wrapped lines; None (the default) for one.
    Excel does not fit the height of wrapped rows when it opens a file."""
    return LINE_HEIGHT * lines + 2 if lines > 1 else None


def _write_sheet(
    workbook: Workbook, sheet: ReportSheet, progress: ProgressReporter, paper: str
) -> None:
    ws = _TableSheet(parent=workbook, title=sheet.name[:31])
    workbook._add_sheet(ws)
    rows = iter(sheet.rows())
    sample = list(islice(rows, WIDTH_SAMPLE))
    layout = table_layout(sheet.columns, sample, paper, sheet.landscape, progress.check)
    widths = layout.widths
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    header_row = len(sheet.title_lines) + (2 if sheet.title_lines else 1)
    last_column = get_column_letter(len(sheet.columns))
    ws.freeze_panes = f"A{header_row + 1}"
    first_printed = set_table_page(
        ws,
        paper=paper,
        landscape=sheet.landscape,
        header_row=header_row,
        fits=layout.fits,
        title=sheet.title_lines[0] if sheet.title_lines else sheet.name,
        key_column=layout.key_column,
    )

    for number, line in enumerate(sheet.title_lines):
        cell = _cell(ws, line)
        if number == 0:
            cell.font = TITLE_FONT
        ws.append([cell])
    if sheet.title_lines:
        ws.append([])
    header = []
    header_lines = max(
        wrapped_lines(c.header, w) for c, w in zip(sheet.columns, widths, strict=True)
    )
    if (height := row_height(header_lines)) is not None:
        ws.row_dimensions[header_row].height = height
    for column in sheet.columns:
        cell = _cell(ws, column.header)
        cell.font, cell.fill, cell.border = BOLD_FONT, HEADER_FILL, GRID
        cell.alignment = WRAPPED
        header.append(cell)
    ws.append(header)

    count = 0
    wraps = layout.wraps
    styles = _BodyStyles(ws)
    # One cell per column, filled anew for each row: a row is written out
    # before ``append`` returns (openpyxl's own sheet reuses its cells so).
    cells = [WriteOnlyCell(ws) for _ in sheet.columns]
    for row in chain(sample, rows):
        lines = 1
        for index, (value, cell) in enumerate(zip(row, cells, strict=True)):
            wrap = wraps[index]
            cell._style = styles.of(value, wrap)
            set_value(cell, value)
            if wrap:
                lines = max(lines, wrapped_lines(value, widths[index]))
        height = sheet.row_height or row_height(lines)
        if height is not None:
            ws.row_dimensions[header_row + count + 1].height = height
        ws.append(cells)
        count += 1
        progress.advance()
    ws.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    ws.print_area = f"A{first_printed}:{last_column}{header_row + max(count, 1)}"


class _TableSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of cells, each made here.
    openpyxl's own sheet first tries every appended cell as a plain value and
    catches the error that raises (formatting the cell's description each
    time): half the time of writing a table of styled cells."""

    def _values_to_row(self, values: Iterable[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, cell in enumerate(values, 1):
            cell.column, cell.row = col_idx, row_idx
            yield cell


def _cell(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell holding ``value`` as its real type; text that looks like a
    formula is stored as text, never as a formula; text longer than a cell
    holds is cut with a note that says so."""
    cell = WriteOnlyCell(ws)
    set_value(cell, value)
    cell.font = BODY_FONT
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


class _BodyStyles:
    """The style of a table cell, by the kind of value (text, date, date and
    time) and whether its column wraps: made once per kind as ``_cell`` and a
    grid line would make it, then shared by the cells of that kind
    (``set_value`` gives a cell its own copy before it changes it)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self._ws = ws
        self._made: dict[tuple[type, bool], Any] = {}

    def of(self, value: Any, wrap: bool) -> Any:
        kind = datetime if isinstance(value, datetime) else date if isinstance(value, date) else str
        style = self._made.get((kind, wrap))
        if style is None:
            cell = _cell(self._ws, value)
            cell.border = GRID
            cell.alignment = WRAPPED if wrap else TOP
            style = self._made[(kind, wrap)] = cell._style
        return style
