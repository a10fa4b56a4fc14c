"""The form of one action item: what, who, by when, and where it stands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.outcomes import ActionItemData, ActionRow, check_action_item_fields
from rtcdesk.services.people import PersonMatch
from rtcdesk.ui.choice_combo import Choice, ChoiceCombo
from rtcdesk.ui.date_fields import DateField, with_typing_problems
from rtcdesk.ui.meeting_editor.record_dialog import RecordDialog
from rtcdesk.ui.meeting_editor.texts import shortened
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.tables import enum_label, format_date
from rtcdesk.vocabulary import ActionStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.services.outcomes import OutcomeRow


_AMBER_ON_LIGHT, _AMBER_ON_DARK = "#8a5300", "#ffb74d"


class ActionItemDialog(RecordDialog):
    """Add (``action`` None) or edit an action item of a meeting held from
    ``meeting_start`` to ``meeting_end``; ``save`` stores the data and
    returns the status message."""

    def __init__(
        self,
        database: Database,
        organisations: list[Choice],
        outcomes: Sequence[OutcomeRow],
        action: ActionRow | None,
        save: Callable[[ActionItemData], str],
        meeting_start: date,
        meeting_end: date,
        parent: QWidget | None = None,
    ):
        title = self.tr("New action item") if action is None else self.tr("Action item")
        super().__init__(title, parent)
        self._owner_person: int | None = None
        self._meeting_start = meeting_start

        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What must be done"))
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 14)
        self.outcome = QComboBox()
        self.outcome.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.outcome.setMinimumContentsLength(40)
        self.outcome.addItem(self.tr("None"), None)
        for outcome in outcomes:
            self.outcome.addItem(
                f"{enum_label(outcome.kind)}: {shortened(outcome.text, 80)}", outcome.id
            )
        self.owner_organisation = ChoiceCombo()
        self.owner_organisation.lineEdit().setPlaceholderText(
            self.tr("Type to search; empty for none")
        )
        self.owner_organisation.set_choices(organisations)
        self.owner_person_box = self._owner_person_box(database)
        self.due_date = DateField()
        self.due_date.set_calendar_start(meeting_end)
        self.due_warning = QLabel()
        self.due_warning.setWordWrap(True)
        self.due_warning.setAccessibleName(self.tr("Due date warning"))
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.due_warning.setStyleSheet(f"color: {_AMBER_ON_DARK if dark else _AMBER_ON_LIGHT};")
        self.status = QComboBox()
        for status in ActionStatus:
            self.status.addItem(enum_label(status), status)
        self.completed_on = DateField()
        self.completed_on.set_calendar_start(meeting_end)

        self.add_row(self.tr("&Description:"), "Description", self.description)
        self.add_row(self.tr("Follows from &outcome:"), "Outcome", self.outcome)
        self.add_row(self.tr("Owner or&ganisation:"), "Owner organisation", self.owner_organisation)
        owner_label = self.add_row(self.tr("Owner &person:"), "Owner person", self.owner_person_box)
        owner_label.setBuddy(self.picker.search_box)
        self.add_row(self.tr("D&ue date:"), "Due date", self.due_date)
        self.form.addRow("", self.due_warning)
        self.form.setRowVisible(self.due_warning, False)
        self.add_row(self.tr("&Status:"), "Status", self.status)
        self.add_row(self.tr("&Completed:"), "Completed on", self.completed_on)

        if action is not None:
            self._load(action)
        self._update_completed()

        self.description.textChanged.connect(self.revalidate)
        self.owner_organisation.editTextChanged.connect(self.revalidate)
        for field in (self.due_date, self.completed_on):
            field.textChanged.connect(self.revalidate)
        self.due_date.date_changed.connect(self._update_due_warning)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.connect_form(self._problems, lambda: save(self.data()))

    def _owner_person_box(self, database: Database) -> QWidget:
        self.owner_name = QLabel()
        self.clear_owner = QPushButton(self.tr("C&lear"))
        self.clear_owner.setAccessibleName(self.tr("Clear the owner person"))
        self.clear_owner.clicked.connect(lambda: self._set_owner_person(None, ""))
        self.picker = PersonPicker(database, label=self.tr("&Find:"))
        self.picker.results.setMaximumHeight(100)
        self.picker.activated.connect(self._person_chosen)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        chosen = QHBoxLayout()
        chosen.addWidget(self.owner_name, 1)
        chosen.addWidget(self.clear_owner)
        column.addLayout(chosen)
        column.addWidget(self.picker)
        # No focus proxy on the box (its label's buddy is the picker): Tab
        # into a box with a proxy lands on the proxy and skips Clear above it.
        self._set_owner_person(None, "")
        return box

    def _person_chosen(self, person: PersonMatch) -> None:
        self._set_owner_person(person.id, person.display_name)
        self.picker.search_box.clear()

    def _set_owner_person(self, ident: int | None, name: str) -> None:
        self._owner_person = ident
        self.owner_name.setText(name if ident is not None else self.tr("None"))
        self.clear_owner.setEnabled(ident is not None)

    def _load(self, action: ActionRow) -> None:
        self.description.setPlainText(action.description)
        self.outcome.setCurrentIndex(max(self.outcome.findData(action.outcome_id), 0))
        self.owner_organisation.set_value(action.owner_organisation_id)
        self._set_owner_person(action.owner_person_id, action.owner_person or "")
        self.due_date.set_date(action.due_date)
        self._update_due_warning(action.due_date)
        self.status.setCurrentIndex(max(self.status.findData(action.status), 0))
        self.completed_on.set_date(action.completed_on)

    def _update_due_warning(self, due: date | None) -> None:
        """Due before the meeting starts is allowed (it may be a follow-up of
        an earlier meeting) but is more likely a typing slip: say so."""
        early = due is not None and due < self._meeting_start
        self.due_warning.setText(
            self.tr("Due before the meeting starts ({date})").format(
                date=format_date(self._meeting_start)
            )
            if early
            else ""
        )
        self.form.setRowVisible(self.due_warning, early)

    def _status_changed(self) -> None:
        """Done brings today as the completion date (unless one is typed);
        any other status clears it."""
        done = self.status.currentData() is ActionStatus.DONE
        if done and not self.completed_on.text().strip():
            self.completed_on.set_date(date.today())
        if not done:
            self.completed_on.set_date(None)
        self._update_completed()

    def _update_completed(self) -> None:
        self.completed_on.setEnabled(self.status.currentData() is ActionStatus.DONE)
        self.revalidate()

    def data(self) -> ActionItemData:
        return ActionItemData(
            description=self.description.toPlainText(),
            owner_organisation_id=self.owner_organisation.value(),
            owner_person_id=self._owner_person,
            due_date=self.due_date.date(),
            status=self.status.currentData(),
            completed_on=self.completed_on.date(),
            outcome_id=self.outcome.currentData(),
        )

    def _problems(self) -> list[FieldProblem]:
        problems = with_typing_problems(
            {"Due date": self.due_date, "Completed on": self.completed_on},
            check_action_item_fields(self.data()),
        )
        unknown = self.owner_organisation.unknown_text()
        if unknown:
            problems.append(
                FieldProblem(
                    "Owner organisation",
                    self.tr("no organisation is called “{name}”; choose one from the list").format(
                        name=unknown
                    ),
                )
            )
        return problems
