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
from openpyxl import load_workbook

from rtcdesk.db.engine import Database
from rtcdesk.errors import RtcdeskError
from rtcdesk.services import surveys
from rtcdesk.services.survey_mail import MailTemplate, SmtpSettings, prepare, send
from rtcdesk.vocabulary import RecipientStatus

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
        prepare(s, survey_id, tmp_path, reminder=True, template=template)
