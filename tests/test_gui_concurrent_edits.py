"""A colleague saves the record an editor has open: the editor's save shows
what differs, and the coordinator reloads, overwrites or keeps editing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest
from factories import RTC_HEADS
from gui_helpers import answer_next_dialog
from gui_meeting_helpers import press_save
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from survey_gui_helpers import demo_survey_id
from workspace_gui import (
    closed,
    gui_isolation,  # noqa: F401 - an autouse fixture
    show_dialog,
    type_into,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Person
from rtcdesk.services.history import set_user_name
from rtcdesk.services.meetings import find_meeting, get_meeting, meeting_data, update_meeting
from rtcdesk.services.outcomes import add_outcome
from rtcdesk.services.people import get_person, person_data, update_person
from rtcdesk.services.survey_analysis import tracker
from rtcdesk.services.survey_design import question_rows, survey_details
from rtcdesk.services.survey_responses import stored_response
from rtcdesk.services.surveys import record_response, update_survey
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.stale_edit import StaleEditDialog
from rtcdesk.ui.survey_editor.editor import SurveyEditor
from rtcdesk.ui.survey_editor.response_dialog import ResponseDialog
from rtcdesk.vocabulary import OutcomeKind


@dataclass
class Shown:
    """What the conflict dialog showed."""

    heading: str
    rows: list[list[str]]
    lists: str
    default: str


def answer_conflict(choice: str, shown: list[Shown]) -> None:
    """When the conflict dialog opens, note what it shows and click ``choice``."""

    def pick(dialog: QDialog) -> QAbstractButton:
        assert isinstance(dialog, StaleEditDialog)
        model = dialog.model
        rows = [
            [model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())
        ]
        default = next(b.text() for b in dialog.buttons.buttons() if b.isDefault())
        shown.append(Shown(dialog.heading.text(), rows, dialog.lists.text(), default))
        return next(b for b in dialog.buttons.buttons() if b.text() == choice)

    answer_next_dialog(pick)


@pytest.fixture
def colleague(demo: Database) -> Iterator[Database]:
    """A colleague's copy of rtcdesk on the same database."""
    other = Database(demo.url)
    yield other
    other.dispose()


def person_named(database: Database, family_name: str) -> int:
    with database.read() as s:
        ident = s.scalar(select(Person.id).where(Person.family_name == family_name))
    assert ident is not None
    return ident


def open_person(qtbot: QtBot, database: Database, ident: int) -> PersonEditor:
    editor = PersonEditor(database, ident)
    show_dialog(qtbot, editor)
    return editor


@contextmanager
def working_as(name: str) -> Iterator[None]:
    """Changes made in the block carry ``name`` in the history (as a colleague's
    rtcdesk with that name in its preferences would)."""
    set_user_name(name)
    try:
        yield
    finally:
        set_user_name("")


def colleague_sets_position(colleague: Database, ident: int, position: str) -> None:
    with working_as("Kenji SATO"), colleague.write() as s:
        person = get_person(s, ident)
        update_person(s, ident, replace(person_data(person), position=position), person.version)


# -- people ---------------------------------------------------------------------------


