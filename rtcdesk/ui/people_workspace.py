"""The people workspace: everyone on record, searchable by name, e-mail and
organisation; open, add, delete and merge duplicate records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from rtcdesk.errors import NotFoundError
from rtcdesk.services.listings import ListedPerson, list_people_plain
from rtcdesk.services.people import PersonRow, PersonUsage, delete_person, person_usage
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.personal_data import PersonalDataActions
from rtcdesk.ui.prompts import confirm_delete, show_info, show_refusal
from rtcdesk.ui.tables import Column, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.wording import listed
from rtcdesk.ui.workspace import ListWorkspace

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.ui.likely_duplicates_dialog import LikelyDuplicatesDialog
    from rtcdesk.ui.merge_people_dialog import MergePeopleDialog
    from rtcdesk.ui.person_editor import PersonEditor

COLUMNS: list[Column[PersonRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Name"),
        lambda r: r.display_name,
        sort_key=lambda r: r.name_key,
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
    """Folded already: the names, e-mail and organisation (``ListedPerson``)."""
    assert isinstance(row, ListedPerson)
    return row.search_text


class PeopleWorkspace(ListWorkspace[PersonRow]):
    """The list of people; opens the person editor and the merge dialog itself.

    Tens of thousands of people: the rows come plain from one query with
    their search text folded by the database, and the editors and dialogs
    are imported when first opened."""

    #: "New person" was asked for (the workspace opens the editor).
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
            self._load, parent, folded_search=True,
        )  # fmt: skip
        self._database = database
        new_button.clicked.connect(self.new_requested)
        self.new_requested.connect(lambda: self.open_editor(None))
        self.open_row.connect(lambda row: self.open_editor(row.id))
        self.delete_rows.connect(self.delete_people)
        self.add_button(_tr("New person"), self.new_requested.emit)
        self.add_button(_tr("Open"), self.open_current)
        self.merge_button = self.add_button(
            _tr("Merge duplicates…"),
            self.merge_selected,
            _tr("Select the two records of the same person, then merge them into one"),
        )
        self.duplicates_button = self.add_button(
            _tr("Likely duplicates…"),
            self.show_likely_duplicates,
            _tr("Pairs of records that are most likely one person, to merge"),
        )
        self.delete_button = self.add_button(_tr("Delete…"), self.delete_selected)
        self.personal_data = PersonalDataActions(self, database)
        self.personal_data_button = QPushButton(_tr("Personal data"))
        self.personal_data_button.setAccessibleName(_tr("Personal data"))
        self.personal_data_button.setToolTip(
            _tr("Export everything about the selected person, or erase them")
        )
        self.personal_data_button.setMenu(self.personal_data.menu)
        self.buttons.addWidget(self.personal_data_button)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions(self.personal_data.menu.actions())

    def _load(self) -> list[PersonRow]:
        with self._database.read() as session:
            return list(list_people_plain(session))

    # -- editing ---------------------------------------------------------------

    def open_editor(self, person_id: int | None) -> PersonEditor | None:
        """Open the person editor (a new person for None); None if the person is gone."""
        from rtcdesk.ui.person_editor import PersonEditor

        try:
            # Parented only once built: a person deleted meanwhile leaves no hidden dialog behind.
            editor = PersonEditor(self._database, person_id)
        except NotFoundError as gone:
            show_refusal(self, gone, _tr("Not found"))
            self.refresh()
            return None
        editor.setParent(self, editor.windowFlags())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda message: self._changed(editor.record_id, message))
        editor.open()
        return editor

    def merge_selected(self) -> MergePeopleDialog | None:
        """Open the merge dialog on the two selected people."""
        from rtcdesk.ui.merge_people_dialog import MergePeopleDialog

        rows = self.selected_rows()
        if len(rows) != 2:
            show_info(
                self,
                _tr("Merge duplicates"),
                _tr(
                    "Select the two records of the same person (click one, then Ctrl+click "
                    "the other), then choose Merge duplicates."
                ),
            )
            return None
        try:
            dialog = MergePeopleDialog(self._database, rows[0].id, rows[1].id)
        except NotFoundError as gone:
            show_refusal(self, gone, _tr("Not found"))
            self.refresh()
            return None
        dialog.setParent(self, dialog.windowFlags())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(
            lambda message: self._changed(dialog.records[dialog.survivor()].id, message)
        )
        dialog.open()
        return dialog

    def show_likely_duplicates(self) -> LikelyDuplicatesDialog:
        """The pairs of records likely of one person, each one click from a merge."""
        from rtcdesk.ui.likely_duplicates_dialog import LikelyDuplicatesDialog

        dialog = LikelyDuplicatesDialog(self._database, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(lambda message: self._changed(None, message))
        dialog.open()
        return dialog

    def delete_people(self, rows: list[PersonRow]) -> None:
        """Ask, saying what goes with them, then delete in one transaction."""
        with self._database.read() as session:
            usages = [person_usage(session, row.id) for row in rows]
        what = (
            rows[0].display_name
            if len(rows) == 1
            else PeopleWorkspace.tr("%n person(s)", "", len(rows))
        )
        if not confirm_delete(self, what, _consequences(usages)):
            return
        self.delete_in_one_transaction(self._database, rows, delete_person, what)

    def _changed(self, person_id: int | None, message: str) -> None:
        self.refresh()
        self.select_where(lambda row: row.id == person_id)
        self.status_message.emit(message)


def _consequences(usages: list[PersonUsage]) -> list[str]:
    """ "Also removes 3 participations and 1 speaker slot." and what stays without them."""

    def total(field: str) -> int:
        return sum(getattr(usage, field) for usage in usages)

    participations, slots, invitations, headed, owned = (
        total(field)
        for field in (
            "participations", "speaker_slots", "survey_recipients", "headed_delegations",
            "owned_actions",
        )
    )  # fmt: skip
    removed = [
        text
        for n, text in (
            (participations, PeopleWorkspace.tr("%n participation(s)", "", participations)),
            (slots, PeopleWorkspace.tr("%n speaker slot(s)", "", slots)),
            (
                invitations,
                PeopleWorkspace.tr("%n survey invitation(s) with their answers", "", invitations),
            ),
        )
        if n
    ]
    kept = [
        text
        for n, text in (
            (headed, PeopleWorkspace.tr("%n delegation(s) they head", "", headed)),
            (owned, PeopleWorkspace.tr("%n action item(s) they own", "", owned)),
        )
        if n
    ]
    lines = []
    if removed:
        lines.append(_tr("Also removes {things}.").format(things=listed(removed)))
    if kept:
        lines.append(_tr("Stays on record without them: {things}.").format(things=listed(kept)))
    if not lines:
        lines.append(_tr("Nothing else is removed: they are in no meeting, agenda or survey."))
    return lines
