"""A new person, created from a person picker that did not find them: the
new-person form, pre-filled from what was typed ("Michael OUTRAM"), checked
with the person editor's rules and saved through the people service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from rtcdesk.errors import FieldProblem
from rtcdesk.services.names import display_name
from rtcdesk.services.organisations import organisation_choices
from rtcdesk.services.people import PersonData, check_person_fields, create_new_person
from rtcdesk.services.typed_names import person_from_typed
from rtcdesk.ui.creation_dialog import CreationDialog
from rtcdesk.ui.duplicate_prompt import confirm_new_person
from rtcdesk.ui.new_person_form import NewPersonForm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


class TypedPersonForm(NewPersonForm):
    """The new-person form as a ``RecordForm``: filled from ``typed``."""

    def __init__(self, database: Database, typed: str, parent: QWidget | None = None):
        super().__init__([], parent, database=database)
        self._typed = typed

    def read(self, session: Session, record_id: int | None) -> tuple[PersonData, None]:
        self.set_organisations(organisation_choices(session))
        return person_from_typed(self._typed), None

    def form_data(self) -> PersonData:
        return self.data()

    def problems(self, data: PersonData) -> list[FieldProblem]:
        return check_person_fields(data)

    def write(
        self,
        session: Session,
        record_id: int | None,
        data: PersonData,
        expected_version: int | None,
    ) -> tuple[int, int]:
        person = create_new_person(session, data)
        return person.id, person.version

    def describe(self, data: PersonData) -> str:
        return display_name(data) if data.family_name.strip() else self.tr("the new person")

    def confirm_new(self, parent: QWidget, data: PersonData) -> bool:
        # An address on record is refused under the E-mail field by the write.
        assert self._database is not None  # given to __init__
        return confirm_new_person(parent, self._database, data, by_email=False)


class NewPersonDialog(CreationDialog[PersonData]):
    def __init__(self, database: Database, typed: str = "", parent: QWidget | None = None):
        form = TypedPersonForm(database, typed)
        super().__init__(database, form, self.tr("New person"), form.person_title, parent)
        self.person_form = form
        self.setMinimumWidth(460)
