"""The organisations workspace and the organisation editor, driven through
their real widgets; each test then asserts what the database holds."""

from __future__ import annotations

from datetime import date

import pytest
from factories import count_rows, make_meeting, make_organisation, make_person, org_id
from gui_helpers import answer_next_dialog, message_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton
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
from rtcdesk.db.models import Organisation, Person
from rtcdesk.services.organisations import (
    OrganisationData,
    get_organisation,
    organisation_data,
    update_organisation,
)
from rtcdesk.services.participants import add_delegation
from rtcdesk.ui.organisation_editor import OrganisationEditor
from rtcdesk.ui.organisations_workspace import COLUMNS, OrganisationsWorkspace
from rtcdesk.ui.tables import SortRole
from rtcdesk.vocabulary import OrganisationKind

NAME, PART_OF, MEETINGS = 0, 5, 7


def open_workspace(qtbot: QtBot, database: Database) -> OrganisationsWorkspace:
    workspace = OrganisationsWorkspace(database)
    show_workspace(qtbot, workspace)
    return workspace


@pytest.fixture
def workspace(qtbot: QtBot, demo: Database) -> OrganisationsWorkspace:
    return open_workspace(qtbot, demo)


def names(workspace: OrganisationsWorkspace) -> list[str]:
    return column_texts(workspace, NAME)


def button(workspace: OrganisationsWorkspace, text: str) -> QPushButton:
    return next(b for b in workspace.findChildren(QPushButton) if b.text() == text)


def shown_editor(qtbot: QtBot, workspace: OrganisationsWorkspace) -> OrganisationEditor:
    return shown_dialog(qtbot, workspace, OrganisationEditor)


def test_every_table_model_passes_the_model_tester(
    qtmodeltester,  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    workspace: OrganisationsWorkspace,
    demo: Database,
) -> None:
    assert workspace.model.rowCount() == 49
    qtmodeltester.check(workspace.model)
    qtmodeltester.check(workspace.proxy)
    with demo.read() as s:
        rtc_japan = org_id(s, "RTC Japan")
    editor = workspace.open_editor(rtc_japan)
    assert editor is not None
    parent = editor.organisation_form.parent_organisation
    assert parent.choices.rowCount() == 48  # every organisation but RTC Japan itself
    qtmodeltester.check(parent.choices)
    parent.matches.set_search_text("customs")
    qtmodeltester.check(parent.matches)
    editor.reject()


def test_create_an_organisation_that_is_part_of_another(qtbot: QtBot, database: Database) -> None:
    workspace = open_workspace(qtbot, database)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    qtbot.mouseClick(button(workspace, "New organisation"), Qt.MouseButton.LeftButton)
    editor = shown_editor(qtbot, workspace)
    form = editor.organisation_form
    assert editor.windowTitle() == "New organisation"
    assert not editor.save_button.isEnabled()
    assert not form.usage.isVisibleTo(editor)

    type_into(qtbot, form.name, "Customs Training Institute")
    type_into(qtbot, form.short_name, "CTI")
    qtbot.keyClicks(form.kind, "O")  # keyboard search: "Other"
    type_into(qtbot, form.economy, "Jap")
    popup = form.economy_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.economy.text() == "Japan"
    assert form.sub_region.findText("Far East") >= 0
    type_into(qtbot, form.sub_region.lineEdit(), "Far East")
    choose_in_combo(qtbot, form.parent_organisation, "customs jap")
    assert form.parent_organisation.currentText() == "Japan Customs"

    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    with database.read() as s:
        created = s.scalars(
            select(Organisation).where(Organisation.name == "Customs Training Institute")
        ).one()
        assert organisation_data(created) == OrganisationData(
            name="Customs Training Institute",
            kind=OrganisationKind.OTHER,
            short_name="CTI",
            economy="Japan",
            sub_region="Far East",
            parent_id=org_id(s, "Japan Customs"),
        )
    assert [r.name for r in workspace.selected_rows()] == ["Customs Training Institute"]
    row = names(workspace).index("Customs Training Institute")
    assert column_texts(workspace, PART_OF)[row] == "Japan Customs"
    assert statuses == ["Saved Customs Training Institute"]


