"""The follow-up survey cycle on the demo meeting: design from the template,
recipients from attended participants, forms out, forms filled in as
respondents do (badly too), collected, reviewed, committed, analysed, exported."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from factories import GOOD_FOLLOW_UP_ANSWERS, make_survey_of_meeting_21
from openpyxl import load_workbook

from rtcdesk.db.engine import Database
from rtcdesk.excel.survey_form import FORM_SHEET, META_SHEET
from rtcdesk.services import surveys
from rtcdesk.services.survey_analysis import non_respondents, response_rates, summarise, tracker
from rtcdesk.services.survey_export import export_survey
from rtcdesk.services.survey_forms import commit_returns, review_returns, write_forms
from rtcdesk.services.survey_templates import follow_up_questions
from rtcdesk.vocabulary import RecipientStatus, SurveyStatus


@pytest.fixture
def survey(demo: Database) -> int:
    """A new survey of the 21st meeting from the built-in template, open, sent
    to everyone who attended (all 22)."""
    return make_survey_of_meeting_21(demo, status=SurveyStatus.OPEN)


@pytest.fixture
def forms(demo: Database, survey: int, tmp_path: Path) -> dict[str, Path]:
    with demo.read() as s:
        written = write_forms(s, survey, tmp_path / "out")
    return {path.name.split(" - ")[1].split(" (")[0]: path for path in written}


def fill(path: Path, answers: dict[str, Any], target: Path | None = None) -> Path:
    """Answer the form as a respondent in Excel would: type into the answer cells."""
    workbook = load_workbook(path)
    sheet = workbook[FORM_SHEET]
    for row in sheet.iter_rows(min_row=1):
        code = row[0].value
        if code in answers:
            row[3].value = answers[code]
    target = target or path.with_name("returned " + path.name)
    workbook.save(target)
    return target


GOOD = GOOD_FOLLOW_UP_ANSWERS


def test_the_form_layout(forms: dict[str, Path]) -> None:
    workbook = load_workbook(forms["TANAKA Hiroshi"])
    assert workbook.sheetnames == [FORM_SHEET, "Lists", META_SHEET]
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    assert workbook["Lists"].sheet_state == "hidden"
    sheet = workbook[FORM_SHEET]
    texts = [sheet.cell(r, 2).value for r in range(1, 6)]
    assert texts[0] == "Follow-up survey 2025"
    assert texts[1] == "Follow-up of: 21st RTC Heads Meeting"
    assert texts[2] == "Respondent: Mr. TANAKA Hiroshi (RTC Japan)"
    assert texts[4] == (
        "Please return this form by 31 March 2025, in reply to the e-mail it came with."
    )
    assert sheet.protection.sheet
    answer_rows = [r for r in sheet.iter_rows() if r[0].value and r[0].value != "Code"]
    assert len(answer_rows) == len(follow_up_questions())
    assert all(not r[3].protection.locked for r in answer_rows)
    assert all(r[2].protection.locked for r in answer_rows)
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    yes_no = next(r for r in answer_rows if r[0].value == "shared_knowledge")[3]
    assert validations[yes_no.coordinate].formula1 == "=choices_shared_knowledge"
    assert validations[yes_no.coordinate].showErrorMessage
    rating = next(r for r in answer_rows if r[0].value == "applied_in_work")[3]
    assert (validations[rating.coordinate].formula1, validations[rating.coordinate].formula2) == (
        "1",
        "5",
    )
    assert "choices_shared_knowledge" in workbook.defined_names


def test_full_cycle(demo: Database, survey: int, forms: dict[str, Path], tmp_path: Path) -> None:
    returned = [
        fill(forms["TANAKA Hiroshi"], GOOD),
        fill(forms["ZHANG Wei"], {**GOOD, "shared_knowledge": "No", "applied_in_work": 2,
                                  "colleagues_reached": None, "efficiency": 3}),
        fill(forms["Norikazu KURAMOTO"], {**GOOD, "applied_in_work": 5, "efficiency": 4}),
    ]  # fmt: skip
    with demo.write() as s:
        reviews = review_returns(s, returned, survey)
        assert [r.status for r in reviews] == ["new", "new", "new"]
        result = commit_returns(s, reviews)
    assert result.responses_new == 3

    with demo.read() as s:
        summaries = {q.code: q for q in summarise(s, survey)}
        rows = tracker(s, survey)
    shared = summaries["shared_knowledge"]
    assert [(o.option, o.count) for o in shared.options] == [("Yes", 2), ("No", 1)]
    assert shared.options[0].share == pytest.approx(2 / 3)
    applied = summaries["applied_in_work"]
    assert applied.mean == pytest.approx((4 + 2 + 5) / 3)
    assert applied.median == 4
    assert summaries["colleagues_reached"].answered == 2
    assert summaries["colleagues_reached"].mean == 30
    assert ("Mr. TANAKA Hiroshi", "Induction course redesigned.") in summaries[
        "direct_effects"
    ].texts
    overall = response_rates(rows)[0]
    assert (overall.recipients, overall.responded) == (22, 3)
    assert len(non_respondents(rows)) == 19
    by_region = {r.group: (r.recipients, r.responded) for r in response_rates(rows, "sub_region")}
    assert by_region["Far East"][1] == 2

    target = tmp_path / "results.xlsx"
    with demo.read() as s:
        export_survey(s, survey, target)
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Summary", "Answers", "Responses", "Tracker"]
    responses = table_rows(workbook["Responses"], "Respondent")
    assert responses[0][:4] == (
        "Respondent",
        "Delegation",
        "Responded",
        "1. Did you share the knowledge gained with colleagues in your administration?",
    )
    assert len(responses) == 4
    tanaka = next(r for r in responses if r[0] == "Mr. TANAKA Hiroshi")
    assert tanaka[3:6] == ("Yes", 30, 2)
    questions = table_rows(workbook["Summary"], "No.")
    assert questions[1][:3] == (1, follow_up_questions()[0].text, 3)
    assert questions[1][3] == "Yes 2, No 1"
    # A chart per question with answers to count: two yes/no, two ratings.
    assert len(workbook["Answers"]._charts) == 4
    tracker_rows = table_rows(workbook["Tracker"], "Recipient")
    assert len(tracker_rows) == 23


def table_rows(sheet: Any, first_header: str) -> list[tuple[Any, ...]]:
    """The rows of a sheet from its header row (the one starting ``first_header``) down."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == first_header)
    return rows[start:]


