"""Exporting from the GUI: the participant list dialog (columns, presets,
statuses, file), the quick exports of the File menu, progress and Cancel.
Every test reads the written workbook back with openpyxl."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import make_meeting
from gui_excel_helpers import TIMEOUT_MS, finish, pick, save_file_as
from gui_helpers import Seen, answer_next_dialog, message_text
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_excel_export_scale import add_participants

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation
from rtcdesk.services import exports
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.outcomes import ActionItemData, add_action_item
from rtcdesk.services.participants import set_status
from rtcdesk.ui import export_dialog
from rtcdesk.ui.checklist import ChecklistModel
from rtcdesk.ui.export_dialog import ExportDialog
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.vocabulary import ParticipationStatus

HEADER_ROW = 6  # meeting title, dates, place, "Participant list", a blank row


@pytest.fixture(autouse=True)
def no_dialog_left_open(qtbot: QtBot) -> Iterator[None]:
    """A failed test may leave a dialog open; close it so the next test starts clean."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


def m21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def open_dialog(qtbot: QtBot, database: Database, meeting_id: int) -> ExportDialog:
    dialog = ExportDialog(database, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def table(path: Path) -> list[tuple[object, ...]]:
    ws = load_workbook(path).active
    return list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))


def row_of(model: ChecklistModel, label: str) -> int:
    return next(n for n, item in enumerate(model.items()) if item.label == label)


def toggle(qtbot: QtBot, dialog: ExportDialog, label: str) -> None:
    """Select a column in the list and press Space, which ticks or unticks it."""
    dialog.column_list.setCurrentIndex(dialog.columns.index(row_of(dialog.columns, label)))
    qtbot.keyClick(dialog.column_list, Qt.Key.Key_Space)


def export_to(qtbot: QtBot, dialog: ExportDialog, target: Path) -> str:
    """Type the path, click Export, wait; returns the status bar message."""
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(target))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return str(exported.args[0])


def expected_rows(database: Database, columns: list[str], statuses: object = None) -> list[list]:
    with database.read() as s:
        sheet = exports.participant_list_sheet(s, m21(database), columns, statuses)  # type: ignore[arg-type]
        return [[None if v == "" else v for v in row] for row in sheet.rows()]


# -- the participant list -------------------------------------------------------------


def test_the_column_list_passes_the_model_tester(
    qtbot: QtBot, demo: Database, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, demo, m21(demo))
    qtmodeltester.check(dialog.columns)
    dialog.columns.move(0, 3)
    toggle(qtbot, dialog, "Phone")
    qtmodeltester.check(dialog.columns)


def test_a_preset_an_unticked_column_and_a_moved_one(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, demo, m21(demo))
    assert dialog.preset.currentText() == "Full list"
    assert dialog.listed.text() == "22 participants will be listed."

    pick(qtbot, dialog.preset, "Security list")
    assert dialog.chosen_columns() == [
        "name", "family_name", "given_name", "organisation", "position", "email",
    ]  # fmt: skip
    toggle(qtbot, dialog, "Position")
    dialog.column_list.setCurrentIndex(dialog.columns.index(row_of(dialog.columns, "Organisation")))
    qtbot.mouseClick(dialog.move_up_button, Qt.MouseButton.LeftButton)
    columns = ["name", "family_name", "organisation", "given_name", "email"]
    assert dialog.chosen_columns() == columns
    assert dialog.preset.currentIndex() == -1  # no preset has these columns
    assert dialog.preset.placeholderText() == "Your own choice"

    target = tmp_path / "security.xlsx"
    message = export_to(qtbot, dialog, target)

    assert message == f"Exported 22 participants to {target}"
    header, *rows = table(target)
    assert header == ("Name", "Family name", "Organisation", "Given name", "E-mail")
    assert [list(row) for row in rows] == expected_rows(demo, columns)
    assert not dialog.isVisible()


def test_the_badges_preset_and_the_next_export_remembers_the_columns(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, demo, m21(demo))
    pick(qtbot, dialog.preset, "Badges and name plates")
    export_to(qtbot, dialog, tmp_path / "badges")  # .xlsx is added
    header, first, *_ = table(tmp_path / "badges.xlsx")
    assert header == ("No.", "Name", "Title", "Delegation")
    assert first[0] == 1

    again = open_dialog(qtbot, demo, m21(demo))
    assert again.preset.currentText() == "Badges and name plates"
    assert again.chosen_columns() == ["no", "name", "title", "delegation"]