def test_edit_an_organisation_opened_by_double_click(
    qtbot: QtBot, workspace: OrganisationsWorkspace, demo: Database
) -> None:
    with demo.read() as s:
        before = get_organisation(s, org_id(s, "RTC Japan"))
    click_row(qtbot, workspace, "RTC Japan", double=True)
    editor = shown_editor(qtbot, workspace)
    form = editor.organisation_form
    assert editor.windowTitle() == "Organisation: RTC Japan"
    assert form.parent_organisation.currentText() == "Japan Customs"
    assert form.usage.text() == (
        "2 people work here; it took part in 2 meetings and hosted 1 meeting."
    )
    offered = [c.label for c in form.parent_organisation.choices.rows()]
    assert "RTC Japan" not in offered

    type_into(qtbot, form.short_name, "CTI Kashiwa")
    with qtbot.waitSignal(editor.saved):
        press_save(qtbot, editor)

    with demo.read() as s:
        after = get_organisation(s, before.id)
    assert after.short_name == "CTI Kashiwa"
    assert after.version == before.version + 1
    assert after.parent_id == before.parent_id


def test_an_organisation_cannot_be_placed_under_its_own_part(qtbot: QtBot, demo: Database) -> None:
    with demo.read() as s:
        japan_customs = org_id(s, "Japan Customs")
    editor = OrganisationEditor(demo, japan_customs)
    show_dialog(qtbot, editor)
    offered = [c.label for c in editor.organisation_form.parent_organisation.choices.rows()]
    assert "Japan Customs" not in offered
    assert "RTC Japan" not in offered  # part of Japan Customs: that would make a loop
    assert "Korea Customs Service" in offered
    assert editor.organisation_form.usage.text().endswith("1 organisation is part of it.")


def test_a_taken_name_is_refused_next_to_the_field(qtbot: QtBot, database: Database) -> None:
    editor = OrganisationEditor(database, None)
    show_dialog(qtbot, editor)
    form = editor.organisation_form
    message = form.fields.message_label("Name")
    type_into(qtbot, form.name, "x")
    qtbot.keyClick(form.name, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert message.text() == "Name is required"
    assert not editor.save_button.isEnabled()

    type_into(qtbot, form.name, "JAPAN customs")
    assert message.isHidden()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.isVisible()
    assert message.text() == "Another organisation is already called 'Japan Customs'"
    with database.read() as s:
        assert count_rows(s, Organisation) == 49


def test_every_input_has_a_label_and_an_accessible_name(qtbot: QtBot, database: Database) -> None:
    editor = OrganisationEditor(database, None)
    show_dialog(qtbot, editor)
    form = editor.organisation_form
    inputs = [
        form.name, form.short_name, form.kind, form.economy, form.sub_region,
        form.parent_organisation, form.notes,
    ]  # fmt: skip
    buddies = {label.buddy() for label in editor.findChildren(QLabel)}
    for widget in inputs:
        assert widget in buddies, widget
        assert widget.accessibleName(), widget
    assert form.parent_organisation.accessibleName() == "Part of"


def test_a_stale_save_is_reported_and_offers_reload(
    qtbot: QtBot, workspace: OrganisationsWorkspace, demo: Database
) -> None:
    with demo.read() as s:
        korea = org_id(s, "RTC Korea")
    editor = workspace.open_editor(korea)
    assert editor is not None
    form = editor.organisation_form
    with demo.write() as s:  # a colleague saves first
        data = organisation_data(get_organisation(s, korea))
        data.notes = "Cheonan"
        update_organisation(s, korea, data, expected_version=None)
    type_into(qtbot, form.short_name, "KCS-RTC")
    seen: list[QDialog] = []

    answer_next_dialog("Reload", seen)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert "Someone else saved RTC Korea after you opened it" in message_text(seen[0])
    assert form.notes.toPlainText() == "Cheonan"
    assert form.short_name.text() == ""
    with demo.read() as s:
        assert get_organisation(s, korea).short_name == ""
    editor.reject()
    qtbot.waitUntil(lambda: closed(editor))


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, workspace: OrganisationsWorkspace, demo: Database
) -> None:
    click_row(qtbot, workspace, "RTC Fiji")
    qtbot.keyClick(workspace.table, Qt.Key.Key_Return)
    editor = shown_editor(qtbot, workspace)
    type_into(qtbot, editor.organisation_form.short_name, "RTC-F")
    seen: list[QDialog] = []
    answer_next_dialog("Discard", seen)
    qtbot.keyClick(editor.organisation_form.short_name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(editor))
    assert message_text(seen[0]).startswith("Save the changes to RTC Fiji?")
    with demo.read() as s:
        assert get_organisation(s, org_id(s, "RTC Fiji")).short_name == ""


