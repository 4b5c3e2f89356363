"""On-disk formats: the plan template file, validated with a closed vocabulary.

A template is one TOML file: who it is for (distance, level), how long it runs (the runway),
how volume grows (start, ramp, cutbacks, peak), the long run's limits, the taper, the phases
with their weekly pattern, and how each kind of quality session progresses. See
``docs/how-to/write-a-template.md`` and the JSON Schema in ``docs/reference/schemas``.

Nothing in a template is executed: every value is checked against these models, and
misspelt keys or kinds get a "did you mean".
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from balg_planner.athlete import Level
from balg_planner.effort import Effort
from balg_planner.errors import closest
from balg_planner.units import RaceDistance
from balg_planner.workout import WorkoutKind

__all__ = [
    "ADVICE_ACTIONS",
    "CATEGORY_SOURCES",
    "FACTS",
    "LONG_RUN_SHARE",
    "QUALITY_KINDS",
    "RULE_KEYS",
    "TEMPLATE_KEYS",
    "Action",
    "AllOf",
    "AnyOf",
    "Condition",
    "DaysSpec",
    "Fact",
    "LongRunSpec",
    "NotOf",
    "PhaseName",
    "PhaseSpec",
    "Progression",
    "ReadinessSpec",
    "Rule",
    "RuleFile",
    "RunwaySpec",
    "Scope",
    "SessionSpec",
    "TaperSpec",
    "TemplateFile",
    "Test",
    "VolumeSpec",
    "known_fact",
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
    strides: Annotated[int, Field(ge=0, le=12)] = 6


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
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=64)]
    title: Text
    distance: RaceDistance
    level: Level
    summary: Text
    source: Text
    """Where the principles come from; templates are original, never a book's plan."""
    license: Text
    runway: RunwaySpec
    days: DaysSpec
    volume: VolumeSpec
    long_run: LongRunSpec
    sessions: SessionSpec
    readiness: ReadinessSpec
    taper: TaperSpec
    phases: Annotated[tuple[PhaseSpec, ...], Field(min_length=4, max_length=4)]
    workouts: dict[WorkoutKind, Progression] = {}

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


def _model_keys(model: type[BaseModel], into: set[str]) -> set[str]:
    for name, field in model.model_fields.items():
        into.add(name)
        for arg in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg is not model:
                _model_keys(arg, into)
    return into


TEMPLATE_KEYS: Final = frozenset(_model_keys(TemplateFile, set()))
"""Every key a template file may use, for "did you mean" suggestions."""


# --- rules -------------------------------------------------------------------------------

FactType = Literal["bool", "number", "effort", "kind", "text"]
Source = Literal[
    "illness", "pain", "checkin", "time", "missed", "break", "session", "day", "load", "race"
]


class Fact(BaseModel):
    """One fact a rule may test: its name, type, where it comes from and what it means."""

    model_config = _Frozen

    name: str
    type: FactType
    source: Source
    doc: str


def _facts(*rows: tuple[str, FactType, str]) -> dict[str, Fact]:
    return {
        name: Fact.model_validate(
            {"name": name, "type": kind, "source": name.split(".")[0], "doc": doc}
        )
        for name, kind, doc in rows
    }


