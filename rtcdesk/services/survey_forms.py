"""Survey forms out, returned forms in.

``write_forms`` writes one workbook per recipient. ``review_returns`` reads
returned workbooks and says, before anything is written, what each would
change: a new response, changed answers (old and new side by side), answers
that are invalid (which question, what is wrong), a workbook that is unknown,
from another survey, or the same file twice. ``commit_returns`` then writes
what the coordinator accepts, in the caller's one transaction. Importing the
same file again changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rtcdesk.db.models import (
    Delegation,
    Organisation,
    Participation,
    Person,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.db.search_text import fold
from rtcdesk.errors import CancelledError, FileRefusedError, FileWriteError
from rtcdesk.excel.survey_form import FormQuestion, FormSpec, write_form
from rtcdesk.excel.survey_form_reading import ReturnedForm, read_returned_form
from rtcdesk.progress import ProgressReporter
from rtcdesk.services.history_labels import question_name
from rtcdesk.services.names import display_name, meeting_title
from rtcdesk.services.print_settings import paper_size, return_email
from rtcdesk.services.records import get_or_raise
from rtcdesk.services.surveys import (
    TEXT_ANSWER_LIMIT,
    list_questions,
    normalise_answer,
    number_range,
    record_response,
)
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import RETURNED, QuestionKind, RecipientStatus, SurveyStatus


def form_question(q: Any) -> FormQuestion:
    """A question as a form shows it, with the range and length its answers
    are checked against when the form comes back (the form's own checks agree)."""
    number = q.kind is QuestionKind.NUMBER
    return FormQuestion(
        code=q.code,
        kind=q.kind.value,
        text=q.text,
        required=q.required,
        section=q.section,
        help_text=q.help_text,
        choices=tuple(q.choices or ()),
        scale_min=number_range(q)[0] if number else q.scale_min,
        scale_max=q.scale_max,
        scale_min_label=q.scale_min_label,
        scale_max_label=q.scale_max_label,
        max_length=TEXT_ANSWER_LIMIT if q.kind is QuestionKind.TEXT else None,
        decimals=bool(q.decimals),
    )


def form_questions(questions: Iterable[SurveyQuestion]) -> tuple[FormQuestion, ...]:
    return tuple(form_question(q) for q in questions)


def _file_name(survey: Survey, person: Person, delegation: str) -> str:
    who = display_name(person, with_title=False)
    title = survey.title if len(survey.title) <= 50 else survey.title[:50].rsplit(" ", 1)[0]
    stem = f"{title} - {who}" + (f" ({delegation})" if delegation else "")
    stem = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", stem)
    return " ".join(stem.split()) + ".xlsx"


def _unique_file_names(
    survey: Survey, chosen: Sequence[tuple[SurveyRecipient, str]]
) -> dict[int, str]:
    """A file name per recipient that no other recipient's shares, letter case
    aside (Windows and macOS do not tell "Lee" from "LEE"): two people of the
    same name and delegation get the recipient's number appended, so that no
    form ever replaces another; again, should a number so appended make a
    name that another recipient's already is ("LEE - no. 7")."""
    names = {r.id: _file_name(survey, r.person, delegation) for r, delegation in chosen}
    while True:
        taken = Counter(name.casefold() for name in names.values())
        clashing = [ident for ident, name in names.items() if taken[name.casefold()] > 1]
        if not clashing:
            return names
        for ident in clashing:
            names[ident] = f"{names[ident].removesuffix('.xlsx')} - no. {ident}.xlsx"


def _recipients(session: Session, survey_id: int) -> list[tuple[SurveyRecipient, str]]:
    """Recipients with the name of their delegation at the surveyed meeting."""
    stmt = (
        select(SurveyRecipient, Organisation.name)
        .outerjoin(Participation, SurveyRecipient.participation_id == Participation.id)
        .outerjoin(Delegation, Participation.delegation_id == Delegation.id)
        .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
        .where(SurveyRecipient.survey_id == survey_id)
        .options(selectinload(SurveyRecipient.person), selectinload(SurveyRecipient.answers))
        .order_by(SurveyRecipient.id)
    )
    return [(r, org or "") for r, org in session.execute(stmt)]


def write_forms(
    session: Session,
    survey_id: int,
    folder: Path,
    recipient_ids: Sequence[int] | None = None,
    progress: ProgressReporter | None = None,
) -> list[Path]:
    """One pre-filled form per recipient (or per chosen recipient) in ``folder``."""
    return list(forms_by_recipient(session, survey_id, folder, recipient_ids, progress).values())


def forms_by_recipient(
    session: Session,
    survey_id: int,
    folder: Path,
    recipient_ids: Sequence[int] | None = None,
    progress: ProgressReporter | None = None,
) -> dict[int, Path]:
    """Like ``write_forms``, by recipient id. ``progress`` counts the forms;
    a cancel or a folder that cannot be written removes the forms written so far.
    The forms print on the paper of the preferences and tell respondents to
    send them back to the address set there."""
    survey = get_or_raise(session, Survey, survey_id, "survey")
    questions = list_questions(session, survey_id)
    codes = {q.id: q.code for q in questions}
    meeting = meeting_title(survey.meeting.title, survey.meeting.ordinal) if survey.meeting else ""
    chosen = [
        (recipient, delegation)
        for recipient, delegation in _recipients(session, survey_id)
        if recipient_ids is None or recipient.id in recipient_ids
    ]
    progress = progress or ProgressReporter()
    progress.start(len(chosen))
    paper, return_to = paper_size(), return_email()
    names = _unique_file_names(survey, chosen)
    written: dict[int, Path] = {}
    try:
        for recipient, delegation in chosen:
            spec = _spec(survey, meeting, questions, codes, recipient, delegation, return_to)
            written[recipient.id] = write_form(folder / names[recipient.id], spec, paper)
            progress.advance()
    except (CancelledError, OSError, FileWriteError) as exc:
        for path in written.values():
            path.unlink(missing_ok=True)
        if isinstance(exc, FileWriteError | OSError):
            reason = exc.__cause__ if isinstance(exc, FileWriteError) else exc
            reason = getattr(reason, "strerror", None) or reason or exc
            raise FileWriteError(
                f"The forms cannot be written to {folder} ({reason}); "
                "choose another folder. No form was kept."
            ) from exc
        raise
    return written


def _spec(
    survey: Survey,
    meeting: str,
    questions: list[SurveyQuestion],
    codes: dict[int, str],
    recipient: SurveyRecipient,
    delegation: str,
    return_to: str,
) -> FormSpec:
    person = recipient.person
    return FormSpec(
        survey_id=survey.id,
        token=recipient.token,
        title=survey.title,
        meeting=meeting,
        respondent=display_name(person),
        delegation=delegation,
        email=person.email,
        deadline=survey.closes_on,
        introduction=survey.introduction,
        questions=form_questions(questions),
        answers={codes[a.question_id]: a.value for a in recipient.answers},
        return_to=return_to,
    )


# -- collecting --------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerChange:
    question_id: int
    code: str
    question: str
    old: Any
    new: Any
    #: "Q3 How many national trainings…", as messages name the question.
    name: str


@dataclass(frozen=True)
class InvalidAnswer:
    code: str
    question: str
    given: Any
    reason: str
    #: "Q3 How many national trainings…", as messages name the question.
    name: str


@dataclass
class ReturnReview:
    """What one returned file would do."""

    file: Path
    status: str  # new, changed, unchanged, refused
    recipient_id: int | None = None
    survey_id: int | None = None
    respondent: str = ""
    changes: list[AnswerChange] = field(default_factory=list)
    invalid: list[InvalidAnswer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reason: str = ""
    #: Required questions with no answer, stored or in this return ("Q1 Did you…").
    missing: list[str] = field(default_factory=list)
    #: Saved before the stored answers last changed: an older copy, whose
    #: changes are applied only where chosen (``chosen``).
    older: bool = False
    #: The question ids whose changes are applied; None: all of them.
    chosen: set[int] | None = None

    @property
    def answers(self) -> dict[int, Any]:
        """The changes that will be applied."""
        return {
            c.question_id: c.new
            for c in self.changes
            if self.chosen is None or c.question_id in self.chosen
        }

    @property
    def complete(self) -> bool:
        """Nothing required missing and nothing unreadable."""
        return not self.missing and not self.invalid

    def problems(self) -> str:
        """What keeps the return incomplete, in words (for the tracker's note)."""
        parts = []
        if self.missing:
            parts.append("required but not answered: " + "; ".join(self.missing))
        if self.invalid:
            parts.append(
                "cannot read: " + "; ".join(f"{bad.name} ({bad.reason})" for bad in self.invalid)
            )
        return ". ".join(parts)

    def describe(self) -> str:
        head = f"{self.file.name}: "
        if self.status == "refused":
            return head + self.reason
        who = self.respondent
        answers = len(self.changes)
        text = {
            "new": f"new response from {who} ({plural(answers, 'answer', 'answers')})",
            "changed": f"{plural(answers, 'changed answer', 'changed answers')} from {who}",
            "unchanged": f"nothing new from {who}",
        }[self.status]
        if self.older:
            text = "an older copy: " + text
        if self.invalid:
            text += f"; {plural(len(self.invalid), 'answer', 'answers')} cannot be read"
        if self.missing:
            text += f"; {plural(len(self.missing), 'required answer', 'required answers')} missing"
        return head + text


def review_returns(
    session: Session,
    paths: Sequence[Path],
    survey_id: int | None = None,
    progress: ProgressReporter | None = None,
) -> list[ReturnReview]:
    """Read every file and say what it would change; writes nothing. Each form
    names its survey; with ``survey_id``, forms of other surveys are refused.
    ``progress`` counts the files read. The files are read first, then their
    recipients are looked up together (a few queries, however many files)."""
    expected = get_or_raise(session, Survey, survey_id, "survey") if survey_id else None
    read = _read_returns(paths, progress or ProgressReporter())
    recipients = _recipients_by_token(
        session, [r.token for r in read if isinstance(r, ReturnedForm) and r.token]
    )
    questions: dict[int, list[SurveyQuestion]] = {}
    reviews = []
    for form in read:
        if isinstance(form, ReturnReview):
            reviews.append(form)
            continue
        survey = _survey_of(session, form, recipients)
        if survey is None or (expected is not None and survey.id != expected.id):
            reason = _foreign(form, survey, expected)
            reviews.append(ReturnReview(form.file, "refused", reason=reason))
            continue
        if survey.id not in questions:
            questions[survey.id] = list_questions(session, survey.id)
        reviews.append(_review(session, survey, questions[survey.id], form, recipients))
    _refuse_second_returns_of_one_recipient(reviews)
    return reviews


def _read_returns(
    paths: Sequence[Path], progress: ProgressReporter
) -> list[ReturnedForm | ReturnReview]:
    """Each file read, or refused (unreadable, or the same file as an earlier one)."""
    seen: dict[str, Path] = {}
    read: list[ReturnedForm | ReturnReview] = []
    progress.start(len(paths))
    for path in paths:
        progress.advance()
        try:
            form = read_returned_form(path)
        except FileRefusedError as exc:
            read.append(ReturnReview(Path(path), "refused", reason=str(exc)))
            continue
        if form.fingerprint in seen:
            reason = f"the same file as {seen[form.fingerprint].name}"
            read.append(ReturnReview(form.file, "refused", reason=reason))
            continue
        seen[form.fingerprint] = form.file
        read.append(form)
    return read


#: Tokens or ids looked up per query (well under every database's limit of parameters).
_TOKENS_PER_QUERY = 500


def _recipients_by_token(session: Session, tokens: Sequence[str]) -> dict[str, SurveyRecipient]:
    """The recipients these tokens belong to, with their person, answers and survey."""
    found: dict[str, SurveyRecipient] = {}
    unique = sorted(set(tokens))
    for start in range(0, len(unique), _TOKENS_PER_QUERY):
        stmt = (
            select(SurveyRecipient)
            .where(SurveyRecipient.token.in_(unique[start : start + _TOKENS_PER_QUERY]))
            .options(
                selectinload(SurveyRecipient.person),
                selectinload(SurveyRecipient.answers),
                selectinload(SurveyRecipient.survey),
            )
        )
        found.update((r.token, r) for r in session.scalars(stmt))
    return found


def _refuse_second_returns_of_one_recipient(reviews: list[ReturnReview]) -> None:
    first: dict[int, ReturnReview] = {}
    for review in reviews:
        if review.recipient_id is None or review.status == "refused":
            continue
        if review.recipient_id in first:
            review.status = "refused"
            review.reason = (
                f"a second form from {review.respondent} in this batch (the first is "
                f"{first[review.recipient_id].file.name}); collect it on its own to replace"
            )
        else:
            first[review.recipient_id] = review


def _survey_of(
    session: Session, form: ReturnedForm, recipients: dict[str, SurveyRecipient]
) -> Survey | None:
    """The survey a form belongs to: by its token, else by the survey id it names."""
    recipient = recipients.get(form.token) if form.token else None
    if recipient is not None:
        return recipient.survey
    return session.get(Survey, form.survey_id) if form.survey_id else None


def _foreign(form: ReturnedForm, found: Survey | None, expected: Survey | None) -> str:
    """Why a form of no survey, or of ``found`` instead of ``expected``, is refused."""
    if expected is not None and found is not None:
        return f"a form of another survey, '{found.title}', not of '{expected.title}'"
    if expected is not None and form.survey_id not in (None, expected.id):
        return f"a form of a survey that is not in this database, not of '{expected.title}'"
    if form.token:
        return "its reference is not one of rtcdesk's survey forms in this database"
    return "not an rtcdesk survey form (no form reference and no survey named in it)"


def _review(
    session: Session,
    survey: Survey,
    questions: list[SurveyQuestion],
    form: ReturnedForm,
    recipients: dict[str, SurveyRecipient],
) -> ReturnReview:
    review = ReturnReview(form.file, "new", notes=list(form.notes))
    recipient = _recipient_of(session, survey.id, form, review, recipients)
    if recipient is None:
        review.status = "refused"
        review.reason = review.reason or "no recipient of this survey matches this form"
        return review
    review.recipient_id = recipient.id
    review.survey_id = survey.id
    review.respondent = display_name(recipient.person)
    if _names_someone_else(form, recipient.person):
        review.status = "refused"
        review.reason = (
            f"its reference is {review.respondent}'s form, but it names {form.respondent} "
            f"({form.email}): a copy of someone else's form? If the answers are "
            f"{review.respondent}'s, type them in as a response received on paper"
        )
        return review
    stored = {a.question_id: a.value for a in recipient.answers}
    by_text = {fold(k): v for k, v in form.answers_by_text.items()}
    missing: list[str] = []
    filled = 0
    for number, question in enumerate(questions, start=1):
        name = question_name(number, question.text)
        if question.code in form.answers:
            given = form.answers[question.code]
        elif fold(question.text) in by_text:
            given = by_text[fold(question.text)]
        else:
            continue
        if given is None or (isinstance(given, str) and not given.strip()):
            if question.required and question.id not in stored:
                missing.append(name)
            continue
        filled += 1
        try:
            value = normalise_answer(question, given)
        except ValueError as exc:
            review.invalid.append(
                InvalidAnswer(question.code, question.text, given, str(exc), name)
            )
            continue
        if value != stored.get(question.id):
            review.changes.append(
                AnswerChange(
                    question.id, question.code, question.text, stored.get(question.id), value, name
                )
            )
    review.missing = missing
    if missing:
        review.notes.append("required but not answered: " + "; ".join(missing))
    # Workbooks keep their saving time to the second: a copy saved in the
    # second the answers were stored is not called older.
    changed_at = recipient.answers_changed_at
    changed_second = changed_at.replace(microsecond=0) if changed_at else None
    if (
        stored
        and review.changes
        and form.saved_at
        and changed_second
        and (form.saved_at < changed_second)
    ):
        review.older = True
        review.chosen = set()
        review.notes.append(
            f"an older copy: saved {_when(form.saved_at)} UTC, before the answers stored on "
            f"{_when(changed_second)} UTC; its answers replace those only where you choose"
        )
    if recipient.status in RETURNED or stored:
        review.status = "changed" if review.changes else "unchanged"
    elif not filled:
        review.status = "refused"
        review.reason = f"nothing was filled in by {review.respondent}"
    return review


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y %H:%M}"


def _names_someone_else(form: ReturnedForm, person: Person) -> bool:
    """Whether the respondent and e-mail printed on the form are both another
    person's than the one its reference belongs to. (Either alone may differ
    honestly: an address or a title corrected since the form was written.)"""
    if not form.respondent or not form.email or not person.email:
        return False
    other_address = form.email.casefold() != person.email.casefold()
    other_name = fold(person.family_name) not in fold(form.respondent)
    return other_address and other_name


def _recipient_of(
    session: Session,
    survey_id: int,
    form: ReturnedForm,
    review: ReturnReview,
    recipients: dict[str, SurveyRecipient],
) -> SurveyRecipient | None:
    if form.token:
        recipient = recipients.get(form.token)
        if recipient is not None and recipient.survey_id == survey_id:
            return recipient
        review.reason = "its reference is not one of this survey's forms"
        return None
    review.notes.append("the form's reference was removed; matched by the respondent's e-mail")
    if form.email:
        wanted = form.email.casefold()
        query = select(SurveyRecipient).where(SurveyRecipient.survey_id == survey_id)
        for recipient in session.scalars(
            query.join(Person).options(selectinload(SurveyRecipient.person))
        ):
            if recipient.person.email.casefold() == wanted:
                return recipient
    review.reason = "its reference was removed and no recipient has its e-mail address"
    return None


@dataclass
class CollectResult:
    responses_new: int = 0
    responses_changed: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    #: Who returned answers with required ones missing or unreadable.
    incomplete: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{plural(self.responses_new, 'new response', 'new responses')}, "
            f"{self.responses_changed} changed, {self.unchanged} unchanged, "
            f"{len(self.refused)} refused"
        )
        if self.incomplete:
            text += f"; incomplete (still to chase): {', '.join(self.incomplete)}"
        return text