# Search, filter and sort -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("rtc jap", ["RTC Japan"]),
        ("ABF", ["Australian Border Force"]),
        (
            "hong kong",
            ["Customs and Excise Department, Hong Kong China", "RTC Hong Kong China", "香港海關"],
        ),
        ("pacific fiji", ["Fiji Revenue and Customs Service", "RTC Fiji"]),
        ("香港", ["香港海關"]),
        ("francaise", ["Douane française"]),
    ],
)
def test_search_over_names_short_names_economy_and_sub_region(
    qtbot: QtBot, database: Database, typed: str, expected: list[str]
) -> None:
    with database.write() as s:
        make_organisation(s, "香港海關", economy="Hong Kong China")
        make_organisation(s, "Douane française", economy="France")
    workspace = open_workspace(qtbot, database)
    type_text(qtbot, workspace.search, typed)
    assert names(workspace) == expected


def test_the_kind_filter(qtbot: QtBot, workspace: OrganisationsWorkspace) -> None:
    qtbot.keyClicks(workspace.kind_filter, "RTC")
    assert workspace.kind_filter.currentText() == "RTC"
    assert len(names(workspace)) == 10
    assert all(name.startswith("RTC ") for name in names(workspace))
    qtbot.keyClicks(workspace.search, "korea")
    assert names(workspace) == ["RTC Korea"]


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_every_column_sorts_by_its_raw_value(
    qtbot: QtBot, workspace: OrganisationsWorkspace, column: int
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
        ten, nine = org_id(s, "RTC Korea"), org_id(s, "RTC Japan")
        for number in range(10):
            meeting = make_meeting(s, f"Workshop {number}", start=date(2024, 1, 1 + number)).id
            add_delegation(s, meeting, ten)
            if number < 9:
                add_delegation(s, meeting, nine)
    workspace = open_workspace(qtbot, database)

    click_header(qtbot, workspace, MEETINGS)  # the busiest first
    assert column_texts(workspace, MEETINGS)[:3] == ["10", "9", "0"]
    assert names(workspace)[:2] == ["RTC Korea", "RTC Japan"]
    click_header(qtbot, workspace, MEETINGS)
    assert column_texts(workspace, MEETINGS)[-2:] == ["9", "10"]


# Deleting ----------------------------------------------------------------------------------


def test_delete_is_refused_plainly_for_an_organisation_that_hosted_a_meeting(
    qtbot: QtBot, workspace: OrganisationsWorkspace, demo: Database
) -> None:
    click_row(qtbot, workspace, "RTC Japan")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)

    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)

    assert seen[0].windowTitle() == "Not deleted"
    assert message_text(seen[0]).strip() == (
        "'RTC Japan' cannot be deleted: it hosted 1 meeting, co-organised 0 and sent 2 "
        "delegations. Those records would lose their organisation."
    )
    with demo.read() as s:
        assert count_rows(s, Organisation, Organisation.name == "RTC Japan") == 1
    assert "RTC Japan" in names(workspace)


def test_delete_asks_first_and_says_what_is_unlinked(qtbot: QtBot, database: Database) -> None:
    with database.write() as s:
        partner = make_organisation(s, "Temporary Partner").id
        make_organisation(s, "Temporary Partner Academy", parent_id=partner)
        people = [make_person(s, f"Staff{n}", organisation_id=partner).id for n in (1, 2)]
    workspace = open_workspace(qtbot, database)
    statuses: list[str] = []
    workspace.status_message.connect(statuses.append)
    click_row(qtbot, workspace, "Temporary Partner")
    seen: list[QDialog] = []

    answer_next_dialog("Delete", seen)
    qtbot.mouseClick(workspace.delete_button, Qt.MouseButton.LeftButton)

    assert message_text(seen[0]) == (
        "Delete Temporary Partner?\n"
        "Stays on record, no longer linked to it: 2 people who work there and "
        "1 organisation that is part of it."
    )
    with database.read() as s:
        assert s.get(Organisation, partner) is None
        kept = s.scalars(select(Person.organisation_id).where(Person.id.in_(people))).all()
        assert kept == [None, None]
        academy = s.scalars(
            select(Organisation).where(Organisation.name == "Temporary Partner Academy")
        ).one()
        assert academy.parent_id is None
    assert "Temporary Partner" not in names(workspace)
    assert statuses == ["Deleted Temporary Partner"]
