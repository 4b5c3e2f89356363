"""Place a week's sessions on days with a constraint solver (python-constraint2).

This is the only module that imports python-constraint. Each week is one problem: the sessions
to place are the variables, the days that can hold them are their domains, and the rules are
constraints:

* one session a day;
* at least 48 hours between hard sessions (the long run, quality work and the race), also
  across the boundary with the previous week;
* no hard session in the two days before the race;
* strength never on the day before a hard session or the race;
* no more running days in a row than the week allows (few-days runners spread out);
* every session fits the minutes available that day.

Preferences (the long-run day, quality mid-week) are expressed through the order of each
domain; the solver is explicit and the variable names fixed, so the same problem always gets
the same answer. Identical problems are solved once and cached.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from constraint import Problem

__all__ = ["Slot", "SlotRole", "WeekProblem", "assign_days", "trim_main_set"]


class SlotRole(StrEnum):
    """What a slot is, which decides the rules it follows."""

    RACE = "race"
    LONG = "long"
    QUALITY = "quality"
    EASY = "easy"
    STRENGTH = "strength"
    OTHER = "other"

    @property
    def hard(self) -> bool:
        """Hard slots need 48 hours between them."""
        return self in _HARD


_HARD: Final = frozenset({SlotRole.RACE, SlotRole.LONG, SlotRole.QUALITY})


@dataclass(frozen=True, slots=True)
class Slot:
    """A session waiting for a day.

    Attributes:
        name: A unique variable name within the week (also its tie-break order).
        role: What kind of slot it is.
        min_minutes: The fewest minutes a day must have to hold it.
        preferred: Day offsets (0-6) in order of preference; only these are allowed.
    """

    name: str
    role: SlotRole
    min_minutes: int
    preferred: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class WeekProblem:
    """One week to schedule.

    Attributes:
        minutes: Minutes available on each of the seven days (0 = unavailable).
        slots: The sessions to place.
        hard_before: The day before this week held a hard session.
        strength_before: The day before this week held strength work.
        race_day: Days from the week's first day to the race, when the race is close enough
            to matter (in this week or the first days of the next); None otherwise.
        max_in_a_row: The most running days in a row within the week.
    """

    minutes: tuple[int, ...]
    slots: tuple[Slot, ...]
    hard_before: bool = False
    strength_before: bool = False
    race_day: int | None = None
    max_in_a_row: int = 7
    """The most running days in a row (a few-days-a-week runner's runs spread out)."""

    def with_slots(
        self, slots: tuple[Slot, ...], *, max_in_a_row: int | None = None
    ) -> WeekProblem:
        """The same week with other `slots` (and, when given, another `max_in_a_row`).

        Built directly rather than with `dataclasses.replace`, which costs three times as much:
        placing a week tries many sets of slots.
        """
        return WeekProblem(
            self.minutes,
            slots,
            self.hard_before,
            self.strength_before,
            self.race_day,
            self.max_in_a_row if max_in_a_row is None else max_in_a_row,
        )


def _apart(a: int, b: int) -> bool:
    return abs(a - b) >= 2


def _not_day_before(strength: int, other: int) -> bool:
    return other - strength != 1


def _not_all_in_a_row(*days: int) -> bool:
    return max(days) - min(days) != len(days) - 1


_RUNS: Final = frozenset({SlotRole.RACE, SlotRole.LONG, SlotRole.QUALITY, SlotRole.EASY})


def _pairwise(
    problem: Problem,
    left: Sequence[Slot],
    right: Sequence[Slot],
    rule: Callable[[int, int], bool],
) -> None:
    for a in left:
        for b in right:
            if a.name != b.name:
                problem.addConstraint(rule, [a.name, b.name])


def _domain(slot: Slot, week: WeekProblem) -> list[int]:
    days = []
    for day in slot.preferred:
        if slot.role is SlotRole.RACE:
            days.append(day)
            continue
        if week.minutes[day] < slot.min_minutes or day == week.race_day:
            continue
        if slot.role.hard and day == 0 and (week.hard_before or week.strength_before):
            continue
        near_race = week.race_day is not None and 0 < week.race_day - day <= 2
        if near_race and (slot.role.hard or slot.role is SlotRole.STRENGTH):
            continue
        days.append(day)
    # The backtracking solver tries a domain's values from the end: most preferred goes last.
    days.reverse()
    return days


@functools.lru_cache(maxsize=512)
def assign_days(week: WeekProblem) -> dict[str, int] | None:
    """Return a day offset for every slot, or None when the week cannot hold them all.

    The answer is deterministic: the same problem always gets the same days.
    """
    if not week.slots:
        return {}
    # Imported on first use: most imports of the library never schedule anything.
    from constraint import AllDifferentConstraint, BacktrackingSolver, Problem

    problem = Problem(BacktrackingSolver())
    for slot in week.slots:
        domain = _domain(slot, week)
        if not domain:
            return None
        problem.addVariable(slot.name, domain)
    names = [slot.name for slot in week.slots]
    if len(names) > 1:
        problem.addConstraint(AllDifferentConstraint(), names)
    hard = [slot for slot in week.slots if slot.role.hard]
    for index, a in enumerate(hard):
        for b in hard[index + 1 :]:
            problem.addConstraint(_apart, [a.name, b.name])
    strength = [slot for slot in week.slots if slot.role is SlotRole.STRENGTH]
    _pairwise(problem, strength, hard, _not_day_before)
    runs = [slot.name for slot in week.slots if slot.role in _RUNS]
    if len(runs) > week.max_in_a_row:
        for group in itertools.combinations(runs, week.max_in_a_row + 1):
            problem.addConstraint(_not_all_in_a_row, list(group))
    solution: dict[str, int] | None = problem.getSolution()
    return None if solution is None else dict(solution)


@functools.lru_cache(maxsize=1024)
def trim_main_set(
    limit: float,
    warmup: tuple[float, float],
    reps: int,
    rep_minutes: float,
    cooldown: tuple[float, float],
    *,
    fewest: int = 1,
) -> tuple[float, int, float] | None:
    """Choose the warm-up, rep count and cool-down that fit `limit` minutes.

    A small constraint problem: the reps (each with its recovery) are the key stimulus, so the
    solution keeps as many as fit, then the longest warm-up, then the longest cool-down. Each
    range is ``(minimum, planned)``; reps run from `fewest` (the fewest that still make the
    session) to `reps`.

    Returns:
        ``(warmup, reps, cooldown)``, or None when even the minimal session does not fit.
    """
    if fewest > reps:
        return None
    from constraint import BacktrackingSolver, Problem

    problem = Problem(BacktrackingSolver())
    warm: list[float] = list(range(math.ceil(warmup[0]), math.floor(warmup[1]) + 1))
    cool: list[float] = list(range(math.ceil(cooldown[0]), math.floor(cooldown[1]) + 1))
    warm = warm or [warmup[0]]
    cool = cool or [cooldown[0]]
    problem.addVariable("warmup", warm)
    problem.addVariable("reps", list(range(fewest, reps + 1)))
    problem.addVariable("cooldown", cool)

    def fits(w: float, n: int, c: float) -> bool:
        return w + n * rep_minutes + c <= limit + 1e-9

    problem.addConstraint(fits, ["warmup", "reps", "cooldown"])
    solutions = problem.getSolutions()
    if not solutions:
        return None
    best = max(solutions, key=lambda s: (s["reps"], s["warmup"], s["cooldown"]))
    return float(best["warmup"]), int(best["reps"]), float(best["cooldown"])
