"""The fields of a new person, typed in passing (while adding a participant,
or from a person picker).

Names are kept exactly as typed; the preview shows the display form the
lists and exports will use ("Mr. AOYAMA Shigetoshi", "Mr. Michael OUTRAM
APM"). Each field is registered under the people service's name for it, so
a dialog can show the service's problems under the fields (``form_errors``).
Given the database, the form can also create a missing organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from rtcdesk.services.names import display_name
from rtcdesk.services.organisations import organisation_choices
from rtcdesk.services.people import PersonData
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.new_organisation_dialog import NewOrganisationDialog
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import Gender, NameOrder

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


class OrganisationEntry(Protocol):
    """An organisation as the form lists it."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


class NewPersonForm(QWidget):
    #: Something was typed or chosen.
    changed = Signal()

    def __init__(
        self,
        organisations: Sequence[OrganisationEntry],
        parent: QWidget | None = None,
        *,
        database: Database | None = None,
    ):
        super().__init__(parent)
        self._database = database
        #: The new-organisation dialog, while it is open.
        self.open_dialog: NewOrganisationDialog | None = None
        self.fields = FieldMessages()
        #: The text fields, by the name of the ``PersonData`` field each holds.
        self._texts: dict[str, QLineEdit] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.person_title = self._line("title", "Title", self.tr("&Title:"), "Mr., Ms., Dr.")
        self.given_name = self._line("given_name", "Given name", self.tr("&Given name:"))
        self.family_name = self._line(
            "family_name", "Family name", self.tr("&Family name:"), self.tr("Required")
        )
        self.name_order = self._combo("Name order", self.tr("Name &order:"))
        for order in NameOrder:
            self.name_order.addItem(enum_label(order), order)
        self.name_order.setCurrentIndex(self.name_order.findData(NameOrder.GIVEN_FIRST))
        self.post_nominals = self._line(
            "post_nominals", "Post-nominals", self.tr("Post-no&minals:"), self.tr("e.g. APM, PhD")
        )
        self.gender = self._combo("Gender", self.tr("Ge&nder:"))
        for gender in Gender:
            self.gender.addItem(enum_label(gender), gender)
        self.gender.setCurrentIndex(self.gender.findData(Gender.UNSPECIFIED))
        self.position = self._line("position", "Position", self.tr("&Position:"))
        self.organisation = self._combo("Organisation", self.tr("Organ&isation:"))
        self.set_organisations(organisations)
        self.organisation.activated.connect(self._organisation_chosen)
        self._organisation_chosen_by_hand = False
        self.new_organisation: QPushButton | None = None
        if database is not None:
            self.new_organisation = QPushButton(self.tr("New organisation…"))
            self.new_organisation.setAccessibleName(self.tr("New organisation"))
            self.new_organisation.setToolTip(self.tr("Add an organisation that is not on record"))
            self.new_organisation.clicked.connect(self.create_organisation)
            self.new_organisation.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.form.addRow("", self.new_organisation)
        self.email = self._line("email", "E-mail", self.tr("&E-mail:"))

        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Display form"))
        self.form.addRow(self.tr("Shown as:"), self.preview)
        self.changed.connect(self._show_preview)
        self._show_preview()

    def _line(self, attribute: str, field: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        self.fields.add_row(self.form, field, label, edit)
        self._texts[attribute] = edit
        return edit

    def _combo(self, field: str, label: str) -> QComboBox:
        combo = QComboBox()
        combo.currentIndexChanged.connect(self.changed)
        self.fields.add_row(self.form, field, label, combo)
        return combo

    def set_organisations(self, organisations: Sequence[OrganisationEntry]) -> None:
        """List ``organisations`` (in their order), keeping the one chosen."""
        kept = self.organisation.currentData()
        self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItem(self.tr("(none)"), None)
        for org in organisations:
            self.organisation.addItem(org.name, org.id)
        self.organisation.setCurrentIndex(max(self.organisation.findData(kept), 0))
        self.organisation.blockSignals(False)

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

    def create_organisation(self) -> None:
        """Open the dialog for a new organisation; once saved, it is chosen here."""
        assert self._database is not None, "the button shows only with a database"
        dialog = NewOrganisationDialog(self._database, parent=self)
        dialog.created.connect(self._organisation_created)
        dialog.finished.connect(lambda _result: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()

    def _organisation_created(self, organisation_id: int) -> None:
        assert self._database is not None
        with self._database.read() as session:
            self.set_organisations(organisation_choices(session))
        self.organisation.setCurrentIndex(self.organisation.findData(organisation_id))
        self._organisation_chosen_by_hand = True
        self.organisation.setFocus()

    def is_complete(self) -> bool:
        return bool(self.family_name.text().strip())

    def data(self) -> PersonData:
        return PersonData(
            family_name=self.family_name.text(),
            given_name=self.given_name.text(),
            title=self.person_title.text(),
            name_order=self.name_order.currentData(),
            post_nominals=self.post_nominals.text(),
            position=self.position.text(),
            organisation_id=self.organisation.currentData(),
            email=self.email.text(),
            gender=self.gender.currentData(),
        )

    def show_data(self, data: PersonData) -> None:
        """Fill the fields from ``data`` (which has more: phone and notes are not asked here)."""
        for attribute, edit in self._texts.items():
            edit.setText(getattr(data, attribute))
        for combo, value in (
            (self.name_order, data.name_order),
            (self.gender, data.gender),
            (self.organisation, data.organisation_id),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))

    def _show_preview(self) -> None:
        self.preview.setText(display_name(self.data()) if self.is_complete() else "")
