"""The plan template file format, validated with a closed vocabulary.

A template is one TOML file: who it is for (distance, level), how long it runs (the runway),
how volume grows (start, ramp, cutbacks, peak), the long run's limits, the taper, the phases
with their weekly pattern, and how each kind of quality session progresses. See
``docs/how-to/write-a-template.md`` and the JSON Schema in ``docs/reference/schemas``.

Nothing in a template is executed: every value is checked against these models, and
misspelt keys or kinds get a "did you mean".
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from balg_planner._resources import model_keys
from balg_planner.athlete import Level
from balg_planner.units import RaceDistance
from balg_planner.workout import WorkoutKind

__all__ = [
    "LONG_RUN_SHARE",
    "QUALITY_KINDS",
    "TEMPLATE_KEYS",
    "DaysSpec",
    "LongRunSpec",
    "PhaseName",
    "PhaseSpec",
    "Progression",
    "ReadinessSpec",
    "RunwaySpec",
    "SessionSpec",
    "TaperSpec",
    "TemplateFile",
    "VolumeSpec",
]

QUALITY_KINDS: Final = frozenset(
    {
        WorkoutKind.THRESHOLD,
        WorkoutKind.INTERVALS,
        WorkoutKind.REPETITIONS,
        WorkoutKind.HILLS,
        WorkoutKind.FARTLEK,
        WorkoutKind.PROGRESSION,
        WorkoutKind.MARATHON_PACE,
    }
)
"""The kinds a template may use as quality sessions."""


class PhaseName(StrEnum):
    """The four phases of a plan, in order."""

    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"


_Frozen = ConfigDict(frozen=True, extra="forbid")
Share = Annotated[float, Field(ge=0, le=1)]
Minutes = Annotated[int, Field(ge=0, le=600)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class RunwaySpec(BaseModel):
    """How many weeks the template can run, from the first week to race day."""

    model_config = _Frozen

    min_weeks: Annotated[int, Field(ge=1, le=52)]
    default_weeks: Annotated[int, Field(ge=1, le=52)]
    max_weeks: Annotated[int, Field(ge=1, le=52)]

    @model_validator(mode="after")
    def _ordered(self) -> RunwaySpec:
        if not self.min_weeks <= self.default_weeks <= self.max_weeks:
            raise ValueError("runway needs min_weeks <= default_weeks <= max_weeks")
        return self


class DaysSpec(BaseModel):
    """How many days the template needs and uses."""

    model_config = _Frozen

    min_available: Annotated[int, Field(ge=2, le=7)]
    """Fewer available days than this cannot carry the plan safely."""
    max_runs: Annotated[int, Field(ge=2, le=7)]
    min_rest_days: Annotated[int, Field(ge=0, le=5)] = 0
    """Full days without any session each week (at least 1 for beginners)."""


class VolumeSpec(BaseModel):
    """How weekly running minutes grow, relative to what the runner does now."""

    model_config = _Frozen

    min_start_minutes: Annotated[int, Field(ge=0, le=1200)]
    """The current weekly running minutes the plan needs to start from."""
    start: Annotated[float, Field(ge=0.95, le=1.05)] = 1.0
    """Week 1 as a share of the runner's current weekly minutes (within 5 %)."""
    ramp: Annotated[float, Field(gt=0, le=0.10)]
    """Growth of a normal week over the last normal week (the 10 % rule caps it)."""
    peak_minutes: Annotated[int, Field(ge=30, le=1500)]
    """Weekly running minutes to grow towards; the runner's week may cap it lower."""
    cutback_every: Annotated[int, Field(ge=3, le=4)]
    """A cutback week every 3rd or 4th week outside the taper."""
    cutback: Annotated[float, Field(ge=0.6, le=0.85)]
    """A cutback week's minutes as a share of the week before it."""


LONG_RUN_SHARE: Final = {2: 0.5, 3: 0.5, 4: 0.45, 5: 0.4, 6: 0.3, 7: 0.3}
"""The long run's largest share of the week by running days a week (reference LOAD-13).

Daniels' 25-30 % assumes six or seven running days; on three or four days novice plans put
40-50 % of the week into the long run.
"""


