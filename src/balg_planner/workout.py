"""Workouts and sessions: what a runner does on a day, step by step, and why.

A `Workout` is a sequence of `Step`s and `Repeat` groups; each step has an effort and a
duration or distance. A `Session` is a workout placed on a date, with its kind, its purpose
(the why) and whether it is a key session. Totals are derived, never stored: duration, time per
effort, estimated distance, and the session-RPE load (minutes × RPE, after Foster).

A session's `effort` is its main set's effort, its honest label: an easy run with strides is
EASY. `peak_effort` is the hardest step. Titles come from the kind and steps (`format_title`).

The module runs a little over 500 lines on purpose: steps, workouts, sessions and their titles
are one model that reads the same steps, and splitting it would scatter one concept.

Example:
    >>> from datetime import date
    >>> warm = Step(part="warmup", effort="easy", duration="10m")
    >>> rep = Repeat(times=4, steps=(Step(effort="interval", duration="4m"),
    ...                              Step(part="recovery", effort="recovery", duration="3m")))
    >>> cool = Step(part="cooldown", effort="easy", duration="10m")
    >>> session = Session(date=date(2027, 1, 5), kind="intervals",
    ...                   workout=Workout(steps=(warm, rep, cool)), key=True,
    ...                   purpose="Stretches your VO2max.")
    >>> str(session.duration), session.effort, session.is_hard
    ('0:48:00', <Effort.INTERVAL: 'interval'>, True)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from balg_planner._caching import cached
from balg_planner._resources import read_packaged_records
from balg_planner.effort import Effort, effort_guide
from balg_planner.errors import parse_choice
from balg_planner.science import PaceRange
from balg_planner.units import (
    KM,
    Day,
    Distance,
    Duration,
    NativeStrEnum,
    RaceDistance,
    format_distance,
    format_minutes,
    minutes,
)

__all__ = [
    "MIN_COOLDOWN_MINUTES",
    "MIN_EXTRA_MINUTES",
    "MIN_RUN_MINUTES",
    "MIN_WARMUP_MINUTES",
    "RACE_BY_FEEL",
    "RACE_RPE",
    "ExerciseDose",
    "Repeat",
    "Session",
    "SessionRoutine",
    "SessionStatus",
    "Step",
    "StepPart",
    "Workout",
    "WorkoutGuide",
    "WorkoutKind",
    "format_title",
    "guidance_notes",
    "to_workout_kind",
    "total_distance",
    "workout_guide",
    "workout_guides",
]

MIN_RUN_MINUTES: Final = 10
"""No run is shorter than this: below it, rest does more good."""
MIN_WARMUP_MINUTES: Final = 10
"""At least this much easy running before anything fast."""
MIN_COOLDOWN_MINUTES: Final = 5
"""The shortest cool-down that still brings the body back down."""
MIN_EXTRA_MINUTES: Final = 5
"""The shortest extra easy running worth a step of its own after a session's cool-down."""
RACE_BY_FEEL: Final = "By feel: no target pace"
"""The note of a race step whose pace is only an estimate: shown and exported without a pace."""
RACE_RPE: Final = (6.0, 9.0)
"""How a race feels on the CR-10 scale: controlled early, very hard by the finish."""
_RACE_SESSION_RPE: Final = 8.0
"""A race's session RPE: races are rated very hard afterwards, whatever their pace label."""


class WorkoutKind(NativeStrEnum):
    """The kinds of session a plan is made of."""

    EASY = "easy"
    LONG = "long"
    RECOVERY = "recovery"
    THRESHOLD = "threshold"
    INTERVALS = "intervals"
    REPETITIONS = "repetitions"
    STRIDES = "strides"
    HILLS = "hills"
    FARTLEK = "fartlek"
    PROGRESSION = "progression"
    MARATHON_PACE = "marathon_pace"
    RACE = "race"
    STRENGTH = "strength"
    CROSS_TRAINING = "cross_training"
    MOBILITY = "mobility"
    REST = "rest"

    @property
    def is_running(self) -> bool:
        """True for every kind but strength, cross-training, mobility and rest."""
        return self not in _NOT_RUNNING

    @property
    def label(self) -> str:
        """The kind in words for a sentence, ``"marathon-pace"`` for ``marathon_pace``.

        Example:
            >>> f"a missed {WorkoutKind.MARATHON_PACE.label} session"
            'a missed marathon-pace session'
        """
        return self.value.replace("_", "-")

    @property
    def guide(self) -> WorkoutGuide:
        """This kind's guide (see `workout_guide`)."""
        return workout_guide(self)


