"""Meetings: dates, series and ordinals, co-organisers, the list view and deletion."""

from __future__ import annotations

from datetime import date, time

import pytest
from factories import (
    RTC_HEADS,
    count_rows,
    make_meeting,
    make_participant,
    make_person,
    org_id,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    AgendaSpeaker,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    Person,
    meeting_co_organisers,
)
from rtcdesk.errors import ConflictError, FieldProblem, StaleEditError, ValidationError
from rtcdesk.services.agenda import AgendaItemData, SpeakerData, add_agenda_item
from rtcdesk.services.meetings import (
    MeetingData,
    MeetingUsage,
    check_meeting_fields,
    create_meeting,
    delete_meeting,
    find_meeting,
    get_meeting,
    list_meetings,
    list_series,
    meeting_data,
    meeting_usage,
    next_ordinal,
    save_meeting,
    update_meeting,
)
from rtcdesk.services.outcomes import ActionItemData, add_action_item, add_outcome
from rtcdesk.services.participants import add_delegation
from rtcdesk.services.surveys import SurveyData, create_survey, delete_survey
from rtcdesk.vocabulary import MeetingKind, MeetingMode, MeetingStatus, OutcomeKind


def twenty_first(s, **changes) -> MeetingData:  # type: ignore[no-untyped-def]
    data = MeetingData(
        title=RTC_HEADS,
        kind=MeetingKind.RTC_HEADS_MEETING,
        start_date=date(2023, 11, 14),
        end_date=date(2023, 11, 16),
        series=RTC_HEADS,
        ordinal=21,
        host_organisation_id=org_id(s, "RTC Japan"),
        co_organiser_ids=[
            org_id(s, "Regional Office for Capacity Building Asia/Pacific"),
            org_id(s, "Japan Customs"),
        ],
        venue="RTC Japan",
        city="Kashiwa",
        country="Japan",
        mode=MeetingMode.IN_PERSON,
        theme="Capacity building for the future",
        status=MeetingStatus.HELD,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_create_then_read_back(database: Database) -> None:
    with database.write() as s:
        data = twenty_first(s)
        ident = create_meeting(s, data).id
    with database.read() as s:
        meeting = get_meeting(s, ident)
        assert meeting.host is not None
        assert meeting.host.name == "RTC Japan"
        # In the order entered, not alphabetical.
        assert [o.name for o in meeting.co_organisers] == [
            "Regional Office for Capacity Building Asia/Pacific",
            "Japan Customs",
        ]
        assert meeting_data(meeting) == data


def test_save_creates_then_updates_from_the_version_loaded(database: Database) -> None:
    with database.write() as s:
        data = twenty_first(s)
        created = save_meeting(s, None, data, None)
    assert (created.version, created.data) == (1, data)
    data.city = "  Kashiwa,   Chiba "
    with database.write() as s:
        updated = save_meeting(s, created.id, data, created.version)
    assert (updated.id, updated.version, updated.data.city) == (created.id, 2, "Kashiwa, Chiba")
    with database.write() as s, pytest.raises(StaleEditError):
        save_meeting(s, created.id, data, created.version)


def test_a_one_day_meeting_is_fine_but_end_before_start_is_refused(database: Database) -> None:
    with database.write() as s:
        make_meeting(s, "18th meeting online", start=date(2020, 10, 15), days=1)
        with pytest.raises(ValidationError) as refused:
            create_meeting(
                s, twenty_first(s, start_date=date(2023, 11, 16), end_date=date(2023, 11, 14))
            )
    assert refused.value.for_field("End date") == "is before the start date"
    with database.read() as s:
        assert count_rows(s, Meeting) == 1


def test_title_is_required(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, twenty_first(s, title=" "))
    assert refused.value.for_field("Title") == "is required"


def test_an_ordinal_needs_a_series(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, twenty_first(s, series="  ", ordinal=21))
    assert refused.value.for_field("Ordinal") == (
        "needs a series (for example 'RTC Heads Meeting')"
    )


def test_an_ordinal_must_be_positive(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, twenty_first(s, ordinal=0))
    assert refused.value.for_field("Ordinal") == "must be a positive number"


def test_duplicate_series_and_ordinal_is_refused(database: Database) -> None:
    with database.write() as s:
        first = create_meeting(s, twenty_first(s)).id
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, twenty_first(s, start_date=date(2024, 9, 24), end_date=date(2024, 9, 26)))
    assert refused.value.for_field("Ordinal") == (
        "the series 'RTC Heads Meeting' already has a 21st meeting (14-16 Nov 2023)"
    )
    with database.write() as s:
        create_meeting(s, twenty_first(s, series="Regional Workshop on AEO"))
        data = meeting_data(get_meeting(s, first))
        data.theme = "Edited theme; same ordinal"
        update_meeting(s, first, data, expected_version=1)
    with database.read() as s:
        assert count_rows(s, Meeting) == 2
        assert get_meeting(s, first).theme == "Edited theme; same ordinal"


