"""The Details tab: every field of a meeting, checked as the coordinator types.

The rules come from ``meetings.check_meeting_fields``, the same function the
service applies when saving, so a rule lives in one place. Problems the
service finds on saving (a taken ordinal) appear under the same fields.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.meetings import MeetingData, check_meeting_fields, next_ordinal
from rtcdesk.services.names import meeting_title
from rtcdesk.ui.choice_combo import Choice, ChoiceCombo
from rtcdesk.ui.date_fields import DateField, with_typing_problems
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.meeting_editor.co_organisers import CoOrganisersEditor
from rtcdesk.ui.tables import enum_label
from rtcdesk.vocabulary import LabelledEnum, MeetingKind, MeetingMode, MeetingStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

HOST = "Host"


def _enum_combo(members: type[LabelledEnum]) -> QComboBox:
    combo = QComboBox()
    for member in members:
        combo.addItem(enum_label(member), member)
    return combo


def _same_width(labels: list[QLabel]) -> None:
    """Labels of stacked forms as wide as the widest, so their fields line up."""
    widest = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(widest)


def _text_box(lines: int, fixed: bool) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    if fixed:
        box.setFixedHeight(height)
    else:
        box.setMinimumHeight(height)
    return box


def editable_text(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (there always is one)."""
    line = combo.lineEdit()
    assert line is not None, "the combo box is editable"
    return line


