"""Preferences > Printing: the paper every workbook prints on and the address
survey forms are sent back to, kept for the app and the command line."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import Seen, answer_next_dialog, message_text
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from survey_gui_helpers import demo_survey_id

from rtcdesk.cli import main
from rtcdesk.db.engine import Database
from rtcdesk.services import exports, print_settings
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.survey_forms import write_forms
from rtcdesk.ui.preferences import PreferencesDialog

#: US Letter, as a workbook's page set-up numbers it (A4 is 9).
LETTER = 1


def open_printing(qtbot: QtBot) -> PreferencesDialog:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.print_tab)
    return dialog


def save(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_letter_paper_and_a_return_address_reach_the_workbooks(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    dialog = open_printing(qtbot)
    assert dialog.printing.paper.currentText() == "A4"
    dialog.printing.paper.setCurrentIndex(dialog.printing.paper.findData("Letter"))
    dialog.printing.return_email.setText(" capacity.building@rocb.example.org ")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert print_settings.paper_size() == "Letter"
    assert print_settings.return_email() == "capacity.building@rocb.example.org"

    with demo.read() as s:
        form = write_forms(s, demo_survey_id(demo), tmp_path / "forms")[0]
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        listed = exports.export(
            tmp_path / "list.xlsx", exports.participant_list_sheet(s, meeting.id)
        )
    sheet = load_workbook(form)["Questionnaire"]
    assert sheet.page_setup.paperSize == LETTER
    assert sheet.cell(5, 2).value == (
        "Please return this form by 31 March 2024 to capacity.building@rocb.example.org, "
        "attached to an e-mail."
    )
    assert load_workbook(listed).active.page_setup.paperSize == LETTER

    # The command line reads the same preferences.
    assert main(["settings"]) == 0


def test_an_address_that_is_not_one_is_refused_and_nothing_is_kept(qtbot: QtBot) -> None:
    dialog = open_printing(qtbot)
    dialog.printing.paper.setCurrentIndex(dialog.printing.paper.findData("Letter"))
    dialog.printing.return_email.setText("rocb at example dot org")
    seen: Seen = []
    answer_next_dialog("OK", seen)
    save(qtbot, dialog)
    assert "Forms returned to: “rocb at example dot org” is not an e-mail address" in (
        message_text(seen[0])
    )
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == dialog.print_tab
    assert print_settings.paper_size() == "A4"
    assert print_settings.return_email() == ""


def test_the_command_line_sets_what_the_app_shows(qtbot: QtBot, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["settings", "--paper", "Letter", "--return-email", "a.b@rocb.example.org"]) == 0
    assert "Survey forms returned to: a.b@rocb.example.org" in capsys.readouterr().out
    assert main(["settings", "--return-email", "nobody"]) == 1
    assert "“nobody” is not an e-mail address" in capsys.readouterr().err
    dialog = open_printing(qtbot)
    assert dialog.printing.paper.currentText() == "US Letter"
    assert dialog.printing.return_email.text() == "a.b@rocb.example.org"
