"""The survey results workbook from the database: a one-page summary, the
answers per question with charts, the responses (question texts or codes as
column headers) and the tracker. Printed on the paper of the preferences."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import SurveyAnswer, SurveyQuestion, SurveyRecipient
from rtcdesk.excel.report import ReportColumn
from rtcdesk.excel.survey_report import ChartTable, SurveyReport, write_survey_report
from rtcdesk.services.names import meeting_title
from rtcdesk.services.print_settings import paper_size
from rtcdesk.services.survey_analysis import (
    QuestionSummary,
    TrackerRow,
    response_rates,
    summarise,
    tracker,
)
from rtcdesk.services.surveys import get_survey, list_questions
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import RETURNED, TO_CHASE, QuestionKind, RecipientStatus

#: Responses sheet: the widest a question's column grows, by kind (characters).
_ANSWER_WIDTHS = {QuestionKind.TEXT: 26, QuestionKind.MULTIPLE_CHOICE: 20}
_SHORT_ANSWER_WIDTH = 12
_TRACKER_WIDTHS = {"Recipient": 22, "E-mail": 24, "Delegation": 16, "Sub-region": 13, "Note": 18}
TRACKER_HEADERS = (
    "Recipient", "E-mail", "Delegation", "Sub-region", "Status", "Invited",
    "Reminders", "Last reminded", "Responded", "Note",
)  # fmt: skip


def answer_cell(question: SurveyQuestion, value: Any) -> Any:
    """A stored answer as a cell shows it: Yes/No, choices joined, dates as dates."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if question.kind is QuestionKind.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def answer_words(value: Any) -> str:
    """A stored answer in words, as the command line prints it: Yes/No,
    choices joined, dates as "2 May 2024", "(no answer)" for none."""
    if value is None or value == []:
        return "(no answer)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(answer_words(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day} {day:%b %Y}"
    return str(value)


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _whole(value: float | None) -> float | int | None:
    """Whole numbers as integers (a total of 155, not 155.0)."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def in_words(summary: QuestionSummary, question: SurveyQuestion) -> str:
    """What the answers to one question say, in a few words, for the summary."""
    if not summary.answered:
        return "no answers yet"
    kind = summary.kind
    if summary.earliest is not None and summary.latest is not None:
        first, last = _day_text(summary.earliest), _day_text(summary.latest)
        return first if first == last else f"{first} to {last}"
    if kind is QuestionKind.RATING and summary.mean is not None:
        return (
            f"mean {summary.mean:.1f} on {question.scale_min} to {question.scale_max} "
            f"(median {_number(summary.median or 0)})"
        )
    if summary.options:
        counted = sorted((o for o in summary.options if o.count), key=lambda o: -o.count)
        words = ", ".join(f"{o.option} {o.count}" for o in counted[:4])
        return words + (", …" if len(counted) > 4 else "")
    if kind is QuestionKind.NUMBER and summary.mean is not None:
        total = summary.mean * summary.answered
        return f"total {_number(total)}, mean {_number(summary.mean)}"
    if kind is QuestionKind.TEXT:
        return plural(summary.answered, "written answer", "written answers") + " (Answers sheet)"
    return plural(summary.answered, "answer", "answers")


def _options(summary: QuestionSummary, question: SurveyQuestion) -> list[tuple[str, int, float]]:
    """Option rows for the chart; a rating scale's ends carry their labels."""
    ends = {
        str(question.scale_min): question.scale_min_label,
        str(question.scale_max): question.scale_max_label,
    }
    rows = []
    for option in summary.options:
        label = option.option
        if summary.kind is QuestionKind.RATING and ends.get(label):
            label = f"{label} = {ends[label]}"
        rows.append((label, option.count, option.share))
    return rows


