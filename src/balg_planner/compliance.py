"""Planned versus done: which completed session fulfils which planned one, week by week.

Each completed session (typed, or read from a watch file) is matched to the planned session it
fulfils: the run planned that day, else the nearest unmatched run of the same plan week by
length; what matches nothing is extra. A week's row says the minutes planned and done, the key
sessions done, and, where heart rate and the runner's maximum are known, whether the average
heart rate sat in the planned effort's band. Showing up counts: the figures describe, they
never judge.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
    ...                     availability={"tue": 40, "thu": 40, "sat": 60})
    >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
    ...                        start=dt.date(2027, 1, 4))
    >>> done = [bp.CompletedSession(date=dt.date(2027, 1, 5), minutes=30, rpe=4)]
    >>> week = compliance(plan, done, today=dt.date(2027, 1, 11))[0]
    >>> week.sessions_done, week.sessions_planned, week.minutes_done
    (1, 3, 30.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from balg_planner.effort import Effort, effort_guide
from balg_planner.events import CompletedSession, Event, MissedSession
from balg_planner.workout import Session, WorkoutKind

if TYPE_CHECKING:  # the plan model uses this module; it only needs the shapes here
    from balg_planner.plan import Plan

__all__ = ["EffortMatch", "WeekCompliance", "compliance", "match_completed"]

EffortMatch = Literal["in band", "above", "below", "unknown"]
"""Average heart rate against the planned effort's band."""


class WeekCompliance(BaseModel):
    """One plan week, planned against done (past days only)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    week: int
    start: dt.date
    minutes_planned: float
    minutes_done: float
    sessions_planned: int
    sessions_done: int
    key_planned: int
    key_done: int
    missed: int
    extra: int
    """Completed sessions that matched no planned one (an extra run, a ride)."""
    efforts: dict[str, EffortMatch] = {}
    """By session id: the average heart rate against the planned effort's band."""


def match_completed(
    plan: Plan, completed: Iterable[CompletedSession], *, before: dt.date
) -> tuple[dict[str, CompletedSession], list[CompletedSession]]:
    """Completed sessions by the id of the planned session they fulfil, and the extras.

    Only runs planned before `before` (today) can be fulfilled, judged as first planned, so
    matching does not depend on how the plan was adapted since.
    """
    runs = [s for s in plan.sessions if s.baseline.is_running and s.date < before]
    by_day = {s.date: s for s in runs}
    matched: dict[str, CompletedSession] = {}
    extra: list[CompletedSession] = []
    # A zero-minute entry fulfils nothing.
    done = sorted(
        (c for c in completed if c.minutes >= 1), key=lambda c: (c.date, c.source, c.minutes)
    )
    later: list[CompletedSession] = []
    for item in done:  # the session planned that day first
        session = by_day.get(item.date)
        running = item.kind is None or item.kind.is_running
        if session is not None and running and session.id not in matched:
            matched[session.id] = item
        else:
            later.append(item)
    for item in later:  # then the nearest unmatched run of the same week, by length
        week = plan.week_of(item.date)
        running = item.kind is None or item.kind.is_running
        candidates = [
            s
            for s in (week.sessions if week and running else ())
            if s.baseline.is_running
            and s.date < before
            and s.id not in matched
            and s.baseline.kind is not WorkoutKind.RACE
        ]
        if not candidates:
            extra.append(item)
            continue
        best = min(
            candidates,
            key=lambda s: (abs((s.date - item.date).days), abs(s.minutes - item.minutes)),
        )
        matched[best.id] = item
    return matched, extra


def _effort_match(session: Session, item: CompletedSession, plan: Plan) -> EffortMatch:
    athlete = plan.athlete
    if item.avg_hr is None or athlete.max_hr is None or session.effort is Effort.REST:
        return "unknown"
    band = effort_guide(session.effort).heart_rate(athlete.max_hr, athlete.resting_hr)
    if band is None:
        return "unknown"
    if item.avg_hr > band.high:
        return "above"
    return "below" if item.avg_hr < band.low else "in band"


def compliance(plan: Plan, events: Iterable[Event], *, today: dt.date) -> list[WeekCompliance]:
    """Planned against done for every week that has begun by `today` (days before it count)."""
    events = list(events)
    completed = [e for e in events if isinstance(e, CompletedSession) and e.date < today]
    missed = {e.date for e in events if isinstance(e, MissedSession)}
    matched, extra = match_completed(plan, completed, before=today)
    rows = []
    for week in plan.weeks:
        if week.start >= today:
            break
        past = [s for s in week.sessions if s.date < today and s.is_running]
        done = [s for s in past if s.id in matched]
        rows.append(
            WeekCompliance(
                week=week.number,
                start=week.start,
                minutes_planned=round(sum(s.minutes for s in past), 1),
                minutes_done=round(sum(matched[s.id].minutes for s in done), 1),
                sessions_planned=len(past),
                sessions_done=len(done),
                key_planned=sum(1 for s in past if s.key),
                key_done=sum(1 for s in done if s.key),
                missed=sum(1 for s in past if s.date in missed and s.id not in matched),
                extra=sum(1 for e in extra if week.start <= e.date <= week.end),
                efforts={s.id: _effort_match(s, matched[s.id], plan) for s in done},
            )
        )
    return rows
