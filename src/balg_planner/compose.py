"""Compose a plan: template + athlete + goal → a complete, safe, explained `Plan`.

The composer works week by week, in order, because each week's limits depend on what came
before:

1. **Runway and phases.** The weeks from `start` to race day are split into base, build, peak
   and taper. The taper keeps its length (never below its minimum); base absorbs a longer or
   shorter runway first.
2. **Volume.** Week 1 starts from the runner's current weekly minutes. A normal week grows at
   most by the template's ramp (never more than 10 %) over the last normal week; every 3rd or
   4th week is a cutback; the taper cuts volume while keeping some intensity.
3. **Limits on single runs.** No run is longer than 110 % of the longest run of the previous
   30 days (the runner's own longest run counts for the first weeks). The long run also stays
   within the template's share of the week and its cap in minutes.
4. **Sessions.** The long run, the phase's quality sessions (their work growing through the
   plan and capped so at least about 80 % of running is easy), easy runs with strides,
   strength and mobility.
5. **Days.** `balg_planner.schedule` places them with a constraint solver; when a week cannot
   hold everything, the least important sessions are let go first (cross-training, mobility,
   strength, easy runs, then quality), never the long run or the race.
6. **Sizes.** Each session is fitted to its day's minutes; easy runs share what is left of the
   week's volume.

Every session carries its purpose, how it should feel and what to do if the day goes sideways.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from balg_planner.athlete import Athlete, Goal, Level, Weekday
from balg_planner.catalog import find_template, load_template
from balg_planner.effort import Effort, effort_guide
from balg_planner.errors import DataError, QuestionableInputWarning, SchedulingError
from balg_planner.plan import Phase, Plan, Week
from balg_planner.schedule import Slot, SlotRole, WeekProblem, assign_days
from balg_planner.schema import PhaseName, PhaseSpec, TemplateFile
from balg_planner.science import PaceRange, TrainingPaces, equivalent_time, training_paces
from balg_planner.teaching import (
    fueling_note,
    journal_prompts,
    phase_rationale,
    race_week_fueling,
    routine_for,
    situations_of,
    skill_for_week,
    week_focus,
)
from balg_planner.units import RaceDistance, format_duration
from balg_planner.workout import Repeat, Session, Step, StepPart, Workout, WorkoutKind

__all__ = ["compose_plan", "phase_lengths"]

_SPIKE: Final = 1.10
"""No run longer than 110 % of the longest of the last 30 days (LOAD-02)."""

_HARD_SHARE: Final = 0.18
"""Quality work is planned within this share of a week's running, so 80/20 holds with room."""
_HARD_LIMIT: Final = 0.19
"""After fitting to days, fast running above this share of the week is trimmed."""

_QUALITY_CAP: Final = {
    WorkoutKind.THRESHOLD: 0.10,
    WorkoutKind.FARTLEK: 0.10,
    WorkoutKind.PROGRESSION: 0.10,
    WorkoutKind.INTERVALS: 0.08,
    WorkoutKind.REPETITIONS: 0.05,
    WorkoutKind.HILLS: 0.05,
    WorkoutKind.MARATHON_PACE: 0.20,
}
"""Daniels' caps on one session's fast running as a share of the week (LOAD-07, LOAD-08)."""

_WORK_EFFORT: Final = {
    WorkoutKind.THRESHOLD: Effort.THRESHOLD,
    WorkoutKind.FARTLEK: Effort.THRESHOLD,
    WorkoutKind.PROGRESSION: Effort.THRESHOLD,
    WorkoutKind.INTERVALS: Effort.INTERVAL,
    WorkoutKind.REPETITIONS: Effort.REPETITION,
    WorkoutKind.HILLS: Effort.REPETITION,
    WorkoutKind.MARATHON_PACE: Effort.MARATHON,
}

_RACE_EFFORT: Final = {
    RaceDistance.FIVE_K: Effort.INTERVAL,
    RaceDistance.TEN_K: Effort.THRESHOLD,
    RaceDistance.HALF: Effort.THRESHOLD,
    RaceDistance.MARATHON: Effort.MARATHON,
}

_ESTIMATE_VDOT: Final = {Level.BEGINNER: 30.0, Level.INTERMEDIATE: 40.0, Level.ADVANCED: 50.0}
"""Used only to estimate race-day duration when neither a race nor a target time is known."""

_STRIDE: Final = dt.timedelta(seconds=20)
_STRIDE_RECOVERY: Final = dt.timedelta(seconds=60)
_MIN_COOLDOWN: Final = 5
_MIN_RUN: Final = 10
"""No run is shorter than this: below it, rest does more good."""
_MIN_QUALITY_WORK: Final = 3.0
"""Minutes of fast running below which a quality session is not worth its warm-up."""
_MID_WEEK: Final = (Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.MON, Weekday.FRI)


# --- runway and phases -------------------------------------------------------------------


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


# --- session builders --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    template: TemplateFile
    paces: TrainingPaces | None

    def step(
        self, effort: Effort, minutes: float | dt.timedelta, part: StepPart = StepPart.WORK
    ) -> Step:
        duration = minutes if isinstance(minutes, dt.timedelta) else _minutes(minutes)
        pace = None if self.paces is None else _pace_for(self.paces, effort)
        return Step(part=part, effort=effort, duration=duration, pace=pace)

    def feel(self, effort: Effort) -> str:
        # Paces live on the steps, so views can show them in km or miles; notes stay unit-free.
        guide = effort_guide(effort)
        return f"{guide.name}: RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}; talk test: {guide.talk_test}"

    def session(
        self,
        day: dt.date,
        kind: WorkoutKind,
        steps: Sequence[Step | Repeat],
        *,
        title: str,
        key: bool = False,
        main_effort: Effort | None = None,
        extra_notes: Iterable[str] = (),
    ) -> Session:
        guide = kind.guide
        notes = [f"How it should feel: {guide.feels_like}"]
        if main_effort is not None and main_effort is not Effort.REST:
            notes.append(self.feel(main_effort))
        notes.extend(extra_notes)
        notes.append(f"If the day goes sideways: {guide.sideways}")
        return Session(
            date=day,
            kind=kind,
            workout=Workout(steps=tuple(steps)),
            key=key,
            purpose=guide.purpose,
            title=title,
            notes=tuple(notes),
        )


