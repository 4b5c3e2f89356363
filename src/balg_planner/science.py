"""The running science: VDOT, race equivalents, training paces, heart rate, fitness after a break.

The equations are Daniels and Gilbert's (*Oxygen Power*, 1979), with v in metres per minute
and t in minutes:

* oxygen cost of running at speed v: ``VO2(v) = -4.60 + 0.182258 v + 0.000104 v²``
* fraction of VO2max sustainable for t minutes:
  ``F(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)``
* VDOT of a race of d metres in t minutes: ``VO2(d / t) / F(t)``

Training paces use the least-squares fit to Daniels' published table (the "fit" method of
the `tlgs/vdot` analysis): easy 63.0-73.5 % of VDOT, threshold 88 %, interval 97.4 %,
marathon at the equivalent marathon's pace, repetition 6 s per 400 m faster than interval
(8 s below VDOT 50). No printed table is copied; every value is computed.

Example:
    >>> from balg_planner.science import vdot_from_race, equivalent_time
    >>> from balg_planner.units import format_duration
    >>> round(vdot_from_race("5k", "20:00"), 1)
    49.8
    >>> format_duration(equivalent_time(49.81, "10k"))
    '41:28'
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import deque
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final

from pydantic import BaseModel, ConfigDict, model_validator

from balg_planner.errors import DataError
from balg_planner.units import (
    KM,
    DistanceUnit,
    Pace,
    PaceSeconds,
    format_pace,
    pace_from_speed,
    parse_distance,
    parse_duration,
)

__all__ = [
    "MAX_VDOT",
    "MIN_VDOT",
    "SPIKE",
    "SPIKE_WINDOW",
    "SPIKE_WINDOW_DAYS",
    "HeartRateBand",
    "PaceRange",
    "RunWindow",
    "TrainingPaces",
    "equivalent_time",
    "fitness_after_break",
    "heart_rate_band",
    "longest_recent_run",
    "oxygen_cost",
    "runs_in_window",
    "speed_at_oxygen_cost",
    "spike_limit",
    "sustainable_fraction",
    "training_paces",
    "vdot_from_race",
    "window_days",
]

MIN_VDOT: Final = 20.0
"""The lowest VDOT the equations are trusted for (about a 42-minute 5K)."""

MAX_VDOT: Final = 90.0
"""The highest VDOT the equations are trusted for (beyond world-record level)."""

MIN_RACE_METRES: Final = 1500.0
MAX_RACE_METRES: Final = 42195.0

# The least-squares fractions of VDOT that reproduce Daniels' published paces (domain-science §1.3).
EASY_FAST_FRACTION: Final = 0.7346
EASY_SLOW_FRACTION: Final = 0.6304
THRESHOLD_FRACTION: Final = 0.8799
INTERVAL_FRACTION: Final = 0.9743

_MARATHON_METRES: Final = 42195.0
_RACE_RANGE_HINT: Final = f"races from {MIN_RACE_METRES:g} m to the marathon are supported"
_VDOT_RANGE_HINT: Final = (
    f"the equations hold for VDOT {MIN_VDOT:g}-{MAX_VDOT:g}; for a slower result plan by "
    "effort (leave the race out), and check a faster one for a typo"
)


def oxygen_cost(speed: float) -> float:
    """Return the oxygen cost (ml/kg/min) of running at `speed` metres per minute."""
    return -4.60 + 0.182258 * speed + 0.000104 * speed * speed


def speed_at_oxygen_cost(vo2: float) -> float:
    """Return the speed (metres per minute) whose oxygen cost is `vo2` ml/kg/min.

    The inverse of `oxygen_cost`, from the quadratic formula.
    """
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def sustainable_fraction(race_minutes: float) -> float:
    """Return the fraction of VO2max a runner can hold for a race of `race_minutes`."""
    return (
        0.8
        + 0.1894393 * math.exp(-0.012778 * race_minutes)
        + 0.2989558 * math.exp(-0.1932605 * race_minutes)
    )


def _vdot(metres: float, race_minutes: float) -> float:
    return oxygen_cost(metres / race_minutes) / sustainable_fraction(race_minutes)


def _race_metres(distance: float | str) -> float:
    metres = parse_distance(distance) if isinstance(distance, str) else float(distance)
    if not MIN_RACE_METRES <= metres <= MAX_RACE_METRES:
        raise DataError("race distance out of range", value=distance, hint=_RACE_RANGE_HINT)
    return metres


def _check_vdot(vdot: float, *, what: str = "VDOT out of range") -> float:
    # The tolerance lets a time from `equivalent_time` at the very ends of the range back in.
    if not math.isfinite(vdot) or not MIN_VDOT - 1e-6 <= vdot <= MAX_VDOT + 1e-6:
        raise DataError(what, value=round(vdot, 2), hint=_VDOT_RANGE_HINT)
    return vdot


def vdot_from_race(distance: float | str, time: timedelta | str) -> float:
    """Return the VDOT of a race result.

    Args:
        distance: Metres, or a name: ``"5k"``, ``"10k"``, ``"15k"``, ``"half"``,
            ``"marathon"``, ``"mile"``, ``"1500m"``, ``"3000m"`` (or ``"12km"``-style text).
        time: The finishing time, as a timedelta or ``"mm:ss"`` / ``"h:mm:ss"``.

    Raises:
        DataError: The distance or time cannot be read, the time is not positive, or the
            result lies outside VDOT 20-90 (a 5K in 8 minutes, say).

    Example:
        >>> round(vdot_from_race("marathon", "3:30:00"), 2)
        44.55
    """
    metres = _race_metres(distance)
    duration = parse_duration(time) if isinstance(time, str) else time
    race_minutes = duration.total_seconds() / 60.0
    if race_minutes <= 0:
        raise DataError("a race time must be positive", value=str(duration))
    return _check_vdot(_vdot(metres, race_minutes), what="race result gives a VDOT out of range")


@functools.lru_cache(maxsize=1024)
def _equivalent_minutes(vdot: float, metres: float) -> float:
    # VO2(d/t)/F(t) falls as t rises over every realistic duration, so bisection is safe.
    low, high = 0.5, 2000.0
    for _ in range(64):
        mid = (low + high) / 2
        if _vdot(metres, mid) > vdot:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def equivalent_time(vdot: float, distance: float | str) -> timedelta:
    """Return the race time a runner of `vdot` can expect over `distance`.

    The inverse of `vdot_from_race`, solved by bisection to well under a millisecond. It
    assumes the runner has trained for the distance: a marathon predicted from a 5K is
    optimistic for someone without the long runs.

    Raises:
        DataError: VDOT outside 20-90, or a distance outside 1500 m to the marathon.

    Example:
        >>> from balg_planner.units import format_duration
        >>> format_duration(equivalent_time(vdot_from_race("marathon", "3:30:00"), "marathon"))
        '3:30:00'
    """
    _check_vdot(vdot)
    return timedelta(minutes=_equivalent_minutes(float(vdot), _race_metres(distance)))


class PaceRange(BaseModel):
    """A range of paces as time per kilometre; `fast` is the shorter time.

    In JSON each end is seconds per kilometre (see `balg_planner.units.Pace`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_timedelta="float")

    fast: PaceSeconds
    """The faster end, as time per kilometre (the shorter time); seconds per km in JSON."""
    slow: PaceSeconds
    """The slower end, as time per kilometre, never shorter than `fast`; seconds per km in JSON."""

    @model_validator(mode="after")
    def _fast_not_slower_than_slow(self) -> PaceRange:
        if self.fast > self.slow:
            raise ValueError(f"fast pace {self.fast} is slower than slow pace {self.slow}")
        return self

    @property
    def middle(self) -> timedelta:
        """The pace halfway between the ends."""
        return (self.fast + self.slow) / 2

    def format(self, unit: DistanceUnit = "km") -> str:
        """Format as ``"5:10-5:45/km"``, or a single pace when both ends agree."""
        fast, slow = format_pace(self.fast, unit), format_pace(self.slow, unit)
        return fast if fast == slow else f"{fast.split('/')[0]}-{slow}"


