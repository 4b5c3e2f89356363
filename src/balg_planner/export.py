"""Take a plan elsewhere: a calendar, a table, a chart.

`plan_records` needs nothing extra. The others use optional extras and say which one to install
when it is missing: `to_ics` (``ics``: icalendar), and `to_dataframe` and `load_dataframe`
(``dataframe``: pandas). `load_records` and `step_records` give plain rows. Charts are in
`balg_planner.charts`.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> from balg_planner.export import plan_records
    >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
    ...                     availability={"tue": 40, "thu": 40, "sat": 60})
    >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
    ...                        start=dt.date(2027, 1, 4))
    >>> first_run = plan_records(plan)[1]
    >>> print(first_run.get("kind"), first_run.get("minutes"))
    strides 27.0
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any, get_args

from balg_planner.effort import Effort
from balg_planner.errors import MissingExtraError, require_extra
from balg_planner.plan import Adaptation, PhaseName, Plan
from balg_planner.targets import render_steps
from balg_planner.workout import Repeat, Session, SessionStatus, StepPart, WorkoutKind

if TYPE_CHECKING:
    import pandas

    from balg_planner.athlete import Athlete

__all__ = [
    "MissingExtraError",
    "load_dataframe",
    "load_records",
    "plan_records",
    "step_records",
    "to_dataframe",
    "to_ics",
]


def plan_records(plan: Plan) -> list[dict[str, Any]]:
    """One flat row per session, with its stable id and status.

    Columns: date, week, phase, kind, title, minutes, key, hard, effort, peak_effort,
    distance_km, load, purpose, status, id.
    """
    rows = []
    for week in plan.weeks:
        for session in week.sessions:
            rows.append(
                {
                    "date": session.date,
                    "week": week.number,
                    "phase": week.phase.value,
                    "kind": session.kind.value,
                    "title": session.title,
                    "minutes": round(session.minutes, 1),
                    "key": session.key,
                    "hard": session.is_hard,
                    "effort": session.effort.value,
                    "peak_effort": session.peak_effort.value,
                    "distance_km": None
                    if session.distance is None
                    else round(session.distance / 1000, 2),
                    "load": round(session.load, 1),
                    "purpose": session.purpose,
                    "status": session.status,
                    "id": session.id,
                }
            )
    return rows


def step_records(plan: Plan) -> list[dict[str, Any]]:
    """One flat row per step of every session, repeats written out, in the order run.

    Columns: date, id (the session's), step (1, 2, ... within the session), part, effort,
    repeat (which repetition of its group, 0 outside one), duration (a timedelta, estimated
    from the pace for a step by distance), distance_km, pace_fast and pace_slow (timedeltas per
    kilometre, when the step has a pace).
    """
    rows = []
    for session in plan.sessions:
        number = 0
        for item in session.workout.steps:
            group = item.steps * item.times if isinstance(item, Repeat) else (item,)
            size = len(item.steps) if isinstance(item, Repeat) else 0
            for index, step in enumerate(group):
                number += 1
                pace = step.target_pace  # a race run by feel exports no pace
                rows.append(
                    {
                        "date": session.date,
                        "id": session.id,
                        "step": number,
                        "part": step.part.value,
                        "effort": step.effort.value,
                        "repeat": index // size + 1 if size else 0,
                        "duration": step.time,
                        "distance_km": None if step.distance is None else step.distance / 1000,
                        "pace_fast": None if pace is None else pace.fast,
                        "pace_slow": None if pace is None else pace.slow,
                    }
                )
    return rows


def to_dataframe(plan: Plan, *, steps: bool = False) -> pandas.DataFrame:
    """The plan as a pandas DataFrame (the ``dataframe`` extra): one row per session.

    Typed for analysis: ``date`` is ``datetime64``, ``duration`` is ``timedelta64``, and
    ``effort`` and ``peak_effort`` are ordered categoricals from rest to repetition, so
    ``frame[frame.effort >= bp.Effort.THRESHOLD]`` keeps every hard session; ``phase`` is
    ordered base → taper, ``kind`` and ``status`` are categoricals. The other columns are
    those of `plan_records`. With ``steps=True``, one row per step instead (`step_records`).

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"tue": 40, "thu": 40, "sat": 60})
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
        ...                        start=dt.date(2027, 1, 4))
        >>> frame = to_dataframe(plan)
        >>> str(frame.date.dtype), str(frame.duration.dtype), frame.effort.cat.ordered
        ('datetime64[ns]', 'timedelta64[ns]', True)
        >>> int((frame.effort >= bp.Effort.THRESHOLD).sum()) > 0
        True

    Raises:
        MissingExtraError: pandas is not installed.
    """
    pd = require_extra("pandas", "dataframe")
    efforts = pd.CategoricalDtype([effort.value for effort in Effort], ordered=True)
    if steps:
        frame: pandas.DataFrame = pd.DataFrame.from_records(
            step_records(plan),
            columns=[
                "date", "id", "step", "part", "effort", "repeat", "duration", "distance_km",
                "pace_fast", "pace_slow",
            ],
        )  # fmt: skip
        frame["part"] = frame["part"].astype(pd.CategoricalDtype([p.value for p in StepPart]))
        frame["effort"] = frame["effort"].astype(efforts)
        for column in ("duration", "pace_fast", "pace_slow"):
            frame[column] = pd.to_timedelta(frame[column]).astype("timedelta64[ns]")
    else:
        rows = plan_records(plan)
        for row, session in zip(rows, plan.sessions, strict=True):
            row["duration"] = session.duration
        frame = pd.DataFrame.from_records(rows)
        frame["effort"] = frame["effort"].astype(efforts)
        frame["peak_effort"] = frame["peak_effort"].astype(efforts)
        frame["phase"] = frame["phase"].astype(
            pd.CategoricalDtype([phase.value for phase in PhaseName], ordered=True)
        )
        frame["kind"] = frame["kind"].astype(pd.CategoricalDtype([k.value for k in WorkoutKind]))
        frame["status"] = frame["status"].astype(pd.CategoricalDtype(list(get_args(SessionStatus))))
        frame["duration"] = pd.to_timedelta(frame["duration"]).astype("timedelta64[ns]")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


def to_ics(
    source: Plan | Adaptation, *, name: str = "Training plan", athlete: Athlete | None = None
) -> bytes:
    """The plan as an iCalendar file: one all-day event per session, planned rest days left out.

    Each event's description gives the why, then every step on its own line with its target
    (as `render_steps` shows it, for `athlete`, by default the plan's runner: heart-rate
    bands too when a maximum is known).

    Every event's UID is its session's id, and its ``SEQUENCE`` counts the changes to that
    session (`Session.sequence`), so re-importing an adapted or re-planned plan updates the
    runner's calendar in place. A session that became rest stays in the file as a cancelled
    event. Given an `Adaptation`, sessions of the plan before it that are no longer in the
    plan at all (a race moved earlier) are cancelled too. Exporting the same plan twice gives
    the same file (the ``ics`` extra).

    Raises:
        MissingExtraError: icalendar is not installed.
    """
    ical = require_extra("icalendar", "ics")
    plan = source if isinstance(source, Plan) else source.plan
    before = plan if isinstance(source, Plan) else source.original
    calendar = ical.Calendar()
    calendar.add("prodid", "-//balg_planner//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    # Plans from compose_plan carry a key in every session id; others get one from their JSON.
    prefix = "" if plan.id else hashlib.sha256(before.model_dump_json().encode()).hexdigest()[:16]
    ids = {session.id for session in plan.sessions}
    gone = {  # sessions the calendar has that the plan no longer holds: one more change each
        session.id: session.model_copy(
            update={"status": "dropped", "kind": WorkoutKind.REST, "revision": session.sequence + 1}
        )
        for session in before.sessions
        if session.id not in ids and _in_calendar(session)
    }
    for session in sorted((*plan.sessions, *gone.values()), key=lambda s: (s.date, s.id)):
        if not _in_calendar(session):
            continue  # planned rest days are not events
        event = ical.Event()
        # The session's stable id: re-importing an adapted plan updates events in place.
        event.add("uid", f"{prefix + '-' if prefix else ''}{session.id}@balg-planner")
        event.add("dtstamp", dt.datetime.combine(before.start, dt.time(), tzinfo=dt.UTC))
        event.add("sequence", session.sequence)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", session.title or session.kind.guide.name)
        if session.kind is WorkoutKind.REST:
            # A session that became rest stays in the file, cancelled, so a calendar that
            # imported the plan before drops it instead of keeping the old run.
            event.add("status", "CANCELLED")
        status = () if session.status == "planned" else (f"Status: {session.status}",)
        steps = (
            render_steps(session, athlete=athlete or plan.athlete).splitlines()
            if session.workout.steps
            else []
        )
        event.add("description", "\n".join((*status, session.purpose, *steps, *session.notes)))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _in_calendar(session: Session) -> bool:
    """Whether a session is a calendar event: training, or a day that became rest."""
    return session.kind is not WorkoutKind.REST or session.sequence > 0


def load_records(source: Plan | Adaptation) -> list[dict[str, Any]]:
    """The load picture as plain rows, one per day to race day (see `Plan.load_days`).

    A plan gives its projection (everything planned); an adaptation gives what was done
    before its day and what is planned after.
    """
    return [day.model_dump() for day in source.load_days()]


def load_dataframe(source: Plan | Adaptation) -> pandas.DataFrame:
    """The load picture as a pandas DataFrame indexed by date (the ``dataframe`` extra).

    Columns: planned, done, load, fitness, fatigue, form, acwr and acwr_ewma (see `DayLoad`).

    Raises:
        MissingExtraError: pandas is not installed.
    """
    pd = require_extra("pandas", "dataframe")
    frame: pandas.DataFrame = pd.DataFrame.from_records(load_records(source))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.set_index("date")
