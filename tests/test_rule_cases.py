"""Data-driven cases for every shipped rule: each has one that fires and one that must not."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest

import balg_planner as bp
from tests.personas import compose

CASES_DIR = Path(__file__).parent / "rule_cases"


def _load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            cases.append({**case, "file": path.name})
    return cases


CASES = _load_cases()


@functools.cache
def _plan(persona: str) -> bp.Plan:
    return compose(persona)


def _run(case: dict[str, Any]) -> bp.Adaptation:
    events = bp.parse_events(__import__("json").dumps(case["events"]))
    return bp.adapt(_plan(case["persona"]), events, today=dt.date.fromisoformat(case["today"]))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['rule']}: {c['name']}")
def test_rule_case(case: dict[str, Any]) -> None:
    result = _run(case)
    day = dt.date.fromisoformat(case["date"])
    if case.get("advice"):
        fired = any(a.rule_id == case["rule"] and a.date == day for a in result.advice)
    else:
        touching = [a for a in result.adjustments if a.date == day]
        fired = any(case["rule"] in a.matched for a in touching)
        if fired and "change" in case:
            decided = [a for a in touching if a.rule_id == case["rule"]]
            assert decided, f"{case['rule']} matched but another rule decided"
            assert decided[0].change == case["change"]
    assert fired is case["fires"]


def test_every_shipped_rule_has_a_firing_and_a_quiet_case() -> None:
    fires = {c["rule"] for c in CASES if c["fires"]}
    quiet = {c["rule"] for c in CASES if not c["fires"]}
    ids = set(bp.default_rules().ids)
    assert ids - fires == set(), "rules without a firing case"
    assert ids - quiet == set(), "rules without a case that must not fire"
    assert {c["rule"] for c in CASES} <= ids
