"""Plain-text keyrings count as no keyring: with keyrings.alt's
PlaintextKeyring as the keyring (keyring's default where no Secret Service
runs), nothing is stored in its file and nothing is read from it, also when
it is one of the backends of keyring's ChainerBackend; the password dialogs
then say why nothing is remembered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.backends.chainer import ChainerBackend
from keyring_in_tmp import TmpPathKeyring
from keyrings.alt import Windows
from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring
from password_dialogs import type_in_password_dialogs
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from rtcdesk.services import mail_server
from rtcdesk.services.passwords import KeyringState, is_plain_text, keyring_state
from rtcdesk.services.server_login import SERVER_PASSWORDS, PasswordRequest
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.ui.passwords import PasswordDialog, ask_server_password, password_for

UseKeyring = Callable[[KeyringBackend], None]

PLAIN_TEXT_NOTE = (
    "This computer's only keyring keeps passwords in a plain-text file, so rtcdesk "
    "does not store them there: it asks each time."
)


@pytest.fixture
def plain_text(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    return backend


@pytest.fixture
def use_keyring() -> Iterator[UseKeyring]:
    """Sets a backend as this process's keyring for one test (the user's
    keyring configuration is not touched)."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


def chain_of(*backends: KeyringBackend) -> ChainerBackend:
    """keyring's ChainerBackend over ``backends`` (it otherwise chains every
    backend installed)."""
    chain = type("FixedChain", (ChainerBackend,), {"backends": list(backends)})
    KeyringBackend._classes.discard(chain)  # type: ignore[attr-defined]
    return chain()


@pytest.fixture
def only_plain_text(
    use_keyring: UseKeyring, plain_text: PlaintextKeyring
) -> Iterator[PlaintextKeyring]:
    use_keyring(plain_text)
    yield plain_text
    assert not Path(plain_text.file_path).exists(), "a password went into the plain-text file"


def test_the_rule_goes_by_class() -> None:
    assert is_plain_text(PlaintextKeyring())
    # The Windows ones encrypt with the login (not constructed: they need Windows).
    for encrypting in (Windows.EncryptedKeyring, Windows.RegistryKeyring):
        assert not is_plain_text(encrypting.__new__(encrypting))
    # The encrypted file asks for a master password at a terminal, which a window cannot answer.
    assert is_plain_text(EncryptedKeyring.__new__(EncryptedKeyring))
    # A subclass of the plain-text keyring is still one.
    sneaky = type("Sneaky", (PlaintextKeyring,), {"__module__": "somewhere.else"})
    KeyringBackend._classes.discard(sneaky)  # type: ignore[attr-defined]
    assert is_plain_text(sneaky())
    assert not is_plain_text(fail.Keyring())
    assert not is_plain_text(TmpPathKeyring(Path("unused.json")))


def test_a_plain_text_keyring_stores_nothing(only_plain_text: PlaintextKeyring) -> None:
    assert keyring_state() is KeyringState.PLAIN_TEXT_ONLY
    assert not mail_server.keyring_available()
    assert not mail_server.store_password("rocb", "s3cret")
    assert not SERVER_PASSWORDS.store("rocb@db:5432/rtc", "s3cret")


def test_a_plain_text_keyring_is_not_read(
    use_keyring: UseKeyring, plain_text: PlaintextKeyring
) -> None:
    # Written there before rtcdesk refused it (by an older rtcdesk, say).
    plain_text.set_password("rtcdesk-smtp", "rocb", "s3cret")
    use_keyring(plain_text)
    assert mail_server.stored_password("rocb") is None


def test_in_a_chain_only_the_plain_text_backend_is_left_out(
    use_keyring: UseKeyring, plain_text: PlaintextKeyring, tmp_path: Path
) -> None:
    trusted = TmpPathKeyring(tmp_path / "trusted.json")
    plain_text.set_password("rtcdesk-smtp", "old", "from-the-file")
    use_keyring(chain_of(plain_text, trusted))
    assert keyring_state() is KeyringState.AVAILABLE
    assert mail_server.stored_password("old") is None
    assert mail_server.store_password("rocb", "s3cret")
    assert trusted.get_password("rtcdesk-smtp", "rocb") == "s3cret"
    assert plain_text.get_password("rtcdesk-smtp", "rocb") is None
    assert mail_server.stored_password("rocb") == "s3cret"
    mail_server.forget_password("rocb")
    assert trusted.get_password("rtcdesk-smtp", "rocb") is None


def test_a_chain_of_plain_text_alone_is_no_keyring(
    use_keyring: UseKeyring, plain_text: PlaintextKeyring
) -> None:
    use_keyring(chain_of(plain_text))
    assert keyring_state() is KeyringState.PLAIN_TEXT_ONLY
    assert not mail_server.store_password("rocb", "s3cret")
    assert not Path(plain_text.file_path).exists()


def test_no_keyring_at_all_is_told_apart(no_keyring: None) -> None:
    assert keyring_state() is KeyringState.NONE


def test_the_server_password_dialog_offers_nothing_to_remember(
    qtbot: QtBot, only_plain_text: PlaintextKeyring
) -> None:
    seen: list[PasswordDialog] = []
    type_in_password_dialogs(["s3cret"], seen)
    request = PasswordRequest(make_url("postgresql+psycopg://rocb@db.example.org/rtc"))
    answer = ask_server_password(request)
    assert answer is not None
    assert answer.password == "s3cret"
    assert not answer.remember
    [dialog] = seen
    assert not dialog.remember.isEnabled()
    assert not dialog.remember.isChecked()
    assert dialog.note.text() == PLAIN_TEXT_NOTE
    assert not dialog.refusal.isVisibleTo(dialog)


def test_the_mail_password_dialog_offers_nothing_to_remember(
    qtbot: QtBot, only_plain_text: PlaintextKeyring
) -> None:
    seen: list[PasswordDialog] = []
    type_in_password_dialogs(["s3cret"], seen)
    smtp = SmtpSettings(host="smtp.example.org", username="rocb")
    assert password_for(None, smtp) == "s3cret"
    [dialog] = seen
    assert not dialog.remember.isEnabled()
    assert dialog.note.text() == PLAIN_TEXT_NOTE


def test_the_refusal_shows_above_the_field(qtbot: QtBot, file_keyring: TmpPathKeyring) -> None:
    dialog = PasswordDialog(
        "Database server password",
        "Password of user rocb on db.example.org:",
        "",
        refusal="The server refused this password for user rocb on db.example.org. Type it again.",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.refusal.isVisible()
    assert dialog.remember.isEnabled()
    assert dialog.refusal.geometry().bottom() < dialog.password.geometry().top()