def test_only_the_ticked_statuses_are_listed(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    meeting_id = m21(demo)
    with demo.write() as s:
        ids = s.scalars(
            select(Participation.id)
            .where(Participation.meeting_id == meeting_id)
            .order_by(Participation.id)
        ).all()
        set_status(s, ids[:3], ParticipationStatus.CANCELLED)
        set_status(s, ids[3:5], ParticipationStatus.CONFIRMED)
    dialog = open_dialog(qtbot, demo, meeting_id)
    cancelled = dialog.statuses[ParticipationStatus.CANCELLED]
    assert cancelled.text() == "Cancelled (3)"
    assert dialog.statuses[ParticipationStatus.CONFIRMED].text() == "Confirmed (2)"

    cancelled.setFocus()
    qtbot.keyClick(cancelled, Qt.Key.Key_Space)
    assert dialog.listed.text() == "19 participants will be listed."
    message = export_to(qtbot, dialog, tmp_path / "expected.xlsx")

    assert message.startswith("Exported 19 participants to ")
    header, *rows = table(tmp_path / "expected.xlsx")
    status = header.index("Status")
    assert len(rows) == 19
    assert {row[status] for row in rows} == {"Attended", "Confirmed"}
    assert [row[0] for row in rows] == list(range(1, 20))


def test_nothing_ticked_says_why_export_is_off(qtbot: QtBot, demo: Database) -> None:
    dialog = open_dialog(qtbot, demo, m21(demo))
    for check in dialog.statuses.values():
        check.setChecked(False)
    assert not dialog.export_button.isEnabled()
    assert dialog.hint.text() == "Tick at least one status."
    dialog.statuses[ParticipationStatus.ATTENDED].setChecked(True)
    for label in [item.label for item in dialog.columns.items() if item.checked]:
        toggle(qtbot, dialog, label)
    assert dialog.hint.text() == "Tick at least one column."
    toggle(qtbot, dialog, "Name")
    dialog.path.clear()
    assert dialog.hint.text() == "Choose where to save the workbook."
    assert not dialog.export_button.isEnabled()


def test_saving_and_deleting_an_own_preset(qtbot: QtBot, demo: Database) -> None:
    dialog = open_dialog(qtbot, demo, m21(demo))
    pick(qtbot, dialog.preset, "Security list")
    toggle(qtbot, dialog, "E-mail")
    assert not dialog.delete_preset_button.isEnabled()

    def name_it(text: str, then_ok: Seen | None = None) -> object:
        """Type ``text`` as the name and click OK; then click OK on the next
        message (recorded in ``then_ok``), if one is expected."""

        def answer(box: QDialog) -> QPushButton | None:
            assert isinstance(box, QInputDialog)
            box.setTextValue(text)
            if then_ok is not None:
                answer_next_dialog("OK", then_ok)
            return next(b for b in box.findChildren(QPushButton) if b.text() == "OK")

        return answer

    seen: Seen = []
    answer_next_dialog(name_it("Security list", seen))  # a built-in name: refused
    qtbot.mouseClick(dialog.save_preset_button, Qt.MouseButton.LeftButton)
    assert "built-in preset" in message_text(seen[-1])

    answer_next_dialog(name_it("Hotel list"))
    qtbot.mouseClick(dialog.save_preset_button, Qt.MouseButton.LeftButton)
    assert dialog.preset.currentText() == "Hotel list"
    assert dialog.delete_preset_button.isEnabled()

    again = open_dialog(qtbot, demo, m21(demo))
    assert [p.name for p in again.presets()][-1] == "Hotel list"
    pick(qtbot, again.preset, "Full list")
    pick(qtbot, again.preset, "Hotel list")
    assert again.chosen_columns() == [
        "name", "family_name", "given_name", "organisation", "position",
    ]  # fmt: skip

    answer_next_dialog("Delete", seen)
    qtbot.mouseClick(again.delete_preset_button, Qt.MouseButton.LeftButton)
    assert "Delete the preset 'Hotel list'?" in message_text(seen[-1])
    assert "Hotel list" not in [p.name for p in again.presets()]
    assert again.preset.currentIndex() == -1


def test_an_existing_file_is_replaced_only_when_confirmed(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    target = tmp_path / "list.xlsx"
    target.write_bytes(b"keep me")
    dialog = open_dialog(qtbot, demo, m21(demo))
    dialog.path.setText(str(target))
    seen: Seen = []
    answer_next_dialog("No", seen)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "list.xlsx already exists. Replace it?" in message_text(seen[-1])
    assert dialog.task is None
    assert target.read_bytes() == b"keep me"

    answer_next_dialog("Yes")
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(table(target)) == 23


def test_a_folder_that_cannot_be_written_is_said_plainly(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    dialog = open_dialog(qtbot, demo, m21(demo))
    dialog.path.setText(str(tmp_path / "notes.txt" / "list.xlsx"))
    seen: Seen = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog.task)
    assert seen[-1].windowTitle() == "Not exported"
    assert "cannot be written" in message_text(seen[-1])
    assert dialog.isVisible()
    assert dialog.export_button.isEnabled()


def test_browse_chooses_the_file_and_asks_once_before_replacing(
    qtbot: QtBot, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, demo, m21(demo))
    save_file_as(tmp_path / "chosen")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(tmp_path / "chosen.xlsx")

    (tmp_path / "chosen.xlsx").write_bytes(b"old")
    seen: Seen = []
    save_file_as(tmp_path / "chosen.xlsx", seen)
    answer_next_dialog("Yes", seen)  # the file dialog's own question
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2  # the file, then "replace it?"
    asked: list[object] = []
    monkeypatch.setattr(export_dialog, "ask_yes_no", lambda *question: asked.append(question))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == []  # the file dialog asked already
    assert len(table(tmp_path / "chosen.xlsx")) == 23


def test_cancel_during_a_long_export_leaves_no_file(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s, "Long", series="L", ordinal=1).id
    add_participants(database, meeting_id, 4_000, 0)
    dialog = open_dialog(qtbot, database, meeting_id)
    target = tmp_path / "long.xlsx"
    dialog.path.setText(str(target))

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None
    assert task.running
    assert not dialog.export_button.isEnabled()
    with qtbot.waitSignal(
        task.progressed, timeout=TIMEOUT_MS, check_params_cb=lambda done, _total: done > 0
    ) as progressed:
        pass
    assert progressed.args[1] == 4_000
    progress = task.dialog
    assert progress is not None
    with qtbot.waitSignal(task.cancelled, timeout=TIMEOUT_MS):
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    finish(qtbot, task)

    assert not target.exists()
    assert list(tmp_path.glob("*.xlsx")) == []
    assert list(tmp_path.glob(".rtcdesk-*")) == []
    assert dialog.isVisible()
    assert dialog.hint.text() == "Export cancelled; no file was written."
    assert dialog.export_button.isEnabled()


# -- the File menu ----------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, demo: Database) -> MainWindow:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def select_meeting(window: MainWindow, ordinal: int) -> None:
    assert window.meetings.select_where(lambda row: row.ordinal == ordinal)


def test_the_file_menu_has_the_exports_and_the_import(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import registrations…" in texts
    export_menu = next(a.menu() for a in file_menu.actions() if a.text() == "E&xport")
    assert [a.text() for a in export_menu.actions() if not a.isSeparator()] == [
        "&Participant list…",
        "&Sign-in sheet…",
        "&Contacts…",
        "&Meetings…",
        "&Action items of the selected meeting…",
        "A&ll action items…",
    ]


def test_without_a_selected_meeting_the_window_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.meetings.table.clearSelection()
    window.meetings.table.setCurrentIndex(window.meetings.proxy.index(-1, -1))
    seen: Seen = []
    answer_next_dialog("OK", seen)
    window.excel.export_participants_action.trigger()
    assert "No meeting is selected" in message_text(seen[-1])


def test_participant_list_from_the_menu_reports_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    select_meeting(window, 21)
    window.excel.export_participants_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.meeting_title == "21st RTC Heads Meeting"
    export_to(qtbot, dialog, tmp_path / "p.xlsx")
    assert window.statusBar().currentMessage() == (
        f"Exported 22 participants to {tmp_path / 'p.xlsx'}"
    )


def test_the_sign_in_sheet_of_the_selected_meeting(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    select_meeting(window, 21)
    asked = answer_then_save("No", tmp_path / "sign-in.xlsx")
    finish(qtbot, window.excel.export_sign_in_sheet())
    assert "1 participant joins virtually. List them on the sign-in sheet too?" in message_text(
        asked[0]
    )
    header, *rows = table(tmp_path / "sign-in.xlsx")
    assert header[:4] == ("No.", "Name", "Delegation", "Tue 14 Nov 2023")
    # 21 sign in person (Mr. Outram joins virtually), then rows for walk-ins.
    assert len(rows) == 21 + exports.WALK_IN_ROWS
    assert "Mr. Michael OUTRAM APM" not in [row[1] for row in rows]
    assert window.statusBar().currentMessage() == (
        f"Exported the sign-in sheet of 21 participants to {tmp_path / 'sign-in.xlsx'}"
    )


def test_the_sign_in_sheet_lists_virtual_participants_when_asked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    select_meeting(window, 21)
    answer_then_save("Yes", tmp_path / "everyone.xlsx")
    finish(qtbot, window.excel.export_sign_in_sheet())
    _header, *rows = table(tmp_path / "everyone.xlsx")
    assert len(rows) == 22 + exports.WALK_IN_ROWS
    assert "Mr. Michael OUTRAM APM" in [row[1] for row in rows]


def answer_then_save(answer: str, path: Path) -> Seen:
    """Answer the question the next dialog asks with ``answer``, then save as ``path``."""
    seen: Seen = []

    def answer_and_expect_the_file_dialog(dialog: QDialog) -> QPushButton | None:
        save_file_as(path)
        return next(
            (b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == answer),
            None,
        )

    answer_next_dialog(answer_and_expect_the_file_dialog, seen)
    return seen


def test_contacts_follow_the_people_search(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.people.search.setText("japan customs")
    with window.database.read() as s:
        expected = [row[0] for row in exports.contacts_sheet(s, "japan customs").rows()]
    assert len(expected) > 0
    save_file_as(tmp_path / "contacts.xlsx")
    window.excel.export_contacts_action.trigger()
    finish(qtbot, window.excel.last_task)
    ws = load_workbook(tmp_path / "contacts.xlsx").active
    assert ws.cell(2, 1).value == "People matching 'japan customs'"
    names = [r[0] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert names == expected
    assert window.statusBar().currentMessage().startswith(f"Exported {len(expected)} contact")


def test_meetings_and_action_items(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    with window.database.write() as s:
        other = find_meeting(s, "RTC Heads Meeting", 20)
        assert other is not None
        add_action_item(s, other.id, ActionItemData("Publish the 20th meeting's report."))
    window.refresh()
    save_file_as(tmp_path / "meetings.xlsx")
    window.excel.export_meetings_action.trigger()
    finish(qtbot, window.excel.last_task)
    with window.database.read() as s:
        meetings = [r[0] for r in exports.meetings_sheet(s).rows()]
        all_actions = [r[1] for r in exports.action_items_sheet(s).rows()]
        m21_actions = [r[1] for r in exports.action_items_sheet(s, m21(window.database)).rows()]
    ws = load_workbook(tmp_path / "meetings.xlsx").active
    assert [r[0] for r in ws.iter_rows(min_row=4, values_only=True)] == meetings

    save_file_as(tmp_path / "all actions.xlsx")
    window.excel.export_all_actions_action.trigger()
    finish(qtbot, window.excel.last_task)
    ws = load_workbook(tmp_path / "all actions.xlsx").active
    assert [r[1] for r in ws.iter_rows(min_row=4, values_only=True)] == all_actions

    select_meeting(window, 21)
    save_file_as(tmp_path / "m21 actions.xlsx")
    window.excel.export_meeting_actions_action.trigger()
    finish(qtbot, window.excel.last_task)
    ws = load_workbook(tmp_path / "m21 actions.xlsx").active
    assert [r[1] for r in ws.iter_rows(min_row=7, values_only=True)] == m21_actions
    assert len(m21_actions) < len(all_actions)


def test_cancelling_the_file_dialog_exports_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    answer_next_dialog("Cancel")
    window.excel.export_meetings_action.trigger()
    assert window.excel.last_task is None
