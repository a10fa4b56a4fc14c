"""Importing a registration list (.xlsx or .csv) into a meeting.

The coordinator chooses or drops a file; its header row is found and the
mapping of columns to fields guessed (``services.registrations``). The
dialog shows the mapping (each column's field in a combo box), the first rows
as they will be stored with refused cells highlighted, and every refused row.
Check runs a dry run of the real import: it lists the organisations that are
not on record (ticked ones are created) and the rows that may name someone
already on record (the coordinator chooses that person or a new one). Import
is possible after a check and writes everything or nothing, unless "Import
only the good rows" is ticked. Reading, checking and importing run in the
background with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.progress import ProgressReporter
from rtcdesk.services.meetings import get_meeting
from rtcdesk.services.names import meeting_title
from rtcdesk.services.registration_columns import FIELDS
from rtcdesk.services.registrations import (
    ImportOptions,
    ImportRefusedError,
    ImportResult,
    Layout,
    assign,
    import_into,
    parse_rows,
    read_layout,
)
from rtcdesk.ui.background import BackgroundTask, Work
from rtcdesk.ui.checklist import CheckItem, ChecklistModel
from rtcdesk.ui.combo_delegate import ComboDelegate, keep_editors_open
from rtcdesk.ui.file_choice import IMPORT_FOLDER_KEY, ask_registration_file, remember_folder
from rtcdesk.ui.import_mapping import (
    COL_COLUMN,
    COL_FIELD,
    COL_SAMPLES,
    MappingModel,
    field_label,
    file_columns,
    not_imported,
)
from rtcdesk.ui.import_matches import COL_CHOICE, MatchModel
from rtcdesk.ui.import_preview import (
    PREVIEW_ROWS,
    PROBLEM_COLUMNS,
    PreviewModel,
    preview_rows,
)
from rtcdesk.ui.tables import RowTableModel
from rtcdesk.ui.wording import listed
from rtcdesk.ui.workspace import RowTable

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.services.registrations import ParsedRow, RowProblem

CONTEXT = "ImportDialog"
FILE_SUFFIXES = (".xlsx", ".csv")
TAB_PROBLEMS, TAB_ORGANISATIONS, TAB_MATCHES = range(3)
#: Longer column names are cut short (their tooltip has them whole).
MAX_NAME_WIDTH = 180


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def dropped_file(urls: list[QUrl]) -> Path | None:
    """The one local .xlsx or .csv file among dropped ``urls``, if there is one."""
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    wanted = [p for p in paths if p.suffix.lower() in FILE_SUFFIXES]
    return wanted[0] if len(wanted) == 1 else None


def _table(model: QAbstractItemModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


#: Details kept on record that the check's summary lists; the rest are counted.
KEPT_SHOWN = 5


class ImportDialog(QDialog):
    """Import registrations into meeting ``meeting_id``."""

    #: "Imported list.xlsx into 21st RTC Heads Meeting: 3 new people, …", for the status bar.
    imported = Signal(str)
    #: A file was read (or refused: then ``file_layout`` is None).
    file_loaded = Signal()
    #: A check ended (its result is in ``check_result``).
    checked = Signal()

    def __init__(self, database: Database, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        with database.read() as session:
            meeting = get_meeting(session, meeting_id)
            self.meeting_title = meeting_title(meeting.title, meeting.ordinal)
        self.file_layout: Layout | None = None
        self.parsed: list[ParsedRow] = []
        self.check_result: ImportResult | None = None
        self.task: BackgroundTask | None = None
        self._changed_since_check = False
        self.setWindowTitle(self.tr("Import registrations"))
        self.setAcceptDrops(True)

        self.mapping = MappingModel(self)
        self.preview = PreviewModel(self)
        self.problems: RowTableModel[RowProblem] = RowTableModel(PROBLEM_COLUMNS, self)
        self.organisations = ChecklistModel(self)
        self.matches = MatchModel(self)

        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName(self.tr("Registration file"))
        self.file_edit.setPlaceholderText(self.tr("Choose a file, or drop one on this window"))
        self.file_edit.setAcceptDrops(False)
        self.choose_button = QPushButton(self.tr("C&hoose file…"))
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(self.tr("Sheet"))
        self.sheet.setMinimumContentsLength(16)
        self.sheet.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.mapping_table = _table(self.mapping, self.tr("Columns"))
        self.mapping_table.setItemDelegateForColumn(COL_FIELD, ComboDelegate(self.mapping_table))
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        keep_editors_open(self.mapping_table, COL_FIELD)
        self.preview_table = _table(self.preview, self.tr("Preview"))
        self.problem_table = RowTable()
        self.problem_table.setModel(self.problems)
        self.problem_table.setSortingEnabled(False)
        self.problem_table.setAccessibleName(self.tr("Refused rows"))
        self.problem_table.horizontalHeader().setStretchLastSection(True)
        self.organisation_list = QListView()
        self.organisation_list.setModel(self.organisations)
        self.organisation_list.setAccessibleName(self.tr("New organisations"))
        self.organisations_note = QLabel()
        self.organisations_note.setWordWrap(True)
        self.match_table = _table(self.matches, self.tr("Possible matches"))
        self.match_table.setItemDelegateForColumn(COL_CHOICE, ComboDelegate(self.match_table))
        self.match_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.match_table.horizontalHeader().setStretchLastSection(True)
        keep_editors_open(self.match_table, COL_CHOICE)
        self.matches_note = QLabel()
        self.matches_note.setWordWrap(True)
        self.tabs = QTabWidget()
        self.good_rows_only = QCheckBox(
            self.tr("Import only the &good rows (leave the refused rows out)")
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary.setMargin(6)
        self.summary.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = QPushButton(self.tr("&Check"))
        self.check_button.setToolTip(
            self.tr("A trial run of the import: counts what it would do and writes nothing")
        )
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._lay_out()

        self.choose_button.clicked.connect(self.choose_file)
        self.file_edit.returnPressed.connect(self._typed_file)
        self.sheet.activated.connect(self._sheet_chosen)
        self.mapping.field_chosen.connect(self.choose_field)
        self.organisations.changed.connect(self._choices_changed)
        self.matches.choices_changed.connect(self._choices_changed)
        self.good_rows_only.toggled.connect(self._choices_changed)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        self._show_file()
        self.resize(1100, 760)

    # -- layout ----------------------------------------------------------------

    def _lay_out(self) -> None:
        heading = QLabel(
            self.tr("Import registrations into <b>{meeting}</b>").format(
                meeting=escape(self.meeting_title)
            )
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        intro = QLabel(
            self.tr(
                "Choose the registration list (.xlsx or .csv), or drop it on this window. "
                "Check what each column is imported as and what the import will do; "
                "nothing is written until you click Import."
            )
        )
        intro.setWordWrap(True)

        file_row = QHBoxLayout()
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.file_edit)
        sheet_label = QLabel(self.tr("&Sheet:"))
        sheet_label.setBuddy(self.sheet)
        file_row.addWidget(file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addSpacing(12)
        file_row.addWidget(sheet_label)
        file_row.addWidget(self.sheet)

        columns_box = QGroupBox(self.tr("Columns"))
        columns_layout = QVBoxLayout(columns_box)
        columns_label = QLabel(self.tr("What each column of the file is imported &as:"))
        columns_label.setBuddy(self.mapping_table)
        columns_layout.addWidget(columns_label)
        columns_layout.addWidget(self.mapping_table)
        preview_box = QGroupBox(self.tr("Preview"))
        preview_layout = QVBoxLayout(preview_box)
        preview_label = QLabel(
            self.tr(
                "The first %n &row(s) as they will be stored; refused cells are red "
                "(point at one to see why):",
                "",
                PREVIEW_ROWS,
            )
        )
        preview_label.setWordWrap(True)
        preview_label.setBuddy(self.preview_table)
        preview_layout.addWidget(preview_label)
        preview_layout.addWidget(self.preview_table)
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(columns_box)
        tables.addWidget(preview_box)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 1)
        tables.setChildrenCollapsible(False)

        self.tabs.addTab(self.problem_table, "")
        self.tabs.addTab(self._with_note(self.organisations_note, self.organisation_list), "")
        self.tabs.addTab(self._with_note(self.matches_note, self.match_table), "")
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.addWidget(tables)
        parts.addWidget(self.tabs)
        parts.setStretchFactor(0, 3)
        parts.setStretchFactor(1, 2)
        parts.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.found)
        layout.addWidget(parts, 1)
        layout.addWidget(self.good_rows_only)
        layout.addWidget(self.summary)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    def _with_note(self, note: QLabel, view: QWidget) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(note)
        column.addWidget(view, 1)
        return page

    # -- the file ----------------------------------------------------------------

    def choose_file(self) -> None:
        path = ask_registration_file(self)
        if path is not None:
            self.load_file(path)

    def _typed_file(self) -> None:
        text = self.file_edit.text().strip()
        if text:
            self.load_file(Path(text).expanduser())

    def _sheet_chosen(self, number: int) -> None:
        if self.file_layout is not None:
            self.load_file(self.file_layout.sheet.file, self.sheet.itemText(number))

    def load_file(self, path: Path, sheet: str | None = None) -> BackgroundTask | None:
        """Read ``path`` in the background; a refused file is explained and cleared."""
        if self._busy():
            return None
        self.file_edit.setText(str(path))

        def work(progress: ProgressReporter) -> Layout:
            layout = read_layout(path, sheet)
            progress.check()
            return layout

        current = self.file_layout
        another_sheet = current is not None and current.sheet.file == path
        return self._run(
            work,
            title=self.tr("Reading {file}").format(file=path.name),
            refusal_title=self.tr("File refused"),
            succeeded=self._set_layout,
            # A sheet without a table leaves the sheet shown before.
            failed=self._show_file if another_sheet else self._file_refused,
        )

    def _set_layout(self, layout: Layout) -> None:
        remember_folder(IMPORT_FOLDER_KEY, layout.sheet.file)
        self.file_layout = layout
        self.mapping.set_columns(file_columns(layout), layout.mapping)
        self._fit_mapping_columns()
        self._new_rows()
        self._show_file()
        self.file_loaded.emit()

    def _fit_mapping_columns(self) -> None:
        """Names and combo boxes whole; the first values get what is left."""
        header = self.mapping_table.horizontalHeader()
        self.mapping_table.resizeColumnToContents(COL_COLUMN)
        if self.mapping_table.columnWidth(COL_COLUMN) > MAX_NAME_WIDTH:
            self.mapping_table.setColumnWidth(COL_COLUMN, MAX_NAME_WIDTH)
        metrics = self.mapping_table.fontMetrics()
        labels = [not_imported(), *(field_label(k) for k in FIELDS)]
        combo_width = max(metrics.horizontalAdvance(text) for text in labels) + 48
        header.setSectionResizeMode(COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Fixed)
        self.mapping_table.setColumnWidth(COL_FIELD, combo_width)

    def _file_refused(self) -> None:
        self.file_layout = None
        self.mapping.set_columns([], {})
        self._new_rows()
        self._show_file()
        self.file_loaded.emit()

    def _show_file(self) -> None:
        layout = self.file_layout
        self.sheet.clear()
        if layout is None:
            self.found.setText("")
        else:
            self.sheet.addItems(list(layout.sheet.sheet_names))
            self.sheet.setCurrentText(layout.sheet.sheet)
            data_rows = len(layout.sheet.rows) - layout.header_index - 1
            self.found.setText(
                self.tr(
                    "Sheet '{sheet}': the header is on row {row}; %n row(s) below it.",
                    "",
                    data_rows,
                ).format(sheet=layout.sheet.sheet, row=layout.header_row)
            )
        self.sheet.setEnabled(layout is not None and len(layout.sheet.sheet_names) > 1)
        self._update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and dropped_file(event.mimeData().urls()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.load_file(path)

    # -- mapping and rows --------------------------------------------------------

    def choose_field(self, column: int, key: str | None) -> None:
        """Column ``column`` of the file feeds ``key`` (None: not imported)."""
        if self.file_layout is None:
            return
        self.file_layout = assign(self.file_layout, column, key)
        self.mapping.set_mapping(self.file_layout.mapping)
        self._new_rows()

    def _new_rows(self) -> None:
        """Parse again: the file or the mapping changed, so any check is void."""
        layout = self.file_layout
        self.parsed = parse_rows(layout) if layout is not None else []
        if layout is None:
            self.preview.set_preview([], [])
        else:
            self.preview.set_preview(
                list(layout.mapping.values()), preview_rows(layout, self.parsed)
            )
            self.preview_table.resizeColumnsToContents()
        self.check_result = None
        self._changed_since_check = False
        self.organisations.set_items([])
        self.matches.clear()
        self._show_problems([p for row in self.parsed for p in row.problems])
        self.summary.setText("")
        self.summary.hide()
        self._update()

    def _show_problems(self, problems: list[RowProblem]) -> None:
        self.problems.set_rows(sorted(problems, key=lambda p: p.row))
        self.problem_table.resizeColumnsToContents()
        self.problem_table.horizontalHeader().setSectionResizeMode(
            len(PROBLEM_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )

    def refused_rows(self) -> int:
        return len({p.row for p in self.problems.rows()})

    # -- check and import --------------------------------------------------------

    def options(self, *, dry_run: bool = False) -> ImportOptions:
        declined = {i.key for i in self.organisations.items() if not i.checked}
        return ImportOptions(
            declined_organisations=frozenset(declined),
            confirmed_matches=self.matches.confirmed(),
            skip_invalid=dry_run or self.good_rows_only.isChecked(),
            dry_run=dry_run,
        )

    def check(self) -> BackgroundTask | None:
        """A dry run of the import (good rows only, so that it goes through
        the whole file): what it would create, match and refuse."""
        layout = self.file_layout
        if layout is None or self._problem() in (self._no_file(), self._no_family()):
            return None
        options = self.options(dry_run=True)
        database, meeting_id = self.database, self.meeting_id

        def work(progress: ProgressReporter) -> ImportResult:
            return import_into(database, meeting_id, layout, options, progress)

        return self._run(
            work,
            title=self.tr("Checking {file}").format(file=layout.sheet.file.name),
            refusal_title=self.tr("Not checked"),
            succeeded=self._show_check,
        )

    def _show_check(self, result: ImportResult) -> None:
        self.check_result = result
        self._show_problems(result.problems)
        ticks = {i.key: i.checked for i in self.organisations.items()}
        names = sorted({*result.organisations_created, *result.unknown_organisations})
        self.organisations.set_items(
            [
                CheckItem(
                    name,
                    name,
                    checked=ticks.get(name, True),
                    tooltip=self.tr(
                        "Ticked: created as a new organisation. Unticked: its rows are refused."
                    ),
                )
                for name in names
            ]
        )
        self.matches.add_candidates(result.candidates)
        self.match_table.resizeColumnsToContents()
        self.summary.setText(self._summary(result))
        self.summary.show()
        # After the lists above are filled: filling them signals a change of choice.
        self._changed_since_check = False
        self._update()
        self.checked.emit()

    def _summary(self, result: ImportResult) -> str:
        kept = result.rows - result.skipped
        parts = self._people_parts(result)
        if result.updated:
            parts.append(self.tr("%n record(s) gain details from the file", "", result.updated))
        if result.organisations_created:
            parts.append(self.tr("%n new organisation(s)", "", len(result.organisations_created)))
        text = self.tr(
            "Checked: {kept} of %n row(s) can be imported: {parts}.", "", result.rows
        ).format(kept=kept, parts=listed(parts))
        if result.skipped:
            text += " " + self.tr("%n row(s) are refused.", "", result.skipped)
        text += " " + self.tr("Nothing has been written yet.")
        if result.kept:
            text += "\n" + self.tr(
                "%n detail(s) in the file differ from the record, which keeps its own:",
                "",
                len(result.kept),
            )
            shown = result.kept[:KEPT_SHOWN]
            text += "".join(f"\n• {kept}" for kept in shown)
            if len(result.kept) > len(shown):
                text += "\n" + self.tr("and %n more.", "", len(result.kept) - len(shown))
        return text

    def _people_parts(self, result: ImportResult) -> list[str]:
        """ "2 new people", "1 person already on record"."""
        return [
            self.tr("%n new person(s)", "", result.created),
            self.tr("%n person(s) already on record", "", result.matched),
        ]

    def import_rows(self) -> BackgroundTask | None:
        """Import for real, in the background; closes the dialog when done."""
        layout = self.file_layout
        if layout is None or self._problem():
            return None
        options = self.options()
        database, meeting_id = self.database, self.meeting_id

        def work(progress: ProgressReporter) -> ImportResult:
            return import_into(database, meeting_id, layout, options, progress)

        return self._run(
            work,
            title=self.tr("Importing {file}").format(file=layout.sheet.file.name),
            refusal_title=self.tr("Not imported"),
            succeeded=self._imported,
            refused=self._import_refused,
        )

    def _imported(self, result: ImportResult) -> None:
        assert self.file_layout is not None
        parts = self._people_parts(result)
        if result.skipped:
            parts.append(self.tr("%n row(s) left out", "", result.skipped))
        self.imported.emit(
            self.tr("Imported {file} into {meeting}: {parts}").format(
                file=self.file_layout.sheet.file.name,
                meeting=self.meeting_title,
                parts=listed(parts),
            )
        )
        self.accept()

    def _import_refused(self, error: object) -> None:
        if isinstance(error, ImportRefusedError):
            self._show_problems(error.result.problems)
            self.tabs.setCurrentIndex(TAB_PROBLEMS)
            self._update()

    def _run(
        self,
        work: Work,
        *,
        title: str,
        refusal_title: str,
        succeeded: Callable[[Any], None],
        failed: Callable[[], None] | None = None,
        refused: Callable[[object], None] | None = None,
    ) -> BackgroundTask | None:
        """Run ``work`` in the background; ``failed`` follows a refusal or a cancel."""
        if self._busy():
            return None
        task = BackgroundTask(
            self, work, title=title, label=title + "…", refusal_title=refusal_title
        )
        task.succeeded.connect(succeeded)
        if refused is not None:
            task.refused.connect(refused)
        if failed is not None:
            task.refused.connect(lambda _error: failed())
            task.cancelled.connect(failed)
        task.finished.connect(self._update)
        self.task = task
        task.start()
        self._update()
        return task

    def _busy(self) -> bool:
        return self.task is not None and self.task.running

    # -- state ---------------------------------------------------------------------

    def _choices_changed(self, *_args: object) -> None:
        if self.check_result is not None:
            self._changed_since_check = True
        self._update()

    def _no_file(self) -> str:
        return self.tr("Choose a registration list, or drop one on this window.")

    def _no_family(self) -> str:
        return self.tr(
            "Choose the column that holds the family name: set its 'Imported as' to Family name."
        )

    def _problem(self) -> str:
        """Why Import cannot run yet ("" when it can)."""
        layout = self.file_layout
        if layout is None:
            return self._no_file()
        if layout.column_of("family_name") is None:
            return self._no_family()
        if self.check_result is None:
            return self.tr(
                "Click Check to see what the import will do; nothing is written until "
                "you click Import."
            )
        refused = self.refused_rows()
        if refused and not self.good_rows_only.isChecked():
            return self.tr(
                "%n row(s) are refused (see Refused rows). Correct the file and choose it "
                "again, or tick 'Import only the good rows'.",
                "",
                refused,
            )
        return ""

    def _update(self, *_args: object) -> None:
        busy = self._busy()
        problem = self._problem()
        if not problem and self._changed_since_check:
            problem = self.tr("You changed a choice: Check again to see the new totals.")
        self.hint.setText(problem)
        self.import_button.setEnabled(not busy and not self._problem())
        self.check_button.setEnabled(
            not busy and self._problem() not in (self._no_file(), self._no_family())
        )
        self.choose_button.setEnabled(not busy)
        self.good_rows_only.setEnabled(self.file_layout is not None)
        self._update_tabs()

    def _update_tabs(self) -> None:
        refused = self.refused_rows()
        self.tabs.setTabText(TAB_PROBLEMS, self.tr("Refused rows ({count})").format(count=refused))
        organisations = self.organisations.rowCount()
        self.tabs.setTabText(
            TAB_ORGANISATIONS, self.tr("New organisations ({count})").format(count=organisations)
        )
        questions = self.matches.rowCount()
        self.tabs.setTabText(
            TAB_MATCHES, self.tr("Possible matches ({count})").format(count=questions)
        )
        checked = self.check_result is not None
        self.organisations_note.setText(
            self.tr(
                "These organisations are not on record yet. Ticked ones are created by the "
                "import; the rows of unticked ones are refused."
            )
            if organisations
            else self.tr("No new organisations.")
            if checked
            else self.tr("Click Check to list the organisations that are not on record yet.")
        )
        self.matches_note.setText(
            self.tr(
                "These rows may name someone already on record. Choose the person, or "
                "'A new person' if they are not the same."
            )
            if questions
            else self.tr("No possible matches.")
            if checked
            else self.tr("Click Check to find the rows that may name someone already on record.")
        )
