"""How names and meeting titles are written for people to read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from factories import make_person
from sqlalchemy import text

from rtcdesk.db.engine import Database
from rtcdesk.services.names import display_name, meeting_title, name_key, ordinal
from rtcdesk.services.people import get_person, list_people
from rtcdesk.vocabulary import NameOrder

FAMILY = NameOrder.FAMILY_FIRST
GIVEN = NameOrder.GIVEN_FIRST


@dataclass
class Name:
    family_name: str
    given_name: str = ""
    title: str = ""
    name_order: NameOrder = GIVEN
    post_nominals: str = ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (Name("Aoyama", "Shigetoshi", "Mr.", FAMILY), "Mr. AOYAMA Shigetoshi"),
        (Name("Outram", "Michael", "Mr.", GIVEN, "APM"), "Mr. Michael OUTRAM APM"),
        (Name("Kang", "Taeil", "Dr."), "Dr. Taeil KANG"),
        (Name("Kuramoto", "Norikazu", "Mr."), "Mr. Norikazu KURAMOTO"),
        (Name("Sukarno"), "SUKARNO"),
        (Name("Sukarno", title="Mr.", name_order=FAMILY), "Mr. SUKARNO"),
        (Name("青山", "茂俊", "Mr.", FAMILY), "Mr. 青山 茂俊"),
        (Name("김", "태일", "", FAMILY), "김 태일"),
        (Name("Lefèvre", "Élodie", "Ms."), "Ms. Élodie LEFÈVRE"),
        (Name("Đặng", "Thị Hồng", "Ms.", FAMILY), "Ms. ĐẶNG Thị Hồng"),
        (Name("  Aoyama ", " Shigetoshi  ", " Mr. ", FAMILY, " "), "Mr. AOYAMA Shigetoshi"),
        (Name("McDonald", "Ian", "", GIVEN, "OBE"), "Ian MCDONALD OBE"),
    ],
)
def test_display_name(name: Name, expected: str) -> None:
    assert display_name(name) == expected


def test_display_name_without_title() -> None:
    name = Name("Outram", "Michael", "Mr.", GIVEN, "APM")
    assert display_name(name, with_title=False) == "Michael OUTRAM APM"


def test_typed_case_is_stored_and_capitals_are_only_for_display(database: Database) -> None:
    with database.write() as s:
        person = make_person(
            s, "Aoyama", "Shigetoshi", title="Mr.", name_order=FAMILY, email="a@rtc.go.jp"
        )
        person_id = person.id
    with database.read() as s:
        stored = s.execute(
            text("SELECT family_name, given_name FROM people WHERE id = :id"), {"id": person_id}
        ).one()
        assert tuple(stored) == ("Aoyama", "Shigetoshi")
        assert display_name(get_person(s, person_id)) == "Mr. AOYAMA Shigetoshi"
        [row] = list_people(s, "aoyama")
        assert row.display_name == "Mr. AOYAMA Shigetoshi"
        assert (row.family_name, row.given_name) == ("Aoyama", "Shigetoshi")


def test_cjk_and_accented_names_survive_the_database(database: Database) -> None:
    with database.write() as s:
        cjk = make_person(s, "青山", "茂俊", name_order=FAMILY).id
        accented = make_person(s, "Lefèvre", "Élodie", title="Ms.").id
    with database.read() as s:
        assert display_name(get_person(s, cjk)) == "青山 茂俊"
        assert display_name(get_person(s, accented)) == "Ms. Élodie LEFÈVRE"
        assert get_person(s, accented).family_name == "Lefèvre"


def test_name_key_orders_by_family_then_given_name_ignoring_case_and_accents() -> None:
    names = [
        Name("kang", "Taeil"),
        Name("Lefèvre", "Élodie"),
        Name("Aoyama", "Shigetoshi"),
        Name("LEFEVRE", "Anne"),
        Name("KANG", "Minho"),
        Name("Lim", "Élise"),
        Name("Lim", "Eli"),
    ]
    ordered = sorted(names, key=name_key)
    assert [(n.family_name, n.given_name) for n in ordered] == [
        ("Aoyama", "Shigetoshi"),
        ("KANG", "Minho"),
        ("kang", "Taeil"),
        ("LEFEVRE", "Anne"),
        ("Lefèvre", "Élodie"),
        ("Lim", "Eli"),
        ("Lim", "Élise"),
    ]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (101, "101st"),
        (102, "102nd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (1001, "1001st"),
    ],
)
def test_ordinal(number: int, expected: str) -> None:
    assert ordinal(number) == expected


def test_meeting_title_puts_the_ordinal_in_front() -> None:
    assert meeting_title("RTC Heads Meeting", 21) == "21st RTC Heads Meeting"
    assert meeting_title("RTC Heads Meeting", 22) == "22nd RTC Heads Meeting"
    assert meeting_title("RTC Heads Meeting", 13) == "13th RTC Heads Meeting"


def test_meeting_title_without_ordinal_is_the_title() -> None:
    assert meeting_title("Regional Workshop on Customs Valuation", None) == (
        "Regional Workshop on Customs Valuation"
    )
