"""Tab walks every other dialog a coordinator opens, each opened the way the
app opens it, on the demo data: each input once a round, in layout order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from focus_chain import assert_tab_reaches_every_input
from gui_excel_helpers import TIMEOUT_MS
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from registration_files import workbook
from shown_windows import Show, meeting_21_id
from sqlalchemy.orm import Session
from survey_gui_helpers import demo_survey_id, wait_for_dialog
from workspace_gui import (
    gui_isolation,  # noqa: F401 - an autouse fixture: no dialog left open
    show_dialog,
    shown_dialog,
)

from rtcdesk.db.engine import Database
from rtcdesk.services.demo import load_demo
from rtcdesk.services.people import (
    PersonData,
    create_person,
    delete_person,
    get_person,
    person_data,
    search_people,
    update_person,
)
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.actions_workspace import ActionsWorkspace, MeetingChoiceDialog
from rtcdesk.ui.crash import CrashDialog, CrashHandler
from rtcdesk.ui.history_dialog import HistoryDialog
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.carry_over_dialog import CarryOverDialog
from rtcdesk.ui.meeting_editor.editor import MeetingEditor
from rtcdesk.ui.meeting_editor.new_from_earlier import NewFromEarlierDialog
from rtcdesk.ui.meeting_editor.participant_dialogs import (
    AddParticipantDialog,
    EditParticipantDialog,
)
from rtcdesk.ui.meeting_editor.record_list_tab import RecordListTab
from rtcdesk.ui.meetings_workspace import MeetingsWorkspace
from rtcdesk.ui.merge_people_dialog import MergePeopleDialog
from rtcdesk.ui.passwords import PasswordDialog, password_for
from rtcdesk.ui.people_workspace import PeopleWorkspace
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.restore_dialog import RestoreDialog
from rtcdesk.ui.stale_edit import StaleEditDialog
from rtcdesk.ui.survey_editor.editor import SurveyEditor
from rtcdesk.ui.survey_editor.new_survey_dialog import NewSurveyDialog
from rtcdesk.ui.survey_editor.question_dialog import QuestionDialog
from rtcdesk.ui.survey_editor.recipient_dialogs import (
    AddPersonDialog,
    FromMeetingDialog,
    StatusDialog,
)
from rtcdesk.ui.survey_editor.response_dialog import ResponseDialog
from rtcdesk.ui.surveys_workspace import SurveysWorkspace
from rtcdesk.vocabulary import NameOrder, QuestionKind, RecipientStatus


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def close(qtbot: QtBot, dialog: QDialog) -> None:
    dialog.done(QDialog.DialogCode.Rejected)
    qtbot.waitUntil(lambda: not dialog.isVisible())


# -- the meeting editor's dialogs ---------------------------------------------------------


@pytest.fixture
def editor(demo: Database, shown: Show) -> MeetingEditor:
    window = shown(MeetingEditor(demo, meeting_21_id(demo)))
    assert isinstance(window, MeetingEditor)
    return window


def list_tab_dialogs(qtbot: QtBot, tab: RecordListTab) -> None:  # type: ignore[type-arg]
    """The tab's form for a new record, then for its first record."""
    click(qtbot, tab.add_button)
    dialog = wait_for_dialog(qtbot, tab)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.open_dialog is None)
    tab.table.selectRow(0)
    click(qtbot, tab.edit_button)
    dialog = wait_for_dialog(qtbot, tab)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


def test_agenda_item_dialog(qtbot: QtBot, editor: MeetingEditor) -> None:
    editor.tabs.setCurrentWidget(editor.agenda)
    assert editor.agenda is not None
    list_tab_dialogs(qtbot, editor.agenda)


def test_outcome_dialog(qtbot: QtBot, editor: MeetingEditor) -> None:
    editor.tabs.setCurrentWidget(editor.outcomes)
    assert editor.outcomes is not None
    list_tab_dialogs(qtbot, editor.outcomes)


def test_action_item_dialog(qtbot: QtBot, editor: MeetingEditor) -> None:
    editor.tabs.setCurrentWidget(editor.actions_tab)
    assert editor.actions_tab is not None
    list_tab_dialogs(qtbot, editor.actions_tab)


