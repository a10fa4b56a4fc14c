"""The "Delegations and participants" tab, driven like a coordinator would
(typing, keys, clicks, combo boxes), with the database checked afterwards."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import pytest
from factories import make_meeting, make_person, org_id
from gui_helpers import answer_next_dialog, message_text
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import (
    ParticipationData,
    list_delegations,
    list_participants,
    update_participant,
)
from rtcdesk.ui.meeting_editor.delegation_dialogs import AddDelegationDialog, DelegationHeadDialog
from rtcdesk.ui.meeting_editor.participant_dialogs import (
    AddParticipantDialog,
    EditParticipantDialog,
)
from rtcdesk.ui.meeting_editor.participant_tables import PARTICIPANT_NAME
from rtcdesk.ui.meeting_editor.participants_tab import ParticipantsTab
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.search_picker import SearchPicker
from rtcdesk.vocabulary import (
    AttendanceMode,
    Gender,
    NameOrder,
    ParticipantRole,
    ParticipationStatus,
)

D = TypeVar("D", bound=QDialog)
HEAD = ParticipantRole.HEAD_OF_DELEGATION
ATTENDED = ParticipationStatus.ATTENDED
CONFIRMED = ParticipationStatus.CONFIRMED


# -- driving the widgets ---------------------------------------------------------------


def show_tab(qtbot: QtBot, database: Database, meeting_id: int) -> ParticipantsTab:
    tab = ParticipantsTab(database, meeting_id)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    return tab


def meeting_21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def open_dialog(qtbot: QtBot, tab: ParticipantsTab, button: QAbstractButton, kind: type[D]) -> D:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.open_dialog
    assert isinstance(dialog, kind)
    assert dialog.isVisible()
    return dialog


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ASCII by key presses; other letters arrive as an input method
    (a CJK or accent keyboard) commits them, since QTest can only press keys
    for Latin letters."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def type_search(qtbot: QtBot, picker: SearchPicker, text: str) -> None:  # type: ignore[type-arg]
    """Type into the picker and wait for the (debounced) matches."""
    picker.search_box.clear()
    with qtbot.waitSignal(picker.results_shown, timeout=3000):
        type_text(qtbot, picker.search_box, text)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Choose the item starting with ``text`` on a closed combo box by keyboard:
    type its first word (a space would open the list), then arrow down to it."""
    combo.setFocus()
    qtbot.keyClicks(combo, text.split()[0])
    for _ in range(2 * combo.count()):
        if combo.currentText().startswith(text):
            return
        last = combo.currentIndex() == combo.count() - 1
        qtbot.keyClick(combo, Qt.Key.Key_Home if last else Qt.Key.Key_Down)
    raise AssertionError(f"{combo.accessibleName()}: no item starts with {text!r}")


def click_row(
    qtbot: QtBot,
    view: QAbstractItemView,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    model = view.model()
    view.scrollTo(model.index(row, 0))
    rect = view.visualRect(model.index(row, PARTICIPANT_NAME % model.columnCount()))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def row_named(view: QAbstractItemView, column: int, text: str) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, column).data() == text:
            return row
    raise AssertionError(f"no row shows {text!r}")


def shown_names(tab: ParticipantsTab) -> list[tuple[str, str]]:
    proxy = tab.participants_proxy
    return [
        (proxy.index(r, 0).data(), proxy.index(r, PARTICIPANT_NAME).data())
        for r in range(proxy.rowCount())
    ]


def add_delegation(qtbot: QtBot, tab: ParticipantsTab, typed: str, expected: str) -> None:
    dialog = open_dialog(qtbot, tab, tab.add_delegation_button, AddDelegationDialog)
    qtbot.waitUntil(dialog.picker.search_box.hasFocus)
    type_search(qtbot, dialog.picker, typed)
    chosen = dialog.picker.current()
    assert chosen is not None
    assert chosen.name == expected
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    assert tab.open_dialog is None


# -- recording a meeting from scratch ----------------------------------------------------


