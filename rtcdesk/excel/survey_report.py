"""The survey results workbook: Responses, Summary (with native Excel bar
charts) and Tracker sheets. Plain rows in, a file out."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from rtcdesk.errors import FileWriteError
from rtcdesk.excel.cells import cell_text, display_width, is_formula_like

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


@dataclass(frozen=True)
class ChartTable:
    """One question's summary: a title, option rows (option, count, share) and
    extra lines (mean, median, text answers)."""

    title: str
    options: Sequence[tuple[str, int, float]]
    lines: Sequence[tuple[str, Any]] = ()


@dataclass(frozen=True)
class SurveyReport:
    title_lines: Sequence[str]
    response_headers: Sequence[str]
    responses: Sequence[Sequence[Any]]
    summary: Sequence[ChartTable]
    tracker_headers: Sequence[str]
    tracker: Sequence[Sequence[Any]]


def write_survey_report(path: Path, report: SurveyReport) -> Path:
    wb = Workbook()
    responses = wb.active
    responses.title = "Responses"
    _table(responses, report.title_lines, report.response_headers, report.responses)
    summary = wb.create_sheet("Summary")
    _summary(summary, report)
    tracker = wb.create_sheet("Tracker")
    _table(tracker, report.title_lines, report.tracker_headers, report.tracker)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".rtcdesk-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        wb.save(partial)
        os.replace(partial, path)
    except BaseException as exc:
        Path(partial).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from exc
        raise
    return path


def _unwritable(path: Path, exc: OSError) -> FileWriteError:
    return FileWriteError(
        f"{path} cannot be written ({exc.strerror or exc}). If it is open in Excel or "
        "another program, close it; otherwise choose another folder."
    )


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = "d mmm yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "d mmm yyyy"
    return cell


def _table(
    ws: Any, title: Sequence[str], headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    for number, line in enumerate(title, start=1):
        _put(ws, number, 1, line).font = _BOLD if number == 1 else Font()
    header_row = len(title) + 2
    widths = [display_width(h) for h in headers]
    for column, header in enumerate(headers, start=1):
        cell = _put(ws, header_row, column, header)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            _put(ws, header_row + offset, column, value)
            widths[column - 1] = max(widths[column - 1], display_width(cell_text(value)))
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 6), 60)
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    if rows:
        ws.auto_filter.ref = (
            f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
        )


def _summary(ws: Any, report: SurveyReport) -> None:
    for number, line in enumerate(report.title_lines, start=1):
        _put(ws, number, 1, line).font = _BOLD if number == 1 else Font()
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 10
    row = len(report.title_lines) + 2
    for table in report.summary:
        _put(ws, row, 1, table.title).font = _BOLD
        row += 1
        if table.options:
            for column, text in enumerate(("Answer", "Count", "Share"), start=1):
                cell = _put(ws, row, column, text)
                cell.font, cell.fill = _BOLD, _HEADER_FILL
            first = row + 1
            for option, count, share in table.options:
                row += 1
                _put(ws, row, 1, option)
                _put(ws, row, 2, count)
                _put(ws, row, 3, share).number_format = "0%"
            chart = BarChart()
            chart.type = "bar"
            chart.title = table.title[:80]
            chart.legend = None
            chart.height = max(4, 1.2 + 0.8 * len(table.options))
            chart.width = 14
            chart.add_data(
                Reference(ws, min_col=2, min_row=first - 1, max_row=row), titles_from_data=True
            )
            chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=row))
            ws.add_chart(chart, f"E{first - 1}")
            row = max(row, first - 1 + int(chart.height * 2))
        for label, value in table.lines:
            row += 1
            _put(ws, row, 1, label)
            cell = _put(ws, row, 2, value)
            if isinstance(value, float):
                cell.number_format = "0.0"
        row += 2
