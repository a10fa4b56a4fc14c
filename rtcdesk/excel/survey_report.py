"""The survey results workbook, written to be read on paper as well as on
screen. Plain rows in, a file out.

- **Summary** (portrait, one page): the response rate, the rate by
  sub-region, and one line per question: how many answered and what they
  said in a few words.
- **Answers** (portrait): per question, its counts and shares beside a bar
  chart (short title, whole-number axis, every category labelled, the count
  on each bar), its mean and median, the written answers with who wrote them.
- **Responses** (landscape): one row per respondent, one column per question;
  fitted to the page width while it prints at 8 pt or more, else running
  across pages with the respondent's name repeated.
- **Tracker** (landscape, fitted to the width): every recipient and where
  they stand.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from math import ceil
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.drawing.text import Font as DrawingFont
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from rtcdesk.excel.cells import set_value
from rtcdesk.excel.print_layout import (
    BODY_FONT,
    BOLD_FONT,
    DEFAULT_PAPER,
    FONT_NAME,
    GRID,
    HEADER_FILL,
    LINE_HEIGHT,
    TITLE_FONT,
    TOP,
    WRAPPED,
    save_atomically,
    set_page,
    set_table_page,
    use_body_font_as_default,
)
from rtcdesk.excel.report import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    ReportColumn,
    row_height,
    table_layout,
    wrapped_lines,
)

#: Characters of a chart title (the question, shortened), per line and in all.
CHART_TITLE_WIDTH, CHART_TITLE_LENGTH = 40, 80
#: Answers sheet columns: answer or respondent, count, share, gap, chart.
_ANSWER_WIDTHS = (34, 8, 8, 2, 44)
_CHART_WIDTH_CM = 9.5
_ROW_CM = LINE_HEIGHT / 72 * 2.54


@dataclass(frozen=True)
class ChartTable:
    """One question's results on the Answers sheet: its number and text,
    option rows (option, count, share) for a chart, extra lines (label, value:
    answered, total, mean, median) and written answers (respondent, text)."""

    number: int
    text: str
    options: Sequence[tuple[str, int, float]] = ()
    lines: Sequence[tuple[str, Any]] = ()
    texts: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class SurveyReport:
    title_lines: Sequence[str]
    #: The response rate, as (label, value) lines: recipients, responded...
    rates: Sequence[tuple[str, Any]]
    #: Per question: number, text, answered, the result in a few words.
    questions: Sequence[tuple[int, str, int, str]]
    #: Per sub-region: name, recipients, responded, rate.
    groups: Sequence[tuple[str, int, int, float]]
    answers: Sequence[ChartTable]
    response_columns: Sequence[ReportColumn]
    responses: Sequence[Sequence[Any]]
    tracker_columns: Sequence[ReportColumn]
    tracker: Sequence[Sequence[Any]]


def write_survey_report(path: Path, report: SurveyReport, paper: str = DEFAULT_PAPER) -> Path:
    """Write the results workbook to ``path`` atomically, to print on ``paper``."""
    wb = Workbook()
    use_body_font_as_default(wb)
    summary = wb.active
    summary.title = "Summary"
    _summary(summary, report, paper)
    _answers(wb.create_sheet("Answers"), report, paper)
    _table(wb.create_sheet("Responses"), report, report.response_columns, report.responses, paper)
    _table(wb.create_sheet("Tracker"), report, report.tracker_columns, report.tracker, paper)
    return save_atomically(wb, path)


def short_title(number: int, text: str) -> str:
    """A chart title: the question's number and its text, shortened at a word
    and wrapped, so that it fits above the chart."""
    short = textwrap.shorten(f"{number}. {text}", CHART_TITLE_LENGTH, placeholder="…")
    return "\n".join(textwrap.wrap(short, CHART_TITLE_WIDTH))


def count_axis_step(largest: int) -> int:
    """A whole-number step for a count axis up to ``largest``: 1, 2, 5, 10, 20..."""
    for step in (1, 2, 5):
        if largest <= 8 * step:
            return step
    magnitude = 10
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if largest <= 8 * step:
                return step
        magnitude *= 10


def _put(ws: Any, row: int, column: int, value: Any, font: Any = BODY_FONT) -> Any:
    cell = ws.cell(row, column)
    set_value(cell, value)
    cell.font = font
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _title(ws: Any, lines: Sequence[str]) -> int:
    """The title lines at the top; returns the next free row (after a gap)."""
    for number, line in enumerate(lines, start=1):
        _put(ws, number, 1, line, TITLE_FONT if number == 1 else BODY_FONT)
    if lines:
        ws.row_dimensions[1].height = 20
    return len(lines) + 2


def _header(ws: Any, row: int, texts: Sequence[str], widths: Sequence[int]) -> None:
    for column, text in enumerate(texts, start=1):
        cell = _put(ws, row, column, text, BOLD_FONT)
        cell.fill, cell.border, cell.alignment = HEADER_FILL, GRID, WRAPPED
    lines = max(wrapped_lines(t, w) for t, w in zip(texts, widths, strict=False))
    if (height := row_height(lines)) is not None:
        ws.row_dimensions[row].height = height


def _grid_row(
    ws: Any, row: int, values: Sequence[Any], widths: Sequence[int], wraps: Sequence[bool]
) -> None:
    """One table row: bordered cells, wrapped where the column wraps, as tall
    as its longest wrapped text."""
    lines = 1
    for column, value in enumerate(values, start=1):
        cell = _put(ws, row, column, value)
        cell.border = GRID
        if wraps[column - 1]:
            cell.alignment = WRAPPED
            lines = max(lines, wrapped_lines(value, widths[column - 1]))
        else:
            cell.alignment = TOP
    if (height := row_height(lines)) is not None:
        ws.row_dimensions[row].height = height


def _set_widths(ws: Any, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


# -- Summary ----------------------------------------------------------------------


_SUMMARY_COLUMNS = (
    ReportColumn("No.", max_width=4),
    ReportColumn("Question", wrap=True, max_width=46),
    ReportColumn("Answered", max_width=9),
    ReportColumn("What they said", wrap=True, max_width=34),
)
_SUMMARY_WIDTHS = (6, 48, 11, 36)
_LEFT = Alignment(horizontal="left", vertical="top")


def _summary(ws: Any, report: SurveyReport, paper: str) -> None:
    _set_widths(ws, _SUMMARY_WIDTHS)
    row = _title(ws, report.title_lines)
    for label, value in report.rates:
        _put(ws, row, 2, label, BOLD_FONT)
        _put(ws, row, 3, value).alignment = _LEFT
        row += 1
    if report.groups:
        row += 1
        _put(ws, row, 2, "Response rate by sub-region", BOLD_FONT)
        row += 1
        for label, recipients, responded, rate in report.groups:
            _put(ws, row, 2, label)
            _put(ws, row, 3, f"{responded} of {recipients} ({rate:.0%})").alignment = _LEFT
            row += 1
    row += 1
    header_row = row
    _header(ws, row, [c.header for c in _SUMMARY_COLUMNS], _SUMMARY_WIDTHS)
    wraps = [c.wrap for c in _SUMMARY_COLUMNS]
    for values in report.questions:
        row += 1
        _grid_row(ws, row, values, _SUMMARY_WIDTHS, wraps)
    set_page(ws, paper=paper, landscape=False, title_rows=f"{header_row}:{header_row}")


# -- Answers ----------------------------------------------------------------------


def _answers(ws: Any, report: SurveyReport, paper: str) -> None:
    _set_widths(ws, _ANSWER_WIDTHS)
    row = _title(ws, report.title_lines)
    wraps = (True, False, False, False, True)
    for table in report.answers:
        heading = _put(ws, row, 1, f"{table.number}. {table.text}", BOLD_FONT)
        heading.alignment = WRAPPED
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        lines = wrapped_lines(heading.value, sum(_ANSWER_WIDTHS))
        if (height := row_height(lines)) is not None:
            ws.row_dimensions[row].height = height
        row += 1
        after_chart = row
        if table.options:
            row, after_chart = _chart_table(ws, row, table, wraps)
        for label, value in table.lines:
            _put(ws, row, 1, label)
            cell = _put(ws, row, 2, value)
            cell.alignment = TOP
            if isinstance(value, float):
                cell.number_format = "0.0"
            row += 1
        row = max(row, after_chart)
        for who, text in table.texts:
            _put(ws, row, 1, who).alignment = WRAPPED
            words = _put(ws, row, 2, text)
            words.alignment = WRAPPED
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
            lines = max(
                wrapped_lines(text, sum(_ANSWER_WIDTHS[1:])), wrapped_lines(who, _ANSWER_WIDTHS[0])
            )
            if (height := row_height(lines)) is not None:
                ws.row_dimensions[row].height = height
            row += 1
        row += 1
    set_page(ws, paper=paper, landscape=False)


def _chart_table(ws: Any, row: int, table: ChartTable, wraps: Sequence[bool]) -> tuple[int, int]:
    """The option table with its chart beside it; returns the next free row
    below the table and the first row below the chart."""
    _header(ws, row, ("Answer", "Count", "Share"), _ANSWER_WIDTHS)
    first = row + 1
    for option, count, share in table.options:
        row += 1
        _grid_row(ws, row, (option, count, share), _ANSWER_WIDTHS, wraps)
        ws.cell(row, 3).number_format = "0%"
    chart = _bar_chart(table, max(count for _, count, _ in table.options))
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=row))
    ws.add_chart(chart, f"E{first - 1}")
    return row + 1, first - 1 + ceil(chart.height / _ROW_CM)


def _bar_chart(table: ChartTable, largest: int) -> BarChart:
    """Horizontal bars, first option on top, a whole-number count axis with a
    step that suits the counts, every option named, the count on each bar."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.legend = None
    chart.gapWidth = 60
    chart.title = _chart_title(short_title(table.number, table.text))
    title_lines = chart.title.tx.rich.p
    chart.width = _CHART_WIDTH_CM
    chart.height = max(5.0, 1.6 + 0.45 * len(title_lines) + 0.75 * len(table.options))
    categories, values = chart.x_axis, chart.y_axis
    categories.delete = False
    categories.tickLblSkip = 1
    categories.tickMarkSkip = 1
    categories.scaling.orientation = "maxMin"  # the first option on top
    categories.txPr = _axis_text()
    values.delete = False
    values.crosses = "max"  # with the categories reversed, keeps the counts below
    values.scaling.min = 0
    step = count_axis_step(largest)
    values.majorUnit = step
    values.scaling.max = max(step, ceil(largest / step) * step)
    values.number_format = "0"
    values.txPr = _axis_text()
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
        showPercent=False, txPr=_axis_text(),
    )  # fmt: skip
    return chart


