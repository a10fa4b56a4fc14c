"""The "Delegations and participants" tab of the meeting editor.

Delegations on the left, participants (grouped by delegation, heads in bold)
on the right, the counts a coordinator reports below. Every change is one
write transaction followed by a fresh read, so the tables and counts always
show what the database holds; a change someone else made first is reported
and the tab reloads. The tab reads when it is first shown (``FilledWhenShown``):
a regional course has tens of thousands of participants.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError, ValidationError
from rtcdesk.services.meetings import get_meeting
from rtcdesk.services.organisations import list_organisations
from rtcdesk.services.participants import (
    DelegationRow,
    DelegationsAdded,
    OrganisationChoice,
    ParticipantRow,
    ParticipationData,
    add_delegations,
    delete_delegation,
    list_delegations,
    list_participants,
    participation_counts,
    remove_participant,
    save_participant,
    set_delegation_head,
    set_status,
)
from rtcdesk.services.people import create_new_person, get_person
from rtcdesk.ui.meeting_editor.delegation_dialogs import AddDelegationDialog, DelegationHeadDialog
from rtcdesk.ui.meeting_editor.filled_when_shown import FilledWhenShown
from rtcdesk.ui.meeting_editor.participant_counts import CountsPanel
from rtcdesk.ui.meeting_editor.participant_dialogs import (
    AddParticipantDialog,
    EditParticipantDialog,
    NewParticipant,
)
from rtcdesk.ui.meeting_editor.participant_tables import (
    DELEGATION_COLUMNS,
    PARTICIPANT_DELEGATION,
    PARTICIPANT_NAME,
    VOCABULARY_COLUMNS,
    ParticipantsModel,
    delegation_label,
    no_delegation,
    participant_search_text,
)
from rtcdesk.ui.prompts import confirm_delete, show_refusal
from rtcdesk.ui.tables import RowFilterProxy, RowTableModel, enum_label
from rtcdesk.ui.workspace import MAX_COLUMN_WIDTH, RowTable
from rtcdesk.vocabulary import ParticipationStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database


#: Shortcuts of "Mark selected as": Ctrl+Shift and the status's initial
#: (X for cancelled, as C is taken). Ctrl+digits switch workspaces.
STATUS_KEYS = {
    ParticipationStatus.INVITED: "Ctrl+Shift+I",
    ParticipationStatus.REGISTERED: "Ctrl+Shift+R",
    ParticipationStatus.CONFIRMED: "Ctrl+Shift+C",
    ParticipationStatus.ATTENDED: "Ctrl+Shift+A",
    ParticipationStatus.NO_SHOW: "Ctrl+Shift+N",
    ParticipationStatus.CANCELLED: "Ctrl+Shift+X",
}


@dataclass(frozen=True)
class Done:
    """What a change did: the status bar message and what to select afterwards
    (None keeps the selection as it was)."""

    message: str
    delegation_id: int | None = None
    participation_ids: tuple[int, ...] | None = None


class ParticipantsTab(FilledWhenShown):
    #: What just happened ("Added Mr. TANAKA Hiroshi"), for the status bar.
    status_message = Signal(str)

    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._database = database
        self._meeting_id = meeting_id
        #: The dialog this tab has open, if any (it is window-modal).
        self.open_dialog: QDialog | None = None
        self._columns_fitted = False

        self.delegations_model: RowTableModel[DelegationRow] = RowTableModel(
            DELEGATION_COLUMNS, self
        )
        self.delegations_proxy: RowFilterProxy[DelegationRow] = RowFilterProxy(parent=self)
        self.delegations_proxy.setSourceModel(self.delegations_model)
        self.delegations_table = RowTable()
        self.delegations_table.setModel(self.delegations_proxy)
        self.delegations_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.delegations_table.setAccessibleName(self.tr("Delegations"))
        self.delegations_table.keep_given_order()
        self.delegations_table.open_requested.connect(self.edit_head)
        self.delegations_table.delete_requested.connect(self.remove_delegation)

        self.participants_model = ParticipantsModel(self)
        self.participants_proxy: RowFilterProxy[ParticipantRow] = RowFilterProxy(
            participant_search_text, self
        )
        self.participants_proxy.setSourceModel(self.participants_model)
        self.participants_table = RowTable()
        self.participants_table.setModel(self.participants_proxy)
        self.participants_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.participants_table.setAccessibleName(self.tr("Participants"))
        self.participants_table.keep_given_order()
        self.participants_table.open_requested.connect(self.edit_participant)
        self.participants_table.delete_requested.connect(self.remove_participants)

        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText(self.tr("Name, e-mail or delegation"))
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setAccessibleName(self.tr("Find participants"))
        self.find_field.textChanged.connect(self.participants_proxy.set_search_text)

        self.counts = CountsPanel()
        self._build_actions()
        self._lay_out()
        for table in (self.delegations_table, self.participants_table):
            table.selectionModel().selectionChanged.connect(self._update_actions)
            table.setTabKeyNavigation(False)  # rows are chosen whole; Tab leaves the table
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        self._update_actions()

    # -- layout ------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.add_delegation_button = self._button(self.tr("Add &delegation…"), self.add_delegation)
        self.head_button = self._button(self.tr("Set &head…"), self.edit_head)
        self.head_button.setToolTip(self.tr("Name the head of the selected delegation"))
        self.remove_delegation_button = self._button(self.tr("Remove"), self.remove_delegation)
        self.remove_delegation_button.setToolTip(self.tr("Remove the selected delegation"))
        self.add_participant_button = self._button(
            self.tr("Add &participant…"), self.add_participant
        )
        self.edit_button = self._button(self.tr("&Edit…"), self.edit_participant)
        self.edit_button.setToolTip(self.tr("Role, attendance, status and delegation"))
        self.remove_participants_button = self._button(self.tr("Remove"), self.remove_participants)
        self.remove_participants_button.setToolTip(self.tr("Remove the selected participants"))

        self.status_actions: dict[ParticipationStatus, QAction] = {}
        for status, key in STATUS_KEYS.items():
            action = QAction(enum_label(status), self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(
                self.tr("Mark the selected participants as {status} ({keys})").format(
                    status=enum_label(status).lower(),
                    keys=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
            action.triggered.connect(lambda _checked=False, s=status: self.mark(s))
            self.addAction(action)
            self.status_actions[status] = action

        edit = QAction(self.tr("Edit…"), self)
        edit.triggered.connect(self.edit_participant)
        remove = QAction(self.tr("Remove…"), self)
        remove.triggered.connect(self.remove_participants)
        separator = QAction(self)
        separator.setSeparator(True)
        self.participants_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.participants_table.addActions([edit, separator, *self.status_actions.values(), remove])

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        self.delegations_box = QGroupBox(self.tr("Delegations"))
        delegation_buttons = QHBoxLayout()
        for button in (self.add_delegation_button, self.head_button):
            delegation_buttons.addWidget(button)
        delegation_buttons.addStretch()
        delegation_buttons.addWidget(self.remove_delegation_button)
        left = QVBoxLayout(self.delegations_box)
        left.addLayout(delegation_buttons)
        left.addWidget(self.delegations_table, 1)

        find_label = QLabel(self.tr("&Find:"))
        find_label.setBuddy(self.find_field)
        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.find_field, 1)
        top.addSpacing(12)
        for button in (self.add_participant_button, self.edit_button):
            top.addWidget(button)
        top.addWidget(self.remove_participants_button)

        mark_row = QHBoxLayout()
        mark_row.addWidget(QLabel(self.tr("Mark selected as:")))
        mark_buttons: list[QWidget] = []
        for action in self.status_actions.values():
            mark_button = QToolButton()
            mark_buttons.append(mark_button)
            mark_button.setDefaultAction(action)
            mark_button.setAccessibleName(
                self.tr("Mark as {status}").format(status=action.text().lower())
            )
            mark_row.addWidget(mark_button)
        mark_row.addStretch()

        self.empty_hint = QLabel(
            self.tr(
                "No participants yet. Add the delegations on the left, then add "
                "their participants with “Add participant…”."
            )
        )
        self.empty_hint.setWordWrap(True)

        self.participants_box = QGroupBox(self.tr("Participants"))
        right = QVBoxLayout(self.participants_box)
        right.addLayout(top)
        right.addWidget(self.empty_hint)
        right.addWidget(self.participants_table, 1)
        right.addLayout(mark_row)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.delegations_box)
        splitter.addWidget(self.participants_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 740])

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.counts)
        chain: list[QWidget] = [
            self.add_delegation_button, self.head_button, self.remove_delegation_button,
            self.delegations_table, self.find_field, self.add_participant_button, self.edit_button,
            self.remove_participants_button, self.participants_table, *mark_buttons,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- reading -------------------------------------------------------------------

    def refresh(
        self, delegation_id: int | None = None, participation_ids: Sequence[int] | None = None
    ) -> None:
        """Read delegations, participants and counts again. The selection stays
        on the same records unless the ids to select are given."""
        if delegation_id is None:
            current = self.current_delegation()
            delegation_id = current.id if current else None
        if participation_ids is None:
            participation_ids = [p.id for p in self.selected_participants()]
        with self._database.read() as session:
            delegations = list_delegations(session, self._meeting_id)
            participants = list_participants(session, self._meeting_id)
            counts = participation_counts(session, self._meeting_id)
        self.mark_read()
        self.delegations_model.set_rows(delegations)
        self.participants_model.set_rows(participants)
        self.counts.show_counts(counts)
        self.delegations_box.setTitle(self.tr("Delegations ({n})").format(n=len(delegations)))
        self.participants_box.setTitle(self.tr("Participants ({n})").format(n=len(participants)))
        self.empty_hint.setVisible(not participants)
        if not self._columns_fitted:
            self._fit_participant_columns(delegations)
            self.delegations_table.fit_columns([0])
            self._columns_fitted = bool(participants)
        self._select_delegation(delegation_id)
        self._select_participants(set(participation_ids))
        self._update_actions()

    def _fit_participant_columns(self, delegations: Sequence[DelegationRow]) -> None:
        """Each column as wide as the longest text it can show (the Name column
        takes the rest): a delegation's name or a vocabulary's label. Measured
        from those few texts, not from thousands of rows."""
        table = self.participants_table
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        texts: dict[int, list[str]] = {
            column: [enum_label(m) for m in vocabulary]
            for column, vocabulary in VOCABULARY_COLUMNS.items()
        }
        texts[PARTICIPANT_DELEGATION] = [no_delegation(), *map(delegation_label, delegations)]
        for column in range(header.count()):
            if column == PARTICIPANT_NAME:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            widest = max(metrics.horizontalAdvance(text) for text in texts[column]) + 16
            table.setColumnWidth(
                column, min(max(header.sectionSizeHint(column), widest), MAX_COLUMN_WIDTH)
            )

    def current_delegation(self) -> DelegationRow | None:
        rows = self.delegations_table.selectionModel().selectedRows()
        return self.delegations_proxy.row_at(rows[0]) if rows else None

    def selected_participants(self) -> list[ParticipantRow]:
        """The selected participants, in the order shown."""
        indexes = sorted(
            self.participants_table.selectionModel().selectedRows(), key=lambda i: i.row()
        )
        return [row for i in indexes if (row := self.participants_proxy.row_at(i)) is not None]

    def _select_delegation(self, delegation_id: int | None) -> None:
        for number in range(self.delegations_proxy.rowCount()):
            index = self.delegations_proxy.index(number, 0)
            row = self.delegations_proxy.row_at(index)
            if row is not None and row.id == delegation_id:
                self.delegations_table.selectRow(number)
                self.delegations_table.scrollTo(index)
                return

    def _select_participants(self, ids: set[int]) -> None:
        selection = self.participants_table.selectionModel()
        selection.clearSelection()
        if not ids:
            return
        first = None
        for number, row in enumerate(self.participants_model.rows()):
            if row.id not in ids:
                continue
            index = self.participants_proxy.mapFromSource(self.participants_model.index(number, 0))
            if not index.isValid():
                continue  # not among the rows found
            selection.select(
                index,
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
            if first is None or index.row() < first.row():
                first = index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            self.participants_table.scrollTo(first)

    def _update_actions(self) -> None:
        has_delegation = self.current_delegation() is not None
        chosen = len(self.selected_participants())
        self.head_button.setEnabled(has_delegation)
        self.remove_delegation_button.setEnabled(has_delegation)
        self.edit_button.setEnabled(chosen == 1)
        self.remove_participants_button.setEnabled(chosen > 0)
        for action in self.status_actions.values():
            action.setEnabled(chosen > 0)

    # -- changing ------------------------------------------------------------------

    def _change(self, parent: QWidget, change: Callable[[Session], Done]) -> bool:
        """Run ``change`` in one write transaction, then read everything again.

        Returns whether the change is over: done, or overtaken by someone
        else's (reported, then reloaded). A refused input returns False, so
        the dialog stays open for the coordinator to correct it.
        """
        try:
            with self._database.write() as session:
                done = change(session)
        except ValidationError as error:
            show_refusal(parent, error)
            return False
        except RtcdeskError as error:
            show_refusal(parent, error)
            self.refresh()
            return True
        self.refresh(done.delegation_id, done.participation_ids)
        self.status_message.emit(done.message)
        return True

    def _open(self, dialog: QDialog, then_focus: QWidget) -> None:
        """Open ``dialog``; when it closes, the keyboard goes on in ``then_focus``
        (the list that shows what was added or changed, its row selected)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(then_focus))
        self.open_dialog = dialog
        dialog.open()

    def _dialog_closed(self, then_focus: QWidget) -> None:
        self.open_dialog = None
        then_focus.setFocus()

    def add_delegation(self) -> None:
        def save(choices: list[OrganisationChoice]) -> bool:
            def change(session: Session) -> Done:
                done = add_delegations(session, self._meeting_id, [c.id for c in choices])
                return Done(
                    self._delegations_added(choices, done),
                    delegation_id=done.added[0].id if done.added else None,
                )

            return self._change(dialog, change)

        dialog = AddDelegationDialog(self._database, self._meeting_id, save, self)
        self._open(dialog, self.delegations_table)

    def _delegations_added(self, choices: list[OrganisationChoice], done: DelegationsAdded) -> str:
        """ "Added the RTC Japan delegation"; "Added 3 delegations; RTC Korea already had one"."""
        if len(done.added) == 1 and len(choices) == 1:
            return self.tr("Added the {name} delegation").format(name=choices[0].name)
        message = self.tr("Added %n delegation(s)", "", len(done.added))
        if done.already_present:
            message += self.tr("; {names} already had one").format(
                names=", ".join(done.already_present)
            )
        return message

    def edit_head(self) -> None:
        delegation = self.current_delegation()
        if delegation is None:
            return
        members = [p for p in self.participants_model.rows() if p.delegation_id == delegation.id]
        names = {p.person_id: p.display_name for p in members}

        def save(person_id: int | None) -> bool:
            def change(session: Session) -> Done:
                set_delegation_head(session, delegation.id, person_id, delegation.version)
                if person_id is None:
                    message = self.tr("The {delegation} delegation has no head now")
                else:
                    message = self.tr("{name} heads the {delegation} delegation")
                return Done(
                    message.format(
                        name=names.get(person_id or -1, ""),
                        delegation=delegation.organisation_name,
                    )
                )

            return self._change(dialog, change)

        dialog = DelegationHeadDialog(delegation, members, save, self)
        self._open(dialog, self.delegations_table)

    def remove_delegation(self) -> None:
        delegation = self.current_delegation()
        if delegation is None:
            return
        n = delegation.participant_count
        if n:
            consequence = self.tr(
                "Its %n participant(s) stay at the meeting without a delegation.", "", n
            )
        else:
            consequence = self.tr("It has no participants.")
        what = self.tr("the {name} delegation").format(name=delegation.organisation_name)
        if not confirm_delete(self, what, [consequence]):
            return

        def change(session: Session) -> Done:
            unlinked = delete_delegation(session, delegation.id, delegation.version)
            return Done(
                self.tr(
                    "Removed the {name} delegation; %n participant(s) have none now", "", unlinked
                ).format(name=delegation.organisation_name)
            )

        self._change(self, change)

    def add_participant(self) -> None:
        with self._database.read() as session:
            organisations = list_organisations(session)
            meeting_start = get_meeting(session, self._meeting_id).start_date
        current = self.current_delegation()

        def save(new: NewParticipant) -> bool:
            def change(session: Session) -> Done:
                if isinstance(new.person, int):
                    person = get_person(session, new.person)
                else:
                    person = create_new_person(session, new.person)
                data = replace(new.participation, person_id=person.id)
                return self._store(session, None, data)

            return self._change(dialog, change)

        dialog = AddParticipantDialog(
            self._database,
            self.delegations_model.rows(),
            organisations,
            save,
            meeting_start,
            delegation_id=current.id if current else None,
            parent=self,
        )
        self._open(dialog, self.participants_table)

    def edit_participant(self) -> None:
        chosen = self.selected_participants()
        if len(chosen) != 1:
            return
        participant = chosen[0]

        def save(data: ParticipationData) -> bool:
            return self._change(dialog, lambda session: self._store(session, participant, data))

        with self._database.read() as session:
            meeting_start = get_meeting(session, self._meeting_id).start_date
        dialog = EditParticipantDialog(
            participant, self.delegations_model.rows(), save, meeting_start, self
        )
        self._open(dialog, self.participants_table)

    def _store(
        self, session: Session, participant: ParticipantRow | None, data: ParticipationData
    ) -> Done:
        """Save the participant the dialog added (``participant`` None) or edited."""
        saved = save_participant(
            session,
            self._meeting_id,
            participant.id if participant else None,
            data,
            participant.version if participant else None,
        )
        message = self.tr("Added {name}") if participant is None else self.tr("Saved {name}")
        return Done(message.format(name=saved.display_name), participation_ids=(saved.id,))

    def remove_participants(self) -> None:
        chosen = self.selected_participants()
        if not chosen:
            return
        if len(chosen) == 1:
            what = chosen[0].display_name
        else:
            what = self.tr("%n participant(s)", "", len(chosen))
        consequences = [
            self.tr("They are removed from this meeting only; their person records stay.")
        ]
        consequences += [
            self.tr("{delegation} will have no head of delegation.").format(
                delegation=p.delegation_name
            )
            for p in chosen
            if p.is_head and p.delegation_name
        ]
        if not confirm_delete(self, what, consequences):
            return

        def change(session: Session) -> Done:
            for participant in chosen:
                remove_participant(session, participant.id, participant.version)
            return Done(self.tr("Removed {what}").format(what=what))

        self._change(self, change)

    def mark(self, status: ParticipationStatus) -> None:
        """Give every selected participant ``status``."""
        chosen = self.selected_participants()
        if not chosen:
            return
        ids = tuple(p.id for p in chosen)

        def change(session: Session) -> Done:
            set_status(session, ids, status)
            return Done(
                self.tr("Marked %n participant(s) as {status}", "", len(ids)).format(
                    status=enum_label(status).lower()
                ),
                participation_ids=ids,
            )

        self._change(self, change)
