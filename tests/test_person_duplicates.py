"""Likely duplicates of a person about to be saved, and what differs between
two records about to be merged (issue 12)."""

from __future__ import annotations

from factories import make_person, org_id
from sqlalchemy import insert

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Person
from rtcdesk.db.search_text import fold
from rtcdesk.services.people import PersonData, get_person, search_people
from rtcdesk.services.person_duplicates import (
    likely_duplicate_pairs,
    likely_duplicates,
    merge_differences,
)
from rtcdesk.vocabulary import Gender


def reasons(database: Database, data: PersonData) -> list[str]:
    with database.read() as s:
        return [d.describe() for d in likely_duplicates(s, data)]


def test_the_same_name_in_another_order_is_caught(demo: Database) -> None:
    with demo.read() as s:
        korea = org_id(s, "RTC Korea")
    typed = PersonData(family_name="Jinho", given_name="PARK", organisation_id=korea)
    assert reasons(demo, typed) == ["Mr. PARK Jinho, RTC Korea: the same name, in another order"]
    same = PersonData(family_name="park", given_name="jinho")
    assert reasons(demo, same) == ["Mr. PARK Jinho, RTC Korea: the same name"]


def test_the_same_e_mail_address_comes_first(demo: Database) -> None:
    typed = PersonData(family_name="Someone", email="HIROSHI.TANAKA@rtc-japan.example")
    assert reasons(demo, typed) == ["Mr. TANAKA Hiroshi, RTC Japan: the same e-mail address"]


def test_a_near_name_at_the_same_organisation(demo: Database) -> None:
    with demo.read() as s:
        hong_kong = org_id(s, "RTC Hong Kong China")
    typed = PersonData(family_name="Chan", given_name="Kayan", organisation_id=hong_kong)
    assert reasons(demo, typed) == [
        "Ms. CHAN Ka-yan, RTC Hong Kong China: a near name at the same organisation"
    ]
    # The same near name elsewhere is someone else.
    assert reasons(demo, PersonData(family_name="Chan", given_name="Kayan")) == []


def test_accents_and_case_aside(database: Database) -> None:
    with database.write() as s:
        make_person(s, "Martin", "Élodie", email="")
    typed = PersonData(family_name="MARTIN", given_name="Elodie")
    assert reasons(database, typed) == ["Élodie MARTIN: the same name"]


def test_nobody_for_a_new_name(demo: Database) -> None:
    assert reasons(demo, PersonData(family_name="Nakamura", given_name="Yuki")) == []


def test_what_differs_between_two_records_to_merge(demo: Database) -> None:
    with demo.write() as s:
        liu = search_people(s, "LIU Fang")[0]
        zhang = search_people(s, "ZHANG Wei")[0]
        first, second = get_person(s, liu.id), get_person(s, zhang.id)
        first.gender, second.gender = Gender.FEMALE, Gender.MALE
        differences = merge_differences(first, second)
        twin = make_person(s, "Liu", "Fang", email="")
        assert merge_differences(first, twin) == []
    assert differences == [
        "the names differ: Ms. LIU Fang / Mr. ZHANG Wei",
        f"the e-mail addresses differ: {first.email} / {second.email}",
        "the gender differs",
    ]


def test_likely_duplicate_pairs_with_their_reason(demo: Database) -> None:
    with demo.write() as s:
        twin = make_person(s, "Jinho", "Park", email="")  # the order swapped
        tanaka = make_person(s, "TANAKA", "hiroshi", email="h.t@customs.example")
        # Two people of one address are refused now (issue 13); a database of
        # before migration 0006 may hold them, the later one without an email_key.
        mail_id = s.execute(
            insert(Person)
            .values(
                family_name="Someone",
                given_name="Else",
                email="WEI.ZHANG@rtc-china.example",
                email_key=None,
                search_text=fold("Else Someone WEI.ZHANG@rtc-china.example"),
            )
            .returning(Person.id)
        ).scalar_one()
        pairs = likely_duplicate_pairs(s)
    found = {(p.first.display_name, p.second.display_name, p.reason) for p in pairs}
    assert found == {
        ("Mr. PARK Jinho", "Park JINHO", "the same name, in another order"),
        ("Mr. TANAKA Hiroshi", "hiroshi TANAKA", "the same name"),
        ("Mr. ZHANG Wei", "Else SOMEONE", "the same e-mail address"),
    }
    assert {p.second.id for p in pairs} == {twin.id, tanaka.id, mail_id}
