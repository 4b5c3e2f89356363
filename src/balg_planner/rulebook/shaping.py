"""Shaping: how a session is reshaped, always from the session as first planned.

Capping efforts, scaling steps, trimming to the time available (extra easy running first,
then the cool-down and reps; the warm-up and the main set's pace kept, a continuous block
shortened), easy runs and rest days in its place, and the guidance and journal prompts of what
the session now is. Nothing here makes a step longer or faster.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Final

from balg_planner.effort import Effort, effort_guide
from balg_planner.schedule import trim_main_set
from balg_planner.science import PaceRange, TrainingPaces
from balg_planner.teaching import Situation, fueling_note, journal_prompts
from balg_planner.workout import (
    MIN_COOLDOWN_MINUTES,
    MIN_EXTRA_MINUTES,
    MIN_RUN_MINUTES,
    MIN_WARMUP_MINUTES,
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
    "adapted",
    "cap_effort",
    "easy_run",
    "is_quality",
    "pace_for",
    "reshaped",
    "rest",
    "reteach",
    "shorten",
    "trim",
]

_SHORTEST_BLOCK: Final = 10
"""The shortest continuous tempo or marathon-pace block worth its warm-up, in minutes."""
_SHORTEST_TEMPO_REP: Final = 5
"""The shortest single threshold or marathon-pace rep that still makes a tempo run, in minutes."""
_NO_LONGER_LONG: Final = 0.5
"""A long run scaled to this share or less no longer does a long run's work (time on feet):
it is an easy run, and is called one."""
_EASY_KINDS: Final = frozenset(
    {WorkoutKind.LONG, WorkoutKind.RACE, WorkoutKind.EASY, WorkoutKind.RECOVERY}
)
"""Kinds that stay themselves when capped at easy effort."""


def is_quality(session: Session) -> bool:
    """Quality work: a hard session faster than easy, a long run's faster finish included."""
    return (
        session.is_hard
        and session.kind is not WorkoutKind.RACE
        and session.peak_effort > Effort.EASY
    )


def cap_effort(session: Session, effort: Effort, paces: TrainingPaces | None) -> Session:
    """`session` as it now stands, with no step above `effort` (re-paced, retitled)."""
    items = _strides_dropped(session.workout, effort)
    steps = _map_steps(items, lambda step: _reshape(step, paces, cap=effort))
    workout = Workout(steps=tuple(steps))
    kind = _capped_kind(session, effort)
    return session.model_copy(
        update={"kind": kind, "workout": workout, "title": format_title(kind, workout)}
    )


def shorten(session: Session, minutes: float, paces: TrainingPaces | None) -> Session:
    """`session` as it now stands, every step scaled so the whole lasts at most `minutes`."""
    factor = min(1.0, math.floor(minutes) / session.minutes) if session.minutes else 1.0
    steps = _map_steps(session.workout.steps, lambda step: _reshape(step, paces, factor=factor))
    workout = Workout(steps=tuple(steps))
    return session.model_copy(
        update={"workout": workout, "title": format_title(session.kind, workout)}
    )


def reteach(session: Session, *, illness: bool) -> Session:
    """Journal prompts and fuelling for the session as it now is.

    A run, even on the way back from an illness, gets prompts for an adapted run; a rest day
    for an illness gets the illness prompts, and any other day without running the adapted
    ones only, never a general prompt written for a run.
    """
    situations: set[Situation] = {"adapted"}
    if session.is_running:
        situations.add("any")
    elif illness and session.kind is WorkoutKind.REST:
        situations = {"illness"}
    before, after = journal_prompts(session, situations)
    return session.model_copy(
        update={
            "journal": (f"Before: {before.text}", f"After: {after.text}"),
            "fueling": fueling_note(session),
            "routine": session.routine if session.kind is session.baseline.kind else None,
        }
    )


def pace_for(paces: TrainingPaces | None, effort: Effort) -> PaceRange | None:
    """The pace range of `effort` at `paces`; None without paces (train by effort)."""
    return None if paces is None else effort_guide(effort).pace(paces)


