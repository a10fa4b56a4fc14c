"""The person editor: the parts of a name as the region writes them, with a
preview of the display form ("Mr. AOYAMA Shigetoshi"), contact details, and
the meetings the person took part in."""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.names import display_name
from rtcdesk.services.organisations import organisation_choices
from rtcdesk.services.people import (
    HistoryRow,
    PersonData,
    check_person_fields,
    get_person,
    participation_history,
    person_data,
    save_person,
)
from rtcdesk.ui.choice_combo import Choice, ChoiceCombo
from rtcdesk.ui.duplicate_prompt import confirm_new_person
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.history_dialog import HistoryDialog, add_history_button, open_record_history
from rtcdesk.ui.record_editor import RecordEditor
from rtcdesk.ui.stale_edit import SaveAsNew
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable
from rtcdesk.vocabulary import Gender, NameOrder

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database

HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Meeting"), lambda r: r.meeting_title, stretch=True),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Date"),
        lambda r: format_date(r.start_date),
        sort_key=lambda r: r.start_date,
        descending_first=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Delegation"), lambda r: r.delegation or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "Role"), lambda r: enum_label(r.role)),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
]
DATE_COLUMN = 1


class PersonForm(QWidget):
    """The fields of a person, the display-form preview and the history."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, database: Database | None = None):
        super().__init__(parent)
        self.fields = FieldMessages()
        self._database = database

        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Name as shown in lists"))
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.preview.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.preview.setFont(font)
        preview_caption = QLabel(self.tr("Shown in lists and exports as:"))
        preview_caption.setEnabled(False)

        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.title.addItems(["", self.tr("Mr."), self.tr("Ms."), self.tr("Dr."), self.tr("Prof.")])
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.family_name.setPlaceholderText(self.tr("Required"))
        self.name_order = QComboBox()
        for order in NameOrder:
            self.name_order.addItem(enum_label(order), order)
        self.name_order.setToolTip(
            self.tr(
                "Family name first for most East Asian names (AOYAMA Shigetoshi); "
                "given name first otherwise (Michael OUTRAM)."
            )
        )
        self.post_nominals = QLineEdit()
        self.post_nominals.setPlaceholderText(self.tr("e.g. APM, PhD"))

        self.position = QLineEdit()
        self.organisation = ChoiceCombo()
        self.organisation.lineEdit().setPlaceholderText(self.tr("Type to search; empty for none"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("name@customs.example"))
        self.phone = QLineEdit()
        self.gender = QComboBox()
        for gender in Gender:
            self.gender.addItem(enum_label(gender), gender)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)

        name_form = QFormLayout()
        self.fields.add_row(name_form, "Title", self.tr("&Title:"), self.title)
        self.fields.add_row(name_form, "Given name", self.tr("&Given name:"), self.given_name)
        self.fields.add_row(name_form, "Family name", self.tr("&Family name:"), self.family_name)
        self.fields.add_row(name_form, "Name order", self.tr("Name &order:"), self.name_order)
        self.fields.add_row(
            name_form, "Post-nominals", self.tr("Post-&nominals:"), self.post_nominals
        )
        work_form = QFormLayout()
        self.fields.add_row(work_form, "Position", self.tr("&Position:"), self.position)
        self.fields.add_row(work_form, "Organisation", self.tr("O&rganisation:"), self.organisation)
        self.fields.add_row(work_form, "E-mail", self.tr("&E-mail:"), self.email)
        self.fields.add_row(work_form, "Phone", self.tr("P&hone:"), self.phone)
        self.fields.add_row(work_form, "Gender", self.tr("Gen&der:"), self.gender)
        notes_form = QFormLayout()
        self.fields.add_row(notes_form, "Notes", self.tr("No&tes:"), self.notes)

        name_box = QGroupBox(self.tr("Name"))
        name_box.setLayout(name_form)
        work_box = QGroupBox(self.tr("Work and contact"))
        work_box.setLayout(work_form)
        boxes = QHBoxLayout()
        boxes.addWidget(name_box, 1)
        boxes.addWidget(work_box, 1)

        self.history_model: RowTableModel[HistoryRow] = RowTableModel(HISTORY_COLUMNS, self)
        self.history_proxy: RowFilterProxy[HistoryRow] = RowFilterProxy(parent=self)
        self.history_proxy.setSourceModel(self.history_model)
        self.history = RowTable()
        self.history.setModel(self.history_proxy)
        self.history.setAccessibleName(self.tr("Participation history"))
        self.history.setTabKeyNavigation(False)
        self.history.sortByColumn(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.history_caption = QLabel()
        self.history_caption.setBuddy(self.history)
        self.history_box = history_box = QGroupBox(self.tr("Participation history"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_caption)
        history_layout.addWidget(self.history, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(preview_caption)
        layout.addWidget(self.preview)
        layout.addLayout(boxes)
        layout.addLayout(notes_form)
        layout.addWidget(history_box, 1)
        layout.addStretch()

        chain: list[QWidget] = [
            self.title, self.given_name, self.family_name, self.name_order, self.post_nominals,
            self.position, self.organisation, self.email, self.phone, self.gender, self.notes,
            self.history,
        ]  # fmt: skip
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

        for line in (self.given_name, self.family_name, self.post_nominals, self.position,
                     self.email, self.phone):  # fmt: skip
            line.textChanged.connect(self._changed)
        for combo in (self.title, self.organisation):
            combo.editTextChanged.connect(self._changed)
        for combo in (self.name_order, self.gender):
            combo.currentIndexChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)

    # -- RecordForm ------------------------------------------------------------

    def read(self, session: Session, record_id: int | None) -> tuple[PersonData, int | None]:
        self.organisation.set_choices(
            [
                Choice(c.id, c.name, f"{c.short_name} {c.economy}")
                for c in organisation_choices(session)
            ]
        )
        self.history_box.setVisible(record_id is not None)
        if record_id is None:
            return PersonData(family_name=""), None
        person = get_person(session, record_id)
        self._show_history(participation_history(session, record_id))
        return person_data(person), person.version

    def show_data(self, data: PersonData) -> None:
        self.title.setEditText(data.title)
        self.given_name.setText(data.given_name)
        self.family_name.setText(data.family_name)
        self.name_order.setCurrentIndex(self.name_order.findData(data.name_order))
        self.post_nominals.setText(data.post_nominals)
        self.position.setText(data.position)
        self.organisation.set_value(data.organisation_id)
        self.email.setText(data.email)
        self.phone.setText(data.phone)
        self.gender.setCurrentIndex(self.gender.findData(data.gender))
        self.notes.setPlainText(data.notes)

    def form_data(self) -> PersonData:
        return PersonData(
            family_name=self.family_name.text(),
            given_name=self.given_name.text(),
            title=self.title.currentText(),
            name_order=self.name_order.currentData(),
            post_nominals=self.post_nominals.text(),
            position=self.position.text(),
            organisation_id=self.organisation.value(),
            email=self.email.text(),
            phone=self.phone.text(),
            gender=self.gender.currentData(),
            notes=self.notes.toPlainText(),
        )

    def problems(self, data: PersonData) -> list[FieldProblem]:
        found = check_person_fields(data)
        unknown = self.organisation.unknown_text()
        if unknown:
            found.append(
                FieldProblem(
                    "Organisation",
                    self.tr("no organisation is called “{name}”; choose one from the list").format(
                        name=unknown
                    ),
                )
            )
        return found

    def write(
        self,
        session: Session,
        record_id: int | None,
        data: PersonData,
        expected_version: int | None,
    ) -> tuple[int, int]:
        saved = save_person(session, record_id, data, expected_version)
        return saved.id, saved.version

    def describe(self, data: PersonData) -> str:
        return display_name(data) if data.family_name.strip() else self.tr("the new person")

    def confirm_new(self, parent: QWidget, data: PersonData) -> bool:
        assert self._database is not None, "a new person is saved by an editor with a database"
        return confirm_new_person(parent, self._database, data)

    # -- display ---------------------------------------------------------------

    def _changed(self) -> None:
        data = self.form_data()
        shown = display_name(data)
        self.preview.setText(shown or self.tr("(type the name below)"))
        self.preview.setEnabled(bool(data.family_name.strip()))
        self.changed.emit()

    def _show_history(self, rows: list[HistoryRow]) -> None:
        self.history_model.set_rows(rows)
        self.history.setVisible(bool(rows))
        if rows:
            self.history.fit_columns([0])
            self.history_caption.setText(self.tr("Took part in %n meeting(s):", "", len(rows)))
        else:
            self.history_caption.setText(
                self.tr("Not part of any meeting yet. People join meetings in the meeting editor.")
            )


class PersonEditor(RecordEditor[PersonData]):
    """A dialog to create (``person_id`` None) or edit one person."""

    def __init__(self, database: Database, person_id: int | None, parent: QWidget | None = None):
        form = PersonForm(database=database)
        super().__init__(database, person_id, form, parent)
        self.person_form = form
        layout = QVBoxLayout(self)
        layout.addWidget(form, 1)
        layout.addWidget(self.buttons)
        self.history_button = add_history_button(
            self.buttons, self.show_history, enabled=person_id is not None
        )
        QWidget.setTabOrder(form.history, self.buttons)
        self.reload()
        self.resize(860, 620 if person_id is not None else 420)
        form.title.setFocus()

    def reload(self) -> None:
        super().reload()
        if self.record_id is None:
            self.setWindowTitle(self.tr("New person"))
        else:
            name = self.person_form.describe(self.person_form.form_data())
            self.setWindowTitle(self.tr("Person: {name}").format(name=name))

    def save_as_new_offer(self) -> SaveAsNew:
        return SaveAsNew(
            "people",
            self.tr("Save as a new person"),
            self.tr(
                "The new person gets every field as this window shows it. The meetings "
                "they took part in, their speaking slots and their survey answers were "
                "deleted with the old record and do not come back."
            ),
        )

    def show_history(self) -> HistoryDialog | None:
        """Who changed this person, and when."""
        name = self.person_form.describe(self.person_form.form_data())
        return open_record_history(self, self.database, "people", self.record_id, name)
