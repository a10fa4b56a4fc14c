"""A database the size of years of real use, for the benchmarks (issue 14).

    python benchmarks/large_database.py OUT.sqlite [--people 50000] [--participations 200000]

People have names in the region's scripts (Latin with and without accents,
Chinese, Japanese, Korean, Thai), each an e-mail address of their own; about
2% are the same person typed again (another case, the accents dropped) and
1% a near name (one letter changed), as registration lists bring them. There
are ``meetings`` meetings (200 by default): the first holds a quarter of the
participations (50,000 of 200,000: a regional e-learning course), the others
share the rest. One survey of ``recipients`` recipients (500) follows the
first meeting. Rows go in through SQLAlchemy Core in batches, with the
columns the ORM would fill (``search_text``, ``email_key``, ``family_key``), so that the
services see what they would have written themselves. The same seed gives
the same database.
"""

from __future__ import annotations

import argparse
import random
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    Meeting,
    Organisation,
    Participation,
    Person,
    Survey,
    SurveyRecipient,
)
from rtcdesk.db.search_text import fold
from rtcdesk.services.startup import open_database
from rtcdesk.typed_text import email_key
from rtcdesk.vocabulary import MeetingKind, MeetingMode

BATCH = 5_000

#: (family names, given names, romanised for the address) per script.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "latin": (
        ["SANTOS", "REYES", "NGUYỄN", "TRẦN", "SIRIWARDENA", "PERERA", "KHAN", "AHMED",
         "WIJAYA", "SUSANTO", "TAUFA", "FIFITA", "SINGH", "SHARMA", "MARTIN", "DUBOIS",
         "O'BRIEN", "MÜLLER", "JOHANSSON", "RAHMAN", "HOSSAIN", "TAN", "LIM", "BAKER"],
        ["Maria", "José", "Văn An", "Thị Hương", "Nimal", "Ayesha", "Budi", "Siti Aminah",
         "Sione", "Priya", "Rahul", "Élodie", "Seán", "Jürgen", "Fatima", "Ana", "Kiri"],
    ),
    "chinese": (
        ["陳", "李", "王", "張", "劉", "黃", "林", "吳"],
        ["家明", "美玲", "志強", "淑芬", "建國", "麗華", "俊傑", "雅婷"],
    ),
    "japanese": (
        ["青山", "田中", "佐藤", "鈴木", "高橋", "渡辺", "伊藤", "山本"],
        ["茂利", "博", "健", "由美", "直樹", "さくら", "花子", "翔太"],
    ),
    "korean": (
        ["김", "이", "박", "최", "정", "강", "조", "윤"],
        ["민준", "서연", "지훈", "하은", "태일", "수빈", "도윤", "지우"],
    ),
    "thai": (
        ["ศรีสวัสดิ์", "สุขสมบูรณ์", "วงศ์ใหญ่", "แก้วมณี", "จันทร์เพ็ญ", "ทองดี"],
        ["พลอย", "สมชาย", "สุดา", "ประยุทธ", "อรุณี", "วิชัย"],
    ),
}  # fmt: skip
SCRIPT_WEIGHTS = {"latin": 55, "chinese": 15, "japanese": 10, "korean": 10, "thai": 10}


@dataclass(frozen=True)
class Sizes:
    people: int = 50_000
    participations: int = 200_000
    meetings: int = 200
    recipients: int = 500

    def scaled(self, people: int) -> Sizes:
        """The same shape for ``people`` people (participations 4 per person)."""
        return Sizes(people, people * 4, self.meetings, min(self.recipients, people))


@dataclass(frozen=True)
class Generated:
    #: The SQLite file, or the PostgreSQL URL (``is_postgresql``).
    path: Path | str
    sizes: Sizes
    big_meeting_id: int
    survey_id: int
    seconds: float

    @property
    def is_postgresql(self) -> bool:
        return isinstance(self.path, str) and self.path.startswith("postgresql")


def generate(path: Path | str, sizes: Sizes = Sizes(), seed: int = 13) -> Generated:
    """Write a new database of ``sizes`` at ``path``: a SQLite file that must
    not exist, or the URL of an empty PostgreSQL database."""
    started = time.perf_counter()
    if isinstance(path, Path) and path.exists():
        raise FileExistsError(f"{path} exists; the generator writes a new database")
    rng = random.Random(seed)
    database = open_database(path).database
    try:
        big, survey = _fill(database, sizes, rng)
    finally:
        database.dispose()
    return Generated(path, sizes, big, survey, time.perf_counter() - started)


