"""Person pickers that create the person they do not find: from the agenda
item dialog (a speaker), the action item dialog (the owner) and the survey
recipients, on a database with nobody in it yet, through the real widgets;
the new-person dialog checks as the person editor does."""

from __future__ import annotations

from typing import TypeVar

import pytest
from factories import make_meeting, make_person
from gui_meeting_helpers import activate
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from survey_gui_helpers import open_editor as open_survey_editor
from survey_gui_helpers import wait_for_dialog
from test_gui_participants_tab import _unlabelled_inputs

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Person
from rtcdesk.services.agenda import list_agenda
from rtcdesk.services.outcomes import list_action_items
from rtcdesk.services.surveys import SurveyData, create_survey, get_survey
from rtcdesk.ui.meeting_editor import MeetingEditor
from rtcdesk.ui.meeting_editor.action_item_dialog import ActionItemDialog
from rtcdesk.ui.meeting_editor.agenda_item_dialog import AgendaItemDialog
from rtcdesk.ui.meeting_editor.record_list_tab import RecordListTab
from rtcdesk.ui.new_organisation_dialog import NewOrganisationDialog
from rtcdesk.ui.new_person_dialog import NewPersonDialog
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.survey_editor.recipient_dialogs import AddPersonDialog

D = TypeVar("D", bound=QDialog)
OUTRAM = "Mr. Michael OUTRAM APM"
NOTHING_MATCHES = "Nothing matches “Outram”. Press Ctrl+N or click New person… to add them."


@pytest.fixture
def meeting_id(database: Database) -> int:
    with database.write() as session:
        return make_meeting(session).id


# -- driving the widgets ------------------------------------------------------------------


def search_for_nobody(qtbot: QtBot, picker: PersonPicker) -> None:
    """Type "Outram" where nobody is on record: the note says how to add them."""
    picker.search_box.setFocus()
    with qtbot.waitSignal(picker.results_shown, timeout=3000):
        qtbot.keyClicks(picker.search_box, "Outram")
    assert picker.current() is None
    assert picker.note.text() == NOTHING_MATCHES


def dialog_finding_nobody(
    qtbot: QtBot, database: Database, meeting_id: int, tab: int, kind: type[D]
) -> tuple[MeetingEditor, D]:
    """The meeting's editor, and the Add form of its list tab number ``tab``
    with "Outram" typed into its person picker."""
    editor = MeetingEditor(database, meeting_id)
    qtbot.addWidget(editor, before_close_func=lambda widget: widget.discard())
    editor.show()
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    editor.tabs.setCurrentIndex(tab)
    list_tab = editor.tabs.currentWidget()
    assert isinstance(list_tab, RecordListTab)
    qtbot.mouseClick(list_tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: list_tab.open_dialog is not None and list_tab.open_dialog.isActiveWindow()
    )
    dialog = list_tab.open_dialog
    assert isinstance(dialog, kind)
    search_for_nobody(qtbot, dialog.picker)  # type: ignore[attr-defined]
    return editor, dialog


