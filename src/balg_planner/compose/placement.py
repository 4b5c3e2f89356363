"""Placement: which day each of a week's sessions goes on.

The runs are placed first, by `balg_planner.schedule` (the only user of the constraint
solver): one session a day, 48 hours between hard sessions, nothing hard just before the race,
preferences as the order of each domain. Runs spread out on three to five days when that costs
no minutes. Support work then goes on the days the runs leave free. When a week cannot hold
everything, support work goes first, then easy runs, then quality; never the long run or the
race.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Final, NamedTuple

from balg_planner.athlete import Athlete, Weekday
from balg_planner.compose.runway import WeekPlan
from balg_planner.compose.sessions import Quality
from balg_planner.errors import SchedulingError
from balg_planner.schedule import Slot, SlotRole, WeekProblem, assign_days
from balg_planner.schema import PhaseSpec, TemplateFile

__all__ = ["WeekPlacement", "place", "quality_slot", "room_for", "solve", "week_slots"]

_MID_WEEK: Final = (Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.MON, Weekday.FRI)


_DROP_ORDER: Final = (
    ("g_cross", 0),
    ("f_mobility", 0),
    ("e_strength", 0),
    ("d_easy", 2),
    ("c_quality", 1),
    ("d_easy", 0),
    ("c_quality", 0),
)
"""Which slots go first when a week cannot hold them all, and how many of each kind stay.

Support work goes first, then easy runs beyond two, then any quality session beyond the most
important one, then the remaining easy runs, then the last quality session. The long run and
the race always stay.
"""

_FIXED_ROLES: Final = frozenset({SlotRole.LONG, SlotRole.RACE, SlotRole.QUALITY})


class _Days(NamedTuple):
    """A week's days in each order its slots prefer them (see `_week_days`)."""

    long_preferred: tuple[int, ...]
    """The race's day, or the long run's: its own day first, then the roomiest."""
    mid_first: tuple[int, ...]
    """Quality days: mid-week first, then the roomiest."""
    easy_order: tuple[int, ...]
    """Easy days: the roomiest first, then those farther from the long run (or race)."""
    snug: tuple[int, ...]
    """Support days: the shortest first."""
    not_last: tuple[int, ...]
    """Strength days: `snug` without the week's last day."""


@functools.lru_cache(maxsize=256)
def _week_days(
    day_minutes: tuple[int, ...], race_day: int | None, first_weekday: int, long_weekday: int
) -> _Days:
    """The orders of a week's days, which only its minutes and weekdays decide.

    Every week of a plan but the race week has the same ones, so they are worked out once.
    """
    runnable = [day for day in range(7) if day_minutes[day] > 0 and day != race_day]
    by_minutes = tuple(sorted(runnable, key=lambda day: (-day_minutes[day], -day)))
    first = (long_weekday - first_weekday) % 7
    if race_day is not None:
        long_preferred: tuple[int, ...] = (race_day,)
    else:
        long_preferred = (first, *(day for day in by_minutes if day != first))
    mid_week = tuple((day.number - first_weekday) % 7 for day in _MID_WEEK)
    mid_first = tuple(day for day in mid_week if day in runnable) + tuple(
        day for day in by_minutes if day not in mid_week
    )
    # Next week's long run on its first day: no quality the day before it, this week's last.
    if first == 0:
        mid_first = tuple(day for day in mid_first if day != 6)
    # Roomier days first; among equals, days farther from the long run (or race), so the
    # week's runs spread out instead of bunching around it.
    anchor = long_preferred[0]

    def spread(day: int) -> tuple[int, int, int]:
        apart = abs(day - anchor)
        return (-day_minutes[day], -min(apart, 7 - apart), day)

    easy_order = tuple(sorted(runnable, key=spread))
    # Support work takes the shortest days that hold it, leaving the roomy ones to running.
    snug = tuple(sorted(runnable, key=lambda day: (day_minutes[day], -day)))
    # Never strength on the week's last day: the next week's runs are not placed yet, and
    # strength must not stand before a hard day.
    not_last = tuple(day for day in snug if day != 6)
    return _Days(long_preferred, mid_first, easy_order, snug, not_last)


@functools.lru_cache(maxsize=256)
def _easy_and_support(
    days: _Days, easy: int, easy_min: int, support: tuple[tuple[int, int], ...]
) -> tuple[Slot, ...]:
    """The week's easy-run and support slots: `easy` runs, then `support`'s (count, minutes).

    The same slot objects for the same week shape, so the solver's cache compares them at a
    glance.
    """
    slots = [
        Slot(f"d_easy{index}", SlotRole.EASY, easy_min, days.easy_order) for index in range(easy)
    ]
    kinds = (
        ("e_strength", SlotRole.STRENGTH, days.not_last),
        ("f_mobility", SlotRole.OTHER, days.snug),
        ("g_cross", SlotRole.OTHER, days.snug),
    )
    for (prefix, role, order), (count, need) in zip(kinds, support, strict=True):
        slots.extend(Slot(f"{prefix}{index}", role, need, order) for index in range(count))
    return tuple(slots)