def _fill(database: Database, sizes: Sizes, rng: random.Random) -> tuple[int, int]:
    now = datetime.now(UTC)
    stamps = {"version": 1, "created_at": now, "updated_at": now}
    with database.write() as s:
        organisations = list(s.scalars(select(Organisation.id)))
        for chunk in _chunks(_people(sizes.people, organisations, rng, stamps)):
            s.execute(insert(Person), chunk)
        meetings = _meetings(sizes.meetings, organisations, rng, stamps)
        meeting_ids = list(
            s.scalars(insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), meetings)
        )
        people = list(s.scalars(select(Person.id).order_by(Person.id)))
        for chunk in _chunks(_participations(sizes, meeting_ids, people, rng, stamps)):
            s.execute(insert(Participation), chunk)
        survey_id = s.scalar(
            insert(Survey)
            .values(title="Follow-up action survey", meeting_id=meeting_ids[0], **stamps)
            .returning(Survey.id)
        )
        attended = people[: max(1, sizes.participations // 4)]  # the first meeting's
        chosen = rng.sample(attended, min(sizes.recipients, len(attended)))
        s.execute(
            insert(SurveyRecipient),
            [
                {"survey_id": survey_id, "person_id": p, "token": secrets.token_hex(16), **stamps}
                for p in chosen
            ],
        )
    assert survey_id is not None
    return meeting_ids[0], survey_id


def _people(
    count: int, organisations: list[int], rng: random.Random, stamps: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    scripts = list(SCRIPT_WEIGHTS)
    weights = list(SCRIPT_WEIGHTS.values())
    earlier: list[tuple[str, str]] = []
    for number in range(count):
        roll = rng.random()
        if earlier and roll < 0.02:  # the same person typed again
            family, given = rng.choice(earlier)
            family, given = fold(family).upper() or family, fold(given) or given
        elif earlier and roll < 0.03:  # a near name: one letter changed
            family, given = rng.choice(earlier)
            if len(family) > 2:
                at = rng.randrange(1, len(family))
                family = family[:at] + rng.choice("AEIOUNRST") + family[at + 1 :]
        else:
            families, givens = NAMES[rng.choices(scripts, weights)[0]]
            family, given = rng.choice(families), rng.choice(givens)
            earlier.append((family, given))
        email = f"p{number:06d}@customs{number % 97:02d}.example"
        yield {
            "family_name": family,
            "given_name": given,
            "position": rng.choice(["Officer", "Senior Officer", "Director", "Deputy Director"]),
            "organisation_id": rng.choice(organisations),
            "email": email,
            "email_key": email_key(email),
            "family_key": fold(family),
            "search_text": fold(f"{given} {family} {email}"),
            **stamps,
        }


def _meetings(
    count: int, organisations: list[int], rng: random.Random, stamps: dict[str, Any]
) -> list[dict[str, Any]]:
    first = date(2015, 1, 12)
    rows = []
    for number in range(count):
        start = first + timedelta(days=number * 18)
        rows.append(
            {
                "title": "Regional e-learning course" if number == 0 else f"Workshop {number:03d}",
                "kind": MeetingKind.REGIONAL_WORKSHOP if number else MeetingKind.TRAINING_COURSE,
                "series": "",
                "start_date": start,
                "end_date": start + timedelta(days=rng.randint(0, 4)),
                "host_organisation_id": rng.choice(organisations),
                "mode": rng.choice(list(MeetingMode)),
                "search_text": fold(f"Workshop {number:03d}"),
                **stamps,
            }
        )
    return rows


def _participations(
    sizes: Sizes,
    meetings: list[int],
    people: list[int],
    rng: random.Random,
    stamps: dict[str, Any],
) -> Iterator[dict[str, Any]]:
    big = min(sizes.participations // 4, len(people))
    for person in people[:big]:
        yield {"meeting_id": meetings[0], "person_id": person, **stamps}
    rest = sizes.participations - big
    others = meetings[1:]
    if not others:
        return
    per_meeting = max(1, rest // len(others))
    for meeting in others:
        for person in rng.sample(people, min(per_meeting, len(people))):
            yield {"meeting_id": meeting, "person_id": person, **stamps}


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--people", type=int, default=Sizes.people)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    made = generate(args.output, Sizes().scaled(args.people), args.seed)
    print(
        f"{made.path}: {made.sizes.people:,} people, {made.sizes.participations:,} "
        f"participations, {made.sizes.meetings} meetings, a survey of "
        f"{made.sizes.recipients} recipients, in {made.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
