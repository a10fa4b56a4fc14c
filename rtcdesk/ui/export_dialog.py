"""Exporting a meeting's participant list to Excel: which columns in which
order (with saved presets), which participants (by status), and where to.

The export runs in the background with progress and Cancel; a cancelled
export leaves no file. Afterwards ``exported`` says what was written, for the
status bar.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.progress import ProgressReporter
from rtcdesk.services import exports
from rtcdesk.ui import export_presets
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.checklist import CheckItem, ChecklistModel
from rtcdesk.ui.file_choice import (
    EXPORT_FOLDER_KEY,
    as_workbook_path,
    ask_save_path,
    remember_folder,
    suggested_export_path,
)
from rtcdesk.ui.prompts import ask_yes_no, confirm_delete, show_info
from rtcdesk.ui.tables import enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.vocabulary import ParticipationStatus

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

CONTEXT = "ExportDialog"
#: The participant list's columns as the dialog names and explains them.
COLUMN_TEXTS: dict[str, tuple[str, str]] = {
    "no": (QT_TRANSLATE_NOOP(CONTEXT, "No."), QT_TRANSLATE_NOOP(CONTEXT, "Running number")),
    "delegation": (
        QT_TRANSLATE_NOOP(CONTEXT, "Delegation"),
        QT_TRANSLATE_NOOP(CONTEXT, "The organisation the participant came with"),
    ),
    "name": (
        QT_TRANSLATE_NOOP(CONTEXT, "Name"),
        QT_TRANSLATE_NOOP(CONTEXT, "Title and name as printed, e.g. Mr. AOYAMA Shigetoshi"),
    ),
    "title": (QT_TRANSLATE_NOOP(CONTEXT, "Title"), QT_TRANSLATE_NOOP(CONTEXT, "Mr., Ms., Dr. …")),
    "family_name": (QT_TRANSLATE_NOOP(CONTEXT, "Family name"), ""),
    "given_name": (QT_TRANSLATE_NOOP(CONTEXT, "Given name"), ""),
    "position": (QT_TRANSLATE_NOOP(CONTEXT, "Position"), ""),
    "organisation": (
        QT_TRANSLATE_NOOP(CONTEXT, "Organisation"),
        QT_TRANSLATE_NOOP(CONTEXT, "The participant's own organisation"),
    ),
    "email": (QT_TRANSLATE_NOOP(CONTEXT, "E-mail"), ""),
    "phone": (QT_TRANSLATE_NOOP(CONTEXT, "Phone"), ""),
    "role": (
        QT_TRANSLATE_NOOP(CONTEXT, "Role"),
        QT_TRANSLATE_NOOP(CONTEXT, "Head of delegation, delegate, speaker …"),
    ),
    "attendance": (
        QT_TRANSLATE_NOOP(CONTEXT, "Attendance"),
        QT_TRANSLATE_NOOP(CONTEXT, "In person or virtual"),
    ),
    "status": (
        QT_TRANSLATE_NOOP(CONTEXT, "Status"),
        QT_TRANSLATE_NOOP(CONTEXT, "Invited, registered, confirmed …"),
    ),
    "gender": (QT_TRANSLATE_NOOP(CONTEXT, "Gender"), ""),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def column_label(key: str) -> str:
    text = COLUMN_TEXTS.get(key)
    return _tr(text[0]) if text else exports.PARTICIPANT_FIELDS[key].header


def _column_items(columns: tuple[str, ...]) -> list[CheckItem]:
    """The chosen columns ticked, in their order, then the others unticked."""
    rest = [k for k in exports.PARTICIPANT_FIELDS if k not in columns]
    return [
        CheckItem(
            key,
            column_label(key),
            checked=key in columns,
            tooltip=_tr(COLUMN_TEXTS[key][1]) if COLUMN_TEXTS.get(key, ("", ""))[1] else "",
        )
        for key in [*columns, *rest]
    ]


class ExportDialog(QDialog):
    """Export the participant list of meeting ``meeting_id``."""

    #: "Exported 22 participants to …", for the status bar.
    exported = Signal(str)

    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.task: BackgroundTask | None = None
        #: What happened to the last export, when it did not finish ("cancelled").
        self._outcome = ""
        #: The file chosen with Browse…, whose dialog already asked before replacing it.
        self._browsed: Path | None = None
        with database.read() as session:
            title_lines = exports.meeting_title_lines(session, meeting_id)
            self._counts = exports.participant_status_counts(session, meeting_id)
        self.meeting_title = title_lines[0]
        self.setWindowTitle(self.tr("Export participant list"))

        heading = QLabel(
            f"<b>{escape(title_lines[0])}</b><br>{escape(' · '.join(title_lines[1:]))}"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)

        self.columns = ChecklistModel(self)
        self.column_list = QListView()
        self.column_list.setModel(self.columns)
        self.column_list.setAccessibleName(self.tr("Columns"))
        self.column_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.column_list.setMinimumHeight(300)
        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setPlaceholderText(self.tr("Your own choice"))
        self.save_preset_button = QPushButton(self.tr("Save as &preset…"))
        self.delete_preset_button = QPushButton(self.tr("Delete preset"))
        self.move_up_button = QPushButton(self.tr("Move &up"))
        self.move_down_button = QPushButton(self.tr("Move d&own"))
        self.statuses: dict[ParticipationStatus, QCheckBox] = {}
        self.path = QLineEdit(str(suggested_export_path(f"{self.meeting_title} - participants")))
        self.path.setAccessibleName(self.tr("Save to"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.listed = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        groups = QHBoxLayout()
        groups.addWidget(self._columns_box(), 3)
        groups.addWidget(self._statuses_box(), 2)
        layout.addLayout(groups, 1)
        layout.addLayout(self._path_row())
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)

        self.columns.changed.connect(self._columns_changed)
        self.preset.activated.connect(self._preset_chosen)
        self.save_preset_button.clicked.connect(self.save_preset)
        self.delete_preset_button.clicked.connect(self.delete_preset)
        self.move_up_button.clicked.connect(lambda: self.move_current(-1))
        self.move_down_button.clicked.connect(lambda: self.move_current(1))
        self.column_list.selectionModel().currentChanged.connect(self._update_buttons)
        self.browse_button.clicked.connect(self.browse)
        self.path.textChanged.connect(self._update_buttons)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        self._fill_presets()
        self.columns.set_items(_column_items(export_presets.last_columns()))
        self.resize(760, 560)

    # -- layout ----------------------------------------------------------------

    def _columns_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Columns"))
        grid = QGridLayout(box)
        preset_label = QLabel(self.tr("Pre&set:"))
        preset_label.setBuddy(self.preset)
        grid.addWidget(preset_label, 0, 0)
        grid.addWidget(self.preset, 0, 1)
        grid.addWidget(self.save_preset_button, 0, 2)
        grid.addWidget(self.delete_preset_button, 1, 2)
        list_label = QLabel(self.tr("Tick the &columns to export; their order is the order here:"))
        list_label.setBuddy(self.column_list)
        list_label.setWordWrap(True)
        grid.addWidget(list_label, 1, 0, 1, 2)
        grid.addWidget(self.column_list, 2, 0, 3, 2)
        grid.addWidget(self.move_up_button, 2, 2)
        grid.addWidget(self.move_down_button, 3, 2)
        grid.setRowStretch(4, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _statuses_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Participants"))
        column = QVBoxLayout(box)
        column.addWidget(QLabel(self.tr("Include the participants who are:")))
        for status in ParticipationStatus:
            check = QCheckBox(
                self.tr("{status} ({count})").format(
                    status=enum_label(status), count=QLocale().toString(self._counts[status])
                )
            )
            check.setAccessibleName(enum_label(status))
            check.setChecked(True)
            check.toggled.connect(self._update_buttons)
            self.statuses[status] = check
            column.addWidget(check)
        column.addSpacing(8)
        column.addWidget(self.listed)
        column.addStretch()
        return box

    def _path_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel(self.tr("Save &to:"))
        label.setBuddy(self.path)
        row.addWidget(label)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        return row

    # -- columns and presets -----------------------------------------------------

    def chosen_columns(self) -> list[str]:
        return self.columns.checked_keys()

    def chosen_statuses(self) -> list[ParticipationStatus]:
        return [status for status, check in self.statuses.items() if check.isChecked()]

    def _fill_presets(self) -> None:
        self.preset.blockSignals(True)
        self.preset.clear()
        for preset in export_presets.all_presets():
            self.preset.addItem(preset.name, preset)
        self.preset.blockSignals(False)

    def presets(self) -> list[export_presets.Preset]:
        return [self.preset.itemData(n) for n in range(self.preset.count())]

    def _preset_chosen(self, number: int) -> None:
        preset = self.preset.itemData(number)
        if isinstance(preset, export_presets.Preset):
            self.columns.set_items(_column_items(preset.columns))

    def _columns_changed(self) -> None:
        """Show the preset the columns match, if any ("Your own choice" otherwise)."""
        chosen = tuple(self.chosen_columns())
        matching = next(
            (n for n, p in enumerate(self.presets()) if p.columns == chosen),
            -1,
        )
        self.preset.setCurrentIndex(matching)
        self._update_buttons()

    def current_preset(self) -> export_presets.Preset | None:
        preset = self.preset.currentData()
        return preset if isinstance(preset, export_presets.Preset) else None

    def save_preset(self) -> None:
        current = self.current_preset()
        suggested = current.name if current is not None and not current.built_in else ""
        name, ok = QInputDialog.getText(
            self, self.tr("Save as preset"), self.tr("Name of the preset:"), text=suggested
        )
        name = name.strip()
        if not ok or not name:
            return
        if export_presets.is_built_in_name(name):
            show_info(
                self,
                self.tr("Save as preset"),
                self.tr("'{name}' is a built-in preset; choose another name.").format(name=name),
            )
            return
        if any(p.name == name for p in export_presets.own_presets()) and not ask_yes_no(
            self,
            self.tr("Save as preset"),
            self.tr("Replace your preset '{name}'?").format(name=name),
        ):
            return
        export_presets.save_preset(name, self.chosen_columns())
        self._fill_presets()
        self._columns_changed()

    def delete_preset(self) -> None:
        current = self.current_preset()
        if current is None or current.built_in:
            return
        if not confirm_delete(self, self.tr("the preset '{name}'").format(name=current.name)):
            return
        export_presets.delete_preset(current.name)
        self._fill_presets()
        self._columns_changed()

    def move_current(self, offset: int) -> None:
        row = self.column_list.currentIndex().row()
        if row < 0:
            return
        moved = self.columns.move(row, offset)
        self.column_list.setCurrentIndex(self.columns.index(moved))

    # -- file and export ---------------------------------------------------------

    def target(self) -> Path | None:
        return as_workbook_path(self.path.text())

    def browse(self) -> None:
        current = self.target() or suggested_export_path(f"{self.meeting_title} - participants")
        chosen = ask_save_path(self, self.tr("Export participant list"), current)
        if chosen is not None:
            self.path.setText(str(chosen))
            self._browsed = chosen

    def _problem(self) -> str:
        """Why Export cannot run yet ("" when it can)."""
        if not self.chosen_columns():
            return self.tr("Tick at least one column.")
        if not self.chosen_statuses():
            return self.tr("Tick at least one status.")
        if self.target() is None:
            return self.tr("Choose where to save the workbook.")
        return ""

    def _update_buttons(self, *_args: object) -> None:
        running = self.task is not None and self.task.running
        current = self.current_preset()
        self.delete_preset_button.setEnabled(current is not None and not current.built_in)
        row = self.column_list.currentIndex().row()
        self.move_up_button.setEnabled(row > 0)
        self.move_down_button.setEnabled(0 <= row < self.columns.rowCount() - 1)
        total = sum(self._counts[s] for s in self.chosen_statuses())
        self.listed.setText(self.tr("%Ln participant(s) will be listed.", "", total))
        problem = self._problem()
        self.hint.setText(problem or self._outcome)
        self.export_button.setEnabled(not problem and not running)

    def export(self) -> BackgroundTask | None:
        """Write the workbook in the background; returns the running task."""
        target = self.target()
        if self._problem() or target is None or (self.task is not None and self.task.running):
            return None
        if (
            target.exists()
            and target != self._browsed
            and not ask_yes_no(
                self,
                self.tr("Export participant list"),
                self.tr("{file} already exists. Replace it?").format(file=target.name),
            )
        ):
            return None
        self._outcome = ""
        columns, statuses = self.chosen_columns(), self.chosen_statuses()
        wanted = None if len(statuses) == len(ParticipationStatus) else statuses
        database, meeting_id = self.database, self.meeting_id

        def work(progress: ProgressReporter) -> int:
            with database.read() as session:
                sheet = exports.participant_list_sheet(session, meeting_id, columns, wanted)
                exports.export(target, sheet, progress=progress)
            return sheet.row_count or 0

        self.task = BackgroundTask(
            self,
            work,
            title=self.tr("Export participant list"),
            label=self.tr("Writing {file}…").format(file=target.name),
            refusal_title=self.tr("Not exported"),
        )
        self.task.succeeded.connect(lambda count: self._exported(target, columns, count))
        self.task.cancelled.connect(
            lambda: setattr(self, "_outcome", self.tr("Export cancelled; no file was written."))
        )
        self.task.finished.connect(self._update_buttons)
        self.task.start()
        self._update_buttons()
        return self.task

    def _exported(self, target: Path, columns: list[str], count: int) -> None:
        export_presets.remember_columns(columns)
        remember_folder(EXPORT_FOLDER_KEY, target)
        self.exported.emit(
            self.tr("Exported %Ln participant(s) to {file}", "", count).format(file=target)
        )
        self.accept()
