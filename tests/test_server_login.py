"""Logging in to a PostgreSQL server that asks for a password: the keyring's,
else asked (GUI dialog, terminal), kept only when accepted and wished, and
never written to a settings file.

The server is the test PostgreSQL server; ``.ci/run``'s cluster asks the login
``rtcdesk_password_test`` for a password (a line of pg_hba.conf) and trusts
every other.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from postgres_servers import TestServer
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from rtcdesk.errors import DatabaseError
from rtcdesk.services.meetings import list_meetings
from rtcdesk.services.server_login import PasswordAnswer, login_key
from rtcdesk.services.startup import open_database

LOGIN = "rtcdesk_password_test"
PASSWORD = "s3cret-Kashiwa"

pytestmark = pytest.mark.postgresql


@pytest.fixture
def server_url(postgres_server: TestServer) -> Iterator[URL]:
    """A database on the test server owned by a login that must give a password;
    the URL names the login but holds no password."""
    with postgres_server.admin.connect() as connection:
        rules = connection.execute(
            text("SELECT count(*) FROM pg_hba_file_rules WHERE :login = ANY(user_name)"),
            {"login": LOGIN},
        ).scalar_one()
        if not rules:
            pytest.skip(
                f"the test server does not ask {LOGIN} for a password (see .ci/postgres.sh)"
            )
        exists = connection.execute(
            text("SELECT count(*) FROM pg_roles WHERE rolname = :login"), {"login": LOGIN}
        ).scalar_one()
        verb = "ALTER" if exists else "CREATE"
        connection.execute(text(f"{verb} ROLE {LOGIN} LOGIN PASSWORD '{PASSWORD}'"))
    url = make_url(postgres_server.create_database())
    open_database(url.render_as_string(hide_password=False)).database.dispose()
    grant = create_engine(url, isolation_level="AUTOCOMMIT")
    with grant.connect() as connection:
        for statement in (
            f"GRANT ALL ON SCHEMA public TO {LOGIN}",
            f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {LOGIN}",
            f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {LOGIN}",
        ):
            connection.execute(text(statement))
    grant.dispose()
    yield url._replace(username=LOGIN, password=None)
    postgres_server.drop_database(url.render_as_string(hide_password=False))


def test_without_a_password_the_refusal_says_who_and_what(
    server_url: URL, file_keyring: PlaintextKeyring
) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(server_url.render_as_string(hide_password=False))
    message = str(refused.value)
    assert f"user {LOGIN} on {server_url.host}" in message
    assert "needs a password" in message


def test_the_keyrings_password_opens_the_database(
    server_url: URL, file_keyring: PlaintextKeyring
) -> None:
    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), PASSWORD)
    opened = open_database(server_url.render_as_string(hide_password=False))
    try:
        with opened.database.read() as session:
            assert list_meetings(session) == []
        assert PASSWORD not in opened.database.describe()
    finally:
        opened.database.dispose()


def test_asked_until_right_and_kept_only_when_wished(
    server_url: URL, file_keyring: PlaintextKeyring
) -> None:
    asked: list[URL] = []
    answers = iter([PasswordAnswer("wrong", remember=True), PasswordAnswer(PASSWORD, True)])

    def ask(url: URL) -> PasswordAnswer | None:
        asked.append(url)
        return next(answers)

    opened = open_database(server_url.render_as_string(hide_password=False), ask_password=ask)
    opened.database.dispose()
    assert len(asked) == 2
    assert all(url.password is None and url.username == LOGIN for url in asked)
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) == PASSWORD


def test_a_wrong_password_is_never_kept(server_url: URL, file_keyring: PlaintextKeyring) -> None:
    def ask(_url: URL) -> PasswordAnswer | None:
        return PasswordAnswer("wrong", remember=True)

    with pytest.raises(DatabaseError, match="wrong password"):
        open_database(server_url.render_as_string(hide_password=False), ask_password=ask)
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) is None


def test_cancelling_the_question_says_nothing_was_opened(
    server_url: URL, file_keyring: PlaintextKeyring
) -> None:
    with pytest.raises(DatabaseError, match="no password given"):
        open_database(
            server_url.render_as_string(hide_password=False), ask_password=lambda _url: None
        )


def test_the_gui_asks_and_the_settings_files_never_hold_the_password(
    server_url: URL, file_keyring: PlaintextKeyring, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from rtcdesk.ui.passwords import PasswordDialog, ask_server_password

    prompts: list[str] = []

    def type_password() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PasswordDialog))
        prompts.append(dialog.prompt.text())
        dialog.password.setText(PASSWORD)
        dialog.remember.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, type_password)
    opened = open_database(
        server_url.render_as_string(hide_password=False), ask_password=ask_server_password
    )
    opened.database.dispose()
    assert len(prompts) == 1
    assert f"{LOGIN} on {server_url.host}" in prompts[0]
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) == PASSWORD
    for settings_file in (tmp_path / "settings").rglob("*"):
        if settings_file.is_file():
            assert PASSWORD not in settings_file.read_text(errors="replace")