def test_record_the_21st_meeting_from_scratch(qtbot: QtBot, database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s, series="RTC Heads Meeting", ordinal=21).id
        for family, given, title, org, order in [
            ("Kang", "Taeil", "Dr.", "WCO Secretariat", NameOrder.GIVEN_FIRST),
            ("Aoyama", "Shigetoshi", "Mr.", "Japan Customs", NameOrder.FAMILY_FIRST),
            ("Outram", "Michael", "Mr.", "Australian Border Force", NameOrder.GIVEN_FIRST),
        ]:
            make_person(
                s, family, given, title=title, organisation_id=org_id(s, org), name_order=order
            )
    tab = show_tab(qtbot, database, meeting)
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    assert tab.empty_hint.isVisible()

    for typed, name in [
        ("wco", "WCO Secretariat"),
        ("vice-chair", "Asia/Pacific Vice-Chair's Office"),
        ("rtc hong", "RTC Hong Kong China"),
        ("rtc japan", "RTC Japan"),
        ("japan customs", "Japan Customs"),
    ]:
        add_delegation(qtbot, tab, typed, name)
    assert messages[-1] == "Added the Japan Customs delegation"

    # Someone on record: the delegation of their organisation is suggested.
    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    qtbot.waitUntil(dialog.picker.search_box.hasFocus)
    type_search(qtbot, dialog.picker, "taeil")
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    form = dialog.participation
    assert form.delegation.hasFocus()
    assert form.delegation.currentText() == "WCO Secretariat"
    choose(qtbot, form.role, "Head of delegation")
    choose(qtbot, form.status, "Confirmed")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert messages[-1] == "Added Dr. Taeil KANG"

    # A virtual speaker for a delegation other than their organisation's.
    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    type_search(qtbot, dialog.picker, "OUTRAM")
    form = dialog.participation
    choose(qtbot, form.delegation, "Asia/Pacific")
    choose(qtbot, form.role, "Speaker")
    choose(qtbot, form.attendance, "Virtual")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    type_search(qtbot, dialog.picker, "aoyama")
    assert dialog.participation.delegation.currentText() == "Japan Customs"
    choose(qtbot, dialog.participation.role, "Head of delegation")
    qtbot.keyClick(dialog.participation.role, Qt.Key.Key_Return)
    assert tab.open_dialog is None

    # New people typed in place, CJK included; typed case is kept.
    chen_email = "KaMing.Chen@rtc-hk.example"
    for delegation, title, given, family, order, gender, email in [
        ("RTC Hong", "Mr.", "家明", "陳", "Family name first", "Male", chen_email),
        ("RTC Japan", "Mr.", "Hiroshi", "Tanaka", "Family name first", "Male", ""),
    ]:
        dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
        qtbot.mouseClick(dialog.new_person, Qt.MouseButton.LeftButton)
        assert not dialog.ok_button.isEnabled()
        choose(qtbot, dialog.participation.delegation, delegation)
        person = dialog.person_form
        type_text(qtbot, person.person_title, title)
        type_text(qtbot, person.given_name, given)
        type_text(qtbot, person.family_name, family)
        choose(qtbot, person.name_order, order)
        choose(qtbot, person.gender, gender)
        qtbot.keyClicks(person.email, email)
        assert person.organisation.currentText().startswith(delegation)
        assert person.preview.text() == f"{title} {family.upper()} {given}"
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert tab.open_dialog is None

    # The head of RTC Japan, named through the delegation.
    click_row(qtbot, tab.delegations_table, row_named(tab.delegations_table, 0, "RTC Japan"))
    dialog = open_dialog(qtbot, tab, tab.head_button, DelegationHeadDialog)
    choose(qtbot, dialog.head, "Mr. TANAKA")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert messages[-1] == "Mr. TANAKA Hiroshi heads the RTC Japan delegation"

    with database.read() as s:
        delegations = [
            (d.organisation_name, d.head_name, d.participant_count)
            for d in list_delegations(s, meeting)
        ]
        participants = {
            p.family_name: (p.delegation_name, p.role, p.attendance_mode, p.status)
            for p in list_participants(s, meeting)
        }
        chen = s.query(Person).filter_by(family_name="陳").one()
        tanaka = s.query(Person).filter_by(family_name="Tanaka").one()
        hong_kong = org_id(s, "RTC Hong Kong China")
    assert delegations == [
        ("WCO Secretariat", "Dr. Taeil KANG", 1),
        ("Asia/Pacific Vice-Chair's Office", None, 1),
        ("RTC Hong Kong China", None, 1),
        ("RTC Japan", "Mr. TANAKA Hiroshi", 1),
        ("Japan Customs", "Mr. AOYAMA Shigetoshi", 1),
    ]
    in_person, virtual = AttendanceMode.IN_PERSON, AttendanceMode.VIRTUAL
    invited = ParticipationStatus.INVITED
    assert participants == {
        "Kang": ("WCO Secretariat", HEAD, in_person, CONFIRMED),
        "Outram": ("Asia/Pacific Vice-Chair's Office", ParticipantRole.SPEAKER, virtual, invited),
        "陳": ("RTC Hong Kong China", ParticipantRole.DELEGATE, in_person, invited),
        "Tanaka": ("RTC Japan", HEAD, in_person, invited),
        "Aoyama": ("Japan Customs", HEAD, in_person, invited),
    }
    assert (chen.given_name, chen.name_order, chen.gender, chen.organisation_id, chen.email) == (
        "家明",
        NameOrder.FAMILY_FIRST,
        Gender.MALE,
        hong_kong,
        "KaMing.Chen@rtc-hk.example",
    )
    assert (tanaka.given_name, tanaka.family_name) == ("Hiroshi", "Tanaka")

    assert not tab.empty_hint.isVisible()
    assert tab.counts.total.text() == "5"
    assert tab.counts.value(AttendanceMode.VIRTUAL) == 1
    assert tab.counts.value(CONFIRMED) == 1
    assert tab.counts.value(ParticipationStatus.INVITED) == 4
    assert shown_names(tab) == [
        ("WCO", "Dr. Taeil KANG"),
        ("APVC", "Mr. Michael OUTRAM"),
        ("RTC Hong Kong China", "Mr. 陳 家明"),
        ("RTC Japan", "Mr. TANAKA Hiroshi"),
        ("Japan Customs", "Mr. AOYAMA Shigetoshi"),
    ]


