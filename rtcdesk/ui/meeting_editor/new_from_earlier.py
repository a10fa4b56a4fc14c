"""Starting the next meeting of a series from an earlier one: which one, the
new dates, and what to copy (the service ``meeting_copy`` does the copying)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError, ValidationError
from rtcdesk.services.meeting_copy import FollowOnOptions, new_meeting_from
from rtcdesk.services.meetings import MeetingRow, next_ordinal
from rtcdesk.services.names import meeting_title
from rtcdesk.ui.date_fields import DateField
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import format_date

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def a_year_later(day: date, not_before: date) -> date:
    """The same day a year later (28 February for 29 February), but not in the past."""
    try:
        later = day.replace(year=day.year + 1)
    except ValueError:
        later = day.replace(year=day.year + 1, day=28)
    return max(later, not_before)


class NewFromEarlierDialog(QDialog):
    """Create makes the new meeting in one transaction; then ``created``
    carries its id and its name ("23rd RTC Heads Meeting")."""

    created = Signal(int, str)

    def __init__(
        self,
        database: Database,
        meetings: list[MeetingRow],
        source_id: int | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self._meetings = {row.id: row for row in meetings}
        self.setWindowTitle(self.tr("New meeting from an earlier one"))
        self.setMinimumWidth(560)

        self.source = QComboBox()
        for row in meetings:
            self.source.addItem(
                self.tr("{title} · {start}").format(
                    title=row.display_title, start=format_date(row.start_date)
                ),
                row.id,
            )
        self.source.setCurrentIndex(max(self.source.findData(source_id), 0))
        self.becomes = QLabel()
        self.start_date = DateField()
        self.end_date = DateField()
        for field in (self.start_date, self.end_date):
            field.set_required(True)
        self.copy_agenda = QCheckBox(self.tr("&Agenda (titles, kinds and times; no speakers)"))
        self.copy_agenda.setChecked(True)
        self.copy_delegations = QCheckBox(self.tr("&Delegations (the same organisations)"))
        self.copy_delegations.setChecked(True)
        self.copy_people = QCheckBox(self.tr("&People too, as invited participants"))
        self._length = 0
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()

        form = QFormLayout()
        self._row(form, self.tr("&Earlier meeting:"), self.source)
        form.addRow("", self.becomes)
        self._row(form, self.tr("&Start date:"), self.start_date)
        self._row(form, self.tr("E&nd date:"), self.end_date)
        copy_label = QLabel(self.tr("Copy:"))
        form.addRow(copy_label, self.copy_agenda)
        form.addRow("", self.copy_delegations)
        form.addRow("", self.copy_people)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(self.buttons)

        self.source.currentIndexChanged.connect(self._source_changed)
        self.start_date.date_changed.connect(self._start_changed)
        self.end_date.date_changed.connect(self._check_dates)
        self.copy_delegations.toggled.connect(self.copy_people.setEnabled)
        self._source_changed()

    def _row(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
        form.addRow(label, widget)

    def _source(self) -> MeetingRow | None:
        return self._meetings.get(self.source.currentData())

    def _source_changed(self) -> None:
        """The new dates default to the same days a year later; the preview
        says which meeting of the series this creates."""
        source = self._source()
        if source is None:
            return
        start = a_year_later(source.start_date, date.today())
        self._length = (source.end_date - source.start_date).days
        self.start_date.set_date(start)
        self.end_date.set_date(start + timedelta(days=self._length))
        for field in (self.start_date, self.end_date):
            field.set_calendar_start(start)
        number = None
        if source.series:
            with self.database.read() as session:
                number = next_ordinal(session, source.series)
        title = meeting_title(source.title, number)
        self.becomes.setText(self.tr("Creates the {title}, planned.").format(title=title))

    def _start_changed(self) -> None:
        """The end date follows the start date, keeping the earlier meeting's length."""
        start = self.start_date.date()
        if start is not None:
            self.end_date.set_date(start + timedelta(days=self._length))
        self._check_dates()

    def _check_dates(self) -> None:
        problem = self._date_problem()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.create_button.setEnabled(not problem)

    def _date_problem(self) -> str:
        for field in (self.start_date, self.end_date):
            problem = field.problem()
            if problem is not None:
                return f"{field.accessibleName()}: {problem}"
        start, end = self.start_date.date(), self.end_date.date()
        if start is not None and end is not None and end < start:
            return self.tr("The end date is before the start date.")
        return ""

    def options(self) -> FollowOnOptions:
        return FollowOnOptions(
            start_date=self._checked(self.start_date),
            end_date=self._checked(self.end_date),
            copy_agenda=self.copy_agenda.isChecked(),
            copy_delegations=self.copy_delegations.isChecked(),
            copy_people=self.copy_delegations.isChecked() and self.copy_people.isChecked(),
        )

    @staticmethod
    def _checked(field: DateField) -> date:
        value = field.date()
        assert value is not None, "Create is disabled while a date is missing or unreadable"
        return value

    def accept(self) -> None:
        source = self._source()
        if source is None or not self.create_button.isEnabled():
            return
        try:
            with self.database.write() as session:
                meeting = new_meeting_from(session, source.id, self.options())
                ident, name = meeting.id, meeting_title(meeting.title, meeting.ordinal)
        except ValidationError as refused:
            self.problem.setText(str(refused))
            self.problem.show()
            return
        except RtcdeskError as refused:
            show_refusal(self, refused)
            return
        super().accept()
        self.created.emit(ident, name)
