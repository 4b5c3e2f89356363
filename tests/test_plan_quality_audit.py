"""The plan-quality audit's metric functions measure what their names say."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import balg_planner as bp


def _load_audit() -> ModuleType:
    path = Path(__file__).parents[1] / "benchmarks" / "plan_quality.py"
    spec = importlib.util.spec_from_file_location("plan_quality", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


audit = _load_audit()


@pytest.fixture(scope="module")
def half_plan() -> bp.Plan:
    runner = bp.Athlete(
        level="intermediate",
        weekly_minutes=200,
        longest_run_minutes=70,
        availability={"tue": 60, "thu": 45, "sat": 75, "wed": 50, "sun": 150},
        long_run_day="sun",
    )
    goal = bp.Goal(distance="half", race_date=dt.date(2027, 3, 28))
    return bp.compose_plan(runner, goal, start=dt.date(2027, 1, 4))


def test_training_minutes_leave_the_race_out(half_plan: bp.Plan) -> None:
    last = half_plan.weeks[-1]
    race = next(s for s in last.sessions if s.kind is bp.WorkoutKind.RACE)
    assert audit.training_minutes(last) == pytest.approx(last.running_minutes - race.minutes)


def test_below_current_compares_the_longest_long_run(half_plan: bp.Plan) -> None:
    longest = audit.longest_long_run(half_plan)
    longs = [s.minutes for s in half_plan.sessions if s.kind is bp.WorkoutKind.LONG]
    assert longest == max(longs)
    above = half_plan.athlete.model_copy(update={"longest_run_minutes": round(longest) + 1})
    at = half_plan.athlete.model_copy(update={"longest_run_minutes": round(longest)})
    assert audit.below_current(half_plan.model_copy(update={"athlete": above}))
    assert not audit.below_current(half_plan.model_copy(update={"athlete": at}))


def test_long_run_verdict_reads_plan_readiness(half_plan: bp.Plan) -> None:
    readiness = bp.Readiness(
        long_run_target=110,
        long_run_peak=90,
        current_long_run=70,
        race_specific_kind=bp.WorkoutKind.THRESHOLD,
        race_specific_target=30,
        race_specific_peak=20,
        current_weekly=200,
        peak_weekly=260,
        limits=(bp.ReadinessLimit.DAY,),
    )
    plan = half_plan.model_copy(update={"readiness": readiness})
    assert audit.long_run_verdict(plan) == (False, ("day",))
    cells = audit.row("half", [audit.Outcome("half", "intermediate", audit.measure(plan))])
    assert cells[3:5] == ["0", "n/a"]  # short of target, and no plan whose day had room


def test_quality_gaps_count_build_and_peak_weeks_without_a_key_run(half_plan: bp.Plan) -> None:
    # Beginner templates have weeks without quality by design; the template's level counts.
    assert audit.quality_gaps(half_plan.model_copy(update={"template": "half-beginner"})) is None
    plain = tuple(
        week.model_copy(
            update={"sessions": tuple(s.model_copy(update={"key": False}) for s in week.sessions)}
        )
        for week in half_plan.weeks
    )
    quality_weeks = [
        week
        for week in half_plan.weeks
        if week.phase in (bp.PhaseName.BUILD, bp.PhaseName.PEAK) and not week.cutback
    ]
    assert quality_weeks
    assert audit.quality_gaps(half_plan.model_copy(update={"weeks": plain})) == len(quality_weeks)


def test_refusal_reasons_group_alike_messages() -> None:
    error = bp.DataError(
        "athlete.availability: a 5K plan (advanced) needs at least 5 days a week with 25 min"
        " or more; you have 3: 3; add a day"
    )
    assert audit.refusal_reason(error) == (
        f"[{error.code}] athlete.availability: a 5K plan (advanced) needs at least N days a"
        " week with N min or more"
    )
