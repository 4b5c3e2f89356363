"""Benchmark: the nightly re-adaptation (parse plan + events JSON, adapt, dump JSON) in a pool.

Builds `--athletes` plan/events JSON pairs (varied runners from the four golden personas, each
with a week of mixed events shifted through its plan), then times the whole batch over a
process pool of `--workers` processes and prints adaptations per core-hour: the count done,
divided by the CPU time the workers spent on them (so a busy machine does not flatter or hurt
it), and the wall-clock rate for the pool as run. Target (issue 14): 1,000,000 per core-hour.
Each worker also reads the plans of each task a second time, timed apart, right after the
task: that floor shows how fast the machine was during the run (on a shared machine it moves
by a fifth), and the ratio to it hardly moves with the machine. The wall-clock rate includes
that extra reading.

Each worker starts as a nightly worker would: it loads the rules, adapts one job, freezes
the heap it inherited (`gc.freeze`, so the collector neither walks nor copies those pages)
and raises the collector's first threshold (`GC_THRESHOLD`; `--default-gc` keeps Python's).
That start-up is a fixed cost per worker, not per athlete, and is printed on its own line.

    python benchmarks/batch.py [--athletes 400] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Final

import balg_planner as bp

ROOT = Path(__file__).resolve().parent.parent


def adapt_one(job: tuple[str, str, str]) -> str:
    """The nightly unit of work: JSON in, adapted plan JSON out."""
    plan_json, events_json, today = job
    plan = bp.Plan.model_validate_json(plan_json)
    events = bp.parse_events(events_json)
    return bp.adapt(plan, events, today=dt.date.fromisoformat(today)).plan.model_dump_json()


GC_THRESHOLD: Final = (10_000, 10, 10)
"""The collector's thresholds in a worker: a job makes many short-lived objects, and a first
generation of 700 (Python's default) was collected so often that it cost about 5 %."""


def start_worker(sample: tuple[str, str, str], *, tuned: bool = True) -> None:
    """A worker's start-up: the rules loaded, one job adapted, the inherited heap frozen, and
    (unless `tuned` is false) the collector's first threshold raised."""
    warnings.simplefilter("ignore", bp.ReadinessWarning)
    adapt_one(sample)
    gc.freeze()
    if tuned:
        gc.set_threshold(*GC_THRESHOLD)


def started(sample: tuple[str, str, str]) -> float:
    """The CPU seconds one worker's start-up takes (measured in this process)."""
    began = time.process_time()
    start_worker(sample)
    return time.process_time() - began


def adapt_chunk(jobs: list[tuple[str, str, str]]) -> tuple[int, float, float]:
    """Adapt `jobs`; the number done, the CPU seconds this worker spent, and the CPU seconds
    that reading the plans alone takes, measured right after them (the floor)."""
    began = time.process_time()
    for job in jobs:
        adapt_one(job)
    middle = time.process_time()
    for job in jobs:
        bp.Plan.model_validate_json(job[0])
    return len(jobs), middle - began, time.process_time() - middle


def jobs_for(count: int) -> list[tuple[str, str, str]]:
    """`count` plan/events/today triples, the same every run."""
    sys.path.insert(0, str(ROOT))
    from tests.personas import PERSONAS, compose

    warnings.simplefilter("ignore", bp.ReadinessWarning)
    plans = [compose(name) for name in sorted(PERSONAS)]
    jobs = []
    for index in range(count):
        plan = plans[index % len(plans)]
        span = (plan.end - plan.start).days
        today = plan.start + dt.timedelta(days=7 + (index * 11) % max(span - 14, 1))
        week = [today + dt.timedelta(days=offset) for offset in range(-3, 4)]
        events = [
            {"type": "check_in", "date": week[0].isoformat(), "stress": 8, "sleep_hours": 5.5},
            {"type": "missed", "date": week[1].isoformat()},
            {
                "type": "illness",
                "start": week[3].isoformat(),
                "end": week[4].isoformat(),
                "symptoms": ["runny_nose"],
            },
            {"type": "time_limit", "date": week[5].isoformat(), "minutes": 35},
            {
                "type": "pain",
                "date": week[6].isoformat(),
                "location": "calf",
                "score": 2,
                "settles_by_morning": True,
            },
            {"type": "completed", "date": week[2].isoformat(), "minutes": 45, "rpe": 5},
        ]
        jobs.append((plan.model_dump_json(), json.dumps(events), today.isoformat()))
    return jobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=400)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=25, help="jobs per task")
    parser.add_argument(
        "--default-gc", action="store_true", help="keep Python's collector thresholds"
    )
    args = parser.parse_args(argv)
    jobs = jobs_for(args.athletes)
    start_up = started(jobs[0])  # also shows the job format is sound before the pool starts
    chunks = [jobs[i : i + args.chunk] for i in range(0, len(jobs), args.chunk)]
    began = time.perf_counter()
    with ProcessPoolExecutor(
        max_workers=args.workers,
        initializer=functools.partial(start_worker, tuned=not args.default_gc),
        initargs=(jobs[0],),
    ) as pool:
        results = list(pool.map(adapt_chunk, chunks))
    wall = time.perf_counter() - began
    done = sum(count for count, _, _ in results)
    cpu = sum(seconds for _, seconds, _ in results)
    floor = sum(seconds for _, _, seconds in results)
    print(f"{done} athletes adapted by {args.workers} worker(s) in {wall:.1f} s wall")
    print(f"worker start-up (once per worker, CPU): {start_up * 1000:.0f} ms")
    print(
        f"CPU per adaptation (parse, adapt, dump): {cpu / done * 1000:.2f} ms;"
        f" reading the plan alone (the floor): {floor / done * 1000:.2f} ms,"
        f" ratio {cpu / floor:.2f}"
    )
    print(f"adaptations per core-hour (CPU time): {done / cpu * 3600:,.0f}")
    print(f"adaptations per hour on this pool (wall, incl. start-up): {done / wall * 3600:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
