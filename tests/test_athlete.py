from datetime import date

import pytest
from pydantic import ValidationError

import balg_planner as bp
from tests.personas import runner


def athlete(**overrides: object) -> bp.Athlete:
    """The README's runner with their 10K race."""
    return runner(**{"recent_race": bp.RaceResult(distance="10k", time="50:00"), **overrides})


def test_contract_example_builds_and_knows_its_paces() -> None:
    runner = athlete()
    assert runner.vdot == pytest.approx(40.01, abs=0.01)
    assert runner.paces is not None
    assert bp.format_pace(runner.paces.threshold) == "5:06/km"
    assert runner.availability.days == (
        bp.Weekday.MON, bp.Weekday.WED, bp.Weekday.FRI, bp.Weekday.SUN
    )  # fmt: skip
    assert runner.availability.total_minutes == 270


def test_without_a_race_the_plan_goes_by_effort() -> None:
    runner = athlete(recent_race=None)
    assert runner.vdot is None
    assert runner.paces is None


def test_full_day_names_are_accepted() -> None:
    runner = athlete(availability={"Monday": 30, "sunday": 90}, long_run_day=None)
    assert runner.availability.as_dict() == {bp.Weekday.MON: 30, bp.Weekday.SUN: 90}


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"longest_run_minutes": 200}, "longest_run_minutes (200) is more than weekly_minutes"),
        ({"availability": {"mnday": 30, "sun": 90}}, "did you mean 'mon'"),
        ({"availability": {}}, "no day with minutes"),
        ({"long_run_day": "sat"}, "long_run_day 'sat' has no available minutes"),
        ({"max_hr": 110, "resting_hr": 115}, "must be below max_hr"),
        ({"resting_hr": 50}, "needs max_hr"),
        ({"level": "elite"}, "beginner"),
        ({"weekly_minutes": -5}, "greater than or equal to 0"),
    ],
)
def test_inconsistent_athletes_are_rejected_with_a_reason(
    overrides: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        athlete(**overrides)
    assert fragment in str(info.value)


def test_impossible_race_result_is_rejected() -> None:
    with pytest.raises(ValidationError, match="VDOT 20-90"):
        bp.RaceResult(distance="5k", time="8:00")


def test_goal_with_target_time() -> None:
    goal = bp.Goal(distance="half", race_date=date(2027, 4, 18), target_time="1:45:00")
    assert goal.target_vdot == pytest.approx(42.64, abs=0.01)
    assert bp.Goal.model_validate_json(goal.model_dump_json()) == goal


def test_athlete_round_trips_through_json() -> None:
    runner = athlete(max_hr=190, resting_hr=50)
    assert bp.Athlete.model_validate_json(runner.model_dump_json()) == runner


def test_weekday_of_a_date() -> None:
    assert bp.Weekday.of(date(2027, 1, 4)) is bp.Weekday.MON
    assert bp.Weekday.SUN.number == 6
