"""Delegations and participants of a meeting: rules, ordering and the counts reported."""

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
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Delegation, Participation
from rtcdesk.errors import ConflictError, NotFoundError, StaleEditError, ValidationError
from rtcdesk.services.participants import (
    ParticipationData,
    add_delegation,
    add_delegations,
    add_participant,
    delegation_candidates,
    delete_delegation,
    list_delegations,
    list_participants,
    organisation_choice,
    participation_counts,
    remove_participant,
    save_participant,
    set_delegation_head,
    set_status,
    update_participant,
)
from rtcdesk.vocabulary import (
    AttendanceMode,
    Gender,
    NameOrder,
    OrganisationKind,
    ParticipantRole,
    ParticipationStatus,
)

INVITED = ParticipationStatus.INVITED
CONFIRMED = ParticipationStatus.CONFIRMED
ATTENDED = ParticipationStatus.ATTENDED
NO_SHOW = ParticipationStatus.NO_SHOW
CANCELLED = ParticipationStatus.CANCELLED
IN_PERSON = AttendanceMode.IN_PERSON
VIRTUAL = AttendanceMode.VIRTUAL


def test_a_delegation_is_added_once_per_organisation(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        other = make_meeting(s, "Another meeting").id
        korea = org_id(s, "Korea Customs Service")
        add_delegation(s, meeting, korea, notes="Three delegates")
        add_delegation(s, other, korea)
    with database.write() as s, pytest.raises(ConflictError) as refused:
        add_delegation(s, meeting, korea)
    assert str(refused.value) == "Korea Customs Service already has a delegation at this meeting."
    with database.read() as s:
        assert count_rows(s, Delegation, Delegation.meeting_id == meeting) == 1
        assert count_rows(s, Delegation) == 2


def test_several_delegations_are_added_at_once_skipping_those_there(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        japan, korea, china = (org_id(s, f"RTC {name}") for name in ("Japan", "Korea", "China"))
        add_delegation(s, meeting, korea)
    with database.write() as s:
        done = add_delegations(s, meeting, [japan, korea, china, japan])
        assert [d.organisation_id for d in done.added] == [japan, china]
        assert done.already_present == ["RTC Korea"]
    with database.read() as s:
        assert count_rows(s, Delegation, Delegation.meeting_id == meeting) == 3
        assert organisation_choice(s, china).name == "RTC China"


def test_a_delegation_needs_an_existing_meeting_and_organisation(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        with pytest.raises(NotFoundError, match="This organisation is no longer on record"):
            add_delegation(s, meeting, 5555)
        with pytest.raises(NotFoundError, match="This meeting is no longer on record"):
            add_delegation(s, 6666, org_id(s, "Japan Customs"))


def test_a_person_takes_part_once_per_meeting(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        person = make_person(s, "Kang", "Taeil").id
        make_participant(s, meeting, person)
    with database.write() as s, pytest.raises(ValidationError) as refused:
        make_participant(s, meeting, person, role=ParticipantRole.SPEAKER)
    assert refused.value.for_field("Person") == "is already a participant of this meeting"
    with database.read() as s:
        assert count_rows(s, Participation) == 1


def test_a_participant_must_be_an_existing_person(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        with pytest.raises(ValidationError) as refused:
            make_participant(s, meeting, 4321)
    assert refused.value.for_field("Person") == "the chosen person is no longer on record"


def test_the_delegation_must_belong_to_the_meeting(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        other = make_meeting(s, "Another meeting").id
        foreign = add_delegation(s, other, org_id(s, "Japan Customs")).id
        person = make_person(s, "Aoyama").id
        with pytest.raises(ValidationError) as refused:
            make_participant(s, meeting, person, delegation_id=foreign)
        assert refused.value.for_field("Delegation") == "is not a delegation of this meeting"
        participation = make_participant(s, meeting, person)
        data = ParticipationData(person_id=person, delegation_id=foreign)
        with pytest.raises(ValidationError):
            update_participant(s, participation.id, data, expected_version=None)
    with database.read() as s:
        stored = s.get(Participation, participation.id)
        assert stored is not None
        assert stored.delegation_id is None


def test_update_participant_changes_role_mode_and_status(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        person = make_person(s, "Kang", "Taeil").id
        ident = make_participant(s, meeting, person).id
    with database.write() as s:
        update_participant(
            s,
            ident,
            ParticipationData(
                person_id=person,
                role=ParticipantRole.SPEAKER,
                attendance_mode=VIRTUAL,
                status=CONFIRMED,
                notes="Joins from Seoul",
            ),
            expected_version=1,
        )
    with database.read() as s:
        stored = s.get(Participation, ident)
        assert stored is not None
        assert (stored.role, stored.attendance_mode, stored.status, stored.notes) == (
            ParticipantRole.SPEAKER,
            VIRTUAL,
            CONFIRMED,
            "Joins from Seoul",
        )


def _japan_delegation(s: Session) -> tuple[int, int, int, int]:
    meeting = make_meeting(s).id
    delegation = add_delegation(s, meeting, org_id(s, "Japan Customs")).id
    first = make_person(s, "Aoyama", "Shigetoshi", name_order=NameOrder.FAMILY_FIRST).id
    second = make_person(s, "Yamada", "Taro", name_order=NameOrder.FAMILY_FIRST).id
    for person in (first, second):
        make_participant(s, meeting, person, delegation_id=delegation)
    return meeting, delegation, first, second


def test_head_of_delegation_must_be_in_the_delegation(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, _ = _japan_delegation(s)
        outsider = make_person(s, "Kang", "Taeil").id
        make_participant(s, meeting, outsider)
        with pytest.raises(ValidationError) as refused:
            set_delegation_head(s, delegation, outsider, expected_version=None)
    assert refused.value.for_field("Head of delegation") == (
        "must be a participant of this delegation"
    )


def test_head_of_delegation_gets_the_role_and_is_listed(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, yamada = _japan_delegation(s)
        set_delegation_head(s, delegation, yamada, expected_version=1)
    with database.read() as s:
        [row] = list_delegations(s, meeting)
        assert (row.head_person_id, row.head_name, row.participant_count) == (
            yamada,
            "YAMADA Taro",
            2,
        )
        participants = list_participants(s, meeting)
        assert [(p.family_name, p.is_head, p.role) for p in participants] == [
            ("Yamada", True, ParticipantRole.HEAD_OF_DELEGATION),
            ("Aoyama", False, ParticipantRole.DELEGATE),
        ]


def test_changing_the_head_leaves_one_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, aoyama, yamada = _japan_delegation(s)
        set_delegation_head(s, delegation, yamada, expected_version=None)
        set_delegation_head(s, delegation, aoyama, expected_version=None)
    with database.read() as s:
        heads = [p.family_name for p in list_participants(s, meeting) if p.is_head]
        assert heads == ["Aoyama"]
        roles = {p.family_name: p.role for p in list_participants(s, meeting)}
        assert roles["Aoyama"] is ParticipantRole.HEAD_OF_DELEGATION
        assert roles["Yamada"] is not ParticipantRole.HEAD_OF_DELEGATION


def test_clearing_the_head_leaves_no_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, yamada = _japan_delegation(s)
        set_delegation_head(s, delegation, yamada, expected_version=None)
        set_delegation_head(s, delegation, None, expected_version=None)
    with database.read() as s:
        assert [p.family_name for p in list_participants(s, meeting) if p.is_head] == []
        [row] = list_delegations(s, meeting)
        assert row.head_person_id is None


def test_removing_the_head_unlinks_the_delegation_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, yamada = _japan_delegation(s)
        set_delegation_head(s, delegation, yamada, expected_version=None)
        ident = next(p.id for p in list_participants(s, meeting) if p.person_id == yamada)
    with database.write() as s:
        remove_participant(s, ident, expected_version=None)
    with database.read() as s:
        [row] = list_delegations(s, meeting)
        assert (row.head_person_id, row.participant_count) == (None, 1)
        assert [p.family_name for p in list_participants(s, meeting)] == ["Aoyama"]


def test_deleting_a_delegation_keeps_its_participants(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, _ = _japan_delegation(s)
    with database.write() as s:
        assert delete_delegation(s, delegation, expected_version=None) == 2
    with database.read() as s:
        rows = list_participants(s, meeting)
        assert [(r.family_name, r.delegation_id) for r in rows] == [
            ("Aoyama", None),
            ("Yamada", None),
        ]
        assert list_delegations(s, meeting) == []


def test_set_status_returns_how_many_changed(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        ids = [
            make_participant(s, meeting, make_person(s, f"P{i}").id, status=status).id
            for i, status in enumerate([INVITED, CONFIRMED, ATTENDED, INVITED])
        ]
    with database.write() as s:
        assert set_status(s, ids[:3], ATTENDED) == 2
    with database.write() as s:
        assert set_status(s, ids[:3], ATTENDED) == 0
    with database.read() as s:
        assert [s.get(Participation, i).status for i in ids] == [  # type: ignore[union-attr]
            ATTENDED,
            ATTENDED,
            ATTENDED,
            INVITED,
        ]


def test_set_status_with_a_vanished_participant_changes_nothing(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        ident = make_participant(s, meeting, make_person(s, "Kang").id).id
    with database.write() as s, pytest.raises(ConflictError, match="1 of the chosen participants"):
        set_status(s, [ident, 999], CONFIRMED)
    with database.read() as s:
        assert s.get(Participation, ident).status is INVITED  # type: ignore[union-attr]


@pytest.fixture
def full_meeting(database: Database) -> int:
    """A meeting with one delegation of every kind (added in a scrambled order),
    a partner, and two people without a delegation."""
    with database.write() as s:
        meeting = make_meeting(s).id
        partner = make_organisation(s, "Asian Development Bank").id
        layout = [
            ("Japan Customs", [("Tanaka", False), ("Yamada", True), ("Aoyama", False)]),
            (partner, [("Smith", False)]),
            ("RTC Korea", [("Kang", False)]),
            ("Australian Border Force", [("Outram", True)]),
            ("RTC Fiji", [("Naidu", False)]),
            ("Regional Intelligence Liaison Office for Asia and the Pacific", [("Lee", False)]),
            ("Regional Office for Capacity Building Asia/Pacific", [("Zhang", False)]),
            ("Asia/Pacific Vice-Chair's Office", [("Brown", False)]),
            ("WCO Secretariat", [("Mikuriya", False), ("Alvarez", True)]),
        ]
        for org, members in layout:
            organisation = org if isinstance(org, int) else org_id(s, org)
            delegation = add_delegation(s, meeting, organisation).id
            for family, head in members:
                person = make_person(s, family).id
                make_participant(s, meeting, person, delegation_id=delegation)
                if head:
                    set_delegation_head(s, delegation, person, expected_version=None)
        for family in ("Wilson", "Adams"):
            make_participant(s, meeting, make_person(s, family).id)
        return meeting


def test_participants_are_listed_in_protocol_order(database: Database, full_meeting: int) -> None:
    with database.read() as s:
        rows = list_participants(s, full_meeting)
    assert [(r.delegation_name, r.family_name) for r in rows] == [
        ("WCO Secretariat", "Alvarez"),
        ("WCO Secretariat", "Mikuriya"),
        ("Asia/Pacific Vice-Chair's Office", "Brown"),
        ("Regional Office for Capacity Building Asia/Pacific", "Zhang"),
        ("Regional Intelligence Liaison Office for Asia and the Pacific", "Lee"),
        ("RTC Fiji", "Naidu"),
        ("RTC Korea", "Kang"),
        ("Australian Border Force", "Outram"),
        ("Japan Customs", "Yamada"),
        ("Japan Customs", "Aoyama"),
        ("Japan Customs", "Tanaka"),
        ("Asian Development Bank", "Smith"),
        (None, "Adams"),
        (None, "Wilson"),
    ]
    assert [r.family_name for r in rows if r.is_head] == ["Alvarez", "Outram", "Yamada"]


def test_delegations_are_listed_in_protocol_order(database: Database, full_meeting: int) -> None:
    with database.read() as s:
        rows = list_delegations(s, full_meeting)
    assert [(r.organisation_kind, r.organisation_name, r.participant_count) for r in rows] == [
        (OrganisationKind.WCO_SECRETARIAT, "WCO Secretariat", 2),
        (OrganisationKind.VICE_CHAIR_OFFICE, "Asia/Pacific Vice-Chair's Office", 1),
        (OrganisationKind.ROCB, "Regional Office for Capacity Building Asia/Pacific", 1),
        (OrganisationKind.RILO, "Regional Intelligence Liaison Office for Asia and the Pacific", 1),
        (OrganisationKind.RTC, "RTC Fiji", 1),
        (OrganisationKind.RTC, "RTC Korea", 1),
        (OrganisationKind.MEMBER_ADMINISTRATION, "Australian Border Force", 1),
        (OrganisationKind.MEMBER_ADMINISTRATION, "Japan Customs", 3),
        (OrganisationKind.PARTNER, "Asian Development Bank", 1),
    ]


def test_list_participants_filters_by_status(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        for family, status in [("A", ATTENDED), ("B", NO_SHOW), ("C", ATTENDED), ("D", INVITED)]:
            make_participant(s, meeting, make_person(s, family).id, status=status)
    with database.read() as s:
        rows = list_participants(s, meeting, statuses=[ATTENDED, INVITED])
    assert [r.family_name for r in rows] == ["A", "C", "D"]


def test_participation_counts_match_a_hand_count(database: Database) -> None:
    female, male, unstated = Gender.FEMALE, Gender.MALE, Gender.UNSPECIFIED
    # (delegation, gender, mode, status) for eleven participants.
    table = [
        ("Japan Customs", male, IN_PERSON, ATTENDED),
        ("Japan Customs", female, IN_PERSON, ATTENDED),
        ("Japan Customs", female, VIRTUAL, ATTENDED),
        ("Japan Customs", male, IN_PERSON, NO_SHOW),
        ("RTC Korea", male, VIRTUAL, ATTENDED),
        ("RTC Korea", female, VIRTUAL, CANCELLED),
        ("WCO Secretariat", female, IN_PERSON, ATTENDED),
        ("WCO Secretariat", unstated, IN_PERSON, CONFIRMED),
        (None, male, VIRTUAL, ATTENDED),
        (None, unstated, IN_PERSON, INVITED),
        (None, female, IN_PERSON, ATTENDED),
    ]
    with database.write() as s:
        meeting = make_meeting(s).id
        elsewhere = make_meeting(s, "Another meeting").id
        delegations: dict[str, int] = {}
        for i, (org, gender, mode, status) in enumerate(table):
            if org is not None and org not in delegations:
                delegations[org] = add_delegation(s, meeting, org_id(s, org)).id
            person = make_person(s, f"Person{i}", gender=gender).id
            make_participant(
                s,
                meeting,
                person,
                delegation_id=delegations.get(org) if org else None,
                attendance_mode=mode,
                status=status,
            )
        make_participant(s, elsewhere, make_person(s, "Elsewhere", gender=male).id)
    with database.read() as s:
        counts = participation_counts(s, meeting)
        attended = participation_counts(s, meeting, statuses=[ATTENDED])
    assert counts.total == 11
    assert counts.by_status == {ATTENDED: 7, NO_SHOW: 1, CANCELLED: 1, CONFIRMED: 1, INVITED: 1}
    assert counts.by_mode == {IN_PERSON: 7, VIRTUAL: 4}
    assert counts.by_gender == {male: 4, female: 5, unstated: 2}
    assert counts.by_delegation == {
        "Japan Customs": 4,
        "RTC Korea": 2,
        "WCO Secretariat": 2,
        "(no delegation)": 3,
    }
    assert attended.total == 7
    assert attended.by_mode == {IN_PERSON: 4, VIRTUAL: 3}
    assert attended.by_gender == {male: 3, female: 4}
    assert attended.by_delegation == {
        "Japan Customs": 3,
        "RTC Korea": 1,
        "WCO Secretariat": 1,
        "(no delegation)": 2,
    }


def test_adding_a_participant_to_a_missing_meeting_says_so(database: Database) -> None:
    with database.write() as s:
        person = make_person(s, "Kang").id
        with pytest.raises(NotFoundError):
            add_participant(s, 31337, ParticipationData(person_id=person))


def test_moving_the_head_out_of_the_delegation_unlinks_the_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, _, yamada = _japan_delegation(s)
        set_delegation_head(s, delegation, yamada, expected_version=None)
        ident = next(p.id for p in list_participants(s, meeting) if p.person_id == yamada)
    with database.write() as s:
        update_participant(
            s,
            ident,
            ParticipationData(person_id=yamada, role=ParticipantRole.OBSERVER),
            expected_version=None,
        )
    with database.read() as s:
        [row] = list_delegations(s, meeting)
        assert (row.head_person_id, row.participant_count) == (None, 1)
        assert [p.family_name for p in list_participants(s, meeting) if p.is_head] == []


HEAD = ParticipantRole.HEAD_OF_DELEGATION


def test_a_participant_added_as_head_becomes_the_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, aoyama, _ = _japan_delegation(s)
        set_delegation_head(s, delegation, aoyama, expected_version=None)
        newcomer = make_person(s, "Suzuki", "Kenta").id
        make_participant(s, meeting, newcomer, delegation_id=delegation, role=HEAD)
    with database.read() as s:
        [row] = list_delegations(s, meeting)
        assert row.head_person_id == newcomer
        roles = {p.family_name: p.role for p in list_participants(s, meeting)}
    delegate = ParticipantRole.DELEGATE
    assert roles == {"Suzuki": HEAD, "Aoyama": delegate, "Yamada": delegate}


def test_taking_and_giving_up_the_head_role_moves_the_delegation_head(database: Database) -> None:
    with database.write() as s:
        meeting, delegation, aoyama, _ = _japan_delegation(s)
        ident = next(p.id for p in list_participants(s, meeting) if p.person_id == aoyama)
    with database.write() as s:
        data = ParticipationData(person_id=aoyama, delegation_id=delegation, role=HEAD)
        update_participant(s, ident, data, expected_version=1)
    with database.read() as s:
        assert list_delegations(s, meeting)[0].head_person_id == aoyama
    with database.write() as s:
        data.role = ParticipantRole.SPEAKER
        update_participant(s, ident, data, expected_version=None)
    with database.read() as s:
        assert list_delegations(s, meeting)[0].head_person_id is None
        assert [p.family_name for p in list_participants(s, meeting) if p.is_head] == []


def test_delegation_candidates_leave_out_those_already_there(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        add_delegation(s, meeting, org_id(s, "RTC Japan"))
    with database.read() as s:
        japan = [c.name for c in delegation_candidates(s, meeting, "japan")]
        by_short_name = [c.name for c in delegation_candidates(s, meeting, "rocb a/p")]
        by_economy = {c.name for c in delegation_candidates(s, meeting, "korea")}
        few = delegation_candidates(s, meeting, "", limit=3)
    assert "RTC Japan" not in japan
    assert "Japan Customs" in japan
    assert by_short_name == ["Regional Office for Capacity Building Asia/Pacific"]
    assert "RTC Korea" in by_economy
    assert len(few) == 3
    assert [c.name for c in few] == sorted((c.name for c in few), key=str.casefold)


def test_travel_dates_are_kept_and_checked(database: Database) -> None:
    from datetime import date

    from rtcdesk.errors import ValidationError
    from rtcdesk.services.participants import (
        ParticipationData,
        add_participant,
        list_participants,
        update_participant,
    )

    with database.write() as s:
        meeting = make_meeting(s).id
        person = make_person(s, "Traveller").id
        added = add_participant(
            s,
            meeting,
            ParticipationData(
                person, arrival_date=date(2023, 11, 13), departure_date=date(2023, 11, 17)
            ),
        )
        ident, version = added.id, added.version
    with database.read() as s:
        (row,) = list_participants(s, meeting)
    assert (row.arrival_date, row.departure_date) == (date(2023, 11, 13), date(2023, 11, 17))
    with database.write() as s, pytest.raises(ValidationError) as refused:
        update_participant(
            s,
            ident,
            ParticipationData(
                person, arrival_date=date(2023, 11, 17), departure_date=date(2023, 11, 13)
            ),
            version,
        )
    assert refused.value.for_field("Departure") == "is before the arrival"


def test_save_adds_then_updates_a_participant_and_gives_them_back_as_listed(
    database: Database,
) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        japan = add_delegation(s, meeting, org_id(s, "Japan Customs")).id
        person = make_person(s, "Aoyama", "Shigetoshi", name_order=NameOrder.FAMILY_FIRST).id
        make_participant(s, meeting, make_person(s, "Kang", "Taeil").id)
    with database.write() as s:
        added = save_participant(s, meeting, None, ParticipationData(person, japan), None)
    assert (added.display_name, added.delegation_name, added.status, added.version) == (
        "AOYAMA Shigetoshi",
        "Japan Customs",
        INVITED,
        1,
    )
    confirmed = ParticipationData(person, japan, status=CONFIRMED, attendance_mode=VIRTUAL)
    with database.write() as s:
        saved = save_participant(s, meeting, added.id, confirmed, added.version)
    assert (saved.id, saved.status, saved.attendance_mode, saved.version) == (
        added.id,
        CONFIRMED,
        VIRTUAL,
        2,
    )
    with database.read() as s:
        assert [(p.display_name, p.status) for p in list_participants(s, meeting)] == [
            ("AOYAMA Shigetoshi", CONFIRMED),
            ("Taeil KANG", INVITED),
        ]


def test_save_refuses_a_participant_changed_since_the_dialog_opened(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        person = make_person(s, "Kang", "Taeil").id
        added = save_participant(s, meeting, None, ParticipationData(person), None)
    with database.write() as s:
        save_participant(s, meeting, added.id, ParticipationData(person, status=CONFIRMED), 1)
    with database.write() as s, pytest.raises(StaleEditError):
        save_participant(s, meeting, added.id, ParticipationData(person, status=CANCELLED), 1)
    with database.read() as s:
        [row] = list_participants(s, meeting)
        assert (row.status, row.version) == (CONFIRMED, 2)


def test_save_of_a_removed_participant_says_so_and_stores_nothing(database: Database) -> None:
    with database.write() as s:
        meeting = make_meeting(s).id
        person = make_person(s, "Kang", "Taeil").id
        added = save_participant(s, meeting, None, ParticipationData(person), None)
    with database.write() as s:
        remove_participant(s, added.id, added.version)
    with database.write() as s, pytest.raises(NotFoundError) as gone:
        save_participant(s, meeting, added.id, ParticipationData(person, status=CONFIRMED), 1)
    assert "no longer on record" in str(gone.value)
    with database.read() as s:
        assert count_rows(s, Participation) == 0