FACTS: Final[dict[str, Fact]] = _facts(
    ("illness.fever", "bool", "A fever symptom, or a temperature of 37.5 °C or more."),
    (
        "illness.systemic",
        "bool",
        "Fever or any symptom below the neck (chills, aches, chest, cough, gut, fatigue).",
    ),
    ("illness.below_neck", "bool", "The same as illness.systemic: the neck check fails."),
    (
        "illness.above_neck_only",
        "bool",
        "Only runny or stuffy nose, sneezing or a mild sore throat, no fever.",
    ),
    (
        "illness.cardiac",
        "bool",
        "Chest pain, palpitations, breathlessness out of proportion, or dizziness.",
    ),
    (
        "illness.post_viral",
        "bool",
        "COVID-19 or another diagnosed viral illness with systemic symptoms.",
    ),
    ("illness.ongoing", "bool", "The illness has no end date yet."),
    ("illness.days", "number", "Days of illness so far, counting the first day."),
    (
        "illness.days_since_symptoms",
        "number",
        "Days since the last symptomatic day (0 while ongoing).",
    ),
    ("illness.temperature", "number", "The highest temperature reported, in °C."),
    (
        "illness.gate_days",
        "number",
        "Symptom-free days needed before training: 2 after fever, else 1.",
    ),
    (
        "illness.post_viral_gate_days",
        "number",
        "Days after the last symptom until 10 days from onset and 7 symptom-free have passed.",
    ),
    ("illness.symptoms", "text", "The symptoms, in plain words."),
    ("pain.score", "number", "Pain from 0 (none) to 10 (worst imaginable)."),
    (
        "pain.red_flag",
        "bool",
        "Sharp, worsening, limping, swelling, bone tenderness, or pain at rest or at night.",
    ),
    ("pain.bone_stress", "bool", "Signs of a possible bone stress injury."),
    (
        "pain.settles_by_morning",
        "bool",
        "The pain was back to its usual level by the next morning.",
    ),
    ("pain.location", "text", "Where it hurts."),
    ("pain.flags", "text", "The red flags present, in plain words."),
    ("checkin.stress", "number", "Life stress, 1 (none) to 10 (extreme)."),
    ("checkin.sleep_hours", "number", "Hours slept last night."),
    ("checkin.fatigue", "number", "Tiredness, 1 to 10."),
    ("checkin.soreness", "number", "Muscle soreness, 1 to 10."),
    ("checkin.resting_hr_delta", "number", "Resting heart rate above usual, in beats per minute."),
    (
        "checkin.recent_rpe",
        "number",
        "Average RPE of the sessions completed in the 7 days up to the check-in.",
    ),
    (
        "checkin.short_nights",
        "number",
        "Nights under 7 hours among the check-ins of the last 3 days, this one included.",
    ),
    ("time.minutes", "number", "Minutes available for training that day."),
    ("missed.days", "number", "Days missed in a row, ending with this one."),
    ("missed.key", "bool", "The missed session was a key session."),
    ("missed.kind", "kind", "The kind of the missed session."),
    ("missed.minutes", "number", "Minutes of the missed session."),
    ("break.days_off", "number", "Days without running."),
    ("break.cross_trained", "bool", "Cross-training kept going during the break."),
    ("break.half_days", "number", "Half of the return period (rounded up)."),
    ("break.third_days", "number", "A third of the return period (rounded up)."),
    (
        "break.two_thirds_days",
        "number",
        "Two thirds of the return period (twice break.third_days).",
    ),
    (
        "break.return_days",
        "number",
        "Days to return to full training (Daniels: as long as the break, up to 8 weeks).",
    ),
    (
        "break.fitness_percent",
        "number",
        "The percentage of fitness kept (VDOT O2 fitness-loss factor).",
    ),
    ("session.effort", "effort", "The main set's effort: an easy run with strides is easy."),
    ("session.peak_effort", "effort", "The hardest step's effort: the strides, the fastest rep."),
    ("session.kind", "kind", "The kind of session."),
    ("session.key", "bool", "A key session (quality, long run or race)."),
    ("session.hard", "bool", "A long run, a race, or a main set at marathon effort or faster."),
    ("session.running", "bool", "A run (not strength, cross-training, mobility or rest)."),
    ("session.minutes", "number", "Planned minutes."),
    ("day.minutes_available", "number", "Minutes the runner usually has that weekday."),
    ("load.longest_run_30d", "number", "Longest run of the 30 days before the session, as run."),
    ("load.spike_limit", "number", "110 % of load.longest_run_30d: the longest safe run that day."),
    ("load.spike", "bool", "The session is longer than load.spike_limit."),
    ("race.days_to", "number", "Days from the event (or the session) to race day."),
    ("race.distance", "text", "The goal race, in words."),
    ("race.revised_time", "text", "A realistic race time after the break, from the lowered VDOT."),
)  # fmt: skip
"""The closed vocabulary of facts rules can test. The engine provides each of them."""