def adapted(
    session: Session,
    baseline: Session,
    *,
    kind: WorkoutKind | None = None,
    steps: Sequence[Step | Repeat] | None = None,
    title: str | None = None,
    message: str = "",
) -> Session:
    """The session `baseline` becomes, titled from its new steps unless `title` is given.

    When the kind, the main effort or the length changes, the planned session's notes (its
    feel, its warm-up length) no longer hold: the new session gets the guidance of what it now
    is instead.
    """
    workout = Workout(steps=tuple(baseline.workout.steps if steps is None else steps))
    new_kind = kind or baseline.kind
    changed_kind = new_kind is not baseline.kind
    notes = baseline.notes
    reshaped = (
        workout.main_effort is not baseline.workout.main_effort
        or abs((workout.duration - baseline.workout.duration).total_seconds()) > 1
    )
    taught = _taught_as(new_kind, workout)
    if changed_kind or reshaped:
        main = None if new_kind is WorkoutKind.REST else workout.main_effort
        notes = tuple(note for note in guidance_notes(taught, main, workout) if note)
    if message:
        notes = (f"Adapted: {message}", *notes)
    return Session(
        id=baseline.id,
        date=session.date,
        kind=new_kind,
        workout=workout,
        key=False if changed_kind else baseline.key,
        purpose=taught.guide.purpose
        if changed_kind or taught is not new_kind
        else baseline.purpose,
        title=title or format_title(new_kind, workout),
        notes=notes,
        original=baseline,
    )


_TAUGHT_AS: Final = {
    Effort.THRESHOLD: WorkoutKind.THRESHOLD,
    Effort.MARATHON: WorkoutKind.MARATHON_PACE,
    Effort.EASY: WorkoutKind.EASY,
}
"""The kind whose words fit a session run at this effort."""


def _taught_as(kind: WorkoutKind, workout: Workout) -> WorkoutKind:
    """The kind whose why and feel fit `workout`: its own, unless its effort was capped.

    Intervals run at threshold after a short night keep their name, but their why and feel are
    a threshold session's: "close to your limit, single words only" no longer holds.
    """
    main = workout.main_effort
    if kind in (WorkoutKind.LONG, WorkoutKind.RACE) or main >= kind.guide.effort:
        return kind
    return _TAUGHT_AS.get(main, kind)


def rest(session: Session, baseline: Session, message: str, title: str | None = None) -> Session:
    """A rest day in place of `session`, with the why in its notes."""
    return adapted(session, baseline, kind=WorkoutKind.REST, steps=(), title=title, message=message)


def _map_steps(
    items: Sequence[Step | Repeat], change: Callable[[Step], Step]
) -> list[Step | Repeat]:
    mapped: list[Step | Repeat] = []
    for item in items:
        if isinstance(item, Repeat):
            mapped.append(
                Repeat(times=item.times, steps=tuple(change(step) for step in item.steps))
            )
        else:
            mapped.append(change(item))
    return mapped


def _reshape(
    step: Step,
    paces: TrainingPaces | None,
    *,
    cap: Effort | None = None,
    factor: float = 1.0,
    faster: bool = False,
) -> Step:
    effort = step.effort if cap is None or step.effort <= cap else cap
    duration = step.time * factor
    if factor < 1.0:
        # Scaled steps round down, never longer than asked and easy to read: to the minute
        # from five minutes ("25 min", not "25:15"), to 15 seconds below (a 1:45 rep).
        grain = 60 if duration >= dt.timedelta(minutes=5) else 15
        seconds = math.floor(duration.total_seconds() / grain) * grain
        duration = dt.timedelta(seconds=max(seconds, 15))
    pace = step.pace
    if step.pace is not None and paces is not None and step.effort is not Effort.REST:
        fresh = pace_for(paces, effort)
        # Never faster than planned (a re-pace may only slow a step down), unless a result
        # says the runner is fitter: then the same effort runs faster. Marathon pace is the
        # exception: it practises the race's goal pace, and a result never makes the race's
        # target faster, so it does not make the practice faster either.
        slower = fresh is not None and fresh.fast >= step.pace.fast
        fitter = faster and effort is not Effort.MARATHON
        if slower or fitter or effort is not step.effort:
            pace = fresh
    return Step(part=step.part, effort=effort, duration=duration, pace=pace, note=step.note)


def _capped_kind(baseline: Session, cap: Effort | None, factor: float = 1.0) -> WorkoutKind:
    if (
        cap is not None
        and cap <= Effort.EASY
        and baseline.kind not in _EASY_KINDS
        and baseline.is_running
    ):
        return WorkoutKind.EASY
    if baseline.kind is WorkoutKind.LONG and factor <= _NO_LONGER_LONG:
        return WorkoutKind.EASY  # half a long run is an easy run, not a "long run, 12 min"
    return baseline.kind


