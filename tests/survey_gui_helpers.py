"""Helpers for the survey GUI tests: the demo survey, an open editor, a
keyring in tmp_path, and waiting for background work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyring_in_tmp import TmpPathKeyring
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from rtcdesk.db.engine import Database
from rtcdesk.services.surveys import list_surveys
from rtcdesk.ui.background import BackgroundTask
from rtcdesk.ui.survey_editor import SurveyEditor

DEMO_TITLE = "Follow-up actions after the 21st RTC Heads Meeting"
TASK_TIMEOUT_MS = 30_000


def demo_survey_id(database: Database) -> int:
    with database.read() as session:
        return next(r.id for r in list_surveys(session) if r.title == DEMO_TITLE)


def open_editor(qtbot: QtBot, database: Database, survey_id: int) -> SurveyEditor:
    editor = SurveyEditor(database, survey_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def wait_for(qtbot: QtBot, task: BackgroundTask | None) -> None:
    """Wait until background ``task`` has ended (whatever its outcome)."""
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=TASK_TIMEOUT_MS):
            pass


def wait_for_dialog(qtbot: QtBot, owner: object) -> QDialog:
    """The dialog ``owner`` opened (its ``open_dialog``), once it shows."""
    qtbot.waitUntil(
        lambda: getattr(owner, "open_dialog", None) is not None and owner.open_dialog.isVisible()  # type: ignore[attr-defined]
    )
    dialog = owner.open_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QDialog)
    return dialog


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[TmpPathKeyring]:
    """A real keyring backend that keeps its passwords in a file in tmp_path
    (one the app accepts only because it is not a plain-text backend of
    keyrings.alt: see keyring_in_tmp)."""
    previous = keyring.get_keyring()
    backend = TmpPathKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A system without any keyring (keyring's "fail" backend)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