def test_unknown_organisations_are_refused(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, twenty_first(s, host_organisation_id=77777, co_organiser_ids=[88888]))
    assert [p.message for p in refused.value.problems if p.field == "Organisations"] == [
        "the chosen organisation is no longer on record",
        "the chosen organisation is no longer on record",
    ]


def test_next_ordinal(database: Database) -> None:
    with database.write() as s:
        assert next_ordinal(s, "") is None
        assert next_ordinal(s, RTC_HEADS) == 1
        for ordinal in (13, 17, 20):
            make_meeting(s, series=RTC_HEADS, ordinal=ordinal)
        make_meeting(s, "Workshop", series="AEO Workshops", ordinal=3)
        assert next_ordinal(s, RTC_HEADS) == 21
        assert next_ordinal(s, "AEO Workshops") == 4
        assert next_ordinal(s, "Brand new series") == 1
        assert list_series(s) == ["AEO Workshops", RTC_HEADS]
        found = find_meeting(s, RTC_HEADS, 17)
        assert found is not None
        assert found.ordinal == 17
        assert find_meeting(s, RTC_HEADS, 18) is None


def test_co_organisers_are_replaced_and_cleared(database: Database) -> None:
    with database.write() as s:
        ident = create_meeting(s, twenty_first(s)).id
        rtc_india = org_id(s, "RTC India")
    with database.write() as s:
        data = meeting_data(get_meeting(s, ident))
        data.co_organiser_ids = [rtc_india]
        update_meeting(s, ident, data, expected_version=None)
    with database.read() as s:
        assert [o.name for o in get_meeting(s, ident).co_organisers] == ["RTC India"]
    with database.write() as s:
        data = meeting_data(get_meeting(s, ident))
        data.co_organiser_ids = []
        update_meeting(s, ident, data, expected_version=None)
    with database.read() as s:
        assert get_meeting(s, ident).co_organisers == []
        assert count_rows(s, meeting_co_organisers) == 0
        assert count_rows(s, Organisation) == 49


def test_duplicate_co_organiser_ids_are_stored_once(database: Database) -> None:
    with database.write() as s:
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        ident = create_meeting(s, twenty_first(s, co_organiser_ids=[rocb, rocb])).id
    with database.read() as s:
        assert [o.id for o in get_meeting(s, ident).co_organisers] == [rocb]


@pytest.fixture
def meetings(database: Database) -> dict[str, int]:
    with database.write() as s:
        m20 = create_meeting(
            s,
            twenty_first(
                s,
                ordinal=20,
                start_date=date(2022, 11, 2),
                end_date=date(2022, 11, 3),
                host_organisation_id=org_id(s, "Thai Customs Department"),
                city="Bangkok",
                country="Thailand",
                mode=MeetingMode.HYBRID,
            ),
        ).id
        m21 = create_meeting(s, twenty_first(s)).id
        m22 = create_meeting(
            s,
            twenty_first(
                s,
                ordinal=22,
                start_date=date(2024, 9, 24),
                end_date=date(2024, 9, 26),
                host_organisation_id=org_id(s, "RTC India"),
                city="Palasamudram",
                country="India",
                status=MeetingStatus.PLANNED,
            ),
        ).id
        workshop = make_meeting(
            s,
            "Regional Workshop on Post-Clearance Audit",
            start=date(2023, 3, 6),
            kind=MeetingKind.REGIONAL_WORKSHOP,
            status=MeetingStatus.CANCELLED,
            city="Kashiwa",
            country="Japan",
        ).id
        for i in range(3):
            make_participant(s, m21, make_person(s, f"Delegate{i}").id)
        return {"m20": m20, "m21": m21, "m22": m22, "workshop": workshop}


def test_list_is_newest_first_with_host_and_counts(
    database: Database, meetings: dict[str, int]
) -> None:
    with database.read() as s:
        rows = list_meetings(s)
    assert [r.id for r in rows] == [
        meetings["m22"],
        meetings["m21"],
        meetings["workshop"],
        meetings["m20"],
    ]
    m21 = rows[1]
    assert (m21.display_title, m21.host_name, m21.place, m21.participant_count) == (
        "21st RTC Heads Meeting",
        "RTC Japan",
        "Kashiwa, Japan",
        3,
    )
    assert rows[0].participant_count == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year": 2023}, ["m21", "workshop"]),
        ({"year": 2021}, []),
        ({"kind": MeetingKind.REGIONAL_WORKSHOP}, ["workshop"]),
        ({"status": MeetingStatus.PLANNED}, ["m22"]),
        ({"status": MeetingStatus.HELD, "year": 2022}, ["m20"]),
        ({"search": "kashiwa"}, ["m21", "workshop"]),
        ({"search": "rtc india"}, ["m22"]),
        ({"search": "thailand"}, ["m20"]),
        ({"search": "post-clearance"}, ["workshop"]),
        ({"search": "kashiwa", "kind": MeetingKind.RTC_HEADS_MEETING}, ["m21"]),
    ],
)
def test_list_filters(
    database: Database,
    meetings: dict[str, int],
    filters: dict[str, object],
    expected: list[str],
) -> None:
    with database.read() as s:
        assert [r.id for r in list_meetings(s, **filters)] == [meetings[k] for k in expected]  # type: ignore[arg-type]


