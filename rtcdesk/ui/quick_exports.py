"""The exports that need no choice but a file: a meeting's sign-in sheet, the
contact list (filtered as in the People workspace), the meetings list and
action items. Each asks where to save, then writes in the background with
progress and Cancel; ``done`` gets the sentence for the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from rtcdesk.progress import ProgressReporter
from rtcdesk.services import exports
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.file_choice import (
    EXPORT_FOLDER_KEY,
    ask_save_path,
    remember_folder,
    suggested_export_path,
)
from rtcdesk.ui.prompts import ask_yes_no
from rtcdesk.ui.translations import TrOnClass
from rtcdesk.vocabulary import ParticipationStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtcdesk.db.engine import Database
    from rtcdesk.excel.report import ReportSheet

CONTEXT = "QuickExports"
#: Who signs in: everyone expected, not those who cancelled or did not come.
SIGN_IN_STATUSES = [
    s
    for s in ParticipationStatus
    if s not in (ParticipationStatus.CANCELLED, ParticipationStatus.NO_SHOW)
]
Done = Callable[[str], None]


class QuickExports(TrOnClass, QObject):
    """The translation context of these exports: its ``tr`` words a count
    (``QuickExports.tr("%n contact(s)", "", n)``, as lupdate reads it)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _meeting_title(database: Database, meeting_id: int) -> str:
    with database.read() as session:
        return exports.meeting_title_lines(session, meeting_id)[0]


def _export(
    parent: QWidget,
    database: Database,
    make_sheet: Callable[[Session], ReportSheet],
    *,
    title: str,
    file_stem: str,
    what: Callable[[int], str],
    done: Done,
) -> BackgroundTask | None:
    """Ask for the file, then write ``make_sheet``'s sheet in the background.
    ``what`` words the number of rows written ("13 contacts")."""
    target = ask_save_path(parent, title, suggested_export_path(file_stem))
    if target is None:
        return None

    def work(progress: ProgressReporter) -> int:
        with database.read() as session:
            sheet = make_sheet(session)
            exports.export(target, sheet, progress=progress)
        return sheet.record_count

    def finished(count: int, path: Path = target) -> None:
        remember_folder(EXPORT_FOLDER_KEY, path)
        done(_tr("Exported {what} to {file}").format(what=what(count), file=path))

    task = BackgroundTask(
        parent,
        work,
        title=title,
        label=_tr("Writing {file}…").format(file=target.name),
        refusal_title=_tr("Not exported"),
    )
    task.succeeded.connect(finished)
    task.start()
    return task


def virtual_to_sign(database: Database, meeting_id: int) -> int:
    """How many of those expected join virtually (and have nothing to sign)."""
    with database.read() as session:
        return exports.virtual_participants(session, meeting_id, SIGN_IN_STATUSES)


def ask_include_virtual(parent: QWidget, virtual: int) -> bool:
    """Whether to list the ``virtual`` participants on the sign-in sheet too."""
    return ask_yes_no(
        parent,
        _tr("Export sign-in sheet"),
        QuickExports.tr("%n participant(s) join virtually. List them on the sign-in sheet too?",
                        "", virtual),
        _tr("They are left out unless you choose Yes: they have nothing to sign in the room."),
    )  # fmt: skip


def export_sign_in_sheet(
    parent: QWidget,
    database: Database,
    meeting_id: int,
    done: Done,
    include_virtual: bool = False,
) -> BackgroundTask | None:
    title = _meeting_title(database, meeting_id)
    return _export(
        parent,
        database,
        lambda s: exports.sign_in_sheet(s, meeting_id, SIGN_IN_STATUSES, include_virtual),
        title=_tr("Export sign-in sheet"),
        file_stem=f"{title} - sign-in sheet",
        what=lambda n: QuickExports.tr("the sign-in sheet of %n participant(s)", "", n),
        done=done,
    )


def export_contacts(
    parent: QWidget, database: Database, search: str, done: Done
) -> BackgroundTask | None:
    return _export(
        parent,
        database,
        lambda s: exports.contacts_sheet(s, search),
        title=_tr("Export contacts"),
        file_stem=_tr("Contacts"),
        what=lambda n: QuickExports.tr("%n contact(s)", "", n),
        done=done,
    )


def export_meetings(parent: QWidget, database: Database, done: Done) -> BackgroundTask | None:
    return _export(
        parent,
        database,
        exports.meetings_sheet,
        title=_tr("Export meetings"),
        file_stem=_tr("Meetings"),
        what=lambda n: QuickExports.tr("%n meeting(s)", "", n),
        done=done,
    )


def export_action_items(
    parent: QWidget, database: Database, meeting_id: int | None, done: Done
) -> BackgroundTask | None:
    """The action items of one meeting, or of every meeting (``meeting_id`` None)."""
    stem = (
        _tr("Action items")
        if meeting_id is None
        else f"{_meeting_title(database, meeting_id)} - {_tr('action items')}"
    )
    return _export(
        parent,
        database,
        lambda s: exports.action_items_sheet(s, meeting_id),
        title=_tr("Export action items"),
        file_stem=stem,
        what=lambda n: QuickExports.tr("%n action item(s)", "", n),
        done=done,
    )
