"""Reading a returned survey form, however the respondent treated it.

The survey id and token are looked for in the very hidden sheet, then in the
workbook's custom properties, then in the printed form reference; the answer
column is found by its header, so inserted or deleted columns do no harm; a
renamed sheet is found by its header row; deleted codes are recovered from
the question text. A multiple choice answer is the list of its ticked choice
rows (forms of format 1 had it typed into one cell, and still read). What
cannot be read is listed in ``notes``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from rtcdesk.errors import FileRefusedError
from rtcdesk.excel.survey_form import (
    FORM_SHEET,
    HEADER,
    META_SHEET,
    REFERENCE_PREFIX,
    RESPONDENT_PREFIX,
)
from rtcdesk.excel.workbook_package import check_workbook_file, unreadable_workbook

_REFERENCE = re.compile(re.escape(REFERENCE_PREFIX) + r"\s*([0-9]+)-([A-Za-z0-9_-]+)")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SURVEY_ID = re.compile(r"[0-9]{1,10}")
_MAX_ID = 2**31 - 1
#: Rows and columns looked at: a form is a few dozen rows of five columns,
#: whatever a respondent inserted.
_SCAN_ROWS = 300
_SCAN_COLUMNS = 60
_HEADER_ROWS = 40
_META_ROWS = 20
#: Rows parsed of each sheet: the header may be as far down as _HEADER_ROWS.
_READ_ROWS = _HEADER_ROWS + _SCAN_ROWS
_UNTICKED = {"", "no", "n", "0", "false", "-", "none"}


@dataclass
class ReturnedForm:
    file: Path
    fingerprint: str
    survey_id: int | None = None
    token: str | None = None
    email: str = ""
    #: The respondent the form names ("Mr. TANAKA Hiroshi (RTC Japan)").
    respondent: str = ""
    #: When the workbook was last saved (UTC), by whatever program saved it.
    saved_at: datetime | None = None
    #: Answers by question code.
    answers: dict[str, Any] = field(default_factory=dict)
    #: Answers by question text, for rows whose code was deleted.
    answers_by_text: dict[str, Any] = field(default_factory=dict)
    #: What could not be read, or was read in a roundabout way.
    notes: list[str] = field(default_factory=list)


def read_returned_form(path: Path) -> ReturnedForm:
    """Read a returned form; ``FileRefusedError`` if it cannot be read safely.
    Read-only and row by row: whatever else the workbook holds, only the first
    rows and columns of its sheets are parsed."""
    path = Path(path)
    check_workbook_file(path)
    with path.open("rb") as handle:
        fingerprint = hashlib.file_digest(handle, "sha256").hexdigest()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise unreadable_workbook(path, exc) from exc
    try:
        form = ReturnedForm(path, fingerprint, saved_at=_saved_at(workbook))
        return _read(workbook, form)
    except FileRefusedError:
        raise
    except Exception as exc:  # and more for a broken sheet, met while reading it
        raise unreadable_workbook(path, exc) from exc
    finally:
        workbook.close()


def _read(workbook: Any, form: ReturnedForm) -> ReturnedForm:
    sheets = {ws.title: _Sheet(ws) for ws in workbook.worksheets}
    _identify(workbook, sheets, form)
    sheet = _form_sheet(sheets, form)
    if sheet is None:
        form.notes.append("no sheet with the questions (a header 'Your answer') was found")
        return form
    _read_answers(sheet, form)
    return form


class _Sheet:
    """A read-only sheet whose first rows are parsed once, when first asked for:
    a read-only sheet parses its XML from the start on every ``iter_rows``, and
    a form is looked at several times (its reference, its header, its answers)."""

    def __init__(self, ws: Any) -> None:
        ws.reset_dimensions()  # a declared size may lie; rows are cut at _SCAN_COLUMNS
        self.title: str = ws.title
        self.sheet_state: str = ws.sheet_state
        self._ws = ws
        self._rows: list[tuple[Any, ...]] | None = None

    def rows(self, first: int, last: int) -> list[tuple[Any, ...]]:
        """Rows ``first`` to ``last`` (1-based, at most ``_READ_ROWS``) as values,
        gaps filled with empty rows, as ``iter_rows`` gives them."""
        assert last <= _READ_ROWS, "only the first rows of a sheet are read"
        if self._rows is None:
            self._rows = list(
                self._ws.iter_rows(
                    min_row=1, max_row=_READ_ROWS, max_col=_SCAN_COLUMNS, values_only=True
                )
            )
        return self._rows[first - 1 : last]


def _identify(workbook: Any, sheets: dict[str, _Sheet], form: ReturnedForm) -> None:
    if META_SHEET in sheets:
        values = {str(r[0]): r[1] for r in sheets[META_SHEET].rows(1, _META_ROWS) if r[0]}
        form.survey_id = _as_id(values.get("survey_id"))
        form.token = _as_token(values.get("token"))
    if form.token is None:
        props = {p.name: p.value for p in workbook.custom_doc_props.props}
        form.survey_id = form.survey_id or _as_id(props.get("rtcdesk_survey_id"))
        form.token = _as_token(props.get("rtcdesk_token"))
    for ws in sheets.values():
        if form.token and form.email and form.respondent:
            break  # the sheets left could change nothing: leave them unparsed
        for row in ws.rows(1, _SCAN_ROWS):
            for value in row:
                if not isinstance(value, str):
                    continue
                match = _REFERENCE.search(value)
                if match and form.token is None:
                    form.survey_id = form.survey_id or _as_id(match.group(1))
                    form.token = _as_token(match.group(2))
                if value.startswith("E-mail:") and not form.email:
                    form.email = value.removeprefix("E-mail:").strip()
                if value.startswith(RESPONDENT_PREFIX) and not form.respondent:
                    form.respondent = value.removeprefix(RESPONDENT_PREFIX).strip()


def _form_sheet(sheets: dict[str, _Sheet], form: ReturnedForm) -> _Sheet | None:
    if FORM_SHEET in sheets:
        return sheets[FORM_SHEET]
    for ws in sheets.values():
        if ws.title == META_SHEET or ws.sheet_state != "visible":
            continue
        if _header(ws) is not None:
            form.notes.append(f"the sheet '{FORM_SHEET}' was renamed to '{ws.title}'")
            return ws
    return None


def _header(ws: _Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row's number and its column numbers by header text."""
    for number, row in enumerate(ws.rows(1, _HEADER_ROWS), start=1):
        names = {v.strip(): c for c, v in enumerate(row, start=1) if isinstance(v, str)}
        if HEADER[3] in names:
            return number, names
    return None


