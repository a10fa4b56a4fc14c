"""Every benchmark workload against its raw baseline, in one run (issue 14).

    python benchmarks/run.py                  # 10,000 and 50,000 people, 5 repetitions
    python benchmarks/run.py --people 50000 --repeat 7
    python benchmarks/run.py --smoke          # tiny sizes, one repetition: CI keeps it working

For each size a database is generated (``large_database.py``: people in
Latin, CJK and Thai scripts with duplicates and near names, 4 participations
a person, 200 meetings, the first holding a quarter of them, a survey of 500).
Each workload then runs with rtcdesk and with a raw baseline doing the same
work (plain SQL, plain openpyxl), alternating which goes first, ``--repeat``
times; the table gives the medians, their ratio, and the peak of Python
memory each allocated (tracemalloc; "-" for a separate process). Shared,
noisy machines make single figures meaningless: compare ratios, and sizes
with each other. Nothing here asserts a time; the tests never do either.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from large_database import Generated, Sizes, generate
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, text

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person
from rtcdesk.excel.reading import read_table
from rtcdesk.services import exports
from rtcdesk.services.people import search_people
from rtcdesk.services.registrations import ImportOptions, find_layout, import_into


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float | None


@dataclass(frozen=True)
class Workload:
    name: str
    rtcdesk: Callable[[], object]
    baseline: Callable[[], object]
    #: Run in a separate process: memory is not traced.
    separate: bool = False


def measure(work: Callable[[], object], traced: bool) -> Measure:
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    peak = None
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return Measure(seconds, peak)


def compare(workload: Workload, repeat: int) -> tuple[list[Measure], list[Measure]]:
    ours: list[Measure] = []
    raw: list[Measure] = []
    for number in range(repeat):
        order = [(workload.rtcdesk, ours), (workload.baseline, raw)]
        for work, results in order if number % 2 == 0 else reversed(order):
            results.append(measure(work, traced=not workload.separate))
    return ours, raw


# -- the workloads --------------------------------------------------------------------


def workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    database = Database(made.path)
    path = str(made.path)
    meeting = made.big_meeting_id
    registration = _registration_list(made, folder / "registrations.xlsx", import_rows)

    def cli_list() -> None:
        _run([sys.executable, "-m", "rtcdesk", "meetings", "list", "--json", "--database", path])

    def raw_list() -> None:
        _run([sys.executable, "-c", RAW_MEETINGS_LIST, path])

    def export_ours() -> None:
        with database.read() as s:
            exports.export(folder / "ours.xlsx", exports.participant_list_sheet(s, meeting))

    def export_raw() -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with database.engine.connect() as connection:
            for row in connection.execute(text(RAW_PARTICIPANTS), {"meeting": meeting}):
                sheet.append(list(row))
        workbook.save(folder / "raw.xlsx")

    def search_ours() -> None:
        with database.read() as s:
            search_people(s, "tan")

    def search_raw() -> None:
        with database.engine.connect() as connection:
            connection.execute(text(RAW_SEARCH), {"word": "%tan%"}).all()

    def import_ours() -> None:
        layout = find_layout(read_table(registration))
        import_into(database, meeting + 1, layout, ImportOptions(dry_run=True))

    def import_raw() -> None:
        _raw_import(database, registration, meeting + 1)

    return [
        Workload("meetings list --json (command line)", cli_list, raw_list, separate=True),
        Workload(f"participant export, {made.sizes.participations // 4:,} rows",
                 export_ours, export_raw),
        Workload("People search, one word", search_ours, search_raw),
        Workload(f"registration import, {import_rows:,} rows (dry run)", import_ours, import_raw),
    ]  # fmt: skip


RAW_MEETINGS_LIST = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT m.id, m.title, m.start_date, m.end_date, o.name, m.city,"
    " (SELECT count(*) FROM participations p WHERE p.meeting_id = m.id)"
    " FROM meetings m LEFT JOIN organisations o ON o.id = m.host_organisation_id"
    " ORDER BY m.start_date DESC").fetchall()
print(json.dumps(rows))
"""

RAW_PARTICIPANTS = """
SELECT pe.title, pe.given_name, pe.family_name, pe.position, pe.email, o.short_name,
       pa.attendance_mode, pa.role, pa.status
FROM participations pa JOIN people pe ON pe.id = pa.person_id
LEFT JOIN delegations d ON d.id = pa.delegation_id
LEFT JOIN organisations o ON o.id = d.organisation_id
WHERE pa.meeting_id = :meeting ORDER BY o.short_name, pe.family_name
"""

