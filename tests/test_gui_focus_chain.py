"""Tab walks every editor and dialog: each input once a round, in layout order."""

from __future__ import annotations

from focus_chain import assert_tab_reaches_every_input
from pytestqt.qtbot import QtBot
from shown_windows import Show, meeting_21_id

from rtcdesk.db.engine import Database
from rtcdesk.services.organisations import list_organisations
from rtcdesk.services.people import search_people
from rtcdesk.services.surveys import list_surveys
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.editor import MeetingEditor
from rtcdesk.ui.organisation_editor import OrganisationEditor
from rtcdesk.ui.person_editor import PersonEditor
from rtcdesk.ui.preferences import PreferencesDialog
from rtcdesk.ui.survey_editor.editor import SurveyEditor


def test_the_main_window(qtbot: QtBot, demo: Database, shown: Show) -> None:
    window = shown(MainWindow(demo))
    assert isinstance(window, MainWindow)
    for number in range(len(window.workspaces)):
        window.navigation.setCurrentRow(number)
        assert_tab_reaches_every_input(qtbot, window)


def test_every_tab_of_the_meeting_editor(qtbot: QtBot, demo: Database, shown: Show) -> None:
    editor = shown(MeetingEditor(demo, meeting_21_id(demo)))
    assert isinstance(editor, MeetingEditor)
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        assert_tab_reaches_every_input(qtbot, editor)


def test_a_new_meeting(qtbot: QtBot, database: Database, shown: Show) -> None:
    assert_tab_reaches_every_input(qtbot, shown(MeetingEditor(database, None)))


def test_every_tab_of_the_survey_editor(qtbot: QtBot, demo: Database, shown: Show) -> None:
    with demo.read() as session:
        survey_id = list_surveys(session)[0].id
    editor = shown(SurveyEditor(demo, survey_id))
    assert isinstance(editor, SurveyEditor)
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        assert_tab_reaches_every_input(qtbot, editor)


def test_the_person_and_organisation_editors(qtbot: QtBot, demo: Database, shown: Show) -> None:
    with demo.read() as session:
        person_id = search_people(session, "AOYAMA", 1)[0].id
        organisation_id = next(o.id for o in list_organisations(session) if o.name == "RTC Japan")
    assert_tab_reaches_every_input(qtbot, shown(PersonEditor(demo, person_id)))
    assert_tab_reaches_every_input(qtbot, shown(PersonEditor(demo, None)))
    assert_tab_reaches_every_input(qtbot, shown(OrganisationEditor(demo, organisation_id)))


def test_preferences(qtbot: QtBot, shown: Show) -> None:
    dialog = shown(PreferencesDialog())
    assert isinstance(dialog, PreferencesDialog)
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert_tab_reaches_every_input(qtbot, dialog)
