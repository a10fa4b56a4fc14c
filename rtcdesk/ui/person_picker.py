"""Choose a person on record by typing part of a name, e-mail or organisation.

Independent of meetings: the participants tab uses it, and so can anything
else that names a person (agenda speakers, action owners).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.people import PersonMatch, search_people
from rtcdesk.ui.search_picker import SearchPicker
from rtcdesk.ui.tables import Column

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
    ):
        self._database = database
        super().__init__(
            COLUMNS,
            self._find,
            label=label or _tr("Find a &person:"),
            accessible_name=_tr("Find a person"),
            placeholder=_tr("Name, e-mail or organisation"),
            hint=_tr("Type part of a name or e-mail address; accents and case do not matter."),
            limit=limit,
            parent=parent,
        )

    def _find(self, text: str, limit: int) -> list[PersonMatch]:
        with self._database.read() as session:
            return search_people(session, text, limit)