_NOT_RUNNING: Final = frozenset(
    {WorkoutKind.STRENGTH, WorkoutKind.CROSS_TRAINING, WorkoutKind.MOBILITY, WorkoutKind.REST}
)


def to_workout_kind(value: WorkoutKind | str) -> WorkoutKind:
    """Return `value` as a `WorkoutKind`, accepting its lowercase name.

    Raises:
        DataError: Not a workout kind; the message suggests the nearest one.
    """
    return parse_choice(WorkoutKind, value, "workout kind")


class WorkoutGuide(BaseModel):
    """Why a kind of session is in a plan, how it should feel, and what to do on a bad day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: WorkoutKind
    """The kind of session the guide explains."""
    name: str = Field(min_length=1)
    """The kind's name for people: ``"Easy run"``, ``"Intervals"``."""
    effort: Effort
    """The effort of its main part."""
    running: bool
    """True for runs, as `WorkoutKind.is_running` says; the two must agree."""
    purpose: str = Field(min_length=1)
    """Why a session of this kind is in a plan; composed sessions carry it as their `purpose`."""
    feels_like: str = Field(min_length=1)
    """How a session of this kind should feel."""
    feels_like_finish: str = ""
    """How it should feel when it ends faster than its main effort (a long run's finish at
    marathon pace); empty when the kind has no such version."""
    sideways: str = Field(min_length=1)
    """What to do if the day goes sideways: short on time, tired, stressed or unwell."""
    common_mistake: str = Field(min_length=1)
    """The mistake runners most often make with this kind of session."""
    takeaway: str = Field(min_length=1)
    """The one line to remember."""
    evidence: tuple[str, ...] = Field(min_length=1)
    """The sources the guide rests on, at least one."""

    @model_validator(mode="after")
    def _running_matches_kind(self) -> WorkoutGuide:
        if self.running != self.kind.is_running:
            raise ValueError(f"running must be {self.kind.is_running} for kind {self.kind.value!r}")
        return self


@functools.cache
def _guides() -> dict[WorkoutKind, WorkoutGuide]:
    records = read_packaged_records("knowledge", "workouts", "workout", WorkoutGuide)
    return {guide.kind: guide for guide in records}


def workout_guide(kind: WorkoutKind | str) -> WorkoutGuide:
    """Return the guide for one kind of session.

    Raises:
        DataError: `kind` is not a workout kind.

    Example:
        >>> workout_guide("threshold").feels_like
        'Comfortably hard, not hanging on; a few words at a time.'
    """
    return _guides()[to_workout_kind(kind)]


def workout_guides() -> tuple[WorkoutGuide, ...]:
    """Return the guides for every kind, in `WorkoutKind` order."""
    guides = _guides()
    return tuple(guides[kind] for kind in WorkoutKind)


class StepPart(NativeStrEnum):
    """The role of a step within a workout.

    ``EXTRA`` is easy running a quality session carries beyond its warm-up and cool-down, so
    the day holds the week's volume: it is not the main set (it never sets the session's
    effort) and it is the first thing to go on a short day.
    """

    WARMUP = "warmup"
    WORK = "work"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"
    EXTRA = "extra"