class LongRunSpec(BaseModel):
    """Limits of the long run."""

    model_config = _Frozen

    min_minutes: Annotated[int, Field(ge=10, le=240)]
    """The shortest long run that does its job; some day must have this many minutes."""
    cap_minutes: Annotated[int, Field(ge=20, le=210)]
    """The long run never grows past this (no 3-hour runs for a 10K); a runner whose longest
    run is already longer keeps it, never less."""
    share_by_days: dict[
        Annotated[int, Field(ge=2, le=7)], Annotated[float, Field(ge=0.2, le=0.5)]
    ] = LONG_RUN_SHARE
    """The long run's largest share of the week by running days a week (LOAD-13); days not
    listed take the default."""

    @model_validator(mode="after")
    def _consistent(self) -> LongRunSpec:
        if self.min_minutes > self.cap_minutes:
            raise ValueError("long_run.min_minutes is more than long_run.cap_minutes")
        return self

    def share(self, days: int) -> float:
        """The long run's largest share of a week with `days` running days."""
        days = min(max(days, 2), 7)
        return self.share_by_days.get(days, LONG_RUN_SHARE[days])


class ReadinessSpec(BaseModel):
    """What the plan builds towards by its last peak week (reference LOAD-12, LOAD-14)."""

    model_config = _Frozen

    long_run_minutes: Annotated[int, Field(ge=20, le=210)]
    """The peak long run the race needs (the runner's current longest run is the floor)."""
    race_specific: WorkoutKind
    """The session kind that rehearses the race: marathon pace, threshold or intervals."""
    race_specific_minutes: Annotated[int, Field(ge=5, le=120)]
    """Minutes of race-specific running in one session at its peak."""
    peak_week: Annotated[float, Field(ge=1.0, le=2.0)]
    """The peak week relative to the runner's current week, where the days allow it."""
    long_run_finish_minutes: Annotated[int, Field(ge=0, le=60)] = 0
    """Marathon pace at the end of every other long run in the peak phase (0 for none)."""


class SessionSpec(BaseModel):
    """Sizes of the building blocks of sessions."""

    model_config = _Frozen

    easy_min_minutes: Annotated[int, Field(ge=10, le=90)]
    warmup_minutes: Annotated[int, Field(ge=10, le=30)]
    """At least 10 minutes before any fast running."""
    cooldown_minutes: Annotated[int, Field(ge=5, le=30)]
    strength_minutes: Annotated[int, Field(ge=10, le=60)] = 25
    mobility_minutes: Annotated[int, Field(ge=5, le=45)] = 15
    cross_training_minutes: Annotated[int, Field(ge=15, le=90)] = 30
    strides: Annotated[int, Field(ge=1, le=12)] = 6
    """Strides in a set; a phase without strides says so with its own ``strides = 0``."""


class TaperSpec(BaseModel):
    """The final weeks: less volume, the same intensity and frequency."""

    model_config = _Frozen

    weeks: Annotated[int, Field(ge=1, le=4)]
    min_weeks: Annotated[int, Field(ge=1, le=4)]
    volume: Annotated[tuple[Share, ...], Field(min_length=1, max_length=4)]
    """Each taper week's training minutes as a share of the peak week, the race week last."""

    @model_validator(mode="after")
    def _consistent(self) -> TaperSpec:
        if self.min_weeks > self.weeks:
            raise ValueError("taper.min_weeks is more than taper.weeks")
        if len(self.volume) != self.weeks:
            raise ValueError(f"taper.volume needs one share per taper week ({self.weeks})")
        if any(
            later > earlier for earlier, later in zip(self.volume, self.volume[1:], strict=False)
        ):
            raise ValueError("taper.volume must not rise from one week to the next")
        return self


class PhaseSpec(BaseModel):
    """One phase: its share of the runway and its weekly pattern."""

    model_config = _Frozen

    name: PhaseName
    share: Share = 0.0
    """Share of the weeks before the taper (the taper's length is in [taper])."""
    min_weeks: Annotated[int, Field(ge=0, le=20)] = 1
    focus: Text
    """What this phase builds, in plain words."""
    quality: tuple[WorkoutKind, ...] = ()
    """Quality sessions per week, most important first."""
    strides: Annotated[int, Field(ge=0, le=4)] = 0
    strength: Annotated[int, Field(ge=0, le=3)] = 0
    mobility: Annotated[int, Field(ge=0, le=3)] = 0
    cross_training: Annotated[int, Field(ge=0, le=3)] = 0

    @model_validator(mode="after")
    def _quality_kinds(self) -> PhaseSpec:
        for kind in self.quality:
            if kind not in QUALITY_KINDS:
                allowed = ", ".join(sorted(k.value for k in QUALITY_KINDS))
                raise ValueError(f"{kind.value!r} is not a quality kind; use one of {allowed}")
        if len(self.quality) > 3:
            raise ValueError("at most 3 quality sessions a week")
        return self


