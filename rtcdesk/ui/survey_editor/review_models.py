"""The review of returned files as tables: one row per file, and for the
chosen file one row per answer that changes, cannot be read, or is noted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from rtcdesk.services.survey_forms import ReturnReview
from rtcdesk.ui.survey_editor.answer_text import answer_text
from rtcdesk.ui.tables import Column
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP, TrOnClass

#: The order files are listed in: what needs a look first.
STATUS_ORDER = {"refused": 0, "changed": 1, "new": 2, "unchanged": 3}
STATUS_LABELS = {
    "new": QT_TRANSLATE_NOOP("ReviewModels", "New response"),
    "changed": QT_TRANSLATE_NOOP("ReviewModels", "Changed answers"),
    "unchanged": QT_TRANSLATE_NOOP("ReviewModels", "Nothing new"),
    "refused": QT_TRANSLATE_NOOP("ReviewModels", "Refused"),
}


class ReviewModels(TrOnClass, QObject):
    """The translation context of these tables' texts: its ``tr`` words a
    count (``ReviewModels.tr("%n note(s)", "", n)``, as lupdate reads it)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewModels", text)


def status_label(review: ReturnReview) -> str:
    if review.older and review.status != "refused":
        return _tr("Older copy")
    return _tr(STATUS_LABELS[review.status])


def review_summary(review: ReturnReview) -> str:
    """What the file holds, in a few words."""
    if review.status == "refused":
        return review.reason
    parts = []
    if review.status == "new":
        parts.append(ReviewModels.tr("%n answer(s)", "", len(review.changes)))
    elif review.status == "changed":
        parts.append(ReviewModels.tr("%n answer(s) change", "", len(review.changes)))
    if review.invalid:
        parts.append(ReviewModels.tr("%n cannot be read", "", len(review.invalid)))
    if review.notes:
        parts.append(ReviewModels.tr("%n note(s)", "", len(review.notes)))
    return "; ".join(parts)


FILE_COLUMNS: list[Column[ReturnReview]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "File"),
        lambda r: r.file.name,
        tooltip=lambda r: str(r.file),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Result"),
        status_label,
        sort_key=lambda r: STATUS_ORDER[r.status],
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Respondent"), lambda r: r.respondent),
    Column(QT_TRANSLATE_NOOP("Columns", "What it holds"), review_summary, stretch=True),
]


@dataclass(frozen=True)
class ReviewLine:
    """One answer of the chosen file: a change (on record -> in the file) or
    an answer that cannot be read (what was given, and why)."""

    code: str
    question: str
    on_record: str
    in_file: str
    remark: str
    #: "Q3 How many national trainings…", as the form numbers the question.
    name: str
    #: The question a change is to (None for an unreadable answer).
    question_id: int | None = None


def review_lines(review: ReturnReview) -> list[ReviewLine]:
    """The answers that cannot be read first (they need the coordinator), then the changes."""
    unreadable = [
        ReviewLine(
            bad.code,
            bad.question,
            "",
            bad.given if isinstance(bad.given, str) else answer_text(bad.given),
            _tr("cannot be read: {reason}").format(reason=bad.reason),
            bad.name,
        )
        for bad in review.invalid
    ]
    changes = [
        ReviewLine(
            c.code,
            c.question,
            answer_text(c.old),
            answer_text(c.new),
            _change_remark(review, c.question_id, c.old is None),
            c.name,
            c.question_id,
        )
        for c in review.changes
    ]
    return unreadable + changes


def _change_remark(review: ReturnReview, question_id: int, new: bool) -> str:
    if review.older:
        if review.chosen is not None and question_id not in review.chosen:
            return _tr("older copy: the answer on record is kept")
        return _tr("older copy: its answer is taken")
    return _tr("new answer") if new else _tr("changed")


LINE_COLUMNS: list[Column[ReviewLine]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Question"),
        lambda r: r.name,
        tooltip=lambda r: r.question,
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "On record"), lambda r: r.on_record),
    Column(QT_TRANSLATE_NOOP("Columns", "In the file"), lambda r: r.in_file),
    Column(QT_TRANSLATE_NOOP("Columns", "Remark"), lambda r: r.remark),
]