def _chart_table(number: int, summary: QuestionSummary, question: SurveyQuestion) -> ChartTable:
    lines: list[tuple[str, Any]] = [("Answered by", summary.answered)]
    if summary.kind is QuestionKind.NUMBER and summary.mean is not None:
        lines.append(("Total", _whole(summary.mean * summary.answered)))
    if summary.mean is not None:
        lines += [("Mean", _whole(summary.mean)), ("Median", _whole(summary.median))]
    if summary.earliest is not None:
        lines += [("Earliest", summary.earliest), ("Latest", summary.latest)]
    return ChartTable(number, summary.text, _options(summary, question), lines, summary.texts)


def _response_column(question: SurveyQuestion, number: int, headers: str) -> ReportColumn:
    header = f"{number}. {question.text}" if headers == "labels" else question.code
    width = _ANSWER_WIDTHS.get(question.kind, _SHORT_ANSWER_WIDTH)
    return ReportColumn(header, wrap=question.kind is QuestionKind.TEXT, max_width=width)


def _rates(rows: list[TrackerRow], closes_on: date | None) -> list[tuple[str, Any]]:
    count = {status: sum(r.status is status for r in rows) for status in RecipientStatus}
    returned = sum(count[s] for s in RETURNED)
    waiting = sum(count[s] for s in TO_CHASE - RETURNED)
    rate = f" ({returned / len(rows):.0%})" if rows else ""
    lines: list[tuple[str, Any]] = [
        ("Recipients", len(rows)),
        ("Responded", f"{returned}{rate}"),
        ("of which incomplete", count[RecipientStatus.INCOMPLETE]),
        ("Declined", count[RecipientStatus.DECLINED]),
        ("Undeliverable", count[RecipientStatus.UNDELIVERABLE]),
        ("Still to answer", waiting),
    ]
    if closes_on is not None:
        lines.append(("Deadline", closes_on))
    return lines


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
    respondents = [r for r in rows if r.status in RETURNED]
    title = [survey.title]
    if survey.meeting is not None:
        title.append(
            f"Follow-up of the {meeting_title(survey.meeting.title, survey.meeting.ordinal)}"
        )
    responses = [
        [
            r.name,
            r.delegation,
            _naive(r.responded_at),
            *(answer_cell(q, answers.get(r.recipient_id, {}).get(q.id)) for q in questions),
        ]
        for r in respondents
    ]
    summaries = summarise(session, survey_id)
    numbered = list(enumerate(zip(summaries, questions, strict=True), start=1))
    report = SurveyReport(
        title_lines=title,
        rates=_rates(rows, survey.closes_on),
        questions=[(n, q.text, s.answered, in_words(s, q)) for n, (s, q) in numbered],
        groups=[
            (g.group, g.recipients, g.responded, g.rate) for g in response_rates(rows, "sub_region")
        ],
        answers=[_chart_table(n, s, q) for n, (s, q) in numbered],
        response_columns=[
            ReportColumn("Respondent", wrap=True, max_width=22),
            ReportColumn("Delegation", wrap=True, max_width=18),
            ReportColumn("Responded"),
            *(_response_column(q, n, headers) for n, q in enumerate(questions, start=1)),
        ],
        responses=responses,
        tracker_columns=[
            ReportColumn(h, max_width=_TRACKER_WIDTHS.get(h, 21)) for h in TRACKER_HEADERS
        ],
        tracker=[
            [
                r.name,
                r.email,
                r.delegation,
                r.sub_region,
                r.status.label,
                _day(r.invited_at),
                r.reminder_count,
                _day(r.last_reminded_at),
                _day(r.responded_at),
                r.note,
            ]
            for r in rows
        ],
    )
    return write_survey_report(target, report, paper_size())


def _day(value: Any) -> date | None:
    """The day of a UTC time, as the tracker prints it."""
    return value.date() if value is not None else None


def _naive(value: Any) -> Any:
    """Excel has no time zones: UTC times are written without one."""
    return value.replace(tzinfo=None) if value is not None else None
