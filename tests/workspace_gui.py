"""Helpers for the GUI tests of list workspaces and record editors: drive
them the way a coordinator does (click, type, press keys)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QLocale, QPoint, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from rtcdesk.ui.workspace import ListWorkspace

D = TypeVar("D", bound=QDialog)
Workspace = ListWorkspace[Any]


@pytest.fixture(autouse=True)
def gui_isolation(qtbot: QtBot, tmp_path: Path) -> Iterator[None]:
    """Settings in tmp_path (QSettings caches its folder once per process),
    dates in English, and no dialog left open after a failed test (the
    unsaved-changes question would wait for an answer for ever).

    Test modules import this fixture to use it."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(previous)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


def show_workspace(qtbot: QtBot, workspace: Workspace) -> None:
    qtbot.addWidget(workspace)
    workspace.resize(1100, 600)
    workspace.refresh()
    workspace.show()
    qtbot.waitExposed(workspace)


def show_dialog(qtbot: QtBot, dialog: QDialog) -> None:
    """Show a dialog made by the test, active as if clicked on; at the end
    of the test it closes without asking about unsaved changes."""
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(QDialog.DialogCode.Rejected))
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def shown_dialog(qtbot: QtBot, owner: QWidget, kind: type[D]) -> D:
    """The ``kind`` dialog ``owner`` opened, once it shows; made active."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in owner.findChildren(kind)))
    dialog = next(d for d in owner.findChildren(kind) if d.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def closed(dialog: QDialog) -> bool:
    """Hidden, or already deleted (the workspaces' dialogs delete themselves on close)."""
    return not isValid(dialog) or not dialog.isVisible()


def column_texts(workspace: Workspace, column: int) -> list[str]:
    proxy = workspace.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def click_header(qtbot: QtBot, workspace: Workspace, column: int) -> None:
    header = workspace.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def click_row(qtbot: QtBot, workspace: Workspace, text: str, *, double: bool = False) -> None:
    """Click the row whose first column shows ``text`` (twice for ``double``)."""
    row = column_texts(workspace, 0).index(text)
    table = workspace.table
    centre = table.visualRect(workspace.proxy.index(row, 0)).center()
    # A double-click starts with a click; the view ignores one without it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def press_save(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.keySequence(dialog.focusWidget(), QKeySequence(QKeySequence.StandardKey.Save))


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Click into ``field`` (so that leaving it counts) and type ``text``."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    type_text(qtbot, field, text)


def type_text(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Type ``text``; letters beyond Latin-1 arrive as an input method commits
    them (QTest cannot send them as key presses)."""
    if all(ord(c) < 256 for c in text):
        qtbot.keyClicks(field, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def choose_in_combo(qtbot: QtBot, combo: QComboBox, typed: str) -> None:
    """Type into a type-ahead combo and take the first match from its pop-up."""
    line = combo.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, typed)
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
