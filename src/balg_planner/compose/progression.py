"""Plan from the race backwards: weekly volume and the long run, week by week.

The template says what the race needs by the last peak week (``[readiness]``: the peak long
run, the race-specific dose, the peak week relative to now). This module lays out how the
runner gets there from where they are today (reference LOAD-01, LOAD-02, LOAD-05, LOAD-06,
LOAD-12, LOAD-13):

* week 1 runs what the runner runs now; normal weeks grow smoothly, at most the template's
  ramp (never more than 10 %) a week, to the peak the days allow, reached a couple of weeks
  before the taper so it is held, not touched once;
* the long run starts at the runner's current longest run (never less, outside cutback and
  taper weeks) and grows in steps of at most 10 % to the readiness target, keeping within
  its share of the week for the number of days run (LOAD-13);
* cutback weeks drop to the template's share of the last normal week, and the taper to its
  shares of the peak.

When the days or the runway cannot reach the target, `Outlook` says which limit binds and
what would fix it, with numbers that work for the given dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from balg_planner.athlete import Athlete, Weekday
from balg_planner.compose.runway import WeekPlan
from balg_planner.plan import ReadinessLimit
from balg_planner.schema import TemplateFile
from balg_planner.science import SPIKE, spike_limit

__all__ = ["Outlook", "long_run_day", "outlook", "running_days", "shortest_long_run"]

"""No run longer than 110 % of the longest of the last 30 days (LOAD-02); long-run steps too."""

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_HOLD = 2
"""Normal weeks at the peak before the taper: the peak is held, not touched once."""


def shortest_long_run(template: TemplateFile) -> int:
    """The shortest long run worth its name.

    A little longer than the shortest easy run, so it stays the week's longest run even in
    cutback and taper weeks.
    """
    return template.sessions.easy_min_minutes + 5


def running_days(template: TemplateFile, athlete: Athlete) -> int:
    """How many days a week the plan runs: the template's most, within the runner's days."""
    easy_min = template.sessions.easy_min_minutes
    usable = sum(
        1 for day in athlete.availability.days if athlete.availability.minutes(day) >= easy_min
    )
    return max(1, min(template.days.max_runs, 7 - template.days.min_rest_days, usable))


def long_run_day(template: TemplateFile, athlete: Athlete) -> Weekday:
    """The runner's long-run day when it has room for their long run, else the roomiest day.

    Room means the runner's current longest run (at least the template's shortest long run),
    or as much as any day holds.
    """
    availability = athlete.availability
    roomiest = max(availability.days, key=lambda day: (availability.minutes(day), day.number))
    favourite = athlete.long_run_day
    need = min(
        max(athlete.longest_run_minutes, template.long_run.min_minutes),
        availability.minutes(roomiest),
    )
    if favourite is not None and availability.minutes(favourite) >= need:
        return favourite
    return roomiest


@dataclass(frozen=True, slots=True)
class Outlook:
    """The plan's targets week by week, and what limits the long run."""

    volume: tuple[int, ...]
    """Planned training minutes of each week (the race not counted)."""
    long_run: tuple[int, ...]
    """Planned long run of each week in minutes (0 in the race week)."""
    long_floor: tuple[int, ...]
    """The long run never goes below this in a week (the current longest run, in normal weeks)."""
    limits: tuple[ReadinessLimit, ...]
    fixes: tuple[str, ...]
    """What would let the long run reach its target, one fix per limit."""
    share: float
    """The long run's largest share of the week (LOAD-13) for the days run."""
    long_day: Weekday
    """The day the long run goes on."""


def _geometric(start: float, peak: float, steps: int, ratio_cap: float) -> float:
    """The growth ratio from `start` to `peak` over `steps` steps, at most `ratio_cap`."""
    if steps <= 0 or peak <= start:
        return 1.0
    return min(ratio_cap, float((peak / start) ** (1 / steps)))


def _steps(start: float, peak: float, ratio: float) -> int:
    """Steps of at most `ratio` from `start` to reach `peak`."""
    if peak <= start:
        return 0
    return math.ceil(math.log(peak / start) / math.log(ratio) - 1e-9)


