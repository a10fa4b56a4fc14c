"""A very long participant list exports with flat memory (write-only mode,
rows streamed from the database). benchmarks/export_participants.py measures
the 100,000-row case; here ten times the rows must not take ten times the
memory."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from factories import make_meeting
from openpyxl import load_workbook
from sqlalchemy import insert, select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person
from rtcdesk.services import exports


def add_participants(database: Database, meeting_id: int, count: int, start: int) -> None:
    now = datetime.now(UTC)
    stamps = {"version": 1, "created_at": now, "updated_at": now}
    with database.write() as s:
        s.execute(
            insert(Person),
            [
                {
                    "family_name": f"Family{n:06d}",
                    "given_name": "Given",
                    "email": f"p{n}@example.org",
                    "search_text": f"family{n:06d} given",
                    **stamps,
                }
                for n in range(start, start + count)
            ],
        )
        ids = s.scalars(select(Person.id).where(Person.id > start)).all()
        s.execute(
            insert(Participation),
            [{"meeting_id": meeting_id, "person_id": i, **stamps} for i in ids[:count]],
        )


def peak_export_memory(database: Database, meeting_id: int, target: Path) -> int:
    tracemalloc.start()
    try:
        with database.read() as s:
            exports.export(target, exports.participant_list_sheet(s, meeting_id))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_does_not_grow_with_the_rows(database: Database, tmp_path: Path) -> None:
    with database.write() as s:
        small = make_meeting(s, "Small", series="S", ordinal=1).id
        large = make_meeting(s, "Large", series="L", ordinal=1).id
    add_participants(database, small, 2_000, 0)
    add_participants(database, large, 20_000, 2_000)

    small_peak = peak_export_memory(database, small, tmp_path / "small.xlsx")
    large_peak = peak_export_memory(database, large, tmp_path / "large.xlsx")

    # Ten times the rows, nowhere near ten times the memory.
    assert large_peak < 2 * small_peak, (small_peak, large_peak)
    ws = load_workbook(tmp_path / "large.xlsx", read_only=True).active
    numbers = [row[0] for row in ws.iter_rows(min_row=5, values_only=True)]
    assert numbers[0] == "No."
    assert numbers[1:] == list(range(1, 20_001))