class TrainingPaces(BaseModel):
    """Daniels training paces for one VDOT, each as time per kilometre."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vdot: float
    """The VDOT the paces are for."""
    easy: PaceRange
    """Easy paces per kilometre, 63-73.5 % of VDOT; recovery runs start at the slow end."""
    marathon: Pace
    """Marathon pace per kilometre: the average pace of the marathon this VDOT predicts."""
    threshold: Pace
    """Threshold pace per kilometre, about 88 % of VDOT: comfortably hard."""
    interval: Pace
    """Interval pace per kilometre, about 97 % of VDOT: hard, for repeats of a few minutes."""
    repetition: Pace
    """Repetition pace per kilometre: 6 s per 400 m faster than interval (8 s below VDOT 50)."""


def _pace_at_fraction(vdot: float, fraction: float) -> timedelta:
    return pace_from_speed(speed_at_oxygen_cost(vdot * fraction))


@functools.lru_cache(maxsize=512)
def _training_paces(vdot: float) -> TrainingPaces:
    interval = _pace_at_fraction(vdot, INTERVAL_FRACTION)
    # Daniels' six-second rule: R is 6 s per 400 m faster than I, 8 s for runners below VDOT 50.
    per_400 = 6 if vdot >= 50 else 8
    marathon_minutes = _equivalent_minutes(vdot, _MARATHON_METRES)
    return TrainingPaces(
        vdot=vdot,
        easy=PaceRange(
            fast=_pace_at_fraction(vdot, EASY_FAST_FRACTION),
            slow=_pace_at_fraction(vdot, EASY_SLOW_FRACTION),
        ),
        marathon=timedelta(minutes=marathon_minutes * KM / _MARATHON_METRES),
        threshold=_pace_at_fraction(vdot, THRESHOLD_FRACTION),
        interval=interval,
        repetition=interval - timedelta(seconds=per_400 * KM / 400),
    )


def training_paces(vdot: float) -> TrainingPaces:
    """Return the easy, marathon, threshold, interval and repetition paces for `vdot`.

    Raises:
        DataError: VDOT outside 20-90.

    Example:
        >>> paces = training_paces(50)
        >>> format_pace(paces.threshold)
        '4:15/km'
    """
    return _training_paces(float(_check_vdot(vdot)))


# VDOT O2's fitness-loss factors by days off: (days, no cross-training, cross-trained).
# The 42-day cross-trained value is printed as 0.994, almost surely a typo for 0.944 given
# its neighbours 0.955 and 0.934 (domain-science §1.7); 0.944 is used.
_BREAK_TABLE: Final = (
    (5, 1.000, 1.000),
    (6, 0.997, 0.998),
    (7, 0.994, 0.997),
    (10, 0.985, 0.992),
    (14, 0.973, 0.986),
    (21, 0.952, 0.976),
    (28, 0.931, 0.965),
    (35, 0.910, 0.955),
    (42, 0.889, 0.944),
    (49, 0.868, 0.934),
    (56, 0.847, 0.923),
    (63, 0.826, 0.913),
    (70, 0.805, 0.902),
    (72, 0.800, 0.900),
)
_BREAK_DAYS: Final = tuple(row[0] for row in _BREAK_TABLE)


def _break_factor(days_off: float, cross_trained: bool) -> float:
    column = 2 if cross_trained else 1
    if days_off <= _BREAK_DAYS[0]:
        return _BREAK_TABLE[0][column]
    if days_off >= _BREAK_DAYS[-1]:
        return _BREAK_TABLE[-1][column]
    upper = bisect.bisect_left(_BREAK_DAYS, days_off)
    d0, d1 = _BREAK_DAYS[upper - 1], _BREAK_DAYS[upper]
    f0, f1 = _BREAK_TABLE[upper - 1][column], _BREAK_TABLE[upper][column]
    return f0 + (f1 - f0) * (days_off - d0) / (d1 - d0)


def fitness_after_break(vdot: float, days_off: float, *, cross_trained: bool = False) -> float:
    """Return the VDOT to train at after `days_off` days without running.

    Uses the VDOT O2 fitness-loss factors, interpolated linearly between the published rows:
    no loss up to 5 days, down to 80 % of VDOT after 72 days or more (90 % with
    cross-training).

    Raises:
        DataError: Negative days off, or VDOT outside 20-90.

    Example:
        >>> round(fitness_after_break(50, 14), 2)
        48.65
        >>> round(fitness_after_break(50, 14, cross_trained=True), 2)
        49.3
    """
    _check_vdot(vdot)
    if not math.isfinite(days_off) or days_off < 0:
        raise DataError("days off must be zero or more", value=days_off)
    return vdot * _break_factor(days_off, cross_trained)


class HeartRateBand(BaseModel):
    """A heart-rate range in beats per minute."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: int
    """The bottom of the band, in beats per minute."""
    high: int
    """The top of the band, in beats per minute."""
    method: str
    """``"max"`` (percent of max HR) or ``"reserve"`` (Karvonen, percent of HR reserve)."""

    def format(self) -> str:
        """Format as ``"142-158 bpm"``."""
        return f"{self.low}-{self.high} bpm"


