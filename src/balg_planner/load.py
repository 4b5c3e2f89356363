"""Training load as information: session-RPE load, monotony and strain, ACWR, fitness and fatigue.

Everything here works on daily loads, ``{date: load}``, where a session's load is its
session-RPE load (Foster): minutes × RPE on the CR-10 scale. A day without an entry has no
load. These figures describe training; they never gate it (reference LOAD-03: the ACWR is
shown as information only, the spike guard LOAD-02 is the safety gate).

* Monotony and strain (Foster 1998, 2001): a week's mean daily load divided by the standard
  deviation of its daily loads (the sample SD, Excel's ``STDEV``), and the week's load times
  that monotony.
* ACWR (Gabbett 2016): the last 7 days' load divided by the average weekly load of the last
  28 days; and its exponentially weighted form (Williams et al. 2017), with decay 2 / (N + 1).
* Fitness, fatigue and form (Banister's impulse-response model in Coggan's form): exponentially
  weighted daily load over 42 days (fitness, CTL) and 7 days (fatigue, ATL); form (TSB) is
  yesterday's fitness minus yesterday's fatigue.

Example:
    >>> import datetime as dt
    >>> days = {dt.date(2027, 1, 4) + dt.timedelta(days=n): 300.0 for n in range(28)}
    >>> acwr(days, dt.date(2027, 1, 31))
    1.0
    >>> round(monotony([300, 0, 400, 0, 500, 0, 600]), 2)
    1.0
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

__all__ = [
    "FATIGUE_DAYS",
    "FITNESS_DAYS",
    "Form",
    "acwr",
    "acwr_ewma",
    "fitness_fatigue",
    "monotony",
    "session_rpe_load",
    "strain",
]

FITNESS_DAYS: Final = 42
"""The time constant of fitness (chronic training load)."""
FATIGUE_DAYS: Final = 7
"""The time constant of fatigue (acute training load)."""


def session_rpe_load(minutes: float, rpe: float) -> float:
    """Foster's session load: minutes × RPE (CR-10).

    Example:
        >>> session_rpe_load(45, 6)
        270.0
    """
    return float(minutes) * float(rpe)


def monotony(daily: Sequence[float]) -> float | None:
    """A week's monotony: mean daily load ÷ the sample SD of its daily loads.

    Pass all seven days, rest days as 0. None when every day is the same (no spread to divide
    by: the most monotonous week there is).
    """
    if len(daily) < 2:
        return None
    spread = statistics.stdev(daily)
    return None if spread == 0 else statistics.fmean(daily) / spread


def strain(daily: Sequence[float]) -> float | None:
    """A week's strain: its total load × its monotony (None when monotony is undefined).

    Example:
        >>> round(strain([300, 0, 400, 0, 500, 0, 600]))
        1799
    """
    value = monotony(daily)
    return None if value is None else sum(daily) * value


def _window(daily: Mapping[dt.date, float], day: dt.date, days: int) -> float:
    return sum(daily.get(day - dt.timedelta(days=back), 0.0) for back in range(days))


def acwr(daily: Mapping[dt.date, float], day: dt.date) -> float | None:
    """The acute:chronic workload ratio on `day`; None without chronic load. Information only.

    The last 7 days' load (`day` included) ÷ the average weekly load of the last 28 days.
    """
    chronic = _window(daily, day, 28) / 4
    return None if chronic == 0 else round(_window(daily, day, 7) / chronic, 3)


def acwr_ewma(daily: Mapping[dt.date, float], day: dt.date, *, since: dt.date) -> float | None:
    """The exponentially weighted ACWR on `day` (Williams et al. 2017), from `since` on.

    Acute and chronic loads decay with 2 / (7 + 1) and 2 / (28 + 1). None without chronic
    load. Information only.
    """
    acute = chronic = 0.0
    fast, slow = 2 / (7 + 1), 2 / (28 + 1)
    current = since
    while current <= day:
        load = daily.get(current, 0.0)
        acute = load * fast + (1 - fast) * acute
        chronic = load * slow + (1 - slow) * chronic
        current += dt.timedelta(days=1)
    return None if chronic == 0 else round(acute / chronic, 3)


class Form(NamedTuple):
    """Fitness, fatigue and form on one day."""

    day: dt.date
    fitness: float
    """Chronic training load (CTL): 42-day exponentially weighted daily load."""
    fatigue: float
    """Acute training load (ATL): 7-day exponentially weighted daily load."""
    form: float
    """Training stress balance (TSB): yesterday's fitness minus yesterday's fatigue."""


def fitness_fatigue(
    daily: Mapping[dt.date, float],
    *,
    start: dt.date,
    end: dt.date,
    fitness: float = 0.0,
    fatigue: float = 0.0,
) -> list[Form]:
    """Fitness, fatigue and form for every day from `start` to `end` (Banister, Coggan).

    Args:
        daily: Load by day (planned or done, or both merged).
        start: The first day.
        end: The last day (race day, to see the form the taper brings).
        fitness: Fitness on the day before `start`.
        fatigue: Fatigue on the day before `start`.

    Example:
        >>> import datetime as dt
        >>> day = dt.date(2027, 1, 4)
        >>> first = fitness_fatigue({day: 70.0}, start=day, end=day)[0]
        >>> round(first.fitness, 2), round(first.fatigue, 2), first.form
        (1.67, 10.0, 0.0)
    """
    out = []
    current = start
    while current <= end:
        form = fitness - fatigue
        load = daily.get(current, 0.0)
        fitness += (load - fitness) / FITNESS_DAYS
        fatigue += (load - fatigue) / FATIGUE_DAYS
        out.append(Form(current, fitness, fatigue, form))
        current += dt.timedelta(days=1)
    return out
