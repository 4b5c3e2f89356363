"""Session shaping: quality sessions from template slots, easy and long runs, the race.

Every builder returns a complete `Session` whose title matches its steps and whose notes say
how it should feel and what to do if the day goes sideways. One concept at a little over 500
lines: every builder shares the same cached steps and the quality shapes they are sized from.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from balg_planner.athlete import Athlete, Goal, Level
from balg_planner.effort import Effort, effort_guide
from balg_planner.schema import PhaseName, PhaseSpec, TemplateFile
from balg_planner.science import PaceRange, TrainingPaces, equivalent_time
from balg_planner.units import RaceDistance, format_duration, format_minutes
from balg_planner.workout import (
    MIN_COOLDOWN_MINUTES,
    MIN_EXTRA_MINUTES,
    RACE_BY_FEEL,
    Repeat,
    Session,
    Step,
    StepPart,
    Workout,
    WorkoutKind,
    format_title,
    guidance_notes,
)

__all__ = [
    "STRIDE",
    "STRIDE_RECOVERY",
    "Builder",
    "Quality",
    "builder_for",
    "copy_session",
    "planned_work",
    "quality_shape",
    "race_session",
]

_UNDATED: Final = dt.date(2000, 1, 1)
"""The date sessions are built on before they are copied onto their day."""
STRIDE: Final = dt.timedelta(seconds=20)
STRIDE_RECOVERY: Final = dt.timedelta(seconds=60)

WORK_EFFORT: Final = {
    WorkoutKind.THRESHOLD: Effort.THRESHOLD,
    WorkoutKind.FARTLEK: Effort.THRESHOLD,
    WorkoutKind.PROGRESSION: Effort.THRESHOLD,
    WorkoutKind.INTERVALS: Effort.INTERVAL,
    WorkoutKind.REPETITIONS: Effort.REPETITION,
    WorkoutKind.HILLS: Effort.REPETITION,
    WorkoutKind.MARATHON_PACE: Effort.MARATHON,
}
"""The effort of each quality kind's fast running."""

_HILL_CUE: Final = (
    "Run each hill rep by effort, not pace: strong and tall, about RPE 8, quick light steps; "
    "jog or walk back down for the recovery."
)

_RACE_EFFORT: Final = {
    RaceDistance.FIVE_K: (
        Effort.INTERVAL,
        "A 5K is run close to interval effort: hard from early on, breathing heavy, a few "
        "words at most.",
    ),
    RaceDistance.TEN_K: (
        Effort.THRESHOLD,
        "A 10K is run between threshold and interval effort: a touch faster than your "
        "threshold runs, hard but controlled for the first half, then hold on.",
    ),
    RaceDistance.HALF: (
        Effort.MARATHON,
        "A half marathon is run between marathon and threshold effort: comfortably hard, "
        "short phrases only, and it should feel too easy for the first few kilometres.",
    ),
    RaceDistance.MARATHON: (
        Effort.MARATHON,
        "A marathon is run at marathon effort: steady and controlled, able to speak in short "
        "sentences; the race starts at 30 km.",
    ),
}
"""The race's effort label and the words that describe it (a half is not a threshold run)."""

_ESTIMATE_VDOT: Final = {Level.BEGINNER: 30.0, Level.INTERMEDIATE: 40.0, Level.ADVANCED: 50.0}
"""Used only to estimate race-day duration when neither a race nor a target time is known."""


@functools.lru_cache(maxsize=256)
def _pace_for(paces: TrainingPaces, effort: Effort) -> PaceRange | None:
    return effort_guide(effort).pace(paces)


@functools.lru_cache(maxsize=4096)
def _step(
    part: StepPart, effort: Effort, duration: dt.timedelta, pace: PaceRange | None, note: str
) -> Step:
    """A step, built once for the same values: steps are frozen, so plans share them."""
    return Step(part=part, effort=effort, duration=duration, pace=pace, note=note)


def minutes(value: float) -> dt.timedelta:
    """A whole-second `timedelta` of `value` minutes."""
    return dt.timedelta(seconds=round(value * 60))


def _round_rep(value: float) -> float:
    """Round a rep to 30 seconds from 2 minutes up, else to 15 seconds (never below 15 s)."""
    step = 2 if value >= 2 else 4
    return max(0.25, round(value * step) / step)


def _floor_rep(value: float) -> float:
    """A rep rounded down to 30 seconds from 2 minutes up, else to 15 seconds."""
    step = 2 if value >= 2 else 4
    return math.floor(value * step + 1e-9) / step