@functools.lru_cache(maxsize=256)
def _pace_for(paces: TrainingPaces, effort: Effort) -> PaceRange | None:
    return effort_guide(effort).pace(paces)


def _minutes(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=round(value * 60))


def _round_rep(minutes: float) -> float:
    """Round a rep to 30 seconds from 2 minutes up, else to 15 seconds (never below 15 s)."""
    step = 2 if minutes >= 2 else 4
    return max(0.25, round(minutes * step) / step)


def _rep_label(minutes: float) -> str:
    seconds = round(minutes * 60)
    if seconds < 60:
        return f"{seconds} s"
    whole, rest = divmod(seconds, 60)
    return f"{whole} min" if rest == 0 else f"{whole}:{rest:02d} min"


@dataclass(frozen=True, slots=True)
class _Quality:
    """A quality session's shape before it meets its day."""

    kind: WorkoutKind
    reps: int
    rep_minutes: float
    recovery_minutes: float

    @property
    def work_minutes(self) -> float:
        return self.reps * self.rep_minutes

    def total(self, template: TemplateFile, cooldown: int | None = None) -> float:
        cool = template.sessions.cooldown_minutes if cooldown is None else cooldown
        recoveries = max(self.reps - 1, 0) * self.recovery_minutes
        return template.sessions.warmup_minutes + self.work_minutes + recoveries + cool

    def fit(self, template: TemplateFile, minutes: float) -> tuple[_Quality, int] | None:
        """Shrink to fit `minutes`: cooldown to 5 min first, then fewer reps at the same pace."""
        cooldown = template.sessions.cooldown_minutes
        shape = self
        while shape.total(template, cooldown) > minutes:
            if cooldown > _MIN_COOLDOWN:
                cooldown = max(
                    _MIN_COOLDOWN, cooldown - math.ceil(shape.total(template, cooldown) - minutes)
                )
            elif shape.reps > 1:
                shape = _Quality(
                    shape.kind, shape.reps - 1, shape.rep_minutes, shape.recovery_minutes
                )
            else:
                return None
        return shape, cooldown


def _quality_shape(
    template: TemplateFile, kind: WorkoutKind, position: float, scale: float, budget: float
) -> _Quality:
    spec = template.workouts[kind]
    work = spec.work_minutes[0] + (spec.work_minutes[1] - spec.work_minutes[0]) * position
    rep = spec.rep_minutes[0] + (spec.rep_minutes[1] - spec.rep_minutes[0]) * position
    work = max(min(work * scale, budget), 0.25)
    rep = _round_rep(min(rep, work))
    reps = max(1, math.floor(work / rep + 1e-9))
    return _Quality(kind, reps, rep, round(rep * spec.recovery * 4) / 4)


def _quality_session(ctx: _Context, day: dt.date, shape: _Quality, cooldown: int) -> Session:
    template = ctx.template
    effort = _WORK_EFFORT[shape.kind]
    warmup = ctx.step(Effort.EASY, template.sessions.warmup_minutes, StepPart.WARMUP)
    cooldown_step = ctx.step(Effort.EASY, cooldown, StepPart.COOLDOWN)
    work = ctx.step(effort, shape.rep_minutes)
    if shape.kind is WorkoutKind.PROGRESSION:
        body: list[Step | Repeat] = [work]
        title = f"Progression: finish with {_rep_label(shape.work_minutes)} at threshold"
    elif shape.reps == 1:
        body = [work]
        title = f"{shape.kind.guide.name}: {_rep_label(shape.rep_minutes)} steady"
    else:
        recovery_effort = Effort.EASY if shape.kind is WorkoutKind.FARTLEK else Effort.RECOVERY
        recovery = ctx.step(recovery_effort, shape.recovery_minutes, StepPart.RECOVERY)
        reps = shape.reps
        # Run the last rep without a recovery after it: the cooldown follows.
        body = (
            [Repeat(times=reps - 1, steps=(work, recovery)), work]
            if recovery.time
            else [Repeat(times=reps, steps=(work,))]
        )
        title = f"{shape.kind.guide.name}: {reps} × {_rep_label(shape.rep_minutes)}"
    return ctx.session(
        day,
        shape.kind,
        [warmup, *body, cooldown_step],
        title=title,
        key=True,
        main_effort=effort,
        extra_notes=("Keep the 10-minute warm-up before any fast running.",),
    )


def _easy_session(ctx: _Context, day: dt.date, minutes: int, strides: bool) -> Session:
    if not strides:
        return ctx.session(
            day,
            WorkoutKind.EASY,
            [ctx.step(Effort.EASY, minutes)],
            title=f"Easy run, {minutes} min",
            main_effort=Effort.EASY,
        )
    count = ctx.template.sessions.strides
    block = count * (_STRIDE + _STRIDE_RECOVERY)
    easy = _minutes(minutes) - block
    steps: list[Step | Repeat] = [
        ctx.step(Effort.EASY, easy),
        Repeat(
            times=count,
            steps=(
                ctx.step(Effort.REPETITION, _STRIDE),
                ctx.step(Effort.RECOVERY, _STRIDE_RECOVERY, StepPart.RECOVERY),
            ),
        ),
    ]
    return ctx.session(
        day,
        WorkoutKind.STRIDES,
        steps,
        title=f"Easy run, {format_duration(easy)}, then {count} × 20 s strides",
        main_effort=Effort.EASY,
    )


