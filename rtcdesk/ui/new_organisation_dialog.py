"""A new organisation, typed in passing (while adding a delegation or a
person): the organisation editor's form, pre-filled with the typed name."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rtcdesk.services.organisations import OrganisationData
from rtcdesk.ui.creation_dialog import CreationDialog
from rtcdesk.ui.organisation_editor import OrganisationForm

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


class TypedOrganisationForm(OrganisationForm):
    """The organisation form of a new organisation named ``typed``."""

    def __init__(self, typed: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._typed = typed.strip()

    def read(self, session: Session, record_id: int | None) -> tuple[OrganisationData, int | None]:
        data, version = super().read(session, record_id)
        return replace(data, name=self._typed), version


class NewOrganisationDialog(CreationDialog[OrganisationData]):
    def __init__(self, database: Database, typed: str = "", parent: QWidget | None = None):
        form = TypedOrganisationForm(typed)
        super().__init__(database, form, self.tr("New organisation"), form.name, parent)
        self.organisation_form = form
        self.setMinimumWidth(480)
