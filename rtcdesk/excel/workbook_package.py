"""Whether a file is a workbook that openpyxl can be given safely.

An .xlsx file is a zip of XML parts. openpyxl parses them with ElementTree
(through defusedxml, which refuses entity declarations), and ElementTree keeps
every element until the caller clears it. openpyxl clears only the rows of a
sheet it streams and the entries of the shared-string table; every other part
it keeps whole. So a small file can exhaust memory or time: a zip bomb, a part
of millions of tiny elements, one endless row. Before openpyxl sees a file,
``check_workbook_file``

- refuses unreadable, empty or oversized files, and legacy .xls or
  password-protected workbooks (OLE2 files), before opening them as zips;
- refuses, from the zip's directory alone, a package that would unpack to more
  than ``MAX_UNPACKED_BYTES`` or whose parts grow more than ``MAX_RATIO`` times;
- streams every part once: XML parts through expat, within budgets of what a
  tree parser would hold at once (``_PartScan``); DTDs (entity tricks) and
  malformed XML are refused; the other parts are read for their checksum;
- refuses a sheet of more than ``MAX_DATA_ROWS`` rows with values on the way,
  so that the biggest files are refused in the time a scan takes.

Every refusal is a ``FileRefusedError`` that names the file in plain words.
"""

from __future__ import annotations

import logging
import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from rtcdesk.errors import FileRefusedError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 100_000_000
MAX_RATIO = 200
MAX_ZIP_ENTRIES = 2_000
#: The last row of an Excel sheet; a sheet or a string table never has more entries.
EXCEL_MAX_ROWS = 1_048_576
#: Rows with values in one sheet: more is refused (a registration list or a form
#: is far smaller), before the sheet is parsed.
MAX_DATA_ROWS = 100_000
#: Elements plus attributes that a tree parser holds at once, per part and per
#: workbook: everything outside rows and shared strings (styles, merged cells,
#: validations...). A few hundred bytes each in memory.
MAX_KEPT_NODES = 200_000
MAX_KEPT_NODES_TOTAL = 500_000
#: Bytes of XML outside rows and shared strings, per part (a part read whole: all of it).
MAX_KEPT_BYTES = 16_000_000
#: One row or one shared string: a row of 16,384 cells, each with a formula, fits.
MAX_ITEM_NODES = 120_000
MAX_ITEM_BYTES = 8_000_000
MAX_DEPTH = 100

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_CHUNK = 1 << 16