def _chart_title(text: str) -> Title:
    """A title in the body font at 10 pt bold, one paragraph per line."""
    properties = CharacterProperties(latin=DrawingFont(typeface=FONT_NAME), sz=1000, b=True)
    paragraphs = [
        Paragraph(
            pPr=ParagraphProperties(defRPr=properties),
            r=[RegularTextRun(rPr=properties, t=line)],
        )
        for line in text.splitlines()
    ]
    title = Title()
    title.tx = Text(rich=RichText(p=paragraphs))
    title.overlay = False
    return title


def _axis_text() -> RichText:
    properties = CharacterProperties(latin=DrawingFont(typeface=FONT_NAME), sz=900)
    return RichText(
        p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)]
    )


# -- Responses and Tracker -------------------------------------------------------------


def _table(
    ws: Any,
    report: SurveyReport,
    columns: Sequence[ReportColumn],
    rows: Sequence[Sequence[Any]],
    paper: str,
) -> None:
    layout = table_layout(columns, rows, paper, landscape=True)
    widths = layout.widths
    _set_widths(ws, widths)
    header_row = _title(ws, report.title_lines)
    _header(ws, header_row, [c.header for c in columns], widths)
    for offset, values in enumerate(rows, start=1):
        _grid_row(ws, header_row + offset, values, widths, layout.wraps)
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    last = f"{get_column_letter(len(columns))}{header_row + max(len(rows), 1)}"
    ws.auto_filter.ref = f"A{header_row}:{last}"
    first = set_table_page(
        ws,
        paper=paper,
        landscape=True,
        header_row=header_row,
        fits=layout.fits,
        title=report.title_lines[0] if report.title_lines else ws.title,
        key_column=layout.key_column,
    )
    ws.print_area = f"A{first}:{last}"
