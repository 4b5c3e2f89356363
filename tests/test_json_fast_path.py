"""JSON reads durations, paces and dates natively in the forms the library writes; the value
is the one the Python parser gives, and the errors are still the parser's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

import balg_planner as bp
from balg_planner.units import FIRST_DAY, LAST_DAY, MAX_DURATION, Day, Duration, Pace

DURATION = TypeAdapter(Duration)
PACE = TypeAdapter(Pace)
DAY = TypeAdapter(Day)

lengths = st.timedeltas(min_value=dt.timedelta(0), max_value=MAX_DURATION)


@given(lengths)
def test_a_written_duration_reads_back_as_itself(length: dt.timedelta) -> None:
    written = DURATION.dump_json(length)  # ISO 8601, read by the native path
    assert DURATION.validate_json(written) == length
    assert DURATION.validate_json(written) == bp.parse_duration(json.loads(written))


@given(st.floats(min_value=1e-6, max_value=MAX_DURATION.total_seconds()))
def test_a_number_of_seconds_reads_as_python_reads_it(seconds: float) -> None:
    assert DURATION.validate_json(json.dumps(seconds)) == DURATION.validate_python(seconds)
    assert PACE.validate_json(json.dumps(seconds)) == PACE.validate_python(seconds)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_a_written_day_reads_back(day: dt.date) -> None:
    assert DAY.validate_json(json.dumps(day.isoformat())) == day


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45:00", 45), ("1:05:00", 65), ("45m", 45), ("pt45m", 45), ("PT45M", 45)],
)
def test_text_keeps_the_library_meaning(text: str, minutes: int) -> None:
    # pydantic alone reads "45:00" as 45 hours; the library's parser reads it as 45 minutes.
    assert DURATION.validate_json(json.dumps(text)) == dt.timedelta(minutes=minutes)


def test_pace_text_is_never_read_as_a_pydantic_duration() -> None:
    assert PACE.validate_json('"4:30"') == dt.timedelta(minutes=4, seconds=30)
    with pytest.raises(ValueError, match="cannot read pace"):
        PACE.validate_json('"4:30:00"')  # a clock is no pace, though pydantic would read it


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("duration", "abc", "cannot read duration: 'abc'; use a form like"),
        ("duration", 1e12, "duration too long"),
        ("duration", -5, "greater than or equal to"),
        ("date", "1800-01-01", "date outside 1900-01-01 to 2199-12-31"),
    ],
)
def test_errors_are_the_parsers_own(where: str, value: object, message: str) -> None:
    plan = json.loads(_plan_json())
    session = next(s for s in plan["weeks"][1]["sessions"] if s["workout"]["steps"])
    step = session["workout"]["steps"][0]
    (session if where == "date" else step.get("steps", [step])[0])[where] = value
    with pytest.raises(bp.DataError) as caught:
        bp.parse_plan(json.dumps(plan))
    text = str(caught.value)
    assert message in text
    assert "pattern" not in text  # the fast path stays silent
    assert "valid number" not in text


def _plan_json() -> str:
    athlete = bp.Athlete(
        level="beginner", weekly_minutes=60, longest_run_minutes=25,
        availability={"tue": 40, "thu": 40, "sat": 60},
    )  # fmt: skip
    goal = bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20))
    return bp.compose_plan(athlete, goal, start=dt.date(2027, 1, 4)).model_dump_json()
