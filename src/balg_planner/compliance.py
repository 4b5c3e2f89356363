"""Planned versus done: which completed session fulfils which planned one, week by week.

Each completed session (typed, or read from a watch file) is matched to the planned session it
fulfils: the run planned that day, else the nearest unmatched run of the same plan week by
length; what matches nothing is extra. A week's row says the minutes planned and done, the key
sessions done, and whether the effort matched the plan. Showing up counts: the figures
describe, they never judge.

The effort match reads, best first:

* the minutes at each effort level from a watch file (`CompletedSession.effort_minutes`): an
  easy run is "above" when more than a quarter of it ran harder than planned; a harder session
  is "below" when less than half its planned main-set time reached the planned effort, and
  "above" when more than half of it ran harder still. Heart rate lags behind short, fast
  repeats, so by heart rate a threshold reading counts towards interval and repetition work;
* else the average heart rate against the planned effort's band (needs the athlete's maximum);
* else the runner's RPE against the planned effort's RPE range: above its top is "above"; below
  its bottom is "below" only for a hard session (an easy run can always feel easier);
* else "unknown".

The load picture (`load_days`, `load_weeks`) puts done and planned training on one line of
days: session-RPE load done before today and planned from today on, with fitness, fatigue and
form (CTL/ATL/TSB) and the acute:chronic ratio as information, projected to race day.

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
from typing import TYPE_CHECKING, Final, Literal

from pydantic import BaseModel, ConfigDict

from balg_planner.effort import Effort, effort_guide
from balg_planner.events import CompletedSession, Event, MissedSession
from balg_planner.load import acwr, acwr_ewma, fitness_fatigue, monotony, strain
from balg_planner.workout import Session, WorkoutKind

if TYPE_CHECKING:  # the plan model uses this module; it only needs the shapes here
    from balg_planner.plan import Plan

__all__ = [
    "DayLoad",
    "EffortMatch",
    "WeekCompliance",
    "WeekLoad",
    "compliance",
    "done_load",
    "load_days",
    "load_weeks",
    "match_completed",
]

EffortMatch = Literal["in band", "above", "below", "unknown"]
"""Average heart rate against the planned effort's band."""


class WeekCompliance(BaseModel):
    """One plan week, planned against done (past days only)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    week: int
    """The plan week's number, from 1."""
    start: dt.date
    """The week's first day."""
    minutes_planned: float
    """Minutes of running planned in the week before today, as the plan now stands."""
    minutes_done: float
    """Minutes of the completed sessions that fulfil those runs; extras are not counted."""
    sessions_planned: int
    """Runs planned in the week before today (strength, mobility and rest are not runs)."""
    sessions_done: int
    """Of those runs, the ones a completed session fulfils."""
    key_planned: int
    """Key sessions among the runs planned."""
    key_done: int
    """Key sessions among the runs done."""
    missed: int
    """Runs reported missed that no completed session fulfils after all."""
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
            key=lambda s: (abs((s.date - item.date).days), abs(s.baseline.minutes - item.minutes)),
        )
        matched[best.id] = item
    return matched, extra


def _effort_match(session: Session, item: CompletedSession, plan: Plan) -> EffortMatch:
    if session.effort is Effort.REST:
        return "unknown"
    if item.effort_minutes:
        return _match_minutes(session, item)
    athlete = plan.athlete
    band = (
        None
        if item.avg_hr is None or athlete.max_hr is None
        else effort_guide(session.effort).heart_rate(athlete.max_hr, athlete.resting_hr)
    )
    if band is not None and item.avg_hr is not None:
        if item.avg_hr > band.high:
            return "above"
        return "below" if item.avg_hr < band.low else "in band"
    if item.rpe is not None:  # how it felt, against how the plan meant it to feel
        low, high = effort_guide(session.effort).rpe
        if item.rpe > high:
            return "above"
        return "below" if item.rpe < low and session.effort.is_hard else "in band"
    return "unknown"


def _match_minutes(session: Session, item: CompletedSession) -> EffortMatch:
    planned = session.effort
    done = item.effort_minutes
    above = sum(minutes for effort, minutes in done.items() if effort > planned)
    if not planned.is_hard:
        return "above" if above > 0.25 * sum(done.values()) else "in band"
    main = session.workout.time_per_effort().get(planned, dt.timedelta()).total_seconds() / 60
    reached = planned
    if item.zones_by == "heart rate" and planned >= Effort.INTERVAL:
        reached = Effort.THRESHOLD  # heart rate lags behind short repeats
    at = sum(minutes for effort, minutes in done.items() if effort >= reached)
    if main and above > 0.5 * main and reached is planned:
        return "above"
    return "below" if at < 0.5 * main else "in band"


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


class DayLoad(BaseModel):
    """One day of the load picture: planned and done load, and the figures they give."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    """The day, from the plan's first day to race day."""
    planned: float
    """Session-RPE load planned that day (the plan as it stands)."""
    done: float | None
    """Session-RPE load done that day; None from today on (not known yet)."""
    load: float
    """What the figures use: done before today, planned from today on."""
    fitness: float
    """Chronic training load (CTL): the 42-day exponentially weighted daily load."""
    fatigue: float
    """Acute training load (ATL): the 7-day exponentially weighted daily load."""
    form: float
    """Training stress balance (TSB): yesterday's fitness minus yesterday's fatigue."""
    acwr: float | None
    """Acute:chronic ratio (rolling); information only, never a gate."""
    acwr_ewma: float | None
    """Acute:chronic ratio (exponentially weighted); information only."""


