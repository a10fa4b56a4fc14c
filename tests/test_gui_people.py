"""The people workspace, the person editor and the merge dialog, driven
through their real widgets; each test then asserts what the database holds."""

from __future__ import annotations

from datetime import date

import pytest
from factories import count_rows, make_meeting, make_participant, make_person, org_id
from gui_helpers import answer_next_dialog, message_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from workspace_gui import (
    choose_in_combo,
    click_header,
    click_row,
    closed,
    column_texts,
    gui_isolation,  # noqa: F401 - an autouse fixture
    press_save,
    show_dialog,
    show_workspace,
    shown_dialog,
    type_into,
    type_text,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import AgendaSpeaker, Participation, Person, SurveyRecipient
from rtcdesk.services import meetings, participants
from rtcdesk.services.people import PersonData, create_person, get_person, update_person
from rtcdesk.ui.merge_people_dialog import MergePeopleDialog
from rtcdesk.ui.people_workspace import COLUMNS, PeopleWorkspace
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.tables import SortRole
from rtcdesk.vocabulary import Gender, NameOrder

NAME, MEETINGS = 0, 6


@pytest.fixture
def workspace(qtbot: QtBot, demo: Database) -> PeopleWorkspace:
    return open_workspace(qtbot, demo)


def open_workspace(qtbot: QtBot, database: Database) -> PeopleWorkspace:
    workspace = PeopleWorkspace(database)
    show_workspace(qtbot, workspace)
    return workspace


def person_id(database: Database, family_name: str) -> int:
    with database.read() as s:
        ident = s.scalar(select(Person.id).where(Person.family_name == family_name))
    assert ident is not None
    return ident


def names(workspace: PeopleWorkspace) -> list[str]:
    return column_texts(workspace, NAME)


def shown_editor(qtbot: QtBot, workspace: PeopleWorkspace) -> PersonEditor:
    return shown_dialog(qtbot, workspace, PersonEditor)


# Models ------------------------------------------------------------------------------------


def test_every_table_model_passes_the_model_tester(
    qtmodeltester,  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    workspace: PeopleWorkspace,
    demo: Database,
) -> None:
    assert workspace.model.rowCount() == 22
    qtmodeltester.check(workspace.model)
    qtmodeltester.check(workspace.proxy)
    editor = workspace.open_editor(person_id(demo, "Aoyama"))
    assert editor is not None
    form = editor.person_form
    assert form.history_model.rowCount() == 1
    qtmodeltester.check(form.history_model)
    qtmodeltester.check(form.history_proxy)
    assert form.organisation.choices.rowCount() == 49
    qtmodeltester.check(form.organisation.choices)
    form.organisation.matches.set_search_text("rtc")
    qtmodeltester.check(form.organisation.matches)
    editor.reject()


# Creating and editing ----------------------------------------------------------------------


def test_a_family_first_name_previews_in_capitals_and_is_stored_as_typed(
    qtbot: QtBot, database: Database
) -> None:
    workspace = open_workspace(qtbot, database)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    assert workspace.pages.currentWidget() is workspace.empty_state
    qtbot.mouseClick(workspace.empty_state.findChild(QAbstractButton), Qt.MouseButton.LeftButton)
    editor = shown_editor(qtbot, workspace)
    form = editor.person_form
    assert editor.windowTitle() == "New person"
    assert not editor.save_button.isEnabled()

    qtbot.keyClicks(form.title.lineEdit(), "Mr.")
    qtbot.keyClicks(form.given_name, "Shigetoshi")
    qtbot.keyClicks(form.family_name, "Aoyama")
    assert form.preview.text() == "Mr. Shigetoshi AOYAMA"
    qtbot.keyClicks(form.name_order, "F")  # keyboard search: "Family name first"
    assert form.preview.text() == "Mr. AOYAMA Shigetoshi"
    choose_in_combo(qtbot, form.organisation, "customs jap")
    assert form.organisation.currentText() == "Japan Customs"
    qtbot.keyClicks(form.email, "s-aoyama@customs.go.jp")
    qtbot.keyClicks(form.gender, "M")
    assert editor.save_button.isEnabled()

    with qtbot.waitSignal(editor.saved):
        press_save(qtbot, editor)

    with database.read() as s:
        (person,) = s.scalars(select(Person)).all()
        japan = org_id(s, "Japan Customs")
    assert (person.title, person.given_name, person.family_name) == ("Mr.", "Shigetoshi", "Aoyama")
    assert person.name_order is NameOrder.FAMILY_FIRST
    assert person.organisation_id == japan
    assert (person.email, person.gender) == ("s-aoyama@customs.go.jp", Gender.MALE)
    assert names(workspace) == ["Mr. AOYAMA Shigetoshi"]
    assert statuses == ["Saved Mr. AOYAMA Shigetoshi"]


def test_the_row_saved_with_ctrl_s_is_selected(qtbot: QtBot, demo: Database) -> None:
    workspace = open_workspace(qtbot, demo)
    editor = workspace.open_editor(person_id(demo, "Kang"))
    assert editor is not None
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClicks(editor.person_form.phone, "+32 2 209 92 11")
    with qtbot.waitSignal(editor.saved):
        press_save(qtbot, editor)
    assert [row.display_name for row in workspace.selected_rows()] == ["Dr. Taeil KANG"]


def test_an_invalid_email_is_refused_next_to_the_field_and_save_stays_off(
    qtbot: QtBot, database: Database
) -> None:
    workspace = open_workspace(qtbot, database)
    workspace.new_requested.emit()
    editor = shown_editor(qtbot, workspace)
    form = editor.person_form
    message = form.fields.message_label("E-mail")
    type_into(qtbot, form.family_name, "Outram")
    type_into(qtbot, form.email, "m.outram@abf")
    assert message.isHidden()  # not while the address is still being typed

    qtbot.keyClick(form.email, Qt.Key.Key_Tab)

    assert message.isVisible()
    assert message.text() == "'m.outram@abf' is not an e-mail address"
    assert message.parentWidget() is form.email.parentWidget()
    assert message.geometry().top() >= form.email.geometry().bottom()
    assert form.email.accessibleDescription() == message.text()
    assert not editor.save_button.isEnabled()
    assert editor.save_button.toolTip() == (
        "Not yet: E-mail: 'm.outram@abf' is not an e-mail address"
    )
    press_save(qtbot, editor)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    with database.read() as s:
        assert count_rows(s, Person) == 0

    qtbot.keyClicks(form.email, ".gov.au")
    assert message.isHidden()
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with database.read() as s:
        (saved,) = s.scalars(select(Person)).all()
    assert saved.email == "m.outram@abf.gov.au"
    assert [row.id for row in workspace.selected_rows()] == [saved.id]


def test_a_missing_family_name_is_said_once_the_field_is_left(
    qtbot: QtBot, database: Database
) -> None:
    editor = PersonEditor(database, None)
    show_dialog(qtbot, editor)
    form = editor.person_form
    type_into(qtbot, form.given_name, "Taeil")
    assert not editor.save_button.isEnabled()
    assert editor.save_button.toolTip() == "Not yet: Family name is required"
    assert form.fields.message_label("Family name").isHidden()
    type_into(qtbot, form.family_name, "K")
    qtbot.keyClick(form.family_name, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.family_name, Qt.Key.Key_Tab)
    assert form.fields.message_label("Family name").text() == "Family name is required"
    assert form.preview.text() == "Taeil"


def test_an_unknown_organisation_is_refused(qtbot: QtBot, database: Database) -> None:
    editor = PersonEditor(database, None)
    show_dialog(qtbot, editor)
    form = editor.person_form
    type_into(qtbot, form.family_name, "Kang")
    type_into(qtbot, form.organisation.lineEdit(), "Ministry of Magic")
    qtbot.keyClick(form.organisation.lineEdit(), Qt.Key.Key_Tab)
    assert form.fields.message_label("Organisation").text() == (
        "No organisation is called “Ministry of Magic”; choose one from the list"
    )
    assert not editor.save_button.isEnabled()
    form.organisation.lineEdit().clear()
    assert editor.save_button.isEnabled()


def test_enter_opens_the_person_with_their_participation_history(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    click_row(qtbot, workspace, "Mr. AOYAMA Shigetoshi")
    qtbot.keyClick(workspace.table, Qt.Key.Key_Return)
    editor = shown_editor(qtbot, workspace)
    form = editor.person_form

    assert editor.windowTitle() == "Person: Mr. AOYAMA Shigetoshi"
    assert form.preview.text() == "Mr. AOYAMA Shigetoshi"
    assert form.family_name.text() == "Aoyama"
    assert form.organisation.currentText() == "Japan Customs"
    history = form.history_proxy
    assert [history.index(0, c).data() for c in range(5)] == [
        "21st RTC Heads Meeting",
        "14 Nov 2023",
        "Japan Customs",
        "Head of delegation",
        "Attended",
    ]
    assert form.history_caption.text() == "Took part in 1 meeting:"

    qtbot.keyClick(form.given_name, Qt.Key.Key_Escape)  # nothing changed: closes at once
    qtbot.waitUntil(lambda: closed(editor))


def test_double_click_opens_the_person(qtbot: QtBot, workspace: PeopleWorkspace) -> None:
    click_row(qtbot, workspace, "Ms. Élodie MARTIN", double=True)
    editor = shown_editor(qtbot, workspace)
    assert editor.person_form.given_name.text() == "Élodie"
    editor.reject()


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    aoyama = person_id(demo, "Aoyama")
    editor = workspace.open_editor(aoyama)
    assert editor is not None
    form = editor.person_form
    qtbot.keyClicks(form.phone, "+81 4 7134 6000")
    seen: list[QDialog] = []

    answer_next_dialog("Cancel", seen)
    qtbot.keyClick(form.phone, Qt.Key.Key_Escape)
    assert editor.isVisible()
    assert "Save the changes to Mr. AOYAMA Shigetoshi?" in message_text(seen[0])

    answer_next_dialog("Save", seen)
    qtbot.mouseClick(
        editor.buttons.button(editor.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: closed(editor))
    with demo.read() as s:
        assert get_person(s, aoyama).phone == "+81 4 7134 6000"

    editor = workspace.open_editor(aoyama)
    assert editor is not None
    editor.person_form.phone.clear()
    answer_next_dialog("Discard", seen)
    editor.close()
    qtbot.waitUntil(lambda: closed(editor))
    with demo.read() as s:
        assert get_person(s, aoyama).phone == "+81 4 7134 6000"
    assert len(seen) == 3


def test_a_stale_save_is_reported_and_offers_reload(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    kang = person_id(demo, "Kang")
    editor = workspace.open_editor(kang)
    assert editor is not None
    form = editor.person_form
    with demo.write() as s:  # a colleague saves first
        data = PersonData(**{**vars(form.form_data()), "position": "Director, WCO"})
        update_person(s, kang, data, expected_version=None)
    qtbot.keyClicks(form.phone, "+32 2 209 92 11")
    seen: list[QDialog] = []

    answer_next_dialog("Keep editing", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Someone else saved Dr. Taeil KANG after you opened it" in message_text(seen[0])
    assert editor.isVisible()
    assert form.phone.text() == "+32 2 209 92 11"
    with demo.read() as s:
        stored = get_person(s, kang)
        assert (stored.position, stored.phone) == ("Director, WCO", "")

    answer_next_dialog("Reload", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert form.position.text() == "Director, WCO"
    assert form.phone.text() == ""
    assert not editor.is_modified()
    editor.reject()
    qtbot.waitUntil(lambda: closed(editor))


def test_every_input_has_a_label_and_an_accessible_name(qtbot: QtBot, demo: Database) -> None:
    editor = PersonEditor(demo, person_id(demo, "Outram"))
    show_dialog(qtbot, editor)
    form = editor.person_form
    inputs = [
        form.title, form.given_name, form.family_name, form.name_order, form.post_nominals,
        form.position, form.organisation, form.email, form.phone, form.gender, form.notes,
    ]  # fmt: skip
    buddies = {label.buddy() for label in editor.findChildren(QLabel)}
    for widget in inputs:
        assert widget in buddies, widget
        assert widget.accessibleName(), widget
    assert isinstance(form.notes, QPlainTextEdit)
    order, widget = [], form.title
    for _ in inputs:
        order.append(widget)
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget not in inputs:
            widget = widget.nextInFocusChain()
    assert order == inputs


# Search and sort ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("elodie", ["Ms. Élodie MARTIN"]),
        ("陳", ["Mr. 陳 家明"]),
        ("kashiwa", []),
        ("RTC japan", ["Mr. TANAKA Hiroshi", "Ms. SATO Yuki"]),
        ("rocb.example kanya", ["Ms. Kanya PHROMMA"]),
        ("OUTRAM", ["Mr. Michael OUTRAM APM"]),
    ],
)
def test_search_over_names_email_and_organisation(
    qtbot: QtBot, workspace: PeopleWorkspace, typed: str, expected: list[str]
) -> None:
    counts: list[str] = []
    workspace.count_changed.connect(counts.append)
    type_text(qtbot, workspace.search, typed)
    assert sorted(names(workspace)) == sorted(expected)
    assert counts[-1] == f"People: {len(expected)} of 22 shown"


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_every_column_sorts_by_its_raw_value(
    qtbot: QtBot, workspace: PeopleWorkspace, column: int
) -> None:
    click_header(qtbot, workspace, column)
    header = workspace.table.horizontalHeader()
    assert header.sortIndicatorSection() == column
    for _ in range(2):
        keys = [
            workspace.proxy.index(row, column).data(SortRole)
            for row in range(workspace.proxy.rowCount())
        ]
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert keys == sorted(keys, reverse=descending)
        click_header(qtbot, workspace, column)


def test_the_meetings_count_sorts_as_a_number(qtbot: QtBot, database: Database) -> None:
    with database.write() as s:
        busy = make_person(s, "Busy").id
        busier = make_person(s, "Busier").id
        make_person(s, "Idle")
        for number in range(10):
            meeting = make_meeting(s, f"Workshop {number}", start=date(2024, 1, 1 + number)).id
            make_participant(s, meeting, busier)
            if number < 9:
                make_participant(s, meeting, busy)
    workspace = open_workspace(qtbot, database)

    click_header(qtbot, workspace, MEETINGS)  # the busiest first
    assert column_texts(workspace, MEETINGS) == ["10", "9", "0"]
    click_header(qtbot, workspace, MEETINGS)
    assert column_texts(workspace, MEETINGS) == ["0", "9", "10"]
    assert names(workspace)[-1] == "BUSIER"


# Deleting ----------------------------------------------------------------------------------


def test_delete_asks_first_and_says_what_goes_with_the_person(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    tanaka = person_id(demo, "Tanaka")
    with demo.read() as s:
        total = count_rows(s, Participation)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    click_row(qtbot, workspace, "Mr. TANAKA Hiroshi")
    seen: list[QDialog] = []

    answer_next_dialog("Cancel", seen)
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    with demo.read() as s:
        assert s.get(Person, tanaka) is not None

    answer_next_dialog("Delete", seen)
    qtbot.mouseClick(workspace.delete_button, Qt.MouseButton.LeftButton)

    assert message_text(seen[1]) == (
        "Delete Mr. TANAKA Hiroshi?\n"
        "Also removes 1 participation, 2 speaker slots and 1 survey invitation with its "
        "answers.\n"
        "Stays on record without them: 1 delegation they head."
    )
    with demo.read() as s:
        assert s.get(Person, tanaka) is None
        assert count_rows(s, Participation) == total - 1
        assert count_rows(s, AgendaSpeaker, AgendaSpeaker.person_id == tanaka) == 0
    assert "Mr. TANAKA Hiroshi" not in names(workspace)
    assert statuses == ["Deleted Mr. TANAKA Hiroshi"]


def test_deleting_someone_in_no_meeting_says_so(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    with demo.write() as s:
        create_person(s, PersonData(family_name="Nobody", given_name="Ann"))
    workspace.refresh()
    click_row(qtbot, workspace, "Ann NOBODY")
    seen: list[QDialog] = []
    answer_next_dialog("Delete", seen)
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)
    assert message_text(seen[0]) == (
        "Delete Ann NOBODY?\nNothing else is removed: they are in no meeting, agenda or survey."
    )
    with demo.read() as s:
        assert count_rows(s, Person) == 22


# Merging -----------------------------------------------------------------------------------


@pytest.fixture
def duplicate(demo: Database) -> int:
    """Hiroshi Tanaka typed again at a registration, with a phone number and the 22nd meeting."""
    with demo.write() as s:
        twin = create_person(
            s,
            PersonData(
                family_name="TANAKA",
                given_name="Hiroshi",
                name_order=NameOrder.FAMILY_FIRST,
                email="h-tanaka@customs.example",
                phone="+81 3 1234 5678",
            ),
        )
        m22 = meetings.find_meeting(s, "RTC Heads Meeting", 22)
        assert m22 is not None
        participants.add_participant(s, m22.id, participants.ParticipationData(twin.id))
        return twin.id


def open_merge(qtbot: QtBot, workspace: PeopleWorkspace) -> MergePeopleDialog:
    workspace.refresh()  # the duplicate came after the list was read
    qtbot.keyClicks(workspace.search, "tanaka")
    assert len(names(workspace)) == 2
    workspace.table.setFocus()
    qtbot.keyClick(workspace.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(workspace.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in workspace.findChildren(MergePeopleDialog)))
    return next(d for d in workspace.findChildren(MergePeopleDialog) if d.isVisible())


def agree_to_merge(then: str | None = None) -> list[QDialog]:
    """Answer Yes to "These records may be two people", then ``then`` to the
    next question; the dialogs seen, in order."""
    seen: list[QDialog] = []

    def yes(box: QDialog) -> QPushButton | None:
        if then is not None:
            answer_next_dialog(then, seen)
        return next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == "Yes")

    answer_next_dialog(yes, seen)
    return seen


def field_button(dialog: MergePeopleDialog, field: str, record: int) -> QRadioButton:
    button = dialog.choices[field].button(record)
    assert isinstance(button, QRadioButton)
    return button


def test_merge_two_records_keeps_chosen_values_and_moves_everything(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, duplicate: int
) -> None:
    tanaka = person_id(demo, "Tanaka")
    with demo.read() as s:
        participations = count_rows(s, Participation)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    dialog = open_merge(qtbot, workspace)
    kept = [r.id for r in dialog.records].index(tanaka)
    gone = 1 - kept

    # The record with more recorded about it stays; empty fields take the other's value.
    assert dialog.keep.checkedId() == kept
    assert field_button(dialog, "family_name", kept).isChecked()
    assert field_button(dialog, "phone", gone).isChecked()
    assert field_button(dialog, "email", kept).isChecked()
    assert "given_name" not in dialog.choices  # the same in both
    assert dialog.summary.text().startswith(
        f"Moving from record {gone + 1} to record {kept + 1}: 1 participation."
    )
    qtbot.mouseClick(field_button(dialog, "email", gone), Qt.MouseButton.LeftButton)
    assert dialog.after_merge.text() == "After the merge: Mr. TANAKA Hiroshi"

    # Two addresses: the merge asks first, saying so.
    seen = agree_to_merge()
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert "These records may be two people" in message_text(seen[0])
    assert "the e-mail addresses differ: " in message_text(seen[0])
    # The dialog reports how it ended (its "After the merge" label once hid QDialog.result).
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)

    with demo.read() as s:
        assert s.get(Person, duplicate) is None
        survivor = get_person(s, tanaka)
        assert survivor.family_name == "Tanaka"
        assert survivor.email == "h-tanaka@customs.example"
        assert survivor.phone == "+81 3 1234 5678"
        assert survivor.position == "Head of RTC Japan"
        assert count_rows(s, Participation) == participations
        assert count_rows(s, Participation, Participation.person_id == tanaka) == 2
        assert count_rows(s, AgendaSpeaker, AgendaSpeaker.person_id == tanaka) == 2
        assert count_rows(s, SurveyRecipient, SurveyRecipient.person_id == tanaka) == 1
    assert names(workspace) == ["Mr. TANAKA Hiroshi"]
    assert workspace.selected_rows()[0].id == tanaka
    assert statuses == [
        "Merged two records of Mr. TANAKA Hiroshi: 1 participation moved, 0 combined with "
        "the survivor's, 0 speaker slots and 0 survey invitations moved, 0 survey "
        "answers carried over"
    ]


def test_choosing_the_other_survivor_keeps_the_values_chosen_by_hand(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, duplicate: int
) -> None:
    dialog = open_merge(qtbot, workspace)
    ids = [r.id for r in dialog.records]
    twin = ids.index(duplicate)
    tanaka = 1 - twin
    qtbot.mouseClick(field_button(dialog, "position", twin), Qt.MouseButton.LeftButton)

    qtbot.mouseClick(dialog.keep.button(twin), Qt.MouseButton.LeftButton)

    assert field_button(dialog, "family_name", twin).isChecked()  # follows the survivor
    assert field_button(dialog, "position", twin).isChecked()  # chosen by hand: empty
    assert field_button(dialog, "title", tanaka).isChecked()  # the survivor has none
    agree_to_merge()
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    with demo.read() as s:
        survivor = get_person(s, duplicate)
        assert (survivor.title, survivor.family_name, survivor.position) == ("Mr.", "TANAKA", "")
        assert count_rows(s, Participation, Participation.person_id == duplicate) == 2
        assert count_rows(s, Person) == 22


def test_a_record_changed_during_the_merge_is_not_overwritten(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, duplicate: int
) -> None:
    dialog = open_merge(qtbot, workspace)
    with demo.write() as s:
        data = PersonData(family_name="TANAKA", given_name="Hiroshi", phone="+81 3 0000 0000")
        update_person(s, duplicate, data, expected_version=None)
    seen = agree_to_merge(then="Reload")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert "Someone else saved one of the two records" in message_text(seen[1])
    with demo.read() as s:
        assert count_rows(s, Person) == 23
    assert "+81 3 0000 0000" in [b.text() for b in dialog.choices["phone"].buttons()]
    dialog.reject()


def test_merge_needs_exactly_two_people(qtbot: QtBot, workspace: PeopleWorkspace) -> None:
    click_row(qtbot, workspace, "Mr. AOYAMA Shigetoshi")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(workspace.merge_button, Qt.MouseButton.LeftButton)
    assert "Select the two records of the same person" in message_text(seen[0])
    assert not workspace.findChildren(MergePeopleDialog)


def test_a_new_person_likely_on_record_is_asked_about_before_saving(
    qtbot: QtBot, demo: Database
) -> None:
    """Mr. PARK Jinho of RTC Korea is on record; "Jinho PARK" typed the other
    way round is most likely him: the editor says so before saving."""
    editor = PersonEditor(demo, None)
    show_dialog(qtbot, editor)
    form = editor.person_form
    type_into(qtbot, form.given_name, "PARK")
    type_into(qtbot, form.family_name, "Jinho")
    with demo.read() as s:
        before = count_rows(s, Person)
    seen: list[QDialog] = []
    answer_next_dialog("No", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "This person may already be on record:" in message_text(seen[0])
    assert "Mr. PARK Jinho, RTC Korea: the same name, in another order" in message_text(seen[0])
    assert editor.isVisible()
    with demo.read() as s:
        assert count_rows(s, Person) == before

    answer_next_dialog("Yes")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    with demo.read() as s:
        assert count_rows(s, Person) == before + 1


def test_likely_duplicates_are_listed_and_merged_from_the_list(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, duplicate: int
) -> None:
    dialog = workspace.show_likely_duplicates()
    qtbot.waitExposed(dialog)
    pairs = dialog.pairs.rows()
    assert [(p.first.display_name, p.second.id, p.reason) for p in pairs] == [
        ("Mr. TANAKA Hiroshi", duplicate, "the same name")
    ]
    assert dialog.proxy.index(0, 2).data() == "the same name"
    merge = dialog.merge_current()
    assert merge is not None
    assert {r.id for r in merge.records} == {person_id(demo, "Tanaka"), duplicate}
    agree_to_merge()
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_dialog is None)
    assert dialog.pairs.rows() == []
    assert dialog.empty.isVisible()
    dialog.close()