_COMMON_SOURCES: Final = frozenset({"session", "day", "load", "race"})

Category = Literal[
    "illness", "pain", "fatigue", "stress", "time", "missed", "break", "load", "race"
]

CATEGORY_SOURCES: Final[dict[str, frozenset[str]]] = {
    "illness": _COMMON_SOURCES | {"illness"},
    "pain": _COMMON_SOURCES | {"pain"},
    "fatigue": _COMMON_SOURCES | {"checkin"},
    "stress": _COMMON_SOURCES | {"checkin"},
    "time": _COMMON_SOURCES | {"time"},
    "missed": _COMMON_SOURCES | {"missed"},
    "break": _COMMON_SOURCES | {"break"},
    "load": _COMMON_SOURCES,
    "race": _COMMON_SOURCES,
}
"""Which facts each category's rules can see: its own event's, plus session, day, load, race."""

Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
_OPERATORS: Final[dict[FactType, frozenset[str]]] = {
    "bool": frozenset({"eq", "ne"}),
    "number": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"}),
    "effort": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"}),
    "kind": frozenset({"eq", "ne", "in", "not_in"}),
    "text": frozenset({"eq", "ne", "in", "not_in"}),
}
Scalar = bool | int | float | str


def _custom(kind: str, what: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, what, {"what": what, **ctx})


def _check_scalar(fact: Fact, value: Scalar) -> Scalar:
    if fact.type == "bool" and not isinstance(value, bool):
        raise _custom("fact_value", f"{fact.name} is true or false", value=value)
    if fact.type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise _custom("fact_value", f"{fact.name} is a number", value=value)
    if fact.type == "effort":
        names = [effort.value for effort in Effort]
        if value not in names:
            raise _custom(
                "fact_value", f"{fact.name} is an effort level", value=value,
                suggestion=closest(str(value), names),
            )  # fmt: skip
    if fact.type == "kind":
        names = [kind.value for kind in WorkoutKind]
        if value not in names:
            raise _custom(
                "fact_value", f"{fact.name} is a workout kind", value=value,
                suggestion=closest(str(value), names),
            )  # fmt: skip
    if fact.type == "text" and not isinstance(value, str):
        raise _custom("fact_value", f"{fact.name} is text", value=value)
    return value


def known_fact(name: str) -> Fact:
    """The registered fact called `name`.

    Raises:
        PydanticCustomError: Unknown, with the nearest known fact as a suggestion.
    """
    fact = FACTS.get(name)
    if fact is None:
        raise _custom("unknown_fact", "unknown fact", value=name, suggestion=closest(name, FACTS))
    return fact


class Test(BaseModel):
    """``{ fact, op, value }``: compare one fact with a value."""

    model_config = _Frozen

    fact: str
    op: Operator
    value: Scalar | tuple[Scalar, ...]

    @model_validator(mode="after")
    def _typed(self) -> Test:
        fact = known_fact(self.fact)
        if self.op not in _OPERATORS[fact.type]:
            allowed = ", ".join(sorted(_OPERATORS[fact.type]))
            raise _custom(
                "fact_op", f"{self.fact} cannot use '{self.op}'; use {allowed}", value=self.op
            )
        many = self.op in ("in", "not_in")
        if many != isinstance(self.value, tuple):
            need = "a list" if many else "a single value"
            raise _custom("fact_value", f"'{self.op}' needs {need}", value=str(self.value))
        for item in self.value if isinstance(self.value, tuple) else (self.value,):
            _check_scalar(fact, item)
        return self

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset({self.fact})


class AllOf(BaseModel):
    """``all = [...]``: every condition holds."""

    model_config = _Frozen

    all: Annotated[tuple[Condition, ...], Field(min_length=1, max_length=50)]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset().union(*(item.facts() for item in self.all))


class AnyOf(BaseModel):
    """``any = [...]``: at least one condition holds."""

    model_config = _Frozen

    any: Annotated[tuple[Condition, ...], Field(min_length=1, max_length=50)]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset().union(*(item.facts() for item in self.any))


