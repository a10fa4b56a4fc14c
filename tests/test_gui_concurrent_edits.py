"""A colleague saves the record an editor has open: the editor's save shows
what differs, and the coordinator reloads, overwrites or keeps editing. A
colleague deletes it: the save says who and when, and the coordinator saves
what the editor holds as a new record or keeps editing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from factories import RTC_HEADS, delete_meeting_and_its_surveys, make_organisation
from gui_helpers import Seen, answer_next_dialog, message_text
from gui_meeting_helpers import press_save
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from survey_gui_helpers import demo_survey_id
from workspace_gui import (
    closed,
    gui_isolation,  # noqa: F401 - an autouse fixture
    show_dialog,
    type_into,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import HistoryEntry, Meeting, Organisation, Person
from rtcdesk.services.history import latest_entry, set_user_name
from rtcdesk.services.meetings import find_meeting, get_meeting, meeting_data, update_meeting
from rtcdesk.services.names import meeting_title
from rtcdesk.services.organisations import delete_organisation
from rtcdesk.services.outcomes import add_outcome
from rtcdesk.services.people import delete_person, get_person, person_data, update_person
from rtcdesk.services.survey_analysis import tracker
from rtcdesk.services.survey_design import question_rows, survey_details
from rtcdesk.services.survey_responses import stored_response
from rtcdesk.services.surveys import record_response, update_survey
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.organisation_editor import OrganisationEditor
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.stale_edit import StaleEditDialog
from rtcdesk.ui.survey_editor.editor import SurveyEditor
from rtcdesk.ui.survey_editor.response_dialog import ResponseDialog
from rtcdesk.vocabulary import HistoryAction, OutcomeKind


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
    editor.tabs.setCurrentWidget(editor.outcomes)
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


# -- deleted meanwhile ----------------------------------------------------------------

#: When the colleague deleted the record (local time), as the history then says.
DELETED_AT = datetime(2025, 11, 14, 10, 42)


def colleague_deletes(
    colleague: Database, table: str, ident: int, delete: Callable[[Session, int], None]
) -> None:
    """rocb-anna deletes the record; the history dates it ``DELETED_AT``."""
    with working_as("rocb-anna"), colleague.write() as s:
        delete(s, ident)
    with colleague.write() as s:
        s.execute(
            update(HistoryEntry)
            .where(
                HistoryEntry.record_type == table,
                HistoryEntry.record_id == ident,
                HistoryEntry.action == HistoryAction.DELETED,
            )
            .values(at=DELETED_AT.astimezone())
        )


def deleted_message(what: str) -> str:
    return (
        f"'{what}' was deleted by rocb-anna on 14 Nov 2025 at 10:42, after you opened it. "
        "Your changes were not saved."
    )


def created_anew(database: Database, table: str, ident: int | None) -> bool:
    """The record was created by the latest save (SQLite may give it the deleted one's id)."""
    assert ident is not None
    with database.read() as s:
        entry = latest_entry(s, table, ident)
    return entry is not None and entry.action is HistoryAction.CREATED


def count(database: Database, model: type) -> int:
    with database.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_person_deleted_meanwhile_is_saved_as_a_new_person(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    kang = person_named(demo, "Kang")
    editor = open_person(qtbot, demo, kang)
    type_into(qtbot, editor.person_form.phone, "+32 2 209 92 11")
    colleague_deletes(colleague, "people", kang, lambda s, i: delete_person(s, i, None))

    seen: Seen = []
    answer_next_dialog("Save as a new person", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    [dialog] = seen
    text = message_text(dialog)
    assert text.startswith(deleted_message("Dr. Taeil KANG") + "\n")
    assert "The new person gets every field as this window shows it." in text
    qtbot.waitUntil(lambda: closed(editor))
    assert created_anew(demo, "people", editor.record_id)
    with demo.read() as s:
        again = get_person(s, person_named(demo, "Kang"))
        assert (again.id, again.given_name, again.phone) == (
            editor.record_id,
            "Taeil",
            "+32 2 209 92 11",
        )


def test_an_organisation_deleted_meanwhile_is_saved_as_a_new_organisation(
    qtbot: QtBot, demo: Database, colleague: Database
) -> None:
    with demo.write() as s:
        ident = make_organisation(s, "Customs Training Centre of Testland").id
    editor = OrganisationEditor(demo, ident)
    show_dialog(qtbot, editor)
    type_into(qtbot, editor.organisation_form.short_name, "CTC")
    colleague_deletes(
        colleague, "organisations", ident, lambda s, i: delete_organisation(s, i, None)
    )

    seen: Seen = []
    answer_next_dialog("Save as a new organisation", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert message_text(seen[0]).startswith(deleted_message("Customs Training Centre of Testland"))
    qtbot.waitUntil(lambda: closed(editor))
    assert created_anew(demo, "organisations", editor.record_id)
    with demo.read() as s:
        again = s.get(Organisation, editor.record_id)
        assert again is not None
        assert (again.name, again.short_name) == ("Customs Training Centre of Testland", "CTC")


def test_a_meeting_deleted_meanwhile_is_saved_as_a_new_meeting_without_its_lists(
    qtbot: QtBot, demo: Database, colleague: Database, meeting_21: int
) -> None:
    editor = open_meeting(qtbot, demo, meeting_21)
    assert editor.agenda is not None
    editor.tabs.setCurrentWidget(editor.agenda)
    assert editor.agenda.model.rowCount() > 0
    editor.tabs.setCurrentWidget(editor.details)
    type_into(qtbot, editor.details.city, " (Chiba)")
    city = editor.details.city.text()
    colleague_deletes(colleague, "meetings", meeting_21, delete_meeting_and_its_surveys)

    seen: Seen = []
    answer_next_dialog("Save as a new meeting", seen)
    press_save(qtbot, editor)

    text = message_text(seen[0])
    assert text.startswith(deleted_message("21st RTC Heads Meeting") + "\n")
    assert "Its agenda, delegations, participants, outcomes and action items" in text
    qtbot.waitUntil(lambda: not editor.is_modified())
    assert created_anew(demo, "meetings", editor.meeting_id)
    assert editor.isVisible()
    with demo.read() as s:
        again = get_meeting(s, editor.meeting_id)
        assert (meeting_title(again.title, again.ordinal), again.city) == (
            "21st RTC Heads Meeting",
            city,
        )
    # The list tabs show the new meeting's lists, which start empty.
    assert editor.agenda is not None
    assert editor.agenda.meeting_id == editor.meeting_id
    editor.tabs.setCurrentWidget(editor.agenda)
    assert editor.agenda.model.rowCount() == 0


@pytest.mark.parametrize("kind", ["person", "meeting"])
def test_keep_editing_after_a_deletion_writes_nothing(
    qtbot: QtBot, demo: Database, colleague: Database, meeting_21: int, kind: str
) -> None:
    editor: PersonEditor | MeetingEditor
    if kind == "person":
        kang = person_named(demo, "Kang")
        editor = open_person(qtbot, demo, kang)
        type_into(qtbot, editor.person_form.phone, "+32 2 209 92 11")
        colleague_deletes(colleague, "people", kang, lambda s, i: delete_person(s, i, None))
        model: type = Person
    else:
        editor = open_meeting(qtbot, demo, meeting_21)
        type_into(qtbot, editor.details.city, " (Chiba)")
        colleague_deletes(colleague, "meetings", meeting_21, delete_meeting_and_its_surveys)
        model = Meeting
    records, history = count(demo, model), count(demo, HistoryEntry)

    seen: Seen = []
    answer_next_dialog("Keep editing", seen)
    press_save(qtbot, editor)

    qtbot.waitUntil(lambda: len(seen) == 1)
    assert "was deleted by rocb-anna on 14 Nov 2025 at 10:42" in message_text(seen[0])
    assert editor.isVisible()
    assert editor.is_modified()
    assert (count(demo, model), count(demo, HistoryEntry)) == (records, history)


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
