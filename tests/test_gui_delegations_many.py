"""Adding several delegations in one go, and an organisation that is not on
record yet, from the add-delegation dialog of the participants tab."""

from __future__ import annotations

from factories import make_meeting, org_id
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_gui_participants_tab import choose, open_dialog, show_tab, type_search

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation
from rtcdesk.services.participants import add_delegation, list_delegations
from rtcdesk.ui.meeting_editor.delegation_dialogs import AddDelegationDialog
from rtcdesk.ui.meeting_editor.participants_tab import ParticipantsTab
from rtcdesk.ui.new_organisation_dialog import NewOrganisationDialog
from rtcdesk.vocabulary import OrganisationKind


def open_new_meeting(qtbot: QtBot, database: Database) -> tuple[int, ParticipantsTab, list[str]]:
    """A meeting with no delegations yet, its participants tab, and the
    messages the tab will give the status bar."""
    with database.write() as session:
        meeting = make_meeting(session).id
    tab = show_tab(qtbot, database, meeting)
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    return meeting, tab, messages


def delegations(database: Database, meeting_id: int) -> list[str]:
    with database.read() as session:
        return sorted(d.organisation_name for d in list_delegations(session, meeting_id))


def add_dialog(qtbot: QtBot, tab: ParticipantsTab) -> AddDelegationDialog:
    dialog = open_dialog(qtbot, tab, tab.add_delegation_button, AddDelegationDialog)
    qtbot.waitUntil(dialog.picker.search_box.hasFocus)
    return dialog


def tick_by_click(qtbot: QtBot, dialog: AddDelegationDialog, row: int) -> None:
    """Click the check box at the start of the match's first cell."""
    view = dialog.picker.results
    cell = view.visualRect(view.model().index(row, 0))
    box = QPoint(cell.left() + cell.height() // 2, cell.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box)


def test_three_delegations_are_added_in_one_go(qtbot: QtBot, database: Database) -> None:
    meeting, tab, messages = open_new_meeting(qtbot, database)
    dialog = add_dialog(qtbot, tab)
    picker = dialog.picker

    type_search(qtbot, picker, "rtc japan")
    tick_by_click(qtbot, dialog, 0)
    assert [o.name for o in picker.ticked()] == ["RTC Japan"]
    assert dialog.ok_button.text() == "&Add delegation"

    picker.search_box.setFocus()  # back from the list the click went to
    type_search(qtbot, picker, "rtc korea")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.new_button
    qtbot.keyClick(picker.new_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.results
    qtbot.keyClick(picker.results, Qt.Key.Key_Space)
    assert picker.ticked_note.text() == "Selected: RTC Japan, RTC Korea"
    assert dialog.ok_button.text() == "&Add 2 delegations"
    assert dialog.ok_button.accessibleName() == "Add 2 delegations"

    picker.search_box.setFocus()
    type_search(qtbot, picker, "rtc china")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)  # takes RTC China with the ticked

    assert tab.open_dialog is None
    assert messages[-1] == "Added 3 delegations"
    assert delegations(database, meeting) == ["RTC China", "RTC Japan", "RTC Korea"]
    assert tab.delegations_box.title() == "Delegations (3)"


def test_a_ticked_organisation_added_meanwhile_is_skipped_with_a_note(
    qtbot: QtBot, database: Database
) -> None:
    meeting, tab, messages = open_new_meeting(qtbot, database)
    dialog = add_dialog(qtbot, tab)
    for typed in ("rtc japan", "rtc korea"):
        type_search(qtbot, dialog.picker, typed)
        tick_by_click(qtbot, dialog, 0)
    with database.write() as session:  # someone else, on another computer
        add_delegation(session, meeting, org_id(session, "RTC Korea"))

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert tab.open_dialog is None
    assert messages[-1] == "Added 1 delegation; RTC Korea already had one"
    assert delegations(database, meeting) == ["RTC Japan", "RTC Korea"]


def test_an_organisation_not_on_record_is_created_and_added(
    qtbot: QtBot, database: Database
) -> None:
    meeting, tab, _messages = open_new_meeting(qtbot, database)
    dialog = add_dialog(qtbot, tab)
    picker = dialog.picker
    type_search(qtbot, picker, "RTC Atlantis")
    assert picker.note.text() == (
        "Nothing matches “RTC Atlantis”. Press Ctrl+N or click New organisation… to add it."
    )
    assert not dialog.ok_button.isEnabled()

    qtbot.keyClick(picker.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    created = picker.open_dialog
    assert isinstance(created, NewOrganisationDialog)
    qtbot.waitUntil(created.isActiveWindow)
    form = created.organisation_form
    assert form.name.text() == "RTC Atlantis"
    assert form.name.hasFocus()
    form.name.clear()
    qtbot.keyClicks(form.name, "RTC Japan")
    qtbot.mouseClick(created.save_button, Qt.MouseButton.LeftButton)
    assert form.fields.message_label("Name").text() == (
        "Another organisation is already called 'RTC Japan'"
    )
    form.name.clear()
    qtbot.keyClicks(form.name, "RTC Atlantis")
    choose(qtbot, form.kind, "RTC")
    qtbot.keyClicks(form.economy, "Atlantis")
    qtbot.keyClick(form.economy, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: picker.open_dialog is None)

    assert [o.name for o in picker.ticked()] == ["RTC Atlantis"]
    current = picker.current()
    assert current is not None
    assert current.name == "RTC Atlantis"
    assert tab.open_dialog is dialog, "the new organisation is chosen, not yet added"
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)

    assert tab.open_dialog is None
    assert delegations(database, meeting) == ["RTC Atlantis"]
    with database.read() as session:
        stored = session.scalars(
            select(Organisation).where(Organisation.name == "RTC Atlantis")
        ).one()
        assert (stored.kind, stored.economy) == (OrganisationKind.RTC, "Atlantis")
