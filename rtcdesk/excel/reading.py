"""Reading spreadsheets that other people made: .xlsx and .csv, untrusted.

An .xlsx file is checked before openpyxl parses it (``workbook_package``:
not a legacy .xls or password-protected workbook, not a zip bomb, no entity
tricks, nothing a parser would have to hold that a spreadsheet never writes).
Its sheet is then streamed with hard limits: the declared dimensions are
ignored, every column up to Excel's last is read (a value past it is
refused by row and column), rows past Excel's last row are refused, and so
are more than ``MAX_DATA_ROWS`` rows or ``MAX_CELLS`` filled cells. A .csv
file must be UTF-8 text without NUL characters and is read under the same
limits. Every refusal is a
``rtcdesk.errors.FileRefusedError`` whose message says what is wrong with
which file, in plain words.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter as column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from rtcdesk.errors import FileRefusedError
from rtcdesk.excel.workbook_package import (
    EXCEL_MAX_ROWS,
    MAX_DATA_ROWS,
    check_head,
    check_workbook_file,
    is_zip,
    not_a_workbook,
    unreadable_workbook,
)

#: Filled cells kept in memory: 100,000 rows of 15 columns.
MAX_CELLS = 1_500_000
#: Excel's last column (XFD). Every column up to it is read: none is dropped.
MAX_COLUMNS = 16_384

_NO_FORMULAS: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row as read: its 1-based number in the sheet and its cell values
    (str, int, float, bool, date, datetime, time or None), without trailing
    blanks. ``formulas`` holds the 0-based column numbers whose cell held a
    formula (in a CSV file, or typed as text, "=..." is text as typed)."""

    number: int
    values: tuple[Any, ...]
    formulas: frozenset[int] = _NO_FORMULAS


@dataclass(frozen=True)
class SheetData:
    file: Path
    sheet: str
    rows: list[SheetRow]
    sheet_names: tuple[str, ...] = ()


def read_table(path: Path, sheet: str | None = None) -> SheetData:
    """The rows of ``sheet`` (default: the first) of an .xlsx file, or of a .csv file."""
    path = Path(path)
    if is_zip(check_head(path)):
        (data,) = _read_xlsx(path, [sheet] if sheet is not None else None)
        return data
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path)
    raise not_a_workbook(path)


def read_tables(path: Path, sheets: Iterable[str]) -> Iterator[SheetData]:
    """The rows of each of ``sheets`` of one .xlsx file, read one after the
    other from one opening (the file is checked once)."""
    path = Path(path)
    if not is_zip(check_head(path)):
        raise not_a_workbook(path)
    return _read_xlsx(path, list(sheets))


