"""Race day: the race is never scaled, trimmed or capped like a training run.

It stays as planned; or the runner does not start (any action that would keep them from
running); or it is run as an easy training run with no target (`race_as_training`); or, at a
lower training VDOT, its target follows the runner's fitness.
"""

from __future__ import annotations

from typing import Final

from balg_planner.effort import Effort
from balg_planner.plan import Change
from balg_planner.rulebook.shaping import pace_for, rest
from balg_planner.rulebook.syntax import (
    Action,
    DropAction,
    PauseAction,
    RaceAsTrainingAction,
    ReplaceAction,
    RestAction,
    SetTrainingVdotAction,
)
from balg_planner.science import PaceRange, TrainingPaces, equivalent_time
from balg_planner.units import format_duration
from balg_planner.workout import Session, Step, Workout, WorkoutKind

__all__ = ["DNS_TITLE", "race_outcome"]

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
_EASY_FALLBACK: Final = 1.2
"""Without training paces, an easy race is paced this much slower than the planned race."""


def race_outcome(
    action: Action,
    session: Session,
    baseline: Session,
    message: str,
    paces: TrainingPaces | None,
) -> tuple[Change | None, Session, bool]:
    """What `action` makes of race day (see the module docstring for the outcomes).

    Returns:
        The change (None for none), the session, and whether only its words (notes) change.
    """
    match action:
        case RestAction() | DropAction() | ReplaceAction():
            return "replaced", _not_starting(session, baseline, message), False
        case PauseAction():
            paused = _not_starting(session, baseline, message)
            return "paused", paused.model_copy(update={"status": "paused"}), False
        case RaceAsTrainingAction():
            return "modified", _easy_race(session, baseline, message, paces), False
        case SetTrainingVdotAction():
            return _retarget(session, baseline, message, paces)
    return None, session, False


def _not_starting(session: Session, baseline: Session, message: str) -> Session:
    """Race day as a rest day: the race's own notes (pacing, targets) no longer apply."""
    return rest(session, baseline, message, title=DNS_TITLE).model_copy(
        update={"notes": (f"Adapted: {message}", _DNS_NOTE)}
    )


def _no_time_target(
    session: Session, baseline: Session, message: str
) -> tuple[Change | None, Session, bool]:
    """Fitness below the equations' range: the race is run by effort, with no time target."""
    kept = tuple(note for note in baseline.notes if not note.startswith("Target about"))
    if len(kept) == len(baseline.notes):
        return None, session, False  # no time target to drop (an estimate only)
    note = "No time target after your break: run it by effort, and let the clock wait."
    revised = baseline.model_copy(
        update={"notes": (f"Adapted: {message}", *kept, note), "original": baseline}
    )
    return "modified", revised, True


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
    easy = pace_for(paces, Effort.EASY)
    if easy is None:
        easy = PaceRange(fast=step.pace.fast * _EASY_FALLBACK, slow=step.pace.slow * _EASY_FALLBACK)
    run = step.model_copy(update={"effort": min(step.effort, Effort.EASY), "pace": easy})
    return Session(
        id=baseline.id,
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
) -> tuple[Change | None, Session, bool]:
    """The race target at the training VDOT, when that is slower than the plan's target."""
    step = _race_step(baseline)
    if step is None or step.pace is None or step.distance is None:
        return None, session, False
    if paces is None:
        return _no_time_target(session, baseline, message)
    time = equivalent_time(paces.vdot, step.distance)
    pace = time / (step.distance / 1000)
    if pace <= step.pace.fast:
        return None, session, False  # never a faster target
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
    return "modified", revised, False
