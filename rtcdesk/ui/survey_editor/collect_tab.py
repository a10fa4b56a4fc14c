"""The Collect tab: returned forms in, after a review.

Choose the returned files (or a folder, or drop them on the editor window):
each is read and matched to its recipient, and the review says, before
anything is written, what each file would do: a new response, changed
answers (on record and in the file, side by side), nothing new, or refused
with the reason; answers that cannot be read, with why; notes. "Write" then
stores what can be read. The same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.survey_forms import (
    ReturnReview,
    closed_surveys,
    commit_returns,
    reopen,
    review_returns,
)
from rtcdesk.services.survey_responses import returned_files
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.file_choice import IMPORT_FOLDER_KEY, remember_folder
from rtcdesk.ui.prompts import ask_yes_no, show_refusal
from rtcdesk.ui.survey_editor.review_models import (
    FILE_COLUMNS,
    LINE_COLUMNS,
    ReviewLine,
    review_lines,
)
from rtcdesk.ui.tables import RowFilterProxy, RowTableModel
from rtcdesk.ui.workspace import RowTable

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database
    from rtcdesk.progress import ProgressReporter

WRITES = ("new", "changed")


class CollectTab(QWidget):
    status_message = Signal(str)
    #: Responses were written.
    changed = Signal()
    #: A review is shown (after the files were read).
    reviewed = Signal()

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self.task: BackgroundTask | None = None

        intro = QLabel(
            self.tr(
                "Choose the returned forms, or drop them (or a folder) on this window. "
                "Nothing is written until you have looked at the review and pressed Write."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("C&hoose returned files…"))
        self.choose_button.setAccessibleName(self.tr("Choose returned files"))
        self.choose_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(self.tr("Choose a &folder…"))
        self.folder_button.setAccessibleName(self.tr("Choose a folder of returned files"))
        self.folder_button.clicked.connect(self.choose_folder)

        self.files: RowTableModel[ReturnReview] = RowTableModel(FILE_COLUMNS, self)
        self.files_proxy: RowFilterProxy[ReturnReview] = RowFilterProxy(None, self)
        self.files_proxy.setSourceModel(self.files)
        self.file_table = RowTable()
        self.file_table.setModel(self.files_proxy)
        self.file_table.setAccessibleName(self.tr("Returned files"))
        # File names start alike ("<survey title> - <name>"); keep both ends visible.
        self.file_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_table.selectionModel().currentRowChanged.connect(self._show_current)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAccessibleName(self.tr("About the chosen file"))
        self.lines: RowTableModel[ReviewLine] = RowTableModel(LINE_COLUMNS, self)
        self.line_table = RowTable()
        self.line_table.setSortingEnabled(False)
        self.line_table.setModel(self.lines)
        self.line_table.setAccessibleName(self.tr("Answers of the chosen file"))
        self.line_table.selectionModel().currentRowChanged.connect(self._update_take)
        self.take_button = QPushButton(self.tr("Ta&ke the older answer"))
        self.take_button.setAccessibleName(self.tr("Take the older answer"))
        self.take_button.setToolTip(
            self.tr("An older copy changes nothing unless you take its answers, one by one")
        )
        self.take_button.clicked.connect(self.toggle_take)

        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("What Write will do"))
        self.write_button = QPushButton(self.tr("&Write"))
        self.write_button.setAccessibleName(self.tr("Write"))
        self.write_button.clicked.connect(self.commit)
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.setAccessibleName(self.tr("Clear the review"))
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.folder_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(self.line_table, 1)
        take_row = QHBoxLayout()
        take_row.addStretch()
        take_row.addWidget(self.take_button)
        lower_layout.addLayout(take_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.file_table)
        splitter.addWidget(lower)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.write_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._update()

    # -- reading -----------------------------------------------------------------

    def choose_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose the returned forms"),
            "",
            self.tr("Excel workbooks (*.xlsx);;All files (*)"),
        )
        if chosen:
            self.collect([Path(p) for p in chosen])

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder of returned forms"))
        if chosen:
            self.collect([Path(chosen)])

    def collect(self, paths: Sequence[Path]) -> BackgroundTask | None:
        """Read ``paths`` (files or folders) off the GUI thread and show the review."""
        files = returned_files(paths)
        if not files:
            self.outcome.setText(self.tr("No .xlsx files in what was chosen."))
            return None
        remember_folder(IMPORT_FOLDER_KEY, files[0])
        database, survey_id = self.database, self.survey_id

        def work(progress: ProgressReporter) -> list[ReturnReview]:
            with database.read() as session:
                return review_returns(session, files, survey_id, progress)

        self.task = BackgroundTask(
            self,
            work,
            title=self.tr("Collect"),
            label=self.tr("Reading %n returned file(s)…", "", len(files)),
        )
        self.task.succeeded.connect(self.show_review)
        self.task.finished.connect(self._update)
        self.task.start()
        self._update()
        return self.task

    def show_review(self, reviews: list[ReturnReview]) -> None:
        self.files.set_rows(reviews)
        self.file_table.fit_columns([3])
        self.file_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        if reviews:
            self.file_table.selectRow(0)
            self.file_table.setCurrentIndex(self.files_proxy.index(0, 0))
        self._update()
        self.reviewed.emit()

    def reviews(self) -> list[ReturnReview]:
        return self.files.rows()

    def _show_current(self, *_args: object) -> None:
        review = self.files_proxy.row_at(self.file_table.currentIndex())
        if review is None:
            self.detail.setText("")
            self.lines.set_rows([])
            return
        parts = [review.describe()]
        parts += [self.tr("Note: {note}").format(note=note) for note in review.notes]
        self.detail.setText("\n".join(parts))
        self.lines.set_rows(review_lines(review))
        self.line_table.fit_columns([0, 3])
        self._update_take()

    def _current(self) -> tuple[ReturnReview | None, ReviewLine | None]:
        review = self.files_proxy.row_at(self.file_table.currentIndex())
        index = self.line_table.currentIndex()
        line = index.data(RowTableModel.ObjectRole) if index.isValid() else None
        return review, line

    def _update_take(self, *_args: object) -> None:
        review, line = self._current()
        older = review is not None and review.older and review.chosen is not None
        self.take_button.setVisible(bool(review is not None and review.older))
        self.take_button.setEnabled(older and line is not None and line.question_id is not None)
        if older and line is not None and review is not None and review.chosen is not None:
            taken = line.question_id in review.chosen
            keep, take = self.tr("Kee&p the one on record"), self.tr("Ta&ke the older answer")
            self.take_button.setText(keep if taken else take)

    def toggle_take(self) -> None:
        """Take (or give back) the older copy's answer on the chosen line."""
        review, line = self._current()
        if review is None or line is None or line.question_id is None or review.chosen is None:
            return
        review.chosen ^= {line.question_id}
        row = self.line_table.currentIndex().row()
        self.lines.set_rows(review_lines(review))
        self.line_table.selectRow(row)
        self._update_take()
        self._update()

    # -- writing -----------------------------------------------------------------

    def _update(self) -> None:
        reviews = self.reviews()
        busy = self.task is not None and self.task.running
        writes = [r for r in reviews if r.status in WRITES and r.answers]
        unreadable = sum(len(r.invalid) for r in writes)
        refused = sum(r.status == "refused" for r in reviews)
        self.choose_button.setEnabled(not busy)
        self.folder_button.setEnabled(not busy)
        self.write_button.setEnabled(bool(writes) and not busy)
        self.clear_button.setEnabled(bool(reviews) and not busy)
        if not reviews:
            return
        parts = [self.tr("Write stores %n response(s).", "", len(writes))]
        if unreadable:
            parts.append(
                self.tr(
                    "%n answer(s) that cannot be read are left out: ask the respondents.",
                    "",
                    unreadable,
                )
            )
        if refused:
            parts.append(self.tr("%n file(s) are refused.", "", refused))
        self.outcome.setText(" ".join(parts))

    def commit(self) -> bool:
        """Write what the review shows; False (saying why) when it was refused."""
        reviews = self.reviews()
        try:
            with self.database.write() as session:
                closed = closed_surveys(session, reviews)
                if closed and not self._reopen_asked([s.title for s in closed]):
                    session.rollback()
                    return False
                reopen(closed)
                result = commit_returns(session, reviews)
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Not written"))
            return False
        self.files.set_rows([])
        self.lines.set_rows([])
        self.detail.setText("")
        self._update()
        message = self.tr("Collected: {new}, {changed}, {unchanged}, {refused}").format(
            new=self.tr("%n new response(s)", "", result.responses_new),
            changed=self.tr("%n changed", "", result.responses_changed),
            unchanged=self.tr("%n unchanged", "", result.unchanged),
            refused=self.tr("%n refused", "", len(result.refused)),
        )
        if result.incomplete:
            message += self.tr("; incomplete, still to chase: {names}").format(
                names=", ".join(result.incomplete)
            )
        self.outcome.setText(message)
        self.status_message.emit(message)
        self.changed.emit()
        return True

    def _reopen_asked(self, titles: list[str]) -> bool:
        return ask_yes_no(
            self,
            self.tr("Survey closed"),
            self.tr("The survey '{title}' is closed. Reopen it to take these returns?").format(
                title=", ".join(titles)
            ),
            self.tr("Nothing is written unless you reopen it."),
        )

    def clear(self) -> None:
        self.files.set_rows([])
        self.lines.set_rows([])
        self.detail.setText("")
        self.outcome.setText("")
        self._update()
