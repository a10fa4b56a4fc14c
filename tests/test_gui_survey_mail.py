"""E-mail from the survey editor: the mail server in the preferences (the
password in a real keyring backend, never in the settings), a connection
test, and invitations sent to a local SMTP server, with the password taken
from the keyring, or asked for where there is no keyring."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from factories import make_person
from gui_helpers import answer_next_dialog, message_text
from gui_meeting_helpers import choose
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from survey_gui_helpers import (  # noqa: F401  (fixtures)
    demo_survey_id,
    file_keyring,
    no_keyring,
    open_editor,
    wait_for,
    wait_for_dialog,
)
from test_survey_mail import REFUSED, Inbox, smtp_server  # noqa: F401  (a fixture)

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.db.engine import Database
from rtcdesk.services.mail_server import store_password, stored_password
from rtcdesk.services.print_settings import set_return_email
from rtcdesk.services.survey_mail import SmtpSettings
from rtcdesk.services.surveys import (
    QuestionData,
    SurveyData,
    add_question,
    add_recipient,
    create_survey,
    get_survey,
)
from rtcdesk.ui.passwords import PasswordDialog
from rtcdesk.ui.preferences import PreferencesDialog, load_smtp_settings, save_smtp_settings
from rtcdesk.ui.survey_editor.mail_texts import load_template
from rtcdesk.vocabulary import QuestionKind, RecipientStatus

Server = tuple[Inbox, int]


def settings_text() -> str:
    """Every key and value the settings hold, as one string."""
    settings = QSettings(APP_AUTHOR, APP_NAME)
    return "\n".join(f"{k}={settings.value(k)}" for k in settings.allKeys())


def test_preferences_keep_the_password_in_the_keyring(
    qtbot: QtBot,
    smtp_server: Server,  # noqa: F811
    file_keyring: PlaintextKeyring,  # noqa: F811
) -> None:
    _inbox, port = smtp_server
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert "system keyring, not in a settings file" in dialog.keyring_note.text()
    qtbot.keyClicks(dialog.host, "127.0.0.1")
    choose(qtbot, dialog.security, "None: unencrypted (not recommended)")
    assert dialog.port.value() == 25
    dialog.port.setValue(port)
    qtbot.keyClicks(dialog.username, "rocb")
    qtbot.keyClicks(dialog.password, "s3cret")
    qtbot.keyClicks(dialog.sender_address, "rocb@example.org")

    task = dialog.test_connection()
    wait_for(qtbot, task)
    assert dialog.test_result.text() == "Connected to 127.0.0.1; the server accepted the login."

    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert load_smtp_settings() == SmtpSettings(
        "127.0.0.1", port, security="none", username="rocb", sender="rocb@example.org"
    )
    assert file_keyring.get_password("rtcdesk-smtp", "rocb") == "s3cret"
    assert "s3cret" not in settings_text()
    assert "127.0.0.1" in settings_text()

    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.password.text() == ""
    assert again.password.placeholderText() == "Kept in the system keyring"


def test_a_failed_connection_test_says_why(
    qtbot: QtBot,
    file_keyring: PlaintextKeyring,  # noqa: F811
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    save_smtp_settings(SmtpSettings("127.0.0.1", port, security="none", username="rocb"))
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "s3cret")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    wait_for(qtbot, dialog.test_connection())
    assert "cannot be used" in message_text(seen[0])
    assert "cannot be used" in dialog.test_result.text()
    assert dialog.test_button.isEnabled()


def test_without_a_keyring_the_password_is_not_stored(
    qtbot: QtBot,
    no_keyring: None,  # noqa: F811
) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert "no system keyring" in dialog.keyring_note.text()
    qtbot.keyClicks(dialog.host, "smtp.example.org")
    qtbot.keyClicks(dialog.username, "rocb")
    qtbot.keyClicks(dialog.password, "s3cret")
    seen: list[QDialog] = []
    answer_next_dialog("OK", seen)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "the password was not stored" in message_text(seen[0])
    assert "s3cret" not in settings_text()
    assert stored_password("rocb") is None


def uninvite(database: Database, survey_id: int, *family_names: str) -> None:
    with database.write() as s:
        for recipient in get_survey(s, survey_id).recipients:
            if recipient.person.family_name in family_names:
                recipient.status = RecipientStatus.NOT_INVITED


def statuses(database: Database, survey_id: int) -> dict[str, RecipientStatus]:
    with database.read() as s:
        return {r.person.family_name: r.status for r in get_survey(s, survey_id).recipients}


def test_invitations_sent_with_the_password_from_the_keyring(
    qtbot: QtBot,
    demo: Database,
    smtp_server: Server,  # noqa: F811
    file_keyring: PlaintextKeyring,  # noqa: F811
) -> None:
    inbox, port = smtp_server
    save_smtp_settings(SmtpSettings("127.0.0.1", port, security="none", username="rocb",
                                    sender="rocb@example.org"))  # fmt: skip
    store_password("rocb", "s3cret")
    survey_id = demo_survey_id(demo)
    uninvite(demo, survey_id, "Tanaka", "Park")
    editor = open_editor(qtbot, demo, survey_id)
    sending = editor.sending
    assert sending.invitations.isChecked()
    assert sending.send_button.isEnabled()
    assert sending.server.text() == f"Through 127.0.0.1:{port}"
    sending.subject.setText("Your follow-up form: {survey}")

    seen: list[QDialog] = []
    answer_next_dialog("Yes", seen)
    task = sending.send_by_email()
    assert "Send 2 invitations through 127.0.0.1?" in message_text(seen[0])
    answer_next_dialog("OK", seen)
    wait_for(qtbot, task)

    (received,) = inbox.messages
    assert received["To"] == '"Mr. TANAKA Hiroshi" <hiroshi.tanaka@rtc-japan.example>'
    assert received["From"] == "rocb@example.org"
    assert received["Subject"].strip() == (
        "Your follow-up form: Follow-up actions after the 21st RTC Heads Meeting"
    )
    assert len(list(received.iter_attachments())) == 1
    stored = statuses(demo, survey_id)
    assert stored["Tanaka"] is RecipientStatus.INVITED
    assert stored["Park"] is RecipientStatus.UNDELIVERABLE
    assert "Mr. PARK Jinho" in message_text(seen[1])
    assert sending.result.text() == "E-mail: 1 sent, 1 undeliverable."
    assert load_template(False).subject == "Your follow-up form: {survey}"
    assert REFUSED == "jinho.park@rtc-korea.example"
    rows = {r.name: r for r in editor.recipients.model.rows()}
    assert rows["Mr. PARK Jinho"].note.startswith("Address refused: 550")


def type_password(password: str) -> Any:
    """For ``answer_next_dialog``: type into the password dialog, then OK."""

    def answer(dialog: QDialog) -> QAbstractButton:
        assert isinstance(dialog, PasswordDialog)
        assert not dialog.remember.isEnabled()
        assert "not stored" in dialog.note.text()
        dialog.password.setText(password)
        buttons = dialog.findChild(QDialogButtonBox)
        return buttons.button(QDialogButtonBox.StandardButton.Ok)

    return answer


def test_without_a_keyring_the_password_is_asked_for_when_sending(
    qtbot: QtBot,
    demo: Database,
    smtp_server: Server,  # noqa: F811
    no_keyring: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    inbox, port = smtp_server
    save_smtp_settings(SmtpSettings("127.0.0.1", port, security="none", username="rocb"))
    survey_id = demo_survey_id(demo)
    uninvite(demo, survey_id, "Tanaka")
    editor = open_editor(qtbot, demo, survey_id)
    answer_next_dialog("Yes")
    answer_next_dialog(type_password("s3cret"))
    wait_for(qtbot, editor.sending.send_by_email())
    assert len(inbox.messages) == 1
    assert statuses(demo, survey_id)["Tanaka"] is RecipientStatus.INVITED
    assert stored_password("rocb") is None


def test_sending_needs_a_mail_server(qtbot: QtBot, demo: Database) -> None:
    survey_id = demo_survey_id(demo)
    uninvite(demo, survey_id, "Tanaka")
    editor = open_editor(qtbot, demo, survey_id)
    assert not editor.sending.send_button.isEnabled()
    assert editor.sending.send_button.toolTip() == "Set up a mail server first (Mail server…)"
    assert editor.sending.drafts_button.isEnabled()


def test_the_mail_server_is_set_up_from_the_send_tab(
    qtbot: QtBot,
    demo: Database,
    file_keyring: PlaintextKeyring,  # noqa: F811
) -> None:
    editor = open_editor(qtbot, demo, demo_survey_id(demo))
    sending = editor.sending
    sending.server_button.click()
    dialog = wait_for_dialog(qtbot, sending)
    assert isinstance(dialog, PreferencesDialog)
    qtbot.keyClicks(dialog.host, "smtp.example.org")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: sending.open_dialog is None)
    assert sending.server.text() == "Through smtp.example.org:587"


def test_one_draft_is_worded_as_one(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    with database.write() as s:
        survey = create_survey(s, SurveyData("Follow-up 2024")).id
        add_question(s, survey, QuestionData("story", QuestionKind.TEXT, "What changed?"))
        add_recipient(s, survey, make_person(s, "Kang", "Taeil", email="kang@example.org").id)
    set_return_email("rocb@example.org")
    editor = open_editor(qtbot, database, survey)
    wait_for(qtbot, editor.sending.write_drafts_to(tmp_path / "drafts"))
    assert editor.sending.result.text().startswith("1 draft written in ")