def week_slots(
    template: TemplateFile,
    athlete: Athlete,
    week: WeekPlan,
    spec: PhaseSpec,
    day_minutes: tuple[int, ...],
    race_day: int | None,
    shapes: Sequence[Quality],
    long_target: int,
    long_weekday: Weekday,
) -> list[Slot]:
    """The week's sessions waiting for days: the race or long run, quality, easy runs, support."""
    days = _week_days(day_minutes, race_day, week.start.weekday(), long_weekday.number)
    slots: list[Slot] = []
    long_day = days.long_preferred[0]
    if race_day is not None:
        slots.append(Slot("a_race", SlotRole.RACE, 0, days.long_preferred))
    else:
        # The long run keeps its day: only days that hold as much as the first choice (up to
        # this week's long run) qualify, so quality work never pushes it to a shorter day.
        need = max(min(long_target, day_minutes[long_day]), template.sessions.easy_min_minutes)
        slots.append(Slot("b_long", SlotRole.LONG, need, days.long_preferred))
    mid_first = days.mid_first
    for index, shape in enumerate(shapes):
        full = shape.total(template)
        # Days that hold the whole session first, mid-week first; then days for a shorter
        # one; the long run's day last (the long run comes first there).
        order = (
            tuple(d for d in mid_first if day_minutes[d] >= full and d != long_day)
            + tuple(d for d in mid_first if day_minutes[d] < full and d != long_day)
            + tuple(d for d in mid_first if d == long_day)
        )
        need = math.ceil(shape.smallest(template) - 1e-9)
        slots.append(Slot(quality_slot(index), SlotRole.QUALITY, need, order))
    runs = len(shapes) + 1  # the long run, or in race week the race itself
    sessions = template.sessions
    support = (
        (spec.strength, sessions.strength_minutes),
        (spec.mobility, sessions.mobility_minutes),
        (spec.cross_training, sessions.cross_training_minutes),
    )
    easy = max(0, template.days.max_runs - runs)
    slots.extend(_easy_and_support(days, easy, sessions.easy_min_minutes, support))
    return slots


def quality_slot(index: int) -> str:
    """The slot name of the week's `index`-th quality session (0 = the most important)."""
    return f"c_quality{index}"


def room_for(template: TemplateFile, day_minutes: tuple[int, ...], race_day: int | None) -> int:
    """How many sessions the week can hold: one a day, rest days kept."""
    days_in_week = 7 if race_day is None else race_day + 1
    runnable = sum(1 for day in range(7) if day_minutes[day] > 0 and day != race_day)
    return min(days_in_week - template.days.min_rest_days, runnable + (race_day is not None))


def _drop(slots: list[Slot], count: int, *, keep_quality: bool = False) -> list[Slot]:
    """Let go of `count` slots, least important first (the last of each kind first)."""
    kept = list(slots)
    for prefix, keep in _DROP_ORDER:
        if count <= 0:
            break
        if keep_quality and prefix == "c_quality":
            continue
        matches = [slot for slot in kept if slot.name.startswith(prefix)]
        while count > 0 and len(matches) > keep:
            kept.remove(matches.pop())
            count -= 1
    return kept