# -- type-ahead ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("elodie", "Ms. Élodie MARTIN"),
        ("ÉLODIE", "Ms. Élodie MARTIN"),
        ("陳", "Mr. 陳 家明"),
        ("kaming.chen@", "Mr. 陳 家明"),
        ("shigetoshi", "Mr. AOYAMA Shigetoshi"),
    ],
)
def test_type_ahead_finds_accented_and_cjk_names(
    qtbot: QtBot, demo: Database, typed: str, found: str
) -> None:
    picker = PersonPicker(demo)
    qtbot.addWidget(picker)
    picker.show()
    type_search(qtbot, picker, typed)
    shown = picker.current()
    assert shown is not None
    assert shown.display_name == found
    assert picker.note.text() == ""


def test_type_ahead_waits_for_a_pause_and_says_when_the_list_is_cut_short(
    qtbot: QtBot, demo: Database, qtmodeltester
) -> None:
    picker = PersonPicker(demo, limit=3)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search_box, "a")
    assert picker.model.rowCount() == 0, "searched before the pause"
    qtbot.waitUntil(lambda: picker.model.rowCount() == 3)
    assert "first 3 matches" in picker.note.text()
    qtmodeltester.check(picker.model)
    type_search(qtbot, picker, "nobody-like-this")
    assert picker.current() is None
    assert picker.note.text().startswith("Nothing matches “nobody-like-this”.")


# -- refusals -------------------------------------------------------------------------------


def test_a_duplicate_participant_is_refused_with_the_message_shown(
    qtbot: QtBot, demo: Database
) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    type_search(qtbot, dialog.picker, "陳")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Person: is already a participant of this meeting" in message_text(seen[0])
    assert tab.open_dialog is dialog, "the dialog stays open to choose someone else"
    dialog.reject()
    with demo.read() as s:
        assert len(list_participants(s, meeting_21(demo))) == 22


def test_a_new_person_with_an_email_on_record_is_refused(qtbot: QtBot, demo: Database) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    qtbot.mouseClick(dialog.new_person, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.person_form.family_name, "Martin")
    qtbot.keyClicks(dialog.person_form.email, "Elodie.Martin@wco.example")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "belongs to Ms. Élodie MARTIN" in message_text(seen[0])
    assert dialog.person_form.family_name.text() == "Martin", "nothing typed is lost"
    dialog.reject()


