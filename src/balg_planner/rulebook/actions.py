"""Actions at work: what one rule's action makes of one session.

`apply` is the one dispatch over the action types. Every transform starts from the session as
first planned (its baseline), caps and scales but never raises, and titles the result from its
new steps; the engine then decides between the outcomes of all the rules that matched.

Example:
    >>> import datetime as dt
    >>> from balg_planner.effort import Effort
    >>> from balg_planner.rulebook.syntax import CapEffortAction
    >>> from balg_planner.workout import Session, Step, Workout, WorkoutKind
    >>> tempo = Session(date=dt.date(2027, 1, 5), kind=WorkoutKind.THRESHOLD, key=True,
    ...                 workout=Workout(steps=(Step(effort=Effort.EASY, duration="15m"),
    ...                                        Step(effort=Effort.THRESHOLD, duration="20m"))))
    >>> result = apply(CapEffortAction(action="cap_effort", effort=Effort.EASY), tempo,
    ...                facts={}, message="Stress is high: run easy.")
    >>> result.change, result.after.kind.value, result.after.effort.value
    ('modified', 'easy', 'easy')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from balg_planner.effort import Effort, effort_guide
from balg_planner.plan import Change, FactValue
from balg_planner.rulebook.syntax import (
    Action,
    CapEffortAction,
    CapMinutesAction,
    DropAction,
    PauseAction,
    RaceAsTrainingAction,
    ReplaceAction,
    RestAction,
    ScaleMinutesAction,
    ScaleVolumeAction,
    SetTrainingVdotAction,
    TrimToFitAction,
    WalkRunAction,
)
from balg_planner.schedule import trim_main_set
from balg_planner.science import PaceRange, TrainingPaces, equivalent_time
from balg_planner.teaching import Situation, fueling_note, journal_prompts
from balg_planner.units import format_duration
from balg_planner.workout import (
    MIN_COOLDOWN_MINUTES,
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
    "DNS_TITLE",
    "PAUSED_TITLE",
    "Applied",
    "apply",
    "cap_effort",
    "is_quality",
    "rest",
    "reteach",
    "shorten",
]

PAUSED_TITLE: Final = "Paused"
"""The title of a paused day."""
DNS_TITLE: Final = "Do not start"
"""The title of a race day the runner should sit out."""
_NO_TARGET: Final = (
    "No target today: run the course at an easy, conversational effort, walk when you want, and"
    " stop if you feel worse. Finishing this way is a good day; the racing can wait."
)
_DNS_NOTE: Final = (
    "Not starting is a strong, sound choice, not a failure: your fitness does not vanish, and"
    " there will be another race to run it in."
)
_EASY_RACE_PURPOSE: Final = (
    "Today the race is a training run: enjoy the course and the people around you at an easy"
    " effort. Your fitness is still there for a later race."
)
_SHORTEST_BLOCK: Final = 10
"""The shortest continuous tempo or marathon-pace block worth its warm-up, in minutes."""
_EASY_FALLBACK: Final = 1.2
"""Without training paces, an easy race is paced this much slower than the planned race."""

_EASY_KINDS: Final = frozenset(
    {WorkoutKind.LONG, WorkoutKind.RACE, WorkoutKind.EASY, WorkoutKind.RECOVERY}
)
"""Kinds that stay themselves when capped at easy effort."""


@dataclass(frozen=True, slots=True)
class Applied:
    """What an action made of a session: the change, and the session after it."""

    change: Change | None
    """None when the action leaves the session as it is."""
    after: Session | None
    """The session after the change; None when it is dropped."""
    words_only: bool = False
    """The steps stay and what the session says changes (a race without its time target)."""


def apply(
    action: Action,
    session: Session,
    *,
    facts: Mapping[str, FactValue],
    message: str,
    paces: TrainingPaces | None = None,
    quality_index: int = 0,
) -> Applied:
    """What `action` makes of `session`, starting from the session as first planned.

    Args:
        action: The rule's action.
        session: The session as it stands (its `baseline` is where every transform starts).
        facts: The facts the rule matched on (actions may read a limit from them).
        message: The rule's filled-in message, kept in the session's notes.
        paces: Training paces for the day, to re-pace capped steps.
        quality_index: How many quality sessions this rule already saw for the same event
            (for `scale_volume`'s `max_quality`).
    """
    baseline = session.baseline
    if baseline.kind is WorkoutKind.RACE:
        return _race(action, session, baseline, message, paces)
    match action:
        case RestAction():
            return Applied("replaced", rest(session, baseline, message))
        case PauseAction():
            paused = rest(session, baseline, message, title=PAUSED_TITLE)
            return Applied("paused", paused.model_copy(update={"status": "paused"}))
        case DropAction():
            return Applied("dropped", None)
        case ReplaceAction():
            return _replace(action, session, baseline, facts, message, paces)
        case CapEffortAction() | ScaleMinutesAction():
            after = _reshaped(
                session, baseline, paces, message, cap=action.effort, factor=action.factor
            )
            return Applied("modified", after)
        case ScaleVolumeAction():
            cap = action.effort
            over = action.max_quality is not None and quality_index >= action.max_quality
            if over and is_quality(baseline):
                cap = Effort.EASY
            after = _reshaped(session, baseline, paces, message, cap=cap, factor=action.factor)
            return Applied("modified", after)
        case CapMinutesAction() | TrimToFitAction():
            return _limit(action, session, baseline, facts, message, paces)
        case SetTrainingVdotAction():
            if paces is None:
                return Applied(None, session)
            return Applied("modified", _reshaped(session, baseline, paces, message))
        case WalkRunAction():
            return _walk_run(action, session, baseline, message, paces)
    return Applied(None, session)  # advice and reschedules change no session here


def _walk_run(
    action: WalkRunAction,
    session: Session,
    baseline: Session,
    message: str,
    paces: TrainingPaces | None,
) -> Applied:
    """Walk-run intervals at easy effort in place of a run, never longer than the run was."""
    if not baseline.is_running:
        return Applied(None, session)
    block = action.run_minutes + action.walk_minutes
    times = math.floor(min(action.minutes, baseline.minutes) / block)
    if times < 1:
        return Applied("replaced", rest(session, baseline, message))
    run = Step(
        effort=Effort.EASY,
        duration=dt.timedelta(minutes=action.run_minutes),
        pace=_pace(paces, Effort.EASY),
    )
    walk = Step(
        part=StepPart.RECOVERY,
        effort=Effort.RECOVERY,
        duration=dt.timedelta(minutes=action.walk_minutes),
        note="walk",
    )
    steps = (Repeat(times=times, steps=(run, walk)),)
    after = _adapted(session, baseline, kind=WorkoutKind.EASY, steps=steps, message=message)
    return Applied("replaced" if baseline.kind is not WorkoutKind.EASY else "modified", after)


def _race(
    action: Action,
    session: Session,
    baseline: Session,
    message: str,
    paces: TrainingPaces | None,
) -> Applied:
    """A race is never scaled, trimmed or capped like a training run.

    It stays as planned; or the runner does not start (any action that would keep them from
    running: rest, pause, drop, or a replacement); or it is run as an easy training run with no
    target; or, at a lower training VDOT, its target follows the runner's fitness.
    """
    match action:
        case RestAction() | DropAction() | ReplaceAction():
            return Applied("replaced", _not_starting(session, baseline, message))
        case PauseAction():
            paused = _not_starting(session, baseline, message)
            return Applied("paused", paused.model_copy(update={"status": "paused"}))
        case RaceAsTrainingAction():
            return Applied("modified", _easy_race(session, baseline, message, paces))
        case SetTrainingVdotAction():
            return _retarget(session, baseline, message, paces)
    return Applied(None, session)


def _not_starting(session: Session, baseline: Session, message: str) -> Session:
    """Race day as a rest day: the race's own notes (pacing, targets) no longer apply."""
    return rest(session, baseline, message, title=DNS_TITLE).model_copy(
        update={"notes": (f"Adapted: {message}", _DNS_NOTE)}
    )


def _no_time_target(session: Session, baseline: Session, message: str) -> Applied:
    """Fitness below the equations' range: the race is run by effort, with no time target."""
    kept = tuple(note for note in baseline.notes if not note.startswith("Target about"))
    if len(kept) == len(baseline.notes):
        return Applied(None, session)  # no time target to drop (an estimate only)
    note = "No time target after your break: run it by effort, and let the clock wait."
    revised = baseline.model_copy(
        update={"notes": (f"Adapted: {message}", *kept, note), "original": baseline}
    )
    return Applied("modified", revised, words_only=True)


def _race_step(baseline: Session) -> Step | None:
    steps = tuple(baseline.workout.flat_steps())
    if len(steps) != 1 or steps[0].distance is None or steps[0].pace is None:
        return None  # a race made elsewhere, not one step over the distance: left as it is
    return steps[0]


def _easy_race(
    session: Session, baseline: Session, message: str, paces: TrainingPaces | None
) -> Session:
    """The race run as an easy training run over the same course, with no target."""
    step = _race_step(baseline)
    if step is None or step.pace is None:
        return session
    easy = _pace(paces, Effort.EASY)
    if easy is None:
        easy = PaceRange(fast=step.pace.fast * _EASY_FALLBACK, slow=step.pace.slow * _EASY_FALLBACK)
    run = step.model_copy(update={"effort": min(step.effort, Effort.EASY), "pace": easy})
    return Session(
        date=session.date,
        kind=WorkoutKind.RACE,
        workout=Workout(steps=(run,)),
        key=True,
        purpose=_EASY_RACE_PURPOSE,
        title=f"{baseline.title or 'Race day'}: easy, no target",
        notes=(f"Adapted: {message}", _NO_TARGET),
        original=baseline,
    )


def _retarget(
    session: Session, baseline: Session, message: str, paces: TrainingPaces | None
) -> Applied:
    """The race target at the training VDOT, when that is slower than the plan's target."""
    step = _race_step(baseline)
    if step is None or step.pace is None or step.distance is None:
        return Applied(None, session)
    if paces is None:
        return _no_time_target(session, baseline, message)
    time = equivalent_time(paces.vdot, step.distance)
    pace = time / (step.distance / 1000)
    if pace <= step.pace.fast:
        return Applied(None, session)  # never a faster target
    kept = tuple(
        note for note in baseline.notes if not note.startswith(("Target about", "The time ("))
    )
    target = f"Target about {format_duration(time, clock=True)}, revised for your fitness now."
    revised = baseline.model_copy(
        update={
            "workout": Workout(
                steps=(step.model_copy(update={"pace": PaceRange(fast=pace, slow=pace)}),)
            ),
            "notes": (f"Adapted: {message}", *kept, target),
            "original": baseline,
        }
    )
    return Applied("modified", revised)


def _number(facts: Mapping[str, FactValue], name: str | None) -> float | None:
    found = None if name is None else facts.get(name)
    if isinstance(found, int | float) and not isinstance(found, bool):
        return float(found)
    return None


def _replace(
    action: ReplaceAction,
    session: Session,
    baseline: Session,
    facts: Mapping[str, FactValue],
    message: str,
    paces: TrainingPaces | None,
) -> Applied:
    minutes = baseline.minutes
    if action.minutes is not None:
        minutes = min(minutes, action.minutes)
    from_fact = _number(facts, action.minutes_fact)
    if from_fact is not None:
        minutes = min(minutes, from_fact)
    if minutes < MIN_RUN_MINUTES:
        return Applied("replaced", rest(session, baseline, message))
    after = _easy_run(
        session,
        baseline,
        math.floor(minutes),
        paces,
        message,
        kind=action.kind,
        effort=min(action.effort, baseline.effort),
    )
    return Applied("replaced" if after.kind is not baseline.kind else "modified", after)


def _limit(
    action: CapMinutesAction | TrimToFitAction,
    session: Session,
    baseline: Session,
    facts: Mapping[str, FactValue],
    message: str,
    paces: TrainingPaces | None,
) -> Applied:
    limit: float | None = action.minutes if isinstance(action, CapMinutesAction) else None
    if action.fact is not None:
        limit = _number(facts, action.fact)
    if limit is None:
        return Applied(None, session)
    trimmed = _trim(session, baseline, float(limit), paces, message)
    if trimmed is None:
        return Applied(None, session)
    return Applied("replaced" if trimmed.kind is not baseline.kind else "modified", trimmed)


def is_quality(session: Session) -> bool:
    """Quality work: a hard session faster than easy, a long run's faster finish included."""
    return (
        session.is_hard
        and session.kind is not WorkoutKind.RACE
        and session.peak_effort > Effort.EASY
    )


def cap_effort(session: Session, effort: Effort, paces: TrainingPaces | None) -> Session:
    """`session` as it now stands, with no step above `effort` (re-paced, retitled)."""
    steps = _map_steps(session.workout.steps, lambda step: _reshape(step, paces, cap=effort))
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
    """Journal prompts and fuelling for the session as it now is."""
    situation: Situation = "illness" if illness else "adapted"
    before, after = journal_prompts(session, {"any", situation})
    return session.model_copy(
        update={
            "journal": (f"Before: {before.text}", f"After: {after.text}"),
            "fueling": fueling_note(session),
            "routine": session.routine if session.kind is session.baseline.kind else None,
        }
    )


# --- transforms ----------------------------------------------------------------------------


def _pace(paces: TrainingPaces | None, effort: Effort) -> PaceRange | None:
    return None if paces is None else effort_guide(effort).pace(paces)


def _adapted(
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
    if changed_kind or reshaped:
        main = None if new_kind is WorkoutKind.REST else workout.main_effort
        notes = tuple(note for note in guidance_notes(new_kind, main) if note)
    if message:
        notes = (f"Adapted: {message}", *notes)
    return Session(
        date=session.date,
        kind=new_kind,
        workout=workout,
        key=False if changed_kind else baseline.key,
        purpose=new_kind.guide.purpose if changed_kind else baseline.purpose,
        title=title or format_title(new_kind, workout),
        notes=notes,
        original=baseline,
    )


def rest(session: Session, baseline: Session, message: str, title: str | None = None) -> Session:
    """A rest day in place of `session`, with the why in its notes."""
    return _adapted(
        session, baseline, kind=WorkoutKind.REST, steps=(), title=title, message=message
    )


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
    step: Step, paces: TrainingPaces | None, *, cap: Effort | None = None, factor: float = 1.0
) -> Step:
    effort = step.effort if cap is None or step.effort <= cap else cap
    duration = step.time * factor
    if factor < 1.0:
        # Scaled steps round down to 15 seconds: never longer than asked, easy to read.
        seconds = math.floor(duration.total_seconds() / 15) * 15
        duration = dt.timedelta(seconds=max(seconds, 15))
    pace = step.pace
    if step.pace is not None and paces is not None and step.effort is not Effort.REST:
        fresh = _pace(paces, effort)
        # Never faster than planned: a re-pace may only slow a step down.
        if (fresh is not None and fresh.fast >= step.pace.fast) or effort is not step.effort:
            pace = fresh
    return Step(part=step.part, effort=effort, duration=duration, pace=pace, note=step.note)


def _capped_kind(baseline: Session, cap: Effort | None) -> WorkoutKind:
    if (
        cap is not None
        and cap <= Effort.EASY
        and baseline.kind not in _EASY_KINDS
        and baseline.is_running
    ):
        return WorkoutKind.EASY
    return baseline.kind


def _reshaped(
    session: Session,
    baseline: Session,
    paces: TrainingPaces | None,
    message: str,
    *,
    cap: Effort | None = None,
    factor: float = 1.0,
) -> Session:
    steps = _map_steps(baseline.workout.steps, lambda s: _reshape(s, paces, cap=cap, factor=factor))
    kind = _capped_kind(baseline, cap)
    return _adapted(session, baseline, kind=kind, steps=steps, message=message)


def _easy_run(
    session: Session,
    baseline: Session,
    minutes: float,
    paces: TrainingPaces | None,
    message: str,
    kind: WorkoutKind = WorkoutKind.EASY,
    effort: Effort = Effort.EASY,
) -> Session:
    pace = _pace(paces, effort) if kind.is_running else None
    step = Step(effort=effort, duration=dt.timedelta(minutes=minutes), pace=pace)
    return _adapted(session, baseline, kind=kind, steps=(step,), message=message)


def _minutes(step: Step) -> float:
    return step.time.total_seconds() / 60


def _trim(
    session: Session, baseline: Session, limit: float, paces: TrainingPaces | None, message: str
) -> Session | None:
    """Fit `limit` minutes, keeping the key stimulus; None when it already fits."""
    if baseline.minutes <= limit + 1e-9:
        return None
    if limit < MIN_RUN_MINUTES:
        return rest(session, baseline, message)
    if not baseline.is_running:
        return _reshaped(session, baseline, paces, message, factor=limit / baseline.minutes)
    steps = baseline.workout.steps
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
        )
        if choice is not None:
            warm, count, cool = choice
            new_steps = [
                first.model_copy(update={"duration": dt.timedelta(minutes=warm), "distance": None}),
                *_fewer_reps(main, count),
                last.model_copy(update={"duration": dt.timedelta(minutes=cool), "distance": None}),
            ]
            return _adapted(session, baseline, steps=new_steps, message=message)
        continuous = _shorter_block(first, main, last, limit)
        if continuous is not None:
            return _adapted(session, baseline, steps=continuous, message=message)
        # Too little time for a sound quality session: an easy run, never faster reps.
        return _easy_run(session, baseline, math.floor(limit), paces, message)
    strides = baseline.kind is not WorkoutKind.LONG and baseline.effort <= Effort.EASY
    if strides and baseline.peak_effort > Effort.EASY and isinstance(first, Step):
        # An easy run with a few fast strides: shorten the easy running, keep the strides.
        # (A long run with a marathon-pace finish is scaled whole below, so it stays easy.)
        easy = first.time - dt.timedelta(minutes=baseline.minutes - math.floor(limit))
        if easy >= dt.timedelta(minutes=MIN_RUN_MINUTES):
            shorter = first.model_copy(update={"duration": easy, "distance": None})
            return _adapted(session, baseline, steps=[shorter, *steps[1:]], message=message)
        return _easy_run(session, baseline, math.floor(limit), paces, message)
    return _reshaped(session, baseline, paces, message, factor=math.floor(limit) / baseline.minutes)


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