def _ceil_rep(value: float) -> float:
    """A rep rounded up to 30 seconds from 2 minutes up, else to 15 seconds."""
    step = 2 if value >= 2 else 4
    return math.ceil(value * step - 1e-9) / step


@dataclass(frozen=True, slots=True)
class Quality:
    """A quality session's shape before it meets its day."""

    kind: WorkoutKind
    reps: int
    rep_minutes: float
    recovery_minutes: float
    min_reps: int = 1
    min_work: float = 0.0
    """The least fast running that still does the session's job."""
    min_rep: float = 0.0
    """The shortest rep the template uses for this kind (its first appearance's)."""

    @property
    def work_minutes(self) -> float:
        """Minutes of fast running."""
        return self.reps * self.rep_minutes

    def total(self, template: TemplateFile, cooldown: int | None = None) -> float:
        """The whole session in minutes: warm-up, reps with recoveries, cool-down."""
        cool = template.sessions.cooldown_minutes if cooldown is None else cooldown
        recoveries = max(self.reps - 1, 0) * self.recovery_minutes
        return template.sessions.warmup_minutes + self.work_minutes + recoveries + cool

    def smallest(self, template: TemplateFile) -> float:
        """The shortest sound version: its minimum set of the shortest reps, a short cool-down."""
        reps = min(self.min_reps, self.reps)
        return self.with_reps(reps, self._shortest_rep(reps)).total(template, MIN_COOLDOWN_MINUTES)

    def with_reps(self, reps: int, rep_minutes: float | None = None) -> Quality:
        """The same session with `reps` reps (of `rep_minutes`, if given)."""
        rep = self.rep_minutes if rep_minutes is None else rep_minutes
        recovery = self.recovery_minutes * rep / self.rep_minutes if self.rep_minutes else 0.0
        # Built directly: `dataclasses.replace` costs three times as much, and fitting a week
        # tries many shapes.
        return Quality(
            self.kind,
            reps,
            rep,
            round(recovery * 4) / 4,
            self.min_reps,
            self.min_work,
            self.min_rep,
        )

    def one_rep_fewer(self) -> Quality | None:
        """One rep fewer, or None when that would go below the minimum set."""
        if self.reps <= self.min_reps or (self.reps - 1) * self.rep_minutes < self.min_work - 1e-9:
            return None
        return self.with_reps(self.reps - 1)

    def shorter_reps(self) -> Quality | None:
        """Reps up to half a minute shorter, or None when they are as short as they go."""
        shortest = self._shortest_rep(self.reps)
        if self.rep_minutes <= shortest + 1e-9:
            return None
        return self.with_reps(self.reps, max(shortest, self.rep_minutes - 0.5))

    def _shortest_rep(self, reps: int) -> float:
        """The shortest rep that keeps `reps` reps at the minimum work.

        Never shorter than the template's shortest rep (or the planned one, when that is
        shorter); longer than planned when fewer reps need it to keep the minimum work (a
        short day's 8 min continuous, not one 5-minute threshold rep).
        """
        return max(min(self.min_rep, self.rep_minutes), _ceil_rep(self.min_work / reps))

    def fit(self, template: TemplateFile, limit: float) -> tuple[Quality, int] | None:
        """The version with the most fast running that fits `limit` minutes, with its cool-down.

        Reps keep their length where the day allows, else get shorter, never below the
        minimum set or its minimum work (fewer reps may be longer to keep it); the cool-down
        gives way first, down to 5 minutes.
        None when even the minimum set does not fit.
        """
        room = limit - template.sessions.warmup_minutes - MIN_COOLDOWN_MINUTES
        ratio = self.recovery_minutes / self.rep_minutes if self.rep_minutes else 0.0
        best: Quality | None = None
        for reps in range(self.reps, self.min_reps - 1, -1):
            longest = _floor_rep(room / (reps + (reps - 1) * ratio))
            shortest = self._shortest_rep(reps)
            rep = min(max(self.rep_minutes, shortest), longest)
            if rep < shortest - 1e-9:
                continue
            shape = self.with_reps(reps, rep)
            if shape.total(template, MIN_COOLDOWN_MINUTES) > limit + 1e-9:
                continue  # the rounded recoveries tipped it over
            if best is None or shape.work_minutes > best.work_minutes + 1e-9:
                best = shape
        if best is None:
            return None
        spare = math.floor(limit - best.total(template, 0) + 1e-9)
        return best, max(MIN_COOLDOWN_MINUTES, min(template.sessions.cooldown_minutes, spare))


