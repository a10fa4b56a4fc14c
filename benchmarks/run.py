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
import importlib
import json
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from large_database import Generated, Sizes, generate
from sqlalchemy import create_engine, make_url, text
from workload import Measure, Workload, compare

HERE = Path(__file__).resolve().parent

#: Every ``workloads_*.py`` beside this file names its workloads with
#: ``workloads(made, folder, import_rows) -> list[Workload]``: a new topic is a new file.
TOPICS = [importlib.import_module(p.stem) for p in sorted(HERE.glob("workloads_*.py"))]


# -- the table ------------------------------------------------------------------------


def _megabytes(results: list[Measure]) -> str:
    peaks = [m.peak_mb for m in results if m.peak_mb is not None]
    return f"{max(peaks):.0f}" if peaks else "-"


def report(
    size: int, name: str, ours: list[Measure], raw: list[Measure], backend: str = "SQLite"
) -> dict[str, object]:
    mine = statistics.median(m.seconds for m in ours)
    theirs = statistics.median(m.seconds for m in raw)
    return {
        "backend": backend,
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
        f"{'backend':<10} {'people':>7}  {'workload':<44} {'rtcdesk':>9} {'baseline':>9} "
        f"{'ratio':>6}  MB (ours/raw)"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['backend']!s:<10} {r['people']:>7,}  {r['workload']!s:<44} "
            f"{r['rtcdesk_s']:>8.3f}s "
            f"{r['baseline_s']:>8.3f}s {r['ratio']!s:>5}×  "
            f"{r['rtcdesk_peak_mb']}/{r['baseline_peak_mb']}"
        )


def all_workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    """Every topic's workloads; on PostgreSQL, those of the topics that run
    there (``POSTGRESQL = True``: the window's run on the default SQLite file)."""
    topics = [t for t in TOPICS if getattr(t, "POSTGRESQL", False) or not made.is_postgresql]
    return [w for topic in topics for w in topic.workloads(made, folder, import_rows)]


@contextmanager
def server_database(server: str, size: int) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server at ``server`` (the URL
    of any database there), dropped afterwards."""
    name = f"rtcdesk_bench_{size}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_size(
    size: int,
    location: Path | str,
    folder: Path,
    import_rows: int,
    repeat: int,
    only: list[str] | None = None,
) -> list[dict[str, object]]:
    made = generate(location, Sizes().scaled(size))
    where = "PostgreSQL" if made.is_postgresql else "SQLite"
    print(f"generated {size:,} people on {where} in {made.seconds:.1f} s", file=sys.stderr)
    rows = []
    for workload in all_workloads(made, folder, import_rows):
        if only and not any(word.casefold() in workload.name.casefold() for word in only):
            continue
        ours, raw = compare(workload, repeat)
        rows.append(report(size, workload.name, ours, raw, where))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="10000,50000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, once: does it run?")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORD",
        help="run only the workloads whose name holds this word (repeatable)",
    )
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="run on this PostgreSQL server instead (the URL of any database there; a "
        "database of its own is created and dropped), the workloads that run there",
    )
    args = parser.parse_args()
    sizes = [300] if args.smoke else [int(n) for n in args.people.split(",")]
    repeat = 1 if args.smoke else args.repeat
    import_rows = 40 if args.smoke else args.import_rows
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for size in sizes:
            if args.postgresql:
                with server_database(args.postgresql, size) as url:
                    rows += run_size(size, url, folder, import_rows, repeat, args.only)
            else:
                location = folder / f"bench-{size}.sqlite"
                rows += run_size(size, location, folder, import_rows, repeat, args.only)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
