"""The workbook of everything held about one person (a subject access
request): one sheet per kind of record. Plain rows in, a file out.

The sheets are print-ready tables written by ``rtcdesk.excel.report``, so the
file is written atomically and no text can become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtcdesk.excel.print_layout import DEFAULT_PAPER
from rtcdesk.excel.report import ReportColumn, ReportSheet, write_workbook
from rtcdesk.progress import ProgressReporter

PERSON_HEADERS = ("Field", "Value")
PARTICIPATION_HEADERS = (
    "Meeting", "Start", "End", "Delegation", "Role", "Attendance", "Status",
    "Arrival", "Departure", "Notes",
)  # fmt: skip
AGENDA_HEADERS = ("Meeting", "Day", "Start", "End", "Agenda item", "Kind", "Speaks")
ACTION_HEADERS = ("Meeting", "Action", "Owner organisation", "Due", "Status", "Completed on")
SURVEY_HEADERS = (
    "Survey", "Meeting", "Status", "Invited (UTC)", "Reminders", "Last reminded (UTC)",
    "Responded (UTC)", "Note", "Question", "Answer",
)  # fmt: skip
HISTORY_HEADERS = ("When (UTC)", "By", "Action", "Record", "Changes")

#: Columns whose text may run long: wrapped instead of widened.
_WRAPPED = {"Value", "Notes", "Action", "Note", "Question", "Answer", "Changes"}

Rows = Sequence[Sequence[Any]]


@dataclass(frozen=True)
class PersonRecord:
    """What is held about one person, as rows of the sheets named alike.

    ``person`` holds (field, value) pairs; every other sequence holds rows in
    the order of its ``*_HEADERS``. ``history`` is None where no history is
    kept, and the workbook then has no History sheet.
    """

    name: str
    exported_on: str
    person: Sequence[tuple[str, Any]]
    participations: Rows
    agenda: Rows
    action_items: Rows
    surveys: Rows
    history: Rows | None = None


def _sheet(name: str, headers: Sequence[str], rows: Rows, title: Sequence[str]) -> ReportSheet:
    return ReportSheet(
        name,
        [ReportColumn(h, wrap=h in _WRAPPED) for h in headers],
        lambda: rows,
        title_lines=[*title, name if rows else f"{name}: none"],
        row_count=len(rows),
    )


def person_record_sheets(record: PersonRecord) -> list[ReportSheet]:
    title = [f"Everything held about {record.name}", f"Exported on {record.exported_on}"]
    tables: list[tuple[str, Sequence[str], Rows]] = [
        ("Person", PERSON_HEADERS, [list(pair) for pair in record.person]),
        ("Participations", PARTICIPATION_HEADERS, record.participations),
        ("Agenda", AGENDA_HEADERS, record.agenda),
        ("Action items", ACTION_HEADERS, record.action_items),
        ("Surveys", SURVEY_HEADERS, record.surveys),
    ]
    if record.history is not None:
        tables.append(("History", HISTORY_HEADERS, record.history))
    return [_sheet(name, headers, rows, title) for name, headers, rows in tables]


def write_person_record(
    path: Path,
    record: PersonRecord,
    progress: ProgressReporter | None = None,
    paper: str = DEFAULT_PAPER,
) -> Path:
    """Write the workbook to ``path`` atomically, to print on ``paper``;
    returns the path written."""
    return write_workbook(path, person_record_sheets(record), progress, paper)
