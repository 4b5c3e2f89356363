"""Take a session to a watch or treadmill: FIT workouts, intervals.icu text and Zwift files.

Each export writes the session's steps in order, repeats as repeats, with the targets the
step view shows (`balg_planner.targets`): a pace range when one is known, else a heart-rate
band when the runner's maximum is known, else no target (run by feel; the RPE goes with the
step's name or text). A watch beeps whenever the pace leaves its range, so a single planned
pace (threshold, marathon, race pace) is widened by `WATCH_PACE_MARGIN` either side.

* `to_fit_workout`: a FIT workout file for Garmin and other watches, written with Garmin's
  FIT SDK (``garmin-fit-sdk``, the ``fit`` extra).
* `to_intervals_icu`: intervals.icu's plain-text workout (``- 10m 6:06-6:53/km Pace``),
  which intervals.icu sends on to Garmin, Suunto, Coros and Zwift.
* `to_zwo`: a Zwift ``.zwo`` run workout, every step a fraction of the runner's threshold
  pace, for the treadmill.

Only running sessions with steps can be exported; anything else raises a `DataError`.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> runner = bp.Athlete(level="intermediate", weekly_minutes=180, longest_run_minutes=75,
    ...                     availability={"tue": 60, "sun": 90},
    ...                     recent_race=bp.RaceResult(distance="10k", time="50:00"))
    >>> reps = bp.Repeat(times=3, steps=(
    ...     bp.Step(effort="threshold", duration="8m"),
    ...     bp.Step(part="recovery", effort="recovery", duration="2m")))
    >>> session = bp.Session(date=dt.date(2027, 1, 5), kind="threshold", workout=bp.Workout(
    ...     steps=(bp.Step(part="warmup", effort="easy", duration="10m"), reps)))
    >>> print(to_intervals_icu(session, runner))
    - Warmup 10m 5:53-6:38/km Pace
    <BLANKLINE>
    3x
    - Threshold 8m 5:01-5:11/km Pace
    - Recovery 2m 6:38-7:08/km Pace
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from balg_planner.effort import Effort, effort_guide
from balg_planner.errors import DataError, require_extra
from balg_planner.science import HeartRateBand, PaceRange
from balg_planner.targets import StepTarget, step_target
from balg_planner.units import KM, format_distance, format_pace
from balg_planner.workout import Repeat, Session, Step, StepPart, format_title

if TYPE_CHECKING:
    from balg_planner.athlete import Athlete

__all__ = ["WATCH_PACE_MARGIN", "to_fit_workout", "to_intervals_icu", "to_zwo"]

WATCH_PACE_MARGIN: Final = dt.timedelta(seconds=5)
"""How far either side of a single planned pace a watch's range reaches, per kilometre."""

_WALK_FRACTION: Final = 0.45
"""A standing or walking rest on a treadmill, as a fraction of threshold speed (a slow walk)."""

_FIT_INTENSITY: Final = {
    StepPart.WARMUP: "warmup",
    StepPart.WORK: "active",
    StepPart.RECOVERY: "recovery",
    StepPart.COOLDOWN: "cooldown",
    StepPart.EXTRA: "active",  # easy running of its own, not a cool-down
}
_FIT_HR_OFFSET: Final = 100
"""FIT heart-rate targets up to 100 are percent of max; custom beats per minute add 100."""
_FIT_NAME_BYTES: Final = 48
_FIT_TEXT_BYTES: Final = 250
"""A FIT string field holds at most 255 bytes with its terminator."""


class _WatchStep(NamedTuple):
    """One step as a watch file writes it: its length and at most one target."""

    step: Step
    target: StepTarget
    pace: PaceRange | None
    """The pace range the watch holds the runner to (single paces widened)."""
    heart_rate: HeartRateBand | None
    """The heart-rate band, used only when there is no pace."""

    @property
    def cue(self) -> str:
        """A short label: warm-up and cool-down by part, the rest by effort."""
        if self.step.part is StepPart.WARMUP:
            return "Warmup"
        if self.step.part is StepPart.COOLDOWN:
            return "Cooldown"
        return self.step.effort.value.capitalize()

    @property
    def seconds(self) -> int:
        """The step's time, estimated from its pace when it is by distance."""
        return round(self.step.time.total_seconds())


