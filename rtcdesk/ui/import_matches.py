"""Possible matches: rows of a registration file that may name a person
already on record. For each, the coordinator chooses that person or a new
one; nothing is merged without that choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from rtcdesk.ui.combo_delegate import ChoicesRole
from rtcdesk.ui.tables import COLUMNS_CONTEXT, AnyIndex
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rtcdesk.services.registrations import Candidate

_ROOT = QModelIndex()
CONTEXT = "ImportMatches"
COL_ROW, COL_NAME, COL_LIKELY, COL_CHOICE = range(4)
_HEADERS = [
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Row"),
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Name in the file"),
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "May be"),
    QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Import as"),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class MatchQuestion:
    """A row and the people on record it may name, best first."""

    row: int
    row_name: str
    candidates: tuple[Candidate, ...]


def candidate_label(candidate: Candidate) -> str:
    """ "Mr. PARK Jinho, RTC Korea (92% alike)"."""
    text = candidate.name
    if candidate.organisation:
        text = _tr("{name}, {organisation}").format(name=text, organisation=candidate.organisation)
    return _tr("{person} ({score}% alike)").format(person=text, score=round(candidate.score))


class MatchModel(QAbstractTableModel):
    """The questions it was given and the coordinator's answers (a person's
    id, or None for a new person, the default)."""

    #: An answer changed.
    choices_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._questions: list[MatchQuestion] = []
        self._chosen: dict[int, int | None] = {}

    def clear(self) -> None:
        self.beginResetModel()
        self._questions, self._chosen = [], {}
        self.endResetModel()

    def add_candidates(self, candidates: Iterable[Candidate]) -> None:
        """Ask about the rows not asked yet; earlier questions and answers stay
        (a check with answers given finds no candidates for those rows)."""
        by_row: dict[int, list[Candidate]] = {}
        for candidate in candidates:
            by_row.setdefault(candidate.row, []).append(candidate)
        asked = {q.row for q in self._questions}
        new = [
            MatchQuestion(row, found[0].row_name, tuple(found))
            for row, found in by_row.items()
            if row not in asked
        ]
        if not new:
            return
        self.beginResetModel()
        self._questions = sorted([*self._questions, *new], key=lambda q: q.row)
        for question in new:
            self._chosen[question.row] = None
        self.endResetModel()

    def questions(self) -> list[MatchQuestion]:
        return list(self._questions)

    def confirmed(self) -> dict[int, int | None]:
        """Row -> the chosen person's id (None: a new person), for ImportOptions."""
        return dict(self._chosen)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._questions)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate(COLUMNS_CONTEXT, _HEADERS[section])
        return None

    def _choices(self, question: MatchQuestion) -> list[tuple[str, int | None]]:
        return [(_tr("A new person"), None)] + [
            (candidate_label(c), c.person_id) for c in question.candidates
        ]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._questions):
            return None
        question = self._questions[index.row()]
        if index.column() == COL_ROW:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(question.row)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if index.column() == COL_NAME and role == Qt.ItemDataRole.DisplayRole:
            return question.row_name
        if index.column() == COL_LIKELY:
            if role == Qt.ItemDataRole.DisplayRole:
                best = candidate_label(question.candidates[0])
                others = len(question.candidates) - 1
                if not others:
                    return best
                return _tr("{best}, or {others} more").format(best=best, others=others)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(candidate_label(c) for c in question.candidates)
        if index.column() == COL_CHOICE:
            chosen = self._chosen.get(question.row)
            if role == Qt.ItemDataRole.DisplayRole:
                return next(label for label, value in self._choices(question) if value == chosen)
            if role == Qt.ItemDataRole.EditRole:
                return chosen
            if role == ChoicesRole:
                return self._choices(question)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _tr("Import row {row} as").format(row=question.row)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_CHOICE:
            return False
        question = self._questions[index.row()]
        if value not in [v for _label, v in self._choices(question)]:
            return False
        if self._chosen.get(question.row) != value:
            self._chosen[question.row] = value
            self.dataChanged.emit(index, index)
            self.choices_changed.emit()
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == COL_CHOICE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
