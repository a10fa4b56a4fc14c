"""The whole follow-up cycle through the survey editor on the demo meeting:
a survey from the template, recipients from the attended participants,
forms written and filled in as respondents do, collected after a review
(new, changed, unreadable answers, refused files), invitations and
reminders as e-mail drafts read back with the email package, a paper
response typed in, a recipient who declined, the non-respondents exported,
the results against a hand count, and the results workbook read back."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from gui_meeting_helpers import choose, pick_choice
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextDocumentFragment
from pytestqt.qtbot import QtBot
from survey_gui_helpers import demo_survey_id, open_editor, wait_for, wait_for_dialog
from test_survey_cycle import GOOD, fill, table_rows

from rtcdesk.db.engine import Database
from rtcdesk.services.print_settings import set_return_email
from rtcdesk.services.survey_forms import write_forms
from rtcdesk.services.surveys import get_survey
from rtcdesk.ui.survey_editor import SurveyEditor
from rtcdesk.ui.survey_editor.collect_tab import CollectTab
from rtcdesk.ui.survey_editor.recipient_dialogs import FromMeetingDialog, StatusDialog
from rtcdesk.ui.survey_editor.recipients_tab import RecipientsTab
from rtcdesk.ui.survey_editor.response_dialog import ResponseDialog
from rtcdesk.ui.surveys_workspace import SurveysWorkspace
from rtcdesk.vocabulary import RecipientStatus

ModelTester = Any


def new_survey_with_recipients(qtbot: QtBot, demo: Database) -> SurveyEditor:
    """From the workspace: the template for the 21st meeting, then every
    participant who attended as a recipient (through the real dialogs)."""
    ws = SurveysWorkspace(demo)
    qtbot.addWidget(ws)
    ws.refresh()
    ws.new_survey()
    dialog = wait_for_dialog(qtbot, ws)
    pick_choice(qtbot, dialog.meeting, "21st", "21st RTC Heads Meeting")  # type: ignore[attr-defined]
    dialog.closes_on.set_date(date(2025, 3, 31))  # type: ignore[attr-defined]
    dialog.create_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(ws.editors) == 1)
    editor = ws.editors[0]
    qtbot.addWidget(editor)

    tab = editor.recipients
    assert plain(tab.summary.text()) == "No recipients yet."
    tab.from_meeting_button.click()
    add = wait_for_dialog(qtbot, tab)
    assert isinstance(add, FromMeetingDialog)
    assert [s.label for s in add.chosen_statuses()] == ["Attended"]
    assert add.count.text() == "22 participants will be added."
    add.add_button.click()
    qtbot.waitUntil(lambda: tab.open_dialog is None)
    return editor


def plain(html: str) -> str:
    return QTextDocumentFragment.fromHtml(html).toPlainText()


def recipients(database: Database, survey_id: int) -> dict[str, Any]:
    """Recipients by the family name, as stored (with their answers loaded)."""
    with database.read() as s:
        found = {r.person.family_name: r for r in get_survey(s, survey_id).recipients}
        for recipient in found.values():
            assert recipient.answers is not None
        return found


def select(tab: RecipientsTab, name_part: str) -> str:
    row = next(r for r in tab.model.rows() if name_part in r.name)
    assert tab.select(row.recipient_id)
    return row.name


def collect(qtbot: QtBot, tab: CollectTab, paths: list[Path]) -> list[tuple[str, str]]:
    """(file name, what it would do) for each file, once the review shows."""
    with qtbot.waitSignal(tab.reviewed, timeout=30_000):
        tab.collect(paths)
    return [(r.file.name, r.status) for r in tab.reviews()]


def drafts_to(folder: Path) -> dict[str, email.message.EmailMessage]:
    messages = {}
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        messages[message["To"].addresses[0].addr_spec] = message
    return messages


def test_the_whole_cycle(
    qtbot: QtBot, demo: Database, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    editor = new_survey_with_recipients(qtbot, demo)
    survey_id = editor.survey_id
    stored = recipients(demo, survey_id)
    assert len(stored) == 22
    assert {r.status for r in stored.values()} == {RecipientStatus.NOT_INVITED}
    tab = editor.recipients
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    assert plain(tab.summary.text()) == "0 of 22 responded (0%) · 22 not answered in full"

    # Forms out, one per recipient.
    wait_for(qtbot, editor.sending.write_forms_to(tmp_path / "forms"))
    forms = {p.name.split(" - ")[1].split(" (")[0]: p for p in (tmp_path / "forms").iterdir()}
    assert len(forms) == 22
    assert editor.sending.result.text().startswith("Wrote 22 forms to")

    # Forms back: good, with an unreadable answer, from another survey, twice.
    tanaka = fill(forms["TANAKA Hiroshi"], GOOD)
    zhang = fill(forms["ZHANG Wei"], {**GOOD, "shared_knowledge": "No", "applied_in_work": 9})
    with demo.read() as s:
        other = write_forms(s, demo_survey_id(demo), tmp_path / "other")[0]
    statuses = collect(qtbot, editor.collecting, [tanaka, zhang, other, tanaka])
    assert editor.tabs.currentWidget() is editor.collecting
    assert statuses == [
        (tanaka.name, "new"), (zhang.name, "new"), (other.name, "refused"),
        (tanaka.name, "refused"),
    ]  # fmt: skip
    files = editor.collecting.files.rows()
    reasons = " ".join(f.reason for f in files)
    assert "a form of another survey" in reasons
    assert "the same file as" in reasons
    qtmodeltester.check(editor.collecting.files)
    qtmodeltester.check(editor.collecting.files_proxy)
    number = next(n for n, f in enumerate(files) if f.file == zhang)
    proxy_row = editor.collecting.files_proxy.mapFromSource(
        editor.collecting.files.index(number, 0)
    )
    editor.collecting.file_table.setCurrentIndex(proxy_row)
    lines = editor.collecting.lines.rows()
    qtmodeltester.check(editor.collecting.lines)
    unreadable = next(line for line in lines if line.code == "applied_in_work")
    assert (unreadable.in_file, unreadable.remark) == (
        "9",
        "cannot be read: 9 is outside the scale 1 to 5",
    )
    assert any(line.code == "shared_knowledge" and line.in_file == "No" for line in lines)
    assert "Write stores 2 responses." in editor.collecting.outcome.text()
    assert "1 answer that cannot be read is left out" in editor.collecting.outcome.text()
    assert "2 files are refused." in editor.collecting.outcome.text()
    assert recipients(demo, survey_id)["Tanaka"].status is RecipientStatus.NOT_INVITED
    editor.collecting.write_button.click()
    stored = recipients(demo, survey_id)
    assert stored["Tanaka"].status is RecipientStatus.RESPONDED
    # Mr. Zhang's unreadable answer leaves his return incomplete, to chase.
    assert stored["Zhang"].status is RecipientStatus.INCOMPLETE
    assert "cannot read: Q5 How much have you applied" in stored["Zhang"].status_note
    assert editor.collecting.outcome.text() == (
        "Collected: 2 new responses, 0 changed, 0 unchanged, 2 refused; "
        "incomplete, still to chase: Mr. ZHANG Wei"
    )

    # The same file again changes nothing; a corrected one shows old and new.
    assert collect(qtbot, editor.collecting, [tanaka]) == [(tanaka.name, "unchanged")]
    assert not editor.collecting.write_button.isEnabled()
    corrected = fill(forms["TANAKA Hiroshi"], {**GOOD, "national_trainings": 4},
                     tmp_path / "tanaka again.xlsx")  # fmt: skip
    assert collect(qtbot, editor.collecting, [corrected]) == [(corrected.name, "changed")]
    (line,) = editor.collecting.lines.rows()
    assert (line.code, line.on_record, line.in_file, line.remark) == (
        "national_trainings", "2", "4", "changed",
    )  # fmt: skip
    editor.collecting.write_button.click()

    # Invitations to everyone not invited yet, as drafts.
    sending = editor.sending
    assert sending.invitations.isChecked()
    assert sending.invitations.text() == "&Invitations, to the 20 recipients not invited yet"
    stored = recipients(demo, survey_id)
    with_address = {
        r.person.email for r in stored.values() if r.status is RecipientStatus.NOT_INVITED
    } - {""}
    without = 20 - len(with_address)
    set_return_email("capacity.building@rocb.example.org")  # the drafts' From
    wait_for(qtbot, sending.write_drafts_to(tmp_path / "invitations"))
    invited = drafts_to(tmp_path / "invitations")
    assert set(invited) == with_address
    assert sending.result.text().startswith(
        f"{len(with_address)} drafts written, {without} skipped (no e-mail address) in "
    )
    first = next(iter(invited.values()))
    assert first["Subject"].startswith("Follow-up survey: Questionnaire on the Follow-Up")
    assert first["Subject"].endswith("(please reply by 31 March 2025)")
    assert len(list(first.iter_attachments())) == 1
    stored = recipients(demo, survey_id)
    # Written, not sent: drafted until the coordinator says they went out.
    assert stored["Wongsawat"].status is RecipientStatus.DRAFTED
    assert stored["Tanaka"].status is RecipientStatus.RESPONDED
    assert sending.drafts_sent_button.isEnabled()
    sending.drafts_sent_button.click()
    assert sending.result.text() == f"{len(with_address)} recipients marked as invited."
    stored = recipients(demo, survey_id)
    assert stored["Wongsawat"].status is RecipientStatus.INVITED
    assert not sending.drafts_sent_button.isEnabled()

    # A response on paper, typed in; the first try leaves a required answer out.
    chan = select(tab, "CHAN Ka-yan")
    tab.response_button.click()
    paper = wait_for_dialog(qtbot, tab)
    assert isinstance(paper, ResponseDialog)
    codes = {row.code: row for row in editor.design.questions.model.rows()}

    def answer(code: str) -> Any:
        return paper.inputs[codes[code].id].widget()

    choose(qtbot, answer("shared_knowledge"), "Yes")
    qtbot.keyClicks(answer("colleagues_reached"), "1,500")
    paper.buttons.button(paper.buttons.StandardButton.Save).click()
    assert paper.isVisible()
    assert paper.summary.text() == "4 answers need attention; nothing was saved."
    assert paper.messages[codes["national_trainings"].id].text() == "An answer is required"
    assert recipients(demo, survey_id)["Chan"].status is RecipientStatus.INVITED
    qtbot.keyClicks(answer("national_trainings"), "3")
    choose(qtbot, answer("applied_in_work"), "3")
    choose(qtbot, answer("efficiency"), "4")
    choose(qtbot, answer("modernisation_started"), "No")
    qtbot.keyClicks(answer("direct_effects"), "Trainers certified.")
    paper.received.set_date(date(2025, 3, 20))
    paper.buttons.button(paper.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: tab.open_dialog is None)
    stored = recipients(demo, survey_id)
    assert stored["Chan"].status is RecipientStatus.RESPONDED
    assert stored["Chan"].responded_at == datetime(2025, 3, 20, 12, tzinfo=UTC)
    answers = {a.question_id: a.value for a in stored["Chan"].answers}
    assert answers[codes["colleagues_reached"].id] == 1500
    assert answers[codes["shared_knowledge"].id] is True
    assert editor.message.text() == f"Recorded the response of {chan}"

    # Someone who will not answer.
    select(tab, "KURAMOTO")
    tab.declined_button.click()
    declined = wait_for_dialog(qtbot, tab)
    assert isinstance(declined, StatusDialog)
    assert declined.status.currentText() == "Declined"
    qtbot.keyClicks(declined.note, "Retired in April.")
    declined.buttons.button(declined.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: tab.open_dialog is None)
    stored = recipients(demo, survey_id)
    assert stored["Kuramoto"].status is RecipientStatus.DECLINED
    assert stored["Kuramoto"].status_note == "Retired in April."

    # Reminders: to those still invited and to Mr. Zhang, whose return is
    # incomplete; never to who answered in full or declined.
    stored = recipients(demo, survey_id)
    chased = (RecipientStatus.INVITED, RecipientStatus.INCOMPLETE)
    still_invited = {r.person.email for r in stored.values() if r.status in chased}
    assert stored["Zhang"].person.email in still_invited
    assert sending.reminders.text() == (
        f"R&eminders, to the {len(still_invited)} recipients who have not answered in full"
    )
    assert "Mr. ZHANG Wei (incomplete)" in sending.reminders.toolTip().splitlines()
    assert len(sending.reminders.toolTip().splitlines()) == len(still_invited)
    sending.reminders.click()
    assert "Reminder: {survey}" in sending.subject.text()
    sending.subject.setText("Reminder: {survey}, by {deadline} please")
    wait_for(qtbot, sending.write_drafts_to(tmp_path / "reminders"))
    reminded = drafts_to(tmp_path / "reminders")
    stored = recipients(demo, survey_id)
    assert set(reminded) == still_invited
    for gone in ("Tanaka", "Chan", "Kuramoto"):
        assert stored[gone].person.email not in reminded
        assert stored[gone].reminder_count == 0
    assert stored["Wongsawat"].reminder_count == 1
    subject = next(iter(reminded.values()))["Subject"]
    assert subject.endswith(", by 31 March 2025 please")

    # The non-respondents, one click away, and exported.
    tab.summary.linkActivated.emit("not-answered")
    assert tab.show_filter.currentText() == "Not answered in full"
    shown = [tab.proxy.row_at(tab.proxy.index(n, 0)) for n in range(tab.proxy.rowCount())]
    assert len(shown) == 19
    assert {r.status for r in shown} == {
        RecipientStatus.INVITED, RecipientStatus.NOT_INVITED, RecipientStatus.INCOMPLETE
    }  # fmt: skip
    assert plain(tab.summary.text()) == (
        "3 of 22 responded (14%) · 19 not answered in full · 1 declined"
    )
    wait_for(qtbot, tab.export_not_answered(tmp_path / "chase.xlsx"))
    rows = list(load_workbook(tmp_path / "chase.xlsx").active.iter_rows(values_only=True))
    header = next(n for n, r in enumerate(rows) if r[0] == "Recipient")
    assert len(rows) - header - 1 == 19
    reminded_rows = [r for r in rows[header + 1 :] if r[6] == 1]
    assert {r[4] for r in reminded_rows} == {"Invited", "Returned, incomplete"}
    assert len(reminded_rows) == len(reminded)

    # Results against a hand count: Tanaka (corrected), Zhang, Chan on paper.
    results = editor.results
    for model in (results.questions, results.options, results.texts, results.rates):
        qtmodeltester.check(model)
    summaries = {s.code: n for n, s in enumerate(results.questions.rows())}

    def show(code: str) -> list[tuple[str, str, str]]:
        results.question_table.setCurrentIndex(results.questions.index(summaries[code], 0))
        model = results.options
        return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]  # type: ignore[misc]

    assert show("shared_knowledge") == [("Yes", "2", "67%"), ("No", "1", "33%")]
    assert results.figures.text() == "3 answers"
    show("applied_in_work")
    assert results.figures.text() == "2 answers · mean 3.5 · median 3.5"
    show("national_trainings")
    assert results.figures.text() == "3 answers · mean 3 · median 3"
    results.question_table.setCurrentIndex(results.questions.index(summaries["direct_effects"], 0))
    assert results.answers.currentWidget() is results.text_table
    assert ("Ms. CHAN Ka-yan", "Trainers certified.") in results.texts.rows()
    assert results.overall.text() == "3 of 22 recipients responded (14%)"
    choose(qtbot, results.grouping, "By delegation")
    japan = next(r for r in results.rates.rows() if r.group == "RTC Japan")
    assert japan.responded >= 1

    # The results workbook, with codes as column headers.
    choose(qtbot, results.headers, "Question codes")
    written = results.export(tmp_path / "results.xlsx")
    assert written == tmp_path / "results.xlsx"
    workbook = load_workbook(written)
    responses = table_rows(workbook["Responses"], "Respondent")
    assert responses[0][:4] == ("Respondent", "Delegation", "Responded", "shared_knowledge")
    assert len(responses) == 4
    tracker_rows = table_rows(workbook["Tracker"], "Recipient")
    assert len(tracker_rows) == 23


def test_forms_dropped_on_the_window_are_reviewed(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    editor = open_editor(qtbot, demo, demo_survey_id(demo))
    with demo.read() as s:
        folder = tmp_path / "returns"
        write_forms(s, editor.survey_id, folder)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(editor.collecting.reviewed, timeout=30_000):
        editor.dropEvent(event)
    statuses = [r.status for r in editor.collecting.reviews()]
    # The demo answers are on record already: the forms carry them, nothing is new.
    assert len(statuses) == 8
    assert set(statuses) <= {"unchanged", "refused"}
    assert editor.tabs.currentWidget() is editor.collecting


@pytest.mark.parametrize("remove_answered", [False, True])
def test_removing_a_recipient_asks_and_keeps_responses(
    qtbot: QtBot, demo: Database, remove_answered: bool
) -> None:
    from gui_helpers import answer_next_dialog, message_text

    editor = open_editor(qtbot, demo, demo_survey_id(demo))
    tab = editor.recipients
    name = select(tab, "TANAKA" if remove_answered else "WONGSAWAT")
    seen: list[Any] = []
    answer_next_dialog("Delete", seen)
    if remove_answered:
        answer_next_dialog("OK", seen)
    tab.remove_button.click()
    assert f"Delete {name} from the recipients?" in message_text(seen[0])
    stored = recipients(demo, editor.survey_id)
    if remove_answered:
        assert "has answered" in message_text(seen[1])
        assert "Tanaka" in stored
    else:
        assert "Wongsawat" not in stored
        assert editor.message.text() == f"Removed {name} from the recipients"
