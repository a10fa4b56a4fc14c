"""Reading spreadsheets that other people made: .xlsx and .csv, untrusted.

A file is checked before openpyxl parses it: it must be a zip of sane size
and compression ratio (a zip bomb is refused unopened), not a legacy .xls or
a password-protected workbook (both are OLE2 files), and its rows are read
with a hard limit. XML is parsed by openpyxl through defusedxml, which refuses
entity tricks. Every refusal is a ``rtcdesk.errors.FileRefusedError`` whose message says what is
wrong with which file, in plain words.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from rtcdesk.errors import FileRefusedError

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 300_000_000
MAX_RATIO = 200
MAX_ZIP_ENTRIES = 2_000
MAX_DATA_ROWS = 100_000
#: Rows read (blank ones too) before giving up on a sheet of endless empty rows.
MAX_ROWS_SCANNED = 2 * MAX_DATA_ROWS
MAX_COLUMNS = 200

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class SheetRow:
    """One row as read: its 1-based number in the sheet and its cell values
    (str, int, float, bool, date, datetime or None). ``formulas`` holds the
    0-based column numbers whose cell held a formula."""

    number: int
    values: tuple[Any, ...]
    formulas: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SheetData:
    file: Path
    sheet: str
    rows: list[SheetRow]
    sheet_names: tuple[str, ...] = ()


def read_table(path: Path, sheet: str | None = None) -> SheetData:
    """The rows of ``sheet`` (default: the first) of an .xlsx file, or of a .csv file."""
    path = Path(path)
    head = _check_head(path)
    if head.startswith(_ZIP):
        _check_zip(path)
        return _read_xlsx(path, sheet)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path)
    raise _not_a_workbook(path)


def check_workbook_file(path: Path) -> None:
    """Refuse, unopened, anything but a sane .xlsx zip (see the module docstring)."""
    if not _check_head(path).startswith(_ZIP):
        raise _not_a_workbook(path)
    _check_zip(path)


def _not_a_workbook(path: Path) -> FileRefusedError:
    return FileRefusedError(
        f"{path.name} is neither an Excel workbook (.xlsx) nor a CSV file; "
        "save it from Excel or LibreOffice as .xlsx."
    )


def _check_head(path: Path) -> bytes:
    """The first bytes of a readable, non-empty file of sane size that is not OLE2."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise FileRefusedError(f"{path.name} cannot be read: {exc.strerror}.") from exc
    if size > MAX_FILE_BYTES:
        raise FileRefusedError(
            f"{path.name} is {size // 1_000_000} MB; rtcdesk reads files up to "
            f"{MAX_FILE_BYTES // 1_000_000} MB."
        )
    if size == 0:
        raise FileRefusedError(f"{path.name} is empty.")
    if head.startswith(_OLE2):
        raise FileRefusedError(
            f"{path.name} is a legacy Excel (.xls) file or a password-protected workbook. "
            "Open it in Excel or LibreOffice, remove any password and save it as .xlsx."
        )
    return head


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise FileRefusedError(
                    f"{path.name} holds {len(entries)} parts; it is not a workbook."
                )
            total = 0
            for entry in entries:
                total += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if ratio > MAX_RATIO and entry.file_size > 1_000_000:
                    raise FileRefusedError(
                        f"{path.name} unpacks to far more than it holds ({entry.filename} "
                        f"grows {ratio:.0f} times); it was refused unopened."
                    )
            if total > MAX_UNPACKED_BYTES:
                raise FileRefusedError(
                    f"{path.name} would unpack to {total // 1_000_000} MB; it was refused unopened."
                )
            names = {e.filename for e in entries}
            if "xl/workbook.xml" not in names:
                raise FileRefusedError(f"{path.name} is a zip file but not an Excel workbook.")
            broken = archive.testzip()
            if broken is not None:
                raise FileRefusedError(
                    f"{path.name} is damaged (the part {broken} does not unpack)."
                )
    except zipfile.BadZipFile as exc:
        raise FileRefusedError(f"{path.name} is damaged or incomplete: {exc}.") from exc


def _read_xlsx(path: Path, wanted: str | None) -> SheetData:
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except FileRefusedError:
        raise
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileRefusedError(f"{path.name} cannot be read as a workbook: {exc}") from exc
    try:
        names = tuple(workbook.sheetnames)
        if wanted is None:
            if not names:
                raise FileRefusedError(f"{path.name} has no sheets.")
            title = names[0]
        elif wanted in names:
            title = wanted
        else:
            raise FileRefusedError(
                f"{path.name} has no sheet called '{wanted}'; its sheets are "
                f"{', '.join(repr(n) for n in names)}."
            )
        rows = list(_xlsx_rows(path, workbook[title]))
        return SheetData(path, title, rows, names)
    except FileRefusedError:
        raise
    except Exception as exc:
        raise FileRefusedError(f"{path.name} cannot be read as a workbook: {exc}") from exc
    finally:
        workbook.close()


def _xlsx_rows(path: Path, worksheet: Any) -> Iterator[SheetRow]:
    data_rows = 0
    for scanned, cells in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if scanned > MAX_ROWS_SCANNED:
            raise FileRefusedError(f"{path.name} has more than {MAX_DATA_ROWS:,} rows.")
        values = []
        formulas = set()
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                formulas.add(index)
            values.append(_plain(value))
        if not any(v not in (None, "") for v in values):
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            raise FileRefusedError(f"{path.name} has more than {MAX_DATA_ROWS:,} rows.")
        number = getattr(cells[0], "row", None) if cells else None
        yield SheetRow(number or scanned, tuple(values), frozenset(formulas))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time | bool | int | float | str) or value is None:
        return value
    return str(value)


def _read_csv(path: Path) -> SheetData:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileRefusedError(
            f"{path.name} is not UTF-8 text (line {line}). Save it from Excel as "
            "'CSV UTF-8', or as .xlsx."
        ) from exc
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS_SCANNED or len(rows) >= MAX_DATA_ROWS:
                raise FileRefusedError(f"{path.name} has more than {MAX_DATA_ROWS:,} rows.")
            if any(v.strip() for v in values):
                rows.append(SheetRow(number, tuple(values[:MAX_COLUMNS])))
    except csv.Error as exc:
        raise FileRefusedError(f"{path.name} line {reader.line_num}: {exc}.") from exc
    return SheetData(path, path.stem, rows, (path.stem,))
