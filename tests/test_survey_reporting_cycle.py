"""A whole follow-up survey on the demo data, as a coordinator runs it, and
what it leaves to report (issue 12): invitations drafted and marked sent,
returns that are complete, incomplete, an older copy, a copy of someone else's
form and one saved again by LibreOffice; reminders to those still to chase;
the survey closed, a late return refused without --reopen. The tracker and
the results workbook then agree with a count by hand, and the command line
with the services."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from factories import GOOD_FOLLOW_UP_ANSWERS, make_survey_of_meeting_21
from openpyxl import load_workbook
from test_print_layout import converted
from test_print_layout import pytestmark as needs_libreoffice
from test_survey_cycle import fill, table_rows

from rtcdesk.cli import main
from rtcdesk.db.engine import Database
from rtcdesk.excel.survey_form import FORM_SHEET
from rtcdesk.services import surveys
from rtcdesk.services.print_settings import set_return_email
from rtcdesk.services.survey_analysis import non_respondents, response_rates, tracker
from rtcdesk.services.survey_export import export_survey
from rtcdesk.services.survey_forms import commit_returns, review_returns, write_forms
from rtcdesk.services.survey_mail import mark_drafts_sent, prepare
from rtcdesk.vocabulary import RecipientStatus, SurveyStatus

pytestmark = needs_libreoffice  # one return is saved again by LibreOffice


def collect(database: Database, survey_id: int, *paths: Path) -> list[str]:
    with database.write() as s:
        reviews = review_returns(s, list(paths), survey_id)
        commit_returns(s, reviews)
    return [r.status if not r.older else "older" for r in reviews]


def test_a_survey_cycle_leaves_counts_that_match_a_hand_count(
    demo: Database,
    database_location: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    set_return_email("capacity.building@rocb.example.org")
    survey_id = make_survey_of_meeting_21(demo)

    # Invitations as drafts: drafted, then marked sent; the survey opens.
    with demo.write() as s:
        drafts = prepare(s, survey_id, tmp_path / "invitations", reminder=False).drafts
        assert surveys.get_survey(s, survey_id).status is SurveyStatus.DRAFT
        assert mark_drafts_sent(s, survey_id) == len(drafts) == 18
        assert surveys.get_survey(s, survey_id).status is SurveyStatus.OPEN
    with demo.read() as s:
        written = write_forms(s, survey_id, tmp_path / "forms")
    forms = {p.name.split(" - ")[1].split(" (")[0]: p for p in written}

    # Returns: complete (Tanaka, Ismail), incomplete (Zhang: a required answer
    # missing), an older copy after a newer one (Chan), Kim's form with
    # Sharma's name and address typed over it, Park's saved by LibreOffice.
    complete = fill(forms["TANAKA Hiroshi"], GOOD_FOLLOW_UP_ANSWERS)
    ismail = fill(forms["Siti Aminah ISMAIL"], GOOD_FOLLOW_UP_ANSWERS)
    zhang = fill(forms["ZHANG Wei"], {**GOOD_FOLLOW_UP_ANSWERS, "efficiency": None})
    chan_old = fill(forms["CHAN Ka-yan"], {**GOOD_FOLLOW_UP_ANSWERS, "national_trainings": 1})
    chan_new = fill(
        forms["CHAN Ka-yan"],
        {**GOOD_FOLLOW_UP_ANSWERS, "national_trainings": 6},
        target=forms["CHAN Ka-yan"].with_name("chan new.xlsx"),
    )
    foreign = fill(forms["KIM Sungsoo"], GOOD_FOLLOW_UP_ANSWERS)
    typed_over = load_workbook(foreign)
    typed_over[FORM_SHEET]["B3"] = "Respondent: Mr. Rajesh SHARMA (RTC India)"
    typed_over[FORM_SHEET]["B4"] = "E-mail: rajesh.sharma@nacin.example"
    typed_over.save(foreign)
    park = converted(
        fill(forms["PARK Jinho"], GOOD_FOLLOW_UP_ANSWERS),
        "xlsx:Calc MS Excel 2007 XML",
        tmp_path / "resaved",
    )
    time.sleep(1.1)  # a workbook keeps its saving time to the second
    assert collect(demo, survey_id, complete, ismail, zhang, chan_new, foreign, park) == [
        "new", "new", "new", "new", "refused", "new",
    ]  # fmt: skip
    assert collect(demo, survey_id, chan_old) == ["older"]

    # Reminders go to those invited who have not answered, and to Zhang.
    with demo.write() as s:
        reminded = prepare(s, survey_id, tmp_path / "reminders", reminder=True).drafts
    assert any("ZHANG" in p.name for p in reminded)
    assert not any("TANAKA" in p.name or "CHAN" in p.name for p in reminded)

    # Closed: a late return needs --reopen on the command line.
    with demo.write() as s:
        surveys.get_survey(s, survey_id).status = SurveyStatus.CLOSED
    late = fill(forms["Rajesh SHARMA"], GOOD_FOLLOW_UP_ANSWERS)
    base = ["survey", "collect", str(late), "--database", database_location]
    assert main(base) == 1
    assert "is closed. Collect with --reopen" in capsys.readouterr().err
    assert main([*base, "--reopen"]) == 0
    capsys.readouterr()

    # By hand: 22 recipients; returned: Tanaka, Ismail, Zhang, Chan, Park,
    # Sharma = 6, of which Zhang incomplete; Kim refused, still invited.
    with demo.read() as s:
        rows = tracker(s, survey_id)
        by_status = {r.name: r.status for r in rows}
        chase = {r.name for r in non_respondents(rows)}
        overall = response_rates(rows)[0]
        chan = next(
            r for r in surveys.get_survey(s, survey_id).recipients if "Chan" in r.person.family_name
        )
        kept = {a.question.code: a.value for a in chan.answers}
    assert (overall.recipients, overall.responded) == (22, 6)
    assert by_status["Mr. ZHANG Wei"] is RecipientStatus.INCOMPLETE
    assert by_status["Mr. KIM Sungsoo"] is RecipientStatus.INVITED
    assert "Mr. ZHANG Wei" in chase
    assert "Mr. KIM Sungsoo" in chase
    assert len(chase) == 22 - 6 + 1
    assert kept["national_trainings"] == 6  # the older copy did not take it back

    target = export_survey_at(demo, survey_id, tmp_path / "results.xlsx")
    workbook = load_workbook(target)
    summary = {r[1]: r[2] for r in workbook["Summary"].iter_rows(values_only=True) if r[1]}
    assert summary["Responded"] == "6 (27%)"
    assert summary["of which incomplete"] == 1
    assert summary["Still to answer"] == 22 - 6
    responses = table_rows(workbook["Responses"], "Respondent")
    assert len(responses) - 1 == 6
    tracked = table_rows(workbook["Tracker"], "Recipient")
    statuses = [r[4] for r in tracked[1:]]
    assert statuses.count("Returned, incomplete") == 1
    assert statuses.count("Responded") == 5

    # The command line counts the same.
    assert main(["survey", "list", "--json", "--database", database_location]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert (listed[survey_id]["recipients"], listed[survey_id]["responses"]) == (22, 6)


def export_survey_at(database: Database, survey_id: int, target: Path) -> Path:
    with database.read() as s:
        return export_survey(s, survey_id, target)