def planned_work(template: TemplateFile, kind: WorkoutKind, position: float) -> float:
    """The fast minutes the template plans for `kind` at `position` (0-1) of its progression."""
    low, high = template.workouts[kind].work_minutes
    return low + (high - low) * position


def quality_shape(
    template: TemplateFile,
    kind: WorkoutKind,
    position: float,
    scale: float,
    budget: float,
    *,
    at_least_minimum: bool = False,
) -> Quality | None:
    """The session `kind` at `position` (0-1) of its progression, or None.

    Its fast running stays within `budget` minutes; None when that cannot hold the minimum set.
    """
    spec = template.workouts[kind]
    rep = spec.rep_minutes[0] + (spec.rep_minutes[1] - spec.rep_minutes[0]) * position
    work = min(planned_work(template, kind, position) * scale, budget)
    if at_least_minimum:
        work = min(max(work, spec.min_work_minutes), budget)
    if work < spec.min_work_minutes - 1e-9:
        return None
    # As many reps of about the planned length as the work holds, then reps that share the
    # work evenly, so rounding never drops the session below its minimum.
    reps = max(spec.min_reps, math.floor(work / min(rep, work) + 1e-9))
    rep = _round_rep(work / reps)
    if reps * rep < spec.min_work_minutes - 1e-9:
        rep = _round_rep(work / reps + (0.25 if rep < 2 else 0.5))
    return Quality(
        kind,
        reps,
        rep,
        round(rep * spec.recovery * 4) / 4,
        spec.min_reps,
        spec.min_work_minutes,
        spec.rep_minutes[0],
    )