def closed_surveys(session: Session, reviews: Sequence[ReturnReview]) -> list[Survey]:
    """The closed surveys that accepted returns would write into: collecting
    into them means reopening them first (the caller asks, or refuses)."""
    ids = {r.survey_id for r in reviews if r.status != "refused" and r.survey_id is not None}
    found = [session.get(Survey, survey_id) for survey_id in sorted(ids)]
    return [s for s in found if s is not None and s.status is SurveyStatus.CLOSED]


def reopen(surveys: Sequence[Survey]) -> None:
    """Open closed surveys again, to take late returns."""
    for survey in surveys:
        survey.status = SurveyStatus.OPEN


def commit_returns(session: Session, reviews: Sequence[ReturnReview]) -> CollectResult:
    """Write the accepted reviews (not refused; their readable answers, and of
    an older copy only the changes chosen). A return with required answers
    missing or unreadable is recorded as incomplete, its problems noted, and
    stays on the list of those to chase."""
    result = CollectResult()
    # Loaded together and held for the loop: recording each response and its
    # history then finds the recipient, its answers, person, survey and
    # questions in the session instead of reading each again.
    recipients, questions = _accepted_records(session, reviews)
    # One flush at the end writes every response and its history in batches.
    with session.no_autoflush:
        for review in reviews:
            _commit_one(session, review, result, questions)
    session.flush()
    del recipients
    return result


