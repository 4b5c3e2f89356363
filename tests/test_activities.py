"""Reading watch and app files: small real files written with the same libraries."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import gpxpy
import gpxpy.gpx
import pytest
from garmin_fit_sdk import Encoder, Profile

import balg_planner as bp
from balg_planner.activities import TCX_EXAMPLE

START = dt.datetime(2027, 2, 9, 7, 0, tzinfo=dt.UTC)


RUNNER = bp.Athlete(
    level="intermediate", weekly_minutes=200, longest_run_minutes=80,
    availability={"tue": 60, "thu": 60, "sat": 90, "sun": 60}, max_hr=190,
)  # fmt: skip
"""Max 190: easy from 124 bpm, marathon from 152, threshold from 167, interval from 186."""
PACER = RUNNER.model_copy(
    update={"max_hr": None, "recent_race": bp.RaceResult(distance="10k", time="50:00")}
)
"""Paces from a 50:00 10K: easy about 5:52-6:28 per km, threshold about 4:56."""


def _fit(
    path: Path,
    *,
    minutes: float = 45,
    sport: str = "running",
    heart_rates: tuple[tuple[int, int], ...] = (),
) -> Path:
    """A FIT activity; `heart_rates` are (minutes, bpm) blocks of one-second records."""
    encoder = Encoder()
    encoder.write_mesg({
        "mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "activity",
        "manufacturer": "development", "product": 0, "time_created": START, "serial_number": 1,
    })  # fmt: skip
    second = 0
    for block_minutes, bpm in heart_rates:
        for _ in range(block_minutes * 60):
            encoder.write_mesg({
                "mesg_num": Profile["mesg_num"]["RECORD"],
                "timestamp": START + dt.timedelta(seconds=second), "heart_rate": bpm,
            })  # fmt: skip
            second += 1
    encoder.write_mesg({
        "mesg_num": Profile["mesg_num"]["SESSION"], "start_time": START,
        "timestamp": START + dt.timedelta(minutes=minutes + 1),
        "total_timer_time": minutes * 60.0, "total_elapsed_time": (minutes + 1) * 60.0,
        "total_distance": 8000.0, "sport": sport, "avg_heart_rate": 150, "max_heart_rate": 172,
    })  # fmt: skip
    path.write_bytes(encoder.close())
    return path


def _gpx(path: Path, *, speed: float = 3.0, heart_rate: int | None = None) -> Path:
    """30 minutes north at `speed` m/s, a point every 10 s, with heart rate if given."""
    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment()
    for second in range(0, 1801, 10):
        point = gpxpy.gpx.GPXTrackPoint(
            55.0 + second * speed / 111_200, 12.0, time=START + dt.timedelta(seconds=second)
        )
        if heart_rate is not None:
            extension = ET.fromstring(
                '<gpxtpx:TrackPointExtension xmlns:gpxtpx="http://www.garmin.com/xmlschemas/'
                f'TrackPointExtension/v1"><gpxtpx:hr>{heart_rate}</gpxtpx:hr>'
                "</gpxtpx:TrackPointExtension>"
            )
            point.extensions.append(extension)
        segment.points.append(point)
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


def test_heart_rate_samples_give_minutes_at_each_effort(tmp_path: Path) -> None:
    path = _fit(tmp_path / "run.fit", minutes=30, heart_rates=((10, 130), (15, 160), (5, 170)))
    (run,) = bp.read_activities(path, athlete=RUNNER)
    assert run.zones_by == "heart rate"
    assert run.effort_minutes == {
        bp.Effort.EASY: pytest.approx(10, abs=0.1),
        bp.Effort.MARATHON: pytest.approx(15, abs=0.1),
        bp.Effort.THRESHOLD: pytest.approx(5, abs=0.1),
    }


def test_without_the_athlete_no_effort_minutes_are_guessed(tmp_path: Path) -> None:
    (run,) = bp.read_activities(_fit(tmp_path / "run.fit", heart_rates=((5, 130),)))
    assert (run.effort_minutes, run.zones_by) == ({}, None)


def test_gpx_heart_rate_extensions_are_read(tmp_path: Path) -> None:
    (run,) = bp.read_activities(_gpx(tmp_path / "run.gpx", heart_rate=140), athlete=RUNNER)
    assert run.zones_by == "heart rate"
    assert run.effort_minutes == {bp.Effort.EASY: pytest.approx(30, abs=0.2)}


@pytest.mark.parametrize(
    ("speed", "effort"),
    [(2.4, bp.Effort.RECOVERY), (2.8, bp.Effort.EASY), (3.4, bp.Effort.THRESHOLD)],
)
def test_without_heart_rate_pace_gives_the_effort(
    tmp_path: Path, speed: float, effort: bp.Effort
) -> None:
    (run,) = bp.read_activities(_gpx(tmp_path / "run.gpx", speed=speed), athlete=PACER)
    assert run.zones_by == "pace"
    assert max(run.effort_minutes, key=run.effort_minutes.__getitem__) is effort


def test_tcx_track_points_give_effort_minutes_and_pauses_do_not_count(tmp_path: Path) -> None:
    def point(second: int, bpm: int) -> str:
        time = (START + dt.timedelta(seconds=second)).isoformat().replace("+00:00", "Z")
        return (
            f"<Trackpoint><Time>{time}</Time>"
            f"<HeartRateBpm><Value>{bpm}</Value></HeartRateBpm></Trackpoint>"
        )

    # 20 minutes easy, a 10-minute stop at the lights, 5 minutes at threshold
    points = [point(s, 140) for s in range(0, 1201, 5)]
    points += [point(s, 172) for s in range(1800, 2101, 5)]
    tcx = TCX_EXAMPLE.replace("</Lap>", f"<Track>{''.join(points)}</Track></Lap>")
    path = tmp_path / "run.tcx"
    path.write_text(tcx, encoding="utf-8")
    (run,) = bp.read_activities(path, athlete=RUNNER)
    assert run.effort_minutes == {
        bp.Effort.EASY: pytest.approx(20),
        bp.Effort.THRESHOLD: pytest.approx(5),
    }


_BOMB_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        (
            ".gpx",
            '<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&lol2;</name></trk></gpx>',
        ),
        (
            ".tcx",
            "<TrainingCenterDatabase><Activities>&lol2;</Activities></TrainingCenterDatabase>",
        ),
        (".tcx", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    ],
)
def test_activity_xml_with_a_dtd_is_refused_before_parsing(
    tmp_path: Path, suffix: str, body: str
) -> None:
    """Entity bombs and external entities come in through a DTD, which GPX and TCX never need."""
    path = tmp_path / f"bomb{suffix}"
    path.write_text(body if body.startswith("<!DOCTYPE") else _BOMB_DTD + body, encoding="utf-8")
    with pytest.raises(bp.DataError, match="activity XML declares a DTD"):
        bp.read_activities([path])


def test_an_infinite_heart_rate_is_no_heart_rate(tmp_path: Path) -> None:
    """A watch file saying ``inf`` beats per minute is read without it, not an OverflowError."""
    path = tmp_path / "inf.tcx"
    path.write_text(TCX_EXAMPLE.replace("<Value>150</Value>", "<Value>inf</Value>"), "utf-8")
    (done,) = bp.read_activities([path])
    assert done.avg_hr is None
    assert done.max_hr == 172
