"""Benchmark: how long compose_plan takes, against a floor measured in the same run.

The floor is validating the very same plan from its JSON (``Plan.model_validate_json``): the
least work any code that hands out a plan object must do. Targets: compose under 20 ms median
and under 5 times the floor.

    python benchmarks/compose.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import balg_planner as bp
from balg_planner import schedule

CASES: dict[str, tuple[bp.Athlete, bp.Goal, dt.date]] = {
    "marathon-advanced, 18 weeks": (
        bp.Athlete(
            level="advanced",
            weekly_minutes=420,
            longest_run_minutes=120,
            availability={"mon": 60, "tue": 90, "wed": 75, "thu": 90, "fri": 60, "sat": 150},
            recent_race=bp.RaceResult(distance="half", time="1:25:00"),
            long_run_day="sat",
        ),
        bp.Goal(distance="marathon", race_date=dt.date(2027, 5, 9)),
        dt.date(2027, 1, 4),
    ),
    "5k-beginner, 10 weeks": (
        bp.Athlete(
            level="beginner",
            weekly_minutes=60,
            longest_run_minutes=25,
            availability={"tue": 40, "thu": 40, "sat": 60},
        ),
        bp.Goal(distance="5k", race_date=dt.date(2027, 3, 13)),
        dt.date(2027, 1, 4),
    ),
}


def median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    # Plans that cannot reach the race's long run warn; the timings are what matter here.
    warnings.simplefilter("ignore", bp.ReadinessWarning)
    print(f"{'case':32} {'compose ms':>11} {'cold ms':>9} {'floor ms':>9} {'ratio':>6}")
    for name, (athlete, goal, start) in CASES.items():
        schedule.assign_days.cache_clear()
        began = time.perf_counter()
        plan = bp.compose_plan(athlete, goal, start=start)
        cold = (time.perf_counter() - began) * 1000
        text = plan.model_dump_json()
        compose = median_ms(
            functools.partial(bp.compose_plan, athlete, goal, start=start), args.repeat
        )
        floor = median_ms(functools.partial(bp.Plan.model_validate_json, text), args.repeat)
        print(
            f"{name:32} {compose:11.2f} {cold:9.2f} {floor:9.2f} {compose / floor:6.1f}"
            f"   ({len(plan.weeks)} weeks, {len(plan.sessions)} sessions)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
