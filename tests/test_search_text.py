"""Search ignores case and accents, keeps CJK, and treats wildcards literally."""

from __future__ import annotations

import pytest

from rtcdesk.db.engine import Database
from rtcdesk.db.search_text import fold
from rtcdesk.services.organisations import find_organisation, list_organisations
from rtcdesk.services.people import PersonData, create_person, list_people, update_person
from rtcdesk.vocabulary import NameOrder


@pytest.fixture
def people(database: Database) -> Database:
    japan = find_org_id(database, "Japan Customs")
    with database.write() as s:
        for data in [
            PersonData(
                "Aoyama", "Shigetoshi", "Mr.", NameOrder.FAMILY_FIRST, organisation_id=japan
            ),
            PersonData("Martin", "Élodie", "Ms.", email="e.martin@wco.example"),
            PersonData("陳", "家明", "Mr.", NameOrder.FAMILY_FIRST),
            PersonData("O'Neil", "Sean", email="sean_oneil@example.org"),
        ]:
            create_person(s, data)
    return database


def find_org_id(database: Database, name: str) -> int:
    with database.read() as s:
        org = find_organisation(s, name)
        assert org is not None
        return org.id


def names(database: Database, text: str) -> list[str]:
    with database.read() as s:
        return [p.display_name for p in list_people(s, text)]


def test_fold() -> None:
    assert fold("  Élodie   MARTIN ") == "elodie martin"
    assert fold("陳 家明") == "陳 家明"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("elodie", ["Ms. Élodie MARTIN"]),
        ("ÉLODIE", ["Ms. Élodie MARTIN"]),
        ("aoyama japan", ["Mr. AOYAMA Shigetoshi"]),
        ("japan shige", ["Mr. AOYAMA Shigetoshi"]),
        ("陳", ["Mr. 陳 家明"]),
        ("wco.example", ["Ms. Élodie MARTIN"]),
        ("o'neil", ["Sean O'NEIL"]),
    ],
)
def test_people_search(people: Database, typed: str, expected: list[str]) -> None:
    assert names(people, typed) == expected


def test_like_wildcards_are_literal(people: Database) -> None:
    assert names(people, "%") == []
    assert names(people, "sean_o") == ["Sean O'NEIL"]
    assert names(people, "seanxo") == []


def test_search_text_follows_edits(people: Database) -> None:
    with people.read() as s:
        (row,) = list_people(s, "elodie")
    with people.write() as s:
        update_person(s, row.id, PersonData("Lefèvre", "Élodie", "Dr."), None)
    assert names(people, "lefevre") == ["Dr. Élodie LEFÈVRE"]
    assert names(people, "martin") == []


def test_organisation_search_and_lookup_ignore_accents_and_case(database: Database) -> None:
    with database.read() as s:
        assert [o.name for o in list_organisations(s, "hong kong")] == [
            "Customs and Excise Department, Hong Kong China",
            "RTC Hong Kong China",
        ]
        found = find_organisation(s, "rocb a/p")
        assert found is not None
        assert found.name == "Regional Office for Capacity Building Asia/Pacific"


def test_fold_takes_marks_off_every_script_as_the_unicode_rule_says() -> None:
    """The cached translation table removes exactly the combining marks."""
    import random
    import unicodedata

    from rtcdesk.typed_text import without_invisible

    def by_the_rule(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", without_invisible(text))
        kept = "".join(c for c in decomposed if not unicodedata.combining(c))
        return " ".join(kept.casefold().split())

    rng = random.Random(14)
    texts = ["NGUYỄN Văn An", "Élodie", "ﬁ ＡＢＣ", "Straße", "สมชาย", "a\u200bb", " Tan  "]
    texts += ["".join(chr(rng.randrange(0x3000)) for _ in range(8)) for _ in range(5000)]
    for text in texts:
        assert fold(text) == by_the_rule(text), repr(text)