def heart_rate_band(
    max_hr: int,
    percent: tuple[float, float],
    *,
    resting_hr: int | None = None,
) -> HeartRateBand:
    """Return the heart rates between two percentages.

    Without `resting_hr` the percentages are of max HR. With it they are of heart-rate
    reserve (Karvonen): ``resting + pct × (max - resting)``.

    Raises:
        DataError: Max HR outside 100-230, resting HR not below max, or bad percentages.

    Example:
        >>> heart_rate_band(190, (65, 79)).format()
        '124-150 bpm'
        >>> heart_rate_band(190, (59, 74), resting_hr=50).format()
        '133-154 bpm'
    """
    if not 100 <= max_hr <= 230:
        raise DataError("max heart rate out of range", value=max_hr, hint="expected 100-230 bpm")
    low_pct, high_pct = percent
    if not 0 <= low_pct <= high_pct <= 100:
        raise DataError("percentages must rise within 0-100", value=percent)
    if resting_hr is None:
        return HeartRateBand(
            low=round(max_hr * low_pct / 100), high=round(max_hr * high_pct / 100), method="max"
        )
    if not 25 <= resting_hr < max_hr:
        raise DataError("resting heart rate must be at least 25 and below max", value=resting_hr)
    reserve = max_hr - resting_hr
    return HeartRateBand(
        low=round(resting_hr + reserve * low_pct / 100),
        high=round(resting_hr + reserve * high_pct / 100),
        method="reserve",
    )


