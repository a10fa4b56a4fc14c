"""Benchmark: export a participant list of N rows (default 100,000).

    python benchmarks/export_participants.py [N]

Prints the time to write the workbook and the process's peak resident memory
before and after, so that memory growth with the rows shows at once. Run it on
an idle machine and compare runs of the same N; it is not part of the tests.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from rtcdesk.db.models import Participation, Person
from rtcdesk.services import exports
from rtcdesk.services.meetings import MeetingData, create_meeting
from rtcdesk.services.startup import open_database
from rtcdesk.vocabulary import MeetingKind


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.sqlite").database
        now = datetime.now(UTC)
        stamps = {"version": 1, "created_at": now, "updated_at": now}
        with database.write() as s:
            meeting = create_meeting(
                s,
                MeetingData(
                    "Benchmark", MeetingKind.OTHER, now.date(), now.date(), series="B", ordinal=1
                ),
            ).id
            s.execute(
                insert(Person),
                [
                    {"family_name": f"Family{n:06d}", "given_name": "名前", **stamps}
                    for n in range(rows)
                ],
            )
            ids = s.scalars(select(Person.id)).all()
            s.execute(
                insert(Participation),
                [{"meeting_id": meeting, "person_id": i, **stamps} for i in ids],
            )
        before = peak_rss_mb()
        started = time.perf_counter()
        with database.read() as s:
            target = exports.export(
                Path(folder) / "list.xlsx", exports.participant_list_sheet(s, meeting)
            )
        seconds = time.perf_counter() - started
        print(
            f"{rows} rows: {seconds:.1f} s, {target.stat().st_size / 1e6:.1f} MB file, "
            f"peak RSS {before:.0f} MB before the export, {peak_rss_mb():.0f} MB after"
        )


if __name__ == "__main__":
    main()
