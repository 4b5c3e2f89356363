"""Moving: a missed key session goes to a free day, or it is let go.

The day is in the same plan week, within reach, and keeps 48 hours between hard days. Missed
volume is never added elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from balg_planner.adapt.matching import Match, with_lesson
from balg_planner.athlete import Weekday
from balg_planner.plan import Adjustment, Week
from balg_planner.rulebook.conditions import fill_message
from balg_planner.rulebook.facts import Context
from balg_planner.rulebook.syntax import RescheduleAction
from balg_planner.workout import Session, WorkoutKind

__all__ = ["reschedule"]

_FREE_KINDS: Final = frozenset({WorkoutKind.REST, WorkoutKind.MOBILITY})
"""Days a missed key session may move to: rest, or gentle mobility it can take the place of."""


def reschedule(
    matches: list[Match], ctx: Context, sessions: dict[dt.date, Session]
) -> list[Adjustment]:
    """Move missed key sessions to a free day that keeps 48 h between hard days, or let go.

    A moved session keeps its id and leaves its old day (status ``moved``); one let go stays on
    its day with status ``dropped``, so adapting again says nothing new about either.
    """
    adjustments = []
    for match in sorted(
        matches, key=lambda m: (m.event.first_day if m.event else ctx.today, m.rule.id)
    ):
        if match.event is None or not isinstance(match.rule.then, RescheduleAction):
            continue  # pragma: no cover - reschedules always come from an event
        missed_day = match.event.first_day
        if missed_day not in sessions or sessions[missed_day].status == "dropped":
            continue  # already moved or let go (the same miss reported twice)
        missed = ctx.sessions[missed_day].baseline
        message = fill_message(match.rule.why, match.facts)
        week = ctx.plan.week_of(missed_day)
        within = match.rule.then.within_days
        target = _free_day(missed, missed_day, within, sessions, ctx, week)
        if target is None:
            message += " This time no day fits, so it is let go."
            sessions[missed_day] = ctx.sessions[missed_day].model_copy(update={"status": "dropped"})
            adjustments.append(_move_adjustment(match, missed_day, missed, None, message))
            continue
        displaced = sessions[target]
        moved = missed.model_copy(
            update={
                "date": target,
                "status": "moved",
                "original": missed,
                "notes": (f"Adapted: {message}", *missed.notes),
            }
        )
        sessions[target] = moved
        del sessions[missed_day]  # the session lives on its new day now, once
        message += f" It moves to {target.strftime('%A %d %B')}."
        if displaced.kind is not WorkoutKind.REST:
            message += f" It takes the place of that day's {displaced.kind.guide.name.lower()}."
        adjustments.append(_move_adjustment(match, missed_day, missed, moved, message))
    return adjustments


def _move_adjustment(
    match: Match, missed_day: dt.date, missed: Session, moved: Session | None, message: str
) -> Adjustment:
    """The adjustment for a missed session: moved to `moved`'s day, or let go."""
    return Adjustment(
        rule_id=match.rule.id,
        date=missed_day,
        change="dropped" if moved is None else "moved",
        before=missed,
        after=moved,
        severity=match.rule.severity,
        matched=(match.rule.id,),
        facts=dict(sorted(match.facts.items())),
        learn=match.rule.learn,
        message=with_lesson(message, match.rule),
    )


def _free_day(
    missed: Session,
    missed_day: dt.date,
    within: int,
    sessions: Mapping[dt.date, Session],
    ctx: Context,
    week: Week | None,
) -> dt.date | None:
    """A rest day in the same plan week, within reach, with the minutes, 48 h from hard days."""
    if week is None:
        return None
    for offset in range(1, within + 1):
        day = missed_day + dt.timedelta(days=offset)
        if day < ctx.today or day > week.end or day not in sessions:
            continue
        current = sessions[day]
        if current.kind not in _FREE_KINDS or current.original is not None:
            continue
        if ctx.plan.athlete.availability.minutes(Weekday.of(day)) < missed.minutes:
            continue
        neighbours = [
            sessions.get(near)
            for near in (day - dt.timedelta(days=1), day + dt.timedelta(days=1))
            if near not in ctx.missed
        ]
        # Judge neighbours as planned, so adapting again decides the same way.
        if any(n is not None and (n.baseline.is_hard or n.baseline.key) for n in neighbours):
            continue
        return day
    return None
