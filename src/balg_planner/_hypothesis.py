"""Register balg_planner's strategies with Hypothesis, so ``st.from_type(bp.Plan)`` works.

Hypothesis calls `_hypothesis_setup_hook` through the ``hypothesis`` entry point when it is
imported; nothing in the library imports this module.
"""

from __future__ import annotations

import importlib
from typing import Any


def _ours(name: str) -> Any:
    """The strategy `name` of `balg_planner.strategies`, built when first drawn from."""
    from hypothesis import strategies as st

    # Deferred: `import balg_planner.strategies` imports Hypothesis, which runs this hook while
    # that module is still half-initialised; its strategies exist by the time one is drawn.
    return st.deferred(lambda: getattr(importlib.import_module("balg_planner.strategies"), name)())


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st  # imported only when Hypothesis asks

    from balg_planner.athlete import Athlete, Availability, Goal, RaceResult
    from balg_planner.events import (
        CheckIn,
        Illness,
        Pain,
        TimeLimit,
    )
    from balg_planner.plan import Adaptation, Plan
    from balg_planner.rulebook.packs import RuleSet
    from balg_planner.rulebook.syntax import Rule
    from balg_planner.science import PaceRange, TrainingPaces
    from balg_planner.workout import Session, Step, Workout

    registrations = {
        Athlete: _ours("athletes"),
        Availability: _ours("availabilities"),
        Goal: _ours("goals"),
        RaceResult: _ours("race_results"),
        Plan: _ours("plans"),
        Session: _ours("sessions"),
        Step: _ours("steps"),
        Workout: _ours("workouts"),
        CheckIn: _ours("check_ins"),
        Illness: _ours("illnesses"),
        Pain: _ours("pains"),
        TimeLimit: _ours("time_limits"),
        PaceRange: _ours("pace_ranges"),
        TrainingPaces: _ours("training_paces"),
        Rule: _ours("rules"),
        RuleSet: _ours("rule_sets"),
        Adaptation: _ours("adaptations"),
    }
    for model, strategy in registrations.items():
        st.register_type_strategy(model, strategy)
