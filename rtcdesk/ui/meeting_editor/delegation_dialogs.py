"""Adding a delegation (choose an organisation) and naming its head."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from rtcdesk.services.participants import (
    DelegationRow,
    OrganisationChoice,
    ParticipantRow,
    delegation_candidates,
)
from rtcdesk.ui.meeting_editor.change_dialog import ChangeDialog
from rtcdesk.ui.search_picker import SearchPicker
from rtcdesk.ui.tables import Column, enum_label

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

ORGANISATION_COLUMNS: list[Column[OrganisationChoice]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Organisation"), lambda r: r.name, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Short name"), lambda r: r.short_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(QT_TRANSLATE_NOOP("Columns", "Economy"), lambda r: r.economy),
]


class AddDelegationDialog(ChangeDialog[OrganisationChoice]):
    """Type part of an organisation's name, short name or economy; Enter adds it."""

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        save: Callable[[OrganisationChoice], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Add a delegation"), self.tr("&Add delegation"), self._chosen, save, parent
        )

        def find(text: str, limit: int) -> list[OrganisationChoice]:
            with database.read() as session:
                return delegation_candidates(session, meeting_id, text, limit)

        self.picker: SearchPicker[OrganisationChoice] = SearchPicker(
            ORGANISATION_COLUMNS,
            find,
            label=self.tr("&Organisation:"),
            accessible_name=self.tr("Find an organisation"),
            placeholder=self.tr("Name, short name or economy"),
            hint=self.tr("Organisations that already have a delegation are not listed."),
            limit=50,
            search_blank=True,
        )
        self.body.addWidget(self.picker)
        self.picker.current_changed.connect(lambda row: self.ok_button.setEnabled(row is not None))
        self.picker.activated.connect(lambda _row: self.accept())
        self.ok_button.setEnabled(self.picker.current() is not None)
        self.picker.setFocus()
        self.resize(620, 420)

    def _chosen(self) -> OrganisationChoice:
        chosen = self.picker.current()
        assert chosen is not None, "the Add button is enabled only with a match highlighted"
        return chosen


class DelegationHeadDialog(ChangeDialog[int | None]):
    """Choose the head among the delegation's participants, or no head (None)."""

    def __init__(
        self,
        delegation: DelegationRow,
        members: Sequence[ParticipantRow],
        save: Callable[[int | None], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Head of delegation"), self.tr("&Save"), self._chosen, save, parent
        )
        self.head = QComboBox()
        self.head.setAccessibleName(self.tr("Head of delegation"))
        self.head.addItem(self.tr("(no head)"), None)
        for member in members:
            self.head.addItem(member.display_name, member.person_id)
            if member.person_id == delegation.head_person_id:
                self.head.setCurrentIndex(self.head.count() - 1)
        form = QFormLayout()
        form.addRow(self.tr("Delegation:"), QLabel(delegation.organisation_name))
        label = QLabel(self.tr("&Head:"))
        label.setBuddy(self.head)
        form.addRow(label, self.head)
        self.body.addLayout(form)
        if not members:
            self.body.addWidget(
                QLabel(self.tr("Add participants to this delegation first; then name its head."))
            )
        self.setMinimumWidth(420)

    def _chosen(self) -> int | None:
        return self.head.currentData()
