"""Reading watch and app files: small real files written with the same libraries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import gpxpy
import gpxpy.gpx
import pytest
from garmin_fit_sdk import Encoder, Profile

import balg_planner as bp
from balg_planner.activities import TCX_EXAMPLE

START = dt.datetime(2027, 2, 9, 7, 0, tzinfo=dt.UTC)


def _fit(path: Path, *, minutes: float = 45, sport: str = "running") -> Path:
    encoder = Encoder()
    encoder.write_mesg({
        "mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "activity",
        "manufacturer": "development", "product": 0, "time_created": START, "serial_number": 1,
    })  # fmt: skip
    encoder.write_mesg({
        "mesg_num": Profile["mesg_num"]["SESSION"], "start_time": START,
        "timestamp": START + dt.timedelta(minutes=minutes + 1),
        "total_timer_time": minutes * 60.0, "total_elapsed_time": (minutes + 1) * 60.0,
        "total_distance": 8000.0, "sport": sport, "avg_heart_rate": 150, "max_heart_rate": 172,
    })  # fmt: skip
    path.write_bytes(encoder.close())
    return path


def _gpx(path: Path) -> Path:
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment()
    for second in range(0, 1801, 10):  # 30 minutes north at about 3 m/s
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(
                55.0 + second * 3 / 111_000, 12.0, time=START + dt.timedelta(seconds=second)
            )
        )
    track.segments.append(segment)
    gpx.tracks.append(track)
    path.write_text(gpx.to_xml(), encoding="utf-8")
    return path


def test_a_fit_file_becomes_a_completed_session(tmp_path: Path) -> None:
    (run,) = bp.read_activities(_fit(tmp_path / "run.fit"))
    assert (run.date, run.minutes, run.distance) == (START.date(), 45.0, 8000.0)
    assert (run.avg_hr, run.max_hr, run.kind, run.rpe) == (150, 172, None, None)
    assert run.source == "run.fit"


def test_a_ride_is_cross_training(tmp_path: Path) -> None:
    (ride,) = bp.read_activities(_fit(tmp_path / "ride.fit", sport="cycling"))
    assert ride.kind is bp.WorkoutKind.CROSS_TRAINING


def test_a_gpx_track_gives_moving_time_and_distance(tmp_path: Path) -> None:
    (run,) = bp.read_activities(_gpx(tmp_path / "run.gpx"))
    assert run.date == START.date()
    assert run.minutes == pytest.approx(30, abs=0.5)
    assert run.distance == pytest.approx(5400, rel=0.02)


def test_a_folder_is_read_in_date_order(tmp_path: Path) -> None:
    _fit(tmp_path / "a.fit")
    _gpx(tmp_path / "b.gpx")
    (tmp_path / "c.tcx").write_text(TCX_EXAMPLE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not an activity", encoding="utf-8")
    runs = bp.read_activities(tmp_path)
    assert [r.source for r in runs] == ["a.fit", "b.gpx", "c.tcx"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.fit", b"not a fit file at all"),
        ("broken.gpx", b"<gpx><trk>"),
        ("broken.tcx", b"<TrainingCenterDatabase"),
        ("empty.tcx", TCX_EXAMPLE.replace("<Lap", "<Nope").replace("</Lap>", "</Nope>").encode()),
        ("run.csv", b"date,minutes"),
    ],
)
def test_a_bad_file_is_a_clear_error_and_nothing_is_returned(
    tmp_path: Path, name: str, content: bytes
) -> None:
    good = _fit(tmp_path / "good.fit")
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(bp.DataError) as info:
        bp.read_activities([good, bad])
    assert info.value.source == str(bad)


def test_a_missing_path_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(bp.NotFoundError):
        bp.read_activities(tmp_path / "nope.fit")


def test_activities_feed_adaptation(tmp_path: Path) -> None:
    """A watch file on a planned day marks that session done."""
    from tests.personas import compose

    plan = compose("advanced-marathon")
    (run,) = bp.read_activities(_fit(tmp_path / "run.fit"))
    result = bp.adapt(plan, [run], today=START.date() + dt.timedelta(days=1))
    done = result.plan.session_on(START.date())
    assert done is not None
    assert done.status == "done"
