"""Importing registrations through the GUI: a messy workbook read and mapped
(one column corrected in its combo box), the preview, the refused rows, a
check, an unknown organisation declined, a near match confirmed, good rows
only; refused files, dropped files, sheets, Cancel. The database is checked
afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from factories import make_meeting
from gui_excel_helpers import TIMEOUT_MS, finish, pick
from gui_helpers import Seen, answer_next_dialog, message_text
from openpyxl import Workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot
from registration_files import csv_file, workbook
from sqlalchemy import func, select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Participation, Person
from rtcdesk.excel.reading import read_table
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.registrations import find_layout, import_registrations
from rtcdesk.ui.combo_delegate import editor_at
from rtcdesk.ui.import_dialog import ImportDialog
from rtcdesk.ui.import_mapping import COL_FIELD
from rtcdesk.ui.import_matches import COL_CHOICE
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.vocabulary import AttendanceMode

HEADER = ["No", "Surname", "Given", "Designation", "Name of Administration", "E-mail address",
          "Mode", "Arrival"]  # fmt: skip
ROWS = [
    [1, "AOYAMA ", " Shigetoshi", "Managing Director", "Japan Customs", "", "Physical",
     "14/11/2023"],
    [2, "Nguyễn", "Văn An", "Officer", "Viet Nam Customs Academy", "an.nguyen@customs.example",
     "Online", datetime(2023, 11, 13)],
    [3, "Park", "Jin-ho", "Director", "RTC Korea", "", "Online", ""],
    [4, "", "NoFamily", "Officer", "Japan Customs", "nofamily@example.org", "", ""],
    [5, "Bad", "Mail", "Officer", "Japan Customs", "bad@", "", ""],
    [6, "陳", "大文", "Inspector", "Customs and Excise Department, Hong Kong China", "", "Zoom",
     ""],
    [7, "Ito", "Ken", "Officer", "Japan Customs", "k.ito@example.org", "", ""],
]  # fmt: skip


@pytest.fixture(autouse=True)
def no_dialog_left_open(qtbot: QtBot) -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Title rows and merged cells above the header (row 4), rows 5 to 11."""
    return workbook(
        tmp_path / "Registrations from Viet Nam.xlsx",
        HEADER,
        ROWS,
        title_rows=["WCO Regional Workshop — registration list", "Submitted by the host"],
    )


def m21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def snapshot(database: Database) -> tuple[int, int, int]:
    with database.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Person)) or 0,
            s.scalar(select(func.count()).select_from(Participation)) or 0,
            s.scalar(select(func.count()).select_from(Organisation)) or 0,
        )


def open_dialog(qtbot: QtBot, database: Database) -> ImportDialog:
    dialog = ImportDialog(database, m21(database))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_file(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    """Type the file's path and press Enter; wait until it is read."""
    dialog.file_edit.clear()
    qtbot.keyClicks(dialog.file_edit, str(path))
    with qtbot.waitSignal(dialog.file_loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)


def click_check(qtbot: QtBot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)


def mapping(dialog: ImportDialog) -> dict[str, str]:
    model = dialog.mapping
    return {
        model.index(r, 0).data(): model.index(r, COL_FIELD).data() for r in range(model.rowCount())
    }


def preview_cell(dialog: ImportDialog, file_row: int, header: str, role: int = 0) -> object:
    model = dialog.preview
    row = next(n for n in range(model.rowCount()) if model.row(n).row == file_row)
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == header
    )
    return model.index(row, column).data(role)


def problem_list(dialog: ImportDialog) -> list[tuple[int, str | None, str]]:
    return [(p.row, p.column, p.message) for p in dialog.problems.rows()]


def press_space_on(qtbot: QtBot, view: object, row: int) -> None:
    view.setCurrentIndex(view.model().index(row, 0))  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_Space)  # type: ignore[arg-type]