def _long_session(ctx: _Context, day: dt.date, minutes: int) -> Session:
    return ctx.session(
        day,
        WorkoutKind.LONG,
        [ctx.step(Effort.EASY, minutes)],
        title=f"Long run, {format_duration(_minutes(minutes))}",
        key=True,
        main_effort=Effort.EASY,
    )


def _support_session(ctx: _Context, day: dt.date, kind: WorkoutKind, minutes: int) -> Session:
    effort = Effort.RECOVERY if kind is WorkoutKind.MOBILITY else Effort.EASY
    # Not running, so no pace: the effort and the routine are the guide.
    return ctx.session(
        day,
        kind,
        [Step(effort=effort, duration=_minutes(minutes))],
        title=f"{kind.guide.name}, {minutes} min",
        main_effort=effort if kind is WorkoutKind.CROSS_TRAINING else None,
    )


def _rest_session(ctx: _Context, day: dt.date) -> Session:
    # Every rest day is the same session on another date; a shallow copy is far cheaper.
    return _rest_day().model_copy(update={"date": day})


@functools.cache
def _rest_day() -> Session:
    guide = WorkoutKind.REST.guide
    return Session(
        date=dt.date(2000, 1, 1),
        kind=WorkoutKind.REST,
        purpose=guide.purpose,
        title="Rest day",
        notes=(
            f"How it should feel: {guide.feels_like}",
            f"If the day goes sideways: {guide.sideways}",
        ),
    )


def _race_time(athlete: Athlete, goal: Goal) -> tuple[dt.timedelta, bool]:
    if goal.target_time is not None:
        return goal.target_time, False
    vdot = athlete.vdot
    if vdot is not None:
        return equivalent_time(vdot, goal.distance.metres), False
    return equivalent_time(_ESTIMATE_VDOT[athlete.level], goal.distance.metres), True


def _race_session(ctx: _Context, athlete: Athlete, goal: Goal) -> Session:
    time, estimated = _race_time(athlete, goal)
    effort = _RACE_EFFORT[goal.distance]
    effort_name = effort_guide(effort).name.lower()
    notes = [f"Start slower than you think; the race is run at about {effort_name} effort."]
    pace = time / (goal.distance.metres / 1000)
    if estimated:
        notes.append(f"The time ({format_duration(time)}) is only an estimate, for planning.")
    else:
        notes.append(f"Target about {format_duration(time, clock=True)}.")
    return ctx.session(
        goal.race_date,
        WorkoutKind.RACE,
        [Step(effort=effort, distance=goal.distance.metres, pace=PaceRange(fast=pace, slow=pace))],
        title=f"Race day: {goal.distance.label}",
        key=True,
        extra_notes=notes,
    )


# --- one week ---------------------------------------------------------------------------


@dataclass(slots=True)
class _History:
    """What earlier weeks leave behind for the next one."""

    runs: list[tuple[dt.date, float]] = field(default_factory=list)
    last_normal: float = 0.0
    peak: float = 0.0
    appearances: dict[WorkoutKind, int] = field(default_factory=dict)
    hard_last_day: bool = False
    strength_last_day: bool = False


@dataclass(frozen=True, slots=True)
class _WeekPlan:
    number: int
    start: dt.date
    phase: PhaseName
    cutback: bool
    taper_index: int | None
    race_week: bool


def _day_preference(week_start: dt.date, order: Iterable[Weekday]) -> tuple[int, ...]:
    first = week_start.weekday()
    return tuple((day.number - first) % 7 for day in order)


def _spike_cap(athlete: Athlete, start: dt.date, week_start: dt.date, history: _History) -> int:
    # Every day of the week looks back 30 days; the days all windows share are the 24 before
    # the week starts, so a cap from those holds for each day of it.
    window_start = week_start - dt.timedelta(days=24)
    longest = max((minutes for day, minutes in history.runs if day >= window_start), default=0.0)
    if week_start < start + dt.timedelta(days=24):
        longest = max(longest, athlete.longest_run_minutes)
    return math.floor(_SPIKE * longest + 1e-9)


def _slots(
    ctx: _Context,
    athlete: Athlete,
    week: _WeekPlan,
    spec: PhaseSpec,
    minutes: tuple[int, ...],
    race_day: int | None,
    quality: int,
) -> list[Slot]:
    template = ctx.template
    runnable = [day for day in range(7) if minutes[day] > 0 and day != race_day]
    by_minutes = tuple(sorted(runnable, key=lambda day: (-minutes[day], -day)))
    slots: list[Slot] = []
    if race_day is not None:
        slots.append(Slot("a_race", SlotRole.RACE, 0, (race_day,)))
    else:
        preferred = by_minutes
        if athlete.long_run_day is not None:
            favourite = _day_preference(week.start, [athlete.long_run_day])[0]
            # A favourite day too short for a proper long run is only a fallback.
            if minutes[favourite] >= template.long_run.min_minutes:
                preferred = (favourite, *(day for day in by_minutes if day != favourite))
        # Any day that holds an easy run can hold a (shorter) long run; roomier days come first.
        long_min = template.sessions.easy_min_minutes
        slots.append(Slot("b_long", SlotRole.LONG, long_min, preferred))
    mid_week = _day_preference(week.start, _MID_WEEK)
    mid_first = tuple(day for day in mid_week if day in runnable) + tuple(
        day for day in by_minutes if day not in mid_week
    )
    minimal_quality = template.sessions.warmup_minutes + 1 + _MIN_COOLDOWN
    for index in range(quality):
        slots.append(Slot(f"c_quality{index}", SlotRole.QUALITY, minimal_quality, mid_first))
    runs = quality + (race_day is None)
    easy_min = template.sessions.easy_min_minutes
    for index in range(max(0, template.days.max_runs - runs)):
        slots.append(Slot(f"d_easy{index}", SlotRole.EASY, easy_min, by_minutes))
    support = (
        ("e_strength", SlotRole.STRENGTH, spec.strength, template.sessions.strength_minutes),
        ("f_mobility", SlotRole.OTHER, spec.mobility, template.sessions.mobility_minutes),
        ("g_cross", SlotRole.OTHER, spec.cross_training, template.sessions.cross_training_minutes),
    )
    for prefix, role, count, need in support:
        for index in range(count):
            slots.append(Slot(f"{prefix}{index}", role, need, by_minutes))
    return slots


