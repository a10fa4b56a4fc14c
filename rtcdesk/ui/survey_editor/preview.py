"""The form as a respondent sees it, as HTML for a read-only text browser:
the heading and deadline, the introduction, then the questions under their
section headings, each with how to answer (the form's own guidance) and a
sketch of the answer: the choices, the scale, a box to write in. Rating
statements of one section that share a scale are drawn as one grid.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from html import escape
from itertools import groupby

from PySide6.QtCore import QCoreApplication

from rtcdesk.services.print_settings import return_email
from rtcdesk.services.survey_design import QuestionRow, answer_guidance
from rtcdesk.ui.tables import format_date
from rtcdesk.vocabulary import QuestionKind

_MUTED = "#5f6b7a"
_REQUIRED = "#b3261e"
_ANSWER_BACKGROUND = "#fff7d6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormPreview", text)


def _scale_key(q: QuestionRow) -> tuple[object, ...]:
    return (q.section, q.scale_min, q.scale_max, q.scale_min_label, q.scale_max_label)


def _blocks(questions: list[QuestionRow]) -> Iterator[list[QuestionRow]]:
    """Single questions, and runs of ratings in one section on one scale (grids)."""
    for _key, run in groupby(
        questions,
        key=lambda q: _scale_key(q) if q.kind is QuestionKind.RATING else ("single", q.id),
    ):
        yield list(run)


def _answer_sketch(q: QuestionRow) -> str:
    kind = q.kind
    if kind is QuestionKind.YES_NO:
        return f"○ {_tr('Yes')} &nbsp;&nbsp; ○ {_tr('No')}"
    if kind is QuestionKind.SINGLE_CHOICE:
        return "<br>".join(f"○ {escape(c)}" for c in q.choices)
    if kind is QuestionKind.MULTIPLE_CHOICE:
        return "<br>".join(f"☐ {escape(c)}" for c in q.choices)
    if kind is QuestionKind.RATING:
        low, high = q.scale_min or 0, q.scale_max or 0
        marks = " &nbsp; ".join(f"○ {n}" for n in range(low, high + 1))
        ends = " — ".join(escape(t) for t in (q.scale_min_label, q.scale_max_label) if t)
        return marks + (f" &nbsp; <span style='color:{_MUTED}'>({ends})</span>" if ends else "")
    height = 3 if kind is QuestionKind.TEXT else 1
    box = "&nbsp;<br>" * height
    return (
        f"<table width='60%' cellpadding='4' style='border:1px solid #9aa5b1; "
        f"background:{_ANSWER_BACKGROUND}'><tr><td>{box}</td></tr></table>"
    )


def _question(number: int, q: QuestionRow) -> str:
    star = f" <span style='color:{_REQUIRED}'>*</span>" if q.required else ""
    return (
        f"<p style='margin-top:10px'><b>{number}.</b> {escape(q.text)}{star}<br>"
        f"<span style='color:{_MUTED}'>{escape(answer_guidance(q))}</span></p>"
        f"<div style='margin-left:18px'>{_answer_sketch(q)}</div>"
    )


def _grid(first_number: int, run: list[QuestionRow]) -> str:
    low, high = run[0].scale_min or 0, run[0].scale_max or 0
    head = "".join(f"<th>{n}</th>" for n in range(low, high + 1))
    rows = []
    for number, q in enumerate(run, start=first_number):
        star = f" <span style='color:{_REQUIRED}'>*</span>" if q.required else ""
        cells = "".join("<td align='center'>○</td>" for _ in range(low, high + 1))
        rows.append(f"<tr><td><b>{number}.</b> {escape(q.text)}{star}</td>{cells}</tr>")
    ends = " — ".join(
        escape(f"{v} = {t}")
        for v, t in ((low, run[0].scale_min_label), (high, run[0].scale_max_label))
        if t
    )
    caption = f"<p style='color:{_MUTED}'>{escape(_tr('Rate each statement'))}" + (
        f": {ends}</p>" if ends else "</p>"
    )
    return (
        caption + "<table cellpadding='4' cellspacing='0' border='1' style='border-color:#9aa5b1'>"
        f"<tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def form_preview_html(
    title: str,
    meeting: str,
    introduction: str,
    deadline: date | None,
    questions: list[QuestionRow],
) -> str:
    parts = [f"<h2>{escape(title) or escape(_tr('(no title yet)'))}</h2>"]
    lines = []
    if meeting:
        lines.append(escape(_tr("Follow-up of: {meeting}").format(meeting=meeting)))
    lines.append(escape(_tr("Respondent: the recipient's name and delegation, filled in")))
    parts.append(f"<p>{'<br>'.join(lines)}</p>")
    address = return_email()
    if deadline is not None and address:
        when = _tr("Please return this form by {date} to {address}, attached to an e-mail.")
        when = when.format(date=format_date(deadline), address=address)
        parts.append(f"<p><b>{escape(when)}</b></p>")
    elif deadline is not None:
        when = _tr("Please return this form by {date}, in reply to the e-mail it came with.")
        parts.append(f"<p><b>{escape(when.format(date=format_date(deadline)))}</b></p>")
    if introduction.strip():
        parts.append(f"<p>{escape(introduction).replace(chr(10), '<br>')}</p>")
    if not questions:
        parts.append(f"<p style='color:{_MUTED}'>{escape(_tr('No questions yet.'))}</p>")
        return "".join(parts)
    if any(q.required for q in questions):
        note = _tr("Questions marked * need an answer.")
        parts.append(f"<p style='color:{_MUTED}'>{escape(note)}</p>")
    section = ""
    number = 1
    for run in _blocks(questions):
        if run[0].section and run[0].section != section:
            section = run[0].section
            parts.append(f"<h3 style='margin-top:16px'>{escape(section)}</h3>")
        if len(run) > 1:
            parts.append(_grid(number, run))
        else:
            parts.append(_question(number, run[0]))
        number += len(run)
    return "".join(parts)
