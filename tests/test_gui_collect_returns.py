"""Collecting in the survey editor (issue 12): a closed survey asks before it
takes returns, and an older copy changes nothing unless its answers are taken
one by one."""

from __future__ import annotations

import time
from pathlib import Path

from factories import GOOD_FOLLOW_UP_ANSWERS, make_survey_of_meeting_21
from gui_helpers import Seen, answer_next_dialog, message_text
from pytestqt.qtbot import QtBot
from survey_gui_helpers import demo_survey_id, open_editor
from test_gui_survey_cycle import collect, recipients
from test_survey_cycle import fill

from rtcdesk.db.engine import Database
from rtcdesk.services.survey_forms import write_forms
from rtcdesk.services.surveys import get_survey, list_questions
from rtcdesk.vocabulary import RecipientStatus, SurveyStatus


def form_of(database: Database, survey_id: int, name: str, folder: Path) -> Path:
    with database.read() as s:
        return next(p for p in write_forms(s, survey_id, folder) if name in p.name)


def test_a_closed_survey_asks_before_it_takes_a_late_return(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    survey_id = demo_survey_id(demo)  # the demo's survey closed on 31 March 2024
    late = fill(form_of(demo, survey_id, "WONGSAWAT", tmp_path / "forms"), GOOD_FOLLOW_UP_ANSWERS)
    editor = open_editor(qtbot, demo, survey_id)
    tab = editor.collecting
    assert collect(qtbot, tab, [late]) == [(late.name, "new")]

    seen: Seen = []
    answer_next_dialog("No", seen)
    assert not tab.commit()
    assert "is closed. Reopen it to take these returns?" in message_text(seen[0])
    assert recipients(demo, survey_id)["Wongsawat"].status is RecipientStatus.INVITED

    answer_next_dialog("Yes")
    assert tab.commit()
    assert recipients(demo, survey_id)["Wongsawat"].status is RecipientStatus.RESPONDED
    with demo.read() as s:
        assert get_survey(s, survey_id).status is SurveyStatus.OPEN


def test_an_older_copy_is_taken_answer_by_answer(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    survey_id = make_survey_of_meeting_21(demo)
    form = form_of(demo, survey_id, "TANAKA", tmp_path / "forms")
    first = fill(form, {**GOOD_FOLLOW_UP_ANSWERS, "colleagues_reached": 30, "efficiency": 3})
    second = fill(
        form,
        {**GOOD_FOLLOW_UP_ANSWERS, "colleagues_reached": 45, "efficiency": 4},
        target=form.with_name("second.xlsx"),
    )
    time.sleep(1.1)  # a workbook keeps its saving time to the second
    editor = open_editor(qtbot, demo, survey_id)
    tab = editor.collecting
    collect(qtbot, tab, [second])
    assert tab.commit()
    with demo.read() as s:
        assert get_survey(s, survey_id).status is SurveyStatus.OPEN  # answers came in
    assert "Open" in editor.subheading.text()

    assert collect(qtbot, tab, [first]) == [(first.name, "changed")]
    assert tab.files_proxy.index(0, 1).data() == "Older copy"
    assert "an older copy" in tab.detail.text()
    assert not tab.write_button.isEnabled()  # nothing taken, nothing to write
    remarks = {line.code: line.remark for line in tab.lines.rows()}
    assert remarks == {
        "colleagues_reached": "older copy: the answer on record is kept",
        "efficiency": "older copy: the answer on record is kept",
    }
    assert tab.take_button.isVisible()
    row = next(n for n, line in enumerate(tab.lines.rows()) if line.code == "efficiency")
    tab.line_table.setCurrentIndex(tab.lines.index(row, 0))
    assert tab.take_button.text() == "Ta&ke the older answer"
    tab.take_button.click()
    assert tab.take_button.text() == "Kee&p the one on record"
    assert tab.lines.rows()[row].remark == "older copy: its answer is taken"
    assert tab.write_button.isEnabled()
    assert tab.commit()

    with demo.read() as s:
        codes = {q.id: q.code for q in list_questions(s, survey_id)}
    tanaka = recipients(demo, survey_id)["Tanaka"]
    stored = {codes[a.question_id]: a.value for a in tanaka.answers}
    assert (stored["colleagues_reached"], stored["efficiency"]) == (45, 3)