def _room(template: TemplateFile, minutes: tuple[int, ...], race_day: int | None) -> int:
    """How many sessions the week can hold: one a day, rest days kept."""
    days_in_week = 7 if race_day is None else race_day + 1
    runnable = sum(1 for day in range(7) if minutes[day] > 0 and day != race_day)
    return min(days_in_week - template.days.min_rest_days, runnable + (race_day is not None))


_DROP_ORDER: Final = (
    ("g_cross", 0),
    ("f_mobility", 0),
    ("e_strength", 0),
    ("d_easy", 2),
    ("c_quality", 1),
    ("d_easy", 0),
    ("c_quality", 0),
)
"""Which slots go first when a week cannot hold them all, and how many of each kind stay.

Support work goes first, then easy runs beyond two, then any quality session beyond the most
important one, then the remaining easy runs, then the last quality session. The long run and
the race always stay.
"""


def _drop(slots: list[Slot], count: int, *, keep_quality: bool = False) -> list[Slot]:
    """Let go of `count` slots, least important first (the last of each kind first)."""
    kept = list(slots)
    for prefix, keep in _DROP_ORDER:
        if keep_quality and prefix == "c_quality":
            continue
        while count > 0:
            matches = [slot for slot in kept if slot.name.startswith(prefix)]
            if len(matches) <= keep:
                break
            kept.remove(matches[-1])
            count -= 1
    return kept


def _solve(
    week: _WeekPlan, problem: WeekProblem, room: int
) -> tuple[dict[str, int], tuple[Slot, ...]]:
    """Place as much of the week as fits.

    Quality sessions are tried all together first, then one fewer at a time (48 hours between
    hard days may not allow them all); for each count, the slots beyond the week's room go in
    `_DROP_ORDER`, and if the solver still finds no answer, support work and easy runs go one
    by one. Close to the race the long run may go too; elsewhere a week that cannot hold its
    long run is an error.
    """
    quality = [slot for slot in problem.slots if slot.role is SlotRole.QUALITY]
    others = [slot for slot in problem.slots if slot.role is not SlotRole.QUALITY]
    for keep in range(len(quality), -1, -1):
        slots = sorted([*others, *quality[:keep]], key=lambda slot: slot.name)
        slots = _drop(slots, len(slots) - room)
        while True:
            candidate = WeekProblem(
                minutes=problem.minutes,
                slots=tuple(slots),
                hard_before=problem.hard_before,
                strength_before=problem.strength_before,
                race_day=problem.race_day,
            )
            solution = assign_days(candidate)
            if solution is not None:
                return solution, candidate.slots
            optional = [s for s in slots if s.role not in _FIXED_ROLES]
            if not optional:
                break
            slots = _drop(slots, 1, keep_quality=True)
    if problem.race_day is not None:
        # Close to the race a long run matters least; rest beats cramming it in.
        race_only = [slot for slot in problem.slots if slot.role is SlotRole.RACE]
        solution = assign_days(
            WeekProblem(minutes=problem.minutes, slots=tuple(race_only), race_day=problem.race_day)
        )
        if solution is not None:
            return solution, tuple(race_only)
    available = ", ".join(
        f"{(week.start + dt.timedelta(days=d)).strftime('%a').lower()} {m} min"
        for d, m in enumerate(problem.minutes)
        if m > 0
    )
    long_slot = next(slot for slot in problem.slots if slot.role is SlotRole.LONG)
    raise SchedulingError(
        "cannot place the long run",
        loc=(f"week {week.number}",),
        value=f"needs a day with {long_slot.min_minutes} min",
        hint=f"available: {available or 'none'}; add minutes to a day or choose a shorter race",
    )


_FIXED_ROLES: Final = frozenset({SlotRole.LONG, SlotRole.RACE, SlotRole.QUALITY})


def _week_target(
    template: TemplateFile, athlete: Athlete, week: _WeekPlan, history: _History
) -> int:
    """The week's training minutes (the race is not counted against them)."""
    volume = template.volume
    if week.taper_index is not None:
        target = template.taper.volume[week.taper_index] * history.peak
    elif week.number == 1:
        target = min(volume.peak_minutes, athlete.weekly_minutes * volume.start)
    elif week.cutback:
        target = history.last_normal * volume.cutback
    else:
        grown = history.last_normal * (1 + min(volume.ramp, _SPIKE - 1))
        target = min(volume.peak_minutes, grown)
    return math.floor(target + 1e-9)


