"""balg_planner: running plans that explain themselves.

Model workouts, effort levels and an athlete's context; compute VDOT, race equivalents and
training paces; compose plans from templates; and adapt them to real life with readable rules,
each change with its why. Everything public is importable from here::

    import balg_planner as bp

    vdot = bp.vdot_from_race("5k", "20:00")          # 49.81
    paces = bp.training_paces(vdot)                   # easy, marathon, threshold, interval, rep
    bp.effort_guide(bp.Effort.THRESHOLD).feels_like   # "Comfortably hard, not hanging on. ..."

Names are loaded on first use (PEP 562), so ``import balg_planner`` stays cheap and a command
that needs only paces does not load the planner and the engine.
"""

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from balg_planner.activities import read_activities
    from balg_planner.adapt import adapt
    from balg_planner.athlete import Athlete, Availability, Goal, Level, RaceResult, Weekday
    from balg_planner.catalog import load_template, template_ids, templates
    from balg_planner.charts import plot_effort_time, plot_load, plot_weekly_minutes
    from balg_planner.compliance import DayLoad, WeekCompliance, WeekLoad
    from balg_planner.compose import compose_plan
    from balg_planner.effort import (
        Effort,
        EffortGuide,
        effort_guide,
        effort_guides,
        heart_rate_zones,
    )
    from balg_planner.errors import (
        AdaptationError,
        BalgError,
        BalgWarning,
        DataError,
        MissingExtraError,
        NotFoundError,
        QuestionableInputWarning,
        ReadinessWarning,
        SchedulingError,
    )
    from balg_planner.events import (
        Break,
        CheckIn,
        CompletedSession,
        Event,
        Illness,
        MissedSession,
        Pain,
        RaceDateChange,
        Resume,
        Symptom,
        TimeLimit,
        TimeTrial,
        dump_events,
        parse_events,
    )
    from balg_planner.export import (
        load_dataframe,
        load_records,
        plan_records,
        step_records,
        to_dataframe,
        to_ics,
    )
    from balg_planner.plan import (
        Adaptation,
        Adjustment,
        Advice,
        Phase,
        PhaseName,
        Plan,
        Readiness,
        ReadinessLimit,
        Week,
        parse_plan,
    )
    from balg_planner.render import (
        render_adaptation,
        render_compliance,
        render_plan,
        render_session,
        render_week,
    )
    from balg_planner.rulebook.conditions import describe_rule
    from balg_planner.rulebook.packs import RuleSet, default_rules, load_rules, parse_rules
    from balg_planner.schema import TemplateFile
    from balg_planner.science import (
        HeartRateBand,
        PaceRange,
        TrainingPaces,
        equivalent_time,
        fitness_after_break,
        heart_rate_band,
        training_paces,
        vdot_from_race,
    )
    from balg_planner.targets import render_steps
    from balg_planner.triage import Triage, triage
    from balg_planner.units import (
        Distance,
        Duration,
        Pace,
        RaceDistance,
        format_distance,
        format_duration,
        format_minutes,
        format_pace,
        parse_distance,
        parse_duration,
        parse_pace,
    )
    from balg_planner.workout import (
        Repeat,
        Session,
        Step,
        StepPart,
        Workout,
        WorkoutGuide,
        WorkoutKind,
        format_title,
        workout_guide,
        workout_guides,
    )
    from balg_planner.workout_files import to_fit_workout, to_intervals_icu, to_zwo

