"""Benchmark: how long compose_plan takes, against a floor measured in the same run.

The floor is validating the very same plan from its JSON (``Plan.model_validate_json``): the
least work any code that hands out a plan object must do. The two are measured in turns, so
load drift hits both; times are CPU ms per call and the ratio is the median of the per-round
ratios. Targets (issue 14): at most 0.4 ms per plan-week and 3 times the floor.

    python benchmarks/compose.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
import warnings

import balg_planner as bp
from balg_planner import schedule
from common import COMPOSE_CASES, START, interleaved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    # Plans that cannot reach the race's long run warn; the timings are what matter here.
    warnings.simplefilter("ignore", bp.ReadinessWarning)
    print(
        f"{'case (CPU ms)':28} {'median':>8} {'/week':>6} {'min':>6} {'max':>6}"
        f" {'cold':>7} {'floor':>7} {'ratio':>6}"
    )
    for name, (athlete, goal) in COMPOSE_CASES.items():
        schedule.assign_days.cache_clear()
        began = time.process_time()
        plan = bp.compose_plan(athlete, goal, start=START)
        cold = (time.process_time() - began) * 1000
        text = plan.model_dump_json()
        timing = interleaved(
            functools.partial(bp.compose_plan, athlete, goal, start=START),
            functools.partial(bp.Plan.model_validate_json, text),
            repeat=args.repeat,
        )
        c, weeks = timing.candidate, len(plan.weeks)
        print(
            f"{name:28} {timing.median:8.2f} {timing.median / weeks:6.3f} {min(c):6.2f}"
            f" {max(c):6.2f} {cold:7.2f} {timing.floor_median:7.2f} {timing.ratio:6.2f}"
            f"   ({weeks} weeks, {len(plan.sessions)} sessions)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