def reshaped(
    session: Session,
    baseline: Session,
    paces: TrainingPaces | None,
    message: str,
    *,
    cap: Effort | None = None,
    factor: float = 1.0,
    faster: bool = False,
) -> Session:
    """`baseline` with every step capped at `cap` and scaled by `factor` (re-paced, retitled).

    `faster` lets the new paces be faster than planned (a race or time trial said so).
    """
    steps = _map_steps(
        _strides_dropped(baseline.workout, cap),
        lambda s: _reshape(s, paces, cap=cap, factor=factor, faster=faster),
    )
    kind = _capped_kind(baseline, cap, factor)
    return adapted(session, baseline, kind=kind, steps=steps, message=message)


def _strides_dropped(workout: Workout, cap: Effort | None) -> Sequence[Step | Repeat]:
    """The workout's steps, without an easy run's strides when the day is capped at easy.

    Strides jogged at easy effort are no session, and "Easy run, 60 min" for 52 minutes and
    a few strides reads as longer than planned; the run's own note says to skip them on a day
    like this. Repeats in a session whose main set is faster (intervals) stay, run easy.
    """
    items = workout.steps
    if cap is None or cap > Effort.EASY or workout.main_effort > Effort.EASY:
        return items
    kept = [
        item
        for item in items
        if not (isinstance(item, Repeat) and any(step.effort > cap for step in item.steps))
    ]
    return kept or items


def easy_run(
    session: Session,
    baseline: Session,
    minutes: float,
    paces: TrainingPaces | None,
    message: str,
    kind: WorkoutKind = WorkoutKind.EASY,
    effort: Effort = Effort.EASY,
) -> Session:
    """An easy run (or another gentle kind) of `minutes` in place of `session`."""
    pace = pace_for(paces, effort) if kind.is_running else None
    step = Step(effort=effort, duration=dt.timedelta(minutes=minutes), pace=pace)
    return adapted(session, baseline, kind=kind, steps=(step,), message=message)


def _minutes(step: Step) -> float:
    return step.time.total_seconds() / 60


def trim(
    session: Session, baseline: Session, limit: float, paces: TrainingPaces | None, message: str
) -> Session | None:
    """Fit `limit` minutes, keeping the key stimulus; None when it already fits.

    Easy filler goes first: the session's extra easy running (`StepPart.EXTRA`), the last of it
    first. When the session without it still does not fit, the cool-down gives way, then reps
    go at the same pace, and the warm-up before fast running keeps at least 10 minutes.
    """
    if baseline.minutes <= limit + 1e-9:
        return None
    if limit < MIN_RUN_MINUTES:
        return rest(session, baseline, message)
    if not baseline.is_running:
        return reshaped(session, baseline, paces, message, factor=limit / baseline.minutes)
    shorter = _cut_extra(baseline.workout.steps, baseline.minutes - math.floor(limit))
    if shorter is not None:
        return adapted(session, baseline, steps=shorter, message=message)
    steps = [item for item in baseline.workout.steps if not _is_extra(item)]
    total = Workout(steps=tuple(steps)).duration.total_seconds() / 60
    first, last = steps[0] if steps else None, steps[-1] if steps else None
    fast = baseline.effort >= Effort.MARATHON
    if fast and len(steps) >= 3 and isinstance(first, Step) and isinstance(last, Step):
        main = steps[1:-1]
        reps, rep_minutes = _main_set(main)
        choice = trim_main_set(
            limit,
            (min(MIN_WARMUP_MINUTES, _minutes(first)), _minutes(first)),
            reps,
            rep_minutes,
            (min(MIN_COOLDOWN_MINUTES, _minutes(last)), _minutes(last)),
            fewest=1 if reps == 1 or _stands_alone(main) else 2,
        )
        if choice is not None:
            warm, count, cool = choice
            new_steps = [
                first.model_copy(update={"duration": dt.timedelta(minutes=warm), "distance": None}),
                *_fewer_reps(main, count),
                last.model_copy(update={"duration": dt.timedelta(minutes=cool), "distance": None}),
            ]
            return adapted(session, baseline, steps=new_steps, message=message)
        continuous = _shorter_block(first, main, last, limit)
        if continuous is not None:
            return adapted(session, baseline, steps=continuous, message=message)
        # Too little time for a sound quality session: an easy run, never faster reps.
        return easy_run(session, baseline, math.floor(limit), paces, message)
    strides = baseline.kind is not WorkoutKind.LONG and baseline.effort <= Effort.EASY
    if strides and baseline.peak_effort > Effort.EASY and isinstance(first, Step):
        # An easy run with a few fast strides: shorten the easy running, keep the strides.
        # (A long run with a marathon-pace finish is scaled whole below, so it stays easy.)
        easy = first.time - dt.timedelta(minutes=total - math.floor(limit))
        if easy >= dt.timedelta(minutes=MIN_RUN_MINUTES):
            shorter_run = first.model_copy(update={"duration": easy, "distance": None})
            return adapted(session, baseline, steps=[shorter_run, *steps[1:]], message=message)
        return easy_run(session, baseline, math.floor(limit), paces, message)
    scaled = _map_steps(steps, lambda step: _reshape(step, paces, factor=math.floor(limit) / total))
    return adapted(session, baseline, steps=scaled, message=message)


