"""What an editor says when someone else saved the same record first.

``ask_about_conflict`` shows who saved it and when, a table of the fields
where their version and the coordinator's differ, and three ways on:
Reload (their version; what was typed here is lost), Overwrite (save this
version over theirs, knowingly, after seeing the differences) and Keep
editing (the default: nothing is lost, nothing saved). ``offer_reload`` is
the short form for dialogs that cannot overwrite (merging two people).

When the save finds the record deleted meanwhile, ``settle_deletion`` says
who deleted it and when, and offers to save what the editor holds as a new
record (``SaveAsNew``: the editor words what that keeps) or to keep editing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import NotFoundError, RtcdeskError
from rtcdesk.services.conflicts import Conflict, Deletion, FieldChange, ListChange, deletion_of
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, RowTableModel, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP, TrOnClass
from rtcdesk.ui.wording import listed
from rtcdesk.vocabulary import LabelledEnum

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database

#: Rows the table shows without scrolling.
VISIBLE_ROWS = 8
FIELD_COLUMN = 0
MAX_FIELD_WIDTH = 280
#: The width of a warning's text, in average characters.
TEXT_WIDTH_CHARS = 64


def _tr(text: str) -> str:
    return QCoreApplication.translate("StaleEdit", text)


class ConflictChoice(enum.Enum):
    RELOAD = "reload"
    OVERWRITE = "overwrite"
    KEEP_EDITING = "keep_editing"


def value_text(value: Any) -> str:
    """A field's value or an answer as the editor shows it ("14 Nov 2023",
    "Hybrid", "Yes"; a date answer stays as stored, "2024-03-31")."""
    if value is None or value == "" or value == []:
        return _tr("(empty)")
    if isinstance(value, LabelledEnum):
        return enum_label(value)
    if isinstance(value, datetime):
        return format_date(value.astimezone().date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return _tr("Yes") if value else _tr("No")
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _changed_by(change: FieldChange) -> str:
    if change.they_changed and change.you_changed:
        return _tr("both of you")
    return _tr("them") if change.they_changed else _tr("you")


CHANGE_COLUMNS: list[Column[FieldChange]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Field"),
        lambda c: QCoreApplication.translate("Fields", c.label),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Theirs (saved)"), lambda c: value_text(c.theirs), stretch=True
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Yours"), lambda c: value_text(c.yours), stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Changed by"), _changed_by),
]


def saved_when(saved_at: datetime, today: date | None = None) -> str:
    """ "at 14:32" today, "on 3 Mar 2025 at 14:32" another day (local time)."""
    local = saved_at.astimezone()
    clock = local.strftime("%H:%M")
    if local.date() == (today or date.today()):
        return _tr("at {time}").format(time=clock)
    return _tr("on {date} at {time}").format(date=format_date(local.date()), time=clock)


def list_change_text(change: ListChange) -> str:
    """ "Participants: 2 added, 1 removed"."""
    parts = []
    if change.added:
        parts.append(StaleEditDialog.tr("%n added", "", change.added))
    if change.removed:
        parts.append(StaleEditDialog.tr("%n removed", "", change.removed))
    if change.changed:
        parts.append(StaleEditDialog.tr("%n changed", "", change.changed))
    return _tr("{list}: {changes}").format(list=enum_label(change.part), changes=listed(parts))


class StaleEditDialog(TrOnClass, QDialog):
    """The differences between their version and the coordinator's, and the
    choice what to do about them (``choice`` once closed)."""

    def __init__(self, conflict: Conflict[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict = conflict
        self.choice = ConflictChoice.KEEP_EDITING
        self.setWindowTitle(self.tr("Changed by someone else"))

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        who = conflict.saved_by or self.tr("Someone else")
        self.heading = QLabel(
            self.tr("{who} saved {what} after you opened it, {when}.").format(
                who=who, what=conflict.what, when=saved_when(conflict.saved_at)
            )
        )
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.model: RowTableModel[FieldChange] = RowTableModel(CHANGE_COLUMNS, self)
        self.model.set_rows(conflict.changes)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Differences between their version and yours"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Long texts often differ at their end ("... (draft)"): keep both ends in view.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, spec in enumerate(CHANGE_COLUMNS):
            if spec.stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.resizeColumnToContents(column)
        # A question's text can be long: it is elided (the tooltip has it whole).
        self.table.setColumnWidth(
            FIELD_COLUMN, min(self.table.columnWidth(FIELD_COLUMN), MAX_FIELD_WIDTH)
        )
        rows = min(max(len(conflict.changes), 1), VISIBLE_ROWS)
        height = (
            header.sizeHint().height() + rows * self.table.verticalHeader().defaultSectionSize()
        )
        self.table.setMinimumHeight(height + 2 * self.table.frameWidth())
        if len(conflict.changes) <= VISIBLE_ROWS:
            self.table.setMaximumHeight(self.table.minimumHeight())
        self.table.setVisible(bool(conflict.changes))

        self.summary = QLabel(self._summary_text())
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.lists = QLabel(self._lists_text())
        self.lists.setTextFormat(Qt.TextFormat.PlainText)
        self.lists.setWordWrap(True)
        self.lists.setVisible(bool(conflict.lists))
        self.advice = QLabel(
            self.tr(
                "Reload shows their version; what you typed here is then lost.\n"
                "Overwrite saves your version over theirs: every field as under “Yours”.\n"
                "Keep editing changes nothing, so that you can copy what you need first."
            )
        )
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.reload_button = self._button(self.tr("Reload"), ConflictChoice.RELOAD)
        self.overwrite_button = self._button(self.tr("Overwrite"), ConflictChoice.OVERWRITE)
        self.keep_button = self._button(self.tr("Keep editing"), ConflictChoice.KEEP_EDITING)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.overwrite_button.setToolTip(
            self.tr("Save your version over theirs; their changes shown above are lost")
        )
        self.keep_button.setDefault(True)

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.summary)
        text.addWidget(self.table)
        text.addWidget(self.lists)
        text.addWidget(self.advice)
        text.addStretch()
        top = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        top.addLayout(row, 1)
        top.addWidget(self.buttons)
        width = 760
        self.resize(width, max(self.heightForWidth(width), self.minimumSizeHint().height()))

    def showEvent(self, event: QShowEvent) -> None:
        """Start on Keep editing, so that Enter loses nothing."""
        super().showEvent(event)
        self.keep_button.setFocus()

    def _button(self, text: str, choice: ConflictChoice) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        if choice is ConflictChoice.KEEP_EDITING:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:
        """Escape and the close button keep editing."""
        self.choice = ConflictChoice.KEEP_EDITING
        super().reject()

    def _summary_text(self) -> str:
        if not self.conflict.changes:
            return self.tr(
                "Your changes are not saved yet. Their version and yours hold the same values."
            )
        return self.tr("Your changes are not saved yet. Where their version and yours differ:")

    def _lists_text(self) -> str:
        if not self.conflict.lists:
            return ""
        lines = [
            self.tr(
                "Also changed since this window showed them (already saved; "
                "Reload shows them, Overwrite keeps them):"
            )
        ]
        lines += [f"  • {list_change_text(change)}" for change in self.conflict.lists]
        return "\n".join(lines)


def ask_about_conflict(parent: QWidget | None, conflict: Conflict[Any]) -> ConflictChoice:
    """Show ``conflict`` and return what the coordinator chose."""
    dialog = StaleEditDialog(conflict, parent)
    dialog.exec()
    return dialog.choice


def settle_conflict(
    parent: QWidget,
    database: Database,
    read_conflict: Callable[[Session], Conflict[Any]],
    reload: Callable[[], object],
    save_over: Callable[[int], bool],
) -> bool:
    """After a save was refused as stale: read the conflict, show it, and do
    what the coordinator chose: ``reload``, nothing (keep editing), or
    ``save_over`` with the version now stored (a save that a third save made
    meanwhile still refuses). True if the overwrite was saved."""
    try:
        with database.read() as session:
            conflict = read_conflict(session)
    except RtcdeskError as gone:  # deleted meanwhile
        show_refusal(parent, gone)
        return False
    choice = ask_about_conflict(parent, conflict)
    if choice is ConflictChoice.RELOAD:
        reload()
    elif choice is ConflictChoice.OVERWRITE:
        return save_over(conflict.version)
    return False


def offer_reload(parent: QWidget | None, what: str) -> bool:
    """Tell that ``what`` changed elsewhere; True if the coordinator chose Reload."""
    return _ask_to_go_on(
        parent,
        _tr("Changed by someone else"),
        _tr("Someone else saved {what} after you opened it. Your changes are not saved.").format(
            what=what
        ),
        _tr(
            "Reload shows their version; what you typed here is then lost. "
            "Keep editing to copy what you need first."
        ),
        _tr("Reload"),
    )


def _ask_to_go_on(
    parent: QWidget | None, title: str, text: str, informative: str, action: str
) -> bool:
    """A warning with two ways on: ``action``, or Keep editing (the default,
    and Escape); True if the coordinator chose ``action``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setInformativeText(informative)
    # Wide enough that a name ("rocb-anna") is not wrapped at its hyphen.
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        label.setMinimumWidth(label.fontMetrics().averageCharWidth() * TEXT_WIDTH_CHARS)
    go_on = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is go_on


