"""Effort levels: how hard a run is, how it should feel, and what it builds.

`Effort` orders the levels from rest to repetition. Each level has a guide, read from
``knowledge/efforts.toml`` on first use: RPE on Foster's CR-10 scale, the talk test, heart-rate
bands (of max HR, and of heart-rate reserve), the Daniels zone, what it develops, how it feels,
the common mistake and a one-line takeaway.

Example:
    >>> from balg_planner.effort import Effort, effort_guide
    >>> Effort.EASY < Effort.THRESHOLD
    True
    >>> effort_guide(Effort.THRESHOLD).feels_like.split(".")[0]
    'Comfortably hard, not hanging on'
"""

from __future__ import annotations

import functools
from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from balg_planner._resources import read_packaged_records
from balg_planner.errors import parse_choice
from balg_planner.science import HeartRateBand, PaceRange, TrainingPaces, heart_rate_band
from balg_planner.units import NativeStrEnum

__all__ = [
    "Effort",
    "EffortGuide",
    "effort_guide",
    "effort_guides",
    "heart_rate_zones",
    "to_effort",
]


class Effort(NativeStrEnum):
    """How hard a step or session is; comparable from REST (lowest) to REPETITION."""

    REST = "rest"
    RECOVERY = "recovery"
    EASY = "easy"
    MARATHON = "marathon"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"

    @property
    def rank(self) -> int:
        """The position on the scale: 0 for REST up to 6 for REPETITION."""
        return _RANK[self]

    # str's own comparisons would order the levels alphabetically; these order them by effort.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Effort):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Effort):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Effort):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Effort):
            return NotImplemented
        return self.rank >= other.rank

    __hash__ = StrEnum.__hash__

    @property
    def is_hard(self) -> bool:
        """True from THRESHOLD upwards: the efforts that need a recovery day after them."""
        return self >= Effort.THRESHOLD

    @property
    def guide(self) -> EffortGuide:
        """This level's guide (see `effort_guide`)."""
        return effort_guide(self)


_RANK: Final = {effort: index for index, effort in enumerate(Effort)}

Percent = Annotated[float, Field(ge=0, le=100)]
RPE = Annotated[float, Field(ge=0, le=10)]

# How far below the slow end of easy a recovery run may drift.
_RECOVERY_MARGIN: Final = timedelta(seconds=30)


class EffortGuide(BaseModel):
    """Everything a runner needs to find and understand one effort level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: Effort
    """The effort level this guide is for."""
    name: str = Field(min_length=1)
    """The level's name for people: ``"Easy"``, ``"Threshold"``."""
    daniels_zone: str = Field(pattern=r"^[EMTIR]?$")
    """Daniels' zone letter (E, M, T, I, R), empty for rest."""
    rpe: tuple[RPE, RPE]
    """Session RPE range on Foster's CR-10 scale."""
    talk_test: str = Field(min_length=1)
    """How much you can say at this effort: the check that needs no watch."""
    hr_max_pct: tuple[Percent, Percent] | tuple[()] = ()
    """Percent of max heart rate; empty where heart rate is no guide (rest, repetition)."""
    hrr_pct: tuple[Percent, Percent] | tuple[()] = ()
    """Percent of heart-rate reserve (Karvonen); empty where heart rate is no guide."""
    develops: str = Field(min_length=1)
    """What training at this effort builds."""
    feels_like: str = Field(min_length=1)
    """How this effort should feel."""
    common_mistake: str = Field(min_length=1)
    """The mistake runners most often make at this effort."""
    takeaway: str = Field(min_length=1)
    """The one line to remember."""
    evidence: tuple[str, ...] = Field(min_length=1)
    """The sources the guide rests on, at least one."""

    @model_validator(mode="after")
    def _ranges_rise(self) -> EffortGuide:
        for name in ("rpe", "hr_max_pct", "hrr_pct"):
            band = getattr(self, name)
            if band and band[0] > band[1]:
                raise ValueError(f"{name} must rise from low to high, got {band}")
        return self

    @property
    def rpe_midpoint(self) -> float:
        """The middle of the RPE range, used for session-RPE load."""
        return (self.rpe[0] + self.rpe[1]) / 2

    def heart_rate(self, max_hr: int, resting_hr: int | None = None) -> HeartRateBand | None:
        """Return this level's heart-rate band, or None where heart rate is no guide.

        With `resting_hr` the band comes from heart-rate reserve (Karvonen), otherwise from
        max HR.
        """
        if resting_hr is not None and self.hrr_pct:
            return heart_rate_band(max_hr, self.hrr_pct, resting_hr=resting_hr)
        if self.hr_max_pct:
            return heart_rate_band(max_hr, self.hr_max_pct)
        return None

    def pace(self, paces: TrainingPaces) -> PaceRange | None:
        """Return this level's pace range for a runner's training paces, None for rest."""
        match self.level:
            case Effort.REST:
                return None
            case Effort.RECOVERY:
                return PaceRange(fast=paces.easy.slow, slow=paces.easy.slow + _RECOVERY_MARGIN)
            case Effort.EASY:
                return paces.easy
            case Effort.MARATHON:
                return PaceRange(fast=paces.marathon, slow=paces.marathon)
            case Effort.THRESHOLD:
                return PaceRange(fast=paces.threshold, slow=paces.threshold)
            case Effort.INTERVAL:
                return PaceRange(fast=paces.interval, slow=paces.interval)
            case Effort.REPETITION:
                return PaceRange(fast=paces.repetition, slow=paces.repetition)


@functools.cache
def _guides() -> dict[Effort, EffortGuide]:
    guides = {
        guide.level: guide
        for guide in read_packaged_records("knowledge", "efforts", "effort", EffortGuide)
    }
    missing = [effort.value for effort in Effort if effort not in guides]
    if missing:  # pragma: no cover - guarded by the knowledge tests
        raise LookupError(f"knowledge/efforts.toml lacks guides for {missing}")
    return guides


def effort_guide(effort: Effort | str) -> EffortGuide:
    """Return the guide for one effort level.

    Raises:
        DataError: `effort` is not an effort level name.

    Example:
        >>> effort_guide("easy").talk_test
        'You can speak in full sentences comfortably.'
    """
    guides = _guides()
    if type(effort) is Effort:
        return guides[effort]
    return guides[to_effort(effort)]


def to_effort(value: Effort | str) -> Effort:
    """Return `value` as an `Effort`, accepting its lowercase name.

    Raises:
        DataError: Not an effort level; the message suggests the nearest one.
    """
    return parse_choice(Effort, value, "effort level")


def effort_guides() -> tuple[EffortGuide, ...]:
    """Return the guides for every level, from rest to repetition."""
    guides = _guides()
    return tuple(guides[effort] for effort in Effort)


def heart_rate_zones(max_hr: int, resting_hr: int | None = None) -> dict[Effort, HeartRateBand]:
    """Return the heart-rate band of every level that heart rate can guide.

    Uses heart-rate reserve (Karvonen) when `resting_hr` is known, max HR otherwise. Rest and
    repetition are left out: reps are too short for heart rate to catch up.

    Example:
        >>> heart_rate_zones(190)[Effort.THRESHOLD].format()
        '167-175 bpm'
    """
    zones: dict[Effort, HeartRateBand] = {}
    for guide in effort_guides():
        band = guide.heart_rate(max_hr, resting_hr)
        if band is not None:
            zones[guide.level] = band
    return zones