def _commit_one(
    session: Session,
    review: ReturnReview,
    result: CollectResult,
    questions: dict[int, list[SurveyQuestion]],
) -> None:
    if review.status == "refused" or review.recipient_id is None:
        result.refused.append(review.describe())
        return
    if review.status == "unchanged" or not review.answers:
        result.unchanged += 1
        _mark_completeness(session, review)
        return
    # What could be read is kept even if a required answer could not be:
    # the review lists those for the coordinator to chase.
    record_response(
        session,
        review.recipient_id,
        review.answers,
        require_complete=False,
        flush=False,
        survey_questions=questions.get(review.survey_id or 0),
    )
    _mark_completeness(session, review)
    if review.status == "new":
        result.responses_new += 1
    else:
        result.responses_changed += 1
    if not review.complete:
        result.incomplete.append(review.respondent)


def _accepted_records(
    session: Session, reviews: Sequence[ReturnReview]
) -> tuple[list[SurveyRecipient], dict[int, list[SurveyQuestion]]]:
    """The recipients of the accepted reviews (with their person, answers and
    survey) and their surveys' questions by survey, in a few queries."""
    ids = sorted({r.recipient_id for r in reviews if r.status != "refused" and r.recipient_id})
    recipients: list[SurveyRecipient] = []
    for start in range(0, len(ids), _TOKENS_PER_QUERY):
        recipients.extend(
            session.scalars(
                select(SurveyRecipient)
                .where(SurveyRecipient.id.in_(ids[start : start + _TOKENS_PER_QUERY]))
                .options(
                    selectinload(SurveyRecipient.person),
                    selectinload(SurveyRecipient.answers),
                    selectinload(SurveyRecipient.survey),
                )
            )
        )
    surveys = {r.survey_id for r in recipients}
    return recipients, {survey: list_questions(session, survey) for survey in surveys}


#: The longest problems note kept on a recipient.
NOTE_LIMIT = 2000


def _mark_completeness(session: Session, review: ReturnReview) -> None:
    recipient = session.get(SurveyRecipient, review.recipient_id)
    if recipient is None or recipient.status not in RETURNED:
        return
    if review.complete:
        if recipient.status is RecipientStatus.INCOMPLETE:
            recipient.status, recipient.status_note = RecipientStatus.RESPONDED, ""
    else:
        recipient.status = RecipientStatus.INCOMPLETE
        recipient.status_note = review.problems()[:NOTE_LIMIT]