def test_a_stale_edit_is_reported_and_the_tab_reloads(qtbot: QtBot, demo: Database) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    click_row(qtbot, tab.participants_table, row_named(tab.participants_table, 1, "Ms. SATO Yuki"))
    qtbot.keyClick(tab.participants_table, Qt.Key.Key_Return)
    dialog = tab.open_dialog
    assert isinstance(dialog, EditParticipantDialog)
    with demo.write() as s:  # a colleague marks her as a no-show meanwhile
        row = next(p for p in list_participants(s, meeting) if p.family_name == "Sato")
        data = ParticipationData(
            person_id=row.person_id,
            delegation_id=row.delegation_id,
            status=ParticipationStatus.NO_SHOW,
        )
        update_participant(s, row.id, data, row.version)
    choose(qtbot, dialog.participation.attendance, "Virtual")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "changed by someone else" in message_text(seen[0])
    assert tab.open_dialog is None
    with demo.read() as s:
        stored = s.get(Participation, row.id)
        assert stored is not None
        assert (stored.status, stored.attendance_mode) == (
            ParticipationStatus.NO_SHOW,
            AttendanceMode.IN_PERSON,
        )
    assert tab.counts.value(ParticipationStatus.NO_SHOW) == 1


# -- changing several at once, counts --------------------------------------------------------


def test_bulk_status_change_by_button_and_shortcut(qtbot: QtBot, demo: Database) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    table = tab.participants_table
    first = row_named(table, 1, "Ms. Kanya PHROMMA")
    click_row(qtbot, table, first)
    click_row(qtbot, table, first + 2, Qt.KeyboardModifier.ShiftModifier)
    chosen = [p.family_name for p in tab.selected_participants()]
    assert chosen == ["Phromma", "Srisawat", "Kim"]

    messages: list[str] = []
    tab.status_message.connect(messages.append)
    confirmed_button = next(
        b for b in tab.findChildren(QAbstractButton) if b.text() == "Confirmed" and b.isVisible()
    )
    qtbot.mouseClick(confirmed_button, Qt.MouseButton.LeftButton)
    assert messages == ["Marked 3 participants as confirmed"]
    with demo.read() as s:
        statuses = {p.family_name: p.status for p in list_participants(s, meeting)}
    assert sorted(f for f, status in statuses.items() if status is CONFIRMED) == sorted(chosen)
    assert (tab.counts.value(CONFIRMED), tab.counts.value(ATTENDED)) == (3, 19)
    assert [p.family_name for p in tab.selected_participants()] == chosen, "still selected"

    click_row(qtbot, table, first + 1, Qt.KeyboardModifier.ControlModifier)  # drop Srisawat
    qtbot.keySequence(table, QKeySequence("Ctrl+Shift+A"))  # Attended
    with demo.read() as s:
        statuses = {p.family_name: p.status for p in list_participants(s, meeting)}
    assert [f for f, status in statuses.items() if status is CONFIRMED] == ["Srisawat"]
    assert (tab.counts.value(CONFIRMED), tab.counts.value(ATTENDED)) == (1, 21)


def test_counts_match_a_hand_count_and_follow_every_change(qtbot: QtBot, demo: Database) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    counts = tab.counts
    # Hand count of the demo's 21st meeting: 22 attended, Mr. Outram virtual;
    # 8 women (Martin, Jones, Srisawat, Phromma, Liu, Chan, Sato, Ismail).
    assert counts.total.text() == "22"
    assert (counts.value(AttendanceMode.IN_PERSON), counts.value(AttendanceMode.VIRTUAL)) == (21, 1)
    assert (counts.value(Gender.FEMALE), counts.value(Gender.MALE)) == (8, 14)
    assert (counts.value(Gender.OTHER), counts.value(Gender.UNSPECIFIED)) == (0, 0)
    assert counts.value(ATTENDED) == 22
    assert all(counts.value(s) == 0 for s in ParticipationStatus if s is not ATTENDED)
    table = tab.delegations_table
    per_delegation = {
        table.model().index(r, 0).data(): int(table.model().index(r, 2).data())
        for r in range(table.model().rowCount())
    }
    assert per_delegation == {
        "WCO": 2, "APVC": 2, "ROCB A/P": 4, "RILO A/P": 1, "RTC China": 2,
        "RTC Hong Kong China": 2, "RTC India": 1, "RTC Indonesia": 1, "RTC Japan": 2,
        "RTC Korea": 1, "RTC Malaysia": 1, "RTC Thailand": 1, "Japan Customs": 2,
    }  # fmt: skip

    # Mr. Outram comes in person after all; Ms. Sato joins the WCO delegation.
    outram = row_named(tab.participants_table, 1, "Mr. Michael OUTRAM APM")
    click_row(qtbot, tab.participants_table, outram)
    dialog = open_dialog(qtbot, tab, tab.edit_button, EditParticipantDialog)
    choose(qtbot, dialog.participation.attendance, "In person")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (counts.value(AttendanceMode.IN_PERSON), counts.value(AttendanceMode.VIRTUAL)) == (22, 0)

    click_row(qtbot, tab.participants_table, row_named(tab.participants_table, 1, "Ms. SATO Yuki"))
    dialog = open_dialog(qtbot, tab, tab.edit_button, EditParticipantDialog)
    choose(qtbot, dialog.participation.delegation, "WCO")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    model = table.model()
    assert model.index(row_named(table, 0, "WCO"), 2).data() == "3"
    assert model.index(row_named(table, 0, "RTC Japan"), 2).data() == "1"


