"""Organisations: the reference list, edits, parents, deletion rules and the list view."""

from __future__ import annotations

import pytest
from factories import (
    count_rows,
    make_meeting,
    make_organisation,
    make_participant,
    make_person,
    org_id,
)

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Person
from rtcdesk.errors import (
    ConflictError,
    FieldProblem,
    NotFoundError,
    StaleEditError,
    ValidationError,
)
from rtcdesk.services.history import record_history
from rtcdesk.services.organisations import (
    OrganisationData,
    check_organisation_fields,
    create_organisation,
    delete_organisation,
    economies,
    find_organisation,
    get_organisation,
    list_organisations,
    organisation_choices,
    organisation_data,
    organisation_usage,
    save_organisation,
    sub_regions,
    update_organisation,
)
from rtcdesk.services.participants import add_delegation
from rtcdesk.vocabulary import HistoryAction, OrganisationKind

PARTNER = OrganisationKind.PARTNER


def test_new_database_holds_the_49_reference_organisations(database: Database) -> None:
    with database.read() as s:
        rows = list_organisations(s)
        assert len(rows) == 49
        by_kind = {kind: [r for r in rows if r.kind is kind] for kind in OrganisationKind}
        assert len(by_kind[OrganisationKind.RTC]) == 10
        assert len(by_kind[OrganisationKind.MEMBER_ADMINISTRATION]) == 35
        rtc_japan = next(r for r in rows if r.name == "RTC Japan")
        assert rtc_japan.parent_name == "Japan Customs"


def test_create_then_read_back_trimmed(database: Database) -> None:
    with database.write() as s:
        created = create_organisation(
            s,
            OrganisationData(
                name="  Asian Development Bank ",
                kind=PARTNER,
                short_name=" ADB ",
                economy="Philippines",
                notes="Partner for trade facilitation",
            ),
        )
        ident = created.id
    with database.read() as s:
        org = get_organisation(s, ident)
        assert (org.name, org.short_name, org.kind, org.economy) == (
            "Asian Development Bank",
            "ADB",
            PARTNER,
            "Philippines",
        )
        assert org.version == 1


def test_update_changes_the_stored_fields(database: Database) -> None:
    with database.write() as s:
        ident = make_organisation(s, "Asian Developmnt Bank").id
    with database.write() as s:
        data = organisation_data(get_organisation(s, ident))
        data.name = "Asian Development Bank"
        data.short_name = "ADB"
        update_organisation(s, ident, data, expected_version=1)
    with database.read() as s:
        org = get_organisation(s, ident)
        assert (org.name, org.short_name, org.version) == ("Asian Development Bank", "ADB", 2)


@pytest.mark.parametrize("typed", ["japan customs", "JAPAN CUSTOMS", "  Japan Customs  "])
def test_duplicate_name_is_refused_ignoring_case(database: Database, typed: str) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_organisation(s, OrganisationData(name=typed, kind=PARTNER))
    assert "already called" in (refused.value.for_field("Name") or "")
    with database.read() as s:
        assert count_rows(s, Organisation) == 49


def test_duplicate_accented_name_is_refused_ignoring_case(database: Database) -> None:
    with database.write() as s:
        make_organisation(s, "ÉCOLE NATIONALE DES DOUANES")
    with database.write() as s, pytest.raises(ValidationError) as refused:
        make_organisation(s, "École nationale des douanes")
    assert "already called" in (refused.value.for_field("Name") or "")


def test_renaming_an_organisation_to_its_own_name_in_other_case_is_allowed(
    database: Database,
) -> None:
    with database.write() as s:
        ident = org_id(s, "Japan Customs")
        data = organisation_data(get_organisation(s, ident))
        data.name = "JAPAN CUSTOMS"
        update_organisation(s, ident, data, expected_version=None)
    with database.read() as s:
        assert get_organisation(s, ident).name == "JAPAN CUSTOMS"


