"""The survey results workbook from the database: responses (labels or codes
as column headers), the per-question summary with charts, the tracker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import SurveyAnswer, SurveyRecipient
from rtcdesk.excel.survey_report import ChartTable, SurveyReport, write_survey_report
from rtcdesk.services.names import meeting_title
from rtcdesk.services.survey_analysis import QuestionSummary, response_rates, summarise, tracker
from rtcdesk.services.surveys import get_survey, list_questions
from rtcdesk.vocabulary import RecipientStatus


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _chart_table(summary: QuestionSummary) -> ChartTable:
    lines: list[tuple[str, Any]] = [("Answered by", summary.answered)]
    if summary.mean is not None:
        lines += [("Mean", summary.mean), ("Median", summary.median)]
    lines += [(f"  {who}", text) for who, text in summary.texts]
    return ChartTable(
        f"{summary.code}: {summary.text}",
        [(o.option, o.count, o.share) for o in summary.options],
        lines,
    )


def export_survey(session: Session, survey_id: int, target: Path, headers: str = "labels") -> Path:
    """Write the results workbook; ``headers`` "labels" (question texts) or "codes"."""
    survey = get_survey(session, survey_id)
    questions = list_questions(session, survey_id)
    rows = tracker(session, survey_id)
    answers: dict[int, dict[int, Any]] = {}
    stmt = (
        select(SurveyAnswer.recipient_id, SurveyAnswer.question_id, SurveyAnswer.value)
        .join(SurveyRecipient, SurveyAnswer.recipient_id == SurveyRecipient.id)
        .where(SurveyRecipient.survey_id == survey_id)
    )
    for recipient_id, question_id, value in session.execute(stmt):
        answers.setdefault(recipient_id, {})[question_id] = value
    respondents = [r for r in rows if r.status is RecipientStatus.RESPONDED]
    title = [survey.title]
    if survey.meeting is not None:
        title.append(
            f"Follow-up of the {meeting_title(survey.meeting.title, survey.meeting.ordinal)}"
        )
    overall = response_rates(rows)[0] if rows else None
    if overall is not None:
        title.append(
            f"{overall.responded} of {overall.recipients} recipients responded ({overall.rate:.0%})"
        )
    question_headers = [q.text if headers == "labels" else q.code for q in questions]
    report = SurveyReport(
        title_lines=title,
        response_headers=["Respondent", "Delegation", "Responded", *question_headers],
        responses=[
            [
                r.name,
                r.delegation,
                r.responded_at.replace(tzinfo=None) if r.responded_at else None,
                *(_cell(answers.get(r.recipient_id, {}).get(q.id)) for q in questions),
            ]
            for r in respondents
        ],
        summary=[_chart_table(s) for s in summarise(session, survey_id)]
        + [
            ChartTable(
                "Response rate by sub-region",
                [(g.group, g.responded, g.rate) for g in response_rates(rows, "sub_region")],
            )
        ],
        tracker_headers=[
            "Recipient",
            "E-mail",
            "Delegation",
            "Sub-region",
            "Status",
            "Invited",
            "Reminders",
            "Last reminded",
            "Responded",
            "Note",
        ],
        tracker=[
            [
                r.name,
                r.email,
                r.delegation,
                r.sub_region,
                r.status.label,
                _naive(r.invited_at),
                r.reminder_count,
                _naive(r.last_reminded_at),
                _naive(r.responded_at),
                r.note,
            ]
            for r in rows
        ],
    )
    return write_survey_report(target, report)


def _naive(value: Any) -> Any:
    """Excel has no time zones: UTC times are written without one."""
    return value.replace(tzinfo=None) if value is not None else None
