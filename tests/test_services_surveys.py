"""Follow-up action surveys: questions, answers, recipients and the survey list."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from factories import RTC_HEADS, count_rows, make_meeting, make_participant, make_person
from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import SurveyAnswer, SurveyQuestion, SurveyRecipient
from rtcdesk.errors import ConflictError, FieldProblem, ValidationError
from rtcdesk.services.surveys import (
    QuestionData,
    SurveyData,
    add_question,
    add_recipient,
    add_recipients_from_meeting,
    check_question_fields,
    create_survey,
    delete_question,
    delete_survey,
    find_recipient_by_token,
    get_survey,
    list_questions,
    list_surveys,
    normalise_answer,
    record_response,
    remove_recipient,
    reorder_questions,
    set_recipient_status,
    update_question,
    update_survey,
)
from rtcdesk.vocabulary import (
    ParticipantRole,
    ParticipationStatus,
    QuestionKind,
    RecipientStatus,
    SurveyStatus,
)

K = QuestionKind
ACTIONS = ["Shared knowledge with colleagues", "Delivered a national training", "Other"]


# -- surveys ---------------------------------------------------------------------


def test_create_update_and_delete_a_survey(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s, series=RTC_HEADS, ordinal=21).id
        ident = create_survey(
            s,
            SurveyData(
                " Questionnaire on the Follow-Up Actions ",
                meeting_id=meeting,
                opens_on=date(2024, 3, 1),
                closes_on=date(2024, 3, 31),
            ),
        ).id
    with database.write() as s:
        update_survey(
            s,
            ident,
            SurveyData(
                "Questionnaire on the Follow-Up Actions",
                meeting_id=meeting,
                introduction="Please answer by 31 March.",
                opens_on=date(2024, 3, 1),
                closes_on=date(2024, 4, 15),
                status=SurveyStatus.OPEN,
            ),
            expected_version=1,
        )
    with database.read() as s:
        survey = get_survey(s, ident)
        assert (survey.title, survey.closes_on, survey.status, survey.version) == (
            "Questionnaire on the Follow-Up Actions",
            date(2024, 4, 15),
            SurveyStatus.OPEN,
            2,
        )
    with database.write() as s:
        delete_survey(s, ident, expected_version=2)
    with database.read() as s:
        assert list_surveys(s) == []


def test_a_survey_closing_before_it_opens_is_refused(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_survey(
            s,
            SurveyData("Q", opens_on=date(2024, 3, 31), closes_on=date(2024, 3, 1), meeting_id=77),
        )
    assert refused.value.for_field("Closes on") == "is before the opening date"
    assert refused.value.for_field("Meeting") == "the chosen meeting is no longer on record"


# -- questions -------------------------------------------------------------------


@pytest.fixture
def survey(database: Database) -> int:
    with database.write() as s:
        meeting = make_meeting(s, series=RTC_HEADS, ordinal=21).id
        return create_survey(s, SurveyData("Follow-up", meeting_id=meeting)).id


def question(kind: QuestionKind, code: str = "q1", **fields: Any) -> QuestionData:
    return QuestionData(code=code, kind=kind, text=fields.pop("text", "A question?"), **fields)


TWO_CHOICES = "a choice question needs at least two choices"
SCALE = "a rating needs a lowest and a higher highest value, e.g. 1 to 5"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (question(K.SINGLE_CHOICE, choices=["Only one"]), "Choices", TWO_CHOICES),
        (question(K.MULTIPLE_CHOICE, choices=["A", " ", ""]), "Choices", TWO_CHOICES),
        (
            question(K.SINGLE_CHOICE, choices=["Yes", "yes "]),
            "Choices",
            "the same choice is listed twice",
        ),
        (question(K.RATING), "Scale", SCALE),
        (question(K.RATING, scale_min=5, scale_max=5), "Scale", SCALE),
        (question(K.RATING, scale_min=5, scale_max=1), "Scale", SCALE),
        (question(K.TEXT, code=" "), "Code", "is required"),
        (question(K.TEXT, text=""), "Question", "is required"),
        (question(K.TEXT, code="C" * 41), "Code", "is 41 characters long; at most 40 fit"),
    ],
)
def test_question_validation_per_kind(
    database: Database, survey: int, data: QuestionData, field: str, message: str
) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_question(s, survey, data)
    assert refused.value.for_field(field) == message
    with database.read() as s:
        assert count_rows(s, SurveyQuestion) == 0


def test_question_codes_are_unique_within_a_survey(database: Database, survey: int) -> None:
    with database.write() as s:
        add_question(s, survey, question(K.TEXT, code="Q1"))
        other = create_survey(s, SurveyData("Another survey")).id
        add_question(s, other, question(K.TEXT, code="Q1"))
        with pytest.raises(ValidationError) as refused:
            add_question(s, survey, question(K.YES_NO, code="Q1"))
    assert refused.value.for_field("Code") == "another question of this survey has the code 'Q1'"


def test_questions_keep_only_what_their_kind_uses(database: Database, survey: int) -> None:
    with database.write() as s:
        add_question(s, survey, question(K.TEXT, "t", choices=["A", "B"], scale_min=1, scale_max=5))
        add_question(s, survey, question(K.SINGLE_CHOICE, "c", choices=[" A ", "B", " "]))
        add_question(s, survey, question(K.RATING, "r", scale_min=1, scale_max=5))
    with database.read() as s:
        stored = {
            q.code: (q.kind, q.choices, q.scale_min, q.scale_max, q.position)
            for q in list_questions(s, survey)
        }
    assert stored == {
        "t": (K.TEXT, [], None, None, 1),
        "c": (K.SINGLE_CHOICE, ["A", "B"], None, None, 2),
        "r": (K.RATING, [], 1, 5, 3),
    }


def test_reorder_questions(database: Database, survey: int) -> None:
    with database.write() as s:
        ids = [add_question(s, survey, question(K.TEXT, c)).id for c in ("a", "b", "c")]
        reorder_questions(s, survey, [ids[2], ids[0], ids[1]])
    with database.read() as s:
        assert [q.code for q in list_questions(s, survey)] == ["c", "a", "b"]


# -- normalising answers ------------------------------------------------------------


def test_a_number_question_keeps_to_its_range() -> None:
    temperature = transient_question(K.NUMBER)
    temperature.scale_min, temperature.scale_max = -10, 10
    assert normalise_answer(temperature, "-3") == -3
    with pytest.raises(ValueError, match="11 is above 10, the largest answer allowed"):
        normalise_answer(temperature, 11)
    assert check_question_fields(
        QuestionData("q", K.NUMBER, "How many?", scale_min=5, scale_max=2)
    ) == [FieldProblem("Range", "the largest answer (2) is below the smallest (5)")]


def transient_question(
    kind: QuestionKind, *, required: bool = False, decimals: bool = False
) -> SurveyQuestion:
    return SurveyQuestion(
        decimals=decimals,
        code="q",
        kind=kind,
        text="?",
        required=required,
        choices=ACTIONS if kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE) else [],
        scale_min=1 if kind is K.RATING else None,
        scale_max=5 if kind is K.RATING else None,
    )


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        (K.YES_NO, True, True),
        (K.YES_NO, False, False),
        (K.YES_NO, " Yes ", True),
        (K.YES_NO, "NO", False),
        (K.YES_NO, "y", True),
        (K.YES_NO, "n", False),
        (K.YES_NO, 1, True),
        (K.YES_NO, 0, False),
        (K.SINGLE_CHOICE, "delivered a NATIONAL training ", "Delivered a national training"),
        (K.MULTIPLE_CHOICE, ["other", "Shared knowledge with colleagues"], ["Other", ACTIONS[0]]),
        (K.MULTIPLE_CHOICE, "Other; shared knowledge with colleagues;", ["Other", ACTIONS[0]]),
        (K.MULTIPLE_CHOICE, ["Other", "OTHER"], ["Other"]),
        (K.RATING, 4, 4),
        (K.RATING, "5", 5),
        (K.RATING, 3.0, 3),
        (K.RATING, " 1 ", 1),
        (K.NUMBER, "1,200", 1200),
        (K.NUMBER, 35, 35),
        (K.NUMBER, "2.0", 2),
        (K.NUMBER, 0, 0),
        (K.DATE, date(2024, 3, 31), "2024-03-31"),
        (K.DATE, datetime(2024, 3, 31, 14, 5, tzinfo=UTC), "2024-03-31"),
        (K.DATE, " 2024-03-31 ", "2024-03-31"),
        (K.DATE, "31 Mar 2024", "2024-03-31"),
        (K.DATE, "March 31, 2024", "2024-03-31"),
        (K.TEXT, "  Trained 40 officers.  ", "Trained 40 officers."),
        (K.TEXT, "青山さんと共有しました", "青山さんと共有しました"),
        (K.TEXT, 12, "12"),
    ],
)
def test_normalise_answer_accepts(kind: QuestionKind, given: Any, stored: Any) -> None:
    result = normalise_answer(transient_question(kind), given)
    assert result == stored
    assert type(result) is type(stored)


@pytest.mark.parametrize("kind", list(QuestionKind))
@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_answer_is_no_answer_unless_required(kind: QuestionKind, blank: Any) -> None:
    assert normalise_answer(transient_question(kind), blank) is None
    with pytest.raises(ValueError, match=r"^an answer is required$"):
        normalise_answer(transient_question(kind, required=True), blank)


@pytest.mark.parametrize("empty", [[], ";", " ; ", ["", " "]])
def test_an_empty_selection_does_not_answer_a_required_question(empty: Any) -> None:
    with pytest.raises(ValueError, match=r"^an answer is required$"):
        normalise_answer(transient_question(K.MULTIPLE_CHOICE, required=True), empty)


@pytest.mark.parametrize(
    ("kind", "given", "reason"),
    [
        (K.YES_NO, "maybe", "'maybe' is not yes or no"),
        (K.YES_NO, 2, "'2' is not yes or no"),
        (K.SINGLE_CHOICE, "Attended", "'Attended' is not one of the choices"),
        (K.MULTIPLE_CHOICE, ["Other", "Nothing"], "'Nothing' is not one of the choices"),
        (K.RATING, 6, "6 is outside the scale 1 to 5"),
        (K.RATING, "0", "0 is outside the scale 1 to 5"),
        (K.RATING, "3.5", "'3.5' is not a whole number"),
        (K.RATING, "good", "'good' is not a number"),
        (K.RATING, True, "'True' is not a number"),
        (K.RATING, "nan", "'nan' is not a number"),
        (K.NUMBER, "about ten", "'about ten' is not a number"),
        (K.NUMBER, -5, "-5 is below 0, the smallest answer allowed"),
        (K.NUMBER, "2.5", "'2.5' is not a whole number"),
        (K.TEXT, "x" * 5001, "the answer has 5,001 characters; at most 5,000 are kept"),
        (K.NUMBER, "inf", "'inf' is not a number"),
        (K.NUMBER, "-Infinity", "'-Infinity' is not a number"),
        (K.NUMBER, "NaN", "'NaN' is not a number"),
        (K.NUMBER, "1e400", "'1e400' is not a number"),
        (K.NUMBER, float("inf"), "'inf' is not a number"),
        (K.NUMBER, 10**400, f"'{10**400}' is not a number"),
        (K.DATE, "31/03/2024", "'31/03/2024' is not a date (write it as 31 Mar 2024)"),
        (K.DATE, "2024-02-30", "'2024-02-30' is not a date (write it as 31 Mar 2024)"),
        (K.DATE, "30 Feb 2024", "'30 Feb 2024' is not a date (write it as 31 Mar 2024)"),
    ],
)
def test_normalise_answer_refuses_with_a_plain_reason(
    kind: QuestionKind, given: Any, reason: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as refused:
        normalise_answer(transient_question(kind), given)
    assert str(refused.value) == reason


# -- responses -------------------------------------------------------------------


def _questionnaire(s: Session, survey: int) -> dict[str, int]:
    specs = {
        "shared": question(K.YES_NO, "shared", required=True),
        "actions": question(K.MULTIPLE_CHOICE, "actions", choices=ACTIONS),
        "useful": question(K.RATING, "useful", scale_min=1, scale_max=5),
        "reached": question(K.NUMBER, "reached"),
        "when": question(K.DATE, "when"),
        "story": question(K.TEXT, "story"),
    }
    return {code: add_question(s, survey, data).id for code, data in specs.items()}


@pytest.fixture
def recipient(database: Database, survey: int) -> tuple[int, dict[str, int]]:
    with database.write() as s:
        questions = _questionnaire(s, survey)
        person = make_person(s, "Kang", "Taeil").id
        return add_recipient(s, survey, person).id, questions


def _answers(s: Session, recipient_id: int) -> dict[str, Any]:
    stored = s.get(SurveyRecipient, recipient_id)
    assert stored is not None
    return {a.question.code: a.value for a in stored.answers}


def test_record_response_stores_normalised_answers(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    when = datetime(2024, 3, 20, 9, 30, tzinfo=UTC)
    with database.write() as s:
        record_response(
            s,
            ident,
            {
                q["shared"]: "Yes",
                q["actions"]: "delivered a national training;Other",
                q["useful"]: "4",
                q["reached"]: "1,200",
                q["when"]: date(2024, 2, 1),
                q["story"]: " Ran two courses. ",
            },
            responded_at=when,
        )
    with database.read() as s:
        assert _answers(s, ident) == {
            "shared": True,
            "actions": ["Delivered a national training", "Other"],
            "useful": 4,
            "reached": 1200,
            "when": "2024-02-01",
            "story": "Ran two courses.",
        }
        stored = s.get(SurveyRecipient, ident)
        assert stored is not None
        assert (stored.status, stored.responded_at) == (RecipientStatus.RESPONDED, when)
        assert stored.responded_at.tzinfo is not None


def test_record_response_is_all_or_nothing(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s, pytest.raises(ValidationError) as refused:
        record_response(
            s,
            ident,
            {q["shared"]: "yes", q["useful"]: "9", q["reached"]: "many", q["story"]: "Fine"},
        )
    assert [str(p) for p in refused.value.problems] == [
        "Q3 A question?: 9 is outside the scale 1 to 5",
        "Q4 A question?: 'many' is not a number",
    ]
    with database.read() as s:
        assert count_rows(s, SurveyAnswer) == 0
        stored = s.get(SurveyRecipient, ident)
        assert stored is not None
        assert (stored.status, stored.responded_at) == (RecipientStatus.NOT_INVITED, None)


def test_record_response_refuses_a_question_of_another_survey(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s:
        other = create_survey(s, SurveyData("Other"))
        foreign = add_question(s, other.id, question(K.TEXT, "x")).id
        with pytest.raises(ValidationError) as refused:
            record_response(s, ident, {q["shared"]: "yes", foreign: "text"})
    assert refused.value.for_field("Questions") == "an answered question is not in this survey"


def test_a_second_response_updates_clears_and_keeps_answers(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    first = datetime(2024, 3, 20, tzinfo=UTC)
    with database.write() as s:
        record_response(
            s, ident, {q["shared"]: "yes", q["useful"]: 3, q["story"]: "Draft"}, responded_at=first
        )
    with database.write() as s:
        record_response(
            s,
            ident,
            {q["useful"]: 5, q["story"]: ""},
            responded_at=datetime(2024, 4, 1, tzinfo=UTC),
        )
    with database.read() as s:
        assert _answers(s, ident) == {"shared": True, "useful": 5}
        stored = s.get(SurveyRecipient, ident)
        assert stored is not None
        assert stored.responded_at == first


def test_a_question_kind_cannot_change_once_answered(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s:
        update_question(s, q["story"], question(K.NUMBER, "story"), expected_version=1)
        update_question(s, q["story"], question(K.TEXT, "story"), expected_version=2)
        record_response(s, ident, {q["shared"]: "no", q["useful"]: 2})
    with database.write() as s, pytest.raises(ValidationError) as refused:
        update_question(s, q["shared"], question(K.TEXT, "shared"), expected_version=None)
    assert refused.value.for_field("Type") == (
        "answers were collected already; the type can no longer change"
    )
    with database.read() as s:
        stored = s.get(SurveyQuestion, q["shared"])
        assert stored is not None
        assert stored.kind is K.YES_NO


def test_a_used_choice_cannot_be_removed_but_others_can_change(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s:
        record_response(s, ident, {q["shared"]: "yes", q["actions"]: ["Other"]})
    edited = question(K.MULTIPLE_CHOICE, "actions", choices=[ACTIONS[0], "Trained trainers"])
    with database.write() as s, pytest.raises(ValidationError) as refused:
        update_question(s, q["actions"], edited, expected_version=None)
    assert refused.value.for_field("Choices") == "answers use Other; those choices must stay"
    kept = question(K.MULTIPLE_CHOICE, "actions", choices=[ACTIONS[0], "Other", "New"])
    with database.write() as s:
        update_question(s, q["actions"], kept, expected_version=None)
    with database.read() as s:
        stored = s.get(SurveyQuestion, q["actions"])
        assert stored is not None
        assert stored.choices == [ACTIONS[0], "Other", "New"]


def test_a_rating_scale_must_keep_the_values_answered(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s:
        record_response(s, ident, {q["shared"]: "yes", q["useful"]: 5})
    with database.write() as s, pytest.raises(ValidationError) as refused:
        update_question(
            s, q["useful"], question(K.RATING, "useful", scale_min=1, scale_max=4), None
        )
    assert refused.value.for_field("Scale") == (
        "answers use [5]; the scale must still include them"
    )
    with database.write() as s:
        update_question(
            s, q["useful"], question(K.RATING, "useful", scale_min=0, scale_max=10), None
        )


def test_an_answered_question_cannot_be_deleted(
    database: Database, recipient: tuple[int, dict[str, int]], survey: int
) -> None:
    ident, q = recipient
    with database.write() as s:
        record_response(s, ident, {q["shared"]: "yes"})
        delete_question(s, q["story"], expected_version=None)
    with database.write() as s, pytest.raises(ConflictError) as refused:
        delete_question(s, q["shared"], expected_version=None)
    # Named as the form shows it, by number and text, not by its code.
    assert str(refused.value) == "'Q1 A question?' has 1 answer and cannot be deleted."
    with database.read() as s:
        assert [x.code for x in list_questions(s, survey)] == [
            "shared",
            "actions",
            "useful",
            "reached",
            "when",
        ]


def test_responded_needs_answers_and_an_answered_recipient_stays(
    database: Database, recipient: tuple[int, dict[str, int]], survey: int
) -> None:
    ident, q = recipient
    with database.write() as s, pytest.raises(ConflictError, match="Record the answers"):
        set_recipient_status(s, ident, RecipientStatus.RESPONDED)
    with database.write() as s:
        set_recipient_status(s, ident, RecipientStatus.UNDELIVERABLE, "Mailbox full")
    with database.write() as s:
        record_response(s, ident, {q["shared"]: "yes"})
    with database.write() as s, pytest.raises(ConflictError, match="Mark them declined"):
        remove_recipient(s, ident, expected_version=None)
    with database.read() as s:
        assert count_rows(s, SurveyRecipient, SurveyRecipient.survey_id == survey) == 1


# -- recipients ------------------------------------------------------------------------

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,}$")


@pytest.fixture
def surveyed_meeting(database: Database) -> tuple[int, int, dict[str, int]]:
    """A survey of a meeting with five participants of several statuses and roles."""
    people = {
        "attended_delegate": (ParticipationStatus.ATTENDED, ParticipantRole.DELEGATE),
        "attended_head": (ParticipationStatus.ATTENDED, ParticipantRole.HEAD_OF_DELEGATION),
        "attended_secretariat": (ParticipationStatus.ATTENDED, ParticipantRole.SECRETARIAT),
        "no_show": (ParticipationStatus.NO_SHOW, ParticipantRole.DELEGATE),
        "cancelled": (ParticipationStatus.CANCELLED, ParticipantRole.DELEGATE),
    }
    with database.write() as s:
        meeting = make_meeting(s, "Regional Workshop on AEO").id
        ids = {}
        for name, (status, role) in people.items():
            ids[name] = make_person(s, name).id
            make_participant(s, meeting, ids[name], status=status, role=role)
        survey = create_survey(s, SurveyData("Follow-up", meeting_id=meeting)).id
        return survey, meeting, ids


def test_recipients_from_a_meeting_filtered_by_status_and_role(
    database: Database, surveyed_meeting: tuple[int, int, dict[str, int]]
) -> None:
    survey, _, people = surveyed_meeting
    with database.write() as s:
        added = add_recipients_from_meeting(
            s,
            survey,
            statuses=[ParticipationStatus.ATTENDED],
            roles=[ParticipantRole.DELEGATE, ParticipantRole.HEAD_OF_DELEGATION],
        )
        assert sorted(r.person_id for r in added) == sorted(
            [people["attended_delegate"], people["attended_head"]]
        )
        assert all(r.participation_id is not None for r in added)
    with database.write() as s:
        more = add_recipients_from_meeting(s, survey, statuses=[ParticipationStatus.ATTENDED])
        assert [r.person_id for r in more] == [people["attended_secretariat"]]
        assert add_recipients_from_meeting(s, survey, statuses=[ParticipationStatus.ATTENDED]) == []
    with database.read() as s:
        recipients = list(
            s.scalars(
                select(SurveyRecipient)
                .where(SurveyRecipient.survey_id == survey)
                .order_by(SurveyRecipient.id)
            )
        )
        tokens = [r.token for r in recipients]
        assert len(recipients) == 3
        assert len(set(tokens)) == 3
        assert all(TOKEN.match(t) for t in tokens)
        assert not any(str(r.person_id) == t or str(r.id) == t for r in recipients for t in tokens)
        found = find_recipient_by_token(s, tokens[1])
        assert found is not None
        assert found.id == recipients[1].id
        assert find_recipient_by_token(s, tokens[1].upper() + "x") is None


def test_tokens_are_unique_across_many_recipients(
    database: Database, surveyed_meeting: tuple[int, int, dict[str, int]]
) -> None:
    survey, meeting, _ = surveyed_meeting
    with database.write() as s:
        for i in range(60):
            make_participant(s, meeting, make_person(s, f"Extra{i}").id)
        added = add_recipients_from_meeting(s, survey)
    assert len(added) == 65
    assert len({r.token for r in added}) == 65


def test_recipient_rules(
    database: Database, surveyed_meeting: tuple[int, int, dict[str, int]]
) -> None:
    survey, _, people = surveyed_meeting
    with database.write() as s:
        other_meeting = make_meeting(s, "Other meeting").id
        stray = make_participant(s, other_meeting, people["no_show"]).id
        with pytest.raises(ConflictError, match="not this person's at the surveyed meeting"):
            add_recipient(s, survey, people["no_show"], participation_id=stray)
        add_recipient(s, survey, people["no_show"])
        with pytest.raises(ConflictError, match="already a recipient"):
            add_recipient(s, survey, people["no_show"])
        loose = create_survey(s, SurveyData("Not about a meeting")).id
        with pytest.raises(ConflictError, match="follows up no meeting"):
            add_recipients_from_meeting(s, loose)


def test_list_surveys_counts_recipients_and_responses(
    database: Database, surveyed_meeting: tuple[int, int, dict[str, int]]
) -> None:
    survey, _, _ = surveyed_meeting
    with database.write() as s:
        q = add_question(s, survey, question(K.YES_NO, "shared")).id
        recipients = add_recipients_from_meeting(s, survey)
        for r in recipients[:2]:
            record_response(s, r.id, {q: "yes"})
        set_recipient_status(s, recipients[2].id, RecipientStatus.DECLINED)
        later = create_survey(
            s,
            SurveyData(
                "Later",
                meeting_id=make_meeting(s, series=RTC_HEADS, ordinal=21).id,
                closes_on=date(2025, 1, 31),
            ),
        ).id
        undated = create_survey(s, SurveyData("Undated")).id
        update_survey(
            s,
            survey,
            SurveyData(
                "Follow-up",
                meeting_id=get_survey(s, survey).meeting_id,
                closes_on=date(2024, 6, 30),
            ),
            expected_version=None,
        )
    with database.read() as s:
        rows = list_surveys(s)
    assert [(r.id, r.meeting_title, r.recipients, r.responses) for r in rows] == [
        (later, "21st RTC Heads Meeting", 0, 0),
        (survey, "Regional Workshop on AEO", 5, 2),
        (undated, None, 0, 0),
    ]
    assert rows[1].response_rate == pytest.approx(0.4)
    assert rows[0].response_rate is None


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("1,5", 1.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1 500", 1500),
        ("12,000", 12000),
        ("0,25", 0.25),
    ],
)
def test_number_answers_read_decimal_commas_and_thousands(given: str, stored: float) -> None:
    assert normalise_answer(transient_question(K.NUMBER, decimals=True), given) == stored


def test_an_optional_empty_selection_is_no_answer() -> None:
    assert normalise_answer(transient_question(K.MULTIPLE_CHOICE), ";") is None


def test_a_response_that_skips_a_required_question_is_refused(
    database: Database, recipient: tuple[int, dict[str, int]]
) -> None:
    ident, q = recipient
    with database.write() as s, pytest.raises(ValidationError) as refused:
        record_response(s, ident, {q["story"]: "Ran two courses."})
    assert refused.value.problems[0].message == "an answer is required"
    assert refused.value.problems[0].field == "Q1 A question?"
    with database.read() as s:
        assert _answers(s, ident) == {}
        stored = s.get(SurveyRecipient, ident)
        assert stored is not None
        assert stored.status is RecipientStatus.NOT_INVITED
