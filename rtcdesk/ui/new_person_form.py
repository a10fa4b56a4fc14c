"""The fields of a new person, typed in passing (while adding a participant).

Names are kept exactly as typed; the preview shows the display form the
lists and exports will use ("Mr. AOYAMA Shigetoshi").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from rtcdesk.services.names import display_name
from rtcdesk.services.organisations import OrganisationRow
from rtcdesk.services.people import PersonData
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import Gender, NameOrder


class NewPersonForm(QWidget):
    #: Something was typed or chosen.
    changed = Signal()

    def __init__(self, organisations: Sequence[OrganisationRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.person_title = self._line(self.tr("&Title:"), self.tr("Title"), "Mr., Ms., Dr.")
        self.given_name = self._line(self.tr("&Given name:"), self.tr("Given name"))
        self.family_name = self._line(
            self.tr("&Family name:"), self.tr("Family name"), self.tr("Required")
        )
        self.name_order = self._combo(self.tr("Name &order:"), self.tr("Name order"))
        for order in NameOrder:
            self.name_order.addItem(enum_label(order), order)
        self.name_order.setCurrentIndex(self.name_order.findData(NameOrder.GIVEN_FIRST))
        self.gender = self._combo(self.tr("Ge&nder:"), self.tr("Gender"))
        for gender in Gender:
            self.gender.addItem(enum_label(gender), gender)
        self.gender.setCurrentIndex(self.gender.findData(Gender.UNSPECIFIED))
        self.position = self._line(self.tr("&Position:"), self.tr("Position"))
        self.organisation = self._combo(self.tr("Or&ganisation:"), self.tr("Organisation"))
        self.organisation.addItem(self.tr("(none)"), None)
        for org in organisations:
            self.organisation.addItem(org.name, org.id)
        self.organisation.activated.connect(self._organisation_chosen)
        self._organisation_chosen_by_hand = False
        self.email = self._line(self.tr("&E-mail:"), self.tr("E-mail"))

        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Display form"))
        self.form.addRow(self.tr("Shown as:"), self.preview)
        self.changed.connect(self._show_preview)
        self._show_preview()

    def _line(self, label: str, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        self._add_row(label, edit)
        return edit

    def _combo(self, label: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.currentIndexChanged.connect(self.changed)
        self._add_row(label, combo)
        return combo

    def _add_row(self, label: str, field: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, field)

    def _organisation_chosen(self, _index: int) -> None:
        self._organisation_chosen_by_hand = True

    def suggest_organisation(self, organisation_id: int | None) -> None:
        """Preselect the organisation (that of the chosen delegation) unless the
        coordinator already chose one."""
        if self._organisation_chosen_by_hand or organisation_id is None:
            return
        index = self.organisation.findData(organisation_id)
        if index >= 0:
            self.organisation.setCurrentIndex(index)

    def is_complete(self) -> bool:
        return bool(self.family_name.text().strip())

    def data(self) -> PersonData:
        return PersonData(
            family_name=self.family_name.text(),
            given_name=self.given_name.text(),
            title=self.person_title.text(),
            name_order=self.name_order.currentData(),
            position=self.position.text(),
            organisation_id=self.organisation.currentData(),
            email=self.email.text(),
            gender=self.gender.currentData(),
        )

    def _show_preview(self) -> None:
        self.preview.setText(display_name(self.data()) if self.is_complete() else "")