class _Group(NamedTuple):
    """A repeat: its steps, run `times` times."""

    times: int
    steps: tuple[_WatchStep, ...]


def _watch_pace(pace: PaceRange | None) -> PaceRange | None:
    if pace is None or pace.fast != pace.slow:
        return pace
    return PaceRange(fast=pace.fast - WATCH_PACE_MARGIN, slow=pace.slow + WATCH_PACE_MARGIN)


def _blocks(session: Session, athlete: Athlete | None, what: str) -> list[_WatchStep | _Group]:
    """The session's steps with their watch targets; a DataError when it is not a run."""
    if not session.is_running or not session.workout.steps:
        raise DataError(
            f"{what}: only a run with steps can be exported",
            value=f"{session.date.isoformat()} {session.kind.value}",
            hint="choose a running session of the plan",
        )

    def watch(step: Step) -> _WatchStep:
        target = step_target(step, session, athlete)
        pace = _watch_pace(target.pace)
        return _WatchStep(step, target, pace, None if pace is not None else target.heart_rate)

    blocks: list[_WatchStep | _Group] = []
    for item in session.workout.steps:
        if isinstance(item, Repeat) and item.times > 1:
            blocks.append(_Group(item.times, tuple(watch(step) for step in item.steps)))
        elif isinstance(item, Repeat):
            blocks.extend(watch(step) for step in item.steps)
        else:
            blocks.append(watch(item))
    return blocks


def _title(session: Session) -> str:
    return session.title or format_title(session.kind, session.workout)


# --- FIT ----------------------------------------------------------------------------------