def test_delete_takes_everything_recorded_inside_the_meeting(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        keep = make_meeting(s, "Another meeting").id
        ident = create_meeting(s, twenty_first(s)).id
        person = make_person(s, "Aoyama", "Shigetoshi", organisation_id=japan).id
        delegation = add_delegation(s, ident, japan).id
        make_participant(s, ident, person, delegation_id=delegation)
        make_participant(s, keep, person)
        add_agenda_item(
            s,
            ident,
            AgendaItemData(
                "Opening remarks",
                day=date(2023, 11, 14),
                start_time=time(9, 0),
                speakers=[SpeakerData(person)],
            ),
        )
        outcome = add_outcome(s, ident, OutcomeKind.DECISION, "Hold the 22nd meeting in India")
        add_action_item(
            s, ident, ActionItemData("Circulate the summary record", outcome_id=outcome.id)
        )
    with database.read() as s:
        assert meeting_usage(s, ident).participations == 1
    with database.write() as s:
        delete_meeting(s, ident, expected_version=1)
    with database.read() as s:
        assert s.get(Meeting, ident) is None
        for model in (AgendaItem, Delegation, Participation, Outcome, ActionItem):
            assert count_rows(s, model, model.meeting_id == ident) == 0, model.__name__
        assert count_rows(s, AgendaSpeaker) == 0
        assert count_rows(s, meeting_co_organisers) == 0
        assert count_rows(s, Participation, Participation.meeting_id == keep) == 1
        assert s.get(Person, person) is not None
        assert count_rows(s, Organisation) == 49


def test_delete_is_refused_while_a_survey_follows_it_up(database: Database) -> None:
    with database.write() as s:
        ident = create_meeting(s, twenty_first(s)).id
        survey = create_survey(s, SurveyData("Follow-up questionnaire", meeting_id=ident)).id
        make_participant(s, ident, make_person(s, "Kang", "Taeil").id)
    with database.write() as s, pytest.raises(ConflictError) as refused:
        delete_meeting(s, ident, expected_version=None)
    assert str(refused.value) == (
        "'21st RTC Heads Meeting' cannot be deleted: 1 survey follows it up. "
        "Delete the surveys first."
    )
    with database.read() as s:
        assert s.get(Meeting, ident) is not None
        assert count_rows(s, Participation) == 1
    with database.write() as s:
        delete_survey(s, survey, expected_version=None)
        delete_meeting(s, ident, expected_version=None)
    with database.read() as s:
        assert s.get(Meeting, ident) is None


def test_the_rules_without_the_database_are_the_rules_of_saving(database: Database) -> None:
    """The editor checks ``check_meeting_fields`` as the coordinator types; saving
    refuses the same problems (and more that need the database)."""
    with database.read() as s:
        data = twenty_first(
            s,
            title=" ",
            series="",
            ordinal=3,
            start_date=date(2023, 11, 16),
            end_date=date(2023, 11, 14),
            venue="V" * 201,
        )
    found = check_meeting_fields(data)
    assert found == [
        FieldProblem("Title", "is required"),
        FieldProblem("Venue", "is 201 characters long; at most 200 fit"),
        FieldProblem("End date", "is before the start date"),
        FieldProblem("Ordinal", "needs a series (for example 'RTC Heads Meeting')"),
    ]
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_meeting(s, data)
    assert refused.value.problems == found
    with database.read() as s:
        assert check_meeting_fields(twenty_first(s)) == []


def test_usage_counts_everything_that_goes_with_the_meeting(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        ident = create_meeting(s, twenty_first(s)).id
        person = make_person(s, "Aoyama", "Shigetoshi", organisation_id=japan).id
        make_participant(s, ident, person, delegation_id=add_delegation(s, ident, japan).id)
        for title in ("Opening remarks", "Wrap-up"):
            add_agenda_item(s, ident, AgendaItemData(title))
        add_outcome(s, ident, OutcomeKind.DECISION, "Hold the 22nd meeting in India")
        add_action_item(s, ident, ActionItemData("Circulate the summary record"))
        create_survey(s, SurveyData("Follow-up questionnaire", meeting_id=ident))
    with database.read() as s:
        assert meeting_usage(s, ident) == MeetingUsage(
            participations=1, surveys=1, delegations=1, agenda_items=2, outcomes=1, action_items=1
        )
