"""Re-plan when the race moves: the weeks from today are composed again to the new race day.

History stays as it was: every day before today is kept, with its session, its status and its
adaptations. From today on, the plan follows a fresh composition of the whole runway to the new
race day, so the phases and the taper land where they should. Sessions keep the plan's ids: a
session on a day that already had one keeps that day's id, and one the re-plan changed counts
one more `revision`, so a calendar updates it in place.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Final

from balg_planner.athlete import Athlete, Goal
from balg_planner.catalog import load_template
from balg_planner.compose.planner import compose_plan
from balg_planner.compose.sessions import builder_for
from balg_planner.errors import DataError, ReadinessWarning
from balg_planner.plan import Phase, Plan, Week
from balg_planner.workout import Session, WorkoutKind

__all__ = ["looks_the_same", "replan"]


def replan(plan: Plan, *, race_date: dt.date, today: dt.date) -> Plan:
    """`plan` with its race on `race_date`: past weeks kept, the rest composed again.

    The whole runway from the plan's start to the new race day is composed again, so the
    phases (base, build, peak, taper) are spread over it as if the runner had planned for the
    new day from the start; the days before `today` are kept exactly as they were, and the
    plan continues from `today` with the new composition. What the runner
    actually did in the past (missed weeks, a break) is the engine's to weigh, as always.

    Raises:
        DataError: `today` is outside the plan, the new date is before today, or it leaves
            too little (or too much) room for the template; the message says what would work.

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
    goal = plan.goal.model_copy(update={"race_date": race_date})
    fresh = _compose(plan.athlete, goal, plan.start, plan.template)
    # A runway longer than the template holds starts later: the old plan's weeks fill the gap
    # ("until then keep running your current week").
    first = max(week.start, fresh.start)
    kept = tuple(w for w in plan.weeks if w.start < first)
    continued = tuple(w for w in fresh.weeks if w.start >= first)
    if not continued or (kept and kept[-1].start + dt.timedelta(weeks=1) != continued[0].start):
        raise DataError(
            "the new race day is too far away for this plan",
            value=race_date.isoformat(),
            hint="compose a new plan for it",
        )
    cut = max(today, first)  # the first day planned again; the days before it are history
    lived = tuple(s for s in plan.sessions if continued[0].start <= s.date < cut)
    if lived:
        head = continued[0]
        fresh_days = tuple(s for s in head.sessions if s.date >= cut)
        continued = (head.model_copy(update={"sessions": (*lived, *fresh_days)}), *continued[1:])
    continued = _eased_seam(plan, continued, cut)
    offset = len(kept) - (continued[0].number - 1)
    note = (
        f"The race moved to {race_date:%A %d %B %Y}: the weeks from {first:%d %B} were "
        "planned again, with the taper before the new race day."
    )
    return Plan(
        id=plan.id,
        template=fresh.template,
        athlete=plan.athlete,
        goal=goal,
        start=plan.start,
        phases=_phases(plan.phases, fresh.phases, len(kept), offset),
        weeks=(*kept, *(_continued(new_week, offset, plan, cut) for new_week in continued)),
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


def _eased_seam(plan: Plan, continued: tuple[Week, ...], cut: dt.date) -> tuple[Week, ...]:
    """Keep 48 hours between hard days where the kept days meet the new ones.

    The kept plan's rhythm can differ from the fresh one's: a hard first new day right after a
    hard last kept day becomes an easy run.
    """
    last = plan.session_on(cut - dt.timedelta(days=1))
    index, week = next(
        ((i, w) for i, w in enumerate(continued) if w.start <= cut <= w.end), (0, continued[0])
    )
    first = next((s for s in week.sessions if s.date == cut), None)
    if last is None or first is None or not (last.is_hard and first.is_hard):
        return continued
    if first.kind is WorkoutKind.RACE:
        return continued
    template = load_template(plan.template)
    easy = builder_for(template, plan.athlete.paces).easy(
        min(round(first.minutes), 60), strides=False
    )
    easy = easy.model_copy(update={"date": first.date, "id": first.id})
    sessions = tuple(easy if s is first else s for s in week.sessions)
    return (
        *continued[:index],
        week.model_copy(update={"sessions": sessions}),
        *continued[index + 1 :],
    )


def _continued(week: Week, offset: int, plan: Plan, cut: dt.date) -> Week:
    """A week of the new composition, numbered on from the kept ones, with the plan's ids.

    A new session on a day the old plan had a different one counts one more revision.
    """
    sessions = []
    for session in week.sessions:
        if session.date < cut:
            sessions.append(session)  # a day already lived, kept as it was
            continue
        key = f"{plan.id}-{session.date:%Y%m%d}" if plan.id else session.id
        old = plan.session_on(session.date)
        revision = 0 if old is None else old.sequence + (not looks_the_same(old, session))
        sessions.append(session.model_copy(update={"id": key, "revision": revision}))
    return week.model_copy(update={"number": week.number + offset, "sessions": tuple(sessions)})


def looks_the_same(old: Session, new: Session) -> bool:
    """Whether a runner would see the same session: all but its id, status and history."""
    return old.model_dump(exclude=_HISTORY) == new.model_dump(exclude=_HISTORY)


_HISTORY: Final[set[str]] = {"id", "status", "original", "revision"}


def _phases(
    old: tuple[Phase, ...], new: tuple[Phase, ...], kept: int, offset: int
) -> tuple[Phase, ...]:
    """The phases of the kept weeks, then the new composition's from the first new week."""
    before = tuple(
        phase.model_copy(update={"last_week": min(phase.last_week, kept)})
        for phase in old
        if phase.first_week <= kept
    )
    after = tuple(
        phase.model_copy(
            update={
                "first_week": max(phase.first_week + offset, kept + 1),
                "last_week": phase.last_week + offset,
            }
        )
        for phase in new
        if phase.last_week + offset > kept
    )
    return (*before, *after)