def test_participant_dialogs(qtbot: QtBot, editor: MeetingEditor) -> None:
    tab = editor.participants
    assert tab is not None
    editor.tabs.setCurrentWidget(tab)
    click(qtbot, tab.add_participant_button)
    add = wait_for_dialog(qtbot, tab)
    assert isinstance(add, AddParticipantDialog)
    assert_tab_reaches_every_input(qtbot, add)
    add.picker.search_box.setFocus()
    with qtbot.waitSignal(add.picker.results_shown, timeout=3000):
        qtbot.keyClicks(add.picker.search_box, "tanaka")  # matches to choose from
    assert add.picker.model.rowCount()
    assert_tab_reaches_every_input(qtbot, add)
    add.new_person.setChecked(True)  # the form for a new person
    assert_tab_reaches_every_input(qtbot, add)
    close(qtbot, add)

    tab.participants_table.selectRow(0)
    click(qtbot, tab.edit_button)
    edit = wait_for_dialog(qtbot, tab)
    assert isinstance(edit, EditParticipantDialog)
    assert_tab_reaches_every_input(qtbot, edit)
    close(qtbot, edit)


# -- the meetings and action items workspaces' dialogs ------------------------------------


def test_new_from_earlier_and_carry_over_dialogs(qtbot: QtBot, demo: Database, shown: Show) -> None:
    workspace = MeetingsWorkspace(demo)
    workspace.resize(1200, 600)
    shown(workspace)
    workspace.refresh()
    workspace.select_where(lambda row: row.id == meeting_21_id(demo))
    workspace.new_from_earlier()
    earlier = wait_for_dialog(qtbot, workspace)
    assert isinstance(earlier, NewFromEarlierDialog)
    assert_tab_reaches_every_input(qtbot, earlier)
    click(qtbot, earlier.create_button)
    qtbot.waitUntil(lambda: isinstance(workspace.open_dialog, CarryOverDialog))
    carry = wait_for_dialog(qtbot, workspace)
    assert_tab_reaches_every_input(qtbot, carry)
    close(qtbot, carry)
    qtbot.waitUntil(lambda: bool(workspace.editors))
    for editor in workspace.editors:
        editor.discard()


def test_meeting_choice_dialog(qtbot: QtBot, demo: Database, shown: Show) -> None:
    workspace = ActionsWorkspace(demo)
    shown(workspace)
    workspace.refresh()
    choice = workspace.new_item()
    assert isinstance(choice, MeetingChoiceDialog)
    qtbot.waitExposed(choice)
    assert_tab_reaches_every_input(qtbot, choice)
    close(qtbot, choice)


# -- the surveys workspace's and the survey editor's dialogs ------------------------------


def test_new_survey_dialog(qtbot: QtBot, demo: Database, shown: Show) -> None:
    workspace = SurveysWorkspace(demo)
    shown(workspace)
    workspace.refresh()
    workspace.new_survey()
    dialog = wait_for_dialog(qtbot, workspace)
    assert isinstance(dialog, NewSurveyDialog)
    assert_tab_reaches_every_input(qtbot, dialog)
    dialog.from_earlier.click()  # its list of earlier surveys becomes an input
    assert dialog.earlier.isEnabled()
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


@pytest.fixture
def survey_editor(demo: Database, shown: Show) -> SurveyEditor:
    window = shown(SurveyEditor(demo, demo_survey_id(demo)))
    assert isinstance(window, SurveyEditor)
    return window


def test_question_dialog_of_every_kind(qtbot: QtBot, survey_editor: SurveyEditor) -> None:
    panel = survey_editor.design.questions
    survey_editor.tabs.setCurrentWidget(survey_editor.design)
    click(qtbot, panel.add_button)
    dialog = wait_for_dialog(qtbot, panel)
    assert isinstance(dialog, QuestionDialog)
    for kind in QuestionKind:  # the form shows the inputs each kind needs
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.open_dialog is None)
    panel.table.selectRow(0)
    click(qtbot, panel.edit_button)
    dialog = wait_for_dialog(qtbot, panel)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


