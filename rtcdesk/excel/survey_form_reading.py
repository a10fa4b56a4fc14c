"""Reading a returned survey form, however the respondent treated it.

The survey id and token are looked for in the very hidden sheet, then in the
workbook's custom properties, then in the printed form reference; the answer
column is found by its header, so inserted or deleted columns do no harm; a
renamed sheet is found by its header row; deleted codes are recovered from
the question text. What cannot be read is listed in ``notes``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from rtcdesk.errors import FileRefusedError
from rtcdesk.excel.reading import check_workbook_file
from rtcdesk.excel.survey_form import FORM_SHEET, HEADER, META_SHEET, REFERENCE_PREFIX

_REFERENCE = re.compile(re.escape(REFERENCE_PREFIX) + r"\s*(\d+)-([A-Za-z0-9_-]+)")
_SCAN_ROWS = 300


@dataclass
class ReturnedForm:
    file: Path
    fingerprint: str
    survey_id: int | None = None
    token: str | None = None
    email: str = ""
    #: Answers by question code.
    answers: dict[str, Any] = field(default_factory=dict)
    #: Answers by question text, for rows whose code was deleted.
    answers_by_text: dict[str, Any] = field(default_factory=dict)
    #: Cells whose formula was evaluated by the respondent's Excel.
    notes: list[str] = field(default_factory=list)


def read_returned_form(path: Path) -> ReturnedForm:
    path = Path(path)
    check_workbook_file(path)
    fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileRefusedError(f"{path.name} cannot be read as a workbook: {exc}") from exc
    form = ReturnedForm(path, fingerprint)
    _identify(workbook, form)
    sheet = _form_sheet(workbook, form)
    if sheet is None:
        form.notes.append("no sheet with the questions (a header 'Your answer') was found")
        return form
    _read_answers(sheet, form)
    return form


def _identify(workbook: Any, form: ReturnedForm) -> None:
    if META_SHEET in workbook.sheetnames:
        meta = workbook[META_SHEET]
        values = {str(r[0]): r[1] for r in meta.iter_rows(values_only=True) if r and r[0]}
        form.survey_id = _as_int(values.get("survey_id"))
        form.token = _as_token(values.get("token"))
    if form.token is None:
        props = {p.name: p.value for p in workbook.custom_doc_props.props}
        form.survey_id = form.survey_id or _as_int(props.get("rtcdesk_survey_id"))
        form.token = _as_token(props.get("rtcdesk_token"))
    for ws in workbook.worksheets:
        for row in ws.iter_rows(max_row=_SCAN_ROWS, values_only=True):
            for value in row:
                if not isinstance(value, str):
                    continue
                match = _REFERENCE.search(value)
                if match and form.token is None:
                    form.survey_id = form.survey_id or int(match.group(1))
                    form.token = match.group(2)
                if value.startswith("E-mail:") and not form.email:
                    form.email = value.removeprefix("E-mail:").strip()


def _form_sheet(workbook: Any, form: ReturnedForm) -> Any:
    if FORM_SHEET in workbook.sheetnames:
        return workbook[FORM_SHEET]
    for ws in workbook.worksheets:
        if ws.title in (META_SHEET,) or ws.sheet_state != "visible":
            continue
        if _header(ws) is not None:
            form.notes.append(f"the sheet '{FORM_SHEET}' was renamed to '{ws.title}'")
            return ws
    return None


def _header(ws: Any) -> tuple[int, dict[str, int]] | None:
    for row in ws.iter_rows(max_row=40):
        names = {str(c.value).strip(): c.column for c in row if isinstance(c.value, str)}
        if HEADER[3] in names:
            return row[0].row, names
    return None


def _read_answers(ws: Any, form: ReturnedForm) -> None:
    found = _header(ws)
    if found is None:
        form.notes.append("the header row with 'Your answer' is missing")
        return
    header_row, columns = found
    code_col, text_col, answer_col = (
        columns.get(HEADER[0]),
        columns.get(HEADER[2]),
        columns[HEADER[3]],
    )
    if code_col is None:
        form.notes.append("the hidden code column was deleted; questions matched by their text")
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + _SCAN_ROWS):
        by_column = {c.column: c.value for c in row if getattr(c, "column", None)}
        value = by_column.get(answer_col)
        if isinstance(value, str) and not value.strip():
            value = None
        code = by_column.get(code_col) if code_col else None
        if code:
            form.answers[str(code).strip()] = value
        elif text_col and isinstance(by_column.get(text_col), str):
            text = by_column[text_col].removesuffix(" *").strip()
            form.answers_by_text[text] = value


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _as_token(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