class Step(BaseModel):
    """One continuous piece of a workout, by duration or by distance.

    A step by distance needs a pace range, so that its time (and so the session's) is known.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: StepPart = StepPart.WORK
    """The step's role: warm-up, work (the default), recovery, cool-down or extra easy running."""
    effort: Effort
    """How hard the step is."""
    duration: Duration | None = None
    """How long the step lasts (``"4m"``; ISO 8601 in JSON); None when it goes by `distance`."""
    distance: Distance | None = None
    """Metres to run; None when the step goes by `duration`. A distance needs a `pace`."""
    pace: PaceRange | None = None
    """The pace range to hold, per kilometre; None to go by effort and feel alone."""
    note: str = ""
    """A cue for the step, e.g. how to run a hill rep; ``"walk"`` marks a walk-run's walking."""

    @model_validator(mode="after")
    def _duration_or_distance(self) -> Step:
        if (self.duration is None) == (self.distance is None):
            raise ValueError("a step needs exactly one of duration or distance")
        if self.distance is not None and self.pace is None:
            raise ValueError(
                "a step by distance needs a pace so its time is known; give a duration instead"
            )
        return self

    @property
    def time(self) -> dt.timedelta:
        """The step's duration, estimated from the middle of its pace range when by distance."""
        if self.duration is not None:
            return self.duration
        if self.distance is not None and self.pace is not None:
            return self.pace.middle * (self.distance / KM)
        return dt.timedelta()  # unreachable: the validator requires a duration or a paced distance

    @property
    def estimated_distance(self) -> float | None:
        """Metres covered, estimated from the pace range; None without a pace."""
        if self.distance is not None:
            return self.distance
        if self.pace is None or self.effort is Effort.REST:
            return None
        return KM * self.time / self.pace.middle

    @property
    def target_pace(self) -> PaceRange | None:
        """The pace a runner is asked to hold: none for a race run by feel.

        A race estimated from no recent race keeps a pace only so its time is known; that
        guess is never shown or exported as a target (see `RACE_BY_FEEL`).
        """
        return None if self.note == RACE_BY_FEEL else self.pace


class Repeat(BaseModel):
    """A group of steps run `times` times in a row (e.g. 5 × (3 min hard, 2 min easy))."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    times: Annotated[int, Field(ge=1, le=100)]
    """How many times the steps are run in a row."""
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]
    """The steps of one round, in order."""


def _step_or_repeat(value: Any) -> str:
    # A repeat is told apart by its own keys, so a step with a mistake is reported as a step
    # ("effort: missing") rather than as a repeat with unknown keys.
    if isinstance(value, Repeat) or (isinstance(value, dict) and "times" in value):
        return "repeat"
    return "step"


StepOrRepeat = Annotated[
    Annotated[Step, Tag("step")] | Annotated[Repeat, Tag("repeat")],
    Discriminator(_step_or_repeat),
]
"""A single step or a repeat group; a mapping with ``times`` is a repeat."""


_MICROSECOND: Final = dt.timedelta(microseconds=1)
_RANK: Final = {effort: effort.rank for effort in Effort}
"""Each effort's rank, looked up without a property call on the hot path."""
_MARATHON_OR_HARDER: Final = frozenset(effort for effort in Effort if effort >= Effort.MARATHON)
"""The efforts that make a session hard (`Session.is_hard`), tested without a comparison call."""


class _Totals(NamedTuple):
    duration: dt.timedelta
    main_effort: Effort
    peak_effort: Effort