class DetailsTab(QWidget):
    """``changed`` fires on every edit; ``data()`` is what the form holds now."""

    changed = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._database = database
        self._loading = False
        self._saved_series = ""
        self._saved_ordinal: int | None = None
        self._previous_start: date | None = None
        self.fields = FieldMessages()

        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("For example: RTC Heads Meeting"))
        self.kind = _enum_combo(MeetingKind)
        self.series = QComboBox()
        self.series.setEditable(True)
        self.series.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.series_text = editable_text(self.series)
        self.series_text.setPlaceholderText(self.tr("None (a one-off meeting)"))
        self.ordinal = QSpinBox()
        self.ordinal.setRange(0, 999)
        self.ordinal.setSpecialValueText(self.tr("None"))
        self.listed_as = QLabel()
        self.listed_as.setTextFormat(Qt.TextFormat.PlainText)
        self.status = _enum_combo(MeetingStatus)
        self.start_date = DateField()
        self.end_date = DateField()
        for field in (self.start_date, self.end_date):
            field.set_required(True)
        self.mode = _enum_combo(MeetingMode)
        self.venue = QLineEdit()
        self.city = QLineEdit()
        self.country = QLineEdit()
        self.host = ChoiceCombo()
        self.host.lineEdit().setPlaceholderText(self.tr("Type to search; empty for none"))
        self.co_organisers = CoOrganisersEditor()
        self.theme = _text_box(2, fixed=True)
        self.summary = _text_box(6, fixed=False)
        self.notes = _text_box(3, fixed=True)

        self.other_problems = QLabel()
        self.other_problems.setWordWrap(True)
        self.other_problems.hide()
        columns = QHBoxLayout()
        columns.addLayout(self._left_column(), 1)
        columns.addLayout(self._right_column(), 1)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.other_problems)
        page_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own for Tab
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._set_tab_order()
        self._connect()

    # -- layout ----------------------------------------------------------------

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _left_column(self) -> QVBoxLayout:
        self.ordinal_row = ordinal_row = QWidget()
        ordinal_layout = QHBoxLayout(ordinal_row)
        ordinal_layout.setContentsMargins(0, 0, 0, 0)
        ordinal_layout.addWidget(self.ordinal)
        ordinal_layout.addWidget(self.listed_as, 1)
        ordinal_row.setFocusProxy(self.ordinal)

        meeting_box, form = self._group(self.tr("Meeting"))
        labels = [
            self.fields.add_row(form, "Title", self.tr("&Title:"), self.title),
            self.fields.add_row(form, "Kind", self.tr("&Kind:"), self.kind),
            self.fields.add_row(form, "Series", self.tr("&Series:"), self.series),
            self.fields.add_row(form, "Ordinal", self.tr("&Ordinal:"), ordinal_row),
            self.fields.add_row(form, "Status", self.tr("St&atus:"), self.status),
        ]
        self.ordinal.setAccessibleName(self.tr("Ordinal"))

        place_box, form = self._group(self.tr("When and where"))
        labels += [
            self.fields.add_row(form, "Start date", self.tr("Sta&rt date:"), self.start_date),
            self.fields.add_row(form, "End date", self.tr("&End date:"), self.end_date),
            self.fields.add_row(form, "Mode", self.tr("&Mode:"), self.mode),
            self.fields.add_row(form, "Venue", self.tr("&Venue:"), self.venue),
            self.fields.add_row(form, "City", self.tr("C&ity:"), self.city),
            self.fields.add_row(form, "Country", self.tr("Country:"), self.country),
        ]
        _same_width(labels)

        column = QVBoxLayout()
        column.addWidget(meeting_box)
        column.addWidget(place_box)
        column.addStretch()
        return column

    def _right_column(self) -> QVBoxLayout:
        organisers_box, form = self._group(self.tr("Organisers"))
        labels = [
            self.fields.add_row(form, HOST, self.tr("&Host:"), self.host),
            self.fields.add_row(
                form, "Co-organisers", self.tr("&Co-organisers:"), self.co_organisers
            ),
        ]
        self.co_organisers.chooser.setAccessibleName(self.tr("Co-organiser to add"))

        content_box, form = self._group(self.tr("Content"))
        labels += [
            # Theme has no access key: each of its letters is taken on this tab.
            self.fields.add_row(form, "Theme", self.tr("Theme:"), self.theme),
            self.fields.add_row(form, "Summary", self.tr("S&ummary:"), self.summary),
            self.fields.add_row(form, "Notes", self.tr("&Notes:"), self.notes),
        ]
        _same_width(labels)

        column = QVBoxLayout()
        column.addWidget(organisers_box)
        column.addWidget(content_box, 1)
        return column

    def _set_tab_order(self) -> None:
        """Top to bottom, the left column first. Rows made of several inputs
        (ordinal, co-organisers) go in whole, by the widget whose focus proxy
        is their first input: ordering their inputs one by one left the row
        widget behind in the chain, and Tab looped between Ordinal and Status."""
        chain = [
            self.title, self.kind, self.series, self.ordinal_row, self.status, self.start_date,
            self.end_date, self.mode, self.venue, self.city, self.country, self.host,
            self.co_organisers, self.theme, self.summary, self.notes,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        for line in (self.title, self.venue, self.city, self.country):
            line.textChanged.connect(self._edited)
        for combo in (self.kind, self.status, self.mode):
            combo.currentIndexChanged.connect(self._edited)
        for box in (self.theme, self.summary, self.notes):
            box.textChanged.connect(self._edited)
        self.series.currentTextChanged.connect(self._series_changed)
        self.ordinal.valueChanged.connect(self._edited)
        self.ordinal.editingFinished.connect(lambda: self.fields.visit("Ordinal"))
        # What a date field says counts from each key press (Ctrl+S saves
        # what is shown); the end date follows a start date once it is entered.
        self.start_date.textChanged.connect(self._edited)
        self.end_date.textChanged.connect(self._edited)
        self.start_date.date_changed.connect(self._start_changed)
        self.host.editTextChanged.connect(self._edited)
        self.co_organisers.changed.connect(self._edited)
        # A field's problem shows once the coordinator leaves it (see form_errors).
        for left in (
            self.title, self.venue, self.city, self.country, self.ordinal, self.start_date,
            self.end_date, self.series_text, self.host.lineEdit(),
        ):  # fmt: skip
            left.editingFinished.connect(self._left_field)

    # -- behaviour -------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._update_listed_as()
        self.changed.emit()

    def _left_field(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _series_changed(self, text: str) -> None:
        """Suggest the ordinal that follows the series' last meeting (the
        meeting's own ordinal when its saved series is chosen again)."""
        if self._loading:
            return
        series = text.strip()
        if series == self._saved_series:
            suggested = self._saved_ordinal
        else:
            with self._database.read() as session:
                suggested = next_ordinal(session, series)
        self.ordinal.setValue(suggested or 0)
        self._edited()

    def _start_changed(self, start: date | None) -> None:
        """The end date moves with the start date, keeping the meeting's
        length (counted from the last start date that could be read)."""
        if start is None:
            return
        end, previous = self.end_date.date(), self._previous_start
        if not self._loading and end is not None and previous is not None and end >= previous:
            self.end_date.set_date(start + (end - previous))
        self._previous_start = start
        self.end_date.set_calendar_start(start)
        self._edited()

    def _update_listed_as(self) -> None:
        ordinal = self.ordinal.value() or None
        title = self.title.text().strip()
        if ordinal is None or not title:
            self.listed_as.clear()
            return
        self.listed_as.setText(
            self.tr("listed as “{title}”").format(title=meeting_title(title, ordinal))
        )

    def set_choices(self, organisations: list[Choice], series: list[str]) -> None:
        """The organisations and the series on record."""
        self._loading = True
        self.host.set_choices(organisations)
        self.co_organisers.set_organisations(organisations)
        typed = self.series.currentText()
        self.series.clear()
        self.series.addItems(series)
        self.series.setEditText(typed)
        self._loading = False

    def set_data(self, data: MeetingData) -> None:
        """Show ``data`` as the saved state of the meeting (no ``changed``)."""
        self._loading = True
        self._saved_series, self._saved_ordinal = data.series, data.ordinal
        self.title.setText(data.title)
        self.kind.setCurrentIndex(max(self.kind.findData(data.kind), 0))
        self.series.setEditText(data.series)
        self.ordinal.setValue(data.ordinal or 0)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        for field in (self.start_date, self.end_date):
            field.set_calendar_start(data.start_date)
        self.start_date.set_date(data.start_date)
        self.end_date.set_date(data.end_date)
        self._previous_start = data.start_date
        self.mode.setCurrentIndex(max(self.mode.findData(data.mode), 0))
        self.venue.setText(data.venue)
        self.city.setText(data.city)
        self.country.setText(data.country)
        self.host.set_value(data.host_organisation_id)
        self.co_organisers.set_organisation_ids(data.co_organiser_ids)
        self.theme.setPlainText(data.theme)
        self.summary.setPlainText(data.summary)
        self.notes.setPlainText(data.notes)
        self._loading = False
        self._update_listed_as()

    def data(self) -> MeetingData:
        return MeetingData(
            title=self.title.text(),
            kind=self.kind.currentData(),
            # None (a problem) while a date cannot be read: never another date.
            start_date=self.start_date.date(),  # type: ignore[arg-type]
            end_date=self.end_date.date(),  # type: ignore[arg-type]
            series=self.series.currentText(),
            ordinal=self.ordinal.value() or None,
            host_organisation_id=self.host.value(),
            co_organiser_ids=self.co_organisers.organisation_ids(),
            venue=self.venue.text(),
            city=self.city.text(),
            country=self.country.text(),
            mode=self.mode.currentData(),
            theme=self.theme.toPlainText(),
            summary=self.summary.toPlainText(),
            status=self.status.currentData(),
            notes=self.notes.toPlainText(),
        )

    def problems(self) -> list[FieldProblem]:
        """What is wrong with the form now: the service's rules, dates that
        cannot be read, and a host typed that names no organisation on record."""
        problems = with_typing_problems(
            {"Start date": self.start_date, "End date": self.end_date},
            check_meeting_fields(self.data()),
        )
        unknown = self.host.unknown_text()
        if unknown:
            problems.append(
                FieldProblem(
                    HOST,
                    self.tr("no organisation is called “{name}”; choose one from the list").format(
                        name=unknown
                    ),
                )
            )
        return problems

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Each problem under its field; one no field takes, above the form."""
        elsewhere = self.fields.show(problems)
        self.other_problems.setText("\n".join(map(str, elsewhere)))
        self.other_problems.setVisible(bool(elsewhere))
