"""Charts of a plan for notebooks and reports (the ``plot`` extra: matplotlib).

Every chart takes an optional ``ax=``: given one, it draws there and returns that axes'
figure, so charts compose into the caller's layout; without one, it makes its own figure,
which shows itself in Jupyter with no ``%matplotlib`` magic. Each chart labels its axes,
marks phases, cutbacks and the taper, and has a legend.

* `plot_weekly_minutes`: training minutes per week; the race is shown apart, not as training.
* `plot_effort_time`: minutes at each effort per week, stacked from easy to hard.
* `plot_load`: daily load with fitness, fatigue and form to race day.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
    ...                     availability={"tue": 40, "thu": 40, "sat": 60})
    >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
    ...                        start=dt.date(2027, 1, 4))
    >>> figure = plot_effort_time(plan)
    >>> figure.axes[0].get_xlabel()
    'Week'
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any, Final

from balg_planner.effort import Effort
from balg_planner.errors import require_extra
from balg_planner.workout import WorkoutKind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from balg_planner.plan import Adaptation, Plan, Week

__all__ = ["plot_effort_time", "plot_load", "plot_weekly_minutes"]

_TRAINING: Final = "#3182bd"
_CUTBACK: Final = "#fdae6b"
_TAPER: Final = "#9ecae1"
_RACE: Final = "#e6550d"
_EFFORT_COLOURS: Final = {
    Effort.RECOVERY: "#c7e9c0",
    Effort.EASY: "#74c476",
    Effort.MARATHON: "#fdd0a2",
    Effort.THRESHOLD: "#fd8d3c",
    Effort.INTERVAL: "#e6550d",
    Effort.REPETITION: "#a63603",
}


def _canvas(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: the caller's, or a new figure that shows in Jupyter."""
    require_extra("matplotlib", "plot")
    if ax is not None:
        figure = ax.get_figure()
        assert figure is not None, "an axes given to a chart belongs to a figure"
        return figure, ax  # type: ignore[return-value]  # a SubFigure draws the same way
    figure = _shown_figure_class()(figsize=size, layout="constrained")
    return figure, figure.subplots()


@functools.cache
def _shown_figure_class() -> type[Figure]:
    """A figure class that renders itself as PNG in notebooks, without pyplot or magic.

    Made once, on first use: matplotlib is imported only when a chart is drawn.
    """
    from matplotlib.figure import Figure

    class _ShownFigure(Figure):
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png")
            return buffer.getvalue()

    return _ShownFigure


def _week_axis(axes: Axes, weeks: tuple[Week, ...]) -> None:
    """Whole-number week ticks, and each phase named above its weeks."""
    from matplotlib.ticker import MaxNLocator

    axes.set_xlabel("Week")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0.4, len(weeks) + 0.6)
    top = axes.get_ylim()[1]
    axes.set_ylim(top=top * 1.12)
    previous = None
    for week in weeks:
        if week.phase != previous:
            if previous is not None:
                axes.axvline(week.number - 0.5, color="#bbbbbb", linewidth=0.8, linestyle=":")
            axes.text(week.number - 0.4, top * 1.05, week.phase.value, fontsize="small")
            previous = week.phase


def _legend(axes: Axes, handles: list[Any] | None = None) -> None:
    """The legend beside the chart, where it hides no bar and no phase name."""
    extra: dict[str, Any] = {} if handles is None else {"handles": handles}
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", **extra)


def _training_minutes(week: Week) -> float:
    return sum(s.minutes for s in week.running_sessions if s.kind is not WorkoutKind.RACE)


def plot_weekly_minutes(plan: Plan, *, ax: Axes | None = None) -> Figure:
    """Training minutes per week: cutback and taper weeks coloured, the race apart.

    The race is drawn on top of its week in its own colour and is not counted as training.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    from matplotlib.patches import Patch

    figure, axes = _canvas(ax, (8, 3.5))
    numbers = [week.number for week in plan.weeks]
    minutes = [_training_minutes(week) for week in plan.weeks]
    colours = [
        _TAPER if week.taper else _CUTBACK if week.cutback else _TRAINING for week in plan.weeks
    ]
    axes.bar(numbers, minutes, color=colours)
    race = [
        sum(s.minutes for s in week.sessions if s.kind is WorkoutKind.RACE) for week in plan.weeks
    ]
    if any(race):
        axes.bar(numbers, race, bottom=minutes, color=_RACE)
    axes.set_ylabel("Running minutes")
    axes.set_title(f"{plan.template}: weekly running")
    _week_axis(axes, plan.weeks)
    handles = [
        Patch(color=_TRAINING, label="training"),
        Patch(color=_CUTBACK, label="cutback week"),
        Patch(color=_TAPER, label="taper"),
    ]
    if any(race):
        handles.append(Patch(color=_RACE, label="race"))
    _legend(axes, handles=handles)
    return figure


def plot_effort_time(plan: Plan, *, ax: Axes | None = None) -> Figure:
    """Minutes at each effort per week, stacked from recovery to repetition.

    Shows the polarised shape of a plan at a glance: mostly easy, a little hard, and how the
    hard part changes from base to peak. Cutback and taper weeks are marked under their bars.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    figure, axes = _canvas(ax, (8, 3.8))
    numbers = [week.number for week in plan.weeks]
    bottoms = [0.0] * len(numbers)
    for effort, colour in _EFFORT_COLOURS.items():
        heights = [week.time_per_effort().get(effort) for week in plan.weeks]
        values = [0.0 if h is None else h.total_seconds() / 60 for h in heights]
        if any(values):
            axes.bar(numbers, values, bottom=bottoms, color=colour, label=effort.value)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_ylabel("Minutes at each effort")
    axes.set_title(f"{plan.template}: time at each effort")
    _week_axis(axes, plan.weeks)
    for week in plan.weeks:
        mark = "taper" if week.taper else "cutback" if week.cutback else ""
        if mark:
            axes.annotate(
                mark, (week.number, 0), xytext=(0, -24), textcoords="offset points",
                ha="center", fontsize="x-small", color="#666666",
            )  # fmt: skip
    _legend(axes)
    return figure


def plot_load(source: Plan | Adaptation, *, ax: Axes | None = None) -> Figure:
    """Daily load as bars with fitness, fatigue and form as lines, to race day.

    Done load (before the adaptation's day) is dark, planned load light; form above zero
    means fresher than usual, as a taper should leave the runner on race day.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    from matplotlib.dates import date2num

    figure, axes = _canvas(ax, (9, 4))
    days = source.load_days()
    dates: Any = date2num([day.date for day in days])  # type: ignore[no-untyped-call]
    colours = [_TRAINING if day.done is not None else _TAPER for day in days]
    axes.bar(dates, [day.load for day in days], color=colours, width=0.8)
    axes.plot(dates, [day.fitness for day in days], color="#08519c", label="fitness (CTL)")
    axes.plot(dates, [day.fatigue for day in days], color=_RACE, label="fatigue (ATL)")
    axes.plot(dates, [day.form for day in days], color="#31a354", label="form (TSB)")
    axes.axhline(0, color="#999999", linewidth=0.5)
    axes.xaxis_date()
    axes.set_xlabel("Date")
    axes.set_ylabel("Session-RPE load (min × RPE)")
    axes.set_title("Load, fitness, fatigue and form to race day")
    from matplotlib.patches import Patch

    lines, _ = axes.get_legend_handles_labels()
    done = [Patch(color=_TRAINING, label="load done")] if days and days[0].done is not None else []
    _legend(axes, handles=[*done, Patch(color=_TAPER, label="load planned"), *lines])
    for label in axes.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return figure