def solve(
    week: WeekPlan, problem: WeekProblem, room: int, *, relaxed: int = 0
) -> tuple[dict[str, int], tuple[Slot, ...]]:
    """Place as much of the week as fits.

    Quality sessions are tried all together first, then one fewer at a time (48 hours between
    hard days may not allow them all); for each count, the slots beyond the week's room go in
    `_DROP_ORDER`, and if the solver still finds no answer, support work and easy runs go one
    by one. Close to the race the long run may go too; elsewhere a week that cannot hold its
    long run is an error.
    """
    quality = [slot for slot in problem.slots if slot.role is SlotRole.QUALITY]
    others = [slot for slot in problem.slots if slot.role is not SlotRole.QUALITY]
    easy = next((slot for slot in others if slot.role is SlotRole.EASY), None)
    # The most quality sessions that fit, the most important first: when the first cannot be
    # placed, a later one may still be.
    tries = (kept for keep in range(len(quality), -1, -1) for kept in combinations(quality, keep))
    for kept in tries:
        # A quality session the week cannot hold leaves its day to an easy run, not to support.
        instead = [
            Slot(f"d_easy9{index}", SlotRole.EASY, easy.min_minutes, easy.preferred)
            for index in range(len(quality) - len(kept))
            if easy is not None
        ]
        slots = sorted([*others, *kept, *instead], key=lambda slot: slot.name)
        slots = _drop(slots, len(slots) - room)
        while True:
            candidate = problem.with_slots(tuple(slots))
            solution = assign_days(candidate)
            if solution is not None:
                return solution, candidate.slots
            optional = [s for s in slots if s.role not in _FIXED_ROLES]
            if not optional:
                break
            slots = _drop(slots, 1, keep_quality=True)
    if problem.race_day is not None:
        # Close to the race a long run matters least; rest beats cramming it in.
        race_only = [slot for slot in problem.slots if slot.role is SlotRole.RACE]
        solution = assign_days(
            WeekProblem(minutes=problem.minutes, slots=tuple(race_only), race_day=problem.race_day)
        )
        if solution is not None:
            return solution, tuple(race_only)
    available = ", ".join(
        f"{(week.start + dt.timedelta(days=d)).strftime('%a').lower()} {m} min"
        for d, m in enumerate(problem.minutes)
        if m > 0
    )
    long_slot = next(slot for slot in problem.slots if slot.role is SlotRole.LONG)
    if long_slot.min_minutes > relaxed:
        # No day as roomy as the first choice is free: a shorter day beats no long run.
        shorter = Slot(long_slot.name, long_slot.role, relaxed, long_slot.preferred)
        relaxed_slots = tuple(shorter if slot is long_slot else slot for slot in problem.slots)
        relaxed_problem = problem.with_slots(relaxed_slots)
        return solve(week, relaxed_problem, room, relaxed=relaxed)
    raise SchedulingError(
        "cannot place the long run",
        loc=(f"week {week.number}",),
        value=f"needs a day with {long_slot.min_minutes} min",
        hint=f"available: {available or 'none'}; add minutes to a day or choose a shorter race",
    )


def place(
    week: WeekPlan, problem: WeekProblem, room: int, template: TemplateFile
) -> tuple[dict[str, int], tuple[Slot, ...]]:
    """Runs first, then support work on the days the runs leave free.

    Placing everything at once lets a strength session take a roomy day and push a run onto
    a short one; with the runs fixed first, support work only ever fills what is left.
    """
    relaxed = template.sessions.easy_min_minutes
    runs = [slot for slot in problem.slots if slot.role not in _SUPPORT_ROLES]
    support = [slot for slot in problem.slots if slot.role in _SUPPORT_ROLES]
    only_runs = problem.with_slots(tuple(runs))
    solution, placed = solve(week, only_runs, room, relaxed=relaxed)
    in_a_row = _IN_A_ROW.get(len(placed), 7)
    if in_a_row < len(placed):
        # Spread the runs when the week still holds all of them that way...
        spread = only_runs.with_slots(tuple(placed), max_in_a_row=in_a_row)
        spaced = assign_days(spread)

        def room_of(days: dict[str, int]) -> int:
            return sum(problem.minutes[day] for day in days.values())

        # ... and loses the runner no more than a few minutes of room for it.
        if spaced is not None and room_of(spaced) >= 0.95 * room_of(solution):
            solution = spaced
    if not support or len(placed) >= room:
        return solution, placed
    fixed = [
        Slot(slot.name, slot.role, slot.min_minutes, (solution[slot.name],)) for slot in placed
    ]
    return solve(week, problem.with_slots((*fixed, *support)), room)


_SUPPORT_ROLES: Final = frozenset({SlotRole.STRENGTH, SlotRole.OTHER})

_IN_A_ROW: Final = {2: 1, 3: 2, 4: 2, 5: 3}
"""The most running days in a row by runs a week: three or four runs never bunch up."""


@dataclass(frozen=True, slots=True)
class WeekPlacement:
    """A scheduled week waiting for its sessions' sizes."""

    day_minutes: tuple[int, ...]
    solution: dict[str, int]
    slots: tuple[Slot, ...]
    target: int
    cap: int
    finish: int
    """Minutes of marathon pace at the end of this week's long run (0 for none)."""
    lighter_cap: float | None
    """In a cutback, taper or race week, the longest easy run of the week before; None in a
    building week."""
    race_eve: int | None
    """The day before the race, when it falls in this week."""
    ceiling: int
    """The most the week may run (10 % over the last normal week): a small overshoot of the
    target beats a week of fewer, longer runs."""

    def day_of(self, slot: Slot) -> int:
        """The day (0-6 from the week's start) the slot was placed on."""
        return self.solution[slot.name]

    def role(self, role: SlotRole) -> list[Slot]:
        """The week's slots with `role`."""
        return [slot for slot in self.slots if slot.role is role]
