"""The form of one agenda item: day, times, title, kind, speakers, notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.agenda import AgendaItemData, check_agenda_item_fields
from rtcdesk.services.participants import attendance_mode_in
from rtcdesk.services.people import PersonMatch
from rtcdesk.ui.date_fields import TimeField, with_typing_problems
from rtcdesk.ui.meeting_editor.dates import format_day
from rtcdesk.ui.meeting_editor.record_dialog import RecordDialog
from rtcdesk.ui.meeting_editor.speakers_model import (
    NAME_COLUMN,
    VIRTUAL_COLUMN,
    Speaker,
    SpeakersModel,
)
from rtcdesk.ui.person_picker import PersonPicker
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import AgendaItemKind, AttendanceMode

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.services.agenda import AgendaRow

DEFAULT_START, DEFAULT_END = time(9, 0), time(10, 0)


def meeting_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


class AgendaItemDialog(RecordDialog):
    """Add (``item`` None) or edit an agenda item of a meeting held from
    ``first_day`` to ``last_day``; ``save`` stores the data and returns the
    status message."""

    def __init__(
        self,
        database: Database,
        first_day: date,
        last_day: date,
        item: AgendaRow | None,
        save: Callable[[AgendaItemData], str],
        parent: QWidget | None = None,
        meeting_id: int | None = None,
    ):
        title = self.tr("New agenda item") if item is None else self.tr("Agenda item")
        super().__init__(title, parent)
        self.setMinimumWidth(680)
        self._database = database
        #: To start a speaker off in the way they attend (a virtual participant joins virtually).
        self._meeting_id = meeting_id

        self.title = QLineEdit()
        self.kind = QComboBox()
        for kind in AgendaItemKind:
            self.kind.addItem(enum_label(kind), kind)
        self.day = QComboBox()
        # Days are kept as ordinals: Qt compares item data, Python dates it cannot.
        for number, day in enumerate(meeting_days(first_day, last_day), start=1):
            self.day.addItem(
                self.tr("Day {number} · {date}").format(number=number, date=format_day(day)),
                day.toordinal(),
            )
        self.day.addItem(self.tr("No fixed day"), None)
        self._times()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        self.add_row(self.tr("&Title:"), "Title", self.title)
        self.add_row(self.tr("&Kind:"), "Kind", self.kind)
        self.add_row(self.tr("&Day:"), "Day", self.day)
        self.add_row(self.tr("Ti&me:"), "Time", self.timed)
        self.add_row(self.tr("St&art time:"), "Start time", self.start_time)
        self.add_row(self.tr("&End time:"), "End time", self.end_time)
        self.add_row(self.tr("&Notes:"), "Notes", self.notes)
        self.body.insertWidget(2, self._speakers_box())

        if item is not None:
            self._load(item)
        self._update_times()

        self.title.textChanged.connect(self.revalidate)
        self.notes.textChanged.connect(self.revalidate)
        self.timed.toggled.connect(self._update_times)
        for edit in (self.start_time, self.end_time):
            edit.textChanged.connect(self.revalidate)
        self.speakers.changed.connect(self.revalidate)
        self.connect_form(self._problems, lambda: save(self.data()))
        self.adjustSize()

    def _times(self) -> None:
        self.timed = QCheckBox(self.tr("At a set time"))
        self.timed.setChecked(True)
        self.start_time = TimeField()
        self.end_time = TimeField()
        self.start_time.set_time(DEFAULT_START)
        self.end_time.set_time(DEFAULT_END)

    def _speakers_box(self) -> QGroupBox:
        self.picker = PersonPicker(self._database, label=self.tr("Add a &speaker:"))
        self.picker.results.setMaximumHeight(110)
        self.picker.activated.connect(self._add_speaker)
        self.speakers = SpeakersModel(self)
        self.speaker_table = QTableView()
        self.speaker_table.setModel(self.speakers)
        self.speaker_table.setAccessibleName(self.tr("Speakers"))
        self.speaker_table.setTabKeyNavigation(False)  # Tab leaves; arrows move between cells
        self.speaker_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.speaker_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.speaker_table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.speaker_table.fontMetrics().height() + 10)
        header = self.speaker_table.horizontalHeader()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VIRTUAL_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.speaker_table.setMinimumHeight(140)
        self.remove_speaker = QPushButton(self.tr("&Remove speaker"))
        self.remove_speaker.setAccessibleName(self.tr("Remove speaker"))
        self.remove_speaker.clicked.connect(self._remove_speaker)
        box = QGroupBox(self.tr("Speakers"))
        column = QVBoxLayout(box)
        column.addWidget(self.picker)
        column.addWidget(self.speaker_table)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.remove_speaker)
        column.addLayout(row)
        return box

    def _load(self, item: AgendaRow) -> None:
        self.title.setText(item.title)
        self.kind.setCurrentIndex(max(self.kind.findData(item.kind), 0))
        found = self.day.findData(item.day.toordinal() if item.day else None)
        self.day.setCurrentIndex(found if found >= 0 else self.day.count() - 1)
        self.timed.setChecked(item.start_time is not None)
        if item.start_time is not None:
            self.start_time.set_time(item.start_time)
        if item.end_time is not None:
            self.end_time.set_time(item.end_time)
        self.notes.setPlainText(item.notes)
        self.speakers.set_speakers(
            [Speaker(s.person_id, s.name, s.attendance_mode) for s in item.speakers]
        )

    def _update_times(self) -> None:
        for edit in (self.start_time, self.end_time):
            edit.setEnabled(self.timed.isChecked())
            edit.set_required(self.timed.isChecked())
        self.revalidate()

    def _add_speaker(self, person: PersonMatch) -> None:
        mode = None
        if self._meeting_id is not None:
            with self._database.read() as session:
                mode = attendance_mode_in(session, self._meeting_id, person.id)
        self.speakers.add(person.id, person.display_name, mode or AttendanceMode.IN_PERSON)
        self.speaker_table.selectRow(self.speakers.rowCount() - 1)
        self.picker.search_box.clear()

    def _remove_speaker(self) -> None:
        self.speakers.remove(self.speaker_table.currentIndex().row())

    def _day(self) -> date | None:
        ordinal = self.day.currentData()
        return date.fromordinal(ordinal) if ordinal is not None else None

    def _time(self, edit: TimeField) -> time | None:
        return edit.time() if self.timed.isChecked() else None

    def data(self) -> AgendaItemData:
        return AgendaItemData(
            title=self.title.text(),
            kind=self.kind.currentData(),
            day=self._day(),
            start_time=self._time(self.start_time),
            end_time=self._time(self.end_time),
            notes=self.notes.toPlainText(),
            speakers=self.speakers.speaker_data(),
        )

    def _problems(self) -> list[FieldProblem]:
        """The service's rules (an end time before the start time), and
        times that are missing or cannot be read while the item is timed."""
        times = {"Start time": self.start_time, "End time": self.end_time}
        return with_typing_problems(
            times if self.timed.isChecked() else {}, check_agenda_item_fields(self.data())
        )