# -- heads, removal -----------------------------------------------------------------------------


def test_choosing_the_head_role_makes_the_participant_head(qtbot: QtBot, demo: Database) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    click_row(qtbot, tab.participants_table, row_named(tab.participants_table, 1, "Ms. SATO Yuki"))
    qtbot.keyClick(tab.participants_table, Qt.Key.Key_Return)
    dialog = tab.open_dialog
    assert isinstance(dialog, EditParticipantDialog)
    choose(qtbot, dialog.participation.role, "Head of delegation")
    qtbot.keyClick(dialog.participation.role, Qt.Key.Key_Return)
    with demo.read() as s:
        heads = {d.organisation_name: d.head_name for d in list_delegations(s, meeting)}
        roles = {p.family_name: p.role for p in list_participants(s, meeting)}
    assert heads["RTC Japan"] == "Ms. SATO Yuki"
    assert (roles["Sato"], roles["Tanaka"]) == (HEAD, ParticipantRole.DELEGATE)
    delegations = tab.delegations_table.model()
    japan = row_named(tab.delegations_table, 0, "RTC Japan")
    assert delegations.index(japan, 1).data() == "Ms. SATO Yuki"


def test_removing_a_delegation_keeps_its_participants_unlinked(
    qtbot: QtBot, demo: Database
) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    click_row(qtbot, tab.delegations_table, row_named(tab.delegations_table, 0, "RTC Japan"))
    seen: list[QDialog] = []
    answer_next_dialog("Delete", seen)
    qtbot.mouseClick(tab.remove_delegation_button, Qt.MouseButton.LeftButton)
    text = message_text(seen[0])
    assert "Delete the RTC Japan delegation?" in text
    assert "Its 2 participants stay at the meeting without a delegation." in text
    with demo.read() as s:
        assert "RTC Japan" not in [d.organisation_name for d in list_delegations(s, meeting)]
        unlinked = {
            p.family_name: p.delegation_id
            for p in list_participants(s, meeting)
            if p.family_name in ("Tanaka", "Sato")
        }
    assert unlinked == {"Tanaka": None, "Sato": None}
    assert tab.delegations_box.title() == "Delegations (12)"
    # Listed last, without a delegation; the former head keeps his role.
    assert shown_names(tab)[-2:] == [
        ("(no delegation)", "Mr. TANAKA Hiroshi"),
        ("(no delegation)", "Ms. SATO Yuki"),
    ]


def test_removing_participants_asks_first(qtbot: QtBot, demo: Database) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    table = tab.participants_table
    click_row(qtbot, table, row_named(table, 1, "Mr. TANAKA Hiroshi"))
    answer_next_dialog("Cancel")
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    seen: list[QDialog] = []
    answer_next_dialog("Delete", seen)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "RTC Japan will have no head of delegation." in message_text(seen[0])
    with demo.read() as s:
        remaining = [p.family_name for p in list_participants(s, meeting)]
        [japan] = [d for d in list_delegations(s, meeting) if d.organisation_name == "RTC Japan"]
    assert len(remaining) == 21
    assert "Tanaka" not in remaining
    assert (japan.head_person_id, japan.participant_count) == (None, 1)
    assert tab.counts.total.text() == "21"


# -- models and labels ----------------------------------------------------------------------------