def test_recipient_and_response_dialogs(qtbot: QtBot, survey_editor: SurveyEditor) -> None:
    tab = survey_editor.recipients
    survey_editor.tabs.setCurrentWidget(tab)
    opened = []
    for button in (tab.from_meeting_button, tab.add_person_button):
        click(qtbot, button)
        dialog = wait_for_dialog(qtbot, tab)
        opened.append(type(dialog))
        assert_tab_reaches_every_input(qtbot, dialog)
        close(qtbot, dialog)
        qtbot.waitUntil(lambda: tab.open_dialog is None)
    rows = tab.model.rows()
    answered = next(r for r in rows if r.status is RecipientStatus.RESPONDED)
    waiting = next(r for r in rows if r.status is not RecipientStatus.RESPONDED)
    for row in (answered, waiting):
        assert tab.select(row.recipient_id)
        for button in (tab.response_button, tab.declined_button, tab.status_button):
            click(qtbot, button)
            dialog = wait_for_dialog(qtbot, tab)
            opened.append(type(dialog))
            assert_tab_reaches_every_input(qtbot, dialog)
            close(qtbot, dialog)
            qtbot.waitUntil(lambda: tab.open_dialog is None)
    assert {FromMeetingDialog, AddPersonDialog, StatusDialog, ResponseDialog} <= set(opened)


# -- Excel: export and import -------------------------------------------------------------


def test_export_dialog(qtbot: QtBot, editor: MeetingEditor) -> None:
    dialog = editor.export_participants()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


def test_import_dialog_with_a_file_loaded_and_checked(
    qtbot: QtBot, editor: MeetingEditor, tmp_path: Path
) -> None:
    dialog = editor.import_registrations()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert_tab_reaches_every_input(qtbot, dialog)  # before a file is chosen
    path = workbook(
        tmp_path / "registrations.xlsx",
        ["Surname", "Given name", "Name of Administration", "E-mail address"],
        [
            ["Aoyama", "Shigetoshi", "Japan Customs", ""],
            ["Park", "Jin-ho", "RTC Korea", ""],
            ["", "NoFamily", "Japan Customs", "nofamily@example.org"],
            ["Nguyen", "An", "Viet Nam Customs Academy", "an.nguyen@customs.example"],
        ],
    )
    dialog.file_edit.setFocus()
    qtbot.keyClicks(dialog.file_edit, str(path))
    with qtbot.waitSignal(dialog.file_loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    assert_tab_reaches_every_input(qtbot, dialog)
    with qtbot.waitSignal(dialog.checked, timeout=TIMEOUT_MS):
        click(qtbot, dialog.check_button)
    assert dialog.problems.rowCount()
    assert dialog.organisations.rowCount()
    assert dialog.matches.rowCount()
    for tab in range(dialog.tabs.count()):  # refused rows, new organisations, matches
        dialog.tabs.setCurrentIndex(tab)
        assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


# -- people: merge, erase; history; restore -----------------------------------------------


def walk_modal(qtbot: QtBot, open_it: Callable[[], object]) -> list[QDialog]:
    """Run ``open_it``, which shows a dialog with ``exec()``; walk that dialog's
    Tab chain while it waits, then close it (Escape's answer). Returns the
    dialogs walked."""
    walked: list[QDialog] = []
    failures: list[BaseException] = []

    def attempt(tries: int = 300) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible() and dialog not in walked:
            walked.append(dialog)
            try:
                assert_tab_reaches_every_input(qtbot, dialog)
            except BaseException as failed:  # raised below, once exec() has returned
                failures.append(failed)
            finally:
                dialog.reject()
            return
        if tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)
    open_it()
    if failures:
        raise failures[0]
    assert walked, "no dialog opened"
    return walked


@pytest.fixture
def people(demo: Database, shown: Show) -> PeopleWorkspace:
    workspace = PeopleWorkspace(demo)
    workspace.resize(1100, 600)
    shown(workspace)
    workspace.refresh()
    return workspace


def test_merge_people_dialog(qtbot: QtBot, demo: Database, people: PeopleWorkspace) -> None:
    with demo.write() as session:
        create_person(
            session,
            PersonData(
                family_name="TANAKA",
                given_name="Hiroshi",
                name_order=NameOrder.FAMILY_FIRST,
                email="h-tanaka@customs.example",
                phone="+81 3 1234 5678",
            ),
        )
    people.refresh()
    people.search.setText("tanaka")
    qtbot.waitUntil(lambda: people.proxy.rowCount() == 2)
    people.table.selectAll()
    dialog = people.merge_selected()
    assert isinstance(dialog, MergePeopleDialog)
    qtbot.waitExposed(dialog)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)

    likely = people.show_likely_duplicates()
    qtbot.waitExposed(likely)
    assert_tab_reaches_every_input(qtbot, likely)
    close(qtbot, likely)