def test_every_model_passes_the_model_tester(
    qtbot: QtBot, demo: Database, messy: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, messy)
    pick(qtbot, editor_at(dialog.mapping_table, 2, COL_FIELD), "Given name")
    click_check(qtbot, dialog)
    for model in (dialog.mapping, dialog.preview, dialog.problems, dialog.organisations,
                  dialog.matches):  # fmt: skip
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_a_messy_workbook_from_mapping_to_the_database(
    qtbot: QtBot, demo: Database, messy: Path
) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    assert window.meetings.select_where(lambda row: row.ordinal == 21)
    window.excel.import_registrations_action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    assert dialog.meeting_title == "21st RTC Heads Meeting"
    assert dialog.hint.text() == "Choose a registration list, or drop one on this window."

    type_file(qtbot, dialog, messy)
    assert dialog.found.text() == (
        "Sheet 'Registrations': the header is on row 4; 7 rows below it."
    )
    # The mapping is guessed from the headers; "Given" is not a name rtcdesk knows.
    assert mapping(dialog) == {
        "No": "— not imported —",
        "Surname": "Family name",
        "Given": "— not imported —",
        "Designation": "Position",
        "Name of Administration": "Organisation",
        "E-mail address": "E-mail",
        "Mode": "Attendance",
        "Arrival": "Arrival",
    }
    given = editor_at(dialog.mapping_table, dialog.mapping.row_of("Given"), COL_FIELD)
    assert given.accessibleName() == "Imported as, for the column Given"
    pick(qtbot, given, "Given name")
    assert mapping(dialog)["Given"] == "Given name"

    # The preview shows the values as they will be stored.
    assert preview_cell(dialog, 5, "Family name") == "AOYAMA"
    assert preview_cell(dialog, 5, "Given name") == "Shigetoshi"
    assert preview_cell(dialog, 5, "Attendance") == "In person"
    assert preview_cell(dialog, 5, "Arrival") == "14 Nov 2023"
    assert preview_cell(dialog, 6, "Arrival") == "13 Nov 2023"
    assert preview_cell(dialog, 10, "Family name") == "陳"
    assert preview_cell(dialog, 9, "E-mail") == "bad@"
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert preview_cell(dialog, 9, "E-mail", tooltip) == "'bad@' is not an e-mail address"
    assert preview_cell(dialog, 9, "E-mail", Qt.ItemDataRole.BackgroundRole) is not None
    assert preview_cell(dialog, 5, "E-mail", Qt.ItemDataRole.BackgroundRole) is None
    assert preview_cell(dialog, 8, "Family name", tooltip) == "missing family name"

    # Every refused row is listed, and Import waits for a check.
    assert problem_list(dialog) == [
        (8, "Surname", "missing family name"),
        (9, "E-mail address", "'bad@' is not an e-mail address"),
    ]
    assert dialog.tabs.tabText(0) == "Refused rows (2)"
    assert not dialog.import_button.isEnabled()
    assert dialog.hint.text().startswith("Click Check to see what the import will do")

    click_check(qtbot, dialog)
    assert dialog.summary.text() == (
        "Checked: 5 of 7 rows can be imported: 4 new people, 1 person already on record, "
        "1 record gains details from the file and 1 new organisation. 2 rows are refused. "
        "Nothing has been written yet."
    )
    assert [i.label for i in dialog.organisations.items()] == ["Viet Nam Customs Academy"]
    assert dialog.organisations.items()[0].checked
    assert dialog.tabs.tabText(1) == "New organisations (1)"
    (question,) = dialog.matches.questions()
    assert (question.row, question.row_name) == (7, "Jin-ho Park")
    assert not dialog.import_button.isEnabled()
    assert dialog.hint.text().startswith("2 rows are refused (see Refused rows).")

    # Decline the new organisation, confirm the near match, leave the refused rows out.
    press_space_on(qtbot, dialog.organisation_list, 0)
    assert not dialog.organisations.items()[0].checked
    choice = editor_at(dialog.match_table, 0, COL_CHOICE)
    assert choice.currentText() == "A new person"
    pick(qtbot, choice, "Mr. PARK Jinho, RTC Korea (100% alike)")
    assert dialog.matches.confirmed() == {7: question.candidates[0].person_id}
    dialog.good_rows_only.setFocus()
    qtbot.keyClick(dialog.good_rows_only, Qt.Key.Key_Space)
    assert dialog.good_rows_only.isChecked()
    assert dialog.hint.text() == "You changed a choice: Check again to see the new totals."
    assert dialog.import_button.isEnabled()

    click_check(qtbot, dialog)
    assert (6, "Name of Administration",
            "'Viet Nam Customs Academy' is not a known organisation (confirm creating it)",
            ) in problem_list(dialog)  # fmt: skip
    assert dialog.summary.text().startswith(
        "Checked: 4 of 7 rows can be imported: 2 new people, 2 people already on record"
    )
    assert not dialog.organisations.items()[0].checked  # the choice is kept
    assert dialog.matches.confirmed() == {7: question.candidates[0].person_id}

    before = snapshot(demo)
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT_MS) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    message = (
        "Imported Registrations from Viet Nam.xlsx into 21st RTC Heads Meeting: "
        "2 new people, 2 people already on record and 3 rows left out"
    )
    assert imported.args == [message]
    assert window.statusBar().currentMessage() == message
    qtbot.waitUntil(lambda: window.findChild(ImportDialog) is None)

    people, participations, organisations = snapshot(demo)
    assert (people, participations, organisations) == (before[0] + 2, before[1] + 2, before[2])
    with demo.read() as s:
        assert s.scalar(select(Organisation).where(Organisation.name.like("Viet Nam%"))) is None
        assert s.scalar(select(Person).where(Person.family_name == "Nguyễn")) is None
        parks = s.scalars(select(Person).where(func.lower(Person.family_name) == "park")).all()
        assert len(parks) == 1
        # Keyed by both names: the demo's 陳 家明 is also at the meeting.
        taken = {
            (person.family_name, person.given_name): participation
            for participation, person in s.execute(
                select(Participation, Person)
                .join(Person, Participation.person_id == Person.id)
                .where(Participation.meeting_id == m21(demo))
            )
        }
    by_family = {family: taken[family, given] for family, given in taken if family != "陳"}
    assert by_family["Park"].attendance_mode is AttendanceMode.VIRTUAL
    assert by_family["Aoyama"].arrival_date == date(2023, 11, 14)
    assert taken["陳", "大文"].attendance_mode is AttendanceMode.VIRTUAL
    assert "Ito" in by_family
    meeting_row = window.meetings.selected_rows()[0]
    assert meeting_row.participant_count == 24