# --- load ----------------------------------------------------------------------------------

SPIKE: Final = 1.10
"""No run more than 10 % longer than the longest run of the last 30 days (reference LOAD-02)."""
SPIKE_WINDOW_DAYS: Final = 30
"""The days the spike guard looks back over."""


SPIKE_WINDOW: Final = timedelta(days=SPIKE_WINDOW_DAYS)
"""`SPIKE_WINDOW_DAYS` as a duration, for date arithmetic."""

_WINDOW_STEPS: Final = tuple(timedelta(days=back) for back in range(1, SPIKE_WINDOW_DAYS + 1))
_ONE_DAY: Final = timedelta(days=1)


def window_days(day: date) -> list[date]:
    """The 30 days before `day` that the spike guard looks back over, newest first."""
    return [day - step for step in _WINDOW_STEPS]


def runs_in_window(day: date, runs: Mapping[date, float]) -> list[tuple[date, float]]:
    """The ``(date, minutes)`` runs of the 30 days before `day`, newest first.

    The window's days are looked up, so a long log costs no more than a short one.
    """
    return [(when, runs[when]) for when in window_days(day) if when in runs]


class RunWindow:
    """The runs of the 30 days before each day asked for, with days asked in date order.

    A day's minutes are read from `runs` once, when the day enters the window, so asking for
    every day of a plan costs the plan's days rather than 30 lookups a day (`runs_in_window`).
    `runs` may change while the window is in use, but only on days not read yet: the day last
    asked for and after it.

    Example:
        >>> runs = {date(2027, 1, 2): 30.0, date(2027, 1, 20): 50.0}
        >>> window = RunWindow(runs)
        >>> window.before(date(2027, 1, 21))
        [(datetime.date(2027, 1, 2), 30.0), (datetime.date(2027, 1, 20), 50.0)]
        >>> runs[date(2027, 1, 21)] = 40.0  # decided on the day asked for: read next time
        >>> window.before(date(2027, 2, 5))
        [(datetime.date(2027, 1, 20), 50.0), (datetime.date(2027, 1, 21), 40.0)]
    """

    __slots__ = ("_next", "_runs", "_window")

    def __init__(self, runs: Mapping[date, float]) -> None:
        self._runs = runs
        self._window: deque[tuple[date, float]] = deque()
        self._next: date | None = None  # the first day not read yet

    def before(self, day: date) -> list[tuple[date, float]]:
        """The ``(date, minutes)`` runs of the 30 days before `day`, oldest first.

        Raises:
            ValueError: `day` is before the last day asked for.
        """
        start = day - SPIKE_WINDOW
        window, following = self._window, self._next
        if following is not None and day < following:
            raise ValueError(f"{day} is before {following}: ask for days in date order")
        if following is None or following <= start:  # nothing read is still in the window
            window.clear()
            following = start
        else:
            while window and window[0][0] < start:
                window.popleft()
        runs = self._runs
        while following < day:
            minutes = runs.get(following)
            if minutes is not None:
                window.append((following, minutes))
            following += _ONE_DAY
        self._next = following
        return list(window)


