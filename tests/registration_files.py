"""Registration files as administrations send them, built by the tests."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def workbook(
    path: Path,
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    title_rows: Sequence[str] = (),
    sheet: str = "Registrations",
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for number, text in enumerate(title_rows, start=1):
        ws.cell(number, 1, text)
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
    if title_rows:
        ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def csv_file(path: Path, lines: Sequence[str], *, bom: bool = False) -> Path:
    text = "\n".join(lines) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def zip_bomb(path: Path) -> Path:
    """A small .xlsx-looking zip whose sheet unpacks to hundreds of megabytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * 1_000_000
            for _ in range(400):
                sheet.write(chunk)
    return path


def billion_laughs(path: Path) -> Path:
    """A workbook whose sheet XML defines nested entities."""
    source = workbook(path.with_suffix(".plain.xlsx"), ["Surname"], [["X"]])
    evil = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as target:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = evil.encode()
            target.writestr(item, data)
    source.unlink()
    return path
