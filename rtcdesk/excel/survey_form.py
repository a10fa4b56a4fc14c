"""The follow-up survey as an Excel form, one workbook per recipient.

Layout of the sheet "Questionnaire", A4 portrait (or Letter) at full size:
the survey's title, the meeting it follows up, the respondent, how and by
when to send it back (to the coordinator's address from the preferences),
the instructions; then one row per question: code (hidden column A), number,
question, answer, how to answer. Answer cells are yellow, wrapped and as
tall as the kind of answer needs (several lines for words). A multiple
choice question is followed by one row per choice, each with a tick cell
(an "x"), its hidden code repeated: ``survey_form_reading`` reads the ticked
choices back as a set. Only answer and tick cells are unlocked; the sheet is
protected without a password, as guidance rather than a lock. Choice
questions get drop-down lists from a hidden sheet through defined names
(Excel limits a list typed into the rule to 255 characters), with error
alerts on. The survey id and the recipient's token sit in a very hidden sheet
and in the workbook's custom properties, and the token is printed at the foot
of the form and of every page, so that a form whose hidden parts were lost
can still be matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from rtcdesk.excel.cells import display_width, set_value
from rtcdesk.excel.print_layout import (
    BODY_FONT,
    BOLD_FONT,
    DEFAULT_PAPER,
    FONT_NAME,
    GRID,
    LINE_HEIGHT,
    NOTE_FONT,
    TITLE_FONT,
    WRAPPED,
    save_atomically,
    set_page,
    use_body_font_as_default,
)

FORM_SHEET = "Questionnaire"
LISTS_SHEET = "Lists"
META_SHEET = "rtcdesk"
#: 1: multiple choice typed into one cell; 2: one tick cell per choice.
FORMAT_VERSION = 2
HEADER = ("Code", "No.", "Question", "Your answer", "How to answer")
CODE_COL, NO_COL, QUESTION_COL, ANSWER_COL, GUIDE_COL = 1, 2, 3, 4, 5
#: Column widths in characters: B to E add up to A4 portrait's printable
#: width at full size (see ``print_layout.printed_scale``).
WIDTHS = {"A": 4, "B": 4.5, "C": 44, "D": 32, "E": 19}
#: Lines of room to write, by question kind (at least the question's own lines).
ANSWER_LINES = {"text": 5, "number": 2, "date": 2, "rating": 2}
REFERENCE_PREFIX = "Form reference:"
RESPONDENT_PREFIX = "Respondent:"
FILL_IN_NOTE = (
    "Fill in the yellow cells only (type x beside each choice that applies), save the file "
    "and send it back as it is."
)

_ANSWER_FILL = PatternFill("solid", fgColor="FFF7D6")
_SECTION_FILL = PatternFill("solid", fgColor="DDE5F0")
_DEADLINE_FONT = Font(name=FONT_NAME, size=10, bold=True, color="9C0006")
_ITALIC_FONT = Font(name=FONT_NAME, size=10, italic=True)
_CHOICE_ALIGNMENT = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=2)
_TICK_ALIGNMENT = Alignment(horizontal="center", vertical="top")
#: Answers start at the left, numbers too: a form is read, not added up.
_ANSWER_ALIGNMENT = Alignment(horizontal="left", vertical="top", wrap_text=True)


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
    #: The longest text answer kept, if limited.
    max_length: int | None = None
    #: A number question's answers may have decimals.
    decimals: bool = False


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
    #: The address to send the form back to (the coordinator's), if set.
    return_to: str = ""


def guidance(question: FormQuestion) -> str:
    """How to answer, in words, for the last column."""
    kind = question.kind
    if kind == "yes_no":
        text = "Choose Yes or No."
    elif kind == "single_choice":
        text = "Choose one from the list."
    elif kind == "multiple_choice":
        text = "Tick (x) each choice that applies."
    elif kind == "rating":
        low = f"{question.scale_min}" + (
            f" = {question.scale_min_label}" if question.scale_min_label else ""
        )
        high = f"{question.scale_max}" + (
            f" = {question.scale_max_label}" if question.scale_max_label else ""
        )
        text = f"A whole number from {low} to {high}."
    elif kind == "number":
        least, most = question.scale_min, question.scale_max
        number = "A number" if question.decimals else "A whole number"
        if least is not None and most is not None:
            text = f"{number} from {least} to {most}."
        elif least is not None:
            text = f"{number}, {least} or more."
        else:
            text = f"{number}."
    elif kind == "date":
        text = "A date, e.g. 31 Mar 2024."
    elif question.max_length:
        text = f"Your words (up to {question.max_length:,} characters)."
    else:
        text = "Your words."
    if question.required:
        text = "Required. " + text
    return f"{text} {question.help_text}".strip()


def _end(value: int | None, label: str) -> str:
    return f"{value} = {label}" if label else f"{value}"


def return_line(spec: FormSpec) -> str:
    """How and by when to send the form back, in one sentence."""
    by = f" by {spec.deadline.day} {spec.deadline:%B %Y}" if spec.deadline else ""
    if spec.return_to:
        return f"Please return this form{by} to {spec.return_to}, attached to an e-mail."
    return f"Please return this form{by}, in reply to the e-mail it came with."


def _top_lines(spec: FormSpec) -> list[tuple[str, Font]]:
    respondent = f"{RESPONDENT_PREFIX} {spec.respondent}"
    if spec.delegation:
        respondent += f" ({spec.delegation})"
    return [
        (spec.title, TITLE_FONT),
        (f"Follow-up of: {spec.meeting}", BOLD_FONT),
        (respondent, BODY_FONT),
        (f"E-mail: {spec.email}" if spec.email else "E-mail:", BODY_FONT),
        (return_line(spec), _DEADLINE_FONT),
        (spec.introduction, BODY_FONT),
        (FILL_IN_NOTE, _ITALIC_FONT),
    ]


def _lines(text: str, width: float) -> int:
    """Printed lines ``text`` takes wrapped in a column ``width`` characters wide."""
    usable = max(int(width) - 1, 1)
    return sum(max(1, -(-display_width(line) // usable)) for line in text.splitlines() or [""])


def _height(lines: int) -> float:
    return LINE_HEIGHT * lines + 4


def write_form(path: Path, spec: FormSpec, paper: str = DEFAULT_PAPER) -> Path:
    """Write the form for one respondent to ``path``, set up to print on ``paper``."""
    wb = Workbook()
    use_body_font_as_default(wb)
    ws = wb.active
    ws.title = FORM_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta.append(["survey_id", spec.survey_id])
    meta.append(["token", spec.token])
    meta.append(["format", FORMAT_VERSION])
    wb.custom_doc_props.append(StringProperty(name="rtcdesk_survey_id", value=str(spec.survey_id)))
    wb.custom_doc_props.append(StringProperty(name="rtcdesk_token", value=spec.token))

    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True
    merged_width = sum(w for letter, w in WIDTHS.items() if letter != "A")

    top = _top_lines(spec)
    for number, (text, font) in enumerate(top, start=1):
        cell = _put(ws, number, NO_COL, text, font)
        cell.alignment = WRAPPED
        ws.merge_cells(start_row=number, start_column=NO_COL, end_row=number, end_column=GUIDE_COL)
        lines = _lines(text, merged_width * (0.8 if font is TITLE_FONT else 1.0))
        if lines > 1 or font is TITLE_FONT:
            ws.row_dimensions[number].height = _height(lines) * (1.4 if font is TITLE_FONT else 1)

    header_row = len(top) + 2
    for column, text in enumerate(HEADER, start=1):
        cell = _put(ws, header_row, column, text, BOLD_FONT)
        cell.fill = _SECTION_FILL
        cell.border = GRID
        cell.alignment = WRAPPED
    ws.freeze_panes = ws.cell(header_row + 1, 1)

    row = header_row + 1
    section = None
    lists_used = 0
    ticks = DataValidation(
        type="list", formula1='"x"', allow_blank=True, showErrorMessage=True,
        errorTitle="Not a tick", error="Type x to tick this choice, or leave the cell empty.",
    )  # fmt: skip
    for number, question in enumerate(spec.questions, start=1):
        if question.section and question.section != section:
            section = question.section
            cell = _put(ws, row, NO_COL, section, BOLD_FONT)
            cell.fill = _SECTION_FILL
            for column in range(NO_COL, GUIDE_COL + 1):
                ws.cell(row, column).border = GRID
            ws.merge_cells(start_row=row, start_column=NO_COL, end_row=row, end_column=GUIDE_COL)
            row += 1
        given = spec.answers.get(question.code)
        _put(ws, row, CODE_COL, question.code, BODY_FONT)
        _put(ws, row, NO_COL, number, BOLD_FONT).alignment = WRAPPED
        label = question.text + (" *" if question.required else "")
        _put(ws, row, QUESTION_COL, label, BODY_FONT).alignment = WRAPPED
        how = guidance(question)
        _put(ws, row, GUIDE_COL, how, NOTE_FONT).alignment = WRAPPED
        lines = max(_lines(label, WIDTHS["C"]), _lines(how, WIDTHS["E"]))
        answer = ws.cell(row, ANSWER_COL)
        for column in range(NO_COL, GUIDE_COL + 1):
            ws.cell(row, column).border = GRID
        if question.kind == "multiple_choice":
            ws.row_dimensions[row].height = _height(lines)
            chosen = set(given) if isinstance(given, list) else set()
            for choice in question.choices:
                row += 1
                _put(ws, row, CODE_COL, question.code, BODY_FONT)
                option = _put(ws, row, QUESTION_COL, choice, BODY_FONT)
                option.alignment = _CHOICE_ALIGNMENT
                tick = _answer_cell(ws, row, "x" if choice in chosen else None)
                tick.alignment = _TICK_ALIGNMENT
                ticks.add(tick.coordinate)
                for column in range(NO_COL, GUIDE_COL + 1):
                    ws.cell(row, column).border = GRID
                ws.row_dimensions[row].height = _height(_lines(choice, WIDTHS["C"] - 3))
            row += 1
            continue
        answer = _answer_cell(ws, row, _prefill(given))
        if question.kind == "date":
            answer.number_format = "d mmm yyyy"
        validation = _validation(wb, lists, question, lists_used)
        if question.kind in ("single_choice", "yes_no"):
            lists_used += 1
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(answer.coordinate)
        ws.row_dimensions[row].height = _height(max(lines, ANSWER_LINES.get(question.kind, 1)))
        row += 1
    if ticks.sqref:
        ws.add_data_validation(ticks)

    reference = f"{REFERENCE_PREFIX} {spec.survey_id}-{spec.token}"
    _put(ws, row + 1, NO_COL, reference, NOTE_FONT)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    set_page(ws, paper=paper, landscape=False, title_rows=f"{header_row}:{header_row}")
    ws.oddFooter.left.text = reference
    ws.print_area = f"B1:{_letter(GUIDE_COL)}{row + 1}"
    return save_atomically(wb, path)


def _answer_cell(ws: Any, row: int, value: Any) -> Any:
    """A yellow, unlocked cell to write in."""
    cell = _put(ws, row, ANSWER_COL, value, BODY_FONT)
    cell.protection = Protection(locked=False)
    cell.fill = _ANSWER_FILL
    cell.border = GRID
    cell.alignment = _ANSWER_ALIGNMENT
    return cell


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
        return _number_validation(question, error)
    if question.kind == "text" and question.max_length:
        return DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(question.max_length),
                              error=f"Write at most {question.max_length:,} characters.",
                              **error)  # fmt: skip
    if question.kind == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="1",
                              error="Type a date, e.g. 31 Mar 2024.", **error)  # fmt: skip
    return None


def _number_validation(question: FormQuestion, error: dict[str, Any]) -> DataValidation:
    """The same range the collector checks: from the smallest to the largest,
    whole numbers unless the question takes decimals."""
    low, high = question.scale_min, question.scale_max
    kind, number = ("decimal", "a number") if question.decimals else ("whole", "a whole number")
    if low is not None and high is not None:
        return DataValidation(type=kind, operator="between", formula1=str(low),
                              formula2=str(high), error=f"Type {number} from {low} to {high}.",
                              **error)  # fmt: skip
    if low is not None:
        return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low),
                              error=f"Type {number}, {low} or more.", **error)  # fmt: skip
    return DataValidation(type=kind, operator="greaterThanOrEqual", formula1="-1E+300",
                          error=f"Type {number}.", **error)  # fmt: skip


def _letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _put(ws: Any, row: int, column: int, value: Any, font: Font = BODY_FONT) -> Any:
    """Write ``value`` in ``font``; text that looks like a formula stays text."""
    cell = ws.cell(row, column)
    set_value(cell, value)
    cell.font = font
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