def _quality_shapes(
    template: TemplateFile,
    spec: PhaseSpec,
    week: _WeekPlan,
    target: int,
    history: _History,
    counts: dict[WorkoutKind, int],
) -> list[_Quality]:
    """This week's quality sessions, each within its own cap and the week's 80/20 budget."""
    kinds = list(spec.quality)[:1] if week.cutback or week.race_week else list(spec.quality)
    if not kinds:
        return []
    strides_fast = spec.strides * template.sessions.strides * _STRIDE.total_seconds() / 60
    budget = max(_HARD_SHARE * target - strides_fast, 0.0) / len(kinds)
    scale = 0.75 if week.cutback else 1.0
    if week.taper_index is not None:
        scale = template.taper.volume[week.taper_index]
    shapes = []
    for kind in kinds:
        total, seen = counts[kind], history.appearances.get(kind, 0)
        position = 0.0 if total <= 1 else min(seen / (total - 1), 1.0)
        if not week.cutback and week.taper_index is None:
            history.appearances[kind] = seen + 1
        kind_budget = min(budget, _QUALITY_CAP[kind] * target)
        if kind_budget < _MIN_QUALITY_WORK:
            continue  # too little room this week for the session to do its job
        shapes.append(_quality_shape(template, kind, position, scale, kind_budget))
    return shapes


@dataclass(frozen=True, slots=True)
class _Placement:
    """A scheduled week waiting for its sessions' sizes."""

    days: tuple[dt.date, ...]
    minutes: tuple[int, ...]
    solution: dict[str, int]
    slots: tuple[Slot, ...]
    target: int
    cap: int
    strength_after: frozenset[int] = frozenset()
    """Easy-run days that also carry strength work after the run (its minutes kept free)."""

    def day_of(self, slot: Slot) -> int:
        return self.solution[slot.name]


def _size_runs(
    ctx: _Context, spec: PhaseSpec, placement: _Placement, shapes: Sequence[_Quality]
) -> dict[int, Session]:
    """Fit the week's runs to their days: quality, easy runs, then the long run."""
    template = ctx.template
    minutes, days, target, cap = placement.minutes, placement.days, placement.target, placement.cap
    easy_min = template.sessions.easy_min_minutes
    sessions: dict[int, Session] = {}
    long_slot = next((slot for slot in placement.slots if slot.role is SlotRole.LONG), None)
    long_max = 0
    if long_slot is not None:
        day_minutes = minutes[placement.day_of(long_slot)]
        share = template.long_run.ceiling * target
        long_max = math.floor(min(template.long_run.cap_minutes, share, cap, day_minutes) + 1e-9)
    long_floor = min(long_max, easy_min)

    strength_minutes = template.sessions.strength_minutes

    def room(day: int) -> int:
        """The day's minutes for running, after any strength work it also carries."""
        return minutes[day] - strength_minutes * (day in placement.strength_after)

    used = 0.0
    fitted_quality: list[tuple[int, _Quality, int]] = []
    quality_slots = [slot for slot in placement.slots if slot.role is SlotRole.QUALITY]
    for slot, shape in zip(quality_slots, shapes, strict=False):
        offset = placement.day_of(slot)
        fitted = shape.fit(template, min(room(offset), cap, target - long_floor - used))
        if fitted is None:
            continue  # the day cannot hold a sound version of it: an easy day is better
        fitted_quality.append((offset, *fitted))
        used += fitted[0].total(template, fitted[1])

    # As many easy runs as leave room for a long run, each at least the shortest easy run;
    # the long run takes what it may and the easy runs share the rest, roomiest days first.
    easy_slots = sorted(
        (slot for slot in placement.slots if slot.role is SlotRole.EASY),
        key=lambda slot: (-minutes[placement.day_of(slot)], slot.name),
    )
    count = len(easy_slots)
    while count > 0 and target - used - count * easy_min < long_floor:
        count -= 1
    long_minutes = max(min(long_max, math.floor(target - used - count * easy_min)), 0)
    easy_slots = easy_slots[:count]
    sizes = _share(
        max(target - used - long_minutes, 0),
        [min(room(placement.day_of(slot)), cap) for slot in easy_slots],
        easy_min,
    )
    strides_left = spec.strides
    block = template.sessions.strides * (_STRIDE + _STRIDE_RECOVERY)
    others = used
    for slot, size in zip(easy_slots, sizes, strict=True):
        if size <= 0:
            continue
        offset = placement.day_of(slot)
        with_strides = strides_left > 0 and _minutes(size) - block >= _minutes(10)
        sessions[offset] = _easy_session(ctx, days[offset], size, with_strides)
        strides_left -= with_strides
        others += size

    # What the easy days could not hold becomes easy running after the quality work.
    left = max(target - others - long_minutes, 0)
    for offset, shape, cooldown in fitted_quality:
        spare = min(room(offset), cap) - shape.total(template, cooldown)
        extra = math.floor(min(left, max(spare, 0)) + 1e-9)
        left -= extra
        others += extra
        sessions[offset] = _quality_session(ctx, days[offset], shape, cooldown + extra)

    if long_slot is not None:
        # Keep the long run within its share of what the week really holds.
        ceiling = template.long_run.ceiling
        long_minutes = min(long_minutes, math.floor(ceiling * others / (1 - ceiling) + 1e-9))
        if long_minutes >= _MIN_RUN:
            offset = placement.day_of(long_slot)
            sessions[offset] = _long_session(ctx, days[offset], long_minutes)
    return sessions


def _fast_share(sessions: Iterable[Session]) -> float:
    """The share of training running time above easy effort."""
    fast = total = 0.0
    for session in sessions:
        if not session.is_running or session.kind is WorkoutKind.RACE:
            continue
        for effort, time in session.workout.time_per_effort().items():
            seconds = time.total_seconds()
            total += seconds
            if effort > Effort.EASY:
                fast += seconds
    return fast / total if total else 0.0


def _shrink(shapes: Sequence[_Quality]) -> list[_Quality]:
    """One rep fewer for each session; a one-rep session is let go."""
    return [
        _Quality(shape.kind, shape.reps - 1, shape.rep_minutes, shape.recovery_minutes)
        for shape in shapes
        if shape.reps > 1
    ]


