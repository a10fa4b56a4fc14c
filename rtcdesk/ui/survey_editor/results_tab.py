"""The Results tab: per question, the counts and shares of each answer as
bars (painted by a delegate; no charting library), mean and median for
numbers and ratings, and the text answers with who wrote them; beside it the
response rate overall, per delegation or per sub-region. Export writes the
results workbook (responses, summary with Excel charts, tracker).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rtcdesk.errors import RtcdeskError
from rtcdesk.services.survey_analysis import (
    OptionCount,
    QuestionSummary,
    Rate,
    TrackerRow,
    response_rates,
    summarise,
    tracker,
)
from rtcdesk.services.survey_design import question_rows, survey_details
from rtcdesk.services.survey_export import export_survey
from rtcdesk.ui.bar_delegate import BarDelegate
from rtcdesk.ui.file_choice import (
    EXPORT_FOLDER_KEY,
    ask_save_path,
    remember_folder,
    suggested_export_path,
)
from rtcdesk.ui.prompts import show_refusal
from rtcdesk.ui.tables import Column, RowFilterProxy, RowTableModel, enum_label, format_date
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.ui.workspace import RowTable
from rtcdesk.vocabulary import QuestionKind

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

TextAnswer = tuple[str, str]
SHARE_COLUMN = 2
RATE_COLUMN = 3


def _number(value: float | None) -> str:
    """A mean or median: whole numbers as they are, others to one decimal."""
    if value is None:
        return ""
    return QLocale().toString(value, "f", 0 if value == int(value) else 1)


QUESTION_COLUMNS: list[Column[QuestionSummary]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Code"), lambda s: s.code),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Question"),
        lambda s: s.text,
        tooltip=lambda s: f"{s.section}\n{s.text}" if s.section else s.text,
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Type"), lambda s: enum_label(s.kind)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Answered"),
        lambda s: str(s.answered),
        sort_key=lambda s: s.answered,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Mean"),
        lambda s: _number(s.mean),
        sort_key=lambda s: s.mean if s.mean is not None else float("-inf"),
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Median"),
        lambda s: _number(s.median),
        sort_key=lambda s: s.median if s.median is not None else float("-inf"),
        numeric=True,
    ),
]
OPTION_COLUMNS: list[Column[OptionCount]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Answer"), lambda o: o.option),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Count"),
        lambda o: str(o.count),
        sort_key=lambda o: o.count,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Share"),
        lambda o: f"{o.share:.0%}",
        sort_key=lambda o: o.share,
        stretch=True,
    ),
]
TEXT_COLUMNS: list[Column[TextAnswer]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Respondent"), lambda t: t[0]),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Answer"), lambda t: t[1], tooltip=lambda t: t[1], stretch=True
    ),
]
RATE_COLUMNS: list[Column[Rate]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Group"), lambda r: r.group),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Recipients"),
        lambda r: str(r.recipients),
        sort_key=lambda r: r.recipients,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Responded"),
        lambda r: str(r.responded),
        sort_key=lambda r: r.responded,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Rate"),
        lambda r: f"{r.rate:.0%}",
        sort_key=lambda r: r.rate,
        stretch=True,
    ),
]
#: The "Response rate" grouping: its label and ``response_rates``' ``by``.
GROUPINGS = [
    (QT_TRANSLATE_NOOP("ResultsTab", "Overall"), None),
    (QT_TRANSLATE_NOOP("ResultsTab", "By delegation"), "delegation"),
    (QT_TRANSLATE_NOOP("ResultsTab", "By sub-region"), "sub_region"),
]


def _table(model: RowTableModel[Any], name: str, sortable: bool = True) -> RowTable:
    """A table of ``model``'s rows; a sortable one shows them through a
    sorting proxy (the model itself cannot sort)."""
    table = RowTable()
    table.setSortingEnabled(sortable)
    if sortable:
        proxy: RowFilterProxy[Any] = RowFilterProxy(parent=table)
        proxy.setSourceModel(model)
        table.setModel(proxy)
    else:
        table.setModel(model)
    table.setAccessibleName(name)
    return table


class ResultsTab(QWidget):
    status_message = Signal(str)

    def __init__(self, database: Database, survey_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.survey_id = survey_id
        self._rows: list[TrackerRow] = []
        self._end_labels: dict[str, dict[int | None, str]] = {}

        self.questions: RowTableModel[QuestionSummary] = RowTableModel(QUESTION_COLUMNS, self)
        self.question_table = _table(self.questions, self.tr("Questions"), sortable=False)
        self.question_table.selectionModel().currentRowChanged.connect(self._show_question)
        self.options: RowTableModel[OptionCount] = RowTableModel(OPTION_COLUMNS, self)
        self.option_table = _table(self.options, self.tr("Answers"), sortable=False)
        self.option_table.setItemDelegateForColumn(SHARE_COLUMN, BarDelegate(self.option_table))
        self.texts: RowTableModel[TextAnswer] = RowTableModel(TEXT_COLUMNS, self)
        self.text_table = _table(self.texts, self.tr("Text answers"))
        self.text_table.setWordWrap(True)
        self.question_heading = QLabel()
        self.question_heading.setWordWrap(True)
        self.question_heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.question_heading.font()
        font.setBold(True)
        self.question_heading.setFont(font)
        self.figures = QLabel()
        self.figures.setAccessibleName(self.tr("Answered, mean and median"))
        self.answers = QStackedWidget()
        self.answers.addWidget(self.option_table)
        self.answers.addWidget(self.text_table)

        self.rates: RowTableModel[Rate] = RowTableModel(RATE_COLUMNS, self)
        self.rate_table = _table(self.rates, self.tr("Response rates"))
        self.rate_table.setItemDelegateForColumn(RATE_COLUMN, BarDelegate(self.rate_table))
        self.grouping = QComboBox()
        for label, _by in GROUPINGS:
            self.grouping.addItem(self.tr(label))
        self.grouping.setCurrentIndex(2)
        self.grouping.currentIndexChanged.connect(self._show_rates)
        self.overall = QLabel()
        self.overall.setAccessibleName(self.tr("Overall response rate"))

        self.headers = QComboBox()
        self.headers.addItem(self.tr("Question texts"), "labels")
        self.headers.addItem(self.tr("Question codes"), "codes")
        self.export_button = QPushButton(self.tr("E&xport results…"))
        self.export_button.setAccessibleName(self.tr("Export results"))
        self.export_button.clicked.connect(lambda: self.export())

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.question_heading)
        detail_layout.addWidget(self.figures)
        detail_layout.addWidget(self.answers, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.question_table)
        left.addWidget(detail)
        left.setSizes([300, 300])
        questions_box = QGroupBox(self.tr("Answers per question"))
        QVBoxLayout(questions_box).addWidget(left)

        rate_box = QGroupBox(self.tr("Response rate"))
        rate_layout = QVBoxLayout(rate_box)
        rate_layout.addWidget(self.overall)
        grouping_row = QHBoxLayout()
        grouping_label = QLabel(self.tr("&Show:"))
        grouping_label.setBuddy(self.grouping)
        self.grouping.setAccessibleName(self.tr("Response rate grouping"))
        grouping_row.addWidget(grouping_label)
        grouping_row.addWidget(self.grouping, 1)
        rate_layout.addLayout(grouping_row)
        rate_layout.addWidget(self.rate_table, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(questions_box)
        splitter.addWidget(rate_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        export_row = QHBoxLayout()
        export_row.addStretch()
        headers_label = QLabel(self.tr("Column &headers:"))
        headers_label.setBuddy(self.headers)
        self.headers.setAccessibleName(self.tr("Column headers of the export"))
        export_row.addWidget(headers_label)
        export_row.addWidget(self.headers)
        export_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(export_row)
        self.refresh()

    def refresh(self) -> None:
        current = self.question_table.currentIndex().row()
        with self.database.read() as session:
            summaries = summarise(session, self.survey_id)
            self._rows = tracker(session, self.survey_id)
            self._end_labels = {
                q.code: {q.scale_min: q.scale_min_label, q.scale_max: q.scale_max_label}
                for q in question_rows(session, self.survey_id)
                if q.kind is QuestionKind.RATING
            }
        self.questions.set_rows(summaries)
        self.question_table.fit_columns([1])
        if summaries:
            row = current if 0 <= current < len(summaries) else 0
            self.question_table.selectRow(row)
            self.question_table.setCurrentIndex(self.questions.index(row, 0))
        self._show_question()
        self._show_rates()

    def _show_question(self, *_args: object) -> None:
        index = self.question_table.currentIndex()
        summary = self.questions.row(index.row()) if index.isValid() else None
        if summary is None:
            self.question_heading.setText(self.tr("No questions yet."))
            self.figures.setText("")
            self.options.set_rows([])
            self.texts.set_rows([])
            return
        self.question_heading.setText(f"{index.row() + 1}. {summary.text}")
        figures = [self.tr("%n answer(s)", "", summary.answered)]
        if summary.mean is not None:
            figures.append(self.tr("mean {value}").format(value=_number(summary.mean)))
        if summary.median is not None:
            figures.append(self.tr("median {value}").format(value=_number(summary.median)))
        if summary.earliest is not None and summary.latest is not None:
            figures.append(
                self.tr("from {first} to {last}").format(
                    first=format_date(summary.earliest), last=format_date(summary.latest)
                )
            )
        self.figures.setText(" · ".join(figures))
        self.options.set_rows(self._labelled(summary))
        self.texts.set_rows(summary.texts)
        self.answers.setCurrentWidget(self.text_table if summary.texts else self.option_table)
        table = self.text_table if summary.texts else self.option_table
        table.fit_columns([1] if summary.texts else [SHARE_COLUMN])
        if summary.texts:
            self.text_table.resizeRowsToContents()

    def _labelled(self, summary: QuestionSummary) -> list[OptionCount]:
        """The options; the ends of a rating scale with their labels ("5 — Very much")."""
        labels = self._end_labels.get(summary.code)
        if not labels:
            return summary.options
        return [
            replace(o, option=f"{o.option} — {labels[int(o.option)]}")
            if labels.get(int(o.option))
            else o
            for o in summary.options
        ]

    def _show_rates(self) -> None:
        by = GROUPINGS[max(self.grouping.currentIndex(), 0)][1]
        self.rates.set_rows(response_rates(self._rows, by) if self._rows else [])
        self.rate_table.fit_columns([RATE_COLUMN])
        if self._rows:
            overall = response_rates(self._rows)[0]
            self.overall.setText(
                self.tr(
                    "{responded} of %n recipient(s) responded ({rate:.0%})", "", overall.recipients
                ).format(responded=overall.responded, rate=overall.rate)
            )
        else:
            self.overall.setText(self.tr("No recipients yet."))

    def export(self, target: Path | None = None) -> Path | None:
        """Write the results workbook (asks where, unless ``target`` is given).

        Written at once, not in the background: a survey's results are a few
        hundred rows at most and take well under a second."""
        headers = self.headers.currentData()
        if target is None:
            with self.database.read() as session:
                title = survey_details(session, self.survey_id).data.title
            target = ask_save_path(
                self,
                self.tr("Export the results"),
                suggested_export_path(self.tr("{survey} - results").format(survey=title)),
            )
        if target is None:
            return None
        try:
            written = self._write(target, headers)
        except RtcdeskError as refused:
            show_refusal(self, refused, self.tr("Not exported"))
            return None
        remember_folder(EXPORT_FOLDER_KEY, written)
        self.status_message.emit(self.tr("Exported the results to {file}").format(file=written))
        return written

    def _write(self, target: Path, headers: str) -> Path:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.database.read() as session:
                return export_survey(session, self.survey_id, target, headers)
        finally:
            QApplication.restoreOverrideCursor()