def _reach(start: float, steps: int) -> float:
    """The longest run `steps` spike-guarded steps grow to, in whole minutes as planned."""
    length = math.floor(start)
    for _ in range(max(steps, 0)):
        length = spike_limit(length)
    return length


def _five(minutes: float) -> int:
    """Lighter long runs (cutback and taper) in whole five minutes."""
    return 5 * math.floor(minutes / 5 + 1e-9)


def outlook(
    template: TemplateFile, athlete: Athlete, weeks: Sequence[WeekPlan], start: dt.date
) -> Outlook:
    """Lay out the weekly volume and the long run from today to the race."""
    volume_spec, long_spec = template.volume, template.long_run
    ramp = 1 + min(volume_spec.ramp, SPIKE - 1)
    days = running_days(template, athlete)
    share = long_spec.share(days)
    day = long_run_day(template, athlete)
    day_minutes = athlete.availability.minutes(day)

    v0 = athlete.weekly_minutes * volume_spec.start
    others = sorted(
        (athlete.availability.minutes(d) for d in athlete.availability.days if d != day),
        reverse=True,
    )[: days - 1]
    # What the days can hold when the long run takes its share: each other run at most
    # about 30 % of the week (LOAD-13), the long run what its day allows.
    capacity = min(day_minutes, long_spec.cap_minutes) + sum(others)
    normal = [week for week in weeks if week.normal]
    count = len(normal)
    by_days = min(capacity, volume_spec.peak_minutes)
    by_growth = min(v0 * template.readiness.peak_week, v0 * ramp ** max(count - 1, 0))
    v_peak = max(v0, min(by_days, by_growth))

    # The cap limits growth; a runner who already runs longer keeps their long run.
    l0 = min(athlete.longest_run_minutes, day_minutes)
    target = template.readiness.long_run_minutes
    goal = max(l0, target)
    # The long run keeps its share of the week: with the other days full, it may be at most
    # share / (1 - share) of what they hold.
    by_others = share / (1 - share) * sum(others)
    limit_values = {
        ReadinessLimit.DAY: day_minutes,
        ReadinessLimit.WEEK: min(share * volume_spec.peak_minutes, by_others),
        ReadinessLimit.RUNWAY: min(share * by_growth, _reach(l0, count - 1)),
    }
    l_peak = math.floor(max(l0, min(goal, *limit_values.values())) + 1e-9)
    # The tightest limit first: it is the one to lift first.
    limits = tuple(
        reason
        for reason, value in sorted(limit_values.items(), key=lambda item: item[1])
        if value < target and l_peak < target
    )

    v_steps = _steps(v0, v_peak, ramp)
    l_steps = _steps(l0, l_peak, SPIKE)
    v_ratio = _geometric(v0, v_peak, max(v_steps, count - 1 - _HOLD), ramp)
    l_ratio = _geometric(l0, l_peak, max(l_steps, count - 1 - _HOLD), SPIKE)

    volume: list[int] = []
    long_run: list[int] = []
    floors: list[int] = []
    k = 0
    last_v, last_l = v0, float(l0)
    peak_v = v0
    for week in weeks:
        if week.normal:
            v = min(v_peak, v0 * v_ratio**k)
            # Whole minutes, so each step grows from what the runner really ran; rounding up
            # the smooth path (within the spike guard) keeps it from falling behind.
            spike = spike_limit(last_l) if k else l0
            grown = min(l_peak, math.ceil(l0 * l_ratio**k - 1e-9), spike)
            length = max(l0, min(grown, math.floor(share * v + 1e-9)))
            k += 1
            last_v, last_l, peak_v = v, length, max(peak_v, v)
            volume.append(math.floor(v + 1e-9))
            long_run.append(length)
            floors.append(l0)
        elif week.taper_index is None:  # a cutback
            volume.append(math.floor(last_v * volume_spec.cutback + 1e-9))
            # Still the week's longest run: never shorter than an easy run.
            shortest = min(shortest_long_run(template), last_l)
            long_run.append(max(_five(last_l * volume_spec.cutback), math.floor(shortest)))
            floors.append(0)
        else:
            taper = template.taper.volume[week.taper_index]
            volume.append(math.floor(peak_v * taper + 1e-9))
            shortest = min(shortest_long_run(template), l_peak)
            tapered = max(_five(l_peak * min(1.0, taper + 0.1)), shortest)
            long_run.append(0 if week.race_week else tapered)
            floors.append(0)
    fixes = _fixes(
        template, athlete, limits, day, day_minutes, sum(others), share, l0, start, weeks
    )
    return Outlook(
        volume=tuple(volume),
        long_run=tuple(long_run),
        long_floor=tuple(floors),
        limits=limits,
        fixes=fixes,
        share=share,
        long_day=day,
    )