def _compose_week(
    ctx: _Context,
    athlete: Athlete,
    goal: Goal,
    week: _WeekPlan,
    history: _History,
    plan_start: dt.date,
    counts: dict[WorkoutKind, int],
) -> list[Session]:
    template = ctx.template
    spec = template.phase(week.phase)
    days = [week.start + dt.timedelta(days=offset) for offset in range(7)]
    race_day = (goal.race_date - week.start).days if week.race_week else None
    last_day = 6 if race_day is None else race_day
    minutes = tuple(
        athlete.availability.minutes(Weekday.of(day)) if offset <= last_day else 0
        for offset, day in enumerate(days)
    )
    target = _week_target(template, athlete, week, history)
    shapes = _quality_shapes(template, spec, week, target, history, counts)
    # Keep the two days before the race easy, even when they fall in the week before it.
    until_race = (goal.race_date - week.start).days
    problem = WeekProblem(
        minutes=minutes,
        slots=tuple(_slots(ctx, athlete, week, spec, minutes, race_day, len(shapes))),
        hard_before=history.hard_last_day,
        strength_before=history.strength_last_day,
        race_day=until_race if until_race <= 9 else None,
    )
    solution, placed = _solve(week, problem, _room(template, minutes, race_day))
    strength_after = _strength_after_runs(template, spec, week, minutes, solution, placed)
    placement = _Placement(
        days=tuple(days),
        minutes=minutes,
        solution=solution,
        slots=placed,
        target=target,
        cap=_spike_cap(athlete, plan_start, week.start, history),
        strength_after=strength_after,
    )
    sessions = _size_runs(ctx, spec, placement, shapes)
    # Fitting sessions to short days can leave the week with less easy running than planned;
    # shrink the quality work until at most about a fifth of the running is fast.
    while shapes and _fast_share(sessions.values()) > _HARD_LIMIT:
        shapes = _shrink(shapes)
        sessions = _size_runs(ctx, spec, placement, shapes)

    if race_day is not None:
        sessions[race_day] = _race_session(ctx, athlete, goal)

    for offset in sorted(strength_after):
        run = sessions.get(offset)
        if run is not None and run.is_running and run.kind not in _NOT_AFTER_RUN:
            routine = routine_for(
                WorkoutKind.STRENGTH, week.phase, athlete.level, week=week.number,
                minutes=template.sessions.strength_minutes,
            )  # fmt: skip
            if routine is not None:
                note = f"After the run: {routine.name.lower()}, about {routine.minutes} min."
                sessions[offset] = run.model_copy(
                    update={"routine": routine, "notes": (*run.notes, note)}
                )

    for slot in placed:
        kind = _SUPPORT_KINDS.get(slot.name[0])
        if kind is not None:
            offset = solution[slot.name]
            sessions[offset] = _support_session(
                ctx, days[offset], kind, _support_minutes(template, kind)
            )

    week_sessions = [
        sessions.get(offset) or _rest_session(ctx, days[offset]) for offset in range(last_day + 1)
    ]
    _remember(history, week, week_sessions)
    return week_sessions


def _strength_after_runs(
    template: TemplateFile,
    spec: PhaseSpec,
    week: _WeekPlan,
    minutes: tuple[int, ...],
    solution: dict[str, int],
    placed: tuple[Slot, ...],
) -> frozenset[int]:
    """Run days that can also hold the strength work the week had no free day for.

    Strength goes after a quality session or an easy run (STR-01: on quality days or easy
    days), never on the day before a hard session or the race, never on the week's last day
    (the next week is not planned yet), and only where the day has room for both.
    """
    missing = spec.strength - sum(1 for slot in placed if slot.role is SlotRole.STRENGTH)
    if missing <= 0 or week.race_week:
        return frozenset()
    hard = {solution[slot.name] for slot in placed if slot.role.hard}
    strength = template.sessions.strength_minutes
    need = {
        SlotRole.EASY: template.sessions.easy_min_minutes + strength,
        SlotRole.QUALITY: template.sessions.warmup_minutes + 10 + strength,
    }
    candidates = sorted(
        (
            (solution[slot.name], slot.role)
            for slot in placed
            if slot.role in need and minutes[solution[slot.name]] >= need[slot.role]
        ),
        key=lambda item: (item[1] is SlotRole.QUALITY, -minutes[item[0]], item[0]),
    )
    chosen = [day for day, _ in candidates if day < 6 and day + 1 not in hard]
    return frozenset(chosen[:missing])


_NOT_AFTER_RUN: Final = frozenset({WorkoutKind.LONG, WorkoutKind.RACE})

_SUPPORT_KINDS: Final = {
    "e": WorkoutKind.STRENGTH,
    "f": WorkoutKind.MOBILITY,
    "g": WorkoutKind.CROSS_TRAINING,
}


def _support_minutes(template: TemplateFile, kind: WorkoutKind) -> int:
    sessions = template.sessions
    return {
        WorkoutKind.STRENGTH: sessions.strength_minutes,
        WorkoutKind.MOBILITY: sessions.mobility_minutes,
        WorkoutKind.CROSS_TRAINING: sessions.cross_training_minutes,
    }[kind]


def _remember(history: _History, week: _WeekPlan, sessions: Sequence[Session]) -> None:
    running = 0.0
    for session in sessions:
        if session.is_running and session.kind is not WorkoutKind.RACE:
            history.runs.append((session.date, session.minutes))
            running += session.minutes
    if not week.cutback and week.taper_index is None:
        history.last_normal = running
        history.peak = max(history.peak, running)
    last = sessions[-1]
    history.hard_last_day = last.is_hard or (last.key and last.kind is not WorkoutKind.REST)
    history.strength_last_day = last.kind is WorkoutKind.STRENGTH