class Workout(BaseModel):
    """The steps of a session in order; an empty workout is a rest day.

    Totals are derived from the steps once and cached: a workout is immutable, so they
    cannot go stale (build a new workout to change it, never `model_copy` one with updates).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached,))

    steps: tuple[StepOrRepeat, ...] = ()
    """The steps in the order they are run, single steps and repeat groups alike."""

    def flat_steps(self) -> Iterator[Step]:
        """Yield every step in the order it is run, with repeats expanded."""
        return iter(self.expanded)

    @cached
    def expanded(self) -> tuple[Step, ...]:
        """Every step in the order it is run, with repeats expanded."""
        flat: list[Step] = []
        for item in self.steps:
            if isinstance(item, Repeat):
                flat.extend(item.steps * item.times)
            else:
                flat.append(item)
        return tuple(flat)

    @cached
    def _totals(self) -> _Totals:
        """Time, main effort and hardest effort, in one pass over the steps.

        A repeat's steps are counted once, times its count: the same sums as expanding it.
        Times are summed as whole microseconds (what a timedelta holds), so the sums are
        exact and no timedelta is made per step.
        """
        total = 0
        work: dict[Effort, int] = {}
        peak, peak_rank = Effort.REST, 0
        for item in self.steps:
            times, steps = (item.times, item.steps) if isinstance(item, Repeat) else (1, (item,))
            for step in steps:
                time = (step.duration or step.time) // _MICROSECOND * times
                total += time
                effort = step.effort
                if step.part is StepPart.WORK:
                    work[effort] = work.get(effort, 0) + time
                rank = _RANK[effort]
                if rank > peak_rank:
                    peak, peak_rank = effort, rank
        main = max(work, key=lambda effort: (work[effort], _RANK[effort])) if work else peak
        duration = dt.timedelta(microseconds=total)
        # Asking for one of them answers all three: later reads find them in the instance.
        self.__dict__.update(duration=duration, main_effort=main, peak_effort=peak)
        return _Totals(duration, main, peak)

    @cached
    def duration(self) -> dt.timedelta:
        """The total time of all steps."""
        return self._totals.duration

    @cached
    def main_effort(self) -> Effort:
        """The effort of the main set: what the workout is, as a label.

        Among the work steps (repeats expanded), the effort with the most time, the harder one
        on a tie. Warm-up, recovery and cool-down do not count, unless there are no work steps:
        then it is the hardest effort present. REST when there are no steps.

        Example:
            >>> easy = Step(effort="easy", duration="30m")
            >>> strides = Repeat(times=6, steps=(Step(effort="repetition", duration="20s"),
            ...                                  Step(part="recovery", effort="recovery",
            ...                                       duration="1m")))
            >>> workout = Workout(steps=(easy, strides))
            >>> workout.main_effort, workout.peak_effort
            (<Effort.EASY: 'easy'>, <Effort.REPETITION: 'repetition'>)
        """
        return self._totals.main_effort

    @cached
    def peak_effort(self) -> Effort:
        """The hardest effort of any step (REST when there are no steps)."""
        return self._totals.peak_effort

    @property
    def effort(self) -> Effort:
        """The workout's effort: its main set's (see `main_effort`), as `Session.effort` is."""
        return self.main_effort

    def time_per_effort(self) -> dict[Effort, dt.timedelta]:
        """The time spent at each effort, for the efforts that occur."""
        return dict(self._time_per_effort)

    @cached
    def _time_per_effort(self) -> dict[Effort, dt.timedelta]:
        """`time_per_effort`, worked out once: composing a week asks for it again and again."""
        totals: dict[Effort, dt.timedelta] = {}
        for step in self.expanded:
            totals[step.effort] = totals.get(step.effort, dt.timedelta()) + step.time
        return totals

    @cached
    def _minutes(self) -> float:
        """The total time in minutes, for `Session.minutes` (asked for many times a plan)."""
        return minutes(self.duration)

    @property
    def distance(self) -> float | None:
        """Estimated metres, or None when a step has neither distance nor pace."""
        return total_distance(step.estimated_distance for step in self.expanded)

    @property
    def load(self) -> float:
        """Session-RPE load (Foster): minutes × RPE, summed over the steps.

        Each step's RPE is the middle of its effort's range.
        """
        return sum(
            minutes(step.time) * effort_guide(step.effort).rpe_midpoint
            for step in self.flat_steps()
        )


_QUALITY: Final = frozenset(
    {
        WorkoutKind.THRESHOLD,
        WorkoutKind.INTERVALS,
        WorkoutKind.REPETITIONS,
        WorkoutKind.HILLS,
        WorkoutKind.FARTLEK,
        WorkoutKind.MARATHON_PACE,
        WorkoutKind.PROGRESSION,
    }
)


def format_title(kind: WorkoutKind | str, workout: Workout) -> str:
    """A session's title, built from its kind and steps, so it always says what the steps do.

    Easy, long and recovery runs and the non-running kinds give their length; a long run with a
    faster finish also gives the finish; an easy run with strides gives the easy running and
    the strides; quality sessions give their main set (the work steps at the main effort),
    saying when it runs below the kind's usual effort, and the extra easy running the day
    adds to it.

    Example:
        >>> format_title("easy", Workout(steps=(Step(effort="easy", duration="35m"),)))
        'Easy run, 35 min'
        >>> reps = Repeat(times=2, steps=(Step(effort="threshold", duration="8m"),))
        >>> format_title("threshold", Workout(steps=(reps,)))
        'Threshold run: 2 × 8 min'
        >>> extra = Step(part="extra", effort="easy", duration="25m")
        >>> format_title("threshold", Workout(steps=(reps, extra)))
        'Threshold run: 2 × 8 min, then 25 min easy'
        >>> strides = Repeat(times=6, steps=(Step(effort="repetition", duration="20s"),
        ...                                  Step(part="recovery", effort="recovery",
        ...                                       duration="1m")))
        >>> format_title("strides", Workout(steps=(Step(effort="easy", duration="30m"), strides)))
        'Easy run, 30 min, then 6 × 20 s strides'
    """
    kind = to_workout_kind(kind)
    steps = workout.expanded
    if kind is WorkoutKind.REST or not steps:
        return WorkoutKind.REST.guide.name
    main = workout.main_effort
    if kind is WorkoutKind.RACE:
        return _race_title(steps, workout.duration)
    if kind is WorkoutKind.STRIDES:
        fast = [step for step in steps if step.part is StepPart.WORK and step.effort > main]
        if not fast or main > Effort.EASY:
            return f"Easy run, {format_minutes(workout.duration)}"
        jogs = [step for step in steps if step.part is StepPart.RECOVERY]
        easy = workout.duration - _sum_time([*fast, *jogs])
        return f"Easy run, {format_minutes(easy)}, then {_strides(fast)}"
    walk_run = _walk_run_title(workout)
    if kind is WorkoutKind.EASY and walk_run:
        return walk_run
    last = steps[-1]
    if kind is WorkoutKind.LONG and _fast_finish(workout):
        finish = _sum_time(_trailing(steps, last.effort))
        return (
            f"{kind.guide.name}, {format_minutes(workout.duration)}, the last "
            f"{format_minutes(finish)} at {last.effort.value} pace"
        )
    work = [step for step in steps if step.part is StepPart.WORK and step.effort is main]
    if kind not in _QUALITY or not work:
        return f"{kind.guide.name}, {format_minutes(workout.duration)}"
    if kind is WorkoutKind.PROGRESSION:
        title = f"Progression: finish with {format_minutes(_sum_time(work))} at {main.value}"
        return _with_extra(title, steps)
    name = kind.guide.name
    if main < kind.guide.effort:
        name = f"{name} at {main.value} effort"
    if len(work) == 1:
        return _with_extra(f"{name}: {format_minutes(work[0].time)} continuous", steps)
    return _with_extra(f"{name}: {_reps(work)}", steps)


def _with_extra(title: str, steps: Sequence[Step]) -> str:
    """`title` with the session's extra easy running, before or after the main set."""
    extra = [index for index, step in enumerate(steps) if step.part is StepPart.EXTRA]
    if not extra:
        return title
    easy = format_minutes(_sum_time(steps[index] for index in extra))
    work = next((i for i, step in enumerate(steps) if step.part is StepPart.WORK), len(steps))
    if extra[0] < work:
        return f"{easy} easy, then {title[:1].lower()}{title[1:]}"
    return f"{title}, then {easy} easy"


