"""Inviting recipients and reminding those who have not answered, by e-mail.

Either as drafts (.eml files, each with the recipient's form attached, that
open in Outlook or Thunderbird ready to send) or sent directly through the
SMTP server configured in the preferences. Invitations and reminders are
stamped on the recipient; a refused address marks the recipient
undeliverable. Reminders go only to those still invited: never to anyone who
answered, declined or cannot be reached.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from sqlalchemy.orm import Session

from rtcdesk.db.models import SurveyRecipient
from rtcdesk.errors import CancelledError, FileWriteError, RtcdeskError
from rtcdesk.progress import ProgressReporter
from rtcdesk.services.names import display_name, meeting_title
from rtcdesk.services.print_settings import return_email
from rtcdesk.services.survey_forms import forms_by_recipient
from rtcdesk.services.surveys import get_survey, open_when_under_way
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import RecipientStatus

INVITATION_SUBJECT = "Follow-up survey: {survey} (please reply by {deadline})"
INVITATION_BODY = """Dear {name},

Some months ago you took part in the {meeting}. ROCB A/P would like to learn
what you have done with what you learnt there.

Please fill in the attached form and send it back to this address by {deadline}.

Thank you for your time.
"""
REMINDER_SUBJECT = "Reminder: {survey} (due {deadline})"
REMINDER_BODY = """Dear {name},

