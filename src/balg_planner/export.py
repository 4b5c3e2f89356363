"""Take a plan elsewhere: a calendar, a table, a chart.

`plan_records` needs nothing extra. The others use optional extras and say which one to install
when it is missing: `to_ics` (``ics``: icalendar), `to_dataframe` (``dataframe``: pandas) and
`plot_weekly_minutes` (``plot``: matplotlib).

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
import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from balg_planner.errors import MissingExtraError
from balg_planner.plan import Plan
from balg_planner.workout import WorkoutKind

if TYPE_CHECKING:
    import pandas
    from matplotlib.figure import Figure

__all__ = ["MissingExtraError", "plan_records", "plot_weekly_minutes", "to_dataframe", "to_ics"]


def _need(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise MissingExtraError(
            f"this needs the {extra!r} extra",
            value=module,
            hint=f"install it with: python3 -m pip install 'balg-planner[{extra}]'",
        ) from None


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


def to_dataframe(plan: Plan) -> pandas.DataFrame:
    """The plan as a pandas DataFrame, one row per session (the ``dataframe`` extra).

    Raises:
        MissingExtraError: pandas is not installed.
    """
    pd = _need("pandas", "dataframe")
    frame: pandas.DataFrame = pd.DataFrame.from_records(plan_records(plan))
    return frame


def to_ics(plan: Plan, *, name: str = "Training plan") -> bytes:
    """The plan as an iCalendar file: one all-day event per session, planned rest days left out.

    Event ids come from the plan's content, so exporting the same plan twice gives the same
    file (the ``ics`` extra).

    Raises:
        MissingExtraError: icalendar is not installed.
    """
    ical = _need("icalendar", "ics")
    calendar = ical.Calendar()
    calendar.add("prodid", "-//balg_planner//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    # Plans from compose_plan carry a key in every session id; others get one from their JSON.
    prefix = "" if plan.id else hashlib.sha256(plan.model_dump_json().encode()).hexdigest()[:16]
    for session in plan.sessions:
        if session.kind is WorkoutKind.REST and session.original is None:
            continue  # planned rest days are not events
        event = ical.Event()
        # The session's stable id: re-importing an adapted plan updates events in place.
        event.add("uid", f"{prefix + '-' if prefix else ''}{session.id}@balg-planner")
        event.add("dtstamp", dt.datetime.combine(plan.start, dt.time(), tzinfo=dt.UTC))
        event.add("sequence", 0 if session.original is None else 1)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", session.title or session.kind.guide.name)
        if session.kind is WorkoutKind.REST:
            # A session that became rest stays in the file, cancelled, so a calendar that
            # imported the plan before drops it instead of keeping the old run.
            event.add("status", "CANCELLED")
        status = () if session.status == "planned" else (f"Status: {session.status}",)
        event.add("description", "\n".join((*status, session.purpose, *session.notes)))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def plot_weekly_minutes(plan: Plan) -> Figure:
    """A bar chart of running minutes per week, cutbacks and taper shaded (the ``plot`` extra).

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    _need("matplotlib", "plot")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.5))
    axes = figure.subplots()
    numbers = [week.number for week in plan.weeks]
    minutes = [week.running_minutes for week in plan.weeks]
    colours = [
        "#9ecae1" if week.taper else "#fdae6b" if week.cutback else "#3182bd" for week in plan.weeks
    ]
    axes.bar(numbers, minutes, color=colours)
    axes.set_xlabel("Week")
    axes.set_ylabel("Running minutes")
    axes.set_title(f"{plan.template}: weekly running (orange = cutback, light = taper)")
    return figure
