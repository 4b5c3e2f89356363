"""What each step of a session asks of the runner: the step view and its targets.

Every step has an effort, and so always an RPE range and the effort's name. A pace range is
added when it is known: the step's own (set when the plan was composed from a recent race),
or, for a plan made by effort alone, the athlete's training paces. A heart-rate band is added
when the athlete's maximum heart rate is known (from heart-rate reserve when the resting heart
rate is known too). Hill reps are run by effort, never by pace: the slope makes any pace wrong.

`render_steps` shows the steps in order, with repeats as ``6 ×`` groups; the watch files
(`balg_planner.workout_files`) and calendar events read the same targets.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> strides = bp.Repeat(times=6, steps=(
    ...     bp.Step(effort="repetition", duration="20s"),
    ...     bp.Step(part="recovery", effort="recovery", duration="1m")))
    >>> session = bp.Session(date=dt.date(2027, 1, 5), kind="strides", workout=bp.Workout(
    ...     steps=(bp.Step(effort="easy", duration="30m"), strides)))
    >>> print(render_steps(session))
    Run · 30 min · Easy, RPE 2-4
    6 ×
      Run · 20 s · Repetition, RPE 8-9
      Recovery · 1 min · Recovery, RPE 1-2
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from balg_planner.effort import Effort, effort_guide
from balg_planner.science import HeartRateBand, PaceRange
from balg_planner.units import DistanceUnit, format_distance, format_minutes
from balg_planner.workout import (
    RACE_RPE,
    Repeat,
    Session,
    Step,
    StepPart,
    WorkoutKind,
)

if TYPE_CHECKING:
    from balg_planner.athlete import Athlete

__all__ = ["StepTarget", "render_steps", "step_target"]

_PART_LABELS: Final = {
    StepPart.WARMUP: "Warm-up",
    StepPart.WORK: "Run",
    StepPart.RECOVERY: "Recovery",
    StepPart.COOLDOWN: "Cool-down",
    StepPart.EXTRA: "Easy running",
}


class StepTarget(BaseModel):
    """What one step asks for: its effort, RPE range, and pace and heart rate where known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    effort: Effort
    name: str
    """The effort's name for runners, e.g. ``"Threshold (tempo)"``."""
    rpe: tuple[float, float]
    """Session RPE range on Foster's CR-10 scale."""
    pace: PaceRange | None = None
    heart_rate: HeartRateBand | None = None

    def format(self, units: DistanceUnit = "km") -> str:
        """Format as ``"Easy, RPE 2-4 · 6:06-6:53/km · 124-148 bpm"``."""
        parts = [f"{self.name}, RPE {self.rpe[0]:g}-{self.rpe[1]:g}"]
        if self.pace is not None:
            parts.append(self.pace.format(units))
        if self.heart_rate is not None:
            parts.append(self.heart_rate.format())
        return " · ".join(parts)


def step_target(step: Step, session: Session, athlete: Athlete | None = None) -> StepTarget:
    """The target of one step of `session`, for `athlete` when given.

    The pace is the step's own; when no step of the session has one (a plan made by effort
    alone), it comes from the athlete's training paces. Hill reps get no pace, rest no pace
    and no heart rate. A race is "Race effort", RPE 6 rising to 9, at its target pace when
    the plan knows one, with no heart-rate band.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"sat": 60}, max_hr=190,
        ...                     recent_race=bp.RaceResult(distance="5k", time="25:00"))
        >>> step = bp.Step(effort="threshold", duration="20m")
        >>> run = bp.Session(date=dt.date(2027, 1, 5), kind="threshold",
        ...                  workout=bp.Workout(steps=(step,)))
        >>> step_target(step, run, runner).format()
        'Threshold (tempo), RPE 6-7 · 5:16/km · 167-175 bpm'
    """
    guide = effort_guide(step.effort)
    pace = step.pace
    if session.kind is WorkoutKind.RACE and step.part is StepPart.WORK:
        # A race is run all out for its distance: its own effort, not a training label, and
        # no heart-rate band (heart rate drifts up over a race whatever the pace).
        return StepTarget(
            effort=step.effort, name="Race effort", rpe=RACE_RPE, pace=step.target_pace
        )
    by_hill = session.kind is WorkoutKind.HILLS and step.part is StepPart.WORK
    if (
        pace is None
        and not by_hill
        and athlete is not None
        and athlete.paces is not None
        and not any(other.pace is not None for other in session.workout.expanded)
    ):
        pace = guide.pace(athlete.paces)
    heart_rate = None
    if athlete is not None and athlete.max_hr is not None:
        heart_rate = guide.heart_rate(athlete.max_hr, athlete.resting_hr)
    return StepTarget(
        effort=step.effort,
        name=guide.name,
        rpe=guide.rpe,
        pace=None if by_hill else pace,
        heart_rate=heart_rate,
    )


