"""History: who created, changed or deleted which record and when; deleted
records found again; nothing recorded for a save that was rolled back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from factories import RTC_HEADS, count_rows, make_meeting, make_organisation, make_person, org_id
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import HistoryEntry
from rtcdesk.errors import ValidationError
from rtcdesk.services.history import (
    HistoryItem,
    current_user,
    deleted_records,
    forget,
    history_details,
    login_name,
    recent_history,
    record_history,
    set_user_name,
)
from rtcdesk.services.meetings import delete_meeting, get_meeting, meeting_data, update_meeting
from rtcdesk.services.organisations import delete_organisation
from rtcdesk.services.people import (
    PersonData,
    delete_person,
    get_person,
    person_data,
    update_person,
)
from rtcdesk.services.surveys import (
    QuestionData,
    SurveyData,
    add_question,
    add_recipient,
    create_survey,
    delete_survey,
    record_response,
)
from rtcdesk.vocabulary import (
    Gender,
    HistoryAction,
    MeetingStatus,
    NameOrder,
    OrganisationKind,
    QuestionKind,
)

CREATED, CHANGED, DELETED = HistoryAction.CREATED, HistoryAction.CHANGED, HistoryAction.DELETED


@pytest.fixture(autouse=True)
def coordinator() -> Iterator[str]:
    """Changes in these tests are made by a configured name, as in the app."""
    set_user_name("Kenji SATO")
    yield "Kenji SATO"
    set_user_name("")


def aoyama(japan: int, **fields: object) -> PersonData:
    values: dict[str, object] = {
        "family_name": "Aoyama",
        "given_name": "Shigetoshi",
        "title": "Mr.",
        "name_order": NameOrder.FAMILY_FIRST,
        "position": "Director, RTC Japan",
        "organisation_id": japan,
        "gender": Gender.MALE,
        **fields,
    }
    return PersonData(**values)  # type: ignore[arg-type]


def changes_of(s: Session, item: HistoryItem) -> dict[str, tuple[object, object]]:
    return {c.label: (c.old, c.new) for c in history_details(s, item.id).changes}


def test_a_person_created_changed_and_deleted_is_recorded_with_who_and_when(
    database: Database,
) -> None:
    started = datetime.now(UTC)
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        korea = org_id(s, "Korea Customs Service")
        ident = make_person(s, **vars(aoyama(japan))).id
    with database.write() as s:
        update_person(s, ident, aoyama(korea, position="Managing Director"), None)
    set_user_name("Maria  Santos ")
    with database.write() as s:
        delete_person(s, ident, None)
    finished = datetime.now(UTC)

    with database.read() as s:
        history = record_history(s, "people", ident)
        assert [(h.action, h.user_name) for h in history] == [
            (DELETED, "Maria Santos"),
            (CHANGED, "Kenji SATO"),
            (CREATED, "Kenji SATO"),
        ]
        assert all(h.label == "Mr. AOYAMA Shigetoshi" for h in history)
        assert all(h.kind == "person" for h in history)
        assert all(started <= h.at <= finished for h in history)
        assert history[0].at >= history[1].at >= history[2].at

        deleted, changed, created = history
        assert changes_of(s, changed) == {
            "Position": ("Director, RTC Japan", "Managing Director"),
            "Organisation": ("Japan Customs", "Korea Customs Service"),
        }
        assert changes_of(s, created) == {
            "Title": (None, "Mr."),
            "Given name": (None, "Shigetoshi"),
            "Family name": (None, "Aoyama"),
            "Name order": (None, NameOrder.FAMILY_FIRST),
            "Position": (None, "Director, RTC Japan"),
            "Organisation": (None, "Japan Customs"),
            "Gender": (None, Gender.MALE),
        }
        # The deleted person can be found by name and read back as last saved.
        found = deleted_records(s, text="aoyama")
        assert [f.id for f in found] == [deleted.id]
        last = changes_of(s, found[0])
        assert last["Family name"] == ("Aoyama", None)
        assert last["Position"] == ("Managing Director", None)
        assert last["Organisation"] == ("Korea Customs Service", None)


def test_a_save_that_changes_nothing_records_nothing(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Chan", "Wai Man").id
    with database.write() as s:
        update_person(s, ident, person_data(get_person(s, ident)), None)
    with database.read() as s:
        assert [h.action for h in record_history(s, "people", ident)] == [CREATED]


def test_one_save_that_flushes_twice_reads_as_one_change(database: Database) -> None:
    with database.write() as s:
        ident = make_person(s, "Chan", "Wai Man", position="Officer").id
    with database.write() as s:
        update_person(s, ident, PersonData("Chan", "Wai Man", position="Manager"), None)
        update_person(s, ident, PersonData("Chan", "Wai-man", position="Director"), None)
    with database.write() as s:
        update_person(s, ident, PersonData("Chan", "Wai-man", position="Acting"), None)
        update_person(s, ident, PersonData("Chan", "Wai-man", position="Director"), None)
    with database.read() as s:
        changed, created = record_history(s, "people", ident)
        assert changes_of(s, changed) == {
            "Given name": ("Wai Man", "Wai-man"),
            "Position": ("Officer", "Director"),
        }
        assert changed.label == "Wai-man CHAN"
        assert created.action is CREATED


def test_a_rolled_back_save_leaves_no_history(database: Database) -> None:
    with database.read() as s:
        before = count_rows(s, HistoryEntry)

    def save_then_crash() -> None:
        with database.write() as s:
            ident = make_person(s, "Kang", "Taeil").id
            update_person(s, ident, PersonData(family_name="Kang", given_name="Tae-il"), None)
            # Written in the transaction; one save reads as one entry.
            assert [h.label for h in record_history(s, "people", ident)] == ["Tae-il KANG"]
            raise RuntimeError("power cut")

    def save_refused() -> None:
        with database.write() as s:
            make_person(s, "Lim", "Siew Ling")
            make_person(s, "")  # refused: the whole save goes

    with pytest.raises(RuntimeError):
        save_then_crash()
    with pytest.raises(ValidationError):
        save_refused()
    with database.read() as s:
        assert count_rows(s, HistoryEntry) == before
        assert recent_history(s, text="kang") == []
        assert recent_history(s, text="lim") == []


def test_a_meeting_changed_with_its_co_organisers_and_dates_then_deleted(
    database: Database,
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        wco = org_id(s, "WCO Secretariat")
        ident = make_meeting(
            s, series=RTC_HEADS, ordinal=21, host_organisation_id=japan, co_organiser_ids=[rocb]
        ).id
    with database.write() as s:
        data = meeting_data(get_meeting(s, ident))
        data.co_organiser_ids = [rocb, wco]
        data.start_date, data.end_date = date(2023, 11, 15), date(2023, 11, 17)
        data.status = MeetingStatus.HELD
        update_meeting(s, ident, data, None)
    with database.write() as s:
        delete_meeting(s, ident, None)

    with database.read() as s:
        deleted, changed, created = record_history(s, "meetings", ident)
        assert changed.label == "21st RTC Heads Meeting"
        assert changes_of(s, changed) == {
            "Start date": (date(2023, 11, 14), date(2023, 11, 15)),
            "End date": (date(2023, 11, 16), date(2023, 11, 17)),
            "Status": (MeetingStatus.PLANNED, MeetingStatus.HELD),
            "Co-organisers": (
                ["Regional Office for Capacity Building Asia/Pacific"],
                ["Regional Office for Capacity Building Asia/Pacific", "WCO Secretariat"],
            ),
        }
        # Created with its co-organisers (set after a first flush): one entry.
        assert changes_of(s, created)["Host"] == (None, "Japan Customs")
        assert changes_of(s, created)["Co-organisers"] == (
            None,
            ["Regional Office for Capacity Building Asia/Pacific"],
        )
        assert deleted.action is DELETED
        last = changes_of(s, deleted)
        assert last["Title"] == ("RTC Heads Meeting", None)
        assert last["Start date"] == (date(2023, 11, 15), None)
        assert last["Co-organisers"][0] == [
            "Regional Office for Capacity Building Asia/Pacific",
            "WCO Secretariat",
        ]
        assert [d.label for d in deleted_records(s, record_type="meetings")] == [
            "21st RTC Heads Meeting"
        ]


def test_the_order_of_co_organisers_is_recorded(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        rocb = org_id(s, "Regional Office for Capacity Building Asia/Pacific")
        ident = make_meeting(s, co_organiser_ids=[rocb, japan]).id
    with database.write() as s:
        data = meeting_data(get_meeting(s, ident))
        data.co_organiser_ids = [japan, rocb]
        update_meeting(s, ident, data, None)

    with database.read() as s:
        changed, created = record_history(s, "meetings", ident)
        rocb_name = "Regional Office for Capacity Building Asia/Pacific"
        assert changes_of(s, created)["Co-organisers"] == (None, [rocb_name, "Japan Customs"])
        assert changes_of(s, changed) == {
            "Co-organisers": ([rocb_name, "Japan Customs"], ["Japan Customs", rocb_name])
        }


def _organisation(s: Session) -> tuple[str, int, str]:
    name = "Pacific Islands Forum"
    return "organisations", make_organisation(s, name).id, name


def _person(s: Session) -> tuple[str, int, str]:
    ident = make_person(s, "Ismail", "Siti Aminah", title="Ms.").id
    return "people", ident, "Ms. Siti Aminah ISMAIL"


def _meeting(s: Session) -> tuple[str, int, str]:
    return "meetings", make_meeting(s, "Regional workshop on AEO").id, "Regional workshop on AEO"


def _survey(s: Session) -> tuple[str, int, str]:
    return "surveys", create_survey(s, SurveyData("Follow-up 2024")).id, "Follow-up 2024"


DELETERS: dict[str, Callable[[Session, int, int | None], object]] = {
    "organisations": delete_organisation,
    "people": delete_person,
    "meetings": delete_meeting,
    "surveys": delete_survey,
}


@pytest.mark.parametrize("make", [_organisation, _person, _meeting, _survey])
def test_every_kind_of_deletion_a_coordinator_makes_is_found_again(
    database: Database, make: Callable[[Session], tuple[str, int, str]]
) -> None:
    with database.write() as s:
        table, ident, label = make(s)
    with database.write() as s:
        DELETERS[table](s, ident, None)
    with database.read() as s:
        found = deleted_records(s, record_type=table)
        assert [(f.record_id, f.label, f.user_name) for f in found] == [
            (ident, label, "Kenji SATO")
        ]
        assert history_details(s, found[0].id).changes  # its last values are there


def test_survey_answers_given_changed_and_cleared(database: Database) -> None:
    with database.write() as s:
        survey = create_survey(s, SurveyData("Follow-up 2024")).id
        reached = add_question(
            s, survey, QuestionData("reached", QuestionKind.NUMBER, "How many officers?")
        ).id
        story = add_question(
            s, survey, QuestionData("story", QuestionKind.TEXT, "What changed?")
        ).id
        person = make_person(s, "Kang", "Taeil", title="Mr.").id
        recipient = add_recipient(s, survey, person).id
    with database.write() as s:
        record_response(s, recipient, {reached: "120", story: "Two courses"})
    with database.write() as s:
        record_response(s, recipient, {reached: "150", story: ""})

    with database.read() as s:
        answers = recent_history(s, record_type="survey_answers")
        assert [(a.action, a.label) for a in answers] == [
            (DELETED, "Mr. Taeil KANG — What changed? — Follow-up 2024"),
            (CHANGED, "Mr. Taeil KANG — How many officers? — Follow-up 2024"),
            (CREATED, "Mr. Taeil KANG — What changed? — Follow-up 2024"),
            (CREATED, "Mr. Taeil KANG — How many officers? — Follow-up 2024"),
        ]
        by_action = {a.action: a for a in answers if "officers" in a.label}
        assert changes_of(s, by_action[CHANGED])["Answer"] == (120, 150)
        cleared = next(a for a in answers if a.action is DELETED)
        assert changes_of(s, cleared)["Answer"] == ("Two courses", None)
        question = "Q2 What changed? — Follow-up 2024"  # as the form numbers it
        assert changes_of(s, cleared)["Question"] == (question, None)


def test_recent_history_filters_in_the_database(database: Database) -> None:
    with database.write() as s:
        elodie = make_person(s, "Dupont", "Élodie", title="Ms.").id
        make_person(s, "Outram", "Michael", title="Mr.")
        make_meeting(s, "Workshop on e-commerce")
    with database.write() as s:
        delete_person(s, elodie, None)
    with database.read() as s:
        assert [h.label for h in recent_history(s, text="ELODIE dupont")] == [
            "Ms. Élodie DUPONT",
            "Ms. Élodie DUPONT",
        ]
        assert {h.action for h in recent_history(s, text="élodie", action=DELETED)} == {DELETED}
        assert [h.label for h in recent_history(s, record_type="meetings")] == [
            "Workshop on e-commerce"
        ]
        # Who made the change is searchable too.
        assert len(recent_history(s, text="kenji", record_type="people")) == 3
        newest = recent_history(s, limit=2)
        assert len(newest) == 2
        assert newest[0].action is DELETED
        assert recent_history(s, text="nobody by this name") == []


def test_the_longest_names_still_save_and_are_found(database: Database) -> None:
    """Labels are cut to their column, also when folding lengthens them
    ("ﬃ" folds to "ffi")."""
    with database.write() as s:
        ident = make_person(s, "Ligature" + "ﬃ" * 112, "Ōtsuka" * 20, title="Prof.").id
    with database.read() as s:
        (created,) = record_history(s, "people", ident)
        assert len(created.label) <= 300
        assert created.label.startswith("Prof. Ōtsuka")
        assert created.label.endswith("…")
        assert [h.id for h in recent_history(s, text="otsuka")] == [created.id]


def test_a_new_record_that_takes_a_deleted_ones_id_starts_a_new_history(
    database: Database,
) -> None:
    """SQLite gives the next record the highest id again once it was deleted."""
    with database.write() as s:
        first = make_person(s, "Wongsawat", "Somchai").id
    with database.write() as s:
        delete_person(s, first, None)
    with database.write() as s:
        second = make_person(s, "Santoso", "Budi").id
    with database.read() as s:
        assert [(h.action, h.label) for h in record_history(s, "people", second)] == [
            (CREATED, "Budi SANTOSO")
        ]
        assert [h.label for h in deleted_records(s, text="wongsawat")] == ["Somchai WONGSAWAT"]


def test_forget_deletes_only_the_history_of_the_records_named(database: Database) -> None:
    with database.write() as s:
        kept = make_person(s, "Outram", "Michael").id
        erased = make_person(s, "Ismail", "Siti Aminah").id
    with database.write() as s:
        update_person(s, erased, PersonData(family_name="Ismail", given_name="Siti"), None)
    with database.write() as s:
        assert forget(s, "people", [erased, erased]) == 2
        assert forget(s, "people", []) == 0
        assert forget(s, "meetings", [kept]) == 0
    with database.read() as s:
        assert record_history(s, "people", erased) == []
        assert recent_history(s, text="ismail") == []
        assert [h.action for h in record_history(s, "people", kept)] == [CREATED]


def test_references_to_deleted_records_read_as_they_were_last_named(
    database: Database,
) -> None:
    with database.write() as s:
        forum = make_organisation(s, "Pacific Islands Forum", OrganisationKind.PARTNER).id
        person = make_person(s, "Tuilagi", "Sione", organisation_id=forum).id
    with database.write() as s:
        update_person(s, person, PersonData(family_name="Tuilagi", given_name="Sione"), None)
        delete_organisation(s, forum, None)
    with database.read() as s:
        changed = record_history(s, "people", person)[0]
        assert changes_of(s, changed) == {"Organisation": ("Pacific Islands Forum", None)}


def test_the_user_name_defaults_to_the_login_name() -> None:
    set_user_name("   ")
    assert current_user() == (login_name() or "unknown")
    set_user_name("A" * 500)
    assert current_user() == "A" * 200