def _read_xlsx(path: Path, wanted: list[str] | None) -> Iterator[SheetData]:
    """Checks the file at once, then yields one ``SheetData`` per wanted
    sheet (None: the first sheet)."""
    check_workbook_file(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise unreadable_workbook(path, exc) from exc
    try:
        names = tuple(workbook.sheetnames)
    except Exception as exc:
        workbook.close()
        raise unreadable_workbook(path, exc) from exc
    if wanted is None and not names:
        workbook.close()
        raise FileRefusedError(f"{path.name} has no sheets.")
    for title in wanted if wanted is not None else names[:1]:
        if title not in names:
            workbook.close()
            raise FileRefusedError(
                f"{path.name} has no sheet called '{title}'; its sheets are "
                f"{', '.join(repr(n) for n in names)}."
            )
    titles = wanted if wanted is not None else list(names[:1])
    if not titles:
        workbook.close()
        return iter(())
    return _sheets(path, workbook, names, titles)


def _sheets(
    path: Path, workbook: Any, names: tuple[str, ...], titles: list[str]
) -> Iterator[SheetData]:
    """Each sheet's rows; the workbook is closed once they are read (or
    when the caller stops early and drops the iterator)."""
    try:
        for title in titles:
            try:
                rows = list(_xlsx_rows(path, title, workbook[title]))
            except FileRefusedError:
                raise
            except Exception as exc:  # openpyxl raises many types for a broken sheet
                raise unreadable_workbook(path, exc) from exc
            yield SheetData(path, title, rows, names)
    finally:
        workbook.close()


def _xlsx_rows(path: Path, title: str, worksheet: Any) -> Iterator[SheetRow]:
    if not hasattr(worksheet, "reset_dimensions"):  # a chart sheet
        return
    # A sheet's declared size may lie: without it each row is as wide as its
    # last cell (the package check bounds a row's size), so no column is
    # dropped. Cells, not values, so that a formula is told from a text that
    # starts with "=".
    worksheet.reset_dimensions()
    data_rows = cells = 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        if number > EXCEL_MAX_ROWS:
            raise FileRefusedError(
                f"{path.name}, sheet '{title}': it has rows past row {EXCEL_MAX_ROWS:,}, the "
                "last row of an Excel sheet, so it was not saved by a spreadsheet program."
            )
        width = len(row)
        while width and row[width - 1].value in (None, ""):
            width -= 1
        if not width:
            continue
        if width > MAX_COLUMNS:
            raise FileRefusedError(
                f"{path.name}, sheet '{title}', row {number}: a value in column {width:,}, past "
                f"column {MAX_COLUMNS:,} ({column_letter(MAX_COLUMNS)}), the last column of an "
                "Excel sheet, so it was not saved by a spreadsheet program."
            )
        data_rows += 1
        cells += width
        _check_size(path, data_rows, cells)
        kept = tuple(_plain(cell.value) for cell in row[:width])
        formulas = frozenset(i for i, cell in enumerate(row[:width]) if _is_formula(cell))
        yield SheetRow(number, kept, formulas or _NO_FORMULAS)


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f" or isinstance(
        cell.value, ArrayFormula | DataTableFormula
    )


def _check_size(path: Path, data_rows: int, cells: int) -> None:
    if data_rows > MAX_DATA_ROWS:
        raise FileRefusedError(f"{path.name} has more than {MAX_DATA_ROWS:,} rows.")
    if cells > MAX_CELLS:
        raise FileRefusedError(
            f"{path.name} has more than {MAX_CELLS:,} filled cells; rtcdesk reads lists of up "
            f"to {MAX_DATA_ROWS:,} rows."
        )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time | bool | int | float | str) or value is None:
        return value
    if isinstance(value, ArrayFormula):
        return value.text or "="
    if isinstance(value, DataTableFormula):
        return "="
    return str(value)


def _read_csv(path: Path) -> SheetData:
    _check_utf8(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(20_000)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows: list[SheetRow] = []
    cells = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                if number > EXCEL_MAX_ROWS:
                    raise FileRefusedError(
                        f"{path.name} has more than {EXCEL_MAX_ROWS:,} lines, more than a "
                        "spreadsheet holds."
                    )
                if not any(v.strip() for v in values):
                    continue
                if any("\0" in v for v in values):
                    raise FileRefusedError(
                        f"{path.name}, line {reader.line_num}: a NUL character, so it is not "
                        "a text file. Save it from Excel as 'CSV UTF-8', or as .xlsx."
                    )
                if len(values) > MAX_COLUMNS and any(v.strip() for v in values[MAX_COLUMNS:]):
                    raise FileRefusedError(
                        f"{path.name}, line {reader.line_num}: more than {MAX_COLUMNS:,} "
                        "columns, more than a spreadsheet holds."
                    )
                kept = tuple(values)
                cells += len(kept)
                _check_size(path, len(rows) + 1, cells)
                rows.append(SheetRow(number, kept))
        except csv.Error as exc:
            raise FileRefusedError(
                f"{path.name}, line {reader.line_num}: {_csv_problem(exc)}."
            ) from exc
    return SheetData(path, path.stem, rows, (path.stem,))


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {csv.field_size_limit():,} characters"
    return f"it is not a well-formed CSV file ({exc})"


def _check_utf8(path: Path) -> None:
    """Refuse a file that is not UTF-8, naming the first line that is not."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line = lines + exc.object[: exc.start].count(b"\n") + 1
                raise FileRefusedError(
                    f"{path.name} is not UTF-8 text (line {line}). Save it from Excel as "
                    "'CSV UTF-8', or as .xlsx."
                ) from exc
            if not chunk:
                return
            lines += chunk.count(b"\n")