def _read_answers(ws: _Sheet, form: ReturnedForm) -> None:
    found = _header(ws)
    if found is None:
        form.notes.append("the header row with 'Your answer' is missing")
        return
    header_row, columns = found
    code_col, no_col, text_col, answer_col = (
        columns.get(HEADER[0]),
        columns.get(HEADER[1]),
        columns.get(HEADER[2]),
        columns[HEADER[3]],
    )
    if code_col is None:
        form.notes.append("the hidden code column was deleted; questions matched by their text")
    # A multiple choice question's rows: the question, then one per choice
    # with the same code (or, codes deleted, no number), ticked or not.
    ticked: dict[str, list[str]] = {}
    ticked_by_text: dict[str, list[str]] = {}
    question_text = None
    for row in ws.rows(header_row + 1, header_row + _SCAN_ROWS):
        by_column = dict(enumerate(row, start=1))
        value = by_column.get(answer_col)
        if isinstance(value, str) and not value.strip():
            value = None
        text = by_column.get(text_col) if text_col else None
        text = text.removesuffix(" *").strip() if isinstance(text, str) else None
        code = by_column.get(code_col) if code_col else None
        if code:
            code = str(code).strip()
            if code in form.answers:
                if text is not None:
                    ticks = ticked.setdefault(code, [])
                    if is_ticked(value):
                        ticks.append(text)
            else:
                form.answers[code] = value
        elif text is not None:
            number = by_column.get(no_col) if no_col else None
            if number is None and question_text is not None:
                ticks = ticked_by_text.setdefault(question_text, [])
                if is_ticked(value):
                    ticks.append(text)
            else:
                question_text = text
                form.answers_by_text[text] = value
    for answers, ticks_of in ((form.answers, ticked), (form.answers_by_text, ticked_by_text)):
        for key, ticks in ticks_of.items():
            if ticks or answers.get(key) is None:
                answers[key] = ticks or None


def is_ticked(value: Any) -> bool:
    """Whether a tick cell says yes: an "x", a check mark, "Yes", 1... but not
    blank, "No", "0" or "-", which people type to mean no."""
    if value is None or value is False:
        return False
    text = str(value).strip().casefold()
    return text not in _UNTICKED


def _saved_at(workbook: Any) -> datetime | None:
    """The workbook's "last modified" property, in UTC (a naive time is UTC)."""
    modified = getattr(workbook.properties, "modified", None)
    if not isinstance(modified, datetime):
        return None
    return modified.replace(tzinfo=UTC) if modified.tzinfo is None else modified.astimezone(UTC)


def _as_id(value: Any) -> int | None:
    """A record id as a form may hold it (a number, or digits as text), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    if not _SURVEY_ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None


def _as_token(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if _TOKEN.fullmatch(text) else None