def test_table_models_pass_the_model_tester(qtbot: QtBot, demo: Database, qtmodeltester) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    models: list[QAbstractItemModel] = [
        tab.delegations_model,
        tab.delegations_proxy,
        tab.participants_model,
        tab.participants_proxy,
    ]
    dialog = open_dialog(qtbot, tab, tab.add_delegation_button, AddDelegationDialog)
    models.append(dialog.picker.model)
    for model in models:
        qtmodeltester.check(model)
    assert tab.participants_model.index(0, PARTICIPANT_NAME).data(Qt.ItemDataRole.FontRole).bold()
    dialog.reject()


def _unlabelled_inputs(window: QWidget) -> list[str]:
    buddies = {label.buddy() for label in window.findChildren(QLabel)}
    problems = []
    fields: list[QWidget] = [
        *(
            e
            for e in window.findChildren(QLineEdit)
            if not isinstance(e.parent(), QAbstractSpinBox)
        ),
        *window.findChildren(QComboBox),
        *window.findChildren(QAbstractSpinBox),
    ]
    for field in fields:
        if not field.accessibleName():
            problems.append(f"{type(field).__name__} without an accessible name")
        if field not in buddies:
            problems.append(f"{field.accessibleName()!r} has no label")
    return problems


def test_every_input_has_a_label_and_an_accessible_name(qtbot: QtBot, demo: Database) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    assert _unlabelled_inputs(tab) == []
    click_row(qtbot, tab.delegations_table, 0)
    click_row(qtbot, tab.participants_table, 0)
    for button, kind in [
        (tab.add_delegation_button, AddDelegationDialog),
        (tab.head_button, DelegationHeadDialog),
        (tab.add_participant_button, AddParticipantDialog),
        (tab.edit_button, EditParticipantDialog),
    ]:
        dialog = open_dialog(qtbot, tab, button, kind)
        assert _unlabelled_inputs(dialog) == [], dialog.windowTitle()
        dialog.reject()


def test_tab_key_goes_from_the_delegations_to_the_participants(
    qtbot: QtBot, demo: Database
) -> None:
    tab = show_tab(qtbot, demo, meeting_21(demo))
    click_row(qtbot, tab.delegations_table, 0)  # enables "Set head…" and "Remove"
    tab.add_delegation_button.setFocus()
    visited = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        tab.head_button,
        tab.remove_delegation_button,
        tab.delegations_table,
        tab.find_field,
        tab.add_participant_button,
    ]


# -- travel dates -------------------------------------------------------------------------------


def test_travel_dates_start_empty_and_their_calendar_on_the_meetings_month(
    qtbot: QtBot, demo: Database
) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    dialog = open_dialog(qtbot, tab, tab.add_participant_button, AddParticipantDialog)
    form = dialog.participation
    assert (form.arrival.text(), form.departure.text()) == ("", "")
    form.arrival.setFocus()
    qtbot.keyClick(form.arrival, Qt.Key.Key_F4)
    popup = form.arrival.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert (popup.calendar.monthShown(), popup.calendar.yearShown()) == (11, 2023)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert form.arrival.text() == "14 Nov 2023"
    dialog.reject()


def test_a_travel_date_that_cannot_be_read_is_not_saved(qtbot: QtBot, demo: Database) -> None:
    meeting = meeting_21(demo)
    tab = show_tab(qtbot, demo, meeting)
    click_row(qtbot, tab.participants_table, row_named(tab.participants_table, 1, "Ms. SATO Yuki"))
    dialog = open_dialog(qtbot, tab, tab.edit_button, EditParticipantDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.participation
    for field, typed in ((form.arrival, "13 Nov 2023"), (form.departure, "17 Nox 2023")):
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    message = form.fields.message_label("Departure")
    assert (message.text(), message.isVisible()) == ("Cannot read “17 Nox 2023” as a date", True)
    assert not dialog.ok_button.isEnabled()
    form.departure.setFocus()
    form.departure.selectAll()
    qtbot.keyClicks(form.departure, "17/11/2023")
    qtbot.keyClick(form.departure, Qt.Key.Key_Tab)
    assert not message.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with demo.read() as s:
        sato = next(p for p in list_participants(s, meeting) if p.family_name == "Sato")
    assert (sato.arrival_date, sato.departure_date) == (date(2023, 11, 13), date(2023, 11, 17))
