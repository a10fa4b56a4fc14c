"""Adding delegations (choose organisations, several at once if need be, or
create a missing one) and naming a delegation's head."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from rtcdesk.services.participants import (
    DelegationRow,
    OrganisationChoice,
    ParticipantRow,
    delegation_candidates,
    organisation_choice,
)
from rtcdesk.ui.meeting_editor.change_dialog import ChangeDialog
from rtcdesk.ui.new_organisation_dialog import NewOrganisationDialog
from rtcdesk.ui.search_picker import Creation
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.ticking_picker import TickingPicker
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

ORGANISATION_COLUMNS: list[Column[OrganisationChoice]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Organisation"), lambda r: r.name, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Short name"), lambda r: r.short_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: enum_label(r.kind)),
    Column(QT_TRANSLATE_NOOP("Columns", "Economy"), lambda r: r.economy),
]


class AddDelegationDialog(ChangeDialog[list[OrganisationChoice]]):
    """Type part of an organisation's name, short name or economy; Enter adds
    the highlighted one (with any ticked). Ticked organisations are added
    together; one that is not on record can be created here."""

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        save: Callable[[list[OrganisationChoice]], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Add delegations"), self.tr("&Add delegation"), self._chosen, save, parent
        )

        def find(text: str, limit: int) -> list[OrganisationChoice]:
            with database.read() as session:
                return delegation_candidates(session, meeting_id, text, limit)

        def found(organisation_id: int) -> OrganisationChoice:
            with database.read() as session:
                return organisation_choice(session, organisation_id)

        self.picker: TickingPicker[OrganisationChoice] = TickingPicker(
            ORGANISATION_COLUMNS,
            find,
            label=self.tr("&Organisation:"),
            accessible_name=self.tr("Find an organisation"),
            placeholder=self.tr("Name, short name or economy"),
            hint=self.tr("Organisations that already have a delegation are not listed."),
            limit=50,
            search_blank=True,
            creation=Creation(
                button=self.tr("Ne&w organisation…"),
                hint=self.tr("Press {keys} or click New organisation… to add it."),
                dialog=lambda typed, parent: NewOrganisationDialog(database, typed, parent),
                row=found,
            ),
        )
        self.body.addWidget(self.picker)
        self.picker.current_changed.connect(lambda _row: self._update_button())
        self.picker.ticks.ticks_changed.connect(self._update_button)
        self.picker.activated.connect(self._take)
        self._update_button()
        self.picker.setFocus()
        self.resize(640, 460)

    def _take(self, row: OrganisationChoice) -> None:
        """Enter or a double-click: add this one, with those ticked."""
        self.picker.tick(row)
        self.accept()

    def _chosen(self) -> list[OrganisationChoice]:
        """The ticked organisations, or else the highlighted one."""
        current = self.picker.current()
        return self.picker.ticked() or ([current] if current is not None else [])

    def _update_button(self) -> None:
        count = len(self._chosen())
        if count > 1:
            text = self.tr("&Add %n delegation(s)", "", count)
        else:
            text = self.tr("&Add delegation")
        self.ok_button.setText(text)
        self.ok_button.setAccessibleName(text.replace("&", ""))
        self.ok_button.setEnabled(count > 0)


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