def new_person_dialog(qtbot: QtBot, picker: PersonPicker, *, by_keyboard: bool) -> NewPersonDialog:
    if by_keyboard:
        qtbot.keyClick(picker.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    else:
        assert picker.new_button is not None
        qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)
    dialog = picker.open_dialog
    assert isinstance(dialog, NewPersonDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def create_outram(qtbot: QtBot, picker: PersonPicker, *, by_keyboard: bool) -> None:
    """Create Mr. Michael OUTRAM APM from the picker, pre-filled with "Outram"."""
    dialog = new_person_dialog(qtbot, picker, by_keyboard=by_keyboard)
    form = dialog.person_form
    assert (form.family_name.text(), form.given_name.text()) == ("Outram", "")
    assert form.person_title.hasFocus()
    qtbot.keyClicks(form.person_title, "Mr.")
    qtbot.keyClicks(form.given_name, "Michael")
    form.family_name.clear()
    qtbot.keyClicks(form.family_name, "OUTRAM")
    qtbot.keyClicks(form.post_nominals, "APM")
    assert form.preview.text() == OUTRAM
    with qtbot.waitSignal(dialog.created):
        if by_keyboard:
            qtbot.keyClick(form.post_nominals, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert picker.open_dialog is None


def stored_person(database: Database, person_id: int | None) -> tuple[str, str, str, str]:
    assert person_id is not None
    with database.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return (person.title, person.given_name, person.family_name, person.post_nominals)


STORED_OUTRAM = ("Mr.", "Michael", "OUTRAM", "APM")


# -- from each picker -------------------------------------------------------------------------


def test_a_speaker_not_on_record_is_created_from_the_agenda_item(
    qtbot: QtBot, database: Database, meeting_id: int
) -> None:
    editor, dialog = dialog_finding_nobody(qtbot, database, meeting_id, 1, AgendaItemDialog)
    create_outram(qtbot, dialog.picker, by_keyboard=True)
    assert [dialog.speakers.index(r, 0).data() for r in range(dialog.speakers.rowCount())] == [
        OUTRAM
    ]
    qtbot.keyClicks(dialog.title, "Opening remarks")
    with qtbot.waitSignal(editor.status_message):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    with database.read() as session:
        [item] = list_agenda(session, meeting_id)
        [speaker] = item.speakers
        person_id = speaker.person_id
        assert session.scalar(select(Person.id)) == person_id, "one person, once"
    assert stored_person(database, person_id) == STORED_OUTRAM


def test_an_owner_not_on_record_is_created_with_a_new_organisation(
    qtbot: QtBot, database: Database, meeting_id: int
) -> None:
    _editor, dialog = dialog_finding_nobody(qtbot, database, meeting_id, 4, ActionItemDialog)
    person = new_person_dialog(qtbot, dialog.picker, by_keyboard=False)
    form = person.person_form
    assert form.new_organisation is not None
    qtbot.mouseClick(form.new_organisation, Qt.MouseButton.LeftButton)
    organisation = form.open_dialog
    assert isinstance(organisation, NewOrganisationDialog)
    qtbot.waitUntil(organisation.isActiveWindow)
    qtbot.keyClicks(organisation.organisation_form.name, "Outram Training Partners")
    qtbot.keyClicks(organisation.organisation_form.short_name, "OTP")
    qtbot.mouseClick(organisation.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.open_dialog is None)
    assert form.organisation.currentText() == "Outram Training Partners"
    assert person.focusWidget() is form.organisation
    activate(qtbot, person)

    form.family_name.clear()
    for field, text in [
        (form.person_title, "Mr."),
        (form.given_name, "Michael"),
        (form.family_name, "OUTRAM"),
        (form.post_nominals, "APM"),
    ]:
        qtbot.keyClicks(field, text)
    with qtbot.waitSignal(person.created):
        qtbot.mouseClick(person.save_button, Qt.MouseButton.LeftButton)
    assert dialog.owner_name.text() == OUTRAM
    qtbot.keyClicks(dialog.description, "Share the toolkit.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    with database.read() as session:
        [action] = list_action_items(session, meeting_id)
        owner = session.get(Person, action.owner_person_id)
        assert owner is not None
        assert owner.organisation is not None
        assert (owner.organisation.name, owner.organisation.short_name) == (
            "Outram Training Partners",
            "OTP",
        )
    assert stored_person(database, action.owner_person_id) == STORED_OUTRAM


def test_a_recipient_not_on_record_is_created_and_added(
    qtbot: QtBot, database: Database, meeting_id: int
) -> None:
    """Recipients need not be participants (``add_person`` links the
    participation when there is one): the new person is a recipient without."""
    with database.write() as session:
        survey_id = create_survey(session, SurveyData(title="Follow-up", meeting_id=meeting_id)).id
    editor = open_survey_editor(qtbot, database, survey_id)
    tab = editor.recipients
    tab.add_person_button.click()
    dialog = wait_for_dialog(qtbot, tab)
    assert isinstance(dialog, AddPersonDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    search_for_nobody(qtbot, dialog.picker)

    create_outram(qtbot, dialog.picker, by_keyboard=True)
    qtbot.waitUntil(lambda: tab.open_dialog is None)

    with database.read() as session:
        [recipient] = get_survey(session, survey_id).recipients
        person_id, participation_id = recipient.person_id, recipient.participation_id
    assert participation_id is None
    assert stored_person(database, person_id) == STORED_OUTRAM


# -- the new-person dialog ---------------------------------------------------------------------


def keep(qtbot: QtBot, dialog: QDialog) -> None:
    """Let pytest-qt close ``dialog`` after the test without asking about changes."""
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.done(0))


def test_the_typed_name_is_split_into_the_form(qtbot: QtBot, database: Database) -> None:
    dialog = NewPersonDialog(database, "AOYAMA Shigetoshi")
    keep(qtbot, dialog)
    form = dialog.person_form
    assert (form.family_name.text(), form.given_name.text()) == ("AOYAMA", "Shigetoshi")
    assert form.name_order.currentText() == "Family name first"
    assert form.preview.text() == "AOYAMA Shigetoshi"
    assert not dialog.is_modified(), "what was typed in the picker is not a change to lose"


def email_message(qtbot: QtBot, field: QLineEdit, messages: QLabel, typed: str) -> str:
    """What shows under the e-mail field once ``typed`` is in and the field left."""
    activate(qtbot, field.window())
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    return messages.text()


def test_an_invalid_email_is_refused_as_the_person_editor_refuses_it(
    qtbot: QtBot, database: Database
) -> None:
    editor = PersonEditor(database, None)
    keep(qtbot, editor)
    editor.show()
    expected = email_message(
        qtbot,
        editor.person_form.email,
        editor.person_form.fields.message_label("E-mail"),
        "michael.outram@abf",
    )
    assert expected == "'michael.outram@abf' is not an e-mail address"
    editor.person_form.fields.show([])

    dialog = NewPersonDialog(database, "Michael OUTRAM")
    keep(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.person_form
    shown = email_message(
        qtbot, form.email, form.fields.message_label("E-mail"), "michael.outram@abf"
    )
    assert shown == expected
    assert form.fields.message_label("E-mail").isVisible()
    assert not dialog.save_button.isEnabled()
    form.email.setFocus()
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter does not save what is refused"
    with database.read() as session:
        assert session.scalar(select(Person.id)) is None


def test_an_email_on_record_is_refused_under_the_field(qtbot: QtBot, database: Database) -> None:
    with database.write() as session:
        make_person(session, "Outram", "Michael", title="Mr.", email="m.outram@abf.example")
    dialog = NewPersonDialog(database, "Outram")
    keep(qtbot, dialog)
    dialog.show()
    qtbot.keyClicks(dialog.person_form.email, "M.Outram@abf.example")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.person_form.fields.message_label("E-mail")
    assert message.text() == (
        "M.Outram@abf.example belongs to Mr. Michael OUTRAM, who is already on record; "
        "choose them instead"
    )
    assert dialog.isVisible()
    with database.read() as session:
        assert len(session.scalars(select(Person)).all()) == 1


def test_the_picker_reaches_its_new_button_with_tab(qtbot: QtBot, database: Database) -> None:
    picker = PersonPicker(database)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    activate(qtbot, picker)
    picker.search_box.setFocus()
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.new_button
    assert picker.new_button is not None
    assert picker.new_button.text() == "Ne&w person…"
    assert picker.new_button.accessibleName() == "New person"
    qtbot.keyClick(picker.new_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.results


def test_the_new_person_dialog_labels_every_input(qtbot: QtBot, database: Database) -> None:
    dialog = NewPersonDialog(database, "Outram")
    keep(qtbot, dialog)
    assert _unlabelled_inputs(dialog) == []
    assert dialog.person_form.post_nominals.accessibleName() == "Post-nominals"