@dataclass(frozen=True, slots=True)
class Builder:
    """Builds sessions for one plan: its template and, when known, training paces.

    Its sessions are undated values, built once and shared by every week (and plan) that
    needs the same one; the composer copies each onto its day (see `copy_session`).
    """

    template: TemplateFile
    paces: TrainingPaces | None
    _made: dict[tuple[object, ...], Session] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Sessions already built, by what they are: most weeks repeat most sessions."""
    _phases: dict[PhaseName, PhaseSpec] = field(default_factory=dict, compare=False, repr=False)
    """The template's phase specs, by name, as weeks ask for them."""

    def phase(self, name: PhaseName) -> PhaseSpec:
        """The template's spec of phase `name`, looked up once (every week asks)."""
        spec = self._phases.get(name)
        if spec is None:
            spec = self._phases[name] = self.template.phase(name)
        return spec

    def _once(self, key: tuple[object, ...], make: Callable[[], Session]) -> Session:
        """The session `make` builds, built once for `key` and shared by every week.

        It is undated: the caller copies it onto its day once, together with whatever else
        that day adds (its id, its teaching), rather than once for the date and again after.
        """
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make()
        return made

    def step(
        self,
        effort: Effort,
        length: float | dt.timedelta,
        part: StepPart = StepPart.WORK,
        *,
        paced: bool = True,
        note: str = "",
    ) -> Step:
        """A step at `effort` for `length` minutes (or a `timedelta`), with its pace."""
        duration = length if isinstance(length, dt.timedelta) else minutes(length)
        pace = None if self.paces is None or not paced else _pace_for(self.paces, effort)
        return _step(part, effort, duration, pace, note)

    def feel(self, effort: Effort) -> str:
        """How an effort feels, as a note (paces live on the steps, in the runner's units)."""
        return guidance_notes(WorkoutKind.EASY, effort)[1]

    def session(
        self,
        day: dt.date,
        kind: WorkoutKind,
        steps: Sequence[Step | Repeat],
        *,
        title: str | None = None,
        key: bool = False,
        main_effort: Effort | None = None,
        extra_notes: Iterable[str] = (),
    ) -> Session:
        """A session with its purpose and the notes every session carries.

        Its title is built from its steps (`format_title`) unless one is given.
        """
        guide = kind.guide
        workout = Workout(steps=tuple(steps))
        feel, effort, sideways = guidance_notes(kind, main_effort, workout)
        notes = [note for note in (feel, effort, *extra_notes, sideways) if note]
        return Session(
            date=day,
            kind=kind,
            workout=workout,
            key=key,
            purpose=guide.purpose,
            title=format_title(kind, workout) if title is None else title,
            notes=tuple(notes),
        )

    def quality(self, shape: Quality, cooldown: float, extra: float = 0) -> Session:
        """A quality session, undated: warm-up, the main set, cool-down, then `extra` minutes easy.

        The extra easy running is there when the week needs the volume and the day has the
        time. It is a step of its own after the cool-down, so the warm-up stays a warm-up, the
        reps are run fresh, and a short day drops it first; under 5 minutes it lengthens the
        cool-down instead.
        """
        key = ("quality", shape, cooldown, extra)
        return self._once(key, lambda: self._quality(shape, cooldown, extra))

    def _quality(self, shape: Quality, cooldown: float, extra: float) -> Session:
        template = self.template
        effort = WORK_EFFORT[shape.kind]
        hills = shape.kind is WorkoutKind.HILLS
        warm = template.sessions.warmup_minutes
        if extra < MIN_EXTRA_MINUTES:
            # A few spare minutes are a slightly longer cool-down, not a step of their own.
            cooldown, extra = cooldown + extra, 0
        warmup = self.step(Effort.EASY, warm, StepPart.WARMUP)
        cooldown_step = self.step(Effort.EASY, cooldown, StepPart.COOLDOWN)
        work = self.step(
            effort, shape.rep_minutes, paced=not hills, note=_HILL_CUE if hills else ""
        )
        notes = [
            f"Start with the {warm} min easy warm-up before any fast running, and end with "
            "the easy cool-down."
        ]
        after: list[Step | Repeat] = []
        if extra:
            easy = format_minutes(minutes(extra))
            notes[0] = (
                f"Start with the {warm} min easy warm-up before any fast running. After the "
                f"main set, cool down easy, then run {easy} easy: aerobic volume the week "
                "needs, on legs that have worked. On a short or heavy-legged day, that easy "
                "running is the first part to drop."
            )
            after.append(self.step(Effort.EASY, extra, StepPart.EXTRA))
        if hills:
            notes.append(_HILL_CUE)
        if shape.reps == 1:
            body: list[Step | Repeat] = [work]
        else:
            recovery_effort = Effort.EASY if shape.kind is WorkoutKind.FARTLEK else Effort.RECOVERY
            recovery = self.step(recovery_effort, shape.recovery_minutes, StepPart.RECOVERY)
            reps = shape.reps
            # Run the last rep without a recovery after it: the cooldown follows.
            body = (
                [Repeat(times=reps - 1, steps=(work, recovery)), work]
                if recovery.time
                else [Repeat(times=reps, steps=(work,))]
            )
        return self.session(
            _UNDATED,
            shape.kind,
            [warmup, *body, cooldown_step, *after],
            key=True,
            main_effort=effort,
            extra_notes=notes,
        )

    def easy(self, length: int, *, strides: bool) -> Session:
        """An easy run, undated, with strides at the end when `strides`."""
        return self._once(("easy", length, strides), lambda: self._easy(length, strides))

    def _easy(self, length: int, strides: bool) -> Session:
        if not strides:
            # format_title's title for a one-step run, without its cost (a test keeps them equal).
            return self.session(
                _UNDATED,
                WorkoutKind.EASY,
                [self.step(Effort.EASY, length)],
                title=f"Easy run, {format_minutes(minutes(length))}",
                main_effort=Effort.EASY,
            )
        count = self.template.sessions.strides
        block = count * (STRIDE + STRIDE_RECOVERY)
        easy = minutes(length) - block
        steps: list[Step | Repeat] = [
            self.step(Effort.EASY, easy),
            Repeat(
                times=count,
                steps=(
                    self.step(Effort.REPETITION, STRIDE),
                    self.step(Effort.RECOVERY, STRIDE_RECOVERY, StepPart.RECOVERY),
                ),
            ),
        ]
        return self.session(
            _UNDATED,
            WorkoutKind.STRIDES,
            steps,
            main_effort=Effort.EASY,
        )

    def long(self, length: int, finish: int = 0) -> Session:
        """The long run, undated, easy; with `finish` minutes at marathon pace at the end."""
        return self._once(("long", length, finish), lambda: self._long(length, finish))

    def _long(self, length: int, finish: int) -> Session:
        if finish <= 0:
            return self.session(
                _UNDATED,
                WorkoutKind.LONG,
                [self.step(Effort.EASY, length)],
                title=f"Long run, {format_minutes(minutes(length))}",
                key=True,
                main_effort=Effort.EASY,
            )
        steps = (self.step(Effort.EASY, length - finish), self.step(Effort.MARATHON, finish))
        return self.session(
            _UNDATED,
            WorkoutKind.LONG,
            steps,
            title=format_title(WorkoutKind.LONG, Workout(steps=steps)),
            key=True,
            main_effort=Effort.EASY,
            extra_notes=(
                "Run the last part at marathon effort on tired legs: it rehearses the pace, "
                "the fuelling and the focus of the race's second half.",
                self.feel(Effort.MARATHON),
            ),
        )

    def support(self, kind: WorkoutKind, length: int) -> Session:
        """Strength, mobility or cross-training, undated: effort, no pace."""
        return self._once(("support", kind, length), lambda: self._support(kind, length))

    def _support(self, kind: WorkoutKind, length: int) -> Session:
        effort = Effort.RECOVERY if kind is WorkoutKind.MOBILITY else Effort.EASY
        return self.session(
            _UNDATED,
            kind,
            [Step(effort=effort, duration=minutes(length))],
            main_effort=effort if kind is WorkoutKind.CROSS_TRAINING else None,
        )

    def rest(self) -> Session:
        """A rest day, undated: every rest day is the same session on another date."""
        return _rest_day()