def test_an_unknown_organisation_declined_without_good_rows_only_writes_nothing(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "org.xlsx", ["Surname", "Agency"], [["Doe", "Mystery Agency"]])
    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, path)
    click_check(qtbot, dialog)
    assert [i.key for i in dialog.organisations.items()] == ["Mystery Agency"]
    press_space_on(qtbot, dialog.organisation_list, 0)
    before = snapshot(demo)

    seen: Seen = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog.task)

    assert seen[0].windowTitle() == "Not imported"
    assert "Nothing was imported" in message_text(seen[0])
    assert "'Mystery Agency' is not a known organisation" in message_text(seen[0])
    assert problem_list(dialog) == [
        (2, "Agency", "'Mystery Agency' is not a known organisation (confirm creating it)")
    ]
    assert dialog.isVisible()
    assert snapshot(demo) == before


def test_a_missing_family_name_column_is_said_and_check_waits(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "caps.xlsx", ["Mail", "NAME (CAPS)", "Sex"], [["z@example.org", "ZHOU", "F"]]
    )
    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, path)
    assert dialog.hint.text().startswith("Choose the column that holds the family name")
    assert not dialog.check_button.isEnabled()
    pick(qtbot, editor_at(dialog.mapping_table, 1, COL_FIELD), "Family name")
    assert dialog.check_button.isEnabled()
    click_check(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    # Choosing a field that another column feeds moves it there.
    pick(qtbot, editor_at(dialog.mapping_table, 0, COL_FIELD), "Family name")
    assert mapping(dialog) == {
        "Mail": "Family name",
        "NAME (CAPS)": "— not imported —",
        "Sex": "Gender",
    }
    assert dialog.check_result is None
    assert not dialog.import_button.isEnabled()


def test_a_refused_file_is_explained_and_nothing_is_read(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    before = snapshot(demo)
    dialog = open_dialog(qtbot, demo)
    seen: Seen = []
    answer_next_dialog("OK", seen)
    type_file(qtbot, dialog, legacy)
    assert seen[0].windowTitle() == "File refused"
    assert message_text(seen[0]).startswith(
        "old.xls is a legacy Excel (.xls) file or a password-protected workbook."
    )
    assert dialog.file_layout is None
    assert dialog.mapping.rowCount() == 0
    assert not dialog.check_button.isEnabled()
    assert snapshot(demo) == before


def test_a_file_dropped_on_the_dialog_is_read(qtbot: QtBot, demo: Database, messy: Path) -> None:
    dialog = open_dialog(qtbot, demo)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(messy))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(20, 20), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(dialog.file_loaded, timeout=TIMEOUT_MS):
        QApplication.sendEvent(dialog, drop)
    assert dialog.file_edit.text() == str(messy)
    assert dialog.mapping.rowCount() == len(HEADER)

    text = QMimeData()
    text.setUrls([QUrl.fromLocalFile(str(messy.with_suffix(".pdf")))])
    refused = QDragEnterEvent(
        QPoint(20, 20), actions, text, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(dialog, refused)
    assert not refused.isAccepted()


def test_choosing_another_sheet_reads_it(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["Please return by 1 November"])
    second = book.create_sheet("List")
    second.append(["Family name", "Given name"])
    second.append(["Rahman", "Aisha"])
    path = tmp_path / "two sheets.xlsx"
    book.save(path)

    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, path)
    # The first sheet holds no table, so the first one that does is read.
    assert dialog.sheet.isEnabled()
    assert [dialog.sheet.itemText(n) for n in range(dialog.sheet.count())] == ["Notes", "List"]
    assert dialog.sheet.currentText() == "List"
    assert preview_cell(dialog, 2, "Family name") == "Rahman"

    seen: Seen = []
    answer_next_dialog("OK", seen)
    pick(qtbot, dialog.sheet, "Notes")
    finish(qtbot, dialog.task)
    assert "sheet 'Notes': no header row found" in message_text(seen[0])
    assert dialog.sheet.currentText() == "List"
    assert preview_cell(dialog, 2, "Family name") == "Rahman"


def test_a_csv_with_semicolons_and_a_bom(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "hk.csv",
        ["Last name;First name;Agency;Email", "LEE;Ka Ho;Hong Kong, China;kh.lee@hk.example"],
        bom=True,
    )
    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, path)
    assert preview_cell(dialog, 2, "Organisation") == "Hong Kong, China"
    click_check(qtbot, dialog)
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with demo.read() as s:
        lee = s.scalars(select(Person).where(Person.family_name == "LEE")).one()
        assert lee.given_name == "Ka Ho"