def test_the_same_file_again_changes_nothing(
    demo: Database, survey: int, forms: dict[str, Path]
) -> None:
    path = fill(forms["TANAKA Hiroshi"], GOOD)
    with demo.write() as s:
        commit_returns(s, review_returns(s, [path], survey))
    with demo.write() as s:
        again = review_returns(s, [path, path], survey)
        assert again[0].status == "unchanged"
        assert again[1].status == "refused"
        assert "the same file as" in again[1].reason
        result = commit_returns(s, again)
    assert (result.responses_new, result.responses_changed, result.unchanged) == (0, 0, 1)


def test_a_changed_answer_shows_old_and_new(
    demo: Database, survey: int, forms: dict[str, Path], tmp_path: Path
) -> None:
    first = fill(forms["TANAKA Hiroshi"], GOOD)
    with demo.write() as s:
        commit_returns(s, review_returns(s, [first], survey))
    second = fill(forms["TANAKA Hiroshi"], {**GOOD, "national_trainings": 4},
                  tmp_path / "second.xlsx")  # fmt: skip
    with demo.write() as s:
        (review,) = review_returns(s, [second], survey)
        assert review.status == "changed"
        assert [(c.code, c.old, c.new) for c in review.changes] == [("national_trainings", 2, 4)]


def test_what_a_careless_respondent_returns_still_counts(
    demo: Database, survey: int, forms: dict[str, Path], tmp_path: Path
) -> None:
    # Protection removed, free text typed into a drop-down and a rating cell,
    # the sheet renamed, the printed reference deleted.
    path = forms["CHAN Ka-yan"]
    workbook = load_workbook(path)
    sheet = workbook[FORM_SHEET]
    sheet.protection.sheet = False
    sheet.title = "My answers"
    for row in sheet.iter_rows():
        code = row[0].value
        if code == "shared_knowledge":
            row[3].value = "Of course"
        elif code == "applied_in_work":
            row[3].value = "very much"
        elif code == "national_trainings":
            row[3].value = "3"
        elif isinstance(row[1].value, str) and row[1].value.startswith("Form reference"):
            row[1].value = None
    careless = tmp_path / "careless.xlsx"
    workbook.save(careless)
    with demo.write() as s:
        (review,) = review_returns(s, [careless], survey)
        assert review.status == "new"
        assert review.respondent == "Ms. CHAN Ka-yan"
        assert {c.code: c.new for c in review.changes} == {"national_trainings": 3}
        assert {i.code: i.reason for i in review.invalid} == {
            "shared_knowledge": "'Of course' is not yes or no",
            "applied_in_work": "'very much' is not a number",
        }
        assert any("renamed" in note for note in review.notes)
        commit_returns(s, [review])
    with demo.read() as s:
        recipient = next(
            r for r in surveys.get_survey(s, survey).recipients if r.token and r.answers
        )
        # Unreadable answers: returned, but incomplete, and still to chase.
        assert recipient.status is RecipientStatus.INCOMPLETE
        assert "cannot read: Q1 Did you share" in recipient.status_note
        assert "('Of course' is not yes or no)" in recipient.status_note
        assert recipient.id in {r.recipient_id for r in non_respondents(tracker(s, survey))}