def test_erase_person_confirmation(qtbot: QtBot, people: PeopleWorkspace) -> None:
    assert people.select_where(lambda row: row.display_name == "Mr. Rajesh SHARMA")
    walk_modal(qtbot, people.personal_data.erase_action.trigger)


def test_history_windows(qtbot: QtBot, demo: Database, shown: Show) -> None:
    window = shown(MainWindow(demo))
    assert isinstance(window, MainWindow)
    history = window.show_history()
    qtbot.waitExposed(history)
    assert_tab_reaches_every_input(qtbot, history)
    history.close()
    with demo.read() as session:
        person_id = search_people(session, "AOYAMA", 1)[0].id
    editor = shown(PersonEditor(demo, person_id))
    assert isinstance(editor, PersonEditor)
    click(qtbot, editor.history_button)
    record = shown_dialog(qtbot, editor, HistoryDialog)
    assert_tab_reaches_every_input(qtbot, record)
    close(qtbot, record)


def test_restore_dialog(qtbot: QtBot, sqlite_database: Database, shown: Show) -> None:
    with sqlite_database.write() as session:
        load_demo(session)
    first = MainWindow(sqlite_database)
    shown(first)
    first.close()  # the automatic backup of the demo data
    window = shown(MainWindow(sqlite_database))
    assert isinstance(window, MainWindow)
    window.restore_action.trigger()
    dialog = shown_dialog(qtbot, window, RestoreDialog)
    assert dialog.proxy.rowCount() == 1
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


# -- a colleague's save, a crash, a password ----------------------------------------------


def kang_changed_meanwhile(
    qtbot: QtBot, demo: Database, change: Callable[[Session, int], object]
) -> PersonEditor:
    """An editor of Dr. KANG with a phone number typed, whom a colleague
    changes meanwhile (``change``)."""
    with demo.read() as session:
        kang = search_people(session, "KANG", 1)[0].id
    editor = PersonEditor(demo, kang)
    show_dialog(qtbot, editor)
    colleague = Database(demo.url)
    try:
        with colleague.write() as session:
            change(session, kang)
    finally:
        colleague.dispose()
    editor.person_form.phone.setText("+32 2 209 92 11")
    return editor


def test_concurrent_edit_dialog(qtbot: QtBot, demo: Database) -> None:
    def new_position(session: Session, kang: int) -> None:
        person = get_person(session, kang)
        data = replace(person_data(person), position="Director, WCO")
        update_person(session, kang, data, person.version)

    editor = kang_changed_meanwhile(qtbot, demo, new_position)
    [dialog] = walk_modal(qtbot, lambda: click(qtbot, editor.save_button))
    assert isinstance(dialog, StaleEditDialog)
    assert dialog.model.rowCount() == 2  # its table of differences was walked too


def test_deleted_meanwhile_message(qtbot: QtBot, demo: Database) -> None:
    editor = kang_changed_meanwhile(qtbot, demo, lambda s, kang: delete_person(s, kang, None))
    [dialog] = walk_modal(qtbot, lambda: click(qtbot, editor.save_button))
    assert isinstance(dialog, QMessageBox)
    assert [b.text() for b in dialog.buttons()] == ["Save as a new person", "Keep editing"]
    assert editor.is_modified()  # Escape kept editing


def test_crash_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path / "rtcdesk.log")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        handler(type(exc), exc, exc.__traceback__)
    [dialog] = handler.open_windows
    assert isinstance(dialog, CrashDialog)
    qtbot.waitExposed(dialog)
    assert_tab_reaches_every_input(qtbot, dialog)
    close(qtbot, dialog)


@pytest.mark.parametrize("keyring_fixture", ["file_keyring", "no_keyring"])
def test_password_dialog(
    qtbot: QtBot, request: pytest.FixtureRequest, keyring_fixture: str
) -> None:
    request.getfixturevalue(keyring_fixture)
    smtp = SmtpSettings(host="smtp.example.org", username="rtc@example.org")
    [dialog] = walk_modal(qtbot, lambda: password_for(None, smtp))
    assert isinstance(dialog, PasswordDialog)