_SOURCES: dict[str, str] = {
    "Adaptation": "balg_planner.plan",
    "AdaptationError": "balg_planner.errors",
    "Adjustment": "balg_planner.plan",
    "Advice": "balg_planner.plan",
    "Athlete": "balg_planner.athlete",
    "Availability": "balg_planner.athlete",
    "BalgError": "balg_planner.errors",
    "BalgWarning": "balg_planner.errors",
    "Break": "balg_planner.events",
    "CheckIn": "balg_planner.events",
    "CompletedSession": "balg_planner.events",
    "DataError": "balg_planner.errors",
    "DayLoad": "balg_planner.compliance",
    "Distance": "balg_planner.units",
    "Duration": "balg_planner.units",
    "Effort": "balg_planner.effort",
    "EffortGuide": "balg_planner.effort",
    "Event": "balg_planner.events",
    "Goal": "balg_planner.athlete",
    "HeartRateBand": "balg_planner.science",
    "Illness": "balg_planner.events",
    "Level": "balg_planner.athlete",
    "MissedSession": "balg_planner.events",
    "MissingExtraError": "balg_planner.errors",
    "NotFoundError": "balg_planner.errors",
    "Pace": "balg_planner.units",
    "PaceRange": "balg_planner.science",
    "Pain": "balg_planner.events",
    "Phase": "balg_planner.plan",
    "PhaseName": "balg_planner.plan",
    "Plan": "balg_planner.plan",
    "QuestionableInputWarning": "balg_planner.errors",
    "RaceDateChange": "balg_planner.events",
    "RaceDistance": "balg_planner.units",
    "RaceResult": "balg_planner.athlete",
    "Readiness": "balg_planner.plan",
    "ReadinessLimit": "balg_planner.plan",
    "ReadinessWarning": "balg_planner.errors",
    "Repeat": "balg_planner.workout",
    "Resume": "balg_planner.events",
    "RuleSet": "balg_planner.rulebook.packs",
    "SchedulingError": "balg_planner.errors",
    "Session": "balg_planner.workout",
    "Step": "balg_planner.workout",
    "StepPart": "balg_planner.workout",
    "Symptom": "balg_planner.events",
    "TemplateFile": "balg_planner.schema",
    "TimeLimit": "balg_planner.events",
    "TimeTrial": "balg_planner.events",
    "TrainingPaces": "balg_planner.science",
    "Triage": "balg_planner.triage",
    "Week": "balg_planner.plan",
    "WeekCompliance": "balg_planner.compliance",
    "WeekLoad": "balg_planner.compliance",
    "Weekday": "balg_planner.athlete",
    "Workout": "balg_planner.workout",
    "WorkoutGuide": "balg_planner.workout",
    "WorkoutKind": "balg_planner.workout",
    "adapt": "balg_planner.adapt",
    "compose_plan": "balg_planner.compose",
    "default_rules": "balg_planner.rulebook.packs",
    "describe_rule": "balg_planner.rulebook.conditions",
    "dump_events": "balg_planner.events",
    "effort_guide": "balg_planner.effort",
    "effort_guides": "balg_planner.effort",
    "equivalent_time": "balg_planner.science",
    "fitness_after_break": "balg_planner.science",
    "format_distance": "balg_planner.units",
    "format_duration": "balg_planner.units",
    "format_minutes": "balg_planner.units",
    "format_pace": "balg_planner.units",
    "format_title": "balg_planner.workout",
    "heart_rate_band": "balg_planner.science",
    "heart_rate_zones": "balg_planner.effort",
    "load_dataframe": "balg_planner.export",
    "load_records": "balg_planner.export",
    "load_rules": "balg_planner.rulebook.packs",
    "load_template": "balg_planner.catalog",
    "parse_distance": "balg_planner.units",
    "parse_duration": "balg_planner.units",
    "parse_events": "balg_planner.events",
    "parse_pace": "balg_planner.units",
    "parse_plan": "balg_planner.plan",
    "parse_rules": "balg_planner.rulebook.packs",
    "plan_records": "balg_planner.export",
    "plot_effort_time": "balg_planner.charts",
    "plot_load": "balg_planner.charts",
    "plot_weekly_minutes": "balg_planner.charts",
    "read_activities": "balg_planner.activities",
    "render_adaptation": "balg_planner.render",
    "render_compliance": "balg_planner.render",
    "render_plan": "balg_planner.render",
    "render_session": "balg_planner.render",
    "render_steps": "balg_planner.targets",
    "render_week": "balg_planner.render",
    "step_records": "balg_planner.export",
    "template_ids": "balg_planner.catalog",
    "templates": "balg_planner.catalog",
    "to_dataframe": "balg_planner.export",
    "to_fit_workout": "balg_planner.workout_files",
    "to_ics": "balg_planner.export",
    "to_intervals_icu": "balg_planner.workout_files",
    "to_zwo": "balg_planner.workout_files",
    "training_paces": "balg_planner.science",
    "triage": "balg_planner.triage",
    "vdot_from_race": "balg_planner.science",
    "workout_guide": "balg_planner.workout",
    "workout_guides": "balg_planner.workout",
}
"""Where each public name lives: loaded from there on first use."""