_WORKSHEET_RELATION = "/worksheet"
_STRINGS_RELATION = "/sharedStrings"
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
#: Parts openpyxl reads by their fixed name, each whole (never streamed).
_FIXED_PARTS = frozenset(
    {
        "xl/workbook.xml",
        "xl/styles.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    }
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
#: A row holding one of these holds a value (or a formula).
_VALUES = frozenset({_MAIN + "v", _MAIN + "is", _MAIN + "f"})
_WORKSHEET = _MAIN + "worksheet"
#: Streamed parts: root element -> (depth of the container, the container,
#: its children that the reader clears one by one).
_STREAMED = {
    _WORKSHEET: (2, _MAIN + "sheetData", _MAIN + "row"),
    _MAIN + "sst": (1, _MAIN + "sst", _MAIN + "si"),
}


def check_head(path: Path) -> bytes:
    """The first bytes of a readable, non-empty file of sane size that is not OLE2.

    Only a regular file is opened: a pipe or a device would block the read (or
    never end) while the import holds the database."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise FileRefusedError(
                f"{path.name} is not a file but {_file_kind(status.st_mode)}; "
                "choose the workbook or CSV file itself."
            )
        size = status.st_size
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


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def is_zip(head: bytes) -> bool:
    return head.startswith(_ZIP)


def not_a_workbook(path: Path) -> FileRefusedError:
    return FileRefusedError(
        f"{path.name} is neither an Excel workbook (.xlsx) nor a CSV file; "
        "save it from Excel or LibreOffice as .xlsx."
    )


def unreadable_workbook(path: Path, exc: BaseException) -> FileRefusedError:
    """The refusal for a file that passed the checks but that openpyxl cannot
    read. What openpyxl said is logged by type only: its message may quote
    cells, and the log never holds names."""
    log.info("a workbook could not be read: %s", type(exc).__name__)
    return FileRefusedError(
        f"{path.name} cannot be read as a workbook: it is damaged, or was not saved by a "
        "spreadsheet program. Open it in Excel or LibreOffice and save it again as .xlsx."
    )


def check_workbook_file(path: Path) -> None:
    """Refuse anything but a sane .xlsx package (see the module docstring)."""
    if not is_zip(check_head(path)):
        raise not_a_workbook(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(path, entries)
            scans = [_scan_entry(path, archive, entry) for entry in entries]
    except NotImplementedError as exc:  # before RuntimeError, its base class
        raise FileRefusedError(
            f"{path.name} is packed in a way Excel does not use; save it again from Excel or "
            "LibreOffice as .xlsx."
        ) from exc
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise FileRefusedError(
            f"{path.name} is a password-protected zip file. Remove the password and save it "
            "again as .xlsx."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error) as exc:
        raise FileRefusedError(
            f"{path.name} is damaged or incomplete: it is not a whole zip file."
        ) from exc
    _check_budgets(path, [s for s in scans if s is not None])


def _check_directory(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """What the zip's directory alone tells: size, compression ratio, parts."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefusedError(f"{path.name} holds {len(entries)} parts; it is not a workbook.")
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
            f"{path.name} would unpack to {total // 1_000_000} MB; rtcdesk reads workbooks of "
            f"up to {MAX_UNPACKED_BYTES // 1_000_000} MB unpacked. It was refused unopened."
        )
    seen: set[str] = set()
    for entry in entries:
        # Two parts of one name: Excel reads one copy, a zip reader may read the
        # other, so what rtcdesk imports could differ from what Excel shows.
        name = posixpath.normpath(entry.filename.replace("\\", "/")).casefold()
        if name in seen:
            raise FileRefusedError(
                f"{path.name} holds two parts named {entry.filename}, so programs may read "
                "different contents from it; it was refused unopened. Open it in Excel or "
                "LibreOffice and save it again as .xlsx."
            )
        seen.add(name)
    if "xl/workbook.xml" not in seen:
        raise FileRefusedError(f"{path.name} is a zip file but not an Excel workbook.")


def _scan_entry(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> _PartScan | None:
    """Unpack one part (zipfile checks its size and checksum at the end);
    an XML part is scanned on the way."""
    name = entry.filename
    scan = _PartScan(path, name) if name.endswith((".xml", ".rels")) else None
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            if scan is not None:
                scan.feed(chunk)
    if scan is not None:
        scan.close()
    return scan


def _refused(path: Path, part: str, what: str) -> FileRefusedError:
    return FileRefusedError(
        f"{path.name} was refused: its part {part} {what}. A spreadsheet program does not "
        "write that; open the file in Excel or LibreOffice and save it again as .xlsx."
    )


class _TooBigError(Exception):
    """Raised inside expat's callbacks; ``_PartScan.feed`` turns it into a refusal."""


@dataclass
class _PartScan:
    """One XML part streamed through expat, counting what a tree parser would
    hold: every element and attribute (``nodes``), those outside the rows of a
    sheet or the entries of a string table (``kept_nodes``), and each row or
    entry on its own (checked here, as a reader holds one at a time). Whether
    the part is really streamed is known only once every relationship has been
    read (``_check_budgets``). Names are namespace-qualified ("URI local"), so
    a row in a foreign namespace, which openpyxl would not clear, is kept."""

    path: Path
    part: str
    root: str = ""
    nodes: int = 0
    kept_nodes: int = 0
    items: int = 0
    filled_rows: int = 0
    item_bytes: int = 0
    fed: int = 0
    #: (target, relationship type) in a .rels part; (part, content type) in [Content_Types].xml.
    references: list[tuple[str, str]] = field(default_factory=list)
    _depth: int = 0
    _container_depth: int = -2
    _item_name: str = ""
    _item_depth: int = 0
    _item_nodes: int = 0
    _item_start: int = 0
    _item_filled: bool = False
    _parser: Any = None

    def __post_init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.ordered_attributes = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        self._parser = parser

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.fed += len(chunk)
        try:
            self._parser.Parse(chunk, final)
            if self._item_depth and self.fed - self._item_start > MAX_ITEM_BYTES:
                raise _TooBigError(_ITEM_TOO_BIG)
        except _TooBigError as exc:
            raise _refused(self.path, self.part, str(exc)) from None
        except expat.ExpatError as exc:
            raise FileRefusedError(
                f"{self.path.name} is damaged: its part {self.part} is not well-formed XML "
                f"(line {exc.lineno}, column {exc.offset})."
            ) from None

    def close(self) -> None:
        self.feed(b"", final=True)

    @property
    def kept_bytes(self) -> int:
        return self.fed - self.item_bytes

    def _doctype(self, *_args: Any) -> None:
        raise _TooBigError(
            "declares a document type, the way entity tricks that exhaust memory begin"
        )

    def _start(self, name: str, attrs: list[str]) -> None:
        depth = self._depth = self._depth + 1
        nodes = 1 + len(attrs) // 2
        self.nodes += nodes
        if depth > MAX_DEPTH:
            raise _TooBigError(f"nests elements more than {MAX_DEPTH} deep")
        if self._item_depth:
            self._item_nodes += nodes
            if self._item_nodes > MAX_ITEM_NODES:
                raise _TooBigError(_ITEM_TOO_BIG)
            if name in _VALUES:
                self._item_filled = True
            return
        if depth == self._container_depth + 1 and name == self._item_name:
            self.items += 1
            if self.items > EXCEL_MAX_ROWS:
                raise _TooBigError(f"has more than {EXCEL_MAX_ROWS:,} rows or texts")
            self._item_depth, self._item_nodes = depth, nodes
            self._item_start = self._parser.CurrentByteIndex
            return
        self.kept_nodes += nodes
        if self.kept_nodes > MAX_KEPT_NODES:  # too many whether streamed or not: stop now
            raise _TooBigError(_TOO_MANY_NODES)
        local = name.rpartition(" ")[2]
        if depth == 1:
            self.root = name
        elif local in ("Relationship", "Override"):
            self._collect(local, attrs)
        streamed = _STREAMED.get(self.root)
        if streamed is not None and depth == streamed[0] and name == streamed[1]:
            self._container_depth, self._item_name = depth, streamed[2]

    def _end(self, _name: str) -> None:
        if self._depth == self._item_depth:
            end = self._parser.CurrentByteIndex
            if end - self._item_start > MAX_ITEM_BYTES:
                raise _TooBigError(_ITEM_TOO_BIG)
            self.item_bytes += end - self._item_start
            self._item_depth = 0
            if self._item_filled:
                self._item_filled = False
                self.filled_rows += 1
                if self.filled_rows > MAX_DATA_ROWS and self.root == _WORKSHEET:
                    raise FileRefusedError(
                        f"{self.path.name} has more than {MAX_DATA_ROWS:,} rows."
                    )
        elif self._depth == self._container_depth:
            self._container_depth = -2
        self._depth -= 1

    def _collect(self, local: str, attrs: list[str]) -> None:
        """Relationships and content types, matched by local name whatever
        their namespace: an extra one only makes the check stricter."""
        values = dict(zip(attrs[::2], attrs[1::2], strict=True))
        if local == "Relationship" and values.get("TargetMode") != "External":
            self.references.append((values.get("Target", ""), values.get("Type", "")))
        elif local == "Override":
            part = values.get("PartName", "").lstrip("/")
            self.references.append((part, values.get("ContentType", "")))


_ITEM_TOO_BIG = "holds a row or a text far larger than a spreadsheet writes"
_TOO_MANY_NODES = f"holds more than {MAX_KEPT_NODES:,} XML elements"


def _check_budgets(path: Path, scans: list[_PartScan]) -> None:
    """Count each part as a tree parser would hold it: a streamed part by what
    lies outside its rows or strings, any other part whole."""
    streamed = _streamed_parts(scans)
    total = 0
    for scan in scans:
        whole = scan.part not in streamed
        kept = scan.nodes if whole else scan.kept_nodes
        if kept > MAX_KEPT_NODES:
            raise _refused(path, scan.part, _TOO_MANY_NODES)
        if (scan.fed if whole else scan.kept_bytes) > MAX_KEPT_BYTES:
            raise _refused(path, scan.part, "is far larger than a workbook's part of its kind")
        total += kept
    if total > MAX_KEPT_NODES_TOTAL:
        raise FileRefusedError(
            f"{path.name} was refused: it holds more than {MAX_KEPT_NODES_TOTAL:,} XML elements "
            "beside its rows, far more than a registration list or a form needs."
        )


def _streamed_parts(scans: list[_PartScan]) -> set[str]:
    """Parts that openpyxl only ever streams: a sheet or string table (by its
    root element) that every relationship and content type naming it names as
    such, and that openpyxl does not read whole under a fixed name."""
    candidates = {s.part for s in scans if s.root in _STREAMED and s.part not in _FIXED_PARTS}
    for scan in scans:
        if scan.part.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(scan.part))
            for target, kind in scan.references:
                part = target[1:] if target.startswith("/") else posixpath.join(base, target)
                if not kind.endswith((_WORKSHEET_RELATION, _STRINGS_RELATION)):
                    candidates.discard(posixpath.normpath(part))
        elif scan.part == "[Content_Types].xml":
            for part, kind in scan.references:
                if kind not in (_WORKSHEET_TYPE, _STRINGS_TYPE):
                    candidates.discard(part)
    return candidates