def guidance_notes(
    kind: WorkoutKind, main_effort: Effort | None, workout: Workout | None = None
) -> tuple[str, str, str]:
    """The notes every session starts from, empty where none applies.

    How a session of `kind` should feel, its main effort's RPE and talk test, and what to do
    if the day goes sideways. Given its `workout`, a session that ends faster than its main
    effort (a long run with a marathon-pace finish) is described with its finish.
    """
    guide = kind.guide
    feels_like = guide.feels_like
    if workout is not None and guide.feels_like_finish and _fast_finish(workout):
        feels_like = guide.feels_like_finish
    feel = ""
    if main_effort is not None and main_effort is not Effort.REST:
        effort = effort_guide(main_effort)
        feel = (
            f"{effort.name}: RPE {effort.rpe[0]:g}-{effort.rpe[1]:g}; talk test: {effort.talk_test}"
        )
    return (
        f"How it should feel: {feels_like}",
        feel,
        f"If the day goes sideways: {guide.sideways}",
    )


def _fast_finish(workout: Workout) -> bool:
    """True when the workout's last step is work faster than easy, after easy running."""
    steps = workout.expanded
    if not steps:
        return False
    last = steps[-1]
    return last.part is StepPart.WORK and last.effort > Effort.EASY >= workout.main_effort


