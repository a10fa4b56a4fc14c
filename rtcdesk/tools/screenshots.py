"""Render every workspace and editor with the demo data to PNG, offscreen.

    python -m rtcdesk.tools.screenshots OUTDIR

Used for the README's pictures and for looking at the GUI on a machine
without a display. It uses a throwaway database and settings folder, so it
never touches a coordinator's data.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

SIZE = (1280, 760)


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def render(folder: Path) -> list[Path]:
    """Write the PNGs into ``folder``; returns their paths."""
    from rtcdesk.services.startup import open_database
    from rtcdesk.ui.app import create_application
    from rtcdesk.ui.automatic_backup import save_backup_keep
    from rtcdesk.ui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    create_application()
    QLocale.setDefault(QLocale("en_GB"))
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, scratch)
        save_backup_keep(0)  # no automatic backup of the throwaway database at close
        opened = open_database(Path(scratch) / "demo.sqlite")
        database = opened.database
        window = MainWindow(database)
        window.resize(*SIZE)
        window.show()
        written.append(_save(window, folder, "00-empty-database"))
        window.load_demo_data()
        for number, workspace in enumerate(window.workspaces, start=1):
            window.navigation.setCurrentRow(number - 1)
            slug = workspace.name.lower().replace(" ", "-")
            written.append(_save(window, folder, f"{number:02d}-{slug}"))
        for name, make in _editors(database).items():
            editor = make()
            editor.resize(1100, 720)
            editor.show()
            tabs = editor.findChild(QTabWidget)
            if tabs is None:
                written.append(_save(editor, folder, name))
            else:
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    slug = tabs.tabText(index).replace("&", "").lower().replace(" ", "-")
                    written.append(_save(editor, folder, f"{name}-{index + 1}-{slug}"))
            editor.hide()
            editor.deleteLater()
        window.close()
        database.dispose()
    return written


def _editors(database: Database) -> dict[str, Callable[[], QWidget]]:
    """The editors to render (on the demo's records), by file name prefix."""
    from rtcdesk.services.meetings import find_meeting
    from rtcdesk.services.organisations import find_organisation
    from rtcdesk.services.people import list_people
    from rtcdesk.services.surveys import list_surveys
    from rtcdesk.ui.meeting_editor.editor import MeetingEditor
    from rtcdesk.ui.organisation_editor import OrganisationEditor
    from rtcdesk.ui.person_editor import PersonEditor
    from rtcdesk.ui.survey_editor.editor import SurveyEditor

    with database.read() as session:
        meeting = find_meeting(session, "RTC Heads Meeting", 21)
        organisation = find_organisation(session, "RTC Japan")
        person = next(p for p in list_people(session, "aoyama"))
        survey = list_surveys(session)[0]
    assert meeting is not None
    assert organisation is not None
    return {
        "10-meeting-editor": lambda: MeetingEditor(database, meeting.id),
        "20-person-editor": lambda: PersonEditor(database, person.id),
        "30-organisation-editor": lambda: OrganisationEditor(database, organisation.id),
        "40-survey-editor": lambda: SurveyEditor(database, survey.id),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for path in render(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
