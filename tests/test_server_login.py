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
from keyring_in_tmp import TmpPathKeyring
from postgres_servers import TestServer
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from rtcdesk.errors import DatabaseError
from rtcdesk.services.meetings import list_meetings
from rtcdesk.services.server_login import PasswordAnswer, PasswordRequest, login_key
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
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(server_url.render_as_string(hide_password=False))
    message = str(refused.value)
    assert f"user {LOGIN} on {server_url.host}" in message
    assert "needs a password" in message


def test_the_keyrings_password_opens_the_database(
    server_url: URL, file_keyring: TmpPathKeyring
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
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    asked: list[PasswordRequest] = []
    answers = iter([PasswordAnswer("wrong", remember=True), PasswordAnswer(PASSWORD, True)])

    def ask(request: PasswordRequest) -> PasswordAnswer | None:
        asked.append(request)
        return next(answers)

    opened = open_database(server_url.render_as_string(hide_password=False), ask_password=ask)
    opened.database.dispose()
    assert len(asked) == 2
    assert all(r.url.password is None and r.url.username == LOGIN for r in asked)
    # First asked for want of a password, then because the one typed was wrong.
    assert [(r.refused, r.from_keyring) for r in asked] == [(False, False), (True, False)]
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) == PASSWORD


def test_a_wrong_password_is_never_kept(server_url: URL, file_keyring: TmpPathKeyring) -> None:
    def ask(_request: PasswordRequest) -> PasswordAnswer | None:
        return PasswordAnswer("wrong", remember=True)

    with pytest.raises(DatabaseError, match=f"Wrong password for user {LOGIN}"):
        open_database(server_url.render_as_string(hide_password=False), ask_password=ask)
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) is None


def test_cancelling_the_question_says_nothing_was_opened(
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    with pytest.raises(DatabaseError, match="no password given"):
        open_database(
            server_url.render_as_string(hide_password=False), ask_password=lambda _request: None
        )


def test_the_gui_asks_and_the_settings_files_never_hold_the_password(
    server_url: URL, file_keyring: TmpPathKeyring, qtbot: QtBot, tmp_path: Path
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


def test_a_refused_keyring_password_is_said_and_never_tried_again(
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), "stale")
    asked: list[PasswordRequest] = []

    def ask(request: PasswordRequest) -> PasswordAnswer | None:
        asked.append(request)
        return PasswordAnswer(PASSWORD, remember=False)

    for _start in range(2):
        opened = open_database(server_url.render_as_string(hide_password=False), ask_password=ask)
        opened.database.dispose()
    assert [(r.refused, r.from_keyring) for r in asked] == [(True, True), (False, False)]
    assert asked[0].refusal() == (
        f"The password kept in the system keyring for user {LOGIN} on {server_url.host} "
        "was refused."
    )
    # Not kept on request, and the refused one is gone: the second start asked afresh.
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) is None


def test_a_refused_keyring_password_is_replaced_when_wished(
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), "stale")
    opened = open_database(
        server_url.render_as_string(hide_password=False),
        ask_password=lambda _request: PasswordAnswer(PASSWORD, remember=True),
    )
    opened.database.dispose()
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) == PASSWORD


def test_without_a_question_a_refused_keyring_password_is_named(
    server_url: URL, file_keyring: TmpPathKeyring
) -> None:
    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), "stale")
    with pytest.raises(DatabaseError, match=r"kept in the system keyring .* was refused"):
        open_database(server_url.render_as_string(hide_password=False))
    with pytest.raises(DatabaseError, match=r"was refused\. Not connected .* no password given"):
        open_database(
            server_url.render_as_string(hide_password=False), ask_password=lambda _request: None
        )


def test_the_gui_says_when_the_server_refused_the_password(
    server_url: URL, file_keyring: TmpPathKeyring, qtbot: QtBot
) -> None:
    from password_dialogs import type_in_password_dialogs

    from rtcdesk.ui.passwords import PasswordDialog, ask_server_password

    seen: list[PasswordDialog] = []
    type_in_password_dialogs(["wrong", PASSWORD], seen)
    opened = open_database(
        server_url.render_as_string(hide_password=False), ask_password=ask_server_password
    )
    opened.database.dispose()
    refusals = [d.refusal.text() if d.refusal.isVisibleTo(d) else "" for d in seen]
    assert refusals == [
        "",
        f"The server refused this password for user {LOGIN} on {server_url.host}. Type it again.",
    ]


def test_the_gui_says_when_the_keyrings_password_was_refused(
    server_url: URL, file_keyring: TmpPathKeyring, qtbot: QtBot
) -> None:
    from password_dialogs import type_in_password_dialogs

    from rtcdesk.ui.passwords import PasswordDialog, ask_server_password

    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), "stale")
    seen: list[PasswordDialog] = []
    type_in_password_dialogs([PASSWORD], seen)
    opened = open_database(
        server_url.render_as_string(hide_password=False), ask_password=ask_server_password
    )
    opened.database.dispose()
    [dialog] = seen
    assert dialog.refusal.isVisibleTo(dialog)
    assert "password kept in the system keyring" in dialog.refusal.text()
    assert f"user {LOGIN} on {server_url.host} was refused" in dialog.refusal.text()
    # The dialog's "Remember" box was checked: the right one replaced it.
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) == PASSWORD


class _Terminal:
    """Standard input as a terminal, for the command line's password question."""

    def isatty(self) -> bool:
        return True


def test_the_command_line_says_wrong_password_before_asking_again(
    server_url: URL,
    file_keyring: TmpPathKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rtcdesk.cli import main

    typed = iter(["wrong", PASSWORD])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", getpass)
    location = server_url.render_as_string(hide_password=False)
    assert main(["meetings", "list", "--database", location]) == 0
    err = capsys.readouterr().err
    assert prompts == [f"Password of user {LOGIN} on {server_url.host}: "] * 2
    assert err.count(f"Wrong password for user {LOGIN} on {server_url.host}.") == 1
    # The terminal never stores a password.
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(server_url)) is None


def test_the_command_line_names_a_refused_keyring_password(
    server_url: URL,
    file_keyring: TmpPathKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rtcdesk.cli import main

    file_keyring.set_password("rtcdesk-postgresql", login_key(server_url), "stale")
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda _prompt: PASSWORD)
    location = server_url.render_as_string(hide_password=False)
    assert main(["meetings", "list", "--database", location]) == 0
    assert (
        f"The password kept in the system keyring for user {LOGIN} on {server_url.host} "
        "was refused." in capsys.readouterr().err
    )
