"""People: validation a coordinator reads, look-ups, search, history and deletion."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import StatementCounter
from factories import RTC_HEADS, count_rows, make_meeting, make_participant, make_person, org_id

from rtcdesk.db.engine import Database
from rtcdesk.db.models import ActionItem, Delegation, Participation, Person
from rtcdesk.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from rtcdesk.services.agenda import AgendaItemData, SpeakerData, add_agenda_item
from rtcdesk.services.history import record_history
from rtcdesk.services.names import display_name
from rtcdesk.services.outcomes import ActionItemData, add_action_item
from rtcdesk.services.participants import add_delegation, set_delegation_head
from rtcdesk.services.people import (
    PersonData,
    check_person_fields,
    create_new_person,
    create_person,
    delete_person,
    find_person_by_email,
    get_person,
    list_people,
    participation_history,
    person_data,
    person_usage,
    save_person,
    search_people,
    update_person,
)
from rtcdesk.services.people_merge import suggested_takes
from rtcdesk.vocabulary import (
    ActionStatus,
    Gender,
    HistoryAction,
    NameOrder,
    ParticipantRole,
    ParticipationStatus,
)


def test_create_then_read_back_every_field(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        ident = create_person(
            s,
            PersonData(
                family_name=" Aoyama ",
                given_name="Shigetoshi",
                title="Mr.",
                name_order=NameOrder.FAMILY_FIRST,
                position="Director, RTC Japan",
                organisation_id=japan,
                email=" s-aoyama@customs.go.jp ",
                phone="+81 4 7134 6000",
                gender=Gender.MALE,
                notes="Host of the 21st meeting",
            ),
        ).id
    with database.read() as s:
        person = get_person(s, ident)
        assert person_data(person) == PersonData(
            family_name="Aoyama",
            given_name="Shigetoshi",
            title="Mr.",
            name_order=NameOrder.FAMILY_FIRST,
            position="Director, RTC Japan",
            organisation_id=japan,
            email="s-aoyama@customs.go.jp",
            phone="+81 4 7134 6000",
            gender=Gender.MALE,
            notes="Host of the 21st meeting",
        )
        assert person.organisation is not None
        assert person.organisation.name == "Japan Customs"


def test_update_changes_fields_and_keeps_typed_case(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "kuramoto", "norikazu").id
    with database.write() as s:
        data = person_data(get_person(s, ident))
        data.family_name = "Kuramoto"
        data.given_name = "Norikazu"
        data.title = "Mr."
        update_person(s, ident, data, expected_version=1)
    with database.read() as s:
        person = get_person(s, ident)
        assert (person.title, person.given_name, person.family_name) == (
            "Mr.",
            "Norikazu",
            "Kuramoto",
        )
        assert person.version == 2


def test_missing_family_name_is_refused_by_field(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_person(s, PersonData(family_name="   ", given_name="Shigetoshi"))
    assert refused.value.for_field("Family name") == "is required"
    assert "Family name: is required" in str(refused.value)
    with database.read() as s:
        assert count_rows(s, Person) == 0


@pytest.mark.parametrize(
    "email", ["aoyama", "aoyama@customs", "ao yama@customs.go.jp", "a@@customs.go.jp"]
)
def test_bad_email_is_refused_by_field(database: Database, email: str) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_person(s, PersonData(family_name="Aoyama", email=email))
    assert refused.value.for_field("E-mail") == f"'{email}' is not an e-mail address"


def test_too_long_text_is_refused_with_the_limit(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_person(
            s, PersonData(family_name="A" * 121, given_name="B" * 120, position="P" * 201)
        )
    assert refused.value.for_field("Family name") == "is 121 characters long; at most 120 fit"
    assert refused.value.for_field("Given name") is None
    assert refused.value.for_field("Position") == "is 201 characters long; at most 200 fit"


def test_every_problem_is_reported_at_once(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_person(
            s,
            PersonData(
                family_name="",
                email="not-an-address",
                phone="+81\x00",
                organisation_id=987654,
            ),
        )
    assert [p.field for p in refused.value.problems] == [
        "Family name",
        "E-mail",
        "Phone",
        "Organisation",
    ]
    assert refused.value.for_field("Phone") == "contains control characters"
    assert refused.value.for_field("Organisation") == (
        "the chosen organisation is no longer on record"
    )


def test_find_by_email_ignores_case_and_spaces(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Outram", "Michael", email="Michael.Outram@abf.gov.au").id
        make_person(s, "Nobody", email="")
    with database.read() as s:
        found = find_person_by_email(s, "  MICHAEL.OUTRAM@ABF.GOV.AU ")
        assert found is not None
        assert found.id == ident
        assert find_person_by_email(s, "michael.outram@abf.gov") is None
        assert find_person_by_email(s, "   ") is None


def test_find_by_email_folds_non_ascii_letters(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Lefèvre", "Élodie", email="Élodie.Lefèvre@douane.fr").id
    with database.read() as s:
        found = find_person_by_email(s, "élodie.lefèvre@douane.fr")
        assert found is not None
        assert found.id == ident


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        abf = org_id(s, "Australian Border Force")
        return {
            "aoyama": make_person(
                s,
                "Aoyama",
                "Shigetoshi",
                organisation_id=japan,
                email="aoyama@customs.go.jp",
                name_order=NameOrder.FAMILY_FIRST,
            ).id,
            "outram": make_person(
                s, "Outram", "Michael", organisation_id=abf, email="m.outram@abf.gov.au"
            ).id,
            "cjk": make_person(s, "青山", "茂俊", name_order=NameOrder.FAMILY_FIRST).id,
            "elodie": make_person(s, "Lefèvre", "Élodie", email="elodie@douane.fr").id,
            "underscore": make_person(s, "Kang", "Taeil", email="t_kang@customs.go.kr").id,
        }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("shigetoshi", ["aoyama"]),
        ("AOYAMA", ["aoyama"]),
        ("abf.gov", ["outram"]),
        ("japan customs", ["aoyama"]),
        ("ABF", ["outram"]),
        ("aoyama japan", ["aoyama"]),
        ("aoyama australian", []),
        ("青山", ["cjk"]),
        ("茂俊", ["cjk"]),
        ("élodie", ["elodie"]),
        ("ÉLODIE", ["elodie"]),
        ("LEFÈVRE", ["elodie"]),
        ("t_kang", ["underscore"]),
        ("_", ["underscore"]),
        ("%", []),
        ("", ["aoyama", "underscore", "elodie", "outram", "cjk"]),
    ],
)
def test_search_over_names_email_and_organisation(
    database: Database, people: dict[str, int], query: str, expected: list[str]
) -> None:
    with database.read() as s:
        found = [r.id for r in list_people(s, query)]
    assert found == [people[key] for key in expected]


def test_list_filters_by_organisation_and_counts_participations(
    database: Database, people: dict[str, int]
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        for ordinal in (20, 21):
            meeting = make_meeting(s, series=RTC_HEADS, ordinal=ordinal).id
            make_participant(s, meeting, people["aoyama"])
    with database.read() as s:
        [row] = list_people(s, organisation_id=japan)
        assert row.id == people["aoyama"]
        assert row.organisation_name == "Japan Customs"
        assert row.participation_count == 2
        counts = {r.id: r.participation_count for r in list_people(s)}
        assert counts[people["outram"]] == 0


def test_participation_history_newest_first(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        person = make_person(s, "Aoyama", "Shigetoshi", organisation_id=japan).id
        other = make_person(s, "Kang", "Taeil").id
        m20 = make_meeting(s, start=date(2022, 11, 2), series=RTC_HEADS, ordinal=20).id
        m21 = make_meeting(s, start=date(2023, 11, 14), series=RTC_HEADS, ordinal=21).id
        workshop = make_meeting(s, "Regional Workshop on AEO", start=date(2024, 3, 5)).id
        delegation = add_delegation(s, m21, japan).id
        make_participant(s, m20, person, status=ParticipationStatus.ATTENDED)
        make_participant(
            s,
            m21,
            person,
            delegation_id=delegation,
            role=ParticipantRole.ORGANISER,
            status=ParticipationStatus.ATTENDED,
        )
        make_participant(s, workshop, person, status=ParticipationStatus.CANCELLED)
        make_participant(s, m21, other)
    with database.read() as s:
        history = participation_history(s, person)
    assert [(h.meeting_title, h.start_date, h.delegation, h.role, h.status) for h in history] == [
        (
            "Regional Workshop on AEO",
            date(2024, 3, 5),
            None,
            ParticipantRole.DELEGATE,
            ParticipationStatus.CANCELLED,
        ),
        (
            "21st RTC Heads Meeting",
            date(2023, 11, 14),
            "Japan Customs",
            ParticipantRole.ORGANISER,
            ParticipationStatus.ATTENDED,
        ),
        (
            "20th RTC Heads Meeting",
            date(2022, 11, 2),
            None,
            ParticipantRole.DELEGATE,
            ParticipationStatus.ATTENDED,
        ),
    ]


def test_delete_removes_participations_and_speaker_slots_but_unlinks_heads_and_owners(
    database: Database,
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        meeting = make_meeting(s).id
        person = make_person(s, "Aoyama", "Shigetoshi").id
        colleague = make_person(s, "Tanaka", "Yuki").id
        delegation = add_delegation(s, meeting, japan).id
        make_participant(s, meeting, person, delegation_id=delegation)
        make_participant(s, meeting, colleague, delegation_id=delegation)
        set_delegation_head(s, delegation, person, expected_version=None)
        add_agenda_item(
            s, meeting, AgendaItemData("Opening remarks", speakers=[SpeakerData(person)])
        )
        action = add_action_item(
            s,
            meeting,
            ActionItemData("Share the report", owner_person_id=person, owner_organisation_id=japan),
        ).id
    with database.read() as s:
        usage = person_usage(s, person)
        assert (
            usage.participations,
            usage.speaker_slots,
            usage.headed_delegations,
            usage.owned_actions,
        ) == (1, 1, 1, 1)
    with database.write() as s:
        delete_person(s, person, expected_version=None)
    with database.read() as s:
        assert s.get(Person, person) is None
        assert count_rows(s, Participation, Participation.person_id == person) == 0
        assert count_rows(s, Participation, Participation.meeting_id == meeting) == 1
        kept_delegation = s.get(Delegation, delegation)
        assert kept_delegation is not None
        assert kept_delegation.head_person_id is None
        kept_action = s.get(ActionItem, action)
        assert kept_action is not None
        assert kept_action.owner_person_id is None
        assert kept_action.owner_organisation_id == japan
        assert kept_action.status is ActionStatus.OPEN
        assert person_usage(s, person).speaker_slots == 0


def test_people_are_listed_in_alphabetical_order_across_scripts_and_accents(
    database: Database,
) -> None:
    with database.write() as s:
        for family in ["Zhang", "Ōta", "Öz", "andersson", "Østergaard", "Émond"]:
            make_person(s, family)
    with database.read() as s:
        order = [p.family_name for p in list_people(s)]
    # Accents fold away (Ō, Ö sort as O); Ø is a letter of its own, after Z.
    assert order == ["andersson", "Émond", "Ōta", "Öz", "Zhang", "Østergaard"]


def test_rows_and_objects_read_in_a_block_stay_usable_after_it(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Kang", "Taeil", title="Dr.").id
    with database.read() as s:
        person = get_person(s, ident)
    assert display_name(person) == "Dr. Taeil KANG"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("elodie", ["elodie"]),
        ("LEFEVRE", ["elodie"]),
        ("青山", ["cjk"]),
        ("douane.fr", ["elodie"]),
        ("japan", ["aoyama"]),
        ("  ", []),
        ("a", ["aoyama", "underscore", "elodie", "outram"]),
    ],
)
def test_search_people_finds_names_and_email_ignoring_case_and_accents(
    database: Database, people: dict[str, int], query: str, expected: list[str]
) -> None:
    with database.read() as s:
        found = search_people(s, query)
    assert [m.id for m in found] == [people[key] for key in expected]


def test_search_people_returns_at_most_the_limit_in_one_query(
    database: Database, people: dict[str, int], count_statements: StatementCounter
) -> None:
    with database.write() as s:
        for n in range(30):
            make_person(s, f"Aoki{n:02}", organisation_id=org_id(s, "Japan Customs"))
    with count_statements, database.read() as s:
        found = search_people(s, "aoki", limit=20)
    assert len(found) == 20
    assert [m.display_name for m in found[:2]] == ["AOKI00", "AOKI01"]
    assert found[0].organisation_name == "Japan Customs"
    assert count_statements.count == 1


def test_a_person_created_in_passing_may_not_reuse_an_email_on_record(
    database: Database, people: dict[str, int]
) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_new_person(s, PersonData("Lefevre", "Elodie", email=" ELODIE@douane.fr "))
    assert refused.value.for_field("E-mail") == (
        "ELODIE@douane.fr belongs to Élodie LEFÈVRE, who is already on record; choose them instead"
    )
    with database.write() as s:
        created = create_new_person(s, PersonData("Aoyama", "Ken")).id
    with database.read() as s:
        assert get_person(s, created).email == ""


def test_the_checks_without_the_database_are_those_a_save_makes() -> None:
    """The editor checks as the coordinator types; a save finds the same problems."""
    data = PersonData(family_name=" ", email="aoyama@customs", position="P" * 201)
    assert check_person_fields(data) == [
        FieldProblem("Family name", "is required"),
        FieldProblem("Position", "is 201 characters long; at most 200 fit"),
        FieldProblem("E-mail", "'aoyama@customs' is not an e-mail address"),
    ]
    assert check_person_fields(PersonData(family_name="Aoyama", email="a@customs.go.jp")) == []


def test_check_person_fields_leaves_the_organisation_to_the_save(database: Database) -> None:
    data = PersonData(family_name="Aoyama", organisation_id=987654)
    assert check_person_fields(data) == []
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_person(s, data)
    assert refused.value.for_field("Organisation") == (
        "the chosen organisation is no longer on record"
    )


def test_a_merge_suggests_the_duplicates_values_where_the_survivor_has_none() -> None:
    survivor = PersonData(
        family_name="Tanaka", title="Mr.", name_order=NameOrder.FAMILY_FIRST, phone=""
    )
    duplicate = PersonData(
        family_name="TANAKA",
        title="",
        phone="+81 3 1234 5678",
        gender=Gender.MALE,
        organisation_id=7,
    )
    assert suggested_takes(survivor, duplicate) == {"phone", "gender", "organisation_id"}
    assert suggested_takes(duplicate, survivor) == {"title"}


def test_save_creates_then_updates_a_person_and_gives_back_what_was_stored(
    database: Database,
) -> None:
    with database.write() as s:
        added = save_person(s, None, PersonData("  Aoyama ", given_name="Shigetoshi"), None)
    assert (added.version, added.data.family_name, added.data.given_name) == (
        1,
        "Aoyama",
        "Shigetoshi",
    )
    changed = PersonData("Aoyama", given_name="Shigetoshi", title="Mr.")
    with database.write() as s:
        saved = save_person(s, added.id, changed, added.version)
    assert (saved.id, saved.version, saved.data) == (added.id, 2, changed)
    with database.read() as s:
        assert display_name(get_person(s, added.id)) == "Mr. Shigetoshi AOYAMA"
        assert [e.action for e in record_history(s, "people", added.id)] == [
            HistoryAction.CHANGED,
            HistoryAction.CREATED,
        ]


def test_save_refuses_a_person_changed_since_the_editor_loaded_them(database: Database) -> None:
    with database.write() as s:
        added = save_person(s, None, PersonData("Aoyama"), None)
    with database.write() as s:
        save_person(s, added.id, PersonData("Aoyama", given_name="Shigetoshi"), added.version)
    with database.write() as s, pytest.raises(StaleEditError):
        save_person(s, added.id, PersonData("Aoyama", title="Mr."), added.version)
    with database.read() as s:
        person = get_person(s, added.id)
        assert (person.given_name, person.title, person.version) == ("Shigetoshi", "", 2)


def test_save_of_a_deleted_person_names_them_and_stores_nothing(database: Database) -> None:
    with database.write() as s:
        added = save_person(s, None, PersonData("Aoyama", given_name="Shigetoshi"), None)
    with database.write() as s:
        delete_person(s, added.id, added.version)
    with database.write() as s, pytest.raises(NotFoundError) as gone:
        save_person(s, added.id, PersonData("Aoyama", title="Mr."), added.version)
    assert "Shigetoshi AOYAMA" in str(gone.value)
    with database.read() as s:
        assert count_rows(s, Person) == 0
