"""The personal-data actions of the People workspace: export everything held
about one person to Excel, and erase one person with everything that names
them after a confirmation that lists what goes.

Unlike Delete, Erase also forgets the person's change history, so that
nothing about them is left to find; the confirmation says so and defaults to
Cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox, QWidget

from rtcdesk.errors import RtcdeskError
from rtcdesk.progress import ProgressReporter
from rtcdesk.services.personal_data import ErasurePlan, erase_person, erasure_plan, export_person
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.file_choice import (
    EXPORT_FOLDER_KEY,
    ask_save_path,
    remember_folder,
    suggested_export_path,
)
from rtcdesk.ui.prompts import show_info, show_refusal
from rtcdesk.ui.translations import TrOnClass

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.services.people import PersonRow
    from rtcdesk.ui.workspace import ListWorkspace

CONTEXT = "PersonalDataActions"
#: Items listed per kind in the confirmation; the rest are under "Show Details".
SHOWN_ITEMS = 5


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _section(heading: str, items: Sequence[str]) -> list[str]:
    """ "• 3 speaker slots:" and the first few items, indented."""
    if len(items) == 1:
        return [f"• {heading}: {items[0]}"]
    lines = [f"• {heading}:"]
    lines.extend(f"    {item}" for item in items[:SHOWN_ITEMS])
    if len(items) > SHOWN_ITEMS:
        lines.append("    " + PersonalDataActions.tr("and %n more", "", len(items) - SHOWN_ITEMS))
    return lines


def plan_lines(plan: ErasurePlan) -> tuple[list[str], list[str], list[str]]:
    """What goes, what stays without them and where free text may name them,
    as lines of the confirmation."""
    removed = [_tr("• their person record: name, position, contact details, gender and notes")]
    if plan.participations:
        removed += _section(
            PersonalDataActions.tr("%n participation(s)", "", len(plan.participations)),
            plan.participations,
        )
    if plan.speaker_slots:
        removed += _section(
            PersonalDataActions.tr("%n speaker slot(s)", "", len(plan.speaker_slots)),
            plan.speaker_slots,
        )
    if plan.survey_invitations:
        removed += _section(
            PersonalDataActions.tr(
                "%n survey invitation(s) with their answers", "", len(plan.survey_invitations)
            ),
            plan.survey_invitations,
        )
    if plan.merged_records:
        removed.append(
            "• "
            + PersonalDataActions.tr(
                "%n earlier record(s) of them (merged into this one, or deleted) "
                "that the change history still holds",
                "",
                plan.merged_records,
            )
        )
    removed.append(_tr("• the change history of all of these"))

    kept: list[str] = []
    if plan.headed_delegations:
        kept += _section(
            PersonalDataActions.tr(
                "%n delegation(s) they head (staying, without a head)",
                "",
                len(plan.headed_delegations),
            ),
            plan.headed_delegations,
        )
    if plan.owned_actions:
        kept += _section(
            PersonalDataActions.tr(
                "%n action item(s) they own (staying, without them as owner)",
                "",
                len(plan.owned_actions),
            ),
            plan.owned_actions,
        )
    if plan.actions_handed_to:
        handed = PersonalDataActions.tr(
            "{org} becomes the owner of the %n item(s) that had no owner organisation",
            "",
            plan.actions_handed_over,
        )
        kept.append("    " + handed.format(org=plan.actions_handed_to))
    mentions = [f"• {where}" for where in plan.mentions[:SHOWN_ITEMS]]
    if len(plan.mentions) > SHOWN_ITEMS:
        mentions.append(
            "    " + PersonalDataActions.tr("and %n more", "", len(plan.mentions) - SHOWN_ITEMS)
        )
    return removed, kept, mentions


def erasure_box(parent: QWidget | None, plan: ErasurePlan) -> tuple[QMessageBox, QAbstractButton]:
    """The confirmation (not yet shown) and its Erase button; Cancel is the default."""
    removed, kept, mentions = plan_lines(plan)
    parts = [_tr("Removed for good:"), *removed]
    if kept:
        parts += ["", _tr("Kept, without them:"), *kept]
    if mentions:
        parts += ["", _tr("Free text that may name them is not changed; edit it by hand "
                          "if it should go:"), *mentions]  # fmt: skip
    parts += [
        "",
        _tr(
            "This cannot be undone. Backups made before still hold them; delete or replace "
            "those as your rules require."
        ),
    ]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Erase person"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_tr("Erase {name} and everything that names them?").format(name=plan.name))
    box.setInformativeText("\n".join(parts))
    long_lists = (plan.participations, plan.speaker_slots, plan.survey_invitations,
                  plan.headed_delegations, plan.owned_actions, plan.mentions)  # fmt: skip
    if any(len(items) > SHOWN_ITEMS for items in long_lists):
        box.setDetailedText("\n".join(item for items in long_lists for item in items))
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    erase_button = box.addButton(_tr("Erase"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box, erase_button


def confirm_erasure(parent: QWidget | None, plan: ErasurePlan) -> bool:
    box, erase_button = erasure_box(parent, plan)
    box.exec()
    return box.clickedButton() is erase_button


class PersonalDataActions(TrOnClass, QObject):
    """ "Export everything about this person…" and "Erase this person…" for
    the person selected in ``workspace``; ``menu`` holds both."""

    def __init__(self, workspace: ListWorkspace[PersonRow], database: Database):
        super().__init__(workspace)
        self.workspace = workspace
        self.database = database
        #: The last export started (tests wait for it).
        self.last_task: BackgroundTask | None = None
        self.export_action = QAction(_tr("E&xport everything about this person…"), workspace)
        self.export_action.setStatusTip(
            _tr("Everything held about the selected person, in one Excel workbook")
        )
        self.export_action.triggered.connect(self.export_selected)
        self.erase_action = QAction(_tr("&Erase this person…"), workspace)
        self.erase_action.setStatusTip(
            _tr("Erase the selected person and everything that names them, for good")
        )
        self.erase_action.triggered.connect(self.erase_selected)
        self.menu = QMenu(workspace)
        self.menu.addAction(self.export_action)
        self.menu.addAction(self.erase_action)

    def _one_selected(self, title: str) -> PersonRow | None:
        rows = self.workspace.selected_rows()
        if len(rows) == 1:
            return rows[0]
        show_info(self.workspace, title, _tr("Select one person in the list first."))
        return None

    def export_selected(self) -> BackgroundTask | None:
        """Ask where to save, then write the workbook in the background."""
        title = _tr("Export everything about a person")
        row = self._one_selected(title)
        if row is None:
            return None
        suggested = suggested_export_path(
            _tr("{name} - personal data").format(name=row.display_name)
        )
        target = ask_save_path(self.workspace, title, suggested)
        if target is None:
            return None
        database, person_id = self.database, row.id

        def work(progress: ProgressReporter) -> Path:
            with database.read() as session:
                return export_person(session, person_id, target, progress)

        def finished(path: Path) -> None:
            remember_folder(EXPORT_FOLDER_KEY, path)
            self.workspace.status_message.emit(
                _tr("Exported everything about {name} to {file}").format(
                    name=row.display_name, file=path
                )
            )

        task = BackgroundTask(
            self.workspace,
            work,
            title=title,
            label=_tr("Writing {file}…").format(file=target.name),
            refusal_title=_tr("Not exported"),
        )
        task.succeeded.connect(finished)
        self.last_task = task
        task.start()
        return task

    def erase_selected(self) -> bool:
        """Show what goes; on Erase, erase in one transaction. True if erased."""
        row = self._one_selected(_tr("Erase person"))
        if row is None:
            return False
        try:
            with self.database.read() as session:
                plan = erasure_plan(session, row.id)
        except RtcdeskError as gone:
            show_refusal(self.workspace, gone, _tr("Not erased"))
            self.workspace.refresh()
            return False
        if not confirm_erasure(self.workspace, plan):
            return False
        try:
            with self.database.write() as session:
                erase_person(session, row.id, row.version, confirmed=plan)
        except RtcdeskError as refused:
            show_refusal(self.workspace, refused, _tr("Not erased"))
            self.workspace.refresh()
            return False
        self.workspace.refresh()
        self.workspace.status_message.emit(_tr("Erased {name}").format(name=plan.name))
        return True
