"""The public test kit: everything it draws is valid and survives JSON."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import balg_planner as bp
from balg_planner import strategies as bst

MODELS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("race_results", bst.race_results()),
    ("availabilities", bst.availabilities()),
    ("athletes", bst.athletes()),
    ("goals", bst.goals()),
    ("steps", bst.steps()),
    ("workouts", bst.workouts()),
    ("sessions", bst.sessions()),
    ("check_ins", bst.check_ins()),
    ("illnesses", bst.illnesses()),
    ("pains", bst.pains()),
    ("time_limits", bst.time_limits()),
    ("pace_ranges", bst.pace_ranges()),
    ("training_paces", bst.training_paces()),
    ("rules", bst.rules()),
    ("rule_sets", bst.rule_sets()),
]


@pytest.mark.parametrize(("name", "strategy"), MODELS, ids=[name for name, _ in MODELS])
@given(data=st.data())
def test_everything_drawn_validates_and_round_trips(
    name: str, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """Every drawn model re-validates from its own dump and from its JSON."""
    value = data.draw(strategy)
    assert isinstance(value, BaseModel)
    kind = type(value)
    assert kind.model_validate(value.model_dump()) == value
    assert kind.model_validate_json(value.model_dump_json()) == value


@settings(max_examples=20)
@given(bst.plans())
def test_plans_are_real_plans(plan: bp.Plan) -> None:
    """Drawn plans come from compose_plan: they end with the race and validate from JSON."""
    assert plan.sessions[-1].kind is bp.WorkoutKind.RACE
    assert bp.Plan.model_validate_json(plan.model_dump_json()) == plan


@given(bst.plans(distance="5k", level="beginner", days_per_week=3))
def test_plan_options_narrow_the_draw(plan: bp.Plan) -> None:
    assert plan.template == "5k-beginner"
    assert len(plan.athlete.availability.days) == 3


@settings(max_examples=20)
@given(st.data())
def test_events_fall_inside_the_plan(data: st.DataObject) -> None:
    plan = data.draw(bst.plans())
    today = plan.start
    drawn = data.draw(bst.events(plan=plan, today=today))
    for event in drawn:
        if isinstance(event, bp.RaceDateChange):
            assert event.new_date >= today  # a race may move later than the plan's end
            continue
        assert plan.start <= event.first_day <= plan.end
    assert bp.parse_events(bp.dump_events(drawn)) == tuple(drawn)


@given(st.from_type(bp.Session), st.from_type(bp.Athlete), st.from_type(bp.RuleSet))
def test_from_type_uses_our_strategies(
    session: bp.Session, athlete: bp.Athlete, rules: bp.RuleSet
) -> None:
    """The entry point registers the strategies, so st.from_type draws valid models."""
    assert isinstance(session, bp.Session)
    assert athlete.availability.days
    assert all(rule.evidence for rule in rules.rules)


def test_options_that_cannot_be_met_say_so() -> None:
    with pytest.raises(ValueError, match="days_per_week"):
        bst.plans(days_per_week=9)
    with pytest.raises(ValueError, match="no packaged template"):
        bst.plans(distance="marathon", days_per_week=3)


def test_without_hypothesis_the_import_says_which_extra() -> None:
    code = "import sys; sys.modules['hypothesis'] = None; import balg_planner.strategies"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0
    assert "pip install 'balg-planner[hypothesis]'" in out.stderr


def test_from_type_draws_plans_in_a_fresh_interpreter() -> None:
    code = (
        "from hypothesis import strategies as st, given, settings\n"
        "import balg_planner as bp\n"
        "@settings(max_examples=3, deadline=None)\n"
        "@given(st.from_type(bp.Plan))\n"
        "def check(plan):\n"
        "    assert plan.sessions[-1].kind.value == 'race'\n"
        "check()\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
