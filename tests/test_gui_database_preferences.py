"""Preferences > Data > Database: choosing a shared PostgreSQL server (the
password to the keyring, never to a settings file), testing the connection,
and going back to this computer's file. The choice is what the app and the
command line open next time."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import Seen, answer_next_dialog, message_text
from keyring_in_tmp import TmpPathKeyring
from postgres_servers import TestServer
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from rtcdesk import paths
from rtcdesk.services.database_choice import chosen_location, chosen_server
from rtcdesk.services.server_login import login_key
from rtcdesk.services.startup import resolve_location
from rtcdesk.ui.preferences import PreferencesDialog

TIMEOUT_MS = 20_000


def open_preferences(qtbot: QtBot) -> PreferencesDialog:
    dialog = PreferencesDialog(open_now="/home/coordinator/rtcdesk.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_server(dialog: PreferencesDialog, qtbot: QtBot, host: str, port: int, db: str) -> None:
    group = dialog.database
    qtbot.mouseClick(group.use_server, Qt.MouseButton.LeftButton)
    assert group.server_fields.isEnabled()
    group.host.setText(host)
    group.port.setValue(port)
    group.database.setText(db)
    group.username.setText("rocb")


def every_settings_file(tmp_path: Path) -> list[Path]:
    folders = [tmp_path / "settings", paths.config_dir()]
    return [f for folder in folders if folder.exists() for f in folder.rglob("*") if f.is_file()]


def test_a_shared_server_is_kept_without_its_password(
    qtbot: QtBot, file_keyring: TmpPathKeyring, tmp_path: Path
) -> None:
    dialog = open_preferences(qtbot)
    assert dialog.database.use_file.isChecked()
    assert not dialog.database.server_fields.isEnabled()
    fill_server(dialog, qtbot, "db.rocb-ap.example", 6543, "rtcdesk")
    dialog.database.password.setText("Kashiwa-2023!")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )

    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    location = chosen_location()
    assert location == "postgresql+psycopg://rocb@db.rocb-ap.example:6543/rtcdesk"
    assert resolve_location(None) == location
    assert file_keyring.get_password("rtcdesk-postgresql", login_key(make_url(location))) == (
        "Kashiwa-2023!"
    )
    files = every_settings_file(tmp_path)
    assert files, "the choice was written somewhere"
    for settings_file in files:
        assert "Kashiwa-2023!" not in settings_file.read_text(errors="replace")

    reopened = open_preferences(qtbot)
    assert reopened.database.use_server.isChecked()
    assert (reopened.database.host.text(), reopened.database.port.value()) == (
        "db.rocb-ap.example",
        6543,
    )
    assert "system keyring" in reopened.database.password.placeholderText()
    assert reopened.database.password.text() == ""


def test_a_server_without_a_name_is_refused_and_nothing_kept(
    qtbot: QtBot, file_keyring: TmpPathKeyring
) -> None:
    dialog = open_preferences(qtbot)
    fill_server(dialog, qtbot, "", 5432, "rtcdesk")
    seen: Seen = []
    answer_next_dialog("OK", seen)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
    assert "Type the server's name or address" in message_text(seen[0])
    assert dialog.isVisible()
    assert chosen_location() is None


def test_going_back_to_this_computers_file(qtbot: QtBot, file_keyring: TmpPathKeyring) -> None:
    dialog = open_preferences(qtbot)
    fill_server(dialog, qtbot, "db.rocb-ap.example", 5432, "rtcdesk")
    dialog.accept()
    assert chosen_server() is not None

    dialog = open_preferences(qtbot)
    qtbot.mouseClick(dialog.database.use_file, Qt.MouseButton.LeftButton)
    dialog.accept()
    assert chosen_location() is None
    assert resolve_location(None) == str(paths.default_database_path())


@pytest.mark.postgresql
def test_test_connection_logs_in_and_says_what_the_database_holds(
    qtbot: QtBot, file_keyring: TmpPathKeyring, postgres_server: TestServer
) -> None:
    url = make_url(postgres_server.fresh_shared_database())
    dialog = open_preferences(qtbot)
    fill_server(dialog, qtbot, url.host or "", url.port or 5432, url.database or "")
    dialog.database.username.setText(url.username or "")
    task = dialog.database.test_connection()
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=TIMEOUT_MS):
        pass
    assert dialog.database.test_result.text() == (
        f"Connected to {url.database} on {url.host}; it holds rtcdesk data."
    )

    dialog.database.database.setText("no_such_database")
    seen: Seen = []
    answer_next_dialog("OK", seen)
    task = dialog.database.test_connection()
    assert task is not None
    with qtbot.waitSignal(task.refused, timeout=TIMEOUT_MS):
        pass
    assert "no_such_database" in message_text(seen[0])
    assert dialog.database.test_result.text().startswith(
        f"No connection to {url.host}:{url.port}/no_such_database:"
    )
    assert 'database "no_such_database" does not exist' in dialog.database.test_result.text()