RAW_SEARCH = """
SELECT p.id, p.family_name, p.given_name, o.name FROM people p
LEFT JOIN organisations o ON o.id = p.organisation_id
WHERE p.search_text LIKE :word ORDER BY p.family_name LIMIT 20
"""


def _registration_list(made: Generated, path: Path, rows: int) -> Path:
    """Half the rows people on record (by e-mail, in another case), half new."""
    database = Database(made.path)
    with database.read() as s:
        known = s.execute(
            select(Person.family_name, Person.given_name, Person.email).limit(rows // 2)
        ).all()
    database.dispose()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    sheet.append(["Surname", "Given name", "E-mail", "Position"])
    for family, given, email in known:
        sheet.append([family, given, email.upper(), "Officer"])
    for number in range(rows - len(known)):
        sheet.append([f"NEWCOMER{number:05d}", "Ana", f"new{number}@bench.example", "Officer"])
    workbook.save(path)
    return path


def _raw_import(database: Database, path: Path, meeting: int) -> None:
    """The same file read with openpyxl and written with Core executemany,
    matching on e-mail by one indexed query, then rolled back."""
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    with database.engine.connect() as connection, connection.begin() as transaction:
        keys = [str(r[2]).casefold() for r in rows]
        found = dict(
            connection.execute(
                select(Person.email_key, Person.id).where(Person.email_key.in_(keys))
            ).all()
        )
        new = [
            {"family_name": r[0], "given_name": r[1], "email": r[2], "email_key": k,
             "position": r[3], "version": 1}
            for r, k in zip(rows, keys, strict=True) if k not in found
        ]  # fmt: skip
        if new:
            connection.execute(Person.__table__.insert(), new)
        ids = dict(
            connection.execute(
                select(Person.email_key, Person.id).where(Person.email_key.in_(keys))
            ).all()
        )
        taken = set(
            connection.scalars(
                select(Participation.person_id).where(Participation.meeting_id == meeting)
            )
        )
        connection.execute(
            Participation.__table__.insert(),
            [{"meeting_id": meeting, "person_id": ids[k], "version": 1}
             for k in keys if ids[k] not in taken],
        )  # fmt: skip
        transaction.rollback()


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… failed: {done.stderr.strip()}")


# -- the table ------------------------------------------------------------------------


def _megabytes(results: list[Measure]) -> str:
    peaks = [m.peak_mb for m in results if m.peak_mb is not None]
    return f"{max(peaks):.0f}" if peaks else "-"


def report(size: int, name: str, ours: list[Measure], raw: list[Measure]) -> dict[str, object]:
    mine = statistics.median(m.seconds for m in ours)
    theirs = statistics.median(m.seconds for m in raw)
    return {
        "people": size,
        "workload": name,
        "rtcdesk_s": round(mine, 3),
        "baseline_s": round(theirs, 3),
        "ratio": round(mine / theirs, 1) if theirs else None,
        "rtcdesk_peak_mb": _megabytes(ours),
        "baseline_peak_mb": _megabytes(raw),
    }


def print_table(rows: list[dict[str, object]]) -> None:
    header = (
        f"{'people':>7}  {'workload':<44} {'rtcdesk':>9} {'baseline':>9} {'ratio':>6}"
        "  MB (ours/raw)"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['people']:>7,}  {r['workload']!s:<44} {r['rtcdesk_s']:>8.3f}s "
            f"{r['baseline_s']:>8.3f}s {r['ratio']!s:>5}×  "
            f"{r['rtcdesk_peak_mb']}/{r['baseline_peak_mb']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="10000,50000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, once: does it run?")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = [300] if args.smoke else [int(n) for n in args.people.split(",")]
    repeat = 1 if args.smoke else args.repeat
    import_rows = 40 if args.smoke else args.import_rows
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for size in sizes:
            made = generate(folder / f"bench-{size}.sqlite", Sizes().scaled(size))
            print(f"generated {size:,} people in {made.seconds:.1f} s", file=sys.stderr)
            for workload in workloads(made, folder, import_rows):
                ours, raw = compare(workload, repeat)
                rows.append(report(size, workload.name, ours, raw))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
