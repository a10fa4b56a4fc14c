"""The people workspace: everyone on record, searchable by name, e-mail and organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from rtcdesk.services.people import PersonRow, list_people
from rtcdesk.services.search import fold
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.workspace import ListWorkspace

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

COLUMNS: list[Column[PersonRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Name"),
        lambda r: r.display_name,
        sort_key=lambda r: (fold(r.family_name), fold(r.given_name)),
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Position"), lambda r: r.position),
    Column(QT_TRANSLATE_NOOP("Columns", "Organisation"), lambda r: r.organisation_name or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "E-mail"), lambda r: r.email),
    Column(QT_TRANSLATE_NOOP("Columns", "Phone"), lambda r: r.phone),
    Column(QT_TRANSLATE_NOOP("Columns", "Gender"), lambda r: enum_label(r.gender)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Meetings"),
        lambda r: str(r.participation_count),
        sort_key=lambda r: r.participation_count,
        numeric=True,
        descending_first=True,
    ),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("PeopleWorkspace", text)


def _search_text(row: PersonRow) -> str:
    return " ".join(
        p for p in (row.title, row.given_name, row.family_name, row.email, row.organisation_name)
        if p
    )  # fmt: skip


class PeopleWorkspace(ListWorkspace[PersonRow]):
    new_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        new_button = QPushButton(_tr("&New person"))
        empty = EmptyState(
            _tr("No people yet"),
            _tr(
                "People appear here when you add them, add participants to a meeting or "
                "import a registration list."
            ),
            [new_button],
        )
        super().__init__(
            _tr("People"), COLUMNS, _search_text, _tr("Name, e-mail or organisation"), empty,
            self._load, parent,
        )  # fmt: skip
        self._database = database
        new_button.clicked.connect(self.new_requested)
        self.add_button(_tr("New person"), self.new_requested.emit)
        self.add_button(_tr("Open"), self.open_current)

    def _load(self) -> list[PersonRow]:
        with self._database.read() as session:
            return list_people(session)
