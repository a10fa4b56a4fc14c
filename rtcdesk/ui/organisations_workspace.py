"""The organisations workspace: WCO bodies, RTCs, administrations and
partners; open, add and delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from rtcdesk.errors import NotFoundError
from rtcdesk.services.organisations import (
    OrganisationRow,
    OrganisationUsage,
    delete_organisation,
    list_organisations,
    organisation_usage,
)
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.prompts import confirm_delete, show_refusal
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.wording import listed
from rtcdesk.ui.workspace import ListWorkspace
from rtcdesk.vocabulary import OrganisationKind

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.ui.organisation_editor import OrganisationEditor

COLUMNS: list[Column[OrganisationRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.name, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Short name"), lambda r: r.short_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(QT_TRANSLATE_NOOP("Columns", "Economy"), lambda r: r.economy),
    Column(QT_TRANSLATE_NOOP("Columns", "Sub-region"), lambda r: r.sub_region),
    Column(QT_TRANSLATE_NOOP("Columns", "Part of"), lambda r: r.parent_name or ""),
    Column(
        QT_TRANSLATE_NOOP("Columns", "People"),
        lambda r: str(r.people_count),
        sort_key=lambda r: r.people_count,
        numeric=True,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Meetings"),
        lambda r: str(r.meeting_count),
        sort_key=lambda r: r.meeting_count,
        numeric=True,
        descending_first=True,
    ),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrganisationsWorkspace", text)


def _search_text(row: OrganisationRow) -> str:
    return " ".join(p for p in (row.name, row.short_name, row.economy, row.sub_region) if p)


class OrganisationsWorkspace(ListWorkspace[OrganisationRow]):
    """The list of organisations; opens the organisation editor itself."""

    #: "New organisation" was asked for (the workspace opens the editor).
    new_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New organisation"))
        empty = EmptyState(
            _tr("No organisations"),
            _tr("Add the organisations that take part in your meetings."),
            [new_button],
        )
        super().__init__(
            _tr("Organisations"), COLUMNS, _search_text, _tr("Name, economy or sub-region"),
            empty, self._load, parent,
        )  # fmt: skip
        self._database = database
        new_button.clicked.connect(self.new_requested)
        self.new_requested.connect(lambda: self.open_editor(None))
        self.open_row.connect(lambda row: self.open_editor(row.id))
        self.delete_rows.connect(self.delete_organisations)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_tr("All kinds"), None)
        for kind in OrganisationKind:
            self.kind_filter.addItem(enum_label(kind), kind)
        self.add_filter(
            _tr("&Kind:"),
            self.kind_filter,
            lambda r: self.kind_filter.currentData() in (None, r.kind),
        )
        self.kind_filter.currentIndexChanged.connect(self.apply_filters)
        self.add_button(_tr("New organisation"), self.new_requested.emit)
        self.add_button(_tr("Open"), self.open_current)
        self.delete_button = self.add_button(_tr("Delete…"), self.delete_selected)

    def _load(self) -> list[OrganisationRow]:
        with self._database.read() as session:
            return list_organisations(session)

    def open_editor(self, organisation_id: int | None) -> OrganisationEditor | None:
        """Open the organisation editor (a new one for None); None if it is gone."""
        from rtcdesk.ui.organisation_editor import OrganisationEditor

        try:
            # Parented only once built: a record deleted meanwhile leaves no hidden dialog behind.
            editor = OrganisationEditor(self._database, organisation_id)
        except NotFoundError as gone:
            show_refusal(self, gone, _tr("Not found"))
            self.refresh()
            return None
        editor.setParent(self, editor.windowFlags())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda message: self._changed(editor.record_id, message))
        editor.open()
        return editor

    def delete_organisations(self, rows: list[OrganisationRow]) -> None:
        """Ask, saying what is unlinked, then delete in one transaction. One
        that meetings refer to is refused by the service, in its own words."""
        with self._database.read() as session:
            usages = [organisation_usage(session, row.id) for row in rows]
        what = (
            rows[0].name
            if len(rows) == 1
            else OrganisationsWorkspace.tr("%n organisation(s)", "", len(rows))
        )
        # When meetings refer to one, no question: the service refuses and says why.
        if not any(u.blocks_delete for u in usages) and not confirm_delete(
            self, what, _consequences(usages)
        ):
            return
        self.delete_in_one_transaction(self._database, rows, delete_organisation, what)

    def _changed(self, organisation_id: int | None, message: str) -> None:
        self.refresh()
        self.select_where(lambda row: row.id == organisation_id)
        self.status_message.emit(message)


def _consequences(usages: list[OrganisationUsage]) -> list[str]:
    """What stays on record but loses its link to the deleted organisations."""
    people, children = sum(u.people for u in usages), sum(u.children for u in usages)
    unlinked = [
        text
        for n, text in (
            (people, OrganisationsWorkspace.tr("%n person(s) who work there", "", people)),
            (
                children,
                OrganisationsWorkspace.tr("%n organisation(s) that are part of it", "", children),
            ),
        )
        if n
    ]
    if not unlinked:
        return [_tr("Nothing else refers to it.")]
    return [
        _tr("Stays on record, no longer linked to it: {things}.").format(things=listed(unlinked))
    ]