def _share(total: float, caps: Sequence[int], minimum: int) -> list[int]:
    """Split `total` minutes over runs with `caps`, evenly where caps allow (water-filling).

    Runs that would fall under `minimum` are dropped (size 0), smallest cap first.
    """
    active = list(range(len(caps)))
    while active:
        sizes = [0] * len(caps)
        left = total
        pending = sorted(active, key=lambda i: (caps[i], i))
        for position, index in enumerate(pending):
            even = left / (len(pending) - position)
            sizes[index] = math.floor(min(caps[index], even) + 1e-9)
            left -= sizes[index]
        if all(sizes[i] >= minimum for i in active):
            return sizes
        active.remove(pending[0])
    return [0] * len(caps)


# --- the plan ----------------------------------------------------------------------------


def _check_inputs(template: TemplateFile, athlete: Athlete, goal: Goal, weeks: int) -> None:
    label = goal.distance.label
    if template.distance is not goal.distance:
        raise DataError(
            "template is for another distance",
            loc=("template",),
            value=template.id,
            hint=f"it is for a {template.distance.label}; the goal is a {label}",
        )
    if weeks < template.runway.min_weeks:
        raise DataError(
            f"a {label} plan ({template.level.value}) needs at least "
            f"{template.runway.min_weeks} weeks; the race is in {weeks}",
            loc=("goal", "race_date"),
            value=goal.race_date.isoformat(),
            hint="choose a later race or a shorter distance",
        )
    if athlete.weekly_minutes < template.volume.min_start_minutes:
        need = template.volume.min_start_minutes
        build_weeks = math.ceil(
            math.log(need / max(athlete.weekly_minutes, 1)) / math.log(1 + template.volume.ramp)
        )
        raise DataError(
            f"a {label} plan ({template.level.value}) starts from at least {need} min of running "
            f"a week; you run {athlete.weekly_minutes}",
            loc=("athlete", "weekly_minutes"),
            value=athlete.weekly_minutes,
            hint=f"build up for about {build_weeks} weeks first, choose a later race, or a "
            "shorter distance",
        )
    easy_min = template.sessions.easy_min_minutes
    days = athlete.availability.days
    usable = [day for day in days if athlete.availability.minutes(day) >= easy_min]
    if len(usable) < template.days.min_available:
        raise DataError(
            f"a {label} plan ({template.level.value}) needs at least "
            f"{template.days.min_available} days a week with {easy_min} min or more; "
            f"you have {len(usable)}",
            loc=("athlete", "availability"),
            value=len(usable),
            hint="add a day or minutes, or choose a template for fewer days (a lower level)",
        )
    longest_day = max(athlete.availability.minutes(day) for day in days)
    if longest_day < template.long_run.min_minutes:
        raise DataError(
            f"no day is long enough for the long run: it needs {template.long_run.min_minutes} "
            f"min and the longest day has {longest_day}",
            loc=("athlete", "availability"),
            value=longest_day,
            hint="give one day more time, or choose a shorter race",
        )
    if athlete.longest_run_minutes < template.sessions.easy_min_minutes:
        raise DataError(
            f"the longest recent run ({athlete.longest_run_minutes} min) is shorter than this "
            f"plan's shortest run ({template.sessions.easy_min_minutes} min)",
            loc=("athlete", "longest_run_minutes"),
            value=athlete.longest_run_minutes,
            hint="build to a continuous run of that length first (walk-run is fine)",
        )


def _teach(session: Session, week: _WeekPlan, level: Level, used: dict[str, dt.date]) -> Session:
    """Give a session its journal prompts, fuelling note and routine."""
    if session.kind is WorkoutKind.REST:
        return session
    before, after = journal_prompts(session, situations_of(session, week.phase), recent=used)
    used[before.id] = used[after.id] = session.date
    update: dict[str, object] = {
        "journal": (f"Before: {before.text}", f"After: {after.text}"),
        "fueling": fueling_note(session),
    }
    if session.kind in (WorkoutKind.STRENGTH, WorkoutKind.MOBILITY):
        update["routine"] = routine_for(
            session.kind, week.phase, level, week=week.number, minutes=round(session.minutes)
        )
    if session.kind is WorkoutKind.RACE:
        update["fueling"] = " ".join(race_week_fueling())
    return session.model_copy(update=update)


def _long_run_note(template: TemplateFile, athlete: Athlete, weeks: Sequence[Week]) -> list[str]:
    """Say so when the runner's week, not the plan, holds the long run back."""
    longest = max(
        (s.minutes for week in weeks for s in week.sessions if s.kind is WorkoutKind.LONG),
        default=0.0,
    )
    if longest >= 0.7 * template.long_run.cap_minutes:
        return []
    share = round(template.long_run.ceiling * 100)
    # What the other days can hold caps the long run through its share of the week.
    days = athlete.availability.as_dict().values()
    others = sum(days) - max(days)
    ceiling = template.long_run.ceiling
    head = (
        f"The long run tops out at {round(longest)} min: it stays within {share} % of the "
        "week's running"
    )
    if longest >= 0.95 * ceiling / (1 - ceiling) * others:
        return [
            f"{head}, and your days hold only so much. More minutes on a weekday, or one more "
            f"day, would let it grow towards {template.long_run.cap_minutes} min."
        ]
    return [
        f"{head}, which grows at most 10 % a week from where you are now. That is how it "
        "should be: a longer runway would let it grow further."
    ]


