"""The benchmarks' large database has the shape they promise (issue 14)."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from large_database import NAMES, Sizes, generate

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person, SurveyRecipient
from rtcdesk.db.search_text import fold
from rtcdesk.services.people import find_person_by_email, search_people


def script(text: str) -> str:
    name = unicodedata.name(text[0], "")
    for word in ("CJK", "HANGUL", "THAI", "HIRAGANA", "KATAKANA"):
        if word in name:
            return word
    return "LATIN"


def test_a_generated_database_has_the_promised_shape(tmp_path: Path) -> None:
    made = generate(tmp_path / "bench.sqlite", Sizes().scaled(2000), seed=7)
    database = Database(made.path)
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2000
        big = s.scalar(select(func.count()).where(Participation.meeting_id == made.big_meeting_id))
        assert big == 2000
        every = s.scalar(select(func.count()).select_from(Participation)) or 0
        assert 7_800 <= every <= 8_000
        assert s.scalar(select(func.count()).select_from(SurveyRecipient)) == 500
        names = s.execute(select(Person.family_name, Person.given_name, Person.email)).all()
        # The services find what the generator wrote, as if they had written it.
        first = names[0]
        assert find_person_by_email(s, first.email.upper()) is not None
        assert search_people(s, fold(first.given_name))
    database.dispose()
    scripts = Counter(script(family) for family, _, _ in names)
    assert set(scripts) == {"LATIN", "CJK", "HANGUL", "THAI"}
    assert scripts["LATIN"] > 800
    # About 2% typed again without case or accents, 1% a near name (one letter changed).
    retyped = [g for _, g, _ in names if g == g.lower() != g.upper()]
    assert 10 < len(retyped) < 100
    known = {f for families, _ in NAMES.values() for f in families}
    near = [f for f, _, _ in names if f not in known and fold(f).upper() not in known]
    assert 5 < len(near) < 60
    assert len({e for _, _, e in names}) == 2000  # one address each
