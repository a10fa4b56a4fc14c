"""Merging two records of the same person: both side by side, which record
stays, and per field which value survives; then one transaction moves
everything recorded about the other record onto the one that stays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import NotFoundError, RtcdeskError, StaleEditError
from rtcdesk.services.names import display_name
from rtcdesk.services.people import PersonUsage, get_person, person_data, person_usage
from rtcdesk.services.people_merge import merge_people, merged_data, suggested_takes
from rtcdesk.services.person_duplicates import merge_differences
from rtcdesk.ui.duplicate_prompt import confirm_merge
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.stale_edit import offer_reload
from rtcdesk.ui.tables import enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP, TrOnClass
from rtcdesk.ui.wording import listed
from rtcdesk.vocabulary import LabelledEnum

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.db.models import Person

CONTEXT = "MergePeopleDialog"
#: The fields of ``PersonData`` in the order the person editor shows them.
FIELDS: list[tuple[str, str]] = [
    ("title", QT_TRANSLATE_NOOP(CONTEXT, "Title")),
    ("given_name", QT_TRANSLATE_NOOP(CONTEXT, "Given name")),
    ("family_name", QT_TRANSLATE_NOOP(CONTEXT, "Family name")),
    ("name_order", QT_TRANSLATE_NOOP(CONTEXT, "Name order")),
    ("post_nominals", QT_TRANSLATE_NOOP(CONTEXT, "Post-nominals")),
    ("position", QT_TRANSLATE_NOOP(CONTEXT, "Position")),
    ("organisation_id", QT_TRANSLATE_NOOP(CONTEXT, "Organisation")),
    ("email", QT_TRANSLATE_NOOP(CONTEXT, "E-mail")),
    ("phone", QT_TRANSLATE_NOOP(CONTEXT, "Phone")),
    ("gender", QT_TRANSLATE_NOOP(CONTEXT, "Gender")),
    ("notes", QT_TRANSLATE_NOOP(CONTEXT, "Notes")),
]
#: Longer values are cut short on their button (the tooltip shows them whole).
SHOWN_LENGTH = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class _Record:
    """One of the two records, as read when the dialog opened."""

    person: Person
    organisation: str
    usage: PersonUsage

    @property
    def id(self) -> int:
        return self.person.id

    def shown(self, field: str) -> str:
        """The value of ``field`` as a coordinator reads it."""
        if field == "organisation_id":
            return self.organisation
        value = getattr(self.person, field)
        return enum_label(value) if isinstance(value, LabelledEnum) else str(value)


class MergePeopleDialog(TrOnClass, QDialog):
    """Merge the records ``first_id`` and ``second_id`` (in any order)."""

    #: What the status bar should say after the merge.
    merged = Signal(str)

    def __init__(
        self, database: Database, first_id: int, second_id: int, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.database = database
        self._ids = (first_id, second_id)
        self.records: tuple[_Record, _Record]
        self.keep: QButtonGroup
        self.headings: list[QLabel] = []
        self.choices: dict[str, QButtonGroup] = {}
        self._chosen_by_hand: set[str] = set()
        self.setWindowTitle(self.tr("Merge two records of the same person"))

        intro = QLabel(
            self.tr(
                "Choose the record that stays and, where the two differ, which value to keep. "
                "The other record is removed; its meetings, speaker slots, survey answers and "
                "action items move to the one that stays, so nothing recorded is lost."
            )
        )
        intro.setWordWrap(True)
        self.comparison = QWidget()
        self.after_merge = QLabel()
        self.after_merge.setTextFormat(Qt.TextFormat.PlainText)
        font = self.after_merge.font()
        font.setBold(True)
        self.after_merge.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setAccessibleName(self.tr("Merge"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self._body = QVBoxLayout(self)
        self._body.addWidget(intro)
        self._body.addWidget(self.comparison)
        self._body.addWidget(line)
        self._body.addWidget(self.after_merge)
        self._body.addWidget(self.summary)
        self._body.addStretch()
        self._body.addWidget(self.buttons)
        self.load()

    # -- reading and showing ---------------------------------------------------

    def load(self) -> None:
        """Read both records and show them with the suggested choices."""
        with self.database.read() as session:
            records = []
            for ident in self._ids:
                person = get_person(session, ident)
                organisation = person.organisation.name if person.organisation else ""
                records.append(_Record(person, organisation, person_usage(session, ident)))
        first, second = records
        self.records = (first, second)
        self._chosen_by_hand.clear()
        self._build_comparison()
        busier = second if _weight(second) > _weight(first) else first
        self.keep.button(self.records.index(busier)).setChecked(True)
        self._survivor_changed()

    def _build_comparison(self) -> None:
        fresh = QWidget()
        grid = QGridLayout(fresh)
        grid.setContentsMargins(0, 8, 0, 8)
        grid.setHorizontalSpacing(24)
        for side in (1, 2):
            grid.setColumnStretch(side, 1)
            grid.setColumnMinimumWidth(side, 300)
        self.keep = QButtonGroup(fresh)
        self.choices = {}
        self.headings = []
        for side, record in enumerate(self.records):
            heading = QLabel()
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.headings.append(heading)
            grid.addWidget(heading, 0, side + 1)
            details = QLabel(
                self.tr("Recorded on {date}; {usage}").format(
                    date=format_date(record.person.created_at.astimezone().date()),
                    usage=_usage_line(record.usage),
                )
            )
            details.setWordWrap(True)
            grid.addWidget(details, 1, side + 1, Qt.AlignmentFlag.AlignTop)
            keep = QRadioButton(self.tr("Keep record &{number}").format(number=side + 1))
            keep.setAccessibleName(
                self.tr("Keep record {number}: {name}").format(
                    number=side + 1, name=display_name(record.person)
                )
            )
            self.keep.addButton(keep, side)
            grid.addWidget(keep, 2, side + 1, Qt.AlignmentFlag.AlignLeft)
        keep_caption = QLabel(self.tr("Stays:"))
        keep_caption.setBuddy(self.keep.button(0))
        grid.addWidget(keep_caption, 2, 0)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(rule, 3, 0, 1, 3)
        self.keep.idClicked.connect(lambda _side: self._survivor_changed())

        for row, (field, caption) in enumerate(FIELDS, start=4):
            label = QLabel(_tr(caption) + ":")
            grid.addWidget(label, row, 0)
            values = [record.shown(field) for record in self.records]
            if values[0] == values[1]:
                same = QLabel(_cut(values[0]) or _tr("(empty in both)"))
                same.setToolTip(_tr("The same in both records"))
                same.setEnabled(bool(values[0]))
                grid.addWidget(same, row, 1, 1, 2)
                continue
            group = QButtonGroup(fresh)
            for side, value in enumerate(values):
                button = QRadioButton(_cut(value) or _tr("(empty)"))
                button.setToolTip(value)
                button.setAccessibleName(
                    _tr("{field} from record {number}: {value}").format(
                        field=_tr(caption), number=side + 1, value=value or _tr("empty")
                    )
                )
                group.addButton(button, side)
                grid.addWidget(button, row, side + 1, Qt.AlignmentFlag.AlignLeft)
            label.setBuddy(group.button(0))
            group.idClicked.connect(lambda _side, f=field: self._chosen(f))
            self.choices[field] = group

        self._body.replaceWidget(self.comparison, fresh)
        self.comparison.deleteLater()
        self.comparison = fresh

    def survivor(self) -> int:
        """0 or 1: which record stays."""
        return self.keep.checkedId()

    def take_from_duplicate(self) -> set[str]:
        """The fields whose value comes from the record that goes."""
        kept = self.survivor()
        return {field for field, group in self.choices.items() if group.checkedId() != kept}

    def _survivor_changed(self) -> None:
        """Fields not chosen by hand follow the record that stays, unless it leaves them empty."""
        kept = self.survivor()
        survivor, duplicate = self.records[kept], self.records[1 - kept]
        suggested = suggested_takes(person_data(survivor.person), person_data(duplicate.person))
        for field, group in self.choices.items():
            if field not in self._chosen_by_hand:
                group.button(1 - kept if field in suggested else kept).setChecked(True)
        self._describe()

    def _chosen(self, field: str) -> None:
        self._chosen_by_hand.add(field)
        self._describe()

    def _describe(self) -> None:
        kept = self.survivor()
        survivor, duplicate = self.records[kept], self.records[1 - kept]
        for side, (heading, record) in enumerate(zip(self.headings, self.records, strict=True)):
            fate = self.tr("stays") if side == kept else self.tr("is removed")
            heading.setText(
                self.tr("Record {number}: {name} ({fate})").format(
                    number=side + 1, name=display_name(record.person), fate=fate
                )
            )
        result = merged_data(survivor.person, duplicate.person, self.take_from_duplicate())
        self.after_merge.setText(
            self.tr("After the merge: {name}").format(name=display_name(result))
        )
        moving = _usage_parts(duplicate.usage)
        if moving:
            text = self.tr(
                "Moving from record {gone} to record {kept}: {things}. Where both records are "
                "in the same meeting or survey, the two entries are combined."
            ).format(gone=2 - kept, kept=kept + 1, things=listed(moving))
        else:
            text = self.tr(
                "Record {gone} is not part of any meeting, agenda or survey; nothing moves."
            ).format(gone=2 - kept)
        self.summary.setText(text)

    # -- merging ---------------------------------------------------------------

    def merge(self) -> None:
        """Merge in one transaction; a record changed meanwhile is reported, not overwritten."""
        kept = self.survivor()
        survivor, duplicate = self.records[kept], self.records[1 - kept]
        if not confirm_merge(self, merge_differences(survivor.person, duplicate.person)):
            return
        take = self.take_from_duplicate()
        try:
            with self.database.write() as session:
                data = merged_data(
                    get_person(session, survivor.id), get_person(session, duplicate.id), take
                )
                report = merge_people(
                    session,
                    survivor.id,
                    duplicate.id,
                    data,
                    survivor_version=survivor.person.version,
                    duplicate_version=duplicate.person.version,
                )
        except StaleEditError:
            if offer_reload(self, self.tr("one of the two records")):
                self.load()
            return
        except NotFoundError as gone:
            show_refusal(self, gone, self.tr("Not merged"))
            self.reject()
            return
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Not merged"))
            return
        self.merged.emit(
            self.tr("Merged two records of {name}: {report}").format(
                name=display_name(data), report=report
            )
        )
        self.accept()


def _weight(record: _Record) -> tuple[int, int]:
    """Which record should stay by default: the one more is recorded about, else the older."""
    usage = record.usage
    recorded = usage.participations + usage.speaker_slots + usage.survey_recipients
    return recorded, -record.id


def _usage_parts(usage: PersonUsage) -> list[str]:
    parts = [
        (usage.participations,
         MergePeopleDialog.tr("%n participation(s)", "", usage.participations)),
        (usage.speaker_slots, MergePeopleDialog.tr("%n speaker slot(s)", "", usage.speaker_slots)),
        (usage.survey_recipients,
         MergePeopleDialog.tr("%n survey invitation(s)", "", usage.survey_recipients)),
        (usage.headed_delegations,
         MergePeopleDialog.tr("%n headed delegation(s)", "", usage.headed_delegations)),
        (usage.owned_actions, MergePeopleDialog.tr("%n action item(s)", "", usage.owned_actions)),
    ]  # fmt: skip
    return [text for n, text in parts if n]


def _usage_line(usage: PersonUsage) -> str:
    parts = _usage_parts(usage)
    return listed(parts) if parts else _tr("in no meeting or survey")


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_LENGTH else flat[: SHOWN_LENGTH - 1] + "…"