def _trailing(steps: Sequence[Step], effort: Effort) -> list[Step]:
    """The work steps at `effort` at the very end of `steps`."""
    tail: list[Step] = []
    for step in reversed(steps):
        if step.part is not StepPart.WORK or step.effort is not effort:
            break
        tail.append(step)
    return tail


def _walk_run_title(workout: Workout) -> str:
    """``Walk-run: 5 × (3 min run, 2 min walk)`` for one block of easy running and walking."""
    if len(workout.steps) != 1 or not isinstance(workout.steps[0], Repeat):
        return ""
    block = workout.steps[0]
    if len(block.steps) != 2:
        return ""
    run, walk = block.steps
    if run.effort is not Effort.EASY or walk.part is not StepPart.RECOVERY or walk.note != "walk":
        return ""
    return (
        f"Walk-run: {block.times} × ({format_minutes(run.time)} run, "
        f"{format_minutes(walk.time)} walk)"
    )


def _sum_time(steps: Iterable[Step]) -> dt.timedelta:
    return sum((step.time for step in steps), dt.timedelta())


def _reps(steps: Sequence[Step]) -> str:
    """``"6 × 20 s"`` when every rep is as long, else ``"12 min in 5 reps"``."""
    lengths = {round(step.time.total_seconds()) for step in steps}
    if len(lengths) == 1:
        return f"{len(steps)} × {format_minutes(steps[0].time)}"
    return f"{format_minutes(_sum_time(steps))} in {len(steps)} reps"


def _strides(steps: Sequence[Step]) -> str:
    """``"6 × 20 s strides"`` when every stride is as long, else ``"5 strides, 2 min in all"``."""
    if len({round(step.time.total_seconds()) for step in steps}) == 1:
        return f"{_reps(steps)} strides"
    return f"{len(steps)} strides, {format_minutes(_sum_time(steps))} in all"


def _race_title(steps: Sequence[Step], duration: dt.timedelta) -> str:
    if len(steps) == 1 and steps[0].distance is not None:
        metres = steps[0].distance
        label = next((race.label for race in RaceDistance if race.metres == metres), None)
        return f"Race day: {label or format_distance(metres)}"
    return f"Race day, {format_minutes(duration)}"


def total_distance(parts: Iterable[float | None]) -> float | None:
    """The sum of estimated distances, or None as soon as one part is unknown."""
    total = 0.0
    for metres in parts:
        if metres is None:
            return None
        total += metres
    return total


class ExerciseDose(BaseModel):
    """One exercise of a routine, with its dose for this runner."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    dose: str
    """Sets and reps or time, e.g. ``"3 × 12"`` or ``"2 × 30 s each side"``."""
    cues: tuple[str, ...] = ()
    why: str = ""


class SessionRoutine(BaseModel):
    """The strength, mobility or yoga routine a session carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    purpose: str
    exercises: tuple[ExerciseDose, ...]
    minutes: Annotated[int, Field(ge=0, le=120)] = 0
    """About how long it takes."""


SessionStatus = Literal["planned", "done", "missed", "dropped", "moved", "paused"]
"""Where a session stands: ``planned`` (adapted or not), ``done`` (a completed session was
logged), ``missed``, ``dropped`` (let go by a rule), ``moved`` (now on another day) or
``paused`` (until the runner resumes)."""