def _fixes(
    template: TemplateFile,
    athlete: Athlete,
    limits: Sequence[ReadinessLimit],
    day: Weekday,
    day_minutes: int,
    others: float,
    share: float,
    l0: float,
    start: dt.date,
    weeks: Sequence[WeekPlan],
) -> tuple[str, ...]:
    target = template.readiness.long_run_minutes
    fixes: list[str] = []
    for limit in limits:
        if limit is ReadinessLimit.DAY:
            fix = f"{target - day_minutes} more minutes on {_DAY_NAMES[day.number]} would hold it"
            roomier = _roomier_day(athlete, day)
            if roomier is not None:
                minutes = athlete.availability.minutes(roomier)
                fix += f", or the long run on {_DAY_NAMES[roomier.number]} ({minutes} min free)"
            fixes.append(fix)
        elif limit is ReadinessLimit.WEEK:
            # The other days must hold the rest of a week in which the long run keeps its share.
            need = math.ceil(target * (1 - share) / share)
            if others < need:
                more = need - math.floor(others)
                fixes.append(
                    f"the other days would need about {need} minutes of running and hold about "
                    f"{math.floor(others)}: {more} more minute{'s' if more != 1 else ''} across "
                    "them, or one more running day, would carry it"
                )
            else:
                fixes.append(
                    f"this plan's weeks top out at {template.volume.peak_minutes} minutes and "
                    f"the long run keeps to {round(share * 100)} % of the week: one more running "
                    "day, or a plan for a higher level, would carry it"
                )
        else:
            fixes.append(_runway_fix(template, athlete, l0, share, start, weeks))
    return tuple(fixes)


def _roomier_day(athlete: Athlete, day: Weekday) -> Weekday | None:
    """The roomiest day, when it has more minutes than the long-run day."""
    availability = athlete.availability
    roomiest = max(availability.days, key=lambda d: (availability.minutes(d), d.number))
    return roomiest if availability.minutes(roomiest) > availability.minutes(day) else None


def _runway_fix(
    template: TemplateFile,
    athlete: Athlete,
    l0: float,
    share: float,
    start: dt.date,
    weeks: Sequence[WeekPlan],
) -> str:
    target = template.readiness.long_run_minutes
    ramp = 1 + min(template.volume.ramp, SPIKE - 1)
    v0 = athlete.weekly_minutes * template.volume.start
    week_need = target / share
    by_growth = min(v0 * template.readiness.peak_week, week_need)
    normal = 1 + max(_steps(l0, target, SPIKE), _steps(v0, by_growth, ramp)) + _HOLD
    every = template.volume.cutback_every
    needed = math.ceil(normal * every / (every - 1)) + template.taper.weeks
    if v0 * template.readiness.peak_week < week_need or needed > template.runway.max_weeks:
        return (
            f"it needs a week of about {math.ceil(week_need)} minutes, more than one plan "
            f"builds safely from your {round(v0)}: a few months of steady running first (this "
            "race can be a step on the way)"
        )
    later = start + dt.timedelta(weeks=max(needed, len(weeks)) - 1)
    return f"a race on or after {later.isoformat()} would give it time to grow"
