"""Every public model round-trips through JSON, and its JSON Schema accepts every dump."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import balg_planner as bp
from balg_planner import strategies as bst

CASES: list[tuple[type[BaseModel], st.SearchStrategy[Any]]] = [
    (bp.Athlete, bst.athletes()),
    (bp.Goal, bst.goals()),
    (bp.RaceResult, bst.race_results()),
    (bp.Session, bst.sessions()),
    (bp.Workout, bst.workouts()),
    (bp.CheckIn, bst.check_ins()),
    (bp.Illness, bst.illnesses()),
    (bp.Pain, bst.pains()),
    (bp.TimeLimit, bst.time_limits()),
    (bp.TrainingPaces, bst.training_paces()),
    (bp.RuleSet, bst.rule_sets()),
    (bp.Plan, bst.plans()),
    (bp.Adaptation, bst.adaptations()),
]


@functools.cache
def _validator(model: type[BaseModel]) -> jsonschema.protocols.Validator:
    schema = model.model_json_schema(mode="serialization")
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@pytest.mark.parametrize(("model", "strategy"), CASES, ids=[m.__name__ for m, _ in CASES])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_round_trip_and_schema(
    model: type[BaseModel], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """model_validate_json(model_dump_json(x)) == x, and the dump satisfies the JSON Schema."""
    value = data.draw(strategy)
    assert model.model_validate_json(value.model_dump_json()) == value
    _validator(model).validate(value.model_dump(mode="json"))


def test_a_version_1_plan_file_is_still_read() -> None:
    """Version 1 wrote paces as ISO 8601 durations and had no schema_version."""
    import json

    from tests.personas import compose

    plan = compose("advanced-marathon")
    data = json.loads(plan.model_dump_json())
    assert data["schema_version"] == 2

    def to_version_1(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"fast", "slow"}:
                return {end: f"PT{seconds}S" for end, seconds in node.items()}
            return {key: to_version_1(value) for key, value in node.items()}
        if isinstance(node, list):
            return [to_version_1(item) for item in node]
        return node

    old = to_version_1({key: value for key, value in data.items() if key != "schema_version"})
    assert "PT" in json.dumps(old["weeks"][0]["sessions"])
    assert bp.parse_plan(json.dumps(old)) == plan


@given(st.timedeltas(min_value=dt.timedelta(microseconds=1), max_value=dt.timedelta(hours=2)))
def test_a_pace_range_writes_its_ends_as_a_pace_does(pace: dt.timedelta) -> None:
    """`PaceRange` writes paces with pydantic's own seconds (no Python call per pace): the
    same JSON number as `Pace`'s serializer, and it reads back exactly."""
    written = json.loads(bp.PaceRange(fast=pace, slow=pace).model_dump_json())
    assert written == {"fast": pace.total_seconds(), "slow": pace.total_seconds()}
    assert bp.PaceRange.model_validate(written).fast == pace
