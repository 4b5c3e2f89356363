"""Actions at work: what one rule's action makes of one session.

`apply` is the one dispatch over the action types. Every transform starts from the session as
first planned (its baseline), caps and scales but never raises, and titles the result from its
new steps (`balg_planner.rulebook.shaping`); race day has its own outcomes
(`balg_planner.rulebook.race_day`). The engine then decides between the outcomes of all the
rules that matched.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from balg_planner.effort import Effort
from balg_planner.plan import Change, FactValue
from balg_planner.rulebook.race_day import race_outcome
from balg_planner.rulebook.shaping import (
    adapted,
    easy_run,
    is_quality,
    pace_for,
    reshaped,
    rest,
    trim,
)
from balg_planner.rulebook.syntax import (
    Action,
    CapEffortAction,
    CapMinutesAction,
    DropAction,
    PauseAction,
    ReplaceAction,
    RestAction,
    ScaleMinutesAction,
    ScaleVolumeAction,
    SetTrainingVdotAction,
    TrimToFitAction,
    WalkRunAction,
)
from balg_planner.science import TrainingPaces
from balg_planner.workout import MIN_RUN_MINUTES, Repeat, Session, Step, StepPart, WorkoutKind

__all__ = ["PAUSED_TITLE", "Applied", "apply"]

PAUSED_TITLE: Final = "Paused"
"""The title of a paused day."""
DNS_TITLE: Final = "Do not start"
"""The title of a race day the runner should sit out."""


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
        change, after, words_only = race_outcome(action, session, baseline, message, paces)
        return Applied(change, after, words_only=words_only)
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
            after = _scaled(session, baseline, paces, message, action.effort, action.factor)
            return Applied("modified", after)
        case ScaleVolumeAction():
            cap = action.effort
            over = action.max_quality is not None and quality_index >= action.max_quality
            if over and is_quality(baseline):
                cap = Effort.EASY
            after = _scaled(session, baseline, paces, message, cap, action.factor)
            return Applied("modified", after)
        case CapMinutesAction() | TrimToFitAction():
            return _limit(action, session, baseline, facts, message, paces)
        case SetTrainingVdotAction():
            if paces is None:
                return Applied(None, session)
            # A result re-paces to where fitness now is, faster too; the effort stays the same.
            faster = action.table == "result"
            return Applied("modified", reshaped(session, baseline, paces, message, faster=faster))
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
        pace=pace_for(paces, Effort.EASY),
    )
    walk = Step(
        part=StepPart.RECOVERY,
        effort=Effort.RECOVERY,
        duration=dt.timedelta(minutes=action.walk_minutes),
        note="walk",
    )
    steps = (Repeat(times=times, steps=(run, walk)),)
    after = adapted(session, baseline, kind=WorkoutKind.EASY, steps=steps, message=message)
    return Applied("replaced" if baseline.kind is not WorkoutKind.EASY else "modified", after)


def _number(facts: Mapping[str, FactValue], name: str | None) -> float | None:
    found = None if name is None else facts.get(name)
    if isinstance(found, int | float) and not isinstance(found, bool):
        return float(found)
    return None


def _scaled(
    session: Session,
    baseline: Session,
    paces: TrainingPaces | None,
    message: str,
    cap: Effort | None,
    factor: float,
) -> Session:
    """`baseline` capped at `cap` and scaled by `factor`, a run never under `MIN_RUN_MINUTES`.

    Halving a beginner's 19-minute run left a 9:30 "run", less than one worth lacing up for:
    the factor rises just enough (in 5 % steps) to keep the minimum, and a run planned shorter
    than the minimum keeps its length.
    """
    after = reshaped(session, baseline, paces, message, cap=cap, factor=factor)
    least = min(MIN_RUN_MINUTES, baseline.minutes) - 1e-9
    while baseline.is_running and after.minutes < least and factor < 1.0:
        factor = min(factor + 0.05, 1.0)
        after = reshaped(session, baseline, paces, message, cap=cap, factor=factor)
    return after


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
    after = easy_run(
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
    trimmed = trim(session, baseline, float(limit), paces, message)
    if trimmed is None:
        return Applied(None, session)
    return Applied("replaced" if trimmed.kind is not baseline.kind else "modified", trimmed)
