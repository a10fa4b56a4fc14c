"""Dialogs of the Recipients tab: participants of the meeting as recipients,
one person by hand, and a recipient's status (declined, with a note)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.people import PersonMatch
from rtcdesk.services.survey_analysis import TrackerRow
from rtcdesk.services.survey_recipients import add_person, meeting_candidates
from rtcdesk.services.surveys import add_recipients_from_meeting, set_recipient_status
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import (
    LabelledEnum,
    ParticipantRole,
    ParticipationStatus,
    RecipientStatus,
)

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

E = TypeVar("E", bound=LabelledEnum)
COLUMNS_OF_BOXES = 3
#: The statuses a coordinator sets by hand; "responded" comes with the answers.
SETTABLE = (
    RecipientStatus.NOT_INVITED,
    RecipientStatus.INVITED,
    RecipientStatus.DECLINED,
    RecipientStatus.UNDELIVERABLE,
)


def _boxes(
    title: str, members: list[E], ticked: Callable[[E], bool]
) -> tuple[QGroupBox, dict[E, QCheckBox]]:
    """A group of check boxes, one per member, in rows of three."""
    group = QGroupBox(title)
    grid = QGridLayout(group)
    boxes: dict[E, QCheckBox] = {}
    for number, member in enumerate(members):
        box = QCheckBox(enum_label(member))
        box.setChecked(ticked(member))
        box.setAccessibleName(f"{title}: {enum_label(member)}")
        grid.addWidget(box, number // COLUMNS_OF_BOXES, number % COLUMNS_OF_BOXES)
        boxes[member] = box
    return group, boxes


class FromMeetingDialog(QDialog):
    """Add the meeting's participants of the ticked statuses and roles
    (attended ones only, at first); says how many before adding."""

    #: The status bar message after adding.
    added = Signal(str)

    def __init__(
        self, database: Database, survey_id: int, meeting: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self.setWindowTitle(self.tr("Recipients from the meeting"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr("Add the participants of the {meeting} who match both choices below.").format(
                meeting=meeting
            )
        )
        intro.setWordWrap(True)
        status_group, self.statuses = _boxes(
            self.tr("Participation status"),
            list(ParticipationStatus),
            lambda s: s is ParticipationStatus.ATTENDED,
        )
        role_group, self.roles = _boxes(self.tr("Role"), list(ParticipantRole), lambda _r: True)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("How many will be added"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add"))
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(status_group)
        layout.addWidget(role_group)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        for box in [*self.statuses.values(), *self.roles.values()]:
            box.toggled.connect(self.recount)
        self.recount()

    def chosen_statuses(self) -> list[ParticipationStatus]:
        return [s for s, box in self.statuses.items() if box.isChecked()]

    def chosen_roles(self) -> list[ParticipantRole]:
        return [r for r, box in self.roles.items() if box.isChecked()]

    def recount(self) -> None:
        with self.database.read() as session:
            found = meeting_candidates(
                session, self.survey_id, self.chosen_statuses(), self.chosen_roles()
            )
        text = self.tr("%n participant(s) will be added.", "", found.new)
        if found.already:
            text += " " + self.tr("%n more are recipients already.", "", found.already)
        self.count.setText(text)
        self.add_button.setText(self.tr("Add %n recipient(s)", "", found.new))
        self.add_button.setEnabled(found.new > 0)

    def accept(self) -> None:
        try:
            with self.database.write() as session:
                added = add_recipients_from_meeting(
                    session, self.survey_id, self.chosen_statuses(), self.chosen_roles()
                )
                count = len(added)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        self.added.emit(self.tr("Added %n recipient(s)", "", count))
        super().accept()


class AddPersonDialog(QDialog):
    """Add one person on record as a recipient."""

    added = Signal(str)

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self.setWindowTitle(self.tr("Add a recipient"))
        self.setMinimumSize(560, 380)
        self.picker = PersonPicker(database)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add"))
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picker.current_changed.connect(lambda row: self.add_button.setEnabled(row is not None))
        self.picker.activated.connect(lambda _row: self.accept())
        self.add_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        person: PersonMatch | None = self.picker.current()
        if person is None:
            return
        try:
            with self.database.write() as session:
                add_person(session, self.survey_id, person.id)
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        self.added.emit(self.tr("Added {name}").format(name=person.display_name))
        super().accept()


class StatusDialog(QDialog):
    """Set a recipient's status by hand (declined, undeliverable, ...) with a note."""

    saved = Signal(str)

    def __init__(
        self,
        database: Database,
        row: TrackerRow,
        status: RecipientStatus,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.row = row
        self.setWindowTitle(self.tr("Status of {name}").format(name=row.name))
        self.setMinimumWidth(480)
        self.status = QComboBox()
        for member in SETTABLE:
            self.status.addItem(enum_label(member), member)
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        self.note = QPlainTextEdit(row.note)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Why, for the record: e.g. moved to another post"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        form = QFormLayout()
        for caption, widget in ((self.tr("&Status:"), self.status), (self.tr("&Note:"), self.note)):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        status: RecipientStatus = self.status.currentData()
        try:
            with self.database.write() as session:
                set_recipient_status(
                    session, self.row.recipient_id, status, self.note.toPlainText()
                )
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        self.saved.emit(
            self.tr("{name}: {status}").format(name=self.row.name, status=enum_label(status))
        )
        super().accept()
