"""Benchmark: how long adapt takes for an 18-week plan and a week of mixed events.

The floor, measured in the same run, is validating the same plan from its JSON
(``Plan.model_validate_json``). Targets: under 5 ms median and under 3 times the floor.

    python benchmarks/adapt.py [--repeat 50]
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

ATHLETE = bp.Athlete(
    level="advanced",
    weekly_minutes=420,
    longest_run_minutes=120,
    availability={"mon": 60, "tue": 90, "wed": 75, "thu": 90, "fri": 60, "sat": 150},
    recent_race=bp.RaceResult(distance="half", time="1:25:00"),
    long_run_day="sat",
)
GOAL = bp.Goal(distance="marathon", race_date=dt.date(2027, 5, 9))
START = dt.date(2027, 1, 4)
TODAY = dt.date(2027, 2, 9)
EVENTS: list[bp.Event] = [
    bp.CheckIn(date=dt.date(2027, 2, 8), stress=8, sleep_hours=5.5),
    bp.MissedSession(date=dt.date(2027, 2, 8)),
    bp.Illness(start=dt.date(2027, 2, 9), end=dt.date(2027, 2, 10), symptoms={"runny_nose"}),
    bp.TimeLimit(date=dt.date(2027, 2, 12), minutes=35),
    bp.Pain(date=dt.date(2027, 2, 13), location="calf", score=2, settles_by_morning=True),
    bp.CheckIn(date=dt.date(2027, 2, 14), soreness=8),
    bp.CompletedSession(date=dt.date(2027, 2, 6), minutes=95, rpe=5),
]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    # The benchmark's marathoner cannot reach the race's long run and is warned; timings matter.
    warnings.simplefilter("ignore", bp.ReadinessWarning)
    plan = bp.compose_plan(ATHLETE, GOAL, start=START)
    text = plan.model_dump_json()
    run = functools.partial(bp.adapt, plan, EVENTS, today=TODAY)
    result = run()
    adapt = median_ms(run, args.repeat)
    floor = median_ms(functools.partial(bp.Plan.model_validate_json, text), args.repeat)
    print(f"{'case':40} {'adapt ms':>9} {'floor ms':>9} {'ratio':>6}")
    print(
        f"{'18-week marathon, 7 mixed events':40} {adapt:9.2f} {floor:9.2f} {adapt / floor:6.1f}"
        f"   ({len(result.adjustments)} adjustments, {len(bp.default_rules())} rules)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
