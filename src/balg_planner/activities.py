"""Read what the runner did from watch and app files: FIT, GPX and TCX → `CompletedSession`.

Each file becomes one completed session: its date, moving time, distance, and average and
highest heart rate where the file has them. FIT files are read with Garmin's FIT SDK
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
import importlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from balg_planner.errors import DataError, MissingExtraError
from balg_planner.events import CompletedSession
from balg_planner.workout import WorkoutKind

__all__ = ["MAX_ACTIVITY_BYTES", "TCX_EXAMPLE", "read_activities"]

MAX_ACTIVITY_BYTES: Final = 50 * 1024 * 1024
"""Activity files larger than this are refused before reading."""

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


def read_activities(paths: str | Path | Iterable[str | Path]) -> list[CompletedSession]:
    """Completed sessions from activity files (``.fit``, ``.gpx``, ``.tcx``), in date order.

    Args:
        paths: A file, a folder (every activity file in it), or several of either.

    Raises:
        DataError: A file that cannot be read (too large, malformed, no activity in it, an
            unknown kind of file); the message names the file and what is wrong.
        NotFoundError: A path that does not exist.
        MissingExtraError: FIT or GPX files without the ``activities`` extra.
    """
    files = _files(paths)
    done = [_read(path) for path in files]
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


def _read(path: Path) -> CompletedSession:
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


def _session(
    path: Path,
    start: dt.datetime | None,
    seconds: float | None,
    metres: float | None = None,
    avg_hr: Any = None,
    max_hr: Any = None,
    sport: str | None = None,
) -> CompletedSession:
    if start is None or not seconds or seconds <= 0:
        raise DataError("no activity in the file", source=str(path))
    kind = WorkoutKind.CROSS_TRAINING if sport and "run" not in sport.lower() else None
    return CompletedSession(
        date=start.date(),
        minutes=round(min(seconds / 60, 600.0), 1),
        distance=metres if metres and metres > 0 else None,
        avg_hr=_heart_rate(avg_hr),
        max_hr=_heart_rate(max_hr),
        kind=kind,
        source=path.name,
    )


def _heart_rate(value: Any) -> int | None:
    try:
        beats = round(float(value))
    except (TypeError, ValueError):
        return None
    return beats if 30 <= beats <= 250 else None


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"reading this file needs {module}",
            hint="pip install 'balg-planner[activities]'",
        ) from None


def _read_fit(path: Path) -> CompletedSession:
    fit = _need("garmin_fit_sdk")
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
    return _session(
        path,
        first.get("start_time"),
        seconds,
        metres,
        first.get("avg_heart_rate"),
        max((s.get("max_heart_rate") or 0 for s in sessions), default=None),
        str(first.get("sport") or "running"),
    )


def _read_gpx(path: Path) -> CompletedSession:
    gpxpy = _need("gpxpy")
    gpx = gpxpy.parse(path.read_text(encoding="utf-8"))
    start, _ = gpx.get_time_bounds()
    moving = gpx.get_moving_data()
    seconds = moving.moving_time if moving else None
    metres = moving.moving_distance if moving else None
    return _session(path, start, seconds, metres)


def _read_tcx(path: Path) -> CompletedSession:
    root = ET.fromstring(path.read_bytes())
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
    start = dt.datetime.fromisoformat(start_text.replace("Z", "+00:00")) if start_text else None
    return _session(
        path,
        start,
        seconds,
        metres,
        avg,
        max((float(h) for h in highest if h), default=None),
        activity.get("Sport"),
    )


_READERS: Final = {".fit": _read_fit, ".gpx": _read_gpx, ".tcx": _read_tcx}