def test_renaming_to_another_organisations_name_is_refused(database: Database) -> None:
    with database.write() as s:
        ident = org_id(s, "RTC Japan")
        data = organisation_data(get_organisation(s, ident))
        data.name = "rtc korea"
        with pytest.raises(ValidationError) as refused:
            update_organisation(s, ident, data, expected_version=None)
    assert refused.value.for_field("Name") == "another organisation is already called 'RTC Korea'"


def test_name_is_required_and_limited_in_length(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_organisation(
            s, OrganisationData(name="  ", kind=PARTNER, short_name="X" * 61, sub_region="Pacific")
        )
    assert refused.value.for_field("Name") == "is required"
    assert refused.value.for_field("Short name") == "is 61 characters long; at most 60 fit"
    assert "The organisation was not saved" in str(refused.value)


def test_an_organisation_cannot_be_its_own_parent(database: Database) -> None:
    with database.write() as s:
        ident = org_id(s, "Japan Customs")
        data = organisation_data(get_organisation(s, ident))
        data.parent_id = ident
        with pytest.raises(ValidationError) as refused:
            update_organisation(s, ident, data, expected_version=None)
    assert refused.value.for_field("Parent") == "an organisation cannot be its own parent"


def test_parent_cycles_are_refused(database: Database) -> None:
    with database.write() as s:
        top = make_organisation(s, "Top").id
        middle = make_organisation(s, "Middle", parent_id=top).id
        bottom = make_organisation(s, "Bottom", parent_id=middle).id
    with database.write() as s:
        data = organisation_data(get_organisation(s, top))
        data.parent_id = bottom
        with pytest.raises(ValidationError) as refused:
            update_organisation(s, top, data, expected_version=None)
    assert refused.value.for_field("Parent") == "that would make the organisation its own ancestor"
    with database.read() as s:
        assert get_organisation(s, top).parent_id is None


def test_unknown_parent_is_refused(database: Database) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        make_organisation(s, "Orphan", parent_id=99999)
    assert refused.value.for_field("Parent") == "the chosen organisation is no longer on record"


def test_find_organisation_by_name_or_short_name_ignoring_case(database: Database) -> None:
    with database.read() as s:
        by_short = find_organisation(s, " rocb a/p ")
        by_name = find_organisation(s, "korea customs service")
        assert by_short is not None
        assert by_short.name == "Regional Office for Capacity Building Asia/Pacific"
        assert by_name is not None
        assert by_name.short_name == "KCS"
        assert find_organisation(s, "Atlantis Customs") is None


def test_delete_is_refused_while_it_hosts_a_meeting(database: Database) -> None:
    with database.write() as s:
        host = org_id(s, "RTC Japan")
        make_meeting(s, host_organisation_id=host)
    with database.write() as s, pytest.raises(ConflictError) as refused:
        delete_organisation(s, host, expected_version=None)
    message = str(refused.value)
    assert message.startswith("'RTC Japan' cannot be deleted: it hosted 1 meeting, ")
    assert "Traceback" not in message
    with database.read() as s:
        assert get_organisation(s, host).name == "RTC Japan"


def test_delete_is_refused_while_it_co_organises_a_meeting(database: Database) -> None:
    with database.write() as s:
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        make_meeting(s, co_organiser_ids=[rocb])
    with database.write() as s, pytest.raises(ConflictError, match="co-organised 1"):
        delete_organisation(s, rocb, expected_version=None)


def test_delete_is_refused_while_it_sent_a_delegation(database: Database) -> None:
    with database.write() as s:
        korea = org_id(s, "Korea Customs Service")
        add_delegation(s, make_meeting(s).id, korea)
    with database.write() as s, pytest.raises(ConflictError, match="sent 1 delegation"):
        delete_organisation(s, korea, expected_version=None)
    with database.read() as s:
        assert organisation_usage(s, korea).delegations == 1


def test_delete_unlinks_its_people_and_child_organisations(database: Database) -> None:
    with database.write() as s:
        org = make_organisation(s, "Customs Academy")
        child = make_organisation(s, "Customs Academy Campus", parent_id=org.id).id
        person = make_person(s, "Tanaka", "Yuki", organisation_id=org.id).id
        ident = org.id
    with database.read() as s:
        usage = organisation_usage(s, ident)
        assert (usage.people, usage.children, usage.blocks_delete) == (1, 1, False)
    with database.write() as s:
        delete_organisation(s, ident, expected_version=1)
    with database.read() as s:
        assert s.get(Organisation, ident) is None
        kept = s.get(Person, person)
        assert kept is not None
        assert kept.family_name == "Tanaka"
        assert kept.organisation_id is None
        assert get_organisation(s, child).parent_id is None


def test_deleting_a_missing_organisation_says_so(database: Database) -> None:
    with database.write() as s, pytest.raises(NotFoundError) as missing:
        delete_organisation(s, 424242, expected_version=None)
    assert str(missing.value) == (
        "This organisation is no longer on record; someone may have deleted it."
    )


def test_a_deleted_organisation_is_named_as_it_was_called(database: Database) -> None:
    with database.write() as s:
        ident = make_organisation(s, "Pacific Islands Forum").id
    with database.write() as s:
        delete_organisation(s, ident, expected_version=None)
    with database.write() as s, pytest.raises(NotFoundError) as missing:
        delete_organisation(s, ident, expected_version=None)
    assert str(missing.value) == (
        "The organisation 'Pacific Islands Forum' is no longer on record; "
        "someone may have deleted it."
    )
    assert missing.value.typed_id_message == f"No organisation has id {ident}."


def test_list_counts_people_and_meetings(database: Database) -> None:
    with database.write() as s:
        korea = org_id(s, "Korea Customs Service")
        first = make_meeting(s, series="RTC Heads Meeting", ordinal=20).id
        second = make_meeting(s, series="RTC Heads Meeting", ordinal=21).id
        people = [make_person(s, f"Kim{i}", organisation_id=korea).id for i in range(3)]
        for meeting in (first, second):
            delegation = add_delegation(s, meeting, korea).id
            make_participant(s, meeting, people[0], delegation_id=delegation)
    with database.read() as s:
        rows = {r.name: r for r in list_organisations(s)}
        assert (
            rows["Korea Customs Service"].people_count,
            rows["Korea Customs Service"].meeting_count,
        ) == (3, 2)
        assert (rows["Japan Customs"].people_count, rows["Japan Customs"].meeting_count) == (0, 0)


def test_list_is_alphabetical_ignoring_case(database: Database) -> None:
    with database.write() as s:
        make_organisation(s, "asian Development Bank")
    with database.read() as s:
        names = [r.name for r in list_organisations(s)]
        assert names == sorted(names, key=str.lower)
        assert names.index("asian Development Bank") < names.index("Australian Border Force")


def test_list_filters_by_words_and_kind(database: Database) -> None:
    with database.read() as s:
        assert [r.name for r in list_organisations(s, "rtc jap")] == ["RTC Japan"]
        assert [r.name for r in list_organisations(s, "ABF")] == ["Australian Border Force"]
        rtcs = list_organisations(s, kind=OrganisationKind.RTC)
        assert len(rtcs) == 10
        assert all(r.name.startswith("RTC ") for r in rtcs)
        assert [r.name for r in list_organisations(s, "korea", kind=OrganisationKind.RTC)] == [
            "RTC Korea"
        ]
        assert list_organisations(s, "100%") == []


def test_the_checks_without_the_database_are_those_a_save_makes(database: Database) -> None:
    data = OrganisationData(name="  ", kind=PARTNER, short_name="S" * 61)
    expected = [
        FieldProblem("Name", "is required"),
        FieldProblem("Short name", "is 61 characters long; at most 60 fit"),
    ]
    assert check_organisation_fields(data) == expected
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_organisation(s, data)
    assert refused.value.problems == expected


def test_checking_fields_refuses_its_own_parent_but_leaves_names_to_the_save(
    database: Database,
) -> None:
    with database.read() as s:
        japan = org_id(s, "Japan Customs")
    data = OrganisationData(name="Japan Customs", kind=PARTNER, parent_id=japan)
    assert check_organisation_fields(data, own_id=japan) == [
        FieldProblem("Parent", "an organisation cannot be its own parent")
    ]
    assert check_organisation_fields(data) == []  # a new one: the taken name needs the database
    with database.write() as s, pytest.raises(ValidationError) as refused:
        create_organisation(s, data)
    assert (
        refused.value.for_field("Name") == "another organisation is already called 'Japan Customs'"
    )


def test_choices_are_alphabetical_and_a_parent_is_never_itself_or_below_it(
    database: Database,
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        rtc_japan = org_id(s, "RTC Japan")
        annex = make_organisation(s, "Kashiwa Annex", parent_id=rtc_japan).id
        make_organisation(s, "Ōsaka Liaison")
    with database.read() as s:
        everything = organisation_choices(s)
        for_japan = {c.id for c in organisation_choices(s, parent_for=japan)}
        for_annex = {c.id for c in organisation_choices(s, parent_for=annex)}
    names = [c.name for c in everything]
    assert len(names) == 51
    assert names.index("Ōsaka Liaison") < names.index("Pakistan Customs")
    abf = next(c for c in everything if c.name == "Australian Border Force")
    assert (abf.short_name, abf.economy) == ("ABF", "Australia")
    assert {japan, rtc_japan, annex}.isdisjoint(for_japan)
    assert len(for_japan) == 48
    assert annex not in for_annex
    assert {japan, rtc_japan} <= for_annex


def test_sub_regions_and_economies_in_use(database: Database) -> None:
    with database.write() as s:
        make_organisation(s, "Customs Union Secretariat", economy="Éire", sub_region="Europe")
    with database.read() as s:
        regions = sub_regions(s)
        known = economies(s)
    assert regions == ["Europe", "Far East", "Pacific", "South Asia", "South East Asia"]
    assert "" not in known
    assert known.index("Éire") < known.index("Fiji")
    assert known.count("Japan") == 1
    assert "Hong Kong China" in known


def test_save_creates_then_updates_an_organisation_and_gives_back_what_was_stored(
    database: Database,
) -> None:
    with database.write() as s:
        added = save_organisation(
            s, None, OrganisationData(" Asian Developmnt Bank ", PARTNER), None
        )
    assert (added.version, added.data.name) == (1, "Asian Developmnt Bank")
    changed = OrganisationData("Asian Development Bank", PARTNER, short_name="ADB")
    with database.write() as s:
        saved = save_organisation(s, added.id, changed, added.version)
    assert (saved.id, saved.version, saved.data) == (added.id, 2, changed)
    with database.read() as s:
        assert get_organisation(s, added.id).name == "Asian Development Bank"
        assert [e.action for e in record_history(s, "organisations", added.id)] == [
            HistoryAction.CHANGED,
            HistoryAction.CREATED,
        ]


def test_save_refuses_an_organisation_changed_since_the_editor_loaded_it(
    database: Database,
) -> None:
    with database.write() as s:
        added = save_organisation(
            s, None, OrganisationData("Asian Development Bank", PARTNER), None
        )
    with database.write() as s:
        save_organisation(
            s, added.id, OrganisationData("Asian Development Bank", PARTNER, "ADB"), added.version
        )
    with database.write() as s, pytest.raises(StaleEditError):
        save_organisation(s, added.id, OrganisationData("Asian Dev. Bank", PARTNER), added.version)
    with database.read() as s:
        org = get_organisation(s, added.id)
        assert (org.name, org.short_name, org.version) == ("Asian Development Bank", "ADB", 2)


def test_save_of_a_deleted_organisation_names_it_and_stores_nothing(database: Database) -> None:
    with database.write() as s:
        added = save_organisation(s, None, OrganisationData("Pacific Islands Forum", PARTNER), None)
        before = count_rows(s, Organisation)
    with database.write() as s:
        delete_organisation(s, added.id, added.version)
    with database.write() as s, pytest.raises(NotFoundError) as gone:
        save_organisation(s, added.id, OrganisationData("PIF", PARTNER), added.version)
    assert "'Pacific Islands Forum' is no longer on record" in str(gone.value)
    with database.read() as s:
        assert count_rows(s, Organisation) == before - 1
