"""Choose a person on record by typing part of a name, e-mail or organisation,
or add the person who is not on record yet ("New person…", Ctrl+N).

Independent of meetings: the participants tab uses it, and so can anything
else that names a person (agenda speakers, action owners, survey recipients).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.people import PersonMatch, person_match, search_people
from rtcdesk.ui.new_person_dialog import NewPersonDialog
from rtcdesk.ui.search_picker import Creation, SearchPicker
from rtcdesk.ui.tables import Column
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[PersonMatch]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.display_name, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Organisation"), lambda r: r.organisation_name or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "E-mail"), lambda r: r.email),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonPicker", text)


class PersonPicker(SearchPicker[PersonMatch]):
    def __init__(
        self,
        database: Database,
        label: str = "",
        limit: int = 20,
        parent: QWidget | None = None,
        *,
        creates: bool = True,
        hint: str = "",
    ):
        """``creates`` False leaves out "New person…" where the form around
        the picker has its own way to type a new person in (``hint`` says so)."""
        self._database = database
        creation = Creation(
            button=_tr("Ne&w person…"),
            hint=_tr("Press {keys} or click New person… to add them."),
            dialog=lambda typed, parent: NewPersonDialog(database, typed, parent),
            row=self._found,
        )
        super().__init__(
            COLUMNS,
            self._find,
            label=label or _tr("Find a &person:"),
            accessible_name=_tr("Find a person"),
            placeholder=_tr("Name, e-mail or organisation"),
            hint=hint
            or _tr("Type part of a name or e-mail address; accents and case do not matter."),
            limit=limit,
            creation=creation if creates else None,
            parent=parent,
        )

    def _find(self, text: str, limit: int) -> list[PersonMatch]:
        with self._database.read() as session:
            return search_people(session, text, limit)

    def _found(self, person_id: int) -> PersonMatch:
        with self._database.read() as session:
            return person_match(session, person_id)
