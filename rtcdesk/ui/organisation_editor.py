"""The organisation editor: name, kind, economy, sub-region and the
organisation it is part of (RTC Japan is part of Japan Customs), with how
many people and meetings it has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import FieldProblem
from rtcdesk.services.organisations import (
    OrganisationData,
    OrganisationUsage,
    check_organisation_fields,
    economies,
    get_organisation,
    organisation_choices,
    organisation_data,
    organisation_usage,
    save_organisation,
    sub_regions,
)
from rtcdesk.ui.choice_combo import Choice, ChoiceCombo
from rtcdesk.ui.form_errors import FieldMessages
from rtcdesk.ui.history_dialog import HistoryDialog, add_history_button, open_record_history
from rtcdesk.ui.record_editor import RecordEditor
from rtcdesk.ui.stale_edit import SaveAsNew
from rtcdesk.ui.tables import enum_label
from rtcdesk.ui.translations import TrOnClass
from rtcdesk.ui.wording import listed
from rtcdesk.vocabulary import OrganisationKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database

#: What a new organisation most often is.
DEFAULT_KIND = OrganisationKind.MEMBER_ADMINISTRATION


class OrganisationForm(TrOnClass, QWidget):
    """The fields of an organisation and a line on what refers to it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = FieldMessages()
        self.own_id: int | None = None

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Required"))
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(self.tr("e.g. ROCB A/P, NACIN"))
        self.kind = QComboBox()
        for kind in OrganisationKind:
            self.kind.addItem(enum_label(kind), kind)
        self.economy = QLineEdit()
        self.economy.setPlaceholderText(self.tr("As the region writes it: Hong Kong China"))
        self.economy_completer = QCompleter([], self.economy)
        self.economy_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.economy_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.economy.setCompleter(self.economy_completer)
        self.sub_region = QComboBox()
        self.sub_region.setEditable(True)
        self.sub_region.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.parent_organisation = ChoiceCombo()
        self.parent_organisation.lineEdit().setPlaceholderText(
            self.tr("Type to search; empty if it is part of none")
        )
        self.parent_organisation.setToolTip(
            self.tr("The organisation this one belongs to: RTC Japan is part of Japan Customs.")
        )
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        self.usage = QLabel()
        self.usage.setWordWrap(True)
        self.usage.setAccessibleName(self.tr("Use of this organisation"))

        form = QFormLayout()
        self.fields.add_row(form, "Name", self.tr("&Name:"), self.name)
        self.fields.add_row(form, "Short name", self.tr("&Short name:"), self.short_name)
        self.fields.add_row(form, "Kind", self.tr("&Kind:"), self.kind)
        self.fields.add_row(form, "Economy", self.tr("&Economy:"), self.economy)
        self.fields.add_row(form, "Sub-region", self.tr("Sub-&region:"), self.sub_region)
        self.fields.add_row(form, "Parent", self.tr("&Part of:"), self.parent_organisation)
        self.fields.add_row(form, "Notes", self.tr("No&tes:"), self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.usage)

        for line in (self.name, self.short_name, self.economy):
            line.textChanged.connect(self.changed)
        for combo in (self.sub_region, self.parent_organisation):
            combo.editTextChanged.connect(self.changed)
        self.kind.currentIndexChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)

    # -- RecordForm ------------------------------------------------------------

    def read(self, session: Session, record_id: int | None) -> tuple[OrganisationData, int | None]:
        self.own_id = record_id
        self.parent_organisation.set_choices(
            [
                Choice(c.id, c.name, f"{c.short_name} {c.economy}")
                for c in organisation_choices(session, parent_for=record_id)
            ]
        )
        self.economy_completer.model().setStringList(economies(session))  # type: ignore[attr-defined]
        typed = self.sub_region.currentText()
        self.sub_region.clear()
        self.sub_region.addItems(sub_regions(session))
        self.sub_region.setEditText(typed)
        if record_id is None:
            self.usage.setVisible(False)
            return OrganisationData(name="", kind=DEFAULT_KIND), None
        organisation = get_organisation(session, record_id)
        self.usage.setText(self._usage_text(organisation_usage(session, record_id)))
        self.usage.setVisible(True)
        return organisation_data(organisation), organisation.version

    def show_data(self, data: OrganisationData) -> None:
        self.name.setText(data.name)
        self.short_name.setText(data.short_name)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.economy.setText(data.economy)
        self.sub_region.setEditText(data.sub_region)
        self.parent_organisation.set_value(data.parent_id)
        self.notes.setPlainText(data.notes)

    def form_data(self) -> OrganisationData:
        return OrganisationData(
            name=self.name.text(),
            kind=self.kind.currentData(),
            short_name=self.short_name.text(),
            economy=self.economy.text(),
            sub_region=self.sub_region.currentText(),
            parent_id=self.parent_organisation.value(),
            notes=self.notes.toPlainText(),
        )

    def problems(self, data: OrganisationData) -> list[FieldProblem]:
        found = check_organisation_fields(data, self.own_id)
        unknown = self.parent_organisation.unknown_text()
        if unknown:
            found.append(
                FieldProblem(
                    "Parent",
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
        data: OrganisationData,
        expected_version: int | None,
    ) -> tuple[int, int]:
        saved = save_organisation(session, record_id, data, expected_version)
        return saved.id, saved.version

    def describe(self, data: OrganisationData) -> str:
        return data.name.strip() or self.tr("the new organisation")

    # -- display ---------------------------------------------------------------

    def _usage_text(self, usage: OrganisationUsage) -> str:
        """ "2 people work here; it took part in 5 meetings and hosted 1 meeting."

        Counted texts name this class: a subclass's ``self.tr`` would look
        them up under its own name."""
        if usage.people:
            people = OrganisationForm.tr("%n person(s) work here", "", usage.people)
        else:
            people = self.tr("No one on record works here")
        meetings = [
            text
            for n, text in (
                (usage.delegations,
                 OrganisationForm.tr("took part in %n meeting(s)", "", usage.delegations)),
                (usage.hosted_meetings,
                 OrganisationForm.tr("hosted %n meeting(s)", "", usage.hosted_meetings)),
                (usage.co_organised_meetings, OrganisationForm.tr(
                    "co-organised %n meeting(s)", "", usage.co_organised_meetings)),
            )
            if n
        ]  # fmt: skip
        if meetings:
            text = self.tr("{people}; it {meetings}.").format(
                people=people, meetings=listed(meetings)
            )
        else:
            text = self.tr("{people}; it has no meetings yet.").format(people=people)
        if usage.children:
            text += " " + OrganisationForm.tr(
                "%n organisation(s) are part of it.", "", usage.children
            )
        return text


class OrganisationEditor(RecordEditor[OrganisationData]):
    """A dialog to create (``organisation_id`` None) or edit one organisation."""

    def __init__(
        self, database: Database, organisation_id: int | None, parent: QWidget | None = None
    ):
        form = OrganisationForm()
        super().__init__(database, organisation_id, form, parent)
        self.organisation_form = form
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.history_button = add_history_button(
            self.buttons, self.show_history, enabled=organisation_id is not None
        )
        self.resize(560, 380)
        self.reload()
        form.name.setFocus()

    def reload(self) -> None:
        super().reload()
        if self.record_id is None:
            self.setWindowTitle(self.tr("New organisation"))
        else:
            name = self.organisation_form.describe(self.organisation_form.form_data())
            self.setWindowTitle(self.tr("Organisation: {name}").format(name=name))

    def save_as_new_offer(self) -> SaveAsNew:
        return SaveAsNew(
            "organisations",
            self.tr("Save as a new organisation"),
            self.tr(
                "The new organisation gets every field as this window shows it. The people "
                "who worked at the old one and the organisations that were part of it are "
                "still on record, no longer linked to it: link them again in their own records."
            ),
        )

    def show_history(self) -> HistoryDialog | None:
        """Who changed this organisation, and when."""
        name = self.organisation_form.describe(self.organisation_form.form_data())
        return open_record_history(self, self.database, "organisations", self.record_id, name)
