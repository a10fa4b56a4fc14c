"""Sending over an encrypted connection, as every real mail server wants it:
STARTTLS (port 587) and SSL/TLS (port 465), against a local aiosmtpd server
with a throwaway certificate that the client is told to trust, and a server
whose certificate it does not trust, which is refused before any login."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from test_survey_mail import Inbox, authenticator, demo_survey, statuses

from rtcdesk.db.engine import Database
from rtcdesk.errors import RtcdeskError
from rtcdesk.services import surveys
from rtcdesk.services.survey_mail import MailResult, SmtpSettings, send
from rtcdesk.vocabulary import RecipientStatus


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rtcdesk test mail server")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return throwaway_certificate(tmp_path)


@pytest.fixture
def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The client trusts the throwaway certificate (as it trusts a real one)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


@pytest.fixture
def starttls_server(server_context: ssl.SSLContext) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        tls_context=server_context,
        require_starttls=True,  # no login, no mail before the connection is encrypted
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def ssl_server(server_context: ssl.SSLContext, trusted: None) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        ssl_context=server_context,
        auth_require_tls=False,  # the whole connection is TLS already
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def invite_tanaka_again(database: Database, survey_id: int) -> None:
    with database.write() as s:
        for recipient in surveys.get_survey(s, survey_id).recipients:
            if recipient.person.family_name == "Tanaka":
                recipient.status = RecipientStatus.NOT_INVITED


def invite_tanaka(database: Database, port: int, security: str, folder: Path) -> MailResult:
    """Send Mr. Tanaka his invitation again through the server on ``port``."""
    survey_id = demo_survey(database)
    invite_tanaka_again(database, survey_id)
    settings = SmtpSettings("127.0.0.1", port, security=security, username="rocb",
                            sender="rocb@example.org")  # fmt: skip
    with database.write() as s:
        return send(s, survey_id, settings, "s3cret", folder, reminder=False)


@pytest.mark.usefixtures("trusted")
def test_invitations_sent_over_starttls(
    demo: Database, starttls_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = starttls_server
    result = invite_tanaka(demo, port, "starttls", tmp_path / "sent")
    assert result.sent == ["Mr. TANAKA Hiroshi"]
    (received,) = inbox.messages
    assert received["To"] == '"Mr. TANAKA Hiroshi" <hiroshi.tanaka@rtc-japan.example>'
    assert statuses(demo, demo_survey(demo))["Tanaka"] is RecipientStatus.INVITED


def test_invitations_sent_over_ssl(
    demo: Database, ssl_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = ssl_server
    result = invite_tanaka(demo, port, "ssl", tmp_path / "sent")
    assert result.sent == ["Mr. TANAKA Hiroshi"]
    assert len(inbox.messages) == 1


def test_a_server_whose_certificate_is_not_trusted_gets_no_password(
    demo: Database, starttls_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    """Without trusting the throwaway certificate, the client stops at the
    handshake: the password never travels, nothing is sent or stamped."""
    inbox, port = starttls_server
    survey_id = demo_survey(demo)
    invite_tanaka_again(demo, survey_id)
    settings = SmtpSettings("127.0.0.1", port, security="starttls", username="rocb", timeout=5)
    with demo.write() as s, pytest.raises(RtcdeskError, match="CERTIFICATE_VERIFY_FAILED"):
        send(s, survey_id, settings, "s3cret", tmp_path / "sent", reminder=False)
    assert inbox.messages == []
    assert statuses(demo, survey_id)["Tanaka"] is RecipientStatus.NOT_INVITED
