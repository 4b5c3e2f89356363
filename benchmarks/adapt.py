"""Benchmark: how long adapt takes for an 18-week plan and a week of mixed events.

The floor is validating the same plan from its JSON (``Plan.model_validate_json``), measured in
turns with adapt so that load drift hits both; times are CPU ms per call (min/median/max) and
the ratio is the median of the per-round ratios. Targets (issue 14): at most 3 ms median and
1.5 times the floor. ``benchmarks/speed.py`` covers 1-1,000 events and up to 2,000 rules.

    python benchmarks/adapt.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import functools
import sys
import warnings

import balg_planner as bp
from common import ATHLETE, GOAL, START, TODAY, WEEK_OF_EVENTS, interleaved

EVENTS = WEEK_OF_EVENTS


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
    floor = functools.partial(bp.Plan.model_validate_json, text)
    timing = interleaved(run, floor, repeat=args.repeat)
    print(f"{'case (CPU ms)':34} {'min':>7} {'median':>8} {'max':>8} {'floor':>8} {'ratio':>6}")
    print(
        f"{'18-week marathon, 7 mixed events':34} {timing.spread()} {timing.floor_median:8.2f}"
        f" {timing.ratio:6.2f}   ({len(result.adjustments)} adjustments,"
        f" {len(bp.default_rules())} rules)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
