"""What the benchmarks share: interleaved CPU-time sampling and large, fixed inputs.

A candidate and its floor are measured in turns (candidate, floor, floor, candidate, ...), so a
change in the machine's load hits both; each sample is CPU time (`time.process_time`), which
other processes on a busy machine do not inflate the way they inflate wall time. Ratios are
taken within a round, then their median reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
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
BEGINNER = bp.Athlete(
    level="beginner",
    weekly_minutes=60,
    longest_run_minutes=25,
    availability={"tue": 40, "thu": 40, "sat": 60},
)
COMPOSE_CASES: dict[str, tuple[bp.Athlete, bp.Goal]] = {
    "marathon-advanced, 18 weeks": (ATHLETE, GOAL),
    "5k-beginner, 10 weeks": (BEGINNER, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 13))),
}
"""The compose benchmarks' runners, each composed from `START`."""
WEEK_OF_EVENTS: tuple[bp.Event, ...] = (
    bp.CheckIn(date=dt.date(2027, 2, 8), stress=8, sleep_hours=5.5),
    bp.MissedSession(date=dt.date(2027, 2, 8)),
    bp.Illness(start=dt.date(2027, 2, 9), end=dt.date(2027, 2, 10), symptoms={"runny_nose"}),
    bp.TimeLimit(date=dt.date(2027, 2, 12), minutes=35),
    bp.Pain(date=dt.date(2027, 2, 13), location="calf", score=2, settles_by_morning=True),
    bp.CheckIn(date=dt.date(2027, 2, 14), soreness=8),
    bp.CompletedSession(date=dt.date(2027, 2, 6), minutes=95, rpe=5),
)
"""A week of mixed events around `TODAY`: the issue's "adapt a week" case."""


@dataclasses.dataclass(frozen=True)
class Timing:
    """CPU milliseconds per call of a candidate and its floor, sampled in turns."""

    candidate: tuple[float, ...]
    floor: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.candidate)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor)

    @property
    def ratio(self) -> float:
        """The median of the per-round ratios: each round's candidate over its own floor."""
        pairs = zip(self.candidate, self.floor, strict=True)
        return statistics.median(c / f for c, f in pairs if f > 0)

    def spread(self) -> str:
        """min/median/max of the candidate, in ms."""
        c = self.candidate
        return f"{min(c):8.2f} {statistics.median(c):8.2f} {max(c):8.2f}"


def cpu_ms(action: Callable[[], object], number: int = 1) -> float:
    """CPU milliseconds per call, over `number` calls."""
    began = time.process_time()
    for _ in range(number):
        action()
    return (time.process_time() - began) * 1000 / number


def interleaved(
    candidate: Callable[[], object],
    floor: Callable[[], object],
    *,
    repeat: int,
    number: int = 1,
    warmup: int = 1,
) -> Timing:
    """Sample `candidate` and `floor` in alternating order, `repeat` rounds of `number` calls."""
    for _ in range(warmup):
        candidate()
        floor()
    cand: list[float] = []
    base: list[float] = []
    for round_ in range(repeat):
        if round_ % 2:
            base.append(cpu_ms(floor, number))
            cand.append(cpu_ms(candidate, number))
        else:
            cand.append(cpu_ms(candidate, number))
            base.append(cpu_ms(floor, number))
    return Timing(tuple(cand), tuple(base))


def big_events(plan: bp.Plan, count: int) -> tuple[list[bp.Event], dt.date]:
    """`count` mixed events spread over `plan`, and the day they are adapted on (mid-plan).

    Check-ins, completed and missed runs before today; time limits, short colds and mild pains
    across the plan: the mix a runner who logs everything produces.
    """
    days = (plan.end - plan.start).days
    today = plan.start + dt.timedelta(days=days // 2)
    past = max((today - plan.start).days, 1)
    out: list[bp.Event] = []
    for index in range(count):
        back = plan.start + dt.timedelta(days=index * 7 % past)
        anywhere = plan.start + dt.timedelta(days=index * 5 % days)
        match index % 7:
            case 0:
                out.append(bp.CheckIn(date=back, stress=3 + index % 7, sleep_hours=5 + index % 4))
            case 1:
                out.append(
                    bp.CompletedSession(date=back, minutes=30 + index % 60, rpe=1 + index % 10)
                )
            case 2:
                out.append(bp.MissedSession(date=back))
            case 3:
                out.append(bp.TimeLimit(date=anywhere, minutes=25 + index % 40))
            case 4:
                out.append(
                    bp.CheckIn(date=anywhere, soreness=4 + index % 6, fatigue=1 + index % 10)
                )
            case 5:
                out.append(
                    bp.Pain(
                        date=anywhere, location="calf", score=index % 4, settles_by_morning=True
                    )
                )
            case _:
                end = anywhere + dt.timedelta(days=1)
                out.append(
                    bp.Illness(start=anywhere, end=min(end, plan.end), symptoms={"runny_nose"})
                )
    return out, today


def big_rules(count: int) -> bp.RuleSet:
    """`count` extra rules: clones of the built-in ones under new ids, in a fixed order."""
    builtin = bp.default_rules().rules
    rules = []
    for index in range(count):
        rule = builtin[index % len(builtin)]
        data = rule.model_dump(by_alias=True)
        data["id"] = f"copy{index}.{rule.id}"
        rules.append(type(rule).model_validate(data))
    return bp.RuleSet(rules=tuple(sorted(rules, key=lambda r: r.id)), sources=("<clones>",))