class NotOf(BaseModel):
    """``not = {...}``: the condition does not hold."""

    model_config = _Frozen

    not_: Annotated[Condition, Field(alias="not")]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return self.not_.facts()


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "fact"):
            if key in value:
                return key
        return None
    tags: dict[type, str] = {Test: "fact", AllOf: "all", AnyOf: "any", NotOf: "not"}
    return tags.get(type(value))


Condition = Annotated[
    Annotated[Test, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition needs one of: fact (with op and value), all, any, not",
    ),
]


class Scope(BaseModel):
    """Which sessions a match touches, relative to its event.

    ``span``: ``day`` (the event's day), ``event`` (its whole span; an ongoing illness runs to
    today), ``after`` (from the day after it ends), ``from`` (from its first day to the end of
    the plan, or until a `Resume` or a later report of the same pain), ``plan`` (every session
    from today; for load and race rules), ``none`` (advice only, no session changes).
    ``offset`` skips days at the start; ``days`` limits the length, as a number or a fact.
    """

    model_config = _Frozen

    span: Literal["day", "event", "after", "from", "plan", "none"]
    offset: Annotated[int, Field(ge=0, le=400)] | str = 0
    days: Annotated[int, Field(ge=1, le=400)] | str | None = None

    @model_validator(mode="after")
    def _days_fact(self) -> Scope:
        for name in ("offset", "days"):
            value = getattr(self, name)
            if isinstance(value, str) and known_fact(value).type != "number":
                raise _custom("fact_value", f"scope.{name} needs a number fact", value=value)
        if self.span == "after" and self.days is None:
            raise _custom("scope", "an 'after' scope needs days", value=self.span)
        return self


class _Action(BaseModel):
    model_config = _Frozen


class RestAction(_Action):
    """No training: the session becomes a rest day."""

    action: Literal["rest"]


class ReplaceAction(_Action):
    """A different, gentler session: e.g. pain-free cross-training instead of a run."""

    action: Literal["replace"]
    kind: WorkoutKind
    effort: Effort = Effort.EASY
    minutes: Annotated[int, Field(ge=5, le=300)] | None = None
    minutes_fact: str | None = None


class CapEffortAction(_Action):
    """Nothing above `effort`; the same time, optionally scaled by `factor`."""

    action: Literal["cap_effort"]
    effort: Effort
    factor: Annotated[float, Field(gt=0, le=1)] = 1.0


class CapMinutesAction(_Action):
    """At most `minutes` (or the value of `fact`); easy running goes first."""

    action: Literal["cap_minutes"]
    minutes: Annotated[int, Field(ge=5, le=600)] | None = None
    fact: str | None = None


class ScaleMinutesAction(_Action):
    """Every step scaled by `factor`, optionally capped at `effort`."""

    action: Literal["scale_minutes"]
    factor: Annotated[float, Field(gt=0, le=1)]
    effort: Effort | None = None


class TrimToFitAction(_Action):
    """Fit the time available (`fact`), keeping the key stimulus.

    Filler and cool-down go first, then reps at the same pace; too little time for a sound
    session makes it an easy run.
    """

    action: Literal["trim_to_fit"]
    fact: str = "time.minutes"


class RescheduleAction(_Action):
    """Move a missed key session to a free day within `within_days`, or drop it.

    The day must keep 48 h between hard days and the week's count of hard sessions.
    """

    action: Literal["reschedule"]
    within_days: Annotated[int, Field(ge=1, le=7)] = 3


class DropAction(_Action):
    """Let the session go."""

    action: Literal["drop"]


class ScaleVolumeAction(_Action):
    """Scale every session in scope by `factor`, capped at `effort`.

    At most `max_quality` quality sessions stay in each plan week; the rest become easy.
    """

    action: Literal["scale_volume"]
    factor: Annotated[float, Field(gt=0, le=1)]
    effort: Effort | None = None
    max_quality: Annotated[int, Field(ge=0, le=3)] | None = None