StepsFormat = Literal["text", "md", "html"]
"""``"text"`` for terminals and calendars, ``"md"`` for Markdown, ``"html"`` for web pages."""


def render_steps(
    session: Session,
    *,
    fmt: StepsFormat = "text",
    athlete: Athlete | None = None,
    units: DistanceUnit = "km",
) -> str:
    """Every step of a session in order, each with its length and target.

    A repeat is a ``6 ×`` line with its steps beneath. Each step gives its part (warm-up, run,
    recovery, cool-down), its duration or distance, its effort's name and RPE, and its pace
    range and heart-rate band when known (see `step_target`); a step's note follows. Text
    gives one line per step, Markdown a nested list, HTML a nested ``<ol>``.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> walk_run = bp.Session(date=dt.date(2027, 1, 5), kind="easy", workout=bp.Workout(
        ...     steps=(bp.Repeat(times=5, steps=(
        ...         bp.Step(effort="easy", duration="3m"),
        ...         bp.Step(part="recovery", effort="recovery", duration="2m", note="walk"))),)))
        >>> print(render_steps(walk_run, fmt="md"))
        - 5 ×
          - Run · 3 min · Easy, RPE 2-4
          - Recovery · 2 min · Recovery, RPE 1-2 · walk
    """
    rows: list[_Row] = []
    items = session.workout.steps
    skip = False
    for index, item in enumerate(items):
        if skip:
            skip = False
            continue
        if isinstance(item, Repeat):
            following = items[index + 1] if index + 1 < len(items) else None
            # Reps then one more rep without its recovery read as one group: "4 ×", not "3 ×".
            skip = len(item.steps) > 1 and following == item.steps[0]
            times = item.times + skip
            if times == 1:
                rows += [_Row(0, _step_line(step, session, athlete, units)) for step in item.steps]
                continue
            rows.append(_Row(0, f"{times} ×", group=True))
            rows += [_Row(1, _step_line(step, session, athlete, units)) for step in item.steps]
            if skip:
                rows.append(_Row(1, "(no recovery after the last)"))
        else:
            rows.append(_Row(0, _step_line(item, session, athlete, units)))
    if not rows:
        rest = session.kind is WorkoutKind.REST
        rows.append(_Row(0, "Rest day: nothing to run." if rest else "No running steps."))
    if fmt == "html":
        return _html(rows)
    mark = "- " if fmt == "md" else ""
    return "\n".join(f"{'  ' * row.depth}{mark}{row.text}" for row in rows)


class _Row(NamedTuple):
    depth: int
    text: str
    group: bool = False


def _step_line(step: Step, session: Session, athlete: Athlete | None, units: DistanceUnit) -> str:
    if step.distance is not None:
        length = format_distance(step.distance, units)
    else:
        length = format_minutes(step.time)
    target = step_target(step, session, athlete).format(units)
    line = f"{_PART_LABELS[step.part]} · {length} · {target}"
    return f"{line} · {step.note}" if step.note else line


def _html(rows: list[_Row]) -> str:
    out = ["<ol class='balg-steps'>"]
    open_group = False
    for row in rows:
        if row.depth == 0 and open_group:
            out.append("</ol></li>")
            open_group = False
        if row.group:
            out.append(f"<li>{escape(row.text)}<ol>")
            open_group = True
        else:
            out.append(f"<li>{escape(row.text)}</li>")
    if open_group:
        out.append("</ol></li>")
    out.append("</ol>")
    return "".join(out)
