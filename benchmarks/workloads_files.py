"""Workloads on files coming back: collecting returned survey forms.

The generated database's survey (500 recipients) gets the built-in follow-up
questionnaire and a multiple choice question, in a copy of the database so
that the other workloads see it as generated. rtcdesk writes one form per
recipient with its own form writer; each form is then filled in with plain
openpyxl, as a respondent's spreadsheet app would (an answer per question,
some choices ticked, a few optional ones left blank). rtcdesk's collection
(read, review and record every return, then rolled back so that every
repetition collects the same new responses) is timed against a baseline
that opens each form with openpyxl and reads its answer cells.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from large_database import Generated
from openpyxl import load_workbook
from workload import Workload

from rtcdesk.db.engine import Database
from rtcdesk.excel.survey_form import ANSWER_COL, CODE_COL, FORM_SHEET
from rtcdesk.services.survey_forms import commit_returns, review_returns, write_forms
from rtcdesk.services.survey_responses import returned_files
from rtcdesk.services.survey_templates import follow_up_questions
from rtcdesk.services.surveys import QuestionData, add_question
from rtcdesk.vocabulary import QuestionKind

TOPICS = ["Risk management", "Post-clearance audit", "Data analysis", "Integrity"]


def workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    database, forms = returned_forms(made, folder / f"returned-{made.sizes.people}")
    files = returned_files([forms])

    def collect_ours() -> None:
        with database.write() as s:
            reviews = review_returns(s, files, made.survey_id)
            result = commit_returns(s, reviews)
            s.rollback()  # the next repetition collects the same new responses
        if result.responses_new != len(files):
            raise RuntimeError(f"collected {result.summary()}, not {len(files)} new")

    def collect_raw() -> None:
        for path in files:
            _read_answers(path)

    return [Workload(f"collect {len(files):,} returned forms", collect_ours, collect_raw)]


def returned_forms(made: Generated, folder: Path) -> tuple[Database, Path]:
    """A copy of the database whose survey has questions, and a folder of
    its forms, one per recipient, filled in."""
    copy = folder.with_suffix(".sqlite")
    shutil.copyfile(made.path, copy)
    database = Database(copy)
    with database.write() as s:
        for question in [*follow_up_questions(), _topics_question()]:
            add_question(s, made.survey_id, question)
    with database.read() as s:
        written = write_forms(s, made.survey_id, folder)
    if len({p.name.casefold() for p in written}) != made.sizes.recipients:
        raise RuntimeError("two recipients' forms were given the same file name")
    for number, path in enumerate(written):
        _fill(path, number)
    return database, folder


def _topics_question() -> QuestionData:
    return QuestionData(
        "topics_applied",
        QuestionKind.MULTIPLE_CHOICE,
        "Which topics of the meeting have you applied?",
        section="Application of what was learnt",
        choices=list(TOPICS),
    )


def _answers(number: int) -> dict[str, Any]:
    """What respondent ``number`` types: every required answer, some optional ones."""
    answers: dict[str, Any] = {
        "shared_knowledge": "Yes" if number % 4 else "No",
        "national_trainings": number % 7,
        "applied_in_work": 1 + number % 5,
        "efficiency": 1 + (number * 3) % 5,
        "modernisation_started": "No" if number % 3 else "Yes",
    }
    if number % 4:
        answers["colleagues_reached"] = 5 + number % 40
        answers["training_participants"] = 20 + number % 200
    if number % 2:
        answers["direct_effects"] = f"Procedures revised at {number % 12 + 1} border posts."
        answers["further_needs"] = "Advanced training on the same topic, in person."
    return answers


def _fill(path: Path, number: int) -> None:
    """Type respondent ``number``'s answers into the form, ticking some topics."""
    workbook = load_workbook(path)
    sheet = workbook[FORM_SHEET]
    answers = _answers(number)
    ticks = {TOPICS[number % len(TOPICS)], TOPICS[(number + 1) % len(TOPICS)]}
    for row in sheet.iter_rows(min_col=CODE_COL, max_col=ANSWER_COL):
        code = row[0].value
        if code == "topics_applied":
            if row[2].value in ticks:  # a choice row (the question's own row is not one)
                row[ANSWER_COL - 1].value = "x"
        elif code in answers:
            row[ANSWER_COL - 1].value = answers[code]
    workbook.save(path)


def _read_answers(path: Path) -> dict[str, list[Any]]:
    """The raw work: open the form, read each row's code and answer cell."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    found: dict[str, list[Any]] = {}
    for code, *_, answer in workbook[FORM_SHEET].iter_rows(
        min_col=CODE_COL, max_col=ANSWER_COL, values_only=True
    ):
        if code:
            found.setdefault(str(code), []).append(answer)
    workbook.close()
    return found