def test_overwrite_saves_the_person_as_typed_here(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    kang = person_named(demo, "Kang")
    editor = open_person(qtbot, demo, kang)
    form = editor.person_form
    position_before = form.position.text()
    colleague_sets_position(colleague, kang, "Director, WCO")
    type_into(qtbot, form.phone, "+32 2 209 92 11")

    shown: list[Shown] = []
    answer_conflict("Overwrite", shown)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    [dialog] = shown
    assert dialog.heading.startswith("Kenji SATO saved Dr. Taeil KANG after you opened it, at ")
    assert dialog.default == "Keep editing"
    assert dialog.rows == [
        ["Position", "Director, WCO", position_before, "them"],
        ["Phone", "(empty)", "+32 2 209 92 11", "you"],
    ]
    qtbot.waitUntil(lambda: closed(editor))
    with demo.read() as s:
        stored = get_person(s, kang)
        assert (stored.position, stored.phone) == (position_before, "+32 2 209 92 11")


def test_reload_shows_their_version_and_saves_nothing(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    kang = person_named(demo, "Kang")
    editor = open_person(qtbot, demo, kang)
    form = editor.person_form
    colleague_sets_position(colleague, kang, "Director, WCO")
    type_into(qtbot, form.phone, "+32 2 209 92 11")

    shown: list[Shown] = []
    answer_conflict("Reload", shown)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert [row[0] for row in shown[0].rows] == ["Position", "Phone"]
    assert editor.isVisible()
    assert (form.position.text(), form.phone.text()) == ("Director, WCO", "")
    assert not editor.is_modified()
    with demo.read() as s:
        assert get_person(s, kang).phone == ""


def test_an_overwrite_after_a_third_save_is_refused_again(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    kang = person_named(demo, "Kang")
    editor = open_person(qtbot, demo, kang)
    position_before = editor.person_form.position.text()
    colleague_sets_position(colleague, kang, "Director, WCO")
    type_into(qtbot, editor.person_form.phone, "+32 2 209 92 11")

    shown: list[Shown] = []

    def third_save_then_overwrite(dialog: QDialog) -> QAbstractButton:
        # While the coordinator reads the differences, someone saves once more.
        colleague_sets_position(colleague, kang, "Deputy Director, WCO")
        answer_conflict("Keep editing", shown)
        assert isinstance(dialog, StaleEditDialog)
        return dialog.overwrite_button

    answer_next_dialog(third_save_then_overwrite)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0].rows[0] == ["Position", "Deputy Director, WCO", position_before, "them"]
    assert editor.isVisible()
    with demo.read() as s:
        stored = get_person(s, kang)
        assert (stored.position, stored.phone) == ("Deputy Director, WCO", "")


# -- meetings -------------------------------------------------------------------------


@pytest.fixture
def meeting_21(demo: Database) -> int:
    with demo.read() as s:
        meeting = find_meeting(s, RTC_HEADS, 21)
        assert meeting is not None
        return meeting.id


def open_meeting(qtbot: QtBot, database: Database, meeting_id: int) -> MeetingEditor:
    editor = MeetingEditor(database, meeting_id)
    qtbot.addWidget(editor, before_close_func=lambda widget: widget.discard())
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_meeting_overwritten_keeps_the_details_typed_here_and_their_lists(
    qtbot: QtBot, demo: Database, colleague: Database, meeting_21: int
) -> None:
    editor = open_meeting(qtbot, demo, meeting_21)
    venue_before = editor.details.venue.text()
    with working_as("Kenji SATO"), colleague.write() as s:
        meeting = get_meeting(s, meeting_21)
        data = replace(meeting_data(meeting), venue="Customs Training Institute")
        update_meeting(s, meeting_21, data, meeting.version)
        add_outcome(s, meeting_21, OutcomeKind.DECISION, "Meet again in 2024.")
    type_into(qtbot, editor.details.city, " (Chiba)")

    shown: list[Shown] = []
    answer_conflict("Overwrite", shown)
    press_save(qtbot, editor)

    [dialog] = shown
    assert dialog.heading.startswith("Kenji SATO saved 21st RTC Heads Meeting after you opened")
    assert [row[0] for row in dialog.rows] == ["Venue", "City"]
    assert dialog.rows[0][1:] == ["Customs Training Institute", venue_before, "them"]
    assert "Outcomes: 1 added" in dialog.lists
    assert not editor.is_modified()
    with demo.read() as s:
        stored = get_meeting(s, meeting_21)
        assert stored.venue == venue_before
        assert stored.city.endswith(" (Chiba)")
    assert editor.outcomes is not None
    assert "Meet again in 2024." in [outcome.text for outcome in editor.outcomes.model.rows()]


def test_a_meeting_reloaded_shows_their_details(
    qtbot: QtBot, demo: Database, colleague: Database, meeting_21: int
) -> None:
    editor = open_meeting(qtbot, demo, meeting_21)
    with colleague.write() as s:
        meeting = get_meeting(s, meeting_21)
        data = replace(meeting_data(meeting), venue="Customs Training Institute")
        update_meeting(s, meeting_21, data, meeting.version)
    type_into(qtbot, editor.details.city, " (Chiba)")

    shown: list[Shown] = []
    answer_conflict("Reload", shown)
    press_save(qtbot, editor)

    assert [row[0] for row in shown[0].rows] == ["Venue", "City"]
    assert shown[0].lists == ""
    assert editor.details.venue.text() == "Customs Training Institute"
    assert not editor.details.city.text().endswith(" (Chiba)")
    assert not editor.is_modified()


# -- surveys --------------------------------------------------------------------------


def test_a_survey_kept_editing_loses_nothing(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    survey_id = demo_survey_id(demo)
    editor = SurveyEditor(demo, survey_id)
    qtbot.addWidget(editor, before_close_func=lambda widget: widget.discard())
    editor.show()
    qtbot.waitExposed(editor)
    with colleague.write() as s:
        details = survey_details(s, survey_id)
        update_survey(
            s, survey_id, replace(details.data, title="Follow-up survey"), details.version
        )
    type_into(qtbot, editor.design.details.introduction, " Thank you.")

    shown: list[Shown] = []
    answer_conflict("Keep editing", shown)
    press_save(qtbot, editor)

    assert [row[0] for row in shown[0].rows] == ["Title", "Introduction"]
    assert shown[0].rows[0][1] == "Follow-up survey"
    assert editor.design.details.data().introduction.endswith(" Thank you.")
    assert editor.is_modified()


def test_answers_typed_over_a_response_someone_else_saved(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    survey_id = demo_survey_id(demo)
    with demo.read() as s:
        row = next(r for r in tracker(s, survey_id) if "TANAKA" in r.name)
        questions = question_rows(s, survey_id)
        response = stored_response(s, row.recipient_id)
    codes = {q.code: q for q in questions}
    dialog = ResponseDialog(demo, survey_id, row, questions, response)
    show_dialog(qtbot, dialog)
    reached = codes["colleagues_reached"]
    with colleague.write() as s:
        theirs = stored_response(s, row.recipient_id)
        record_response(
            s,
            row.recipient_id,
            {**theirs.answers, reached.id: 15},
            expected_version=theirs.version,
        )
    trainings = dialog.inputs[codes["national_trainings"].id].widget()
    trainings.setFocus()
    trainings.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(trainings, "4")

    shown: list[Shown] = []
    answer_conflict("Overwrite", shown)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )

    [conflict] = shown
    assert conflict.heading.startswith("Someone else saved the answers of Mr. TANAKA Hiroshi after")
    assert [row[1:] for row in conflict.rows] == [["15", "12", "them"], ["1", "4", "you"]]
    assert conflict.rows[0][0].endswith(reached.text)
    qtbot.waitUntil(lambda: closed(dialog))
    with demo.read() as s:
        stored = stored_response(s, row.recipient_id).answers
    assert (stored[reached.id], stored[codes["national_trainings"].id]) == (12, 4)