def longest_recent_run(
    day: date,
    runs: Iterable[tuple[date, float]],
    *,
    plan_start: date,
    before_plan: float,
    windowed: bool = False,
) -> float:
    """The longest run in the 30 days before `day`, in minutes.

    Args:
        day: The day a run is planned for; runs on it and after it do not count.
        runs: ``(date, minutes)`` of every run so far (or of the window: `runs_in_window`).
        plan_start: The first day of the plan; before it only `before_plan` is known.
        before_plan: The runner's longest run before the plan started.
        windowed: True when `runs` holds only runs of the window (as `runs_in_window` and
            `RunWindow` give them), so their dates need no checking.

    Example:
        >>> longest_recent_run(date(2027, 2, 1), [(date(2027, 1, 20), 50.0)],
        ...                    plan_start=date(2027, 1, 4), before_plan=45)
        50.0
    """
    window_start = day - SPIKE_WINDOW
    if windowed:
        longest = max((minutes for _, minutes in runs), default=0.0)
    else:
        longest = max(
            (minutes for when, minutes in runs if window_start <= when < day), default=0.0
        )
    if window_start < plan_start:
        longest = max(longest, float(before_plan))
    return longest


def spike_limit(longest_minutes: float) -> int:
    """The longest safe run, in whole minutes: 110 % of the recent longest (LOAD-02).

    Example:
        >>> spike_limit(60)
        66
    """
    return math.floor(SPIKE * longest_minutes + 1e-9)
