"""Crash safety, proved: rtcdesk's registration import, survey collection and
saves run in a child process (``crash_child.py``) that is killed with SIGKILL
at many points: at SQL statements in the middle of a transaction, just before
a COMMIT, just after one returned, and at random moments (start-up, reading
files, Python work). After every kill the SQLite file must pass SQLite's
integrity and foreign-key checks; every unit of work the child had committed
must be there, none partly; and the file must hold exactly the records of the
committed units, as a run without a kill left them after the same unit."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import crash_child
import pytest
from crash_child import ABSENT, COMMIT, COMMITTED, PARTIAL, PRESENT, READ, SCENARIOS, WRITE

from rtcdesk.services.maintenance import check
from rtcdesk.services.startup import open_database

CHILD = Path(crash_child.__file__).resolve()
REPO = CHILD.parents[1]
SEED = 20231114
#: Per scenario in the slow run: kills at counted points, and at random times.
POINT_KILLS = 21
TIMED_KILLS = 4
#: Children run two at a time (each is mostly start-up and SQLite waits).
WORKERS = 2
PATHS = {"import": "registration import", "collect": "survey collection", "save": "saves"}


@dataclass(frozen=True)
class Prepared:
    database: Path
    inputs: Path


@dataclass(frozen=True)
class Baseline:
    """A run without a kill: the kind of each kill point, the digest of the
    database before the first unit and after each one, and how long it took."""

    points: list[str]
    digests: list[str]
    seconds: float


@dataclass(frozen=True)
class Kill:
    scenario: str
    point: int = 0  # a counted kill point (1-based) ...
    after: float = 0.0  # ... or seconds after the start

    def describe(self, baseline: Baseline) -> str:
        if self.point:
            return f"{self.scenario}: point {self.point} ({baseline.points[self.point - 1]})"
        return f"{self.scenario}: {self.after:.2f} s after the start"


@dataclass(frozen=True)
class Outcome:
    kill: Kill
    returncode: int
    stderr: str
    database: Path
    journal: list[str]


@dataclass(frozen=True)
class Verdict:
    kill: Kill
    journalled: int
    #: The unit in flight had committed (the kill came after its COMMIT
    #: returned, before the journal line).
    in_flight_committed: bool


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    # Sets of strings iterate in the same order in every run, so that the
    # kill points are the same in every run too.
    env["PYTHONHASHSEED"] = "0"
    return env


def copy_of(prepared: Prepared, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    assert not Path(f"{prepared.database}-wal").exists(), "a WAL beside the prepared database"
    return Path(shutil.copyfile(prepared.database, folder / "rtcdesk.sqlite"))


def child_command(scenario: str, database: Path, kill_at: int, prepared: Prepared) -> list[str]:
    journal = database.with_name("journal.txt")
    return [sys.executable, str(CHILD), scenario, str(database), str(kill_at), str(journal),
            str(prepared.inputs)]  # fmt: skip


def read_journal(database: Path) -> list[str]:
    journal = database.with_name("journal.txt")
    return journal.read_text(encoding="utf-8").split() if journal.exists() else []


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """One prepared demo database for the module; every run works on a copy."""
    folder = tmp_path_factory.mktemp("crash")
    crash_child.prepare_database(folder / "prepared.sqlite")
    return Prepared(folder / "prepared.sqlite", folder / "inputs")


@pytest.fixture(scope="module")
def prepared_inputs(prepared: Prepared) -> Prepared:
    """The prepared database with the registration workbooks and returned forms."""
    crash_child.write_inputs(prepared.database, prepared.inputs)
    return prepared


@pytest.fixture(scope="module")
def baselines(
    prepared: Prepared, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Baseline]:
    """Each scenario run once to the end (once per module): what the kills are checked against."""
    done: dict[str, Baseline] = {}

    def baseline(scenario: str) -> Baseline:
        if scenario not in done:
            database = copy_of(prepared, tmp_path_factory.mktemp(f"baseline-{scenario}"))
            started = time.monotonic()
            run = subprocess.run(
                child_command(scenario, database, 0, prepared),
                env=child_environment(),
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            seconds = time.monotonic() - started
            assert run.returncode == 0, run.stderr
            report = json.loads(run.stdout.splitlines()[-1])
            units = [u.id for u in SCENARIOS[scenario]]
            assert read_journal(database) == units
            assert report["digests"][0] == crash_child.file_digest(prepared.database)
            assert len(set(report["digests"])) == len(units) + 1, "a unit changed nothing"
            done[scenario] = Baseline(report["points"], report["digests"], seconds)
        return done[scenario]

    return baseline


def run_kill(prepared: Prepared, kill: Kill, folder: Path) -> Outcome:
    """Run the child on a copy of the prepared database and kill it."""
    database = copy_of(prepared, folder)
    kill_at = kill.point if kill.point else -1
    child = subprocess.Popen(
        child_command(kill.scenario, database, kill_at, prepared),
        env=child_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not kill.point:
        time.sleep(kill.after)
        child.send_signal(signal.SIGKILL)
    try:
        _out, stderr = child.communicate(timeout=300)
    finally:
        child.kill()
    return Outcome(kill, child.returncode, stderr, database, read_journal(database))


def verify(prepared: Prepared, baseline: Baseline, outcome: Outcome) -> Verdict:
    """What a coordinator needs of the file after the crash; AssertionError if not."""
    assert outcome.returncode == -signal.SIGKILL, (
        f"the child ended with {outcome.returncode}, not by SIGKILL:\n{outcome.stderr[-3000:]}"
    )
    units = SCENARIOS[outcome.kill.scenario]
    ids = [u.id for u in units]
    done = len(outcome.journal)
    assert outcome.journal == ids[:done], f"journal {outcome.journal}"

    connection = sqlite3.connect(outcome.database)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
        digest = crash_child.database_digest(connection)
    finally:
        connection.close()
    assert integrity == ["ok"], f"integrity_check: {integrity}"
    assert dangling == [], f"foreign_key_check: {dangling}"

    database = open_database(outcome.database).database
    try:
        with database.read() as session:
            states = [unit.state(session, prepared.inputs) for unit in units]
        report = check(database)
    finally:
        database.dispose()
    state_of = dict(zip(ids, states, strict=True))
    partial = [f"{i}: {s.detail}" for i, s in state_of.items() if s.state == PARTIAL]
    assert not partial, f"half-written: {partial}"
    lost = [f"{i}: {state_of[i].detail}" for i in ids[:done] if state_of[i].state != PRESENT]
    assert not lost, f"committed before the kill, missing after it: {lost}"
    ahead = [i for i in ids[done + 1 :] if state_of[i].state != ABSENT]
    assert not ahead, f"units after the one in flight are there: {ahead}"
    in_flight_committed = done < len(units) and states[done].state == PRESENT
    assert digest == baseline.digests[done + in_flight_committed], (
        f"the records differ from those after {done + in_flight_committed} unit(s) of a run "
        "without a kill"
    )
    assert report.ok, f"rtcdesk check: {report.problems}"
    return Verdict(outcome.kill, done, in_flight_committed)


def run_kills(
    prepared: Prepared, baselines: Callable[[str], Baseline], kills: Sequence[Kill], folder: Path
) -> list[Verdict]:
    """Every kill, two children at a time, each checked as soon as it is dead;
    every failure is listed, not only the first."""
    verdicts, failures = [], []
    with ThreadPoolExecutor(WORKERS) as pool:
        running = [
            pool.submit(run_kill, prepared, kill, folder / f"kill-{n}")
            for n, kill in enumerate(kills)
        ]
        for future in as_completed(running):
            outcome = future.result()
            baseline = baselines(outcome.kill.scenario)
            try:
                verdicts.append(verify(prepared, baseline, outcome))
            except AssertionError as failure:
                failures.append(f"{outcome.kill.describe(baseline)}: {failure}")
            else:
                shutil.rmtree(outcome.database.parent)
    assert not failures, f"{len(failures)} of {len(kills)} kills:\n" + "\n".join(failures)
    return verdicts


def spread(items: Sequence[int], count: int) -> list[int]:
    """``count`` of ``items``, evenly apart, first and last included."""
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[len(items) // 2]]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def choose_points(kinds: Sequence[str], wanted: int, rng: random.Random) -> list[int]:
    """``wanted`` kill points over the whole run (all of them if there are few):
    up to a quarter just before a COMMIT and a quarter just after one, spread
    over the run, and the rest one at random in each of equal stretches."""
    total = len(kinds)
    if total <= wanted:
        return list(range(1, total + 1))
    chosen: set[int] = set()
    for kind in (COMMIT, COMMITTED):
        chosen.update(spread([n for n, k in enumerate(kinds, 1) if k == kind], wanted // 4))
    stretches = wanted - len(chosen)
    for j in range(stretches):
        chosen.add(rng.randint(1 + j * total // stretches, (j + 1) * total // stretches))
    while len(chosen) < wanted:
        chosen.add(rng.randint(1, total))
    return sorted(chosen)


def test_a_save_killed_inside_its_transaction_or_either_side_of_commit(
    prepared: Prepared, baselines: Callable[[str], Baseline], tmp_path: Path
) -> None:
    """The harness on three kills of the second save: in the middle of its
    transaction and just before its COMMIT (the save is not there, the first
    one is), and just after the COMMIT returned (the save is there although
    the child never got to note it)."""
    kinds = baselines("save").points
    second_commit = [n for n, k in enumerate(kinds, 1) if k == COMMIT][1]
    inside = second_commit - 2
    assert (kinds[inside - 1], kinds[second_commit]) == (WRITE, COMMITTED)
    kills = [Kill("save", point=p) for p in (inside, second_commit, second_commit + 1)]

    verdicts = {v.kill.point: v for v in run_kills(prepared, baselines, kills, tmp_path)}

    assert [(v.journalled, v.in_flight_committed) for _p, v in sorted(verdicts.items())] == [
        (1, False),
        (1, False),
        (1, True),
    ]


@pytest.mark.slow
def test_killed_at_many_points_the_database_keeps_every_commit_and_no_half(
    prepared_inputs: Prepared,
    baselines: Callable[[str], Baseline],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rng = random.Random(SEED)
    kills: list[Kill] = []
    for scenario in SCENARIOS:
        baseline = baselines(scenario)
        kills += [Kill(scenario, point=p) for p in choose_points(baseline.points, POINT_KILLS, rng)]
        kills += [
            Kill(scenario, after=rng.uniform(0.05, 1.0) * baseline.seconds)
            for _ in range(TIMED_KILLS)
        ]
    assert sum(1 for k in kills if k.point) >= 60

    verdicts = run_kills(prepared_inputs, baselines, kills, tmp_path)

    where = Counter(
        baselines(k.scenario).points[k.point - 1] if k.point else "timed" for k in kills
    )
    journalled = sum(v.journalled for v in verdicts)
    landed_after_commit = sum(v.in_flight_committed for v in verdicts)
    summary = (
        f"crash harness: {len(kills)} kills over {len(SCENARIOS)} paths "
        f"({', '.join(PATHS[s] for s in SCENARIOS)}): {where[WRITE]} inside a write "
        f"transaction, {where[COMMIT]} just before a COMMIT, {where[COMMITTED]} just after one, "
        f"{where[READ]} in a read, {where['timed']} at random times; {journalled} committed "
        f"units checked, {landed_after_commit} committed but not yet journalled; all consistent"
    )
    with capsys.disabled():
        print(f"\n{summary}")