This is a friendly reminder about the follow-up survey of the {meeting}.
If you have not yet had the chance, please fill in the attached form and send it
back by {deadline}. If you have already replied, thank you, and please ignore this message.
"""


@dataclass(frozen=True)
class MailTemplate:
    subject: str
    body: str

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        try:
            return self.subject.format(**values), self.body.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            known = ", ".join("{" + k + "}" for k in values)
            raise RtcdeskError(
                f"The e-mail template has a placeholder rtcdesk does not know ({exc}); use {known}."
            ) from None


INVITATION = MailTemplate(INVITATION_SUBJECT, INVITATION_BODY)
REMINDER = MailTemplate(REMINDER_SUBJECT, REMINDER_BODY)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # "starttls", "ssl" or "none"
    username: str = ""
    sender: str = ""
    timeout: float = 30.0


@dataclass
class MailResult:
    sent: list[str] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    undeliverable: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: Those not sent because the sending was stopped (cancelled) before them.
    not_sent: list[str] = field(default_factory=list)

    def summary(self) -> str:
        done = (
            plural(len(self.drafts), "draft written", "drafts written")
            if self.drafts
            else f"{len(self.sent)} sent"
        )
        parts = [done]
        if self.undeliverable:
            parts.append(f"{len(self.undeliverable)} undeliverable")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (no e-mail address)")
        if self.not_sent:
            parts.append(f"stopped before {len(self.not_sent)} (not sent)")
        return ", ".join(parts)


REMINDED = (RecipientStatus.INVITED, RecipientStatus.INCOMPLETE)
INVITED_NEXT = (RecipientStatus.NOT_INVITED, RecipientStatus.DRAFTED)


def reminder_targets(session: Session, survey_id: int) -> list[SurveyRecipient]:
    """Those to remind: invited and not answered yet, or whose return is
    incomplete (their reminder says what is missing)."""
    survey = get_survey(session, survey_id)
    return [r for r in survey.recipients if r.status in REMINDED]


def invitation_targets(session: Session, survey_id: int) -> list[SurveyRecipient]:
    """Those not invited yet, and those whose invitation was only written as a draft."""
    survey = get_survey(session, survey_id)
    return [r for r in survey.recipients if r.status in INVITED_NEXT]


def _values(recipient: SurveyRecipient) -> dict[str, str]:
    survey = recipient.survey
    meeting = survey.meeting
    return {
        "name": display_name(recipient.person),
        "survey": survey.title,
        "meeting": meeting_title(meeting.title, meeting.ordinal) if meeting else "meeting",
        "deadline": f"{survey.closes_on:%d %B %Y}" if survey.closes_on else "the deadline",
    }


def build_message(
    recipient: SurveyRecipient,
    template: MailTemplate,
    attachment: Path,
    sender: str,
    reply_to: str = "",
) -> EmailMessage:
    subject, body = template.render(_values(recipient))
    if recipient.status is RecipientStatus.INCOMPLETE and recipient.status_note:
        # "Ask again": the form comes back pre-filled; say what it still lacks.
        body = (
            f"{body.rstrip()}\n\nThank you for your answers. The attached form holds them; "
            f"it still lacks: {recipient.status_note}.\n"
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    if reply_to and reply_to.casefold() != sender.casefold():
        message["Reply-To"] = reply_to
    message["To"] = f'"{display_name(recipient.person)}" <{recipient.person.email}>'
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="rtcdesk.local")
    message["X-Unsent"] = "1"  # Outlook opens the draft ready to send
    message.set_content(body)
    message.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    return message


def _stamp(recipient: SurveyRecipient, reminder: bool, sent: bool) -> None:
    """Record a message: a reminder counts; an invitation sent makes the
    recipient invited (and the survey open), one written as a draft only
    drafted, until the coordinator says the drafts went out."""
    now = datetime.now(UTC)
    if reminder:
        recipient.reminder_count += 1
        recipient.last_reminded_at = now
    elif sent:
        recipient.invited_at = now
        recipient.status = RecipientStatus.INVITED
        open_when_under_way(recipient.survey)
    else:
        recipient.status = RecipientStatus.DRAFTED


def mark_drafts_sent(session: Session, survey_id: int) -> int:
    """The coordinator sent the drafted invitations from their mail program:
    those recipients are invited now. Returns how many."""
    drafted = [
        r for r in get_survey(session, survey_id).recipients if r.status is RecipientStatus.DRAFTED
    ]
    for recipient in drafted:
        _stamp(recipient, reminder=False, sent=True)
    session.flush()
    return len(drafted)


def prepare(
    session: Session,
    survey_id: int,
    folder: Path,
    *,
    reminder: bool,
    template: MailTemplate | None = None,
    sender: str = "",
    recipient_ids: list[int] | None = None,
    deliver: Callable[[EmailMessage], None] | None = None,
    progress: ProgressReporter | None = None,
) -> MailResult:
    """Write drafts into ``folder`` (``deliver`` None) or hand each message to
    ``deliver``; stamps the recipients either way.

    ``progress`` counts the forms, then the messages. A cancel while forms or
    drafts are written removes them and stamps no one (raises
    ``CancelledError``); a cancel while messages are delivered stops before
    the next one and keeps the stamps of those already sent, which cannot be
    called back (they are listed in ``not_sent``)."""
    progress = progress or ProgressReporter()
    template = template or (REMINDER if reminder else INVITATION)
    # Replies (and the forms) go to the coordinator's address of the preferences.
    reply_to = return_email()
    sender = sender or reply_to
    if not sender:
        raise RtcdeskError(
            "The messages need a From address: set yours under Preferences > Printing "
            "(Forms returned to), or the sender of the mail server. Nothing was written."
        )
    targets = (
        reminder_targets(session, survey_id) if reminder else invitation_targets(session, survey_id)
    )
    if recipient_ids is not None:
        targets = [t for t in targets if t.id in recipient_ids]
    result = MailResult()
    with_address = []
    for recipient in targets:
        if recipient.person.email:
            with_address.append(recipient)
        else:
            result.skipped.append(display_name(recipient.person))
    forms = forms_by_recipient(
        session, survey_id, folder / "forms", [r.id for r in with_address], progress
    )
    progress.start(len(with_address))
    for number, recipient in enumerate(with_address):
        if progress.cancelled:
            if deliver is None:
                _remove([*result.drafts, *forms.values()])
                raise CancelledError()
            result.not_sent = [display_name(r.person) for r in with_address[number:]]
            break
        form = forms[recipient.id]
        message = build_message(recipient, template, form, sender, reply_to)
        who = display_name(recipient.person)
        if deliver is None:
            draft = folder / (form.stem + ".eml")
            try:
                draft.write_bytes(bytes(message))
            except OSError as exc:
                _remove([*result.drafts, *forms.values()])
                raise FileWriteError(
                    f"The drafts cannot be written to {folder} ({exc.strerror or exc}); "
                    "choose another folder. Nothing was kept."
                ) from exc
            result.drafts.append(draft)
            _stamp(recipient, reminder, sent=False)
        else:
            try:
                deliver(message)
            except smtplib.SMTPRecipientsRefused as exc:
                recipient.status = RecipientStatus.UNDELIVERABLE
                recipient.status_note = f"Address refused: {_reason(exc)}"
                result.undeliverable.append(who)
            else:
                result.sent.append(who)
                _stamp(recipient, reminder, sent=True)
        # A cancel is acted on at the top of the next round, never between a
        # message sent and its stamp.
        with suppress(CancelledError):
            progress.advance()
    session.flush()
    return result


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _reason(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                     for code, msg in exc.recipients.values())  # fmt: skip


class SmtpSender:
    """One SMTP connection for a batch of messages."""

    def __init__(self, settings: SmtpSettings, password: str):
        self.settings = settings
        self.password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        s = self.settings
        try:
            if s.security == "ssl":
                self._smtp = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self._smtp.starttls(context=ssl.create_default_context())
            if s.username:
                self._smtp.login(s.username, self.password)
        except (OSError, smtplib.SMTPException) as exc:
            raise RtcdeskError(
                f"The mail server {s.host}:{s.port} cannot be used: {exc}. Check the server, "
                "port, security and login in the preferences; nothing was sent."
            ) from exc
        return self

    def send(self, message: EmailMessage) -> None:
        assert self._smtp is not None
        self._smtp.send_message(message)

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()


def send(
    session: Session,
    survey_id: int,
    settings: SmtpSettings,
    password: str,
    folder: Path,
    *,
    reminder: bool,
    template: MailTemplate | None = None,
    progress: ProgressReporter | None = None,
) -> MailResult:
    """Send invitations (or reminders) through SMTP; forms are written to
    ``folder``. See ``prepare`` for what a cancel through ``progress`` does."""
    with SmtpSender(settings, password) as sender:
        return prepare(
            session,
            survey_id,
            folder,
            reminder=reminder,
            template=template,
            sender=settings.sender or settings.username,
            deliver=sender.send,
            progress=progress,
        )
