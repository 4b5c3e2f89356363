"""balg_planner: running plans that explain themselves.

Model workouts, effort levels and an athlete's context; compute VDOT, race equivalents and
training paces; compose plans from templates; and adapt them to real life with readable rules,
each change with its why. Everything public is importable from here::

    import balg_planner as bp

    vdot = bp.vdot_from_race("5k", "20:00")          # 49.81
    paces = bp.training_paces(vdot)                   # easy, marathon, threshold, interval, rep
    bp.effort_guide(bp.Effort.THRESHOLD).feels_like   # "Comfortably hard, not hanging on. ..."
"""

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