def test_a_form_without_its_hidden_parts_is_matched_by_e_mail(
    demo: Database, survey: int, forms: dict[str, Path], tmp_path: Path
) -> None:
    path = fill(forms["TANAKA Hiroshi"], GOOD)
    workbook = load_workbook(path)
    del workbook[META_SHEET]
    workbook.custom_doc_props.props.clear()
    sheet = workbook[FORM_SHEET]
    for row in sheet.iter_rows():
        if isinstance(row[1].value, str) and row[1].value.startswith("Form reference"):
            row[1].value = None
    stripped = tmp_path / "stripped.xlsx"
    workbook.save(stripped)
    with demo.write() as s:
        (review,) = review_returns(s, [stripped], survey)
    assert review.status == "refused"  # no survey named anywhere: refused, not guessed
    with demo.write() as s:
        # Told which survey it is, the e-mail on the form finds the respondent.
        workbook = load_workbook(stripped)
        workbook.create_sheet(META_SHEET).append(["survey_id", survey])
        workbook.save(stripped)
        (review,) = review_returns(s, [stripped], survey)
    assert review.status == "new"
    assert review.respondent == "Mr. TANAKA Hiroshi"
    assert any("matched by the respondent's e-mail" in n for n in review.notes)


def test_a_workbook_from_another_survey_is_refused(
    demo: Database, survey: int, forms: dict[str, Path], tmp_path: Path
) -> None:
    with demo.read() as s:
        (demo_survey,) = [r.id for r in surveys.list_surveys(s) if r.id != survey]
        other = write_forms(s, demo_survey, tmp_path / "other")[0]
    with demo.write() as s:
        (review,) = review_returns(s, [other], survey)
    assert review.status == "refused"
    assert "another survey" in review.reason


def test_a_foreign_workbook_is_refused(demo: Database, survey: int, tmp_path: Path) -> None:
    from registration_files import workbook

    foreign = workbook(tmp_path / "budget.xlsx", ["Item", "Cost"], [["Tea", 3]])
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("hello")
    with demo.write() as s:
        reviews = review_returns(s, [foreign, not_a_workbook], survey)
    assert [r.status for r in reviews] == ["refused", "refused"]
    assert "not an rtcdesk survey form" in reviews[0].reason
    assert "neither an Excel workbook" in reviews[1].reason


def test_forms_keep_answers_already_on_record(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        (demo_survey,) = surveys.list_surveys(s)
        written = write_forms(s, demo_survey.id, tmp_path / "demo")
    zhang = next(p for p in written if "ZHANG Wei" in p.name)
    sheet = load_workbook(zhang)[FORM_SHEET]
    answers = {r[0].value: r[3].value for r in sheet.iter_rows() if r[0].value}
    assert answers["shared_knowledge"] == "Yes"
    assert answers["colleagues_reached"] == 25
    shutil.rmtree(tmp_path / "demo")
