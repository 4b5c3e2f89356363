"""Take a plan elsewhere: a calendar, a table, a chart.

`plan_records` needs nothing extra. The others use optional extras and say which one to install
when it is missing: `to_ics` (``ics``: icalendar), `to_dataframe` and `load_dataframe`
(``dataframe``: pandas), and `plot_weekly_minutes` and `plot_load` (``plot``: matplotlib).
`load_records` gives the load picture as plain rows.

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
from balg_planner.plan import Adaptation, Plan
from balg_planner.targets import render_steps
from balg_planner.workout import Session, WorkoutKind

if TYPE_CHECKING:
    import pandas
    from matplotlib.figure import Figure

    from balg_planner.athlete import Athlete

__all__ = [
    "MissingExtraError",
    "load_dataframe",
    "load_records",
    "plan_records",
    "plot_load",
    "plot_weekly_minutes",
    "to_dataframe",
    "to_ics",
]


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


def to_ics(
    source: Plan | Adaptation, *, name: str = "Training plan", athlete: Athlete | None = None
) -> bytes:
    """The plan as an iCalendar file: one all-day event per session, planned rest days left out.

    Each event's description gives the why, then every step on its own line with its target
    (as `render_steps` shows it; heart-rate bands too when `athlete` knows a maximum).

    Every event's UID is its session's id, and its ``SEQUENCE`` counts the changes to that
    session (`Session.sequence`), so re-importing an adapted or re-planned plan updates the
    runner's calendar in place. A session that became rest stays in the file as a cancelled
    event. Given an `Adaptation`, sessions of the plan before it that are no longer in the
    plan at all (a race moved earlier) are cancelled too. Exporting the same plan twice gives
    the same file (the ``ics`` extra).

    Raises:
        MissingExtraError: icalendar is not installed.
    """
    ical = _need("icalendar", "ics")
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
        steps = render_steps(session, athlete=athlete).splitlines() if session.workout.steps else []
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
    pd = _need("pandas", "dataframe")
    frame: pandas.DataFrame = pd.DataFrame.from_records(load_records(source))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.set_index("date")


def plot_load(source: Plan | Adaptation) -> Figure:
    """Daily load as bars with fitness, fatigue and form as lines, to race day (``plot``).

    Done load (before the adaptation's day) is dark, planned load light; form above zero
    means fresher than usual, as a taper should leave the runner on race day.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    _need("matplotlib", "plot")
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    days = source.load_days()
    figure = Figure(figsize=(9, 4))
    axes = figure.subplots()
    dates = date2num([day.date for day in days])  # type: ignore[no-untyped-call]
    colours = ["#3182bd" if day.done is not None else "#c6dbef" for day in days]
    axes.bar(dates, [day.load for day in days], color=colours, width=0.8, label="daily load")
    axes.plot(dates, [day.fitness for day in days], color="#08519c", label="fitness (CTL)")
    axes.plot(dates, [day.fatigue for day in days], color="#e6550d", label="fatigue (ATL)")
    axes.plot(dates, [day.form for day in days], color="#31a354", label="form (TSB)")
    axes.axhline(0, color="#999999", linewidth=0.5)
    axes.xaxis_date()
    axes.set_ylabel("Session-RPE load (min × RPE)")
    axes.set_title("Load, fitness, fatigue and form to race day")
    axes.legend(loc="upper left", fontsize="small")
    figure.autofmt_xdate()
    return figure


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
