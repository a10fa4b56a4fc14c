"""What respondents and ROCB A/P hold: a survey form and the results workbook
as LibreOffice prints them, measured on the PDF (see ``test_print_layout``),
and a form that still collects after LibreOffice saved it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from factories import GOOD_FOLLOW_UP_ANSWERS, make_meeting, make_participant, make_person, org_id
from openpyxl import load_workbook
from sqlalchemy import select
from test_print_layout import converted, printed
from test_print_layout import pytestmark as needs_libreoffice

from rtcdesk.db.engine import Database
from rtcdesk.db.models import SurveyRecipient
from rtcdesk.excel.survey_form import FORM_SHEET
from rtcdesk.services import surveys
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import add_delegation
from rtcdesk.services.print_settings import set_paper_size, set_return_email
from rtcdesk.services.survey_export import export_survey
from rtcdesk.services.survey_forms import commit_returns, review_returns, write_forms
from rtcdesk.services.survey_templates import FOLLOW_UP_INTRODUCTION, follow_up_questions
from rtcdesk.vocabulary import ParticipantRole, QuestionKind, SurveyStatus

pytestmark = needs_libreoffice
TOPICS = [
    "Training needs analysis",
    "e-Learning",
    "Trainer accreditation",
    "Regional cooperation and the ROCB A/P regional strategy",
]
LETTER_POINTS = (612, 792)


def every_kind_survey(session: Any, meeting_id: int) -> int:
    """The follow-up template plus a multiple choice, a date and a single choice."""
    created = surveys.create_survey(
        session,
        surveys.SurveyData(
            "Follow-up survey 2025",
            meeting_id=meeting_id,
            introduction=FOLLOW_UP_INTRODUCTION,
            opens_on=date(2025, 3, 1),
            closes_on=date(2025, 3, 31),
            status=SurveyStatus.OPEN,
        ),
    )
    for question in [
        *follow_up_questions(),
        surveys.QuestionData("topics", QuestionKind.MULTIPLE_CHOICE,
                             "Which topics of the meeting have you used since?",
                             choices=TOPICS, section="Topics"),
        surveys.QuestionData("first_training", QuestionKind.DATE,
                             "When did you run your first national training on it?",
                             section="Topics"),
        surveys.QuestionData("format", QuestionKind.SINGLE_CHOICE, "Which format did it take?",
                             choices=["Classroom", "Online", "Blended"], section="Topics"),
    ]:  # fmt: skip
        surveys.add_question(session, created.id, question)
    surveys.add_recipients_from_meeting(session, created.id)
    return created.id


def recipients(session: Any, survey_id: int) -> list[SurveyRecipient]:
    return list(
        session.scalars(
            select(SurveyRecipient)
            .where(SurveyRecipient.survey_id == survey_id)
            .order_by(SurveyRecipient.id)
        )
    )


@pytest.fixture
def every_kind(demo: Database) -> int:
    with demo.write() as session:
        meeting = find_meeting(session, "RTC Heads Meeting", 21)
        assert meeting is not None
        return every_kind_survey(session, meeting.id)


def resaved_by_libreoffice(workbook: Path) -> Path:
    """``workbook`` opened and saved again as .xlsx by LibreOffice."""
    return converted(workbook, "xlsx:Calc MS Excel 2007 XML", workbook.parent / "resaved")


def answer_form(path: Path, answers: dict[str, Any], ticks: set[str]) -> Path:
    """Fill the form as a respondent would: type answers, an x beside some choices."""
    workbook = load_workbook(path)
    seen: set[str] = set()
    for row in workbook[FORM_SHEET].iter_rows():
        code, text = row[0].value, row[2].value
        if code in seen and text in ticks:
            row[3].value = "x"
        elif code in answers and code not in seen:
            row[3].value = answers[code]
        if code:
            seen.add(code)
    target = path.with_name("returned.xlsx")
    workbook.save(target)
    return target


def test_a_form_prints_on_a4_at_nine_points_and_collects_after_libreoffice_saved_it(
    demo: Database, every_kind: int, tmp_path: Path
) -> None:
    set_return_email("capacity.building@rocb.example.org")
    with demo.read() as s:
        form = next(p for p in write_forms(s, every_kind, tmp_path / "forms") if "TANAKA" in p.name)
    page = printed(form)
    assert page.a4
    assert page.pages <= 3
    assert page.smallest_points >= 9, page
    assert "Respondent: Mr. TANAKA Hiroshi (RTC Japan)" in page.text
    assert "by 31 March 2025 to capacity.building@rocb.example.org" in page.text
    for choice in ("Training needs analysis", "e-Learning", "Trainer accreditation"):
        assert choice in page.text  # one row to tick per choice

    answers = {**GOOD_FOLLOW_UP_ANSWERS, "first_training": date(2024, 5, 2), "format": "Online"}
    returned = resaved_by_libreoffice(
        answer_form(form, answers, {"e-Learning", "Trainer accreditation"})
    )
    with demo.write() as s:
        [review] = review_returns(s, [returned], every_kind)
        assert (review.status, review.invalid) == ("new", [])
        given = {c.code: c.new for c in review.changes}
        commit_returns(s, [review])
    assert given["topics"] == ["e-Learning", "Trainer accreditation"]
    assert given["first_training"] == "2024-05-02"
    assert given["format"] == "Online"
    assert given["shared_knowledge"] is True
    assert given["direct_effects"] == "Induction course redesigned."


def test_the_demo_results_print_in_at_most_ten_a4_pages_at_eight_points(
    demo: Database, tmp_path: Path
) -> None:
    with demo.read() as s:
        [demo_survey] = [x.id for x in surveys.list_surveys(s)]
        target = export_survey(s, demo_survey, tmp_path / "results.xlsx")
    page = printed(target)
    assert page.a4
    assert page.pages <= 10
    assert page.smallest_points >= 8, page
    # The summary page: the response rate and each question in a few words.
    assert "6 (75%)" in page.text
    assert "mean 3.7 on 1 to 5" in page.text
    assert "total 759" in page.text
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "Summary"
    charts = workbook["Answers"]._charts
    assert charts
    for chart in charts:
        title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r)
        assert len(title) <= 80
        assert chart.y_axis.majorUnit == int(chart.y_axis.majorUnit)
        assert chart.y_axis.number_format.formatCode == "0"
        assert chart.x_axis.tickLblSkip == 1
        assert chart.gapWidth <= 100
        assert not chart.x_axis.delete  # an axis Excel shows
        assert not chart.y_axis.delete
    labels = [str(c.value) for c in workbook["Answers"]["A"] if c.value]
    assert "1 = Not at all" in labels
    assert "5 = Very much" in labels


def test_two_hundred_responses_print_at_the_same_size_on_more_pages(
    database: Database, tmp_path: Path
) -> None:
    with database.write() as s:
        meeting = make_meeting(s, "Regional Workshop on Risk Management").id
        delegation = add_delegation(s, meeting, org_id(s, "RTC Korea")).id
        for number in range(200):
            person = make_person(
                s, f"Participant{number:03d}", "Jinho", email=f"p{number:03d}@customs.example"
            )
            make_participant(
                s, meeting, person.id, delegation_id=delegation, role=ParticipantRole.DELEGATE
            )
        survey = every_kind_survey(s, meeting)
        questions = {q.code: q.id for q in surveys.list_questions(s, survey)}
        for number, recipient in enumerate(recipients(s, survey)):
            surveys.record_response(
                s,
                recipient.id,
                {
                    questions["shared_knowledge"]: number % 3 != 0,
                    questions["national_trainings"]: number % 7,
                    questions["applied_in_work"]: 1 + number % 5,
                    questions["efficiency"]: 1 + number % 4,
                    questions["modernisation_started"]: number % 2 == 0,
                    questions["direct_effects"]: f"Procedure {number} shortened by a day.",
                    questions["topics"]: TOPICS[: 1 + number % 4],
                },
                responded_at=datetime(2025, 3, 15, tzinfo=UTC),
            )
        target = export_survey(s, survey, tmp_path / "results.xlsx")
        form = write_forms(s, survey, tmp_path / "forms")[199]
    results = printed(target)
    assert results.a4
    assert results.pages > 10
    assert results.smallest_points >= 8, results
    assert "PARTICIPANT199" in results.text
    page = printed(form)
    assert page.pages <= 3
    assert page.smallest_points >= 9, page


def test_letter_paper_when_the_preferences_say_so(demo: Database, tmp_path: Path) -> None:
    set_paper_size("Letter")
    with demo.read() as s:
        [demo_survey] = [x.id for x in surveys.list_surveys(s)]
        target = export_survey(s, demo_survey, tmp_path / "results.xlsx")
    page = printed(target)
    assert not page.a4
    assert page.size == LETTER_POINTS
    assert page.smallest_points >= 8, page
