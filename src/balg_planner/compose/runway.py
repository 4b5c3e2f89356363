"""The runway: how the weeks from the first day to race day split into phases and weeks."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from balg_planner.errors import DataError
from balg_planner.schema import PhaseName, TemplateFile

__all__ = ["WeekPlan", "phase_lengths", "plan_weeks"]


def phase_lengths(template: TemplateFile, weeks: int) -> dict[PhaseName, int]:
    """Split `weeks` into base, build, peak and taper for `template`.

    At the template's default runway the split follows the phases' shares. A longer runway
    goes to base; a shorter one comes out of base, then build, then peak (each down to its
    minimum), and only then out of the taper, which never goes below its minimum.

    Raises:
        DataError: `weeks` is outside the template's runway.

    Example:
        >>> from balg_planner.catalog import load_template
        >>> lengths = phase_lengths(load_template("half-intermediate"), 16)
        >>> tuple(lengths[name] for name in PhaseName)
        (8, 4, 2, 2)
    """
    runway = template.runway
    if not runway.min_weeks <= weeks <= runway.max_weeks:
        raise DataError(
            "runway outside the template's range",
            value=weeks,
            hint=f"{template.id} runs {runway.min_weeks}-{runway.max_weeks} weeks",
        )
    specs = template.phases[:3]
    default_pre = runway.default_weeks - template.taper.weeks
    raw = [spec.share * default_pre for spec in specs]
    lengths = [math.floor(value) for value in raw]
    # Largest remainder, earliest phase first on ties, so the total is exact and stable.
    order = sorted(range(3), key=lambda i: (-(raw[i] - lengths[i]), i))
    for index in order[: default_pre - sum(lengths)]:
        lengths[index] += 1
    lengths = [max(length, spec.min_weeks) for length, spec in zip(lengths, specs, strict=True)]
    taper = template.taper.weeks
    delta = weeks - taper - sum(lengths)
    if delta > 0:
        lengths[0] += delta
    for index, spec in enumerate(specs):
        if delta >= 0:
            break
        give = min(lengths[index] - spec.min_weeks, -delta)
        lengths[index] -= give
        delta += give
    if delta < 0:
        taper += delta
    return dict(zip(PhaseName, [*lengths, taper], strict=True))


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """One week's place in the plan, before it has sessions."""

    number: int
    start: dt.date
    phase: PhaseName
    cutback: bool
    taper_index: int | None
    """Which taper week this is (0 = the first), or None before the taper."""
    race_week: bool

    @property
    def normal(self) -> bool:
        """A week that builds: neither a cutback nor a taper week."""
        return not self.cutback and self.taper_index is None


def _cutbacks(template: TemplateFile, pre_taper: int) -> frozenset[int]:
    """Every 3rd or 4th week, but never the last week before the taper (the taper follows).

    A cutback that would fall there moves one week earlier when four weeks in a row would
    otherwise build; else it is not needed.
    """
    every = template.volume.cutback_every
    weeks = set(range(every, pre_taper + 1, every))
    if pre_taper in weeks:
        weeks.discard(pre_taper)
        previous = max(weeks, default=0)
        if pre_taper - previous >= 4:  # four building weeks in a row need a break
            weeks.add(pre_taper - 1)
    return frozenset(weeks)


def plan_weeks(template: TemplateFile, start: dt.date, weeks: int) -> list[WeekPlan]:
    """The plan's weeks in order: phase, cutbacks and taper marked."""
    lengths = phase_lengths(template, weeks)
    pre_taper = weeks - lengths[PhaseName.TAPER]
    cutbacks = _cutbacks(template, pre_taper)
    plans: list[WeekPlan] = []
    number = 1
    for name in PhaseName:
        for _ in range(lengths[name]):
            taper_index = None
            if name is PhaseName.TAPER:
                taper_index = template.taper.weeks - (weeks - number) - 1
            plans.append(
                WeekPlan(
                    number=number,
                    start=start + dt.timedelta(weeks=number - 1),
                    phase=name,
                    cutback=number in cutbacks,
                    taper_index=taper_index,
                    race_week=number == weeks,
                )
            )
            number += 1
    return plans