def test_cancel_during_an_import_writes_nothing(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    with database.write() as s:
        make_meeting(s, series="RTC Heads Meeting", ordinal=21)
    rows = [[f"Family{n:04d}", "Given", f"p{n}@example.org"] for n in range(3000)]
    path = workbook(tmp_path / "long.xlsx", ["Surname", "Given name", "E-mail"], rows)
    dialog = open_dialog(qtbot, database)
    type_file(qtbot, dialog, path)
    click_check(qtbot, dialog)
    assert dialog.check_result is not None
    assert dialog.check_result.created == 3000
    before = snapshot(database)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None
    with qtbot.waitSignal(
        task.progressed, timeout=TIMEOUT_MS, check_params_cb=lambda done, _total: done > 0
    ):
        pass
    assert task.dialog is not None
    with qtbot.waitSignal(task.cancelled, timeout=TIMEOUT_MS):
        qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    finish(qtbot, task)

    assert snapshot(database) == before
    assert dialog.isVisible()
    assert dialog.import_button.isEnabled()


def test_details_the_record_keeps_are_listed_in_the_check(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    """A matched person's record is never overwritten; what the file says
    otherwise is listed, the first five in full."""
    rows = [["MARTIN", "Élodie", "elodie.martin@wco.example", "Director"]] + [
        [f"KEEP{n}", "Ana", f"keep{n}@kept.example", "Officer"] for n in range(6)
    ]
    first = csv_file(
        tmp_path / "first.csv",
        ["Surname,Given name,E-mail,Position", *(",".join(r) for r in rows[1:])],
    )
    with demo.write() as s:
        import_registrations(s, m21(demo), find_layout(read_table(first)))
    changed = [[f, g, e, "Deputy Director"] for f, g, e, _ in rows]
    path = csv_file(
        tmp_path / "changed.csv",
        ["Surname,Given name,E-mail,Position", *(",".join(r) for r in changed)],
    )
    dialog = open_dialog(qtbot, demo)
    type_file(qtbot, dialog, path)
    click_check(qtbot, dialog)
    lines = dialog.summary.text().split("\n")
    assert lines[1] == "7 details in the file differ from the record, which keeps its own:"
    assert lines[2] == (
        "• row 2: Ms. Élodie MARTIN keeps position 'Regional Development Manager' "
        "(the file says 'Deputy Director')"
    )
    assert (
        lines[3] == "• row 3: Ana KEEP0 keeps position 'Officer' (the file says 'Deputy Director')"
    )
    assert len(lines) == 8
    assert lines[-1] == "and 2 more."
    # Nothing was changed since the check (filling its lists is no choice of the coordinator).
    assert dialog.hint.text() == ""
    assert dialog.import_button.isEnabled()
    dialog.grab().save(str(tmp_path / "kept.png"))  # looked at while writing this test