def _appearances(template: TemplateFile, weeks: Sequence[_WeekPlan]) -> dict[WorkoutKind, int]:
    counts: dict[WorkoutKind, int] = dict.fromkeys(template.workouts, 0)
    for week in weeks:
        if week.cutback or week.taper_index is not None:
            continue
        for kind in template.phase(week.phase).quality:
            counts[kind] += 1
    return counts


def compose_plan(
    athlete: Athlete, goal: Goal, *, start: dt.date, template: str | None = None
) -> Plan:
    """Compose a training plan from `start` to the goal's race day.

    Args:
        athlete: The runner: level, current volume, available minutes per weekday.
        goal: The race distance and date (and optionally a target time).
        start: The first day of the plan (week 1 runs from here for seven days).
        template: A packaged template id (``"half-intermediate"``) or a path to a template
            file; by default the packaged template for the goal's distance and the athlete's
            level.

    Returns:
        A `Plan` whose every session says why it is there.

    Raises:
        DataError: The inputs cannot give a safe plan (race too close, too little current
            running, too few available days, no day long enough for the long run); the
            message says which constraint fails and what would fix it.
        NotFoundError: `template` names no packaged template or file.
        SchedulingError: A week cannot hold even its long run.

    Warns:
        QuestionableInputWarning: Legal but questionable input, such as a runway longer than
            the template's (the plan then starts later) or a target far beyond current fitness.

    Example:
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="intermediate", weekly_minutes=180, longest_run_minutes=75,
        ...                     availability={"tue": 45, "wed": 60, "fri": 45, "sun": 120},
        ...                     long_run_day="sun")
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="half", race_date=dt.date(2027, 4, 18)),
        ...                        start=dt.date(2027, 1, 25))
        >>> plan.template, len(plan.weeks), plan.race.date.isoformat()
        ('half-intermediate', 12, '2027-04-18')
    """
    chosen = load_template(template) if template else find_template(goal.distance, athlete.level)
    if start > goal.race_date:
        raise DataError(
            "the race date is before the plan's start",
            loc=("goal", "race_date"),
            value=goal.race_date.isoformat(),
            hint=f"start on or before the race (start is {start.isoformat()})",
        )
    weeks = (goal.race_date - start).days // 7 + 1
    _check_inputs(chosen, athlete, goal, weeks)
    notes: list[str] = []
    if weeks > chosen.runway.max_weeks:
        later = start + dt.timedelta(weeks=weeks - chosen.runway.max_weeks)
        message = (
            f"the race is {weeks} weeks away, more than this plan's {chosen.runway.max_weeks}; "
            f"the plan starts on {later.isoformat()} — until then keep running your current week"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(message[:1].upper() + message[1:] + ".")
        start, weeks = later, chosen.runway.max_weeks
    favourite = athlete.long_run_day
    if (
        favourite is not None
        and athlete.availability.minutes(favourite) < chosen.long_run.min_minutes
    ):
        message = (
            f"the long-run day ({favourite.value}) has {athlete.availability.minutes(favourite)} "
            f"min, less than this plan's shortest long run ({chosen.long_run.min_minutes}); "
            "the long run goes to the roomiest free day instead"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(message[:1].upper() + message[1:] + ".")
    target_vdot, vdot = goal.target_vdot, athlete.vdot
    if target_vdot is not None and vdot is not None and target_vdot > vdot * 1.05:
        message = (
            f"the target time asks for VDOT {target_vdot:.1f}, well beyond the current "
            f"{vdot:.1f}; training paces follow current fitness, so the plan stays safe"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(message[:1].upper() + message[1:] + ".")

    lengths = phase_lengths(chosen, weeks)
    week_plans: list[_WeekPlan] = []
    number = 1
    pre_taper = weeks - lengths[PhaseName.TAPER]
    for name in PhaseName:
        for _ in range(lengths[name]):
            taper_index = None
            if name is PhaseName.TAPER:
                taper_index = chosen.taper.weeks - (weeks - number) - 1
            cutback = number <= pre_taper and number % chosen.volume.cutback_every == 0
            week_plans.append(
                _WeekPlan(
                    number=number,
                    start=start + dt.timedelta(weeks=number - 1),
                    phase=name,
                    cutback=cutback,
                    taper_index=taper_index,
                    race_week=number == weeks,
                )
            )
            number += 1

    ctx = _Context(chosen, None if vdot is None else training_paces(vdot))
    counts = _appearances(chosen, week_plans)
    history = _History()
    built: list[Week] = []
    used_prompts: dict[str, dt.date] = {}
    for plan_week in week_plans:
        sessions = _compose_week(ctx, athlete, goal, plan_week, history, start, counts)
        sessions = [_teach(s, plan_week, athlete.level, used_prompts) for s in sessions]
        skill = skill_for_week(plan_week.number, plan_week.phase, race_week=plan_week.race_week)
        focus = week_focus(
            plan_week.phase, cutback=plan_week.cutback, race_week=plan_week.race_week
        )
        built.append(
            Week(
                number=plan_week.number,
                start=plan_week.start,
                phase=plan_week.phase,
                focus=focus,
                cutback=plan_week.cutback,
                skill=skill.id,
                sessions=tuple(sessions),
            )
        )
    notes.extend(_long_run_note(chosen, athlete, built))
    phases = []
    first = 1
    for name in PhaseName:
        if lengths[name] == 0:
            continue
        spec = chosen.phase(name)
        phases.append(
            Phase(
                name=name,
                first_week=first,
                last_week=first + lengths[name] - 1,
                focus=spec.focus,
                rationale=phase_rationale(name),
            )
        )
        first += lengths[name]
    return Plan(
        template=chosen.id,
        athlete=athlete,
        goal=goal,
        start=start,
        phases=tuple(phases),
        weeks=tuple(built),
        notes=tuple(notes),
    )
