"""The runner: experience, current training, the week they really have, and the goal race.

Example:
    >>> from datetime import date
    >>> athlete = Athlete(
    ...     level="intermediate", weekly_minutes=180, longest_run_minutes=75,
    ...     availability={"mon": 45, "wed": 60, "fri": 45, "sun": 120},
    ...     recent_race=RaceResult(distance="10k", time="50:00"), long_run_day="sun")
    >>> round(athlete.vdot, 2), [day.value for day in athlete.availability.days]
    (40.01, ['mon', 'wed', 'fri', 'sun'])
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from balg_planner._caching import cached
from balg_planner.errors import closest
from balg_planner.science import TrainingPaces, training_paces, vdot_from_race
from balg_planner.units import Day, Distance, Duration, RaceDistance, format_distance

__all__ = ["Athlete", "Availability", "Goal", "Level", "RaceResult", "Weekday"]


class Level(StrEnum):
    """How experienced a runner is; it picks the template and sets safe ceilings."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Weekday(StrEnum):
    """Days of the week, Monday first (as `datetime.date.weekday` numbers them)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday up to 6 for Sunday."""
        return _WEEKDAY_INDEX[self]

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of a date."""
        return _WEEKDAYS[day.weekday()]


_WEEKDAYS: Final = tuple(Weekday)
_WEEKDAY_INDEX: Final = {day: index for index, day in enumerate(Weekday)}
_FULL_NAMES: Final = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
}  # fmt: skip

DayMinutes = Annotated[int, Field(ge=0, le=600)]


class Availability(BaseModel):
    """Minutes available for training on each weekday; a missing or zero day is unavailable.

    Built from a mapping such as ``{"mon": 45, "wed": 60, "sun": 120}``; full day names
    (``"monday"``) are accepted too.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached,))

    mon: DayMinutes = 0
    """Minutes free for training on Mondays; 0 means no training that day."""
    tue: DayMinutes = 0
    """Minutes free for training on Tuesdays; 0 means no training that day."""
    wed: DayMinutes = 0
    """Minutes free for training on Wednesdays; 0 means no training that day."""
    thu: DayMinutes = 0
    """Minutes free for training on Thursdays; 0 means no training that day."""
    fri: DayMinutes = 0
    """Minutes free for training on Fridays; 0 means no training that day."""
    sat: DayMinutes = 0
    """Minutes free for training on Saturdays; 0 means no training that day."""
    sun: DayMinutes = 0
    """Minutes free for training on Sundays; 0 means no training that day."""

    @model_validator(mode="before")
    @classmethod
    def _normalise_day_names(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        normalised: dict[str, Any] = {}
        for key, minutes in data.items():
            name = str(key).strip().lower()
            name = _FULL_NAMES.get(name, name)
            if name not in _WEEKDAY_INDEX:
                suggestion = closest(name, [*_WEEKDAY_INDEX, *_FULL_NAMES])
                hint = ""
                if suggestion is not None:
                    hint = f"; did you mean {_FULL_NAMES.get(suggestion, suggestion)!r}?"
                raise ValueError(
                    f"unknown weekday {key!r}{hint}; use mon, tue, wed, thu, fri, sat or sun"
                )
            normalised[name] = minutes
        return normalised

    def minutes(self, day: Weekday | str) -> int:
        """Minutes available on `day`."""
        name = day.value if isinstance(day, Weekday) else Weekday(day).value
        value: int = getattr(self, name)
        return value

    @cached
    def days(self) -> tuple[Weekday, ...]:
        """The available weekdays, Monday first."""
        return tuple(day for day in Weekday if self.minutes(day) > 0)

    @property
    def total_minutes(self) -> int:
        """All available minutes in a week."""
        return sum(self.minutes(day) for day in Weekday)

    def as_dict(self) -> dict[Weekday, int]:
        """The available days and their minutes."""
        return {day: self.minutes(day) for day in self.days}


class RaceResult(BaseModel):
    """A recent race (or time trial), used to set training paces."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distance: Distance
    """Metres; ``"5k"``, ``"10k"``, ``"half"``, ``"marathon"`` and ``"12km"``-style text work."""
    time: Duration
    """The finishing time: ``"50:00"``, ``"1:45:30"``, or ISO 8601 as in JSON (``"PT50M"``)."""
    date: Day | None = None
    """The day it was run, when known; kept for the record, the paces do not depend on it."""

    @model_validator(mode="after")
    def _gives_a_supported_vdot(self) -> RaceResult:
        vdot_from_race(self.distance, self.time)  # raises DataError, a ValueError, when unusable
        return self

    @property
    def vdot(self) -> float:
        """The VDOT of this result."""
        return vdot_from_race(self.distance, self.time)

    def __str__(self) -> str:
        return f"{format_distance(self.distance)} in {self.time}"


class Goal(BaseModel):
    """The race the plan builds towards."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distance: RaceDistance
    """The race: ``"5k"``, ``"10k"``, ``"half"`` or ``"marathon"``."""
    race_date: Day
    """Race day, the plan's last day."""
    target_time: Duration | None = None
    """The finishing time aimed for; it sets the race-day pace, while training paces follow current
    fitness. None paces race day from current fitness too."""

    @model_validator(mode="after")
    def _target_is_plausible(self) -> Goal:
        if self.target_time is not None:
            vdot_from_race(self.distance.metres, self.target_time)
        return self

    @property
    def target_vdot(self) -> float | None:
        """The VDOT the target time asks for, when there is one."""
        if self.target_time is None:
            return None
        return vdot_from_race(self.distance.metres, self.target_time)


class Athlete(BaseModel):
    """What a plan needs to know about the runner.

    `weekly_minutes` and `longest_run_minutes` describe the last few weeks of running, so a plan
    starts from where the runner is, not from a template's ideal.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: Level
    """How experienced the runner is: it picks the template and sets safe ceilings."""
    weekly_minutes: Annotated[int, Field(ge=0, le=2400)]
    """Minutes of running in a typical recent week."""
    longest_run_minutes: Annotated[int, Field(ge=0, le=360)]
    """Minutes of the longest recent run; it is part of the week, so never more than
    `weekly_minutes`."""
    availability: Availability
    """Minutes free for training on each weekday; at least one day must have some."""
    recent_race: RaceResult | None = None
    """A recent race or time trial, which sets training paces; None to plan by effort alone."""
    long_run_day: Weekday | None = None
    """The day the runner would like the long run on; None, or a day too short for it, puts it on
    the roomiest day."""
    max_hr: Annotated[int, Field(ge=100, le=230)] | None = None
    """Maximum heart rate in beats per minute, for heart-rate bands; None leaves heart rate out."""
    resting_hr: Annotated[int, Field(ge=25, le=120)] | None = None
    """Resting heart rate in beats per minute; with it, bands use heart-rate reserve (Karvonen).
    Needs `max_hr`."""

    @model_validator(mode="after")
    def _consistent(self) -> Athlete:
        if self.longest_run_minutes > self.weekly_minutes:
            raise ValueError(
                f"longest_run_minutes ({self.longest_run_minutes}) is more than weekly_minutes "
                f"({self.weekly_minutes}); the longest run is part of the weekly total"
            )
        if not self.availability.days:
            raise ValueError("availability has no day with minutes; give at least one day")
        if self.long_run_day is not None and self.availability.minutes(self.long_run_day) == 0:
            raise ValueError(
                f"long_run_day {self.long_run_day.value!r} has no available minutes; "
                f"choose one of {', '.join(day.value for day in self.availability.days)}"
            )
        if self.resting_hr is not None:
            if self.max_hr is None:
                raise ValueError("resting_hr needs max_hr too (heart-rate reserve uses both)")
            if self.resting_hr >= self.max_hr:
                raise ValueError(
                    f"resting_hr ({self.resting_hr}) must be below max_hr ({self.max_hr})"
                )
        return self

    @property
    def vdot(self) -> float | None:
        """The VDOT from the recent race, or None to plan by effort alone."""
        return None if self.recent_race is None else self.recent_race.vdot

    @property
    def paces(self) -> TrainingPaces | None:
        """Training paces from the recent race, or None to plan by effort alone."""
        vdot = self.vdot
        return None if vdot is None else training_paces(vdot)
