from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner import units


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("4:30/km", 270),
        ("4:30.5/km", 270.5),
        (" 4:30 / KM ", 270),
        ("7:15/mi", 435 / 1.609344),
        ("4:30", 270),
        ("PT4M30S", 270),
        ("pt5m52.908816s", 352.908816),
    ],
)
def test_parse_pace(text: str, seconds: float) -> None:
    assert bp.parse_pace(text).total_seconds() == pytest.approx(seconds, abs=1e-6)


def test_format_pace_in_km_and_miles() -> None:
    assert bp.format_pace(timedelta(seconds=270)) == "4:30/km"
    assert bp.format_pace(bp.parse_pace("7:15/mi"), "mi") == "7:15/mi"
    assert bp.format_pace(bp.parse_pace("7:15/mi"), "km") == "4:30/km"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45m", timedelta(minutes=45)),
        ("45min", timedelta(minutes=45)),
        ("90s", timedelta(seconds=90)),
        ("1h", timedelta(hours=1)),
        ("1h05m", timedelta(minutes=65)),
        ("1h05m30s", timedelta(minutes=65, seconds=30)),
        ("45:00", timedelta(minutes=45)),
        ("20:00", timedelta(minutes=20)),
        ("1:05:00", timedelta(minutes=65)),
        ("3:30:00", timedelta(hours=3, minutes=30)),
        ("PT45M", timedelta(minutes=45)),
        ("PT1H5M", timedelta(minutes=65)),
        ("PT5M52.908816S", timedelta(minutes=5, seconds=52.908816)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("P0D", timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert bp.parse_duration(text) == expected


@pytest.mark.parametrize(
    ("seconds", "clock", "text"),
    [(2700, False, "45m"), (90, False, "1:30"), (3900, False, "1:05:00"), (1200, True, "20:00")],
)
def test_format_duration(seconds: int, clock: bool, text: str) -> None:
    assert bp.format_duration(timedelta(seconds=seconds), clock=clock) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(20, "20 s"), (60, "1 min"), (450, "7:30 min"), (2100, "35 min"), (7020, "117 min")],
)
def test_format_minutes(seconds: int, text: str) -> None:
    assert bp.format_minutes(timedelta(seconds=seconds)) == text


def test_format_minutes_rejects_a_negative_length() -> None:
    with pytest.raises(bp.DataError):
        bp.format_minutes(timedelta(seconds=-1))


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("12km", 12000),
        ("12.345km", 12345),
        ("8mi", 8 * 1609.344),
        ("400m", 400),
        ("5k", 5000),
        ("10K", 10000),
        ("15k", 15000),
        ("half", 21097.5),
        ("marathon", 42195),
        ("mile", 1609.344),
        ("1500m", 1500),
        ("3000m", 3000),
    ],
)
def test_parse_distance(text: str, metres: float) -> None:
    assert bp.parse_distance(text) == pytest.approx(metres)


def test_format_distance() -> None:
    assert bp.format_distance(12500) == "12.5km"
    assert bp.format_distance(8 * 1609.344, "mi") == "8mi"


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (bp.parse_pace, "4.30/km"),
        (bp.parse_pace, "4:30/xx"),
        (bp.parse_pace, "PT"),
        (bp.parse_pace, "PT0S"),
        (bp.parse_pace, "4:75/km"),
        (bp.parse_pace, "0:00/km"),
        (bp.parse_duration, "abc"),
        (bp.parse_duration, ""),
        (bp.parse_duration, "1:75:00"),
        (bp.parse_duration, "PT5"),
        (bp.parse_duration, "P"),
        (bp.parse_distance, "12 furlongs"),
        (bp.parse_distance, "0km"),
    ],
)
def test_bad_strings_raise_data_error_naming_the_string(
    parse: Callable[[str], object], text: str
) -> None:
    with pytest.raises(bp.DataError) as info:
        parse(text)
    assert info.value.code == "data"
    assert repr(text) in str(info.value)


def test_bad_string_message_lists_accepted_forms() -> None:
    with pytest.raises(bp.DataError, match="'4:30/km'"):
        bp.parse_pace("fast")


@given(st.integers(min_value=1, max_value=30 * 60))
def test_pace_round_trips_through_text(seconds: int) -> None:
    """parse(format(pace)) == pace for every whole-second pace."""
    pace = timedelta(seconds=seconds)
    assert bp.parse_pace(bp.format_pace(pace)) == pace


@given(st.integers(min_value=0, max_value=48 * 3600), st.booleans())
def test_duration_round_trips_through_text(seconds: int, clock: bool) -> None:
    """parse(format(duration)) == duration for every whole-second duration."""
    duration = timedelta(seconds=seconds)
    assert bp.parse_duration(bp.format_duration(duration, clock=clock)) == duration


@given(st.integers(min_value=1, max_value=500_000))
def test_distance_round_trips_through_km_text(metres: int) -> None:
    """parse(format(metres)) == metres for every whole number of metres."""
    assert bp.parse_distance(bp.format_distance(metres)) == metres


@given(st.integers(min_value=1, max_value=50_000))
def test_distance_round_trips_through_mile_text(hundredths: int) -> None:
    """Distances in hundredths of a mile survive formatting in miles."""
    metres = hundredths / 100 * units.MILE
    assert bp.parse_distance(bp.format_distance(metres, "mi")) == pytest.approx(metres)


@given(st.integers(min_value=60, max_value=20 * 60))
def test_km_mile_conversion_inverts(seconds: int) -> None:
    """per_km(per_mile(pace)) is the pace again."""
    pace = timedelta(seconds=seconds)
    assert units.per_km(units.per_mile(pace)).total_seconds() == pytest.approx(seconds)


def test_annotated_types_accept_text_and_round_trip_json() -> None:
    from pydantic import BaseModel

    class Model(BaseModel):
        pace: bp.Pace
        duration: bp.Duration
        distance: bp.Distance

    model = Model(pace="4:30/km", duration="1:05:00", distance="half")
    assert model.pace == timedelta(seconds=270)
    assert model.distance == 21097.5
    assert Model.model_validate_json(model.model_dump_json()) == model
    assert model.model_dump(mode="json") == {
        "pace": 270.0,
        "duration": "PT1H5M",
        "distance": 21097.5,
    }
    for pace in (270, "PT4M30S", "4:30", "4:30/km"):
        assert Model(pace=pace, duration="PT1H5M", distance=1).pace == model.pace


def test_the_json_schema_documents_paces_as_seconds_per_km() -> None:
    from pydantic import TypeAdapter

    written = TypeAdapter(bp.Pace).json_schema(mode="serialization")
    assert written["type"] == "number"
    assert "Seconds per kilometre" in written["description"]
    read = TypeAdapter(bp.Pace).json_schema(mode="validation")
    assert {"type": "string"} in read["anyOf"]


def test_race_distances_know_their_metres() -> None:
    assert bp.RaceDistance("half").metres == 21097.5
    assert bp.RaceDistance.MARATHON.label == "marathon"
