"""Benchmark: compose, adapt (1-1,000 events; 40-2,000 rules), render, export and CLI start.

Each case is measured in turns with its floor — validating the same plan from its JSON
(``Plan.model_validate_json``), the least work any code that hands out a plan must do — and
reports CPU time (`time.process_time`) per call as min/median/max, the floor's median, and the
median of the per-round ratios. CLI start is wall time of a fresh interpreter (median), against
``python -c pass``. On a busy machine trust the ratios over the milliseconds.

Targets (issue 14): compose <= 0.4 ms per plan-week and <= 3x the floor; adapt a week of mixed
events <= 3 ms and <= 1.5x the floor; cost linear in events and rules; ``--help`` and
``paces`` <= 300 ms.

    python benchmarks/speed.py [--repeat 15] [--only compose,adapt,scale,views,cli]
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import balg_planner as bp
from common import (
    ATHLETE,
    COMPOSE_CASES,
    GOAL,
    START,
    TODAY,
    WEEK_OF_EVENTS,
    Timing,
    big_events,
    big_rules,
    interleaved,
)

SRC = Path(__file__).resolve().parent.parent / "src"
HEADER = f"{'case':40} {'min':>8} {'median':>8} {'max':>8} {'floor':>8} {'ratio':>6}"


def line(name: str, timing: Timing, extra: str = "") -> str:
    """One row: the candidate's min/median/max ms, the floor's median ms, the ratio."""
    return f"{name:40} {timing.spread()} {timing.floor_median:8.2f} {timing.ratio:6.2f}  {extra}"


def floor_of(plan: bp.Plan) -> Callable[[], object]:
    """Validating `plan` from its JSON."""
    return functools.partial(bp.Plan.model_validate_json, plan.model_dump_json())


def bench_compose(repeat: int) -> None:
    print("compose (per plan; per plan-week in the note)")
    for name, (athlete, goal) in COMPOSE_CASES.items():
        plan = bp.compose_plan(athlete, goal, start=START)
        run = functools.partial(bp.compose_plan, athlete, goal, start=START)
        timing = interleaved(run, floor_of(plan), repeat=repeat)
        weeks = len(plan.weeks)
        print(line(name, timing, f"{timing.median / weeks:.3f} ms/plan-week ({weeks} weeks)"))


def bench_adapt(repeat: int) -> None:
    plan = bp.compose_plan(ATHLETE, GOAL, start=START)
    floor = floor_of(plan)
    print("adapt, 18-week marathon")
    run = functools.partial(bp.adapt, plan, WEEK_OF_EVENTS, today=TODAY)
    timing = interleaved(run, floor, repeat=repeat)
    print(line("a week of mixed events (7), built-in", timing, f"{len(run().adjustments)} adj"))
    for count in (1, 7, 100, 1000):
        events, today = big_events(plan, count)
        run = functools.partial(bp.adapt, plan, events, today=today)
        timing = interleaved(run, floor, repeat=max(3, repeat // (1 + count // 100)))
        per = timing.median / count
        print(line(f"{count} events, built-in rules", timing, f"{per:.3f} ms/event"))
    builtin = len(bp.default_rules())
    for extra in (0, 118, 918, 1918):
        rules = big_rules(extra) if extra else None
        run = functools.partial(bp.adapt, plan, WEEK_OF_EVENTS, today=TODAY, rules=rules)
        timing = interleaved(run, floor, repeat=max(3, repeat // (1 + extra // 200)))
        total = builtin + extra
        per = timing.median / total * 1000
        print(line(f"week of events, {total} rules", timing, f"{per:.1f} us/rule"))


def bench_views(repeat: int) -> None:
    plan = bp.compose_plan(ATHLETE, GOAL, start=START)
    adapted = bp.adapt(plan, WEEK_OF_EVENTS, today=TODAY)
    floor = floor_of(plan)
    print("render and export, 18-week marathon")
    cases: dict[str, Callable[[], object]] = {
        "render_plan text": functools.partial(bp.render_plan, plan),
        "render_plan html": functools.partial(bp.render_plan, plan, fmt="html"),
        "render_adaptation text": functools.partial(bp.render_adaptation, adapted),
        "plan_records": functools.partial(bp.plan_records, plan),
    }
    try:
        import icalendar  # noqa: F401  # the 'ics' extra

        cases["to_ics"] = functools.partial(bp.to_ics, plan)
    except ModuleNotFoundError:
        print("  (to_ics skipped: the 'ics' extra is not installed)")
    for name, run in cases.items():
        print(line(name, interleaved(run, floor, repeat=repeat)))


def _wall_ms(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    began = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - began) * 1000


PACES = ("-m", "balg_planner", "paces", "--race", "10k")


def bench_cli(repeat: int) -> None:
    print("CLI start, fresh interpreter, wall ms (floor: python -c pass)")
    python = sys.executable
    cases = {
        "balg-planner --help": [python, "-m", "balg_planner", "--help"],
        "balg-planner paces --race 10k --time 50:00": [python, *PACES, "--time", "50:00"],
        "import balg_planner": [python, "-c", "import balg_planner"],
        "(typer and rich alone)": [python, "-c", "import typer, typer.rich_utils"],
    }
    floor = [python, "-c", "pass"]

    for name, argv in cases.items():
        samples, base = [], []
        for _ in range(max(5, repeat // 2)):
            samples.append(_wall_ms(argv))
            base.append(_wall_ms(floor))
        timing = Timing(tuple(samples), tuple(base))
        print(line(name, timing))


BENCHES: dict[str, Callable[[int], None]] = {
    "compose": bench_compose,
    "adapt": bench_adapt,
    "views": bench_views,
    "cli": bench_cli,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", default=",".join(BENCHES), help="comma-separated benches")
    args = parser.parse_args(argv)
    # Plans that cannot reach the race's long run warn; the timings are what matter here.
    warnings.simplefilter("ignore", bp.ReadinessWarning)
    print(HEADER + "   (CPU ms per call unless said)")
    for name in args.only.split(","):
        BENCHES[name.strip()](args.repeat)
    print(f"(median of {args.repeat} rounds; python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
