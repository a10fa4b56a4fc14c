"""Outcomes of a meeting, action items, and carrying open items into the next meeting."""

from __future__ import annotations

from datetime import date

import pytest
from factories import RTC_HEADS, count_rows, make_meeting, make_person, org_id
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import ActionItem, Outcome
from rtcdesk.errors import ConflictError, FieldProblem, StaleEditError, ValidationError
from rtcdesk.services.outcomes import (
    ActionItemData,
    add_action_item,
    add_outcome,
    carry_over,
    check_action_item_fields,
    check_outcome_fields,
    delete_action_item,
    delete_outcome,
    list_action_items,
    list_outcomes,
    open_actions_to_carry,
    reorder_outcomes,
    save_action_item,
    save_outcome,
    update_action_item,
    update_outcome,
)
from rtcdesk.vocabulary import ActionStatus, OutcomeKind

OPEN, IN_PROGRESS = ActionStatus.OPEN, ActionStatus.IN_PROGRESS
DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED


@pytest.fixture
def meeting(database: Database) -> int:
    with database.write() as s:
        return make_meeting(s, series=RTC_HEADS, ordinal=21).id


def test_outcomes_are_added_in_order_edited_reordered_and_deleted(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        ids = [
            add_outcome(s, meeting, kind, text).id
            for kind, text in [
                (OutcomeKind.CONCLUSION, "RTCs share training materials"),
                (OutcomeKind.DECISION, "The 22nd meeting is hosted by RTC India"),
                (OutcomeKind.RECOMMENDATION, "Use the e-learning platform"),
            ]
        ]
    with database.write() as s:
        update_outcome(s, ids[1], OutcomeKind.DECISION, " The 22nd meeting is hosted by NACIN ", 1)
        reorder_outcomes(s, meeting, [ids[1], ids[2], ids[0]])
        delete_outcome(s, ids[2], expected_version=None)
    with database.read() as s:
        assert [(o.kind, o.text, o.position) for o in list_outcomes(s, meeting)] == [
            (OutcomeKind.DECISION, "The 22nd meeting is hosted by NACIN", 1),
            (OutcomeKind.CONCLUSION, "RTCs share training materials", 3),
        ]


def test_outcome_text_is_required(database: Database, meeting: int) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_outcome(s, meeting, OutcomeKind.DECISION, "   ")
    assert refused.value.for_field("Text") == "is required"
    with database.read() as s:
        assert count_rows(s, Outcome) == 0


def test_action_item_with_owners_is_listed(database: Database, meeting: int) -> None:
    with database.write() as s:
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        owner = make_person(s, "Kang", "Taeil", title="Dr.").id
        outcome = add_outcome(s, meeting, OutcomeKind.DECISION, "Run a survey").id
        add_action_item(
            s,
            meeting,
            ActionItemData(
                "Send the follow-up questionnaire",
                owner_organisation_id=rocb,
                owner_person_id=owner,
                due_date=date(2024, 3, 31),
                outcome_id=outcome,
            ),
        )
        add_action_item(s, meeting, ActionItemData("Publish the summary"))
    with database.read() as s:
        rows = list_action_items(s, meeting_id=meeting)
    assert [(r.description, r.owner, r.due_date, r.status, r.meeting_title) for r in rows] == [
        (
            "Send the follow-up questionnaire",
            "Regional Office for Capacity Building Asia/Pacific / Dr. Taeil KANG",
            date(2024, 3, 31),
            OPEN,
            "21st RTC Heads Meeting",
        ),
        ("Publish the summary", "", None, OPEN, "21st RTC Heads Meeting"),
    ]


def test_completed_on_is_refused_unless_done(database: Database, meeting: int) -> None:
    for status in (OPEN, IN_PROGRESS, DROPPED):
        with database.write() as s, pytest.raises(ValidationError) as refused:
            add_action_item(
                s,
                meeting,
                ActionItemData("Report back", status=status, completed_on=date(2024, 1, 5)),
            )
        assert refused.value.for_field("Completed on") == (
            "can only be set when the status is Done"
        )
    with database.read() as s:
        assert count_rows(s, ActionItem) == 0


def test_done_keeps_a_given_completion_date_or_takes_today(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        dated = add_action_item(
            s, meeting, ActionItemData("A", status=DONE, completed_on=date(2024, 1, 5))
        ).id
        undated = add_action_item(s, meeting, ActionItemData("B", status=DONE)).id
    with database.read() as s:
        assert s.get(ActionItem, dated).completed_on == date(2024, 1, 5)  # type: ignore[union-attr]
        assert s.get(ActionItem, undated).completed_on == date.today()  # type: ignore[union-attr]


def test_reopening_a_done_item_clears_its_completion_date(database: Database, meeting: int) -> None:
    with database.write() as s:
        ident = add_action_item(
            s, meeting, ActionItemData("A", status=DONE, completed_on=date(2024, 1, 5))
        ).id
    with database.write() as s:
        update_action_item(s, ident, ActionItemData("A", status=IN_PROGRESS), expected_version=1)
    with database.read() as s:
        item = s.get(ActionItem, ident)
        assert item is not None
        assert (item.status, item.completed_on, item.version) == (IN_PROGRESS, None, 2)


def test_an_action_item_checks_its_references(database: Database, meeting: int) -> None:
    with database.write() as s:
        other = make_meeting(s, "Another meeting").id
        foreign_outcome = add_outcome(s, other, OutcomeKind.DECISION, "Elsewhere").id
        with pytest.raises(ValidationError) as refused:
            add_action_item(
                s,
                meeting,
                ActionItemData(
                    " ",
                    owner_organisation_id=9191,
                    owner_person_id=9292,
                    outcome_id=foreign_outcome,
                ),
            )
    problems = {p.field: p.message for p in refused.value.problems}
    assert problems == {
        "Description": "is required",
        "Owner organisation": "does not exist",
        "Owner person": "does not exist",
        "Outcome": "is not an outcome of this meeting",
    }


def test_deleting_an_outcome_keeps_its_action_items(database: Database, meeting: int) -> None:
    with database.write() as s:
        outcome = add_outcome(s, meeting, OutcomeKind.DECISION, "Run a survey").id
        action = add_action_item(s, meeting, ActionItemData("Survey", outcome_id=outcome)).id
    with database.write() as s:
        delete_outcome(s, outcome, expected_version=1)
    with database.read() as s:
        item = s.get(ActionItem, action)
        assert item is not None
        assert item.outcome_id is None


def test_delete_action_item(database: Database, meeting: int) -> None:
    with database.write() as s:
        ident = add_action_item(s, meeting, ActionItemData("A")).id
        add_action_item(s, meeting, ActionItemData("B"))
    with database.write() as s:
        delete_action_item(s, ident, expected_version=1)
    with database.read() as s:
        assert [r.description for r in list_action_items(s, meeting_id=meeting)] == ["B"]


# -- carrying open items into the next meeting -------------------------------------


def _series(s: Session) -> dict[str, int]:
    ids = {
        "m20": make_meeting(s, start=date(2022, 11, 2), series=RTC_HEADS, ordinal=20).id,
        "m21": make_meeting(s, start=date(2023, 11, 14), series=RTC_HEADS, ordinal=21).id,
        "m22": make_meeting(s, start=date(2024, 9, 24), series=RTC_HEADS, ordinal=22).id,
        "other": make_meeting(s, "AEO", start=date(2022, 5, 1), series="AEO", ordinal=1).id,
        "loose": make_meeting(s, "One-off webinar", start=date(2023, 12, 1)).id,
    }
    for description, status in [
        ("Open item", OPEN),
        ("Item in progress", IN_PROGRESS),
        ("Done item", DONE),
        ("Dropped item", DROPPED),
    ]:
        ids[description] = add_action_item(
            s, ids["m20"], ActionItemData(description, status=status)
        ).id
    ids["AEO item"] = add_action_item(s, ids["other"], ActionItemData("AEO item")).id
    ids["Later item"] = add_action_item(s, ids["m22"], ActionItemData("Later item")).id
    return ids


def test_open_items_of_earlier_meetings_of_the_series_are_offered(database: Database) -> None:
    with database.write() as s:
        ids = _series(s)
    with database.read() as s:
        offered = open_actions_to_carry(s, ids["m21"])
        assert [(r.description, r.meeting_title) for r in offered] == [
            ("Open item", "20th RTC Heads Meeting"),
            ("Item in progress", "20th RTC Heads Meeting"),
        ]
        assert open_actions_to_carry(s, ids["loose"]) == []
        assert open_actions_to_carry(s, ids["m20"]) == []


def test_carry_over_copies_items_linked_to_their_origin(database: Database) -> None:
    with database.write() as s:
        ids = _series(s)
        owner = make_person(s, "Kang").id
        update_action_item(
            s,
            ids["Open item"],
            ActionItemData("Open item", owner_person_id=owner, due_date=date(2023, 6, 30)),
            expected_version=None,
        )
    with database.write() as s:
        created = carry_over(s, ids["m21"], [ids["Open item"], ids["Item in progress"]])
        assert len(created) == 2
    with database.read() as s:
        rows = list_action_items(s, meeting_id=ids["m21"])
        assert [
            (r.description, r.status, r.carried_from_id, r.owner_person, r.due_date) for r in rows
        ] == [
            ("Open item", OPEN, ids["Open item"], "KANG", date(2023, 6, 30)),
            ("Item in progress", IN_PROGRESS, ids["Item in progress"], None, None),
        ]
        assert open_actions_to_carry(s, ids["m21"]) == []
        offered_next = open_actions_to_carry(s, ids["m22"])
        assert [(r.description, r.meeting_id) for r in offered_next] == [
            ("Open item", ids["m21"]),
            ("Item in progress", ids["m21"]),
        ]


def test_an_item_is_not_carried_twice(database: Database) -> None:
    with database.write() as s:
        ids = _series(s)
        carry_over(s, ids["m21"], [ids["Open item"]])
    with database.write() as s, pytest.raises(ConflictError, match="already carried"):
        carry_over(s, ids["m21"], [ids["Open item"], ids["Item in progress"]])
    with database.read() as s:
        carried = [r.carried_from_id for r in list_action_items(s, meeting_id=ids["m21"])]
        assert carried == [ids["Open item"]]


def test_an_item_closed_meanwhile_is_not_carried(database: Database) -> None:
    with database.write() as s:
        ids = _series(s)
    with database.write() as s, pytest.raises(ConflictError, match="no longer open"):
        carry_over(s, ids["m21"], [ids["Open item"], ids["Done item"]])
    with database.read() as s:
        assert list_action_items(s, meeting_id=ids["m21"]) == []


def test_the_rules_of_outcomes_and_action_items_without_the_database(
    database: Database, meeting: int
) -> None:
    assert check_outcome_fields("  ") == [FieldProblem("Text", "is required")]
    assert check_outcome_fields("RTCs share curricula") == []
    late = ActionItemData("", status=OPEN, completed_on=date(2024, 3, 1))
    assert check_action_item_fields(late) == [
        FieldProblem("Description", "is required"),
        FieldProblem("Completed on", "can only be set when the status is Done"),
    ]
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_action_item(s, meeting, late)
    assert refused.value.problems == check_action_item_fields(late)


def test_listed_action_items_carry_the_ids_an_editor_needs(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        person = make_person(s, "Lee", "Daniel").id
        outcome = add_outcome(s, meeting, OutcomeKind.DECISION, "Run the survey").id
        add_action_item(
            s,
            meeting,
            ActionItemData(
                "Run the survey",
                owner_organisation_id=rocb,
                owner_person_id=person,
                outcome_id=outcome,
            ),
        )
    with database.read() as s:
        [row] = list_action_items(s, meeting_id=meeting)
    assert (row.owner_organisation_id, row.owner_person_id, row.outcome_id) == (
        rocb,
        person,
        outcome,
    )


def test_save_adds_then_updates_an_outcome_and_an_action_item(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        outcome = save_outcome(s, meeting, None, OutcomeKind.DECISION, " Meet  in Delhi ", None)
        action = save_action_item(s, meeting, None, ActionItemData("Book the venue"), None)
    assert (outcome.kind, outcome.text, outcome.version) == (
        OutcomeKind.DECISION,
        "Meet in Delhi",
        1,
    )
    assert (action.description, action.meeting_id, action.version) == ("Book the venue", meeting, 1)
    with database.write() as s:
        again = save_outcome(s, meeting, outcome.id, OutcomeKind.DECISION, "Meet in Kochi", 1)
        done = ActionItemData("Book the venue", status=DONE, completed_on=date(2024, 1, 5))
        action_again = save_action_item(s, meeting, action.id, done, 1)
    assert (again.id, again.text, again.version) == (outcome.id, "Meet in Kochi", 2)
    assert (action_again.id, action_again.status, action_again.version) == (action.id, DONE, 2)
    with database.write() as s, pytest.raises(StaleEditError):
        save_outcome(s, meeting, outcome.id, OutcomeKind.DECISION, "Meet online", 1)