def _stands_alone(main: Sequence[Step | Repeat]) -> bool:
    """Whether one rep of the main set is a sound session on its own.

    One threshold or marathon-pace rep of 5 minutes or more is a shorter tempo run, and so is
    any rep of 10 minutes or more; one 2-3 minute interval or one fartlek surge is not a
    session (LOAD-14), so a day with room for only one becomes an easy run (TIME-01).
    """
    first = next(iter(Workout(steps=tuple(main)).flat_steps()), None)
    if first is None:
        return False
    minutes = _minutes(first)
    tempo = first.effort <= Effort.THRESHOLD and minutes >= _SHORTEST_TEMPO_REP
    return tempo or minutes >= _SHORTEST_BLOCK


def _is_extra(item: Step | Repeat) -> bool:
    return isinstance(item, Step) and item.part is StepPart.EXTRA


def _cut_extra(items: Sequence[Step | Repeat], over: float) -> list[Step | Repeat] | None:
    """`items` with `over` minutes less extra easy running, the last of it first.

    What is left of a step is whole minutes (never longer than asked); under 5 minutes it goes
    altogether. None when there is no extra running or it cannot give `over` minutes.
    """
    extra = [
        (index, item)
        for index, item in enumerate(items)
        if isinstance(item, Step) and item.part is StepPart.EXTRA
    ]
    if not extra or over > sum(_minutes(step) for _, step in extra) + 1e-9:
        return None
    kept: dict[int, Step | None] = {}
    for index, step in reversed(extra):
        if over <= 1e-9:
            break
        left = math.floor(_minutes(step) - over + 1e-9)
        if left >= MIN_EXTRA_MINUTES:
            duration = dt.timedelta(minutes=left)
            kept[index] = step.model_copy(update={"duration": duration, "distance": None})
            break
        kept[index] = None
        over -= _minutes(step)
    shorter = [kept.get(index, item) for index, item in enumerate(items)]
    return [item for item in shorter if item is not None]


def _shorter_block(
    first: Step, main: Sequence[Step | Repeat], last: Step, limit: float
) -> list[Step | Repeat] | None:
    """A continuous main set (a tempo, a marathon-pace run) shortened at the same pace.

    The warm-up and cool-down shrink to their shortest sound lengths first; None when no block
    of 10 minutes fits.
    """
    if len(main) != 1 or not isinstance(main[0], Step):
        return None
    warm = min(MIN_WARMUP_MINUTES, _minutes(first))
    cool = min(MIN_COOLDOWN_MINUTES, _minutes(last))
    block = math.floor(limit - warm - cool)
    if block < _SHORTEST_BLOCK or block >= _minutes(main[0]):
        return None
    return [
        first.model_copy(update={"duration": dt.timedelta(minutes=warm), "distance": None}),
        main[0].model_copy(update={"duration": dt.timedelta(minutes=block), "distance": None}),
        last.model_copy(update={"duration": dt.timedelta(minutes=cool), "distance": None}),
    ]


def _main_set(main: Sequence[Step | Repeat]) -> tuple[int, float]:
    """How many reps the main set has, and the minutes each takes with its recovery."""
    total = Workout(steps=tuple(main)).duration.total_seconds() / 60
    repeat = next((item for item in main if isinstance(item, Repeat)), None)
    if repeat is None:
        return 1, total
    reps = repeat.times + sum(1 for item in main if isinstance(item, Step))
    return reps, total / reps


def _fewer_reps(main: Sequence[Step | Repeat], count: int) -> list[Step | Repeat]:
    repeat = next((item for item in main if isinstance(item, Repeat)), None)
    if repeat is None:
        return list(main)
    trailing = [item for item in main if isinstance(item, Step)]
    times = count - len(trailing)
    if times <= 0:
        return list(trailing[:count]) or [repeat.steps[0]]
    return [Repeat(times=times, steps=repeat.steps), *trailing]
