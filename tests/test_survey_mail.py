"""Invitations and reminders: drafts parsed back with the standard email
package, and sending through a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from factories import make_survey_of_meeting_21
from openpyxl import load_workbook

from rtcdesk.db.engine import Database
from rtcdesk.errors import RtcdeskError
from rtcdesk.services import surveys
from rtcdesk.services.print_settings import set_return_email
from rtcdesk.services.survey_mail import (
    MailTemplate,
    SmtpSettings,
    mark_drafts_sent,
    prepare,
    reminder_targets,
    send,
)
from rtcdesk.vocabulary import RecipientStatus, SurveyStatus

REFUSED = "jinho.park@rtc-korea.example"


class Inbox:
    """Keeps what the server received; refuses one address like a real server."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def demo_survey(database: Database) -> int:
    with database.read() as s:
        (row,) = surveys.list_surveys(s)
        return row.id


def statuses(database: Database, survey_id: int) -> dict[str, RecipientStatus]:
    with database.read() as s:
        return {r.person.family_name: r.status for r in surveys.get_survey(s, survey_id).recipients}


def test_reminder_drafts_go_to_non_respondents_only(demo: Database, tmp_path: Path) -> None:
    survey_id = demo_survey(demo)
    with demo.write() as s:
        result = prepare(
            s, survey_id, tmp_path / "drafts", reminder=True, sender="rocb@example.org"
        )
    # Of 8 recipients: 6 answered, 1 declined; only Wongsawat is still invited.
    assert [p.name for p in result.drafts] == [
        "Follow-up actions after the 21st RTC Heads Meeting - Somchai WONGSAWAT (RTC Thailand).eml"
    ]
    message = email.message_from_bytes(result.drafts[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == '"Mr. Somchai WONGSAWAT" <somchai.w@rtc-thailand.example>'
    assert message["Subject"] == (
        "Reminder: Follow-up actions after the 21st RTC Heads Meeting (due 31 March 2024)"
    )
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert "Dear Mr. Somchai WONGSAWAT" in body
    assert "21st RTC Heads Meeting" in body
    (attachment,) = list(message.iter_attachments())
    form = load_workbook(io.BytesIO(attachment.get_content()))
    with demo.read() as s:
        wongsawat = next(
            r for r in surveys.get_survey(s, survey_id).recipients
            if r.person.family_name == "Wongsawat"
        )  # fmt: skip
        assert wongsawat.reminder_count == 3
        assert wongsawat.last_reminded_at is not None
        assert form["rtcdesk"]["B2"].value == wongsawat.token


def test_invitations_sent_over_smtp(
    demo: Database, smtp_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp_server
    survey_id = demo_survey(demo)
    with demo.write() as s:
        for recipient in surveys.get_survey(s, survey_id).recipients:
            if recipient.person.family_name in ("Park", "Tanaka"):
                recipient.status = RecipientStatus.NOT_INVITED
    settings = SmtpSettings("127.0.0.1", port, security="none", username="rocb",
                            sender="rocb@example.org")  # fmt: skip
    with demo.write() as s:
        result = send(s, survey_id, settings, "s3cret", tmp_path / "sent", reminder=False)
    assert result.sent == ["Mr. TANAKA Hiroshi"]
    assert result.undeliverable == ["Mr. PARK Jinho"]
    (received,) = inbox.messages
    assert received["To"] == '"Mr. TANAKA Hiroshi" <hiroshi.tanaka@rtc-japan.example>'
    assert "please reply by 31 March 2024" in received["Subject"]
    assert statuses(demo, survey_id)["Tanaka"] is RecipientStatus.INVITED
    assert statuses(demo, survey_id)["Park"] is RecipientStatus.UNDELIVERABLE
    with demo.read() as s:
        park = next(
            r for r in surveys.get_survey(s, survey_id).recipients
            if r.person.family_name == "Park"
        )  # fmt: skip
        assert "550" in park.status_note


def test_a_wrong_password_sends_nothing(
    demo: Database, smtp_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp_server
    survey_id = demo_survey(demo)
    # aiosmtpd answers a failed login slowly; a short timeout keeps the test quick.
    settings = SmtpSettings("127.0.0.1", port, security="none", username="rocb", timeout=3)
    with demo.write() as s, pytest.raises(RtcdeskError, match="cannot be used"):
        send(s, survey_id, settings, "wrong", tmp_path / "sent", reminder=True)
    assert inbox.messages == []


def test_a_template_with_an_unknown_placeholder_is_refused(demo: Database, tmp_path: Path) -> None:
    survey_id = demo_survey(demo)
    template = MailTemplate("Hello {nmae}", "Body")
    with demo.write() as s, pytest.raises(RtcdeskError, match=r"\{name\}"):
        prepare(s, survey_id, tmp_path, reminder=True, template=template, sender="r@x.org")


def test_drafts_are_drafted_not_invited_and_the_survey_opens_when_they_go_out(
    demo: Database, tmp_path: Path
) -> None:
    survey_id = make_survey_of_meeting_21(demo)
    with demo.write() as s:
        result = prepare(s, survey_id, tmp_path / "drafts", reminder=False, sender="r@x.org")
        survey = surveys.get_survey(s, survey_id)
        assert survey.status is SurveyStatus.DRAFT  # nothing has gone out yet
        drafted = {r.status for r in survey.recipients if r.person.email}
    assert drafted == {RecipientStatus.DRAFTED}
    assert len(result.drafts) == 18  # the 22 but four without an address
    with demo.write() as s:
        # Nobody to remind: a draft is not an invitation.
        assert reminder_targets(s, survey_id) == []
        assert mark_drafts_sent(s, survey_id) == 18
        survey = surveys.get_survey(s, survey_id)
        assert survey.status is SurveyStatus.OPEN
        invited = [r for r in survey.recipients if r.status is RecipientStatus.INVITED]
        assert len(invited) == 18
        assert all(r.invited_at is not None for r in invited)


def test_sending_the_first_invitation_opens_a_draft_survey(
    demo: Database, smtp_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    _inbox, port = smtp_server
    survey_id = make_survey_of_meeting_21(demo)
    settings = SmtpSettings("127.0.0.1", port, security="none", username="rocb",
                            sender="rocb@example.org")  # fmt: skip
    with demo.write() as s:
        send(s, survey_id, settings, "s3cret", tmp_path / "sent", reminder=False)
    with demo.read() as s:
        assert surveys.get_survey(s, survey_id).status is SurveyStatus.OPEN


def test_an_incomplete_return_is_asked_again_with_what_it_lacks(
    demo: Database, tmp_path: Path
) -> None:
    survey_id = demo_survey(demo)
    with demo.write() as s:
        tanaka = next(
            r for r in surveys.get_survey(s, survey_id).recipients
            if r.person.family_name == "Tanaka"
        )  # fmt: skip
        tanaka.status = RecipientStatus.INCOMPLETE
        tanaka.status_note = "required but not answered: Q7 Has the efficiency of your work…"
        result = prepare(s, survey_id, tmp_path / "drafts", reminder=True, sender="r@x.org")
    names = sorted(p.name for p in result.drafts)
    assert len(names) == 2  # Wongsawat (invited) and Tanaka (incomplete)
    draft = next(p for p in result.drafts if "TANAKA" in p.name)
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "it still lacks: required but not answered: Q7 Has the efficiency" in body
    (attachment,) = list(message.iter_attachments())
    form = load_workbook(io.BytesIO(attachment.get_content()))["Questionnaire"]
    answers = {row[0].value: row[3].value for row in form.iter_rows() if row[0].value}
    assert answers["national_trainings"] == 1  # his answers come back pre-filled


def test_messages_come_from_and_answer_to_the_coordinator(demo: Database, tmp_path: Path) -> None:
    survey_id = demo_survey(demo)
    with demo.write() as s, pytest.raises(RtcdeskError, match="need a From address"):
        prepare(s, survey_id, tmp_path / "none", reminder=True)
    assert not (tmp_path / "none").exists() or not any((tmp_path / "none").rglob("*.eml"))
    assert statuses(demo, survey_id)["Wongsawat"] is RecipientStatus.INVITED

    set_return_email("capacity.building@rocb.example.org")
    with demo.write() as s:
        drafted = prepare(s, survey_id, tmp_path / "drafts", reminder=True).drafts
        sent_as = prepare(
            s, survey_id, tmp_path / "again", reminder=True, sender="noreply@rocb.example.org"
        ).drafts
    message = email.message_from_bytes(drafted[0].read_bytes(), policy=email.policy.default)
    assert message["From"] == "capacity.building@rocb.example.org"
    assert message["Reply-To"] is None  # the same address
    other = email.message_from_bytes(sent_as[0].read_bytes(), policy=email.policy.default)
    assert other["From"] == "noreply@rocb.example.org"
    assert other["Reply-To"] == "capacity.building@rocb.example.org"
    form = load_workbook(io.BytesIO(next(other.iter_attachments()).get_content()))
    assert "to capacity.building@rocb.example.org" in form["Questionnaire"]["B5"].value
