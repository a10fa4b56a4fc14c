"""No window widens itself: long messages, paths and titles wrap or elide.

A status line holding a file path widened the meeting editor from 1100 to
1355 px and the survey editor to 1586 px (its Close and send buttons went off
screen). Every label that receives text while the window is open (the ones
empty when it opens, and the headings) is given a long unbreakable text and a
long sentence here; the window must keep its width, and the text must stay
readable in full (a tooltip where it is cut).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from shown_windows import Show, meeting_21_id

from rtcdesk.db.engine import Database
from rtcdesk.services.surveys import list_surveys
from rtcdesk.ui.elided_label import ElidedLabel
from rtcdesk.ui.main_window import MainWindow
from rtcdesk.ui.meeting_editor.editor import MeetingEditor
from rtcdesk.ui.preferences import PreferencesDialog
from rtcdesk.ui.survey_editor.editor import SurveyEditor

LONG_PATH = "/home/coordinator/" + "Follow-up-survey-RTC-Heads-Meeting-" * 8 + "forms.xlsx"
LONG_SENTENCE = " ".join(["Wrote the follow-up forms of every recipient to the folder"] * 8)

MessageLabel = QLabel | ElidedLabel


def message_labels(window: QWidget) -> list[MessageLabel]:
    """The labels that hold changing text: those empty when the window opens,
    the elided status lines, and headings (a meeting title may be 200 characters)."""
    found: list[MessageLabel] = list(window.findChildren(ElidedLabel))
    for label in window.findChildren(QLabel):
        if label.buddy() is not None or not label.isVisibleTo(window):
            continue
        if not label.text() or label in (
            getattr(window, "heading", None),
            getattr(window, "subheading", None),
        ):
            found.append(label)
    return found


def describe(label: MessageLabel) -> str:
    """The attribute that holds the label ("SendTab.status"), to find it in the code."""
    parent = label.parentWidget()
    while parent is not None:
        for name, value in vars(parent).items():
            if value is label:
                return f"{type(parent).__name__}.{name}"
        parent = parent.parentWidget()
    return label.accessibleName() or repr(label.text()[:30])


def assert_width_kept(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    width = window.width()
    labels = message_labels(window)
    assert labels, "the window should have message labels to check"
    widened: list[str] = []
    for label in labels:
        before = label.text()
        for text in (LONG_PATH, LONG_SENTENCE):
            label.setText(text)
            QApplication.processEvents()
            if window.width() > width:
                widened.append(describe(label))
                window.resize(width, window.height())
        label.setText(before)
    assert not widened, f"{type(window).__name__} widened by: {widened}"


def test_the_meeting_editor_keeps_its_width(qtbot: QtBot, demo: Database, shown: Show) -> None:
    editor = shown(MeetingEditor(demo, meeting_21_id(demo)))
    assert_width_kept(qtbot, editor)


def test_the_survey_editor_keeps_its_width(qtbot: QtBot, demo: Database, shown: Show) -> None:
    with demo.read() as session:
        survey_id = list_surveys(session)[0].id
    editor = shown(SurveyEditor(demo, survey_id))
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        assert_width_kept(qtbot, editor)


def test_the_main_window_keeps_its_width(qtbot: QtBot, demo: Database, shown: Show) -> None:
    window = shown(MainWindow(demo))
    window.show()
    qtbot.waitExposed(window)
    width = window.width()
    window.show_status(LONG_SENTENCE + LONG_PATH)
    QApplication.processEvents()
    assert window.width() == width


def test_the_connection_test_result_is_shown_whole(qtbot: QtBot, shown: Show) -> None:
    """The result of "Test connection" used to be clipped to one line."""
    dialog = shown(PreferencesDialog())
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.database
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(form.parentWidget()))
    form.use_server.setChecked(True)
    width = dialog.width()
    label = form.test_result
    label.setText(LONG_SENTENCE)
    QApplication.processEvents()
    assert dialog.width() == width
    assert label.wordWrap(), "the result must wrap"
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2000)
    mail = dialog.test_result
    dialog.tabs.setCurrentIndex(1)
    mail.setText(LONG_SENTENCE)
    qtbot.waitUntil(lambda: mail.height() >= mail.heightForWidth(mail.width()), timeout=2000)
    assert dialog.width() == width
