"""Re-plan when the race moves: the weeks from today are composed again from where the runner is.

History stays as it was: every week before the current one is kept, with its sessions, their
statuses and adaptations. From the current week on, `compose_plan` plans again to the new
race day, starting from what the runner has actually been doing (the last week's running and
the longest run of the last 30 days), so the build and the taper land where they should.
Sessions keep the plan's ids: a session on a day that already had one keeps that day's id, so
a calendar updates in place.
"""

from __future__ import annotations

import datetime as dt
import warnings

from pydantic import ValidationError

from balg_planner._resources import data_error_from
from balg_planner.athlete import Athlete, Goal
from balg_planner.compose.planner import compose_plan
from balg_planner.errors import DataError, ReadinessWarning
from balg_planner.plan import Phase, Plan, Week
from balg_planner.science import longest_recent_run
from balg_planner.workout import WorkoutKind

__all__ = ["replan"]

_NOT_RUN = frozenset({"missed", "dropped", "paused"})


def replan(plan: Plan, *, race_date: dt.date, today: dt.date) -> Plan:
    """`plan` with its race on `race_date`: past weeks kept, the rest composed again.

    Raises:
        DataError: `today` is outside the plan, or the new date is before today.
        SchedulingError, DataError: The new date leaves too little (or too much) room for the
            template; the message says what would work.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"tue": 40, "thu": 40, "sat": 60})
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
        ...                        start=dt.date(2027, 1, 4))
        >>> later = replan(plan, race_date=dt.date(2027, 4, 3), today=dt.date(2027, 2, 1))
        >>> later.end, later.weeks[3] == plan.weeks[3], len(later.weeks)
        (datetime.date(2027, 4, 3), True, 13)
    """
    week = plan.week_of(today)
    if week is None:
        raise DataError("today is outside the plan", value=today.isoformat())
    if race_date < today:
        raise DataError("the new race date is in the past", value=race_date.isoformat())
    kept = plan.weeks[: week.number - 1]
    try:
        runner = Athlete.model_validate(
            plan.athlete.model_dump() | _where_the_runner_is(plan, kept, today)
        )
    except ValidationError as exc:  # pragma: no cover - the numbers are kept within range
        raise data_error_from(exc, source="replan") from None
    goal = plan.goal.model_copy(update={"race_date": race_date})
    fresh = _compose(runner, goal, week.start, plan.template)
    # A runway longer than the template holds starts later: the old plan's weeks fill the gap
    # ("until then keep running your current week").
    gap = tuple(w for w in plan.weeks if week.start <= w.start < fresh.start)
    if len(kept) + len(gap) + len(fresh.weeks) != (fresh.end - plan.start).days // 7 + 1:
        raise DataError(
            "the new race day is too far away for this plan",
            value=race_date.isoformat(),
            hint="compose a new plan for it",
        )
    kept = (*kept, *gap)
    offset = len(kept)
    weeks = (
        *kept,
        *(_continued(new_week, offset, plan.id) for new_week in fresh.weeks),
    )
    note = (
        f"The race moved to {race_date:%A %d %B %Y}: the weeks from {week.start:%d %B} were "
        "planned again from where you are, with the taper before the new race day."
    )
    return Plan(
        id=plan.id,
        template=fresh.template,
        athlete=plan.athlete,
        goal=goal,
        start=plan.start,
        phases=_phases(plan.phases, fresh.phases, offset),
        weeks=weeks,
        notes=(note, *fresh.notes),
        readiness=fresh.readiness,
    )


def _compose(runner: Athlete, goal: Goal, start: dt.date, template: str) -> Plan:
    """`compose_plan`, with a later start handled here rather than warned about.

    Readiness warnings still reach the caller.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fresh = compose_plan(runner, goal, start=start, template=template)
    for warning in caught:
        if issubclass(warning.category, ReadinessWarning):
            warnings.warn(warning.message, warning.category, stacklevel=3)
    return fresh


def _where_the_runner_is(plan: Plan, kept: tuple[Week, ...], today: dt.date) -> dict[str, int]:
    """Weekly minutes and the longest run, from what the runner has actually been doing."""
    if not kept:
        return {}
    runs = [
        (session.date, session.minutes)
        for week in kept
        for session in week.sessions
        if session.is_running
        and session.kind is not WorkoutKind.RACE
        and session.status not in _NOT_RUN
    ]
    last_week = sum(minutes for day, minutes in runs if day >= kept[-1].start)
    longest = longest_recent_run(
        today, runs, plan_start=plan.start, before_plan=plan.athlete.longest_run_minutes
    )
    weekly = max(round(last_week), 30)
    return {"weekly_minutes": weekly, "longest_run_minutes": min(max(round(longest), 10), weekly)}


def _continued(week: Week, offset: int, plan_id: str) -> Week:
    sessions = tuple(
        session.model_copy(
            update={"id": f"{plan_id}-{session.date:%Y%m%d}" if plan_id else session.id}
        )
        for session in week.sessions
    )
    return week.model_copy(update={"number": week.number + offset, "sessions": sessions})


def _phases(old: tuple[Phase, ...], new: tuple[Phase, ...], offset: int) -> tuple[Phase, ...]:
    """The phases of the kept weeks, then the new ones after them."""
    before = tuple(
        phase.model_copy(update={"last_week": min(phase.last_week, offset)})
        for phase in old
        if phase.first_week <= offset
    )
    after = tuple(
        phase.model_copy(
            update={"first_week": phase.first_week + offset, "last_week": phase.last_week + offset}
        )
        for phase in new
    )
    return (*before, *after)