def _fit_text(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _speed(pace: dt.timedelta) -> int:
    """A pace per kilometre as FIT's raw speed: millimetres per second (scale 1000)."""
    return round(KM / pace.total_seconds() * 1000)


def _fit_step(index: int, watch: _WatchStep) -> dict[str, Any]:
    step, target = watch.step, watch.target
    message: dict[str, Any] = {
        "message_index": index,
        "wkt_step_name": _fit_text(target.name, _FIT_NAME_BYTES),
        "intensity": "rest" if step.effort is Effort.REST else _FIT_INTENSITY[step.part],
        "notes": _fit_text(
            " · ".join(x for x in (f"RPE {target.rpe[0]:g}-{target.rpe[1]:g}", step.note) if x),
            _FIT_TEXT_BYTES,
        ),
    }
    # The SDK writes main fields raw: time in milliseconds, distance in centimetres.
    if step.distance is not None:
        message |= {"duration_type": "distance", "duration_value": round(step.distance * 100)}
    else:
        message |= {"duration_type": "time", "duration_value": watch.seconds * 1000}
    if watch.pace is not None:
        message |= {  # the slow end of the pace is the low end of the speed
            "target_type": "speed",
            "target_value": 0,
            "custom_target_value_low": _speed(watch.pace.slow),
            "custom_target_value_high": _speed(watch.pace.fast),
        }
    elif watch.heart_rate is not None:
        message |= {
            "target_type": "heart_rate",
            "target_value": 0,
            "custom_target_value_low": watch.heart_rate.low + _FIT_HR_OFFSET,
            "custom_target_value_high": watch.heart_rate.high + _FIT_HR_OFFSET,
        }
    else:
        message["target_type"] = "open"
    return message


def to_fit_workout(session: Session, athlete: Athlete | None = None) -> bytes:
    """A running session as a FIT workout file, for Garmin and other watches (``fit`` extra).

    One ``workout_step`` per step, by time or distance, with a speed range when a pace is
    known, else a heart-rate range in beats per minute when the runner's maximum is, else an
    open target; the step's name is its effort and its notes carry the RPE. A repeat is its
    steps followed by a ``repeat_until_steps_cmplt`` step. The same session gives the same
    bytes: the file's creation time is the session's date.

    Raises:
        DataError: The session is not a run with steps.
        MissingExtraError: garmin-fit-sdk is not installed.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> run = bp.Session(date=dt.date(2027, 1, 5), kind="easy",
        ...                  workout=bp.Workout(steps=(bp.Step(effort="easy", duration="30m"),)))
        >>> to_fit_workout(run)[8:12]
        b'.FIT'
    """
    blocks = _blocks(session, athlete, "FIT workout")
    fit = require_extra("garmin_fit_sdk", "fit")
    steps: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, _Group):
            first = len(steps)
            steps += [_fit_step(len(steps) + i, watch) for i, watch in enumerate(block.steps)]
            steps.append(
                {
                    "message_index": len(steps),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_value": block.times,
                }
            )
        else:
            steps.append(_fit_step(len(steps), block))
    number = fit.Profile["mesg_num"]
    serial = int(hashlib.sha256(session.id.encode()).hexdigest()[:8], 16) or 1
    encoder = fit.Encoder()
    encoder.write_mesg(
        {
            "mesg_num": number["FILE_ID"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": serial,
            "time_created": dt.datetime.combine(session.date, dt.time(), tzinfo=dt.UTC),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": number["WORKOUT"],
            "wkt_name": _fit_text(_title(session), _FIT_NAME_BYTES),
            "sport": "running",
            "num_valid_steps": len(steps),
            "wkt_description": _fit_text(session.purpose, _FIT_TEXT_BYTES),
        }
    )
    for message in steps:
        encoder.write_mesg({"mesg_num": number["WORKOUT_STEP"], **message})
    data: bytes = encoder.close()
    return data


# --- intervals.icu ------------------------------------------------------------------------


def _icu_time(seconds: int) -> str:
    """``"1h5m"``, ``"7m30s"``, ``"20s"``: intervals.icu's durations (``m`` is minutes)."""
    hours, rest = divmod(seconds, 3600)
    mins, secs = divmod(rest, 60)
    text = f"{hours}h" if hours else ""
    text += f"{mins}m" if mins else ""
    text += f"{secs}s" if secs else ""
    return text or "0s"


def _icu_line(watch: _WatchStep, athlete: Athlete | None) -> str:
    step = watch.step
    length = _icu_time(watch.seconds) if step.distance is None else format_distance(step.distance)
    parts = ["-", watch.cue, length]
    if watch.pace is not None:
        fast = format_pace(watch.pace.fast).removesuffix("/km")
        parts.append(f"{fast}-{format_pace(watch.pace.slow)} Pace")
    elif watch.heart_rate is not None and athlete is not None and athlete.max_hr is not None:
        band = (watch.heart_rate.low, watch.heart_rate.high)
        low, high = (round(100 * bpm / athlete.max_hr) for bpm in band)
        parts.append(f"{low}-{high}% HR")
    return " ".join(parts)


def to_intervals_icu(session: Session, athlete: Athlete | None = None) -> str:
    """A running session as intervals.icu workout text, to paste into its workout builder.

    One ``-`` line per step: a short cue (``Warmup``, ``Threshold``, ...), the time (``7m30s``)
    or distance (``0.4km``), and a target: an absolute pace range (``4:56-5:06/km Pace``), else
    a heart-rate range as percent of the runner's maximum (``65-79% HR``), else none. A repeat
    is an ``Nx`` line over its steps, with a blank line either side as intervals.icu asks.

    Raises:
        DataError: The session is not a run with steps.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"sat": 60}, max_hr=190)
        >>> run = bp.Session(date=dt.date(2027, 1, 5), kind="easy",
        ...                  workout=bp.Workout(steps=(bp.Step(effort="easy", duration="35m"),)))
        >>> to_intervals_icu(run, runner)
        '- Easy 35m 65-79% HR'
    """
    lines: list[str] = []
    for block in _blocks(session, athlete, "intervals.icu workout"):
        if isinstance(block, _Group):
            lines += ["", f"{block.times}x", *(_icu_line(w, athlete) for w in block.steps), ""]
        else:
            lines.append(_icu_line(block, athlete))
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


# --- Zwift --------------------------------------------------------------------------------


def _fraction(watch: _WatchStep, athlete: Athlete, threshold: dt.timedelta) -> float:
    """The step's speed as a fraction of threshold speed (threshold pace over step pace)."""
    pace = watch.pace or watch.target.pace
    if pace is None and athlete.paces is not None:
        pace = effort_guide(watch.step.effort).pace(athlete.paces)
    if pace is None:
        return _WALK_FRACTION
    return round(threshold / pace.middle, 3)


def _text_event(element: ET.Element, watch: _WatchStep) -> None:
    message = watch.target.format() + (f" · {watch.step.note}" if watch.step.note else "")
    ET.SubElement(element, "textevent", timeoffset="0", message=message)


def to_zwo(session: Session, athlete: Athlete) -> str:
    """A running session as a Zwift ``.zwo`` run workout, for the treadmill.

    Each step is a ``SteadyState`` whose ``Power`` is its speed as a fraction of the runner's
    threshold speed (1.0 is threshold pace; the description says which pace that is), with
    a text event naming the effort and its RPE. A repeat of two steps is one ``IntervalsT``;
    longer repeats are written out. Steps by distance run for their estimated time.

    Raises:
        DataError: The session is not a run with steps, or the athlete has no training paces
            (no recent race).

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"sat": 60},
        ...                     recent_race=bp.RaceResult(distance="5k", time="25:00"))
        >>> steps = (bp.Step(effort="threshold", duration="20m"),)
        >>> tempo = bp.Session(date=dt.date(2027, 1, 5), kind="threshold",
        ...                    workout=bp.Workout(steps=steps))
        >>> print(to_zwo(tempo, runner).splitlines()[8])
            <SteadyState Duration="1200" Power="1">
    """
    blocks = _blocks(session, athlete, "Zwift workout")
    if athlete.paces is None:
        raise DataError(
            "Zwift workout: paces are fractions of threshold pace, and the runner has none",
            hint="give the athlete a recent race (recent_race=...) to set training paces",
        )
    threshold = athlete.paces.threshold
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = "balg_planner"
    ET.SubElement(root, "name").text = _title(session)
    ET.SubElement(root, "description").text = " ".join(
        x
        for x in (
            session.purpose,
            f"1.0 is your threshold pace, {format_pace(threshold)}.",
        )
        if x
    )
    ET.SubElement(root, "sportType").text = "run"
    ET.SubElement(root, "tags")
    workout = ET.SubElement(root, "workout")

    def steady(watch: _WatchStep) -> None:
        element = ET.SubElement(
            workout,
            "SteadyState",
            Duration=str(watch.seconds),
            Power=f"{_fraction(watch, athlete, threshold):g}",
        )
        _text_event(element, watch)

    for block in blocks:
        if isinstance(block, _Group) and len(block.steps) == 2:
            on, off = block.steps
            element = ET.SubElement(
                workout,
                "IntervalsT",
                Repeat=str(block.times),
                OnDuration=str(on.seconds),
                OffDuration=str(off.seconds),
                OnPower=f"{_fraction(on, athlete, threshold):g}",
                OffPower=f"{_fraction(off, athlete, threshold):g}",
            )
            _text_event(element, on)
        elif isinstance(block, _Group):
            for _ in range(block.times):
                for watch in block.steps:
                    steady(watch)
        else:
            steady(block)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
