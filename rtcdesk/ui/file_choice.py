"""Where exported workbooks go: a file name suggested from what is exported,
in the folder the coordinator used last time (else their Documents folder),
always ending in .xlsx."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from rtcdesk import APP_AUTHOR, APP_NAME

EXPORT_FOLDER_KEY = "export/folder"
IMPORT_FOLDER_KEY = "import/folder"
#: Characters that Windows does not allow in file names.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileChoice", text)


def _folder(key: str) -> Path:
    stored = QSettings(APP_AUTHOR, APP_NAME).value(key)
    if stored and Path(str(stored)).is_dir():
        return Path(str(stored))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def remember_folder(key: str, path: Path) -> None:
    QSettings(APP_AUTHOR, APP_NAME).setValue(key, str(path.parent))


def file_name(text: str) -> str:
    """``text`` as a file name that every system accepts."""
    return " ".join(_NOT_IN_NAMES.sub("-", text).split()).strip(" .") or "export"


def suggested_export_path(name: str) -> Path:
    """``name``.xlsx in the last export folder."""
    return _folder(EXPORT_FOLDER_KEY) / f"{file_name(name)}.xlsx"


def as_workbook_path(text: str) -> Path | None:
    """The path typed or chosen, with .xlsx added if it has no such ending."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.name or path.is_dir():
        return None
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def ask_save_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Ask where to save a workbook (the file dialog asks before replacing a file)."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), _tr("Excel workbook (*.xlsx)")
    )
    return as_workbook_path(chosen)


def ask_registration_file(parent: QWidget | None) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        _tr("Choose a registration list"),
        str(_folder(IMPORT_FOLDER_KEY)),
        _tr("Registration lists (*.xlsx *.csv);;All files (*)"),
    )
    return Path(chosen) if chosen else None
