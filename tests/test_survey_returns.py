"""Returned forms whose answers can be reported (issue 12): counts that cannot
be negative, text answers of a stated length, one form file per recipient
however names repeat, a form that names someone else refused, answers in
words on the command line, nothing cut without a note."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from factories import GOOD_FOLLOW_UP_ANSWERS, make_meeting, make_participant, make_person, org_id
from openpyxl import load_workbook
from sqlalchemy import select
from test_print_surveys import every_kind_survey, recipients
from test_survey_cycle import fill, survey  # noqa: F401  (survey is a fixture)

from rtcdesk.cli import main
from rtcdesk.db.engine import Database
from rtcdesk.db.models import SurveyAnswer, SurveyQuestion, SurveyRecipient
from rtcdesk.excel.cells import CELL_LIMIT
from rtcdesk.excel.survey_form import FORM_SHEET
from rtcdesk.services import surveys
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import add_delegation
from rtcdesk.services.survey_analysis import summarise
from rtcdesk.services.survey_export import export_survey
from rtcdesk.services.survey_forms import commit_returns, review_returns, write_forms
from rtcdesk.services.survey_templates import follow_up_questions
from rtcdesk.vocabulary import ParticipantRole, RecipientStatus, SurveyStatus


@pytest.fixture
def forms(demo: Database, survey: int, tmp_path: Path) -> dict[str, Path]:  # noqa: F811
    with demo.read() as s:
        written = write_forms(s, survey, tmp_path / "out")
    return {path.name.split(" - ")[1].split(" (")[0]: path for path in written}


def validation_of(path: Path, code: str) -> Any:
    sheet = load_workbook(path)[FORM_SHEET]
    row = next(r for r in sheet.iter_rows() if r[0].value == code)
    answer = row[3].coordinate
    return next(dv for dv in sheet.data_validations.dataValidation if answer in str(dv.sqref))


def test_a_negative_count_is_refused_by_the_form_and_by_the_collector(
    demo: Database,
    survey: int,  # noqa: F811
    forms: dict[str, Path],
) -> None:
    form = forms["TANAKA Hiroshi"]
    rule = validation_of(form, "colleagues_reached")
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
    returned = fill(form, {**GOOD_FOLLOW_UP_ANSWERS, "colleagues_reached": -5})
    with demo.write() as s:
        [review] = review_returns(s, [returned], survey)
    assert [(bad.code, bad.reason) for bad in review.invalid] == [
        ("colleagues_reached", "-5 is below 0, the smallest answer allowed")
    ]
    assert "colleagues_reached" not in {c.code for c in review.changes}


def test_a_text_answer_has_a_stated_limit(
    demo: Database,
    survey: int,  # noqa: F811
    forms: dict[str, Path],
) -> None:
    form = forms["TANAKA Hiroshi"]
    rule = validation_of(form, "direct_effects")
    assert (rule.type, rule.formula1) == ("textLength", "5000")
    sheet = load_workbook(form)[FORM_SHEET]
    guide = next(r for r in sheet.iter_rows() if r[0].value == "direct_effects")[4].value
    assert guide == "Your words (up to 5,000 characters)."
    returned = fill(form, {**GOOD_FOLLOW_UP_ANSWERS, "direct_effects": "x" * 6000})
    with demo.write() as s:
        [review] = review_returns(s, [returned], survey)
    assert [bad.reason for bad in review.invalid] == [
        "the answer has 6,000 characters; at most 5,000 are kept"
    ]


def test_an_answer_stored_before_the_limit_is_cut_in_the_workbook_with_a_note(
    demo: Database,
    survey: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    with demo.write() as s:
        recipient = s.scalars(
            select(SurveyRecipient).where(SurveyRecipient.survey_id == survey)
        ).first()
        assert recipient is not None
        question = s.scalars(
            select(SurveyQuestion).where(
                SurveyQuestion.survey_id == survey, SurveyQuestion.code == "direct_effects"
            )
        ).one()
        s.add(SurveyAnswer(recipient_id=recipient.id, question_id=question.id, value="y" * 40000))
        recipient.status = RecipientStatus.RESPONDED
        s.flush()
        target = export_survey(s, survey, tmp_path / "results.xlsx")
    cells = [
        c.value
        for row in load_workbook(target)["Responses"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("yyy")
    ]
    assert len(cells) == 1
    assert len(cells[0]) == CELL_LIMIT
    assert cells[0].endswith("[cut: 40,000 characters in all; the whole text is in rtcdesk]")


def test_two_people_of_one_name_and_delegation_get_a_form_each(
    database: Database,
    database_location: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with database.write() as s:
        meeting = make_meeting(s, "Regional Workshop on Trainer Development").id
        delegation = add_delegation(s, meeting, org_id(s, "RTC China")).id
        for email in ("lin.meiling@customs.example", "meiling.lin@customs.example", ""):
            person = make_person(s, "林", "美玲", email=email)
            make_participant(
                s, meeting, person.id, delegation_id=delegation, role=ParticipantRole.DELEGATE
            )
        created = surveys.create_survey(
            s, surveys.SurveyData("Follow-up", meeting_id=meeting, status=SurveyStatus.OPEN)
        )
        for question in follow_up_questions():
            surveys.add_question(s, created.id, question)
        assert len(surveys.add_recipients_from_meeting(s, created.id)) == 3
    folder = tmp_path / "forms"
    location = str(database.url)
    assert (
        main(["survey", "forms", str(created.id), "-o", str(folder), "--database", location]) == 0
    )
    on_disk = sorted(folder.glob("*.xlsx"))
    assert len(on_disk) == 3
    assert f"Wrote 3 forms to {folder}" in capsys.readouterr().out
    tokens = {load_workbook(p)["rtcdesk"]["B2"].value for p in on_disk}
    assert len(tokens) == 3


def test_a_form_that_names_someone_else_is_not_credited_to_its_reference(
    demo: Database,
    survey: int,  # noqa: F811
    forms: dict[str, Path],
) -> None:
    """Mr. Tanaka's form, with Ms. Chan's name and address typed over his: the
    reference says Tanaka, the page says Chan. Neither is credited silently."""
    workbook = load_workbook(forms["TANAKA Hiroshi"])
    sheet = workbook[FORM_SHEET]
    sheet["B3"] = "Respondent: Ms. CHAN Ka-yan (RTC Hong Kong China)"
    sheet["B4"] = "E-mail: kayan.chan@rtc-hk.example"
    for row in sheet.iter_rows():
        if row[0].value in GOOD_FOLLOW_UP_ANSWERS:
            row[3].value = GOOD_FOLLOW_UP_ANSWERS[row[0].value]
    returned = forms["TANAKA Hiroshi"].with_name("chan.xlsx")
    workbook.save(returned)
    with demo.write() as s:
        [review] = review_returns(s, [returned], survey)
        result = commit_returns(s, [review])
    assert review.status == "refused"
    assert "its reference is Mr. TANAKA Hiroshi's form, but it names Ms. CHAN Ka-yan" in (
        review.reason
    )
    assert result.responses_new == 0


def test_the_command_line_shows_changed_answers_in_words(
    demo: Database,
    survey: int,  # noqa: F811
    forms: dict[str, Path],
    database_location: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    location = database_location
    first = fill(forms["TANAKA Hiroshi"], GOOD_FOLLOW_UP_ANSWERS)
    # The survey closed on 31 March 2025: the command closes it, and refuses.
    assert main(["survey", "collect", str(first), "--database", location]) == 1
    out, err = capsys.readouterr()
    assert "Closed 'Follow-up survey 2025': its closing date has passed." in out
    assert "is closed. Collect with --reopen" in err
    assert main(["survey", "collect", str(first), "--reopen", "--database", location]) == 0
    again = fill(
        forms["TANAKA Hiroshi"],
        {**GOOD_FOLLOW_UP_ANSWERS, "modernisation_started": "Yes"},
        target=first.with_name("again.xlsx"),
    )
    capsys.readouterr()
    assert main(["survey", "collect", str(again), "--reopen", "--database", location]) == 0
    out = capsys.readouterr().out
    assert "Q8 Has your administration started a…: No -> Yes" in out
    assert "True" not in out
    assert "False" not in out
    listed = json.loads(
        (main(["survey", "list", "--json", "--database", location]), capsys.readouterr().out)[1]
    )
    assert any(row["responses"] >= 1 for row in listed)


def test_an_older_copy_does_not_take_back_newer_answers_unless_chosen(
    demo: Database,
    survey: int,  # noqa: F811
    forms: dict[str, Path],
) -> None:
    """Mr. Tanaka saved a first copy with 30 colleagues, then a second with 45
    that arrived first. The first copy, collected last, is older than what is
    stored: it is flagged, and changes nothing unless its answers are chosen."""
    form = forms["TANAKA Hiroshi"]
    first = fill(form, {**GOOD_FOLLOW_UP_ANSWERS, "colleagues_reached": 30})
    second = fill(
        form,
        {**GOOD_FOLLOW_UP_ANSWERS, "colleagues_reached": 45},
        target=form.with_name("second.xlsx"),
    )
    time.sleep(1.1)  # a workbook keeps its saving time to the second
    with demo.write() as s:
        commit_returns(s, review_returns(s, [second], survey))
    with demo.write() as s:
        [review] = review_returns(s, [first], survey)
        assert review.older
        assert [(c.code, c.old, c.new) for c in review.changes] == [("colleagues_reached", 45, 30)]
        assert "an older copy" in review.describe()
        assert any("its answers replace those only where you choose" in n for n in review.notes)
        result = commit_returns(s, [review])
    assert result.unchanged == 1
    with demo.write() as s:
        [review] = review_returns(s, [first], survey)
        review.chosen = {review.changes[0].question_id}
        commit_returns(s, [review])
        stored = {
            a.question.code: a.value
            for r in surveys.get_survey(s, survey).recipients
            for a in r.answers
            if r.id == review.recipient_id
        }
    assert stored["colleagues_reached"] == 30


def test_date_answers_are_dates_in_the_results(demo: Database, tmp_path: Path) -> None:
    every_kind = survey_with_every_kind(demo)
    with demo.write() as s:
        questions = {q.code: q.id for q in surveys.list_questions(s, every_kind)}
        recipient = recipients(s, every_kind)[0]
        surveys.record_response(
            s,
            recipient.id,
            {
                questions["shared_knowledge"]: True,
                questions["national_trainings"]: 1,
                questions["applied_in_work"]: 3,
                questions["efficiency"]: 3,
                questions["modernisation_started"]: False,
                questions["first_training"]: "2024-05-02",
                questions["topics"]: ["e-Learning"],
            },
        )
        other = recipients(s, every_kind)[1]
        surveys.record_response(s, other.id, {questions["first_training"]: "2024-07-09"},
                                require_complete=False)  # fmt: skip
        [dated] = [q for q in summarise(s, every_kind) if q.code == "first_training"]
        assert [(o.option, o.count) for o in dated.options] == [
            ("May 2024", 1), ("Jun 2024", 0), ("Jul 2024", 1)
        ]  # fmt: skip
        assert (dated.earliest, dated.latest) == (date(2024, 5, 2), date(2024, 7, 9))
        target = export_survey(s, every_kind, tmp_path / "results.xlsx")
    workbook = load_workbook(target)
    rows = list(workbook["Responses"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Respondent")
    answered = rows[rows.index(header) + 1]
    column = next(n for n, h in enumerate(header) if h and "first national training" in h)
    assert answered[column] == datetime(2024, 5, 2)
    # The summary gives the dates; the answers sheet counts them by month.
    summary = [r for r in workbook["Summary"].iter_rows(values_only=True) if r[0] == 12]
    assert summary[0][3] == "2 May 2024 to 9 Jul 2024"
    answers = [r[:2] for r in workbook["Answers"].iter_rows(values_only=True)]
    assert ("May 2024", 1) in answers
    assert ("Earliest", datetime(2024, 5, 2)) in answers


def survey_with_every_kind(database: Database) -> int:
    with database.write() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return every_kind_survey(s, meeting.id)


def test_open_surveys_past_their_closing_date_are_closed(
    demo: Database,
    survey: int,  # noqa: F811
) -> None:
    with demo.write() as s:
        assert surveys.close_overdue(s, date(2025, 3, 31)) == []  # the last day still open
        assert surveys.close_overdue(s, date(2025, 4, 1)) == ["Follow-up survey 2025"]
        assert surveys.get_survey(s, survey).status is SurveyStatus.CLOSED
        assert surveys.close_overdue(s, date(2025, 4, 2)) == []  # once


def test_a_number_appended_to_one_name_never_makes_another_recipients_name(
    database: Database, tmp_path: Path
) -> None:
    """Two "Mei LIN" get "- no. N" appended; a third person whose name is
    "Mei LIN - no. N" already must not lose her form to it."""
    with database.write() as s:
        meeting = make_meeting(s, "Regional Workshop on Trainer Development").id
        people = [make_person(s, "Lin", "Mei", email=f"mei{n}@customs.example") for n in (1, 2)]
        created = surveys.create_survey(
            s, surveys.SurveyData("Follow-up", meeting_id=meeting, status=SurveyStatus.OPEN)
        )
        for question in follow_up_questions():
            surveys.add_question(s, created.id, question)
        first = surveys.add_recipient(s, created.id, people[0].id)
        surveys.add_recipient(s, created.id, people[1].id)
        lookalike = make_person(s, f"Lin - no. {first.id}", "Mei", email="mei3@customs.example")
        surveys.add_recipient(s, created.id, lookalike.id)
        survey_id = created.id
    with database.read() as s:
        written = write_forms(s, survey_id, tmp_path / "forms")
    on_disk = sorted(p.name for p in (tmp_path / "forms").glob("*.xlsx"))
    assert len(written) == len(on_disk) == 3, on_disk
    tokens = {load_workbook(p)["rtcdesk"]["B2"].value for p in written}
    assert len(tokens) == 3