@functools.cache
def _rest_day() -> Session:
    guide = WorkoutKind.REST.guide
    return Session(
        date=_UNDATED,
        kind=WorkoutKind.REST,
        purpose=guide.purpose,
        title="Rest day",
        notes=(
            f"How it should feel: {guide.feels_like}",
            f"If the day goes sideways: {guide.sideways}",
        ),
    )


def copy_session(session: Session, update: dict[str, object]) -> Session:
    """`session.model_copy(update=update)`, at about half the cost.

    Every session of a plan takes one. It takes the same steps as `model_copy` without the
    generic ones: a session has no extra fields (``extra="forbid"``) and no private
    attributes. Like `model_copy`, it does not validate `update`; the composer gives it a day
    of the plan, the id made from it, and texts and routines from the validated knowledge
    files. A test keeps the two equal.
    """
    copied = Session.__new__(Session)
    object.__setattr__(copied, "__dict__", {**session.__dict__, **update})
    object.__setattr__(copied, "__pydantic_fields_set__", {*session.model_fields_set, *update})
    object.__setattr__(copied, "__pydantic_extra__", None)
    object.__setattr__(copied, "__pydantic_private__", None)
    return copied


_BUILDERS: OrderedDict[tuple[int, TrainingPaces | None], Builder] = OrderedDict()
_KEEP_BUILDERS: Final = 32
_BUILDERS_LOCK: Final = threading.Lock()


def builder_for(template: TemplateFile, paces: TrainingPaces | None) -> Builder:
    """The builder for a template and paces, reused while recent: its sessions are values.

    Keyed by the template object (the catalog hands out one object per packaged template); the
    builder keeps that object alive, so the key cannot be reused for another template while
    the entry lasts.
    """
    key = (id(template), paces)
    with _BUILDERS_LOCK:  # apps compose plans from several threads
        builder = _BUILDERS.get(key)
        if builder is None or builder.template is not template:
            builder = _BUILDERS[key] = Builder(template, paces)
            if len(_BUILDERS) > _KEEP_BUILDERS:
                _BUILDERS.popitem(last=False)
        else:
            _BUILDERS.move_to_end(key)
    return builder


def race_time(athlete: Athlete, goal: Goal) -> tuple[dt.timedelta, bool]:
    """The expected race time, and whether it is only an estimate (no race, no target)."""
    if goal.target_time is not None:
        return goal.target_time, False
    vdot = athlete.vdot
    if vdot is not None:
        return equivalent_time(vdot, goal.distance.metres), False
    return equivalent_time(_ESTIMATE_VDOT[athlete.level], goal.distance.metres), True


def race_session(builder: Builder, athlete: Athlete, goal: Goal) -> Session:
    """Race day: the distance at the effort it is run at, and the target pace."""
    time, estimated = race_time(athlete, goal)
    effort, words = _RACE_EFFORT[goal.distance]
    notes = [words, "Start slower than you think; the second half is where the race is run."]
    pace = time / (goal.distance.metres / 1000)
    # The step keeps a pace so its time is known; from a guess it is not shown as a target.
    note = RACE_BY_FEEL if estimated else ""
    if estimated:
        notes.append(
            f"Run it by feel: there is no target pace. The time ({format_duration(time)}) is "
            "only an estimate, for planning."
        )
    else:
        notes.append(f"Target about {format_duration(time, clock=True)}.")
    step = Step(
        effort=effort,
        distance=goal.distance.metres,
        pace=PaceRange(fast=pace, slow=pace),
        note=note,
    )
    return builder.session(
        goal.race_date,
        WorkoutKind.RACE,
        [step],
        title=f"Race day: {goal.distance.label}",
        key=True,
        extra_notes=notes,
    )
