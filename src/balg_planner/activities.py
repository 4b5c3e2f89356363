"""Read what the runner did from watch and app files: FIT, GPX and TCX → `CompletedSession`.

Each file becomes one completed session: its date, moving time, distance, and average and
highest heart rate where the file has them. Given the athlete, the file's samples also say how
many minutes were spent at each effort level (`CompletedSession.effort_minutes`): by heart
rate when the file has it and the athlete's maximum is known, else by pace when the athlete
has a recent race to give training paces. FIT files are read with Garmin's FIT SDK
(``garmin-fit-sdk``), GPX with ``gpxpy`` (the ``activities`` extra); TCX is XML and needs
nothing extra. Nothing in a file is executed.

Reading is all or nothing: a file that cannot be read raises a `DataError` naming it, and no
partial list is returned.

Example:
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "run.tcx").write_text(TCX_EXAMPLE, encoding="utf-8")
    >>> (run,) = read_activities(folder / "run.tcx")
    >>> run.date.isoformat(), run.minutes, run.distance, run.avg_hr
    ('2027-02-09', 45.0, 8000.0, 150)
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from pydantic import ValidationError

from balg_planner._resources import data_error_from
from balg_planner.effort import Effort, effort_guides
from balg_planner.errors import DataError, MissingExtraError, require_extra
from balg_planner.events import CompletedSession, ZonesBy
from balg_planner.workout import WorkoutKind

if TYPE_CHECKING:
    from balg_planner.athlete import Athlete

__all__ = ["MAX_ACTIVITY_BYTES", "PAUSE_SECONDS", "TCX_EXAMPLE", "effort_floors", "read_activities"]

MAX_ACTIVITY_BYTES: Final = 50 * 1024 * 1024
"""Activity files larger than this are refused before reading."""
PAUSE_SECONDS: Final = 60.0
"""A gap between two samples longer than this is a pause: its time counts at no effort."""
_Floors = tuple[ZonesBy, list[tuple[float, Effort]]]
_STOPPED: Final = 0.5
"""Below this speed (m/s) a pace sample is standing still and counts at no effort."""

_TCX: Final = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"

TCX_EXAMPLE: Final = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="Running">
      <Id>2027-02-09T07:00:00Z</Id>
      <Lap StartTime="2027-02-09T07:00:00Z">
        <TotalTimeSeconds>2700</TotalTimeSeconds>
        <DistanceMeters>8000</DistanceMeters>
        <AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>172</Value></MaximumHeartRateBpm>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""
"""A small, valid TCX file of one 45-minute run, for examples and tests."""


class _Point(NamedTuple):
    """One recorded moment of an activity."""

    time: dt.datetime
    heart_rate: float | None = None
    speed: float | None = None
    """Metres per second, when the file records it."""
    distance: float | None = None
    """Metres from the start, when the file records it (speed is worked out from it)."""


class _Activity(NamedTuple):
    """What a file says about one activity, before it becomes a `CompletedSession`."""

    start: dt.datetime | None
    seconds: float | None
    metres: float | None = None
    avg_hr: Any = None
    max_hr: Any = None
    sport: str | None = None
    points: tuple[_Point, ...] = ()


def read_activities(
    paths: str | Path | Iterable[str | Path], *, athlete: Athlete | None = None
) -> list[CompletedSession]:
    """Completed sessions from activity files (``.fit``, ``.gpx``, ``.tcx``), in date order.

    Args:
        paths: A file, a folder (every activity file in it), or several of either.
        athlete: The runner, to count the minutes at each effort level (`effort_floors`);
            without it, `effort_minutes` stays empty.

    Raises:
        DataError: A file that cannot be read (too large, malformed, no activity in it, an
            unknown kind of file); the message names the file and what is wrong.
        NotFoundError: A path that does not exist.
        MissingExtraError: FIT or GPX files without the ``activities`` extra.
    """
    files = _files(paths)
    floors = None if athlete is None else effort_floors(athlete)
    done = [_session(path, _read(path), floors) for path in files]
    return sorted(done, key=lambda session: (session.date, session.source))


def _files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    from balg_planner.errors import NotFoundError

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in _READERS
            )
        elif path.is_file():
            files.append(path)
        else:
            raise NotFoundError("no such activity file or folder", value=str(item))
    return files


def effort_floors(athlete: Athlete) -> _Floors | None:
    """Where each effort level begins for `athlete`: by heart rate, else by pace; or None.

    By heart rate (needs `max_hr`; uses the reserve with `resting_hr`): each level begins at
    the low end of its band, and a sample belongs to the highest level it has reached.
    By pace (needs a recent race): recovery is slower than easy pace; each faster level
    begins halfway between its pace and the one below it. Values are beats per minute or
    metres per second, rising.

    Example:
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"tue": 40, "thu": 40, "sat": 60}, max_hr=190)
        >>> by, floors = effort_floors(runner)
        >>> first_three = floors[:3]
        >>> by, [(round(value), effort.value) for value, effort in first_three]
        ('heart rate', [(114, 'recovery'), (124, 'easy'), (152, 'marathon')])
    """
    if athlete.max_hr is not None:
        floors = []
        for guide in effort_guides():
            band = guide.heart_rate(athlete.max_hr, athlete.resting_hr)
            if band is not None:
                floors.append((float(band.low), guide.level))
        return "heart rate", sorted(floors)
    paces = athlete.paces
    if paces is None:
        return None
    speeds = [
        _speed(paces.easy.fast),
        _speed(paces.marathon),
        _speed(paces.threshold),
        _speed(paces.interval),
        _speed(paces.repetition),
    ]
    harder = [Effort.MARATHON, Effort.THRESHOLD, Effort.INTERVAL, Effort.REPETITION]
    return "pace", [
        (_STOPPED, Effort.RECOVERY),
        (_speed(paces.easy.slow), Effort.EASY),
        *(
            (max((low + high) / 2, low), effort)
            for (low, high), effort in zip(itertools.pairwise(speeds), harder, strict=True)
        ),
    ]


def _speed(pace_per_km: dt.timedelta) -> float:
    return 1000 / pace_per_km.total_seconds()


def _effort_minutes(
    points: tuple[_Point, ...], floors: _Floors | None
) -> tuple[dict[Effort, float], ZonesBy | None]:
    if floors is None or len(points) < 2:
        return {}, None
    by, levels = floors
    seconds: dict[Effort, float] = {}
    for before, point in itertools.pairwise(points):
        span = (point.time - before.time).total_seconds()
        if not 0 < span <= PAUSE_SECONDS:
            continue
        if by == "heart rate":
            value = point.heart_rate
        elif point.speed is not None:
            value = point.speed
        elif point.distance is not None and before.distance is not None:
            value = (point.distance - before.distance) / span
        else:
            value = None
        if value is None or (by == "pace" and value < _STOPPED):
            continue
        effort = levels[0][1]
        for floor, level in levels:
            if value >= floor:
                effort = level
        seconds[effort] = seconds.get(effort, 0.0) + span
    if not seconds:
        return {}, None
    return {effort: round(seconds[effort] / 60, 1) for effort in Effort if effort in seconds}, by


def _read(path: Path) -> _Activity:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError(
            "not an activity file",
            source=str(path),
            available=sorted(_READERS),
            hint="use FIT, GPX or TCX files",
        )
    if path.stat().st_size > MAX_ACTIVITY_BYTES:
        raise DataError("activity file too large", source=str(path), hint="at most 50 MiB")
    try:
        return reader(path)
    except (DataError, MissingExtraError):
        raise
    except Exception as exc:  # a malformed file, whatever the library raised for it
        raise DataError(
            "cannot read the activity", source=str(path), value=type(exc).__name__
        ) from None


def _session(path: Path, activity: _Activity, floors: _Floors | None) -> CompletedSession:
    start, seconds, metres, sport = (
        activity.start,
        activity.seconds,
        activity.metres,
        activity.sport,
    )
    if start is None or not seconds or seconds <= 0:
        raise DataError("no activity in the file", source=str(path))
    kind = WorkoutKind.CROSS_TRAINING if sport and "run" not in sport.lower() else None
    minutes, zones_by = _effort_minutes(activity.points, floors)
    try:
        return CompletedSession(
            date=start.date(),
            minutes=round(min(seconds / 60, 600.0), 1),
            distance=metres if metres and metres > 0 else None,
            avg_hr=_heart_rate(activity.avg_hr),
            max_hr=_heart_rate(activity.max_hr),
            kind=kind,
            source=path.name,
            effort_minutes={effort: min(value, 600.0) for effort, value in minutes.items()},
            zones_by=zones_by,
        )
    except ValidationError as exc:
        # A watch's clock can say anything: a date outside the supported window, say.
        raise data_error_from(exc, source=str(path)) from None


def _heart_rate(value: Any) -> int | None:
    try:
        beats = round(float(value))
    except (TypeError, ValueError, OverflowError):  # not a number, or infinite
        return None
    return beats if 30 <= beats <= 250 else None


def _read_fit(path: Path) -> _Activity:
    fit = require_extra("garmin_fit_sdk", "activities")
    data = bytearray(path.read_bytes())
    decoder = fit.Decoder(fit.Stream.from_byte_array(data))
    if not decoder.is_fit() or not decoder.check_integrity():
        raise DataError("not a valid FIT file (header or checksum)", source=str(path))
    decoder = fit.Decoder(fit.Stream.from_byte_array(data))
    messages, errors = decoder.read()
    if errors:
        raise DataError("cannot decode the FIT file", source=str(path), value=str(errors[0]))
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise DataError("no session in the FIT file", source=str(path))
    first = sessions[0]
    seconds = sum(float(s.get("total_timer_time") or 0) for s in sessions)
    metres = sum(float(s.get("total_distance") or 0) for s in sessions)
    points = tuple(
        _Point(
            record["timestamp"],
            record.get("heart_rate"),
            record.get("enhanced_speed", record.get("speed")),
            record.get("distance"),
        )
        for record in messages.get("record_mesgs", [])
        if isinstance(record.get("timestamp"), dt.datetime)
    )
    return _Activity(
        first.get("start_time"),
        seconds,
        metres,
        first.get("avg_heart_rate"),
        max((s.get("max_heart_rate") or 0 for s in sessions), default=None),
        str(first.get("sport") or "running"),
        points,
    )


_DTD: Final = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _xml(path: Path) -> bytes:
    """An activity file's XML, refused if it declares a DTD.

    GPX and TCX never need one, and a DTD is how entity-expansion bombs ("billion laughs") and
    external entities get in: the file is refused before any parser sees it.
    """
    data = path.read_bytes()
    if _DTD.search(data):
        raise DataError(
            "activity XML declares a DTD",
            source=str(path),
            hint="GPX and TCX files need no <!DOCTYPE> or <!ENTITY>; export the file again",
        )
    return data


def _read_gpx(path: Path) -> _Activity:
    gpxpy = require_extra("gpxpy", "activities")
    gpx = gpxpy.parse(_xml(path).decode("utf-8"))
    start, _ = gpx.get_time_bounds()
    moving = gpx.get_moving_data()
    seconds = moving.moving_time if moving else None
    metres = moving.moving_distance if moving else None
    points: list[_Point] = []
    for track in gpx.tracks:
        for segment in track.segments:
            covered, before = 0.0, None
            for point in segment.points:
                if point.time is None:
                    continue
                if before is not None:
                    covered += point.distance_2d(before) or 0.0
                before = point
                points.append(_Point(point.time, _gpx_heart_rate(point), None, covered))
    return _Activity(start, seconds, metres, points=tuple(points))


def _gpx_heart_rate(point: Any) -> float | None:
    """The heart rate in a track point's extensions (Garmin's TrackPointExtension ``hr``)."""
    for extension in point.extensions:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1] == "hr" and element.text:
                return float(element.text)
    return None


def _read_tcx(path: Path) -> _Activity:
    root = ET.fromstring(_xml(path))
    activity = root.find(f"{_TCX}Activities/{_TCX}Activity")
    if activity is None:
        raise DataError("no activity in the TCX file", source=str(path))
    laps = activity.findall(f"{_TCX}Lap")
    if not laps:
        raise DataError("no lap in the TCX file", source=str(path))

    def number(lap: ET.Element, tag: str) -> float:
        found = lap.findtext(tag)
        return float(found) if found else 0.0

    seconds = sum(number(lap, f"{_TCX}TotalTimeSeconds") for lap in laps)
    metres = sum(number(lap, f"{_TCX}DistanceMeters") for lap in laps)
    avg = laps[0].findtext(f"{_TCX}AverageHeartRateBpm/{_TCX}Value")
    highest = [lap.findtext(f"{_TCX}MaximumHeartRateBpm/{_TCX}Value") for lap in laps]
    start_text = laps[0].get("StartTime") or activity.findtext(f"{_TCX}Id") or ""
    start = _when(start_text) if start_text else None
    points: list[_Point] = []
    for track_point in activity.iter(f"{_TCX}Trackpoint"):
        time = track_point.findtext(f"{_TCX}Time")
        if not time:
            continue
        beats = track_point.findtext(f"{_TCX}HeartRateBpm/{_TCX}Value")
        covered = track_point.findtext(f"{_TCX}DistanceMeters")
        points.append(
            _Point(
                _when(time),
                float(beats) if beats else None,
                None,
                float(covered) if covered else None,
            )
        )
    return _Activity(
        start,
        seconds,
        metres,
        avg,
        max((float(h) for h in highest if h), default=None),
        activity.get("Sport"),
        tuple(points),
    )


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


_READERS: Final = {".fit": _read_fit, ".gpx": _read_gpx, ".tcx": _read_tcx}