class Session(BaseModel):
    """A workout on a date, with its kind and the reason it is in the plan.

    Its `id` is stable: an adapted session keeps it, and a moved one keeps it on its new day, so
    apps and calendars can follow a session through every change.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(max_length=80, pattern=r"^[A-Za-z0-9._:-]*$")] = ""
    """Stable across adaptation; when not given (or empty), derived from the date
    (``session-2027-01-05``)."""
    date: Day
    """The day of the session."""
    kind: WorkoutKind
    """What kind of session it is: an easy run, intervals, a long run, rest."""
    workout: Workout = Workout()
    """What to do, step by step; empty for rest."""
    key: bool = False
    """A key session is one the week is built around (quality work, the long run, the race)."""
    status: SessionStatus = "planned"
    """Where the session stands (see `SessionStatus`)."""
    purpose: str = ""
    """Why this session is here, in plain words."""
    title: str = ""
    """A short headline for lists and calendars, e.g. ``"Threshold run: 2 × 8 min"``."""
    notes: tuple[str, ...] = ()
    """How it should feel, its RPE and talk test, what to do if the day goes sideways; an
    adaptation puts its reason first."""
    journal: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    """Journal prompts for before and after the session."""
    fueling: str = ""
    """What to eat and drink during the session, when it is long or hard enough to matter."""
    routine: SessionRoutine | None = None
    """The exercises of a strength or mobility session."""
    original: Session | None = None
    """The session as first planned, when an adaptation changed it (kept for undo)."""
    revision: Annotated[int, Field(ge=0, le=10_000)] = 0
    """How many times a re-plan changed the session on this day (a moved race re-plans the
    weeks ahead); with an adaptation on top, calendars see one more (see `sequence`)."""

    @model_validator(mode="after")
    def _default_id(self) -> Session:
        # After, not before, validation: a before-validator would make pydantic turn every
        # session's JSON into Python objects first, doubling the cost of reading a plan.
        if not self.id:
            self.__dict__["id"] = f"session-{self.date.isoformat()}"
        return self

    def __repr__(self) -> str:
        return (
            f"Session(id={self.id!r}, date={self.date}, kind={self.kind.value!r}, "
            f"title={self.title!r}, status={self.status!r})"
        )

    @property
    def baseline(self) -> Session:
        """The session as first planned: `original` if it was adapted, else itself."""
        return self.original if self.original is not None else self

    @property
    def sequence(self) -> int:
        """How often the session on this day has changed: calendars' ``SEQUENCE``.

        Its `revision`, plus one when an adaptation changed it.
        """
        return self.revision + (self.original is not None)

    @property
    def effort(self) -> Effort:
        """The effort of the main set, the session's honest label.

        The effort the work steps spend most time at (see `Workout.main_effort`): an easy run
        with strides is EASY, intervals are INTERVAL, a long run is EASY. For the hardest step,
        use `peak_effort`.
        """
        return self.workout.main_effort

    @property
    def peak_effort(self) -> Effort:
        """The hardest effort of any step: the strides of an easy run, the reps of a session.

        Never below `effort`.
        """
        return self.workout.peak_effort

    @property
    def duration(self) -> dt.timedelta:
        """The session's total time."""
        return self.workout.duration

    @property
    def minutes(self) -> float:
        """The session's total time in minutes."""
        return self.workout._minutes

    @property
    def is_running(self) -> bool:
        """True when the session is a run (not strength, cross-training, mobility or rest)."""
        return self.kind not in _NOT_RUNNING  # `WorkoutKind.is_running`, one call fewer

    @property
    def is_hard(self) -> bool:
        """True when hard-day spacing (about 48 hours to the next hard day) applies.

        Long runs and races are hard, and so is every session whose main set is at marathon
        effort or faster: threshold and above, and key marathon-pace work (reference LOAD-10).
        An easy run with strides is not hard, because its main set is easy; its few short
        strides are fast but relaxed and need no recovery day.
        """
        if self.kind in (WorkoutKind.LONG, WorkoutKind.RACE):
            return True
        return self.workout.main_effort in _MARATHON_OR_HARDER

    @property
    def distance(self) -> float | None:
        """Estimated metres, when every step has a distance or pace."""
        return self.workout.distance if self.is_running else 0.0

    @property
    def load(self) -> float:
        """Session-RPE load: minutes × RPE; a race run as a race counts at RPE 8.

        A race run as an easy training run (after illness or a break) counts by its steps.
        """
        if self.kind is WorkoutKind.RACE and self.effort > Effort.EASY:
            return self.minutes * _RACE_SESSION_RPE
        return self.workout.load
