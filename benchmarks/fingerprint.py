"""A fingerprint of what the engine outputs, to show an optimisation changed nothing.

Hashes the JSON of: the golden personas' composed plans; every rule case's adaptation; a few
hundred plan/event pairs (and rule sets) drawn from ``balg_planner.strategies`` with a fixed
seed, composed and adapted; and a few large cases (1,000 events, 2,000 rules). Same inputs,
same digest: run it before and after a change and compare.

    python benchmarks/fingerprint.py [--pairs 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tomllib
import warnings
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner.strategies import events, plans, rule_sets

ROOT = Path(__file__).resolve().parent.parent
SEED = 20270104


def _personas() -> dict[str, bp.Plan]:
    sys.path.insert(0, str(ROOT))
    from tests.personas import EXTRA, PERSONAS, compose  # the rule cases' runners

    return {name: compose(name) for name in sorted(PERSONAS | EXTRA)}


def _adapted(
    plan: bp.Plan, events: Sequence[bp.Event], today: dt.date, rules: bp.RuleSet | None = None
) -> str:
    """The JSON of an adaptation, or the error it raised (errors are outputs too)."""
    try:
        return bp.adapt(plan, events, today=today, rules=rules).model_dump_json()
    except bp.BalgError as error:
        return f"{type(error).__name__}:{error.code}:{error}"


def _drawn(count: int) -> list[tuple[bp.Plan, list[bp.Event], dt.date, bp.RuleSet]]:
    drawn: list[tuple[bp.Plan, list[bp.Event], dt.date, bp.RuleSet]] = []

    @st.composite
    def inputs(draw: st.DrawFn) -> tuple[bp.Plan, list[bp.Event], dt.date, bp.RuleSet]:
        plan = draw(plans())
        today = plan.start + dt.timedelta(days=draw(st.integers(0, (plan.end - plan.start).days)))
        return plan, draw(events(plan=plan, today=today, max_size=8)), today, draw(rule_sets())

    @seed(SEED)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs())
    def collect(case: tuple[bp.Plan, list[bp.Event], dt.date, bp.RuleSet]) -> None:
        drawn.append(case)

    collect()
    return drawn


def fingerprint(pairs: int) -> dict[str, str]:
    """Digest per part of the outputs."""
    warnings.simplefilter("ignore")
    # Load every public name first: with a fixed seed, Hypothesis's draws were seen to follow
    # the order modules load in, and the facade loads names on first use.
    for name in bp.__all__:
        getattr(bp, name)
    parts: dict[str, hashlib._Hash] = {}

    def add(part: str, text: str) -> None:
        parts.setdefault(part, hashlib.sha256()).update(text.encode() + b"\0")

    personas = _personas()
    for plan in personas.values():
        add("compose.personas", plan.model_dump_json())
    for path in sorted((ROOT / "tests" / "rule_cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            evs = bp.parse_events(json.dumps(case["events"]))
            today = dt.date.fromisoformat(case["today"])
            add("adapt.rule_cases", _adapted(personas[case["persona"]], evs, today))
    for plan, drawn_events, today, rules in _drawn(pairs):
        add("compose.drawn", plan.model_dump_json())
        add("adapt.drawn", _adapted(plan, drawn_events, today))
        add("adapt.drawn+rules", _adapted(plan, drawn_events, today, rules))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import big_events, big_rules  # the benchmarks' large inputs

    plan = personas["advanced-marathon"]
    for size in (100, 1000):
        many, day = big_events(plan, size)
        add("adapt.big_events", _adapted(plan, many, day))
    week, day = big_events(plan, 7)
    for size in (200, 2000):
        add("adapt.big_rules", _adapted(plan, week, day, big_rules(size)))
    return {part: digest.hexdigest()[:16] for part, digest in sorted(parts.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    args = parser.parse_args(argv)
    digests = fingerprint(args.pairs)
    for part, digest in digests.items():
        print(f"{part:20} {digest}")
    total = hashlib.sha256("".join(digests.values()).encode()).hexdigest()[:16]
    print(f"{'total':20} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
