"""A name typed into a person picker, split to pre-fill the new person."""

from __future__ import annotations

import pytest

from rtcdesk.services.names import display_name
from rtcdesk.services.typed_names import person_from_typed
from rtcdesk.vocabulary import NameOrder

GIVEN, FAMILY = NameOrder.GIVEN_FIRST, NameOrder.FAMILY_FIRST


@pytest.mark.parametrize(
    ("typed", "given", "family", "order", "shown"),
    [
        ("Outram", "", "Outram", GIVEN, "OUTRAM"),
        ("Michael OUTRAM", "Michael", "OUTRAM", GIVEN, "Michael OUTRAM"),
        ("Michael Outram", "Michael", "Outram", GIVEN, "Michael OUTRAM"),
        ("Mr. Michael OUTRAM APM", "Michael", "OUTRAM", GIVEN, "Mr. Michael OUTRAM APM"),
        ("AOYAMA Shigetoshi", "Shigetoshi", "AOYAMA", FAMILY, "AOYAMA Shigetoshi"),
        ("Mary J Smith", "Mary J", "Smith", GIVEN, "Mary J SMITH"),
        ("  Élodie   MARTIN ", "Élodie", "MARTIN", GIVEN, "Élodie MARTIN"),
        ("", "", "", GIVEN, ""),
    ],
)
def test_the_family_name_is_the_word_in_capitals_else_the_last(
    typed: str, given: str, family: str, order: NameOrder, shown: str
) -> None:
    person = person_from_typed(typed)
    assert (person.given_name, person.family_name, person.name_order) == (given, family, order)
    assert display_name(person) == shown


def test_an_email_address_goes_to_the_email() -> None:
    person = person_from_typed("kaming.chen@rtc-hk.example")
    assert (person.family_name, person.email) == ("", "kaming.chen@rtc-hk.example")
