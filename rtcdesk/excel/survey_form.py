"""The follow-up survey as an Excel form, one workbook per recipient, and
reading such a form back.

Layout of the sheet "Questionnaire": the survey's title, the meeting it
follows up, the respondent and the deadline at the top, the instructions, then
one row per question: code (hidden column A), number, question, answer, how
to answer. Only the answer cells are unlocked; the sheet is protected without
a password, as guidance rather than a lock. Choice questions get drop-down
lists from a hidden sheet through defined names (Excel limits a list typed
into the rule to 255 characters), with error alerts on. The survey id and the
recipient's token sit in a very hidden sheet and in the workbook's custom
properties, and the token is printed at the foot of the form, so that a form
whose hidden parts were lost can still be matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from rtcdesk.excel.cells import is_formula_like

FORM_SHEET = "Questionnaire"
LISTS_SHEET = "Lists"
META_SHEET = "rtcdesk"
HEADER = ("Code", "No.", "Question", "Your answer", "How to answer")
CODE_COL, NO_COL, QUESTION_COL, ANSWER_COL, GUIDE_COL = 1, 2, 3, 4, 5
REFERENCE_PREFIX = "Form reference:"
FILL_IN_NOTE = "Fill in the yellow cells only, save the file and send it back as it is."

_ANSWER_FILL = PatternFill("solid", fgColor="FFF7D6")
_SECTION_FILL = PatternFill("solid", fgColor="DDE5F0")
_BOX = Border(*(Side(style="thin", color="9AA5B1"),) * 4)


@dataclass(frozen=True)
class FormQuestion:
    code: str
    kind: str  # a QuestionKind value
    text: str
    required: bool = False
    section: str = ""
    help_text: str = ""
    choices: tuple[str, ...] = ()
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""


@dataclass(frozen=True)
class FormSpec:
    survey_id: int
    token: str
    title: str
    meeting: str
    respondent: str
    delegation: str
    email: str
    deadline: date | None
    introduction: str
    questions: tuple[FormQuestion, ...]
    #: Answers already on record, by question code (pre-filled).
    answers: dict[str, Any] = field(default_factory=dict)


def guidance(question: FormQuestion) -> str:
    """How to answer, in words, for the last column."""
    kind = question.kind
    if kind == "yes_no":
        text = "Choose Yes or No."
    elif kind == "single_choice":
        text = "Choose one from the list."
    elif kind == "multiple_choice":
        text = "Type one or more of: " + "; ".join(question.choices) + " (separate with ;)"
    elif kind == "rating":
        low = f"{question.scale_min}" + (
            f" = {question.scale_min_label}" if question.scale_min_label else ""
        )
        high = f"{question.scale_max}" + (
            f" = {question.scale_max_label}" if question.scale_max_label else ""
        )
        text = f"A whole number from {low} to {high}."
    elif kind == "number":
        text = "A number."
    elif kind == "date":
        text = "A date, e.g. 2024-03-31."
    else:
        text = "Your words."
    if question.required:
        text = "Required. " + text
    return f"{text} {question.help_text}".strip()


def _end(value: int | None, label: str) -> str:
    return f"{value} = {label}" if label else f"{value}"


def _top_lines(spec: FormSpec) -> list[tuple[str, Font | None]]:
    respondent = f"Respondent: {spec.respondent}"
    if spec.delegation:
        respondent += f" ({spec.delegation})"
    deadline = f"Please return this form by {spec.deadline:%d %B %Y}." if spec.deadline else ""
    return [
        (spec.title, Font(bold=True, size=14)),
        (f"Follow-up of: {spec.meeting}", Font(bold=True)),
        (respondent, None),
        (f"E-mail: {spec.email}" if spec.email else "E-mail:", None),
        (deadline, Font(bold=True, color="9C0006")),
        (spec.introduction, None),
        (FILL_IN_NOTE, Font(italic=True)),
    ]


def write_form(path: Path, spec: FormSpec) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta.append(["survey_id", spec.survey_id])
    meta.append(["token", spec.token])
    meta.append(["format", 1])
    wb.custom_doc_props.append(StringProperty(name="rtcdesk_survey_id", value=str(spec.survey_id)))
    wb.custom_doc_props.append(StringProperty(name="rtcdesk_token", value=spec.token))

    widths = {"A": 4, "B": 5, "C": 60, "D": 40, "E": 44}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True

    top = _top_lines(spec)
    for number, (text, font) in enumerate(top, start=1):
        cell = _put(ws, number, NO_COL, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
        ws.merge_cells(start_row=number, start_column=NO_COL, end_row=number, end_column=GUIDE_COL)
    ws.row_dimensions[6].height = 15 * max(1, len(spec.introduction) // 120 + 1)

    header_row = len(top) + 2
    for column, text in enumerate(HEADER, start=1):
        cell = ws.cell(header_row, column, text)
        cell.font = Font(bold=True)
        cell.fill = _SECTION_FILL
        cell.border = _BOX
    ws.freeze_panes = ws.cell(header_row + 1, 1)

    row = header_row + 1
    section = None
    list_column = 0
    for number, question in enumerate(spec.questions, start=1):
        if question.section and question.section != section:
            section = question.section
            cell = _put(ws, row, NO_COL, section)
            cell.font = Font(bold=True)
            cell.fill = _SECTION_FILL
            ws.merge_cells(start_row=row, start_column=NO_COL, end_row=row, end_column=GUIDE_COL)
            row += 1
        ws.cell(row, CODE_COL, question.code)
        ws.cell(row, NO_COL, number)
        label = question.text + (" *" if question.required else "")
        text_cell = _put(ws, row, QUESTION_COL, label)
        text_cell.alignment = Alignment(wrap_text=True, vertical="top")
        answer = _put(ws, row, ANSWER_COL, _prefill(spec.answers.get(question.code)))
        answer.protection = Protection(locked=False)
        answer.fill = _ANSWER_FILL
        answer.border = _BOX
        answer.alignment = Alignment(wrap_text=True, vertical="top")
        if question.kind == "date":
            answer.number_format = "yyyy-mm-dd"
        guide = _put(ws, row, GUIDE_COL, guidance(question))
        guide.alignment = Alignment(wrap_text=True, vertical="top")
        guide.font = Font(color="555555")
        validation = _validation(wb, lists, question, list_column)
        if question.kind in ("single_choice", "yes_no"):
            list_column += 1
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(answer.coordinate)
        lines = max(len(question.text) // 55, len(guidance(question)) // 40) + 1
        ws.row_dimensions[row].height = 15 * lines
        row += 1

    ws.cell(row + 1, NO_COL, f"{REFERENCE_PREFIX} {spec.survey_id}-{spec.token}").font = Font(
        size=8, color="888888"
    )
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _validation(
    wb: Workbook, lists: Any, question: FormQuestion, list_column: int
) -> DataValidation | None:
    error = {"showErrorMessage": True, "errorTitle": "Not an answer", "allow_blank": True}
    if question.kind in ("single_choice", "yes_no"):
        choices = question.choices if question.kind == "single_choice" else ("Yes", "No")
        letter = _letter(list_column + 1)
        for number, choice in enumerate(choices, start=1):
            _put(lists, number, list_column + 1, choice)
        name = f"choices_{re.sub(r'[^A-Za-z0-9_]', '_', question.code)}"
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"{LISTS_SHEET}!${letter}$1:${letter}${len(choices)}"
        )
        return DataValidation(
            type="list", formula1=f"={name}", error="Choose an answer from the list.", **error
        )
    if question.kind == "rating":
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(question.scale_min),
            formula2=str(question.scale_max),
            error=f"Type a whole number from {question.scale_min} to {question.scale_max}.",
            **error,
        )
    if question.kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="-1E+300",
                              error="Type a number.", **error)  # fmt: skip
    if question.kind == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="1",
                              error="Type a date, e.g. 2024-03-31.", **error)  # fmt: skip
    return None


def _letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value``; text that looks like a formula stays text."""
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
    return cell


def _prefill(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