class WeekLoad(BaseModel):
    """One plan week of the load picture: Foster's weekly load, monotony and strain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    week: int
    """The plan week's number, from 1."""
    start: dt.date
    """The week's first day."""
    planned: float
    """Session-RPE load planned for the week (the plan as it stands)."""
    load: float
    """Done before today, planned from today on."""
    monotony: float | None
    """Foster's monotony: mean daily load ÷ its standard deviation; None when all days are equal."""
    strain: float | None
    """Foster's strain: the week's load × its monotony; None when monotony is None."""


def done_load(item: CompletedSession, planned: Session | None = None) -> float:
    """A completed session's session-RPE load, from the best thing known about it.

    The runner's RPE when given; else the minutes at each effort (each at the middle of its RPE
    range); else the planned session's average RPE when it fulfils one; else easy running's.

    Example:
        >>> done_load(CompletedSession(date=dt.date(2027, 1, 5), minutes=40, rpe=5))
        200.0
    """
    if item.rpe is not None:
        return item.minutes * item.rpe
    if item.effort_minutes:
        counted = sum(item.effort_minutes.values())
        load = sum(m * effort_guide(e).rpe_midpoint for e, m in item.effort_minutes.items())
        return load * item.minutes / counted if counted else 0.0
    if planned is not None and planned.minutes:
        return item.minutes * planned.baseline.load / planned.baseline.minutes
    return item.minutes * effort_guide(Effort.EASY).rpe_midpoint


_NOT_TRAINING: Final = frozenset({"missed", "dropped", "paused"})
"""Statuses of sessions that are not (or no longer) training."""


def _seed(plan: Plan) -> float:
    """The runner's daily load before the plan: recent weekly minutes at easy effort."""
    return plan.athlete.weekly_minutes * effort_guide(Effort.EASY).rpe_midpoint / 7


def load_days(
    plan: Plan, events: Iterable[Event] = (), *, today: dt.date | None = None
) -> list[DayLoad]:
    """The load picture of every plan day, from its first day to race day.

    Without `today` every day counts as planned: the plan's projection. With it, days before
    `today` count what was done: completed sessions, and, as adaptation assumes, a planned
    session with nothing logged counts as done as planned unless it was missed. Fitness and
    fatigue start from the runner's recent weekly minutes at easy effort, so week 1 is not read
    as a leap from zero.
    """
    events = list(events)
    first, last = plan.start, plan.end
    cutoff = first if today is None else min(max(today, first), last + dt.timedelta(days=1))
    completed = [e for e in events if isinstance(e, CompletedSession) and e.date < cutoff]
    missed = {e.date for e in events if isinstance(e, MissedSession)}
    matched, _ = match_completed(plan, completed, before=cutoff)
    by_item = {id(item): plan_id for plan_id, item in matched.items()}
    sessions = {s.id: s for s in plan.sessions}
    planned: dict[dt.date, float] = {}
    for session in plan.sessions:
        if session.status not in _NOT_TRAINING:
            planned[session.date] = planned.get(session.date, 0.0) + session.load
    done: dict[dt.date, float] = {}
    for item in completed:
        fulfils = sessions.get(by_item.get(id(item), ""))
        done[item.date] = done.get(item.date, 0.0) + done_load(item, fulfils)
    for session in plan.sessions:  # assumed done as planned, as adaptation assumes
        if (
            session.date < cutoff
            and session.date not in missed
            and session.id not in matched
            and session.date not in done
            and session.status not in _NOT_TRAINING
        ):
            done[session.date] = planned.get(session.date, 0.0)
    seed = _seed(plan)
    daily: dict[dt.date, float] = {first - dt.timedelta(days=n): seed for n in range(1, 29)}
    day = first
    while day <= last:
        daily[day] = done.get(day, 0.0) if day < cutoff else planned.get(day, 0.0)
        day += dt.timedelta(days=1)
    forms = fitness_fatigue(daily, start=first, end=last, fitness=seed, fatigue=seed)
    since = first - dt.timedelta(days=28)
    return [
        DayLoad(
            date=f.day,
            planned=round(planned.get(f.day, 0.0), 1),
            done=round(done.get(f.day, 0.0), 1) if f.day < cutoff else None,
            load=round(daily[f.day], 1),
            fitness=round(f.fitness, 1),
            fatigue=round(f.fatigue, 1),
            form=round(f.form, 1),
            acwr=acwr(daily, f.day),
            acwr_ewma=acwr_ewma(daily, f.day, since=since),
        )
        for f in forms
    ]


def load_weeks(plan: Plan, days: Iterable[DayLoad]) -> list[WeekLoad]:
    """Foster's weekly load, monotony and strain for each plan week, from `load_days`."""
    by_day = {d.date: d for d in days}
    rows = []
    for week in plan.weeks:
        span = [by_day[d] for d in _dates(week.start, week.end) if d in by_day]
        loads = [d.load for d in span]
        rows.append(
            WeekLoad(
                week=week.number,
                start=week.start,
                planned=round(sum(d.planned for d in span), 1),
                load=round(sum(loads), 1),
                monotony=None if (m := monotony(loads)) is None else round(m, 2),
                strain=None if (v := strain(loads)) is None else round(v, 1),
            )
        )
    return rows


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
