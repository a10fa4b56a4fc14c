"""The surveys workspace: follow-up surveys with their response rates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from rtcdesk.services.surveys import SurveyRow, list_surveys
from rtcdesk.ui.empty_state import EmptyState
from rtcdesk.ui.tables import Column, enum_label, format_date
from rtcdesk.ui.workspace import ListWorkspace

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database


def _rate(row: SurveyRow) -> str:
    rate = row.response_rate
    return "" if rate is None else f"{rate:.0%}"


COLUMNS: list[Column[SurveyRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "Survey"), lambda r: r.title, stretch=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Follows up"), lambda r: r.meeting_title or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: enum_label(r.status)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Deadline"),
        lambda r: format_date(r.closes_on),
        sort_key=lambda r: r.closes_on.toordinal() if r.closes_on else 0,
        descending_first=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Recipients"),
        lambda r: str(r.recipients),
        sort_key=lambda r: r.recipients,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Responses"),
        lambda r: str(r.responses),
        sort_key=lambda r: r.responses,
        numeric=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Response rate"),
        _rate,
        sort_key=lambda r: r.response_rate or 0.0,
        numeric=True,
    ),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SurveysWorkspace", text)


class SurveysWorkspace(ListWorkspace[SurveyRow]):
    def __init__(self, database: Database, parent: QWidget | None = None):
        empty = EmptyState(
            _tr("No surveys yet"),
            _tr(
                "Follow-up action surveys ask participants, months after a meeting, what "
                "they did with what they learnt."
            ),
        )
        super().__init__(
            _tr("Surveys"), COLUMNS, lambda r: f"{r.title} {r.meeting_title or ''}",
            _tr("Survey or meeting"), empty, self._load, parent,
        )  # fmt: skip
        self._database = database

    def _load(self) -> list[SurveyRow]:
        with self._database.read() as session:
            return list_surveys(session)
