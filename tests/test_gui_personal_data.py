"""Personal data in the People workspace: erase a person after a confirmation
that lists what goes, export everything about them; and the GUI's crash
handler logs no names."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import count_rows
from gui_excel_helpers import finish, save_file_as
from gui_helpers import answer_next_dialog, message_text
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from workspace_gui import (
    click_row,
    column_texts,
    gui_isolation,  # noqa: F401 - an autouse fixture
    show_workspace,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person, SurveyAnswer
from rtcdesk.errors import ValidationError
from rtcdesk.logging_setup import configure_logging
from rtcdesk.services import meetings
from rtcdesk.ui.crash import CrashDialog, install_crash_handler
from rtcdesk.ui.people_workspace import PeopleWorkspace

SHARMA = "Mr. Rajesh SHARMA"
SHARMA_EMAIL = "rajesh.sharma@nacin.example"


@pytest.fixture
def workspace(qtbot: QtBot, demo: Database) -> PeopleWorkspace:
    workspace = PeopleWorkspace(demo)
    show_workspace(qtbot, workspace)
    return workspace


def sharma_id(database: Database) -> int | None:
    with database.read() as s:
        return s.scalar(select(Person.id).where(Person.family_name == "Sharma"))


def test_the_actions_are_in_the_personal_data_menu_and_the_context_menu(
    workspace: PeopleWorkspace,
) -> None:
    actions = workspace.personal_data.menu.actions()
    assert [a.text().replace("&", "") for a in actions] == [
        "Export everything about this person…",
        "Erase this person…",
    ]
    assert workspace.personal_data_button.menu() is workspace.personal_data.menu
    assert workspace.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert workspace.table.actions() == actions


def test_erase_lists_what_goes_defaults_to_cancel_and_then_erases(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, tmp_path: Path
) -> None:
    with demo.write() as s:
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        m21.notes = "Ask Mr. SHARMA for his slides."
    with demo.read() as s:
        participations, answers = count_rows(s, Participation), count_rows(s, SurveyAnswer)
    ident = sharma_id(demo)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    click_row(qtbot, workspace, SHARMA)
    seen: list[QDialog] = []
    defaults: list[str] = []

    def cancel_after_looking(dialog: QDialog) -> QAbstractButton | None:
        assert isinstance(dialog, QMessageBox)
        defaults.append(dialog.defaultButton().text())
        dialog.grab().save(str(tmp_path / "erase-confirmation.png"))
        return dialog.button(QMessageBox.StandardButton.Cancel)

    answer_next_dialog(cancel_after_looking, seen)
    workspace.personal_data.erase_action.trigger()
    assert defaults == ["Cancel"]
    assert (tmp_path / "erase-confirmation.png").stat().st_size > 0
    text = message_text(seen[0])
    assert text.startswith(f"Erase {SHARMA} and everything that names them?\nRemoved for good:")
    for line in (
        "• 1 participation: 21st RTC Heads Meeting (14-16 Nov 2023)",
        "• 1 survey invitation with its answers: “Follow-up actions after the 21st RTC Heads "
        "Meeting” (8 answers)",
        "Kept, without them:",
        "• 1 delegation they head (it stays, without a head): RTC India at the 21st RTC "
        "Heads Meeting (14-16 Nov 2023)",
        "Free text that may name them is not changed; edit it by hand if it should go:",
        "• the notes of the 21st RTC Heads Meeting",
        "This cannot be undone.",
    ):
        assert line in text, line
    assert sharma_id(demo) == ident

    answer_next_dialog("Erase", seen)
    workspace.personal_data.erase_action.trigger()
    assert sharma_id(demo) is None
    with demo.read() as s:
        assert count_rows(s, Participation) == participations - 1
        assert count_rows(s, SurveyAnswer) == answers - 8
    assert SHARMA not in column_texts(workspace, 0)
    assert statuses == [f"Erased {SHARMA}"]


def test_erase_without_one_selected_person_says_so(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database
) -> None:
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    workspace.personal_data.erase_action.trigger()
    assert message_text(seen[0]).startswith("Select one person in the list first.")
    with demo.read() as s:
        assert count_rows(s, Person) == 22


def test_export_everything_writes_the_workbook(
    qtbot: QtBot, workspace: PeopleWorkspace, demo: Database, tmp_path: Path
) -> None:
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    click_row(qtbot, workspace, SHARMA)
    target = tmp_path / "sharma.xlsx"
    save_file_as(target)
    workspace.personal_data.export_action.trigger()
    task = finish(qtbot, workspace.personal_data.last_task)
    assert not task.running

    book = load_workbook(target)
    assert book["Person"]["A1"].value == f"Everything held about {SHARMA}"
    fields = {row[0]: row[1] for row in book["Person"].iter_rows(min_row=6, values_only=True)}
    assert fields["E-mail"] == SHARMA_EMAIL
    survey_rows = [r for r in book["Surveys"].iter_rows(min_row=6, values_only=True) if r[0]]
    assert len(survey_rows) == 8
    assert statuses == [f"Exported everything about {SHARMA} to {target}"]


# The GUI's log ---------------------------------------------------------------------------


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The rtcdesk log, written to tmp_path for the test."""
    path = configure_logging(tmp_path / "rtcdesk.log")
    assert path is not None
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_rtcdesk", False)]:
        root.removeHandler(handler)
        handler.close()


def test_the_crash_handler_logs_no_names_or_e_mails(qtbot: QtBot, log_file: Path) -> None:
    previous = sys.excepthook
    handler = install_crash_handler(log_file)
    # Held in variables: the traceback's source lines are logged as they are.
    who, address = SHARMA, SHARMA_EMAIL
    try:
        try:
            raise ValidationError(who, [])
        except ValidationError as refused:
            handler(type(refused), refused, refused.__traceback__)
            try:
                {}[address]
            except KeyError as bug:
                handler(type(bug), bug, bug.__traceback__)
        qtbot.waitUntil(lambda: any(isinstance(w, CrashDialog) for w in handler.open_windows))
        crash = next(w for w in handler.open_windows if isinstance(w, CrashDialog))
        assert SHARMA_EMAIL in crash.report()  # the coordinator sees everything
    finally:
        sys.excepthook = previous
        for window in list(handler.open_windows):
            window.close()
        QApplication.processEvents()

    log = log_file.read_text(encoding="utf-8")
    assert "refused: rtcdesk.errors.ValidationError (message withheld" in log
    assert "unexpected error" in log
    assert "KeyError (message withheld from the log: it may name people)" in log
    for name in ("sharma", "rajesh", SHARMA_EMAIL):
        assert name not in log.casefold(), name
