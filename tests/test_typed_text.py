"""The one rule for typed and imported text (issue 13, hole 8)."""

from __future__ import annotations

import pytest

from rtcdesk.db.search_text import fold
from rtcdesk.typed_text import clean_text, email_key, without_invisible


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("THREE\ufeff", "THREE"),  # a byte-order mark at the end of a cell
        ("\ufeffTHREE", "THREE"),
        ("Ken\u200bji", "Kenji"),  # a zero-width space from a web form
        ("\u202eDEMHA\u202c", "DEMHA"),  # a right-to-left override: shown reversed, stored plain
        ("\u200fمحمد\u200f", "محمد"),  # right-to-left marks around an Arabic name
        ("\u2067שרה\u2069", "שרה"),  # isolates
        ("Nguye\u0302\u0303n", "Nguyễn"),  # combining marks composed (NFC)
        ("  AOYAMA \u00a0 Shigetoshi\t", "AOYAMA Shigetoshi"),  # spaces of every kind collapsed
        ("陳\u3000家明", "陳 家明"),  # an ideographic space
        ("Soft\u00adhyphen", "Softhyphen"),
        ("-", "-"),
        ("+81 3 1234 5678", "+81 3 1234 5678"),
        ("", ""),
        (None, ""),
    ],
)
def test_one_line_text_is_cleaned(typed: str | None, kept: str) -> None:
    assert clean_text(typed) == kept


def test_joiners_inside_a_word_are_letters_and_at_its_edges_nothing() -> None:
    # Persian: the zero-width non-joiner separates "mi" from the verb.
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"
    # Sinhala and emoji use the zero-width joiner inside a cluster.
    assert clean_text("ශ්\u200dරී") == "ශ්\u200dරී"
    assert clean_text("\u200dAli\u200c Khan\u200d") == "Ali Khan"


def test_multi_line_text_keeps_its_lines() -> None:
    typed = "\r\n  First point:\u200b  arrive  early \r\n\r\nSecond\tpoint\n\n"
    assert clean_text(typed, multiline=True) == "First point: arrive early\n\nSecond point"


def test_matching_folds_by_the_same_rule() -> None:
    assert fold("THREE\ufeff") == fold("three") == "three"
    assert fold("\u202eÉlodie") == "elodie"
    assert without_invisible("plain ascii") == "plain ascii"


def test_an_e_mail_address_is_one_key_whatever_its_case_and_marks() -> None:
    assert email_key(" Elodie.Martin@Customs.FR\u200b ") == "elodie.martin@customs.fr"
    assert email_key("STRASSE@zoll.example") == email_key("strasse@ZOLL.example")
    assert email_key("") is None
    assert email_key("\ufeff") is None
