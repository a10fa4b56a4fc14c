"""Services behind the survey editor: starting a survey, questions as rows,
recipients from the meeting, paper responses checked per question, the
non-respondents workbook, the mail server password in the keyring, and
cancelling form, draft and mail batches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from openpyxl import load_workbook
from survey_gui_helpers import file_keyring, no_keyring  # noqa: F401  (fixtures)
from test_survey_mail import Inbox, smtp_server  # noqa: F401  (a fixture)

from rtcdesk.db.engine import Database
from rtcdesk.errors import CancelledError, FieldProblem, RtcdeskError
from rtcdesk.progress import ProgressReporter
from rtcdesk.services import mail_server, surveys
from rtcdesk.services.exports import export
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.survey_design import (
    answer_guidance,
    earlier_start,
    empty_start,
    next_code,
    question_data,
    question_rows,
    sections,
    start_survey,
    survey_details,
    template_start,
)
from rtcdesk.services.survey_forms import write_forms
from rtcdesk.services.survey_mail import SmtpSettings, prepare, send
from rtcdesk.services.survey_recipients import (
    add_person,
    meeting_candidates,
    non_respondents_sheet,
)
from rtcdesk.services.survey_responses import (
    answer_problems,
    received_at,
    recipient_answers,
    returned_files,
)
from rtcdesk.vocabulary import (
    ParticipantRole,
    ParticipationStatus,
    QuestionKind,
    RecipientStatus,
    SurveyStatus,
)

DEMO_TITLE = "Follow-up actions after the 21st RTC Heads Meeting"


def demo_survey(database: Database) -> int:
    with database.read() as s:
        return next(r.id for r in surveys.list_surveys(s) if r.title == DEMO_TITLE)


def meeting_21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


@pytest.fixture
def new_survey(demo: Database) -> int:
    """A draft survey of the 21st meeting from the template, without recipients."""
    start = template_start()
    with demo.write() as s:
        data = surveys.SurveyData("Follow-up 2025", meeting_21(demo), start.introduction)
        return start_survey(s, data, start.questions).id


def test_a_survey_starts_from_the_template(demo: Database, new_survey: int) -> None:
    with demo.read() as s:
        rows = question_rows(s, new_survey)
        details = survey_details(s, new_survey)
    assert [r.code for r in rows][:3] == ["shared_knowledge", "colleagues_reached",
                                          "national_trainings"]  # fmt: skip
    assert len(rows) == len(template_start().questions)
    assert all(r.answers == 0 for r in rows)
    assert details.meeting_title == "21st RTC Heads Meeting"
    assert details.data.status is SurveyStatus.DRAFT
    assert details.data.introduction == template_start().introduction


def test_a_survey_starts_from_an_earlier_one_without_its_answers(demo: Database) -> None:
    earlier = demo_survey(demo)
    with demo.write() as s:
        start = earlier_start(s, earlier)
        copy = start_survey(s, surveys.SurveyData("Again", meeting_21(demo)), start.questions)
        copied, original = question_rows(s, copy.id), question_rows(s, earlier)
    assert start.title == DEMO_TITLE
    assert [question_data(r) for r in copied] == [question_data(r) for r in original]
    assert all(r.answers == 0 for r in copied)
    assert original[0].answers == 6
    assert empty_start().questions == ()


def test_question_rows_sections_codes_and_guidance(demo: Database) -> None:
    with demo.read() as s:
        rows = question_rows(s, demo_survey(demo))
    assert sections(rows)[:2] == ["Follow-up actions taken", "Application of what was learnt"]
    assert next_code([r.code for r in rows]) == "q11"
    assert next_code(["q1", "q7", "x"]) == "q8"
    assert answer_guidance(rows[0]) == "Required. Choose Yes or No."
    rating = next(r for r in rows if r.code == "applied_in_work")
    assert answer_guidance(rating) == (
        "Required. A whole number from 1 = Not at all to 5 = Very much."
    )


def test_field_checks_without_the_database() -> None:
    assert surveys.check_survey_fields(
        surveys.SurveyData(" ", opens_on=date(2025, 3, 2), closes_on=date(2025, 3, 1))
    ) == [
        FieldProblem("Title", "is required"),
        FieldProblem("Closes on", "is before the opening date"),
    ]
    assert surveys.check_question_fields(
        surveys.QuestionData("q1", QuestionKind.SINGLE_CHOICE, "Which?", choices=["One"])
    ) == [FieldProblem("Choices", "a choice question needs at least two choices")]


def test_candidates_from_the_meeting_are_counted_before_adding(
    demo: Database, new_survey: int
) -> None:
    attended = [ParticipationStatus.ATTENDED]
    with demo.write() as s:
        before = meeting_candidates(s, new_survey, attended, list(ParticipantRole))
        heads = meeting_candidates(s, new_survey, attended, [ParticipantRole.HEAD_OF_DELEGATION])
        added = surveys.add_recipients_from_meeting(s, new_survey, attended)
        after = meeting_candidates(s, new_survey, attended, list(ParticipantRole))
    assert (before.new, before.already) == (22, 0)
    assert 0 < heads.new < 22
    assert len(added) == 22
    assert (after.new, after.already) == (0, 22)


def test_a_person_added_by_hand_keeps_their_participation(demo: Database, new_survey: int) -> None:
    with demo.write() as s:
        tanaka = next(
            p for p in surveys.get_survey(s, demo_survey(demo)).recipients
            if p.person.family_name == "Tanaka"
        )  # fmt: skip
        added = add_person(s, new_survey, tanaka.person_id)
        assert added.participation_id == tanaka.participation_id


def test_the_non_respondents_workbook(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        sheet = non_respondents_sheet(s, demo_survey(demo))
    target = export(tmp_path / "chase.xlsx", sheet)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    header = next(n for n, r in enumerate(rows) if r[0] == "Recipient")
    assert rows[header + 1 :] == [
        (
            "Mr. Somchai WONGSAWAT", "somchai.w@rtc-thailand.example", "RTC Thailand",
            "South East Asia", "Invited", rows[header + 1][5], 2, rows[header + 1][7], None,
        )
    ]  # fmt: skip
    assert any("Not answered in full: 1; deadline 31 Mar 2024" in str(r[0]) for r in rows[:header])


def test_answer_problems_name_each_question(demo: Database) -> None:
    survey_id = demo_survey(demo)
    with demo.read() as s:
        ids = {r.code: r.id for r in question_rows(s, survey_id)}
        problems = answer_problems(
            s,
            survey_id,
            {ids["shared_knowledge"]: None, ids["applied_in_work"]: 9,
             ids["national_trainings"]: "1,500", ids["direct_effects"]: "ok"},
        )  # fmt: skip
    assert problems == {
        ids["shared_knowledge"]: "an answer is required",
        ids["applied_in_work"]: "9 is outside the scale 1 to 5",
    }
    assert received_at(date(2025, 3, 9)).isoformat() == "2025-03-09T12:00:00+00:00"


def test_recipient_answers_and_returned_files(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        recipients = surveys.get_survey(s, demo_survey(demo)).recipients
        zhang = next(r for r in recipients if r.person.family_name == "Zhang")
        assert len(recipient_answers(s, zhang.id)) == 10
    folder = tmp_path / "returns"
    folder.mkdir()
    for name in ("b.xlsx", "a.XLSX", "notes.txt"):
        (folder / name).write_text("")
    single = tmp_path / "single.xlsx"
    assert returned_files([folder, single]) == [folder / "a.XLSX", folder / "b.xlsx", single]


# -- the mail server password -------------------------------------------------------


def test_the_password_lives_in_the_keyring(file_keyring: PlaintextKeyring) -> None:  # noqa: F811
    assert mail_server.keyring_available()
    assert mail_server.stored_password("rocb") is None
    assert mail_server.store_password("rocb", "s3cret")
    assert file_keyring.get_password("rtcdesk-smtp", "rocb") == "s3cret"
    assert mail_server.stored_password("rocb") == "s3cret"
    mail_server.forget_password("rocb")
    mail_server.forget_password("rocb")
    assert mail_server.stored_password("rocb") is None


def test_without_a_keyring_nothing_is_stored(no_keyring: None) -> None:  # noqa: F811
    assert not mail_server.keyring_available()
    assert not mail_server.store_password("rocb", "s3cret")
    assert mail_server.stored_password("rocb") is None


def test_check_connection(smtp_server: tuple[Inbox, int]) -> None:  # noqa: F811
    _inbox, port = smtp_server
    settings = SmtpSettings("127.0.0.1", port, security="none", username="rocb", timeout=3)
    mail_server.check_connection(settings, "s3cret")
    with pytest.raises(RtcdeskError, match="cannot be used"):
        mail_server.check_connection(settings, "wrong")


# -- cancelling batches ---------------------------------------------------------------


class CancelAfter:
    """A progress listener that cancels once ``count`` items are done."""

    def __init__(self, count: int):
        self.count = count
        self.reporter = ProgressReporter(self, interval=0)

    def report(self, done: int, total: int | None) -> None:
        if done >= self.count:
            self.reporter.cancel()


def test_cancelled_forms_leave_no_file(demo: Database, tmp_path: Path) -> None:
    stop = CancelAfter(3)
    with demo.read() as s, pytest.raises(CancelledError):
        write_forms(s, demo_survey(demo), tmp_path / "forms", progress=stop.reporter)
    assert list((tmp_path / "forms").iterdir()) == []


def test_cancelled_drafts_leave_no_file_and_stamp_no_one(demo: Database, tmp_path: Path) -> None:
    survey_id = demo_survey(demo)
    uninvite(demo, survey_id)
    listener = DraftCanceller()
    with pytest.raises(CancelledError), demo.write() as s:
        prepare(s, survey_id, tmp_path / "drafts", reminder=False, sender="rocb@example.org",
                progress=listener.reporter)  # fmt: skip
    assert [p for p in (tmp_path / "drafts").rglob("*") if p.is_file()] == []
    with demo.read() as s:
        assert {
            r.status
            for r in surveys.get_survey(s, survey_id).recipients
            if r.person.family_name in UNINVITED
        } == {RecipientStatus.NOT_INVITED}


UNINVITED = ("Tanaka", "Zhang", "Chan")


def uninvite(database: Database, survey_id: int) -> None:
    """Three recipients to invite (the demo invited everyone)."""
    with database.write() as s:
        for recipient in surveys.get_survey(s, survey_id).recipients:
            if recipient.person.family_name in UNINVITED:
                recipient.status = RecipientStatus.NOT_INVITED


class DraftCanceller:
    """Cancels once the first draft (after every form) is written."""

    def __init__(self) -> None:
        self.phase = 0
        self.reporter = ProgressReporter(self, interval=0)

    def report(self, done: int, total: int | None) -> None:
        if done == 0:
            self.phase += 1
        elif self.phase == 2:
            self.reporter.cancel()


def test_cancelled_sending_keeps_what_was_sent(
    demo: Database,
    smtp_server: tuple[Inbox, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    inbox, port = smtp_server
    survey_id = demo_survey(demo)
    uninvite(demo, survey_id)
    listener = DraftCanceller()
    settings = SmtpSettings("127.0.0.1", port, security="none", username="rocb")
    with demo.write() as s:
        result = send(
            s, survey_id, settings, "s3cret", tmp_path, reminder=False, progress=listener.reporter
        )
    assert len(result.sent) == 1
    assert len(result.not_sent) == 2
    assert "stopped before 2 (not sent)" in result.summary()
    assert len(inbox.messages) == 1
    with demo.read() as s:
        invited = [
            r for r in surveys.get_survey(s, survey_id).recipients
            if r.person.family_name in UNINVITED and r.status is RecipientStatus.INVITED
        ]  # fmt: skip
    assert len(invited) == 1


def test_an_unwritable_folder_is_refused_in_plain_words(demo: Database, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    with demo.read() as s, pytest.raises(RtcdeskError, match="cannot be written"):
        write_forms(s, demo_survey(demo), blocked)
