"""The surveys workspace and the survey editor's Design tab, driven through
their real widgets: new surveys from the template, an earlier survey or
nothing; delete; the details form; questions added, edited, reordered and
deleted; changes refused once answers exist; the preview."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import answer_next_dialog, message_text
from gui_meeting_helpers import activate, choose, pick_choice, press_save
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from survey_gui_helpers import DEMO_TITLE, demo_survey_id, open_editor, wait_for_dialog

from rtcdesk.db.engine import Database
from rtcdesk.services.survey_design import question_rows, survey_details
from rtcdesk.services.surveys import list_surveys
from rtcdesk.ui.survey_editor import SurveyEditor
from rtcdesk.ui.survey_editor.new_survey_dialog import NewSurveyDialog
from rtcdesk.ui.survey_editor.question_dialog import QuestionDialog
from rtcdesk.ui.surveys_workspace import SurveysWorkspace
from rtcdesk.vocabulary import QuestionKind, SurveyStatus


@pytest.fixture
def workspace(qtbot: QtBot, demo: Database) -> SurveysWorkspace:
    ws = SurveysWorkspace(demo)
    qtbot.addWidget(ws)
    ws.refresh()
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def new_survey_dialog(qtbot: QtBot, ws: SurveysWorkspace) -> NewSurveyDialog:
    ws.new_survey()
    dialog = wait_for_dialog(qtbot, ws)
    assert isinstance(dialog, NewSurveyDialog)
    return dialog


def created_editor(qtbot: QtBot, ws: SurveysWorkspace) -> SurveyEditor:
    qtbot.waitUntil(lambda: len(ws.editors) == 1)
    editor = ws.editors[0]
    qtbot.addWidget(editor)
    return editor


def test_the_list_shows_the_response_rate(
    workspace: SurveysWorkspace, qtmodeltester: object
) -> None:
    qtmodeltester.check(workspace.model)  # type: ignore[attr-defined]
    qtmodeltester.check(workspace.proxy)  # type: ignore[attr-defined]
    row = [workspace.proxy.index(0, c).data() for c in range(workspace.proxy.columnCount())]
    assert row == [DEMO_TITLE, "21st RTC Heads Meeting", "Closed", "31 Mar 2024", "8", "6", "75%"]


def test_a_new_survey_from_the_template_opens_in_its_editor(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database
) -> None:
    dialog = new_survey_dialog(qtbot, workspace)
    assert dialog.from_template.isChecked()
    assert dialog.title.text().startswith("Questionnaire on the Follow-Up Actions")
    pick_choice(qtbot, dialog.meeting, "21st", "21st RTC Heads Meeting")
    # The deadline's calendar opens a month ahead; Enter takes that day.
    dialog.closes_on.setFocus()
    qtbot.keyClick(dialog.closes_on, Qt.Key.Key_F4)
    calendar = dialog.closes_on.calendar_popup()
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(calendar.calendar.focusWidget(), Qt.Key.Key_Return)
    assert not calendar.isVisible()
    dialog.create_button.click()
    editor = created_editor(qtbot, workspace)

    with demo.read() as s:
        new = next(r for r in list_surveys(s) if r.id == editor.survey_id)
        codes = [q.code for q in question_rows(s, new.id)]
    assert new.meeting_title == "21st RTC Heads Meeting"
    assert new.status is SurveyStatus.DRAFT
    assert new.closes_on is not None
    assert new.closes_on > date.today()
    assert codes[0] == "shared_knowledge"
    assert len(codes) == 10
    assert editor.heading.text().startswith("Questionnaire on the Follow-Up Actions")
    assert "Follows up the 21st RTC Heads Meeting" in editor.subheading.text()
    assert workspace.current_row() is not None
    assert workspace.current_row().id == editor.survey_id  # type: ignore[union-attr]


def test_a_new_survey_copies_an_earlier_ones_questions_or_has_none(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database
) -> None:
    dialog = new_survey_dialog(qtbot, workspace)
    dialog.from_earlier.click()
    assert dialog.title.text() == DEMO_TITLE
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Second follow-up")
    dialog.create_button.click()
    copy = created_editor(qtbot, workspace)

    dialog = new_survey_dialog(qtbot, workspace)
    dialog.empty.click()
    assert dialog.title.text() == ""
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.title, "Blank survey")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: len(workspace.editors) == 2)
    blank = workspace.editors[1]
    qtbot.addWidget(blank)

    with demo.read() as s:
        copied = [q.code for q in question_rows(s, copy.survey_id)]
        original = [q.code for q in question_rows(s, demo_survey_id(demo))]
        assert survey_details(s, copy.survey_id).data.title == "Second follow-up"
        assert question_rows(s, blank.survey_id) == []
    assert copied == original
    assert blank.design.questions.empty_hint.isVisible()


def test_delete_asks_and_says_what_goes_with_the_survey(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database
) -> None:
    workspace.table.selectRow(0)
    seen: list[QDialog] = []
    answer_next_dialog("Cancel", seen)
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    assert "8 recipients and 6 responses" in message_text(seen[0])
    assert workspace.model.rowCount() == 1

    editor = workspace.open_editor(demo_survey_id(demo))
    qtbot.addWidget(editor)
    answer_next_dialog("Delete")
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    with demo.read() as s:
        assert list_surveys(s) == []
    assert workspace.pages.currentIndex() == 1
    assert not editor.isVisible()


def test_the_details_are_saved_with_ctrl_s_and_checked_as_typed(
    qtbot: QtBot, demo: Database
) -> None:
    survey_id = demo_survey_id(demo)
    editor = open_editor(qtbot, demo, survey_id)
    details = editor.design.details
    assert not editor.save_button.isEnabled()
    details.title.clear()
    assert not editor.save_button.isEnabled()
    qtbot.keyClicks(details.title, "Follow-up 2024 (RTC Heads)")
    choose(qtbot, details.status, "Open")
    details.opens_on.setFocus()
    details.opens_on.selectAll()
    qtbot.keyClick(details.opens_on, Qt.Key.Key_Delete)
    qtbot.keyClick(details.opens_on, Qt.Key.Key_Tab)
    assert editor.isWindowModified()
    assert "Follow-up 2024 (RTC Heads)" in editor.design.preview.toPlainText()
    press_save(qtbot, editor)

    with demo.read() as s:
        data = survey_details(s, survey_id).data
    assert (data.title, data.status, data.opens_on) == (
        "Follow-up 2024 (RTC Heads)", SurveyStatus.OPEN, None
    )  # fmt: skip
    assert editor.message.text() == "Saved Follow-up 2024 (RTC Heads)"
    assert not editor.isWindowModified()

    details.title.clear()
    qtbot.keyClicks(details.title, "Unsaved")
    answer_next_dialog("Discard")
    editor.close()
    assert not editor.isVisible()
    with demo.read() as s:
        assert survey_details(s, survey_id).data.title == "Follow-up 2024 (RTC Heads)"


def empty_survey(qtbot: QtBot, workspace: SurveysWorkspace, title: str) -> SurveyEditor:
    """A new survey with no questions, created in the workspace, in its editor."""
    dialog = new_survey_dialog(qtbot, workspace)
    dialog.empty.click()
    qtbot.keyClicks(dialog.title, title)
    dialog.create_button.click()
    return created_editor(qtbot, workspace)


def question_dialog(qtbot: QtBot, editor: SurveyEditor) -> QuestionDialog:
    dialog = wait_for_dialog(qtbot, editor.design.questions)
    assert isinstance(dialog, QuestionDialog)
    return dialog


def test_questions_are_added_edited_reordered_and_deleted(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database, qtmodeltester: object
) -> None:
    editor = empty_survey(qtbot, workspace, "Training needs 2025")
    panel = editor.design.questions

    panel.add_button.click()
    form = question_dialog(qtbot, editor)
    assert form.code.text() == "q1"
    choose(qtbot, form.kind, "Single choice")
    assert form.choices.isVisible()
    assert not form.scale_min.isVisible()
    qtbot.keyClicks(form.text, "Which topic matters most?")
    qtbot.keyClicks(form.choices, "Risk management")
    assert not form.save_button.isEnabled()
    assert "at least two choices" in form.save_button.toolTip()
    for choice in ("Trade facilitation", "Integrity"):
        qtbot.keyClick(form.choices, Qt.Key.Key_Return)
        qtbot.keyClicks(form.choices, choice)
    form.required.click()
    form.save_button.click()
    qtbot.waitUntil(lambda: panel.open_dialog is None)

    for text, low, high in (("Customs reform is a priority.", "Disagree", "Agree"),
                            ("Training changed my work.", "Disagree", "Agree")):  # fmt: skip
        panel.add_button.click()
        form = question_dialog(qtbot, editor)
        choose(qtbot, form.kind, "Rating scale")
        assert form.scale_min.isVisible()
        assert not form.choices.isVisible()
        qtbot.keyClicks(form.text, text)
        form.section.setCurrentText("Views")
        qtbot.keyClicks(form.low_label, low)
        qtbot.keyClicks(form.high_label, high)
        form.save_button.click()
        qtbot.waitUntil(lambda: panel.open_dialog is None)

    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    preview = editor.design.preview.toHtml()
    assert "Views" in preview
    assert "Rate each statement" in editor.design.preview.toPlainText()
    assert "Required. Choose one from the list." in editor.design.preview.toPlainText()

    activate(qtbot, editor)
    panel.table.selectRow(2)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    form = question_dialog(qtbot, editor)
    form.text.selectAll()
    qtbot.keyClicks(form.text, "Which topic matters most to you?")
    form.save_button.click()
    qtbot.waitUntil(lambda: panel.open_dialog is None)

    with demo.read() as s:
        rows = question_rows(s, editor.survey_id)
    assert [(r.code, r.kind) for r in rows] == [
        ("q1", QuestionKind.SINGLE_CHOICE),
        ("q3", QuestionKind.RATING),
        ("q2", QuestionKind.RATING),
    ]
    assert rows[0].text == "Which topic matters most to you?"
    assert rows[0].choices == ("Risk management", "Trade facilitation", "Integrity")
    assert rows[0].required
    assert (rows[1].scale_min, rows[1].scale_max, rows[1].scale_max_label) == (1, 5, "Agree")
    assert rows[1].section == "Views"

    panel.table.selectRow(1)
    answer_next_dialog("Delete")
    panel.delete_button.click()
    with demo.read() as s:
        assert [r.code for r in question_rows(s, editor.survey_id)] == ["q1", "q2"]
    # Named as the list numbers it, with its text; not by its code.
    assert editor.message.text() == "Deleted Q2 Training changed my work."


def test_a_change_that_answers_forbid_is_refused_with_the_reason(
    qtbot: QtBot, demo: Database
) -> None:
    survey_id = demo_survey_id(demo)
    editor = open_editor(qtbot, demo, survey_id)
    panel = editor.design.questions
    panel.table.selectRow(0)
    panel.edit_button.click()
    form = question_dialog(qtbot, editor)
    assert form.answers_note.isVisible()
    assert "6 answers collected already" in form.answers_note.text()
    choose(qtbot, form.kind, "Number")
    form.save_button.click()
    assert form.isVisible()
    type_message = form.fields.message_label("Type")
    assert type_message.text() == "Answers were collected already; the type can no longer change"
    form.reject()
    qtbot.waitUntil(lambda: panel.open_dialog is None)

    seen: list[QDialog] = []
    answer_next_dialog("Delete", seen)
    answer_next_dialog("OK", seen)
    panel.delete_button.click()
    assert message_text(seen[1]) == (
        "'Q1 Did you share the knowledge gained…' has 6 answers and cannot be deleted.\n"
    )
    with demo.read() as s:
        rows = question_rows(s, survey_id)
    assert rows[0].kind is QuestionKind.YES_NO
    assert len(rows) == 10


def test_closing_the_editors_asks_about_unsaved_details(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database
) -> None:
    editor = workspace.open_editor(demo_survey_id(demo))
    qtbot.addWidget(editor)
    assert workspace.open_editor(editor.survey_id) is editor
    # The editor opens in the title, its text selected: End, then type.
    qtbot.keyClick(editor.design.details.title, Qt.Key.Key_End)
    qtbot.keyClicks(editor.design.details.title, " (draft)")
    answer_next_dialog("Cancel")
    assert not workspace.close_editors()
    assert editor.isVisible()
    answer_next_dialog("Save")
    assert workspace.close_editors()
    with demo.read() as s:
        assert survey_details(s, editor.survey_id).data.title == f"{DEMO_TITLE} (draft)"
    assert workspace.model.rows()[0].title == f"{DEMO_TITLE} (draft)"


def test_a_number_question_gets_an_allowed_range(
    qtbot: QtBot, workspace: SurveysWorkspace, demo: Database
) -> None:
    editor = empty_survey(qtbot, workspace, "Trainer pool 2025")
    panel = editor.design.questions

    panel.add_button.click()
    form = question_dialog(qtbot, editor)
    choose(qtbot, form.kind, "Number")
    assert form.number_min.isVisible()
    assert not form.scale_min.isVisible()
    assert (form.number_min.value(), form.number_max.text()) == (0, "no limit")
    qtbot.keyClicks(form.text, "How many trainers did you certify?")
    form.number_max.setValue(5)
    form.number_min.setValue(10)
    assert not form.save_button.isEnabled()
    assert "the largest answer (5) is below the smallest (10)" in form.save_button.toolTip()
    form.number_min.setValue(1)
    form.save_button.click()
    qtbot.waitUntil(lambda: panel.open_dialog is None)
    assert "A whole number from 1 to 5." in editor.design.preview.toPlainText()

    panel.add_button.click()
    form = question_dialog(qtbot, editor)
    choose(qtbot, form.kind, "Number")
    qtbot.keyClicks(form.text, "How many days a year do you train?")
    form.decimals.click()
    form.save_button.click()
    qtbot.waitUntil(lambda: panel.open_dialog is None)
    assert "A number, 0 or more." in editor.design.preview.toPlainText()

    with demo.read() as s:
        first, second = question_rows(s, editor.survey_id)
    assert (first.kind, first.scale_min, first.scale_max, first.decimals) == (
        QuestionKind.NUMBER, 1, 5, False
    )  # fmt: skip
    assert (second.scale_min, second.scale_max, second.decimals) == (0, None, True)
