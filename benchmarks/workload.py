"""What a benchmark workload is, and how one is measured against its baseline."""

from __future__ import annotations

import subprocess
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float | None


@dataclass(frozen=True)
class Workload:
    name: str
    rtcdesk: Callable[[], object]
    baseline: Callable[[], object]
    #: Run in a separate process, or timed by itself: memory is not traced.
    separate: bool = False


def measure(work: Callable[[], object], traced: bool) -> Measure:
    """The wall time of ``work``, or the ``Measure`` it returns (a child process's
    own figures, a fixed baseline such as one frame)."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    measured = work()
    seconds = time.perf_counter() - started
    if isinstance(measured, Measure):
        if traced:
            tracemalloc.stop()
        return measured
    peak = None
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return Measure(seconds, peak)


def compare(workload: Workload, repeat: int) -> tuple[list[Measure], list[Measure]]:
    """``repeat`` timed runs of each side, alternating which goes first; then,
    for a workload in this process, one more run of each with its memory
    traced. Timed runs are never traced: tracing slows Python code many times
    more than the C code of a baseline, which would skew the ratio."""
    ours: list[Measure] = []
    raw: list[Measure] = []
    for number in range(repeat):
        order = [(workload.rtcdesk, ours), (workload.baseline, raw)]
        for work, results in order if number % 2 == 0 else reversed(order):
            results.append(measure(work, traced=False))
    if not workload.separate:
        for work, results in ((workload.rtcdesk, ours), (workload.baseline, raw)):
            peak = measure(work, traced=True).peak_mb
            results[:] = [Measure(m.seconds, peak) for m in results]
    return ours, raw


def run_process(argv: list[str]) -> None:
    """Run a command to its end; a failure is the benchmark's, said with its stderr."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… failed: {done.stderr.strip()}")