__version__ = "0.1.0"

__all__ = [
    "Adaptation",
    "AdaptationError",
    "Adjustment",
    "Advice",
    "Athlete",
    "Availability",
    "BalgError",
    "BalgWarning",
    "Break",
    "CheckIn",
    "CompletedSession",
    "DataError",
    "DayLoad",
    "Distance",
    "Duration",
    "Effort",
    "EffortGuide",
    "Event",
    "Goal",
    "HeartRateBand",
    "Illness",
    "Level",
    "MissedSession",
    "MissingExtraError",
    "NotFoundError",
    "Pace",
    "PaceRange",
    "Pain",
    "Phase",
    "PhaseName",
    "Plan",
    "QuestionableInputWarning",
    "RaceDateChange",
    "RaceDistance",
    "RaceResult",
    "Readiness",
    "ReadinessLimit",
    "ReadinessWarning",
    "Repeat",
    "Resume",
    "RuleSet",
    "SchedulingError",
    "Session",
    "Step",
    "StepPart",
    "Symptom",
    "TemplateFile",
    "TimeLimit",
    "TimeTrial",
    "TrainingPaces",
    "Triage",
    "Week",
    "WeekCompliance",
    "WeekLoad",
    "Weekday",
    "Workout",
    "WorkoutGuide",
    "WorkoutKind",
    "__version__",
    "adapt",
    "compose_plan",
    "default_rules",
    "describe_rule",
    "dump_events",
    "effort_guide",
    "effort_guides",
    "equivalent_time",
    "fitness_after_break",
    "format_distance",
    "format_duration",
    "format_minutes",
    "format_pace",
    "format_title",
    "heart_rate_band",
    "heart_rate_zones",
    "load_dataframe",
    "load_records",
    "load_rules",
    "load_template",
    "parse_distance",
    "parse_duration",
    "parse_events",
    "parse_pace",
    "parse_plan",
    "parse_rules",
    "plan_records",
    "plot_effort_time",
    "plot_load",
    "plot_weekly_minutes",
    "read_activities",
    "render_adaptation",
    "render_compliance",
    "render_plan",
    "render_session",
    "render_steps",
    "render_week",
    "step_records",
    "template_ids",
    "templates",
    "to_dataframe",
    "to_fit_workout",
    "to_ics",
    "to_intervals_icu",
    "to_zwo",
    "training_paces",
    "triage",
    "vdot_from_race",
    "workout_guide",
    "workout_guides",
]


if not TYPE_CHECKING:  # hidden from type checkers: a typo in `bp.name` stays an error

    def __getattr__(name: str) -> Any:
        module = _SOURCES.get(name)
        if module is None:
            raise AttributeError(f"module 'balg_planner' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


class _Facade(types.ModuleType):
    """The package module: `adapt` and `triage` name the functions, not their modules.

    Importing a submodule binds it on its package; ``balg_planner.adapt`` (the engine's
    package) loaded before ``bp.adapt`` would otherwise hide the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _SOURCES:
            return
        super().__setattr__(name, value)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled by name, as cloudpickle (Dask, Spark) pickles plain modules.
        return importlib.import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Facade

del Any, TYPE_CHECKING  # the facade exports only the names in __all__
