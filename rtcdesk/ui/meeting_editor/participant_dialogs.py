"""Adding a participant (someone on record, or a new person typed in place)
and changing how a participant takes part."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.organisations import OrganisationRow
from rtcdesk.services.participants import DelegationRow, ParticipantRow, ParticipationData
from rtcdesk.services.people import PersonData, PersonMatch
from rtcdesk.ui.date_fields import DateField, with_typing_problems
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.meeting_editor.change_dialog import ChangeDialog
from rtcdesk.ui.new_person_form import NewPersonForm
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import AttendanceMode, LabelledEnum, ParticipantRole, ParticipationStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


@dataclass(frozen=True)
class NewParticipant:
    """Who to add (a person's id, or a new person to create first) and how
    they take part (``participation.person_id`` is filled in when saving)."""

    person: int | PersonData
    participation: ParticipationData


class ParticipationForm(QWidget):
    """Delegation, role, attendance mode, status, travel dates and notes of
    one participant of a meeting starting on ``meeting_start``; ``changed``
    fires when a travel date is edited."""

    changed = Signal()

    def __init__(
        self,
        delegations: Sequence[DelegationRow],
        meeting_start: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.fields = FieldMessages()
        self.delegation = self._combo(self.tr("&Delegation:"), self.tr("Delegation"))
        self.delegation.addItem(self.tr("(no delegation)"), None)
        for delegation in delegations:
            self.delegation.addItem(delegation.organisation_name, delegation.id)
        self.role = self._enum_combo(self.tr("Ro&le:"), self.tr("Role"), ParticipantRole)
        self.role.setToolTip(
            self.tr("Choosing “Head of delegation” makes this person the head of the delegation.")
        )
        self.attendance = self._enum_combo(
            self.tr("Attendan&ce:"), self.tr("Attendance mode"), AttendanceMode
        )
        self.status = self._enum_combo(self.tr("S&tatus:"), self.tr("Status"), ParticipationStatus)
        # Empty until known; the calendar opens on the meeting's month.
        self.arrival = self._date(
            self.tr("Arri&val:"), "Arrival", self.tr("Arrival date"), meeting_start
        )
        self.departure = self._date(
            self.tr("Depart&ure:"), "Departure", self.tr("Departure date"), meeting_start
        )
        self.notes = QLineEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self._add_row(self.tr("N&otes:"), self.notes)

    def _date(self, label: str, field: str, name: str, meeting_start: date) -> DateField:
        edit = DateField()
        edit.set_calendar_start(meeting_start)
        self.fields.add_row(self.form, field, label, edit)
        edit.setAccessibleName(name)
        edit.textChanged.connect(self._dates_edited)
        edit.editingFinished.connect(self._dates_edited)
        return edit

    def _dates_edited(self) -> None:
        self.fields.show(self.problems())
        self.changed.emit()

    def problems(self) -> list[FieldProblem]:
        """Travel dates that cannot be read."""
        return with_typing_problems({"Arrival": self.arrival, "Departure": self.departure}, [])

    def _combo(self, label: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        self._add_row(label, combo)
        return combo

    def _enum_combo(self, label: str, name: str, members: type[LabelledEnum]) -> QComboBox:
        combo = self._combo(label, name)
        for member in members:
            combo.addItem(enum_label(member), member)
        return combo

    def _add_row(self, label: str, field: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, field)

    def fill(self, data: ParticipationData) -> None:
        for combo, value in [
            (self.delegation, data.delegation_id),
            (self.role, data.role),
            (self.attendance, data.attendance_mode),
            (self.status, data.status),
        ]:
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.notes.setText(data.notes)
        self.arrival.set_date(data.arrival_date)
        self.departure.set_date(data.departure_date)

    def data(self, person_id: int) -> ParticipationData:
        return ParticipationData(
            person_id=person_id,
            delegation_id=self.delegation.currentData(),
            role=self.role.currentData(),
            attendance_mode=self.attendance.currentData(),
            status=self.status.currentData(),
            notes=self.notes.text(),
            arrival_date=self.arrival.date(),
            departure_date=self.departure.date(),
        )


class AddParticipantDialog(ChangeDialog[NewParticipant]):
    """Find someone on record (type-ahead) or type a new person, then say how
    they take part."""

    def __init__(
        self,
        database: Database,
        delegations: Sequence[DelegationRow],
        organisations: Sequence[OrganisationRow],
        save: Callable[[NewParticipant], bool],
        meeting_start: date,
        delegation_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Add a participant"), self.tr("&Add participant"), self._collect, save, parent
        )
        self._delegations = {d.id: d for d in delegations}

        self.on_record = QRadioButton(self.tr("Someone on &record"))
        self.new_person = QRadioButton(self.tr("A ne&w person"))
        self.on_record.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.on_record)
        choice.addButton(self.new_person)
        switch = QHBoxLayout()
        switch.addWidget(self.on_record)
        switch.addWidget(self.new_person)
        switch.addStretch()

        # A person not on record is typed in below ("A new person") and saved
        # with their participation in one go: the picker need not create them.
        self.picker = PersonPicker(
            database,
            creates=False,
            hint=self.tr(
                "Type part of a name or e-mail address; someone not on record yet: "
                "choose “A new person” above."
            ),
        )
        self.person_form = NewPersonForm(organisations, database=database)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.picker)
        self.pages.addWidget(self.person_form)

        who = QGroupBox(self.tr("Who"))
        who_layout = QVBoxLayout(who)
        who_layout.addLayout(switch)
        who_layout.addWidget(self.pages, 1)

        self.participation = ParticipationForm(delegations, meeting_start)
        how = QGroupBox(self.tr("Taking part"))
        QVBoxLayout(how).addWidget(self.participation)
        self.participation.fill(ParticipationData(person_id=0, delegation_id=delegation_id))

        self.body.addWidget(who, 1)
        self.body.addWidget(how)

        self._delegation_chosen_by_hand = False
        self.participation.delegation.activated.connect(self._delegation_chosen)
        self.on_record.toggled.connect(self._switch)
        self.picker.current_changed.connect(self._person_highlighted)
        self.picker.activated.connect(lambda _row: self.participation.delegation.setFocus())
        self.person_form.changed.connect(self._update_button)
        self.participation.changed.connect(self._update_button)
        self.participation.delegation.currentIndexChanged.connect(self._suggest_organisation)
        self._suggest_organisation()
        self._update_button()
        self.picker.setFocus()
        self.resize(640, 640)

    def _switch(self, on_record: bool) -> None:
        self.pages.setCurrentWidget(self.picker if on_record else self.person_form)
        (self.picker if on_record else self.person_form.person_title).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self._update_button()

    def _delegation_chosen(self, _index: int) -> None:
        self._delegation_chosen_by_hand = True

    def _person_highlighted(self, match: PersonMatch | None) -> None:
        """Suggest the delegation of the person's organisation, if it sent one
        and the coordinator has not chosen a delegation here."""
        if match is not None and not self._delegation_chosen_by_hand:
            for delegation in self._delegations.values():
                if delegation.organisation_id == match.organisation_id:
                    combo = self.participation.delegation
                    combo.setCurrentIndex(combo.findData(delegation.id))
        self._update_button()

    def _suggest_organisation(self) -> None:
        delegation = self._delegations.get(self.participation.delegation.currentData())
        if delegation is not None:
            self.person_form.suggest_organisation(delegation.organisation_id)

    def _update_button(self) -> None:
        if self.on_record.isChecked():
            ready = self.picker.current() is not None
        else:
            ready = self.person_form.is_complete()
        self.ok_button.setEnabled(ready and not self.participation.problems())

    def _collect(self) -> NewParticipant:
        if self.new_person.isChecked():
            return NewParticipant(self.person_form.data(), self.participation.data(0))
        chosen = self.picker.current()
        assert chosen is not None, "the Add button is enabled only with a person highlighted"
        return NewParticipant(chosen.id, self.participation.data(chosen.id))


class EditParticipantDialog(ChangeDialog[ParticipationData]):
    def __init__(
        self,
        participant: ParticipantRow,
        delegations: Sequence[DelegationRow],
        save: Callable[[ParticipationData], bool],
        meeting_start: date,
        parent: QWidget | None = None,
    ):
        super().__init__(self.tr("Edit participant"), self.tr("&Save"), self._collect, save, parent)
        self._person_id = participant.person_id
        name = QLabel(participant.display_name)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        details = QLabel(
            " · ".join(p for p in (participant.position, participant.person_organisation) if p)
        )
        details.setWordWrap(True)
        self.participation = ParticipationForm(delegations, meeting_start)
        self.participation.changed.connect(
            lambda: self.ok_button.setEnabled(not self.participation.problems())
        )
        self.participation.fill(
            ParticipationData(
                person_id=participant.person_id,
                delegation_id=participant.delegation_id,
                role=participant.role,
                attendance_mode=participant.attendance_mode,
                status=participant.status,
                notes=participant.notes,
                arrival_date=participant.arrival_date,
                departure_date=participant.departure_date,
            )
        )
        self.body.addWidget(name)
        self.body.addWidget(details)
        self.body.addWidget(self.participation)
        self.setMinimumWidth(460)
        self.participation.role.setFocus()

    def _collect(self) -> ParticipationData:
        return self.participation.data(self._person_id)