class Progression(BaseModel):
    """How one kind of quality session grows over the weeks it appears in."""

    model_config = _Frozen

    work_minutes: tuple[
        Annotated[float, Field(gt=0, le=120)], Annotated[float, Field(gt=0, le=120)]
    ]
    """Minutes of fast running at its first and at its last appearance."""
    rep_minutes: tuple[Annotated[float, Field(gt=0, le=60)], Annotated[float, Field(gt=0, le=60)]]
    """Length of one rep at the first and last appearance; as long as the work for one block."""
    recovery: Annotated[float, Field(ge=0, le=4)] = 0.5
    """Recovery after each rep, as a share of the rep."""
    min_reps: Annotated[int, Field(ge=1, le=12)] = 1
    """The fewest reps that still do the session's job; with fewer it becomes an easy run."""
    min_work_minutes: Annotated[float, Field(gt=0, le=60)] = 3.0
    """The least fast running that is worth the warm-up."""

    @model_validator(mode="after")
    def _rising(self) -> Progression:
        if self.work_minutes[0] > self.work_minutes[1]:
            raise ValueError("work_minutes must not fall from first to last")
        return self


class TemplateFile(BaseModel):
    """A plan template, as stored in ``templates/<id>.toml``."""

    model_config = _Frozen

    schema_version: Literal[1]
    """Always 1: the version of the template file format."""
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=64)]
    """Lowercase words joined by ``-`` or ``_`` (``"half-intermediate"``); the file's stem."""
    title: Text
    """The name shown to people: ``"Half marathon · intermediate"``."""
    distance: RaceDistance
    """The race the template is for."""
    level: Level
    """The runners it is for (see `Level`)."""
    summary: Text
    """What the plan builds, in a sentence."""
    source: Text
    """Where the principles come from; templates are original, never a book's plan."""
    license: Text
    """The licence the template is shared under, e.g. ``"MIT"``."""
    runway: RunwaySpec
    """How many weeks it can run, from the first week to race day."""
    days: DaysSpec
    """How many available days it needs, and how many runs a week it plans."""
    volume: VolumeSpec
    """How weekly running minutes grow from the runner's current week."""
    long_run: LongRunSpec
    """The long run's limits: its shortest useful length, its cap, its share of the week."""
    sessions: SessionSpec
    """Sizes of the building blocks: easy runs, warm-up, cool-down, strides, strength."""
    readiness: ReadinessSpec
    """What the plan builds towards by its last peak week: the long run, race-specific work."""
    taper: TaperSpec
    """The final weeks: how many, and each one's volume."""
    phases: Annotated[tuple[PhaseSpec, ...], Field(min_length=4, max_length=4)]
    """Base, build, peak and taper, in that order; the first three's shares add up to 1."""
    workouts: dict[WorkoutKind, Progression] = {}
    """How each kind of quality session grows; every kind a phase or `readiness` names needs one."""

    @model_validator(mode="after")
    def _phases_in_order(self) -> TemplateFile:
        names = [phase.name for phase in self.phases]
        if names != list(PhaseName):
            raise ValueError("phases must be base, build, peak and taper, in that order")
        shares = sum(phase.share for phase in self.phases[:3])
        if not math.isclose(shares, 1.0, abs_tol=0.011):
            raise ValueError(f"the shares of base, build and peak must add up to 1, not {shares:g}")
        return self

    @model_validator(mode="after")
    def _progressions_exist(self) -> TemplateFile:
        for phase in self.phases:
            for kind in phase.quality:
                if kind not in self.workouts:
                    raise ValueError(
                        f"phase {phase.name.value!r} uses {kind.value!r} but "
                        f"[workouts.{kind.value}] is missing"
                    )
        return self

    @model_validator(mode="after")
    def _race_specific_is_planned(self) -> TemplateFile:
        kind = self.readiness.race_specific
        if kind not in self.workouts:
            raise ValueError(
                f"readiness.race_specific is {kind.value!r} but [workouts.{kind.value}] is missing"
            )
        if self.readiness.long_run_minutes > self.long_run.cap_minutes:
            raise ValueError("readiness.long_run_minutes is more than long_run.cap_minutes")
        return self

    @model_validator(mode="after")
    def _runway_fits_phases(self) -> TemplateFile:
        needed = sum(phase.min_weeks for phase in self.phases[:3]) + self.taper.min_weeks
        if self.runway.min_weeks < needed:
            raise ValueError(
                f"runway.min_weeks ({self.runway.min_weeks}) is less than the phases' minimums"
                f" plus the taper ({needed})"
            )
        if self.days.max_runs > 7 - self.days.min_rest_days:
            raise ValueError("days.max_runs leaves fewer rest days than days.min_rest_days")
        return self

    def phase(self, name: PhaseName) -> PhaseSpec:
        """The spec of one phase."""
        return self.phases[list(PhaseName).index(name)]


TEMPLATE_KEYS: Final = frozenset(model_keys(TemplateFile))
"""Every key a template file may use, for "did you mean" suggestions."""