class SetTrainingVdotAction(_Action):
    """Train at a lower VDOT: a fixed `factor`, or the break table (`table = "break"`)."""

    action: Literal["set_training_vdot"]
    factor: Annotated[float, Field(ge=0.5, le=1)] | None = None
    table: Literal["break"] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SetTrainingVdotAction:
        if (self.factor is None) == (self.table is None):
            raise _custom("action", "set_training_vdot needs a factor or table = 'break'", value="")
        return self


class PauseAction(_Action):
    """Pause the plan: no training until the runner resumes (a `Resume` event)."""

    action: Literal["pause"]


class ReferAction(_Action):
    """Advise seeing a professional."""

    action: Literal["refer"]
    to: Annotated[str, Field(min_length=1, max_length=60)] = "a doctor"


class NoteAction(_Action):
    """Advice only; no session changes."""

    action: Literal["note"]


Action = Annotated[
    RestAction
    | ReplaceAction
    | CapEffortAction
    | CapMinutesAction
    | ScaleMinutesAction
    | TrimToFitAction
    | RescheduleAction
    | DropAction
    | ScaleVolumeAction
    | SetTrainingVdotAction
    | PauseAction
    | ReferAction
    | NoteAction,
    Field(discriminator="action"),
]
ADVICE_ACTIONS: Final = frozenset({"refer", "note"})
"""Actions that advise rather than change sessions."""

_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")


class Rule(BaseModel):
    """One adaptation rule: when it applies, what it touches, what it does, and why."""

    model_config = _Frozen

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=80)]
    title: Text
    category: Category
    severity: Literal["safety", "coaching"]
    priority: Annotated[int, Field(ge=0, le=1000)] = 0
    when: Condition
    scope: Scope
    then: Action
    why: Text
    """The message to the runner; ``{fact.name}`` placeholders are filled from the facts."""
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]
    learn: str = ""
    """A teaching topic for "learn more" (an effort level or workout kind), if any."""

    @model_validator(mode="after")
    def _facts_fit_the_category(self) -> Rule:
        sources = CATEGORY_SOURCES[self.category]
        used = set(self.when.facts())
        for value in (self.scope.days, self.scope.offset):
            if isinstance(value, str):
                used.add(value)
        for name in ("minutes_fact", "fact"):
            value = getattr(self.then, name, None)
            if isinstance(value, str):
                used.add(known_fact(value).name)
        for placeholder in _PLACEHOLDER.findall(self.why):
            used.add(known_fact(placeholder).name)
        for name in sorted(used):
            if FACTS[name].source not in sources:
                raise _custom(
                    "fact_source",
                    f"{self.category} rules cannot read {name}; they see "
                    f"{', '.join(sorted(sources))} facts",
                    value=name,
                )
        return self

    @property
    def advice(self) -> bool:
        """True when the rule advises rather than changing sessions one by one."""
        return self.then.action in ADVICE_ACTIONS or self.scope.span == "none"


class RuleFile(BaseModel):
    """A rule pack, as stored in ``rules/<pack>.toml``."""

    model_config = _Frozen

    schema_version: Literal[1]
    pack: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    title: Text
    description: str = ""
    rule: Annotated[tuple[Rule, ...], Field(max_length=500)] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        seen: set[str] = set()
        for rule in self.rule:
            if rule.id in seen:
                raise _custom("duplicate", "duplicate rule id", value=rule.id)
            seen.add(rule.id)
        return self


RULE_KEYS: Final = frozenset(
    _model_keys(RuleFile, set())
    | {"all", "any", "not", "fact", "op", "value", "action", "span", "offset", "days"}
    | {name for model in (ReplaceAction, CapEffortAction, CapMinutesAction, ScaleVolumeAction,
                          SetTrainingVdotAction, RescheduleAction, ReferAction, TrimToFitAction)
       for name in model.model_fields}
)  # fmt: skip
"""Every key a rule file may use, for "did you mean" suggestions."""

for _model in (AllOf, AnyOf, NotOf, Rule, RuleFile):
    _model.model_rebuild()
