"""Register balg_planner's strategies with Hypothesis, so ``st.from_type(bp.Plan)`` works.

Hypothesis calls `_hypothesis_setup_hook` through the ``hypothesis`` entry point when it is
imported; nothing in the library imports this module.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st  # imported only when Hypothesis asks

    from balg_planner import strategies as ours
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
        Athlete: ours.athletes(),
        Availability: ours.availabilities(),
        Goal: ours.goals(),
        RaceResult: ours.race_results(),
        Plan: ours.plans(),
        Session: ours.sessions(),
        Step: ours.steps(),
        Workout: ours.workouts(),
        CheckIn: ours.check_ins(),
        Illness: ours.illnesses(),
        Pain: ours.pains(),
        TimeLimit: ours.time_limits(),
        PaceRange: ours.pace_ranges(),
        TrainingPaces: ours.training_paces(),
        Rule: ours.rules(),
        RuleSet: ours.rule_sets(),
        Adaptation: ours.adaptations(),
    }
    for model, strategy in registrations.items():
        st.register_type_strategy(model, strategy)
