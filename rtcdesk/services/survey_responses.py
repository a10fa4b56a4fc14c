"""Answers that come back outside rtcdesk's own forms: a response received on
paper or in an e-mail body and typed in by the coordinator; and the returned
workbooks a coordinator hands over as files or folders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rtcdesk.db.models import SurveyRecipient
from rtcdesk.services.records import get_or_raise
from rtcdesk.services.surveys import list_questions, normalise_answer


@dataclass(frozen=True)
class StoredResponse:
    """A recipient's answers as stored, and the recipient's version: saving
    answers typed over these names it, so that answers someone else saved
    meanwhile are not overwritten unseen."""

    answers: dict[int, Any]
    version: int


def stored_response(session: Session, recipient_id: int) -> StoredResponse:
    recipient = get_or_raise(session, SurveyRecipient, recipient_id, "recipient")
    return StoredResponse({a.question_id: a.value for a in recipient.answers}, recipient.version)


def recipient_answers(session: Session, recipient_id: int) -> dict[int, Any]:
    """The recipient's stored answers by question id (empty before they respond)."""
    return stored_response(session, recipient_id).answers


def answer_problems(session: Session, survey_id: int, answers: dict[int, Any]) -> dict[int, str]:
    """Why each given answer cannot be stored, by question id: the same
    checks ``record_response`` makes, so a form can show each reason under
    its question before anything is written."""
    problems = {}
    for question in list_questions(session, survey_id):
        if question.id not in answers:
            continue
        try:
            normalise_answer(question, answers[question.id])
        except ValueError as exc:
            problems[question.id] = str(exc)
    return problems


def received_at(day: date) -> datetime:
    """When a response received on ``day`` is recorded: midday UTC, so that the
    day reads the same in every time zone of the region."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def returned_files(paths: Iterable[Path]) -> list[Path]:
    """The workbooks to collect: files as given, folders as the .xlsx files in them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx"))
        else:
            files.append(path)
    return files