# -- deleted meanwhile ----------------------------------------------------------------


@dataclass(frozen=True)
class SaveAsNew:
    """How an editor offers to save its data again once its record was deleted."""

    #: The history's name of the record's table ("people", "meetings").
    record_type: str
    #: The button: "Save as a new person".
    button: str
    #: What the new record holds, and what went with the deleted one.
    kept: str


def deleted_text(deletion: Deletion) -> str:
    """ "'21st RTC Heads Meeting' was deleted by rocb-anna on 6 Dec 2026 at
    10:42, after you opened it. Your changes were not saved." """
    return _tr(
        "'{what}' was deleted by {who} {when}, after you opened it. Your changes were not saved."
    ).format(
        what=deletion.label,
        who=deletion.user or _tr("someone else"),
        when=saved_when(deletion.at),
    )


def settle_deletion(
    parent: QWidget,
    database: Database,
    record_id: int | None,
    gone: NotFoundError,
    offer: SaveAsNew | None,
    save_as_new: Callable[[], bool],
) -> bool:
    """After a save found the record gone: say who deleted it and when, and
    ``save_as_new`` if the coordinator chooses so (True if that was saved).
    Where the history does not tell (the record was erased with its
    history) or the editor cannot save anew, only ``gone``'s message is shown."""
    deletion = None
    if record_id is not None and offer is not None:
        with database.read() as session:
            deletion = deletion_of(session, offer.record_type, record_id)
    if deletion is None or offer is None:
        show_refusal(parent, gone)
        return False
    informative = _tr(
        "{kept}\n\nKeep editing changes nothing, so that you can copy what you need first."
    )
    chosen = _ask_to_go_on(
        parent,
        _tr("Deleted by someone else"),
        deleted_text(deletion),
        informative.format(kept=offer.kept),
        offer.button,
    )
    return chosen and save_as_new()
