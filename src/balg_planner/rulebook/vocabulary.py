"""The vocabulary of the rule language: its facts, categories and operators, one table of each.

* `FACTS`: every fact a rule may test, with its type, the event it comes from and what it
  means. Nothing outside this table can be tested, so a rule file can only ask questions the
  engine knows how to answer.
* `CATEGORIES`: what each category of rule listens to (illness rules to `Illness`, stress and
  fatigue rules to `CheckIn`, load rules to every session) and which facts it may read.
* `OPERATORS`: the comparisons each type of fact allows.

Example:
    >>> from balg_planner.rulebook.vocabulary import FACTS, CATEGORIES
    >>> FACTS["illness.fever"].type
    'bool'
    >>> sorted(CATEGORIES["stress"].sources)
    ['checkin', 'day', 'load', 'race', 'session']
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from balg_planner.effort import Effort
from balg_planner.errors import closest
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
    TimeLimit,
    TimeTrial,
)
from balg_planner.plan import FactValue
from balg_planner.workout import WorkoutKind

__all__ = [
    "CATEGORIES",
    "CATEGORY_SOURCES",
    "FACTS",
    "OPERATORS",
    "PLACEHOLDER",
    "Category",
    "CategorySpec",
    "Fact",
    "FactType",
    "FactValue",
    "Facts",
    "Operator",
    "Source",
    "check_value",
    "invalid",
    "known_fact",
]

FactType = Literal["bool", "number", "effort", "kind", "text"]
Source = Literal[
    "illness",
    "pain",
    "checkin",
    "completed",
    "fitness",
    "time",
    "missed",
    "break",
    "return",
    "session",
    "day",
    "load",
    "race",
]
Facts = dict[str, FactValue]
"""Facts by name: what an event, a session and recent load say."""

PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")
"""A ``{fact.name}`` placeholder in a rule's message."""


class Fact(BaseModel):
    """One fact a rule may test: its name, type, where it comes from and what it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    type: FactType
    source: Source
    doc: str


def _facts(*rows: tuple[str, FactType, str]) -> dict[str, Fact]:
    return {
        name: Fact.model_validate(
            {"name": name, "type": kind, "source": name.split(".")[0], "doc": doc}
        )
        for name, kind, doc in rows
    }


FACTS: Final[dict[str, Fact]] = _facts(
    ("illness.fever", "bool", "A fever symptom, or a temperature of 37.5 °C or more."),
    (
        "illness.systemic",
        "bool",
        "Fever or any symptom below the neck (chills, aches, chest, cough, gut, fatigue).",
    ),
    ("illness.below_neck", "bool", "The same as illness.systemic: the neck check fails."),
    (
        "illness.above_neck_only",
        "bool",
        "Only runny or stuffy nose, sneezing or a mild sore throat, no fever.",
    ),
    (
        "illness.cardiac",
        "bool",
        "Chest pain, palpitations, breathlessness out of proportion, dizziness or fainting.",
    ),
    (
        "illness.post_viral",
        "bool",
        "COVID-19 or another diagnosed viral illness with systemic symptoms.",
    ),
    ("illness.ongoing", "bool", "The illness has no end date yet."),
    (
        "illness.days",
        "number",
        "Days with symptoms so far, counting the first, in the illness's episode: with the "
        "illnesses it follows on from within two symptom-free days, as one illness (an "
        "illness that a later one continues keeps its own count; see illness.continued).",
    ),
    (
        "illness.days_since_symptoms",
        "number",
        "Days since the last symptomatic day (0 while ongoing).",
    ),
    ("illness.temperature", "number", "The highest temperature reported, in °C."),
    (
        "illness.gate_days",
        "number",
        "Symptom-free days needed before training: 2 after a fever on any day of the "
        "episode, else 1.",
    ),
    (
        "illness.days_lost",
        "number",
        "Days without training: the days ill (illness.days) and the clear days of the gate "
        "(illness.gate_days).",
    ),
    (
        "illness.easy_days",
        "number",
        "Days of the easy stage after the gate: a week, or as many days as the illness if longer.",
    ),
    (
        "illness.rebuild_from",
        "number",
        "Days from the last symptomatic day to the rebuild stage: illness.gate_days plus "
        "illness.easy_days.",
    ),
    (
        "illness.post_viral_gate_days",
        "number",
        "Days after the last symptom until 10 days from onset and 7 symptom-free have passed.",
    ),
    ("illness.back_on", "text", "When training can resume after the gate, in words."),
    (
        "illness.runs_logged",
        "number",
        "Runs logged (completed sessions) on days of the illness, through today while it goes on.",
    ),
    ("illness.run_days", "text", "The days of those runs, in words (known when there are any)."),
    ("illness.symptoms", "text", "The symptoms, in plain words."),
    (
        "illness.episode_systemic",
        "bool",
        "Fever or a below-the-neck symptom on some day of the illness's episode (see "
        "illness.days): the way back after it is a systemic illness's.",
    ),
    (
        "illness.episode_post_viral",
        "bool",
        "COVID-19 or another diagnosed viral illness, with systemic symptoms, in the episode.",
    ),
    (
        "illness.episode_symptoms",
        "text",
        "Every symptom of the illness's episode, in plain words.",
    ),
    (
        "illness.rest_from",
        "number",
        "Days from the illness's first day to the fourth day with symptoms of its episode, "
        "where persistent symptoms mean rest; 0 when that day came before it.",
    ),
    (
        "illness.continued",
        "bool",
        "A later illness of the same episode ends after this one and speaks for both: this "
        "one keeps its own length and symptoms, and its referral is left to the later one.",
    ),
    ("pain.score", "number", "Pain from 0 (none) to 10 (worst imaginable)."),
    (
        "pain.red_flag",
        "bool",
        "Sharp, worsening, limping, swelling, bone tenderness, or pain at rest or at night.",
    ),
    ("pain.bone_stress", "bool", "Signs of a possible bone stress injury."),
    (
        "pain.settles_by_morning",
        "bool",
        "The pain was back to its usual level by the next morning (false until reported).",
    ),
    ("pain.location", "text", "Where it hurts."),
    ("pain.flags", "text", "The red flags present, in plain words."),
    (
        "pain.reports_7d",
        "number",
        "Days with a report of pain (1/10 or more) in the same place, by the same words, in "
        "the 7 days before this report and on its day: 2 or more means it came back within a "
        "week.",
    ),
    (
        "pain.reports_14d",
        "number",
        "Days with a report of pain (1/10 or more) in the same place in the 14 days before "
        "this report and on its day.",
    ),
    (
        "pain.easy_day_minutes",
        "number",
        "An ordinary easy day around the report: the longest easy run (easy, recovery or "
        "strides, as first planned) of the 7 days from it, else of the 7 days before; known "
        "when there is one.",
    ),
    ("checkin.stress", "number", "Life stress, 1 (none) to 10 (extreme)."),
    ("checkin.sleep_hours", "number", "Hours slept last night."),
    ("checkin.fatigue", "number", "Tiredness, 1 to 10."),
    ("checkin.soreness", "number", "Muscle soreness, 1 to 10."),
    ("checkin.resting_hr_delta", "number", "Resting heart rate above usual, in beats per minute."),
    (
        "checkin.rest_day",
        "bool",
        "The plan holds no run on the day of the check-in (as first planned).",
    ),
    (
        "checkin.stressed_days",
        "number",
        "Days with stress 8/10 or higher among the check-ins of the 7 days up to this one.",
    ),
    (
        "checkin.recent_rpe",
        "number",
        "Average RPE of the sessions completed in the 7 days up to the check-in.",
    ),
    (
        "checkin.short_nights",
        "number",
        "Nights under 7 hours among the check-ins of the last 3 days, this one included.",
    ),
    ("time.minutes", "number", "Minutes available for training that day."),
    ("missed.days", "number", "Days missed in a row, ending with this one."),
    ("missed.key", "bool", "The missed session was a key session."),
    ("missed.kind", "kind", "The kind of the missed session."),
    ("missed.minutes", "number", "Minutes of the missed session."),
    (
        "missed.last",
        "bool",
        "No later session of the same days off was missed: the next run is the first back.",
    ),
    (
        "missed.days_off",
        "number",
        "Days without running around the missed session: from the day after the last run to "
        "the day before the next planned run.",
    ),
    (
        "missed.return_days",
        "number",
        "Days the way back from the days without running takes (as long as them, up to 63).",
    ),
    (
        "missed.race_in_return",
        "bool",
        "The race falls inside the way back from the days without running.",
    ),
    (
        "missed.return_from",
        "number",
        "Days from the day after the missed session to the next planned run, the first day back.",
    ),
    (
        "missed.half_days",
        "number",
        "Half of the way back (as long as missed.days_off, up to 8 weeks), rounded up.",
    ),
    (
        "missed.second_half_from",
        "number",
        "Days from the day after the missed session to the second half of the way back.",
    ),
    (
        "missed.third_days",
        "number",
        "A third of the way back (as long as missed.days_off, up to 9 weeks), rounded up.",
    ),
    (
        "missed.second_third_from",
        "number",
        "Days from the day after the missed session to the second third of the way back.",
    ),
    (
        "missed.last_third_from",
        "number",
        "Days from the day after the missed session to the last third of the way back.",
    ),
    (
        "missed.fitness_percent",
        "number",
        "The percentage of fitness kept after missed.days_off (VDOT O2 fitness-loss factor).",
    ),
    ("break.days_off", "number", "Days without running."),
    ("break.cross_trained", "bool", "Cross-training kept going during the break."),
    ("break.half_days", "number", "Half of the return period (rounded up)."),
    ("break.third_days", "number", "A third of the return period (rounded up)."),
    (
        "break.two_thirds_days",
        "number",
        "Two thirds of the return period (twice break.third_days).",
    ),
    (
        "break.race_in_return",
        "bool",
        "The race falls inside the way back from the break.",
    ),
    (
        "break.return_days",
        "number",
        "Days to return to full training (Daniels: as long as the break, up to 8 weeks).",
    ),
    (
        "break.fitness_percent",
        "number",
        "The percentage of fitness kept (VDOT O2 fitness-loss factor).",
    ),
    ("return.paused", "bool", "This resume ends a pause for cardiac signs or serious pain."),
    ("return.after_cardiac", "bool", "The pause was for cardiac warning signs."),
    ("return.after_injury", "bool", "The pause was for red-flag, bone or severe (7/10+) pain."),
    ("return.after_bone_stress", "bool", "The pause was for a suspected bone stress injury."),
    (
        "return.needs_check",
        "bool",
        "The pause was for red-flag or severe pain (not bone stress), which waits for a check.",
    ),
    ("return.days_paused", "number", "Days from the start of the pause to the resume."),
    ("return.cleared", "bool", "The runner says who cleared them (a doctor, a physio)."),
    ("return.pain_free_days", "number", "Days of pain-free walking before resuming, if given."),
    ("completed.rpe", "number", "How hard a completed session felt (RPE 0-10)."),
    ("completed.recent_rpe", "number", "Average RPE of the sessions done in the week up to it."),
    (
        "completed.hard_sessions",
        "number",
        "Sessions of that week that felt 8/10 or harder, and harder than planned that day.",
    ),
    (
        "completed.felt_too_hard",
        "bool",
        "It felt 8/10 or harder, and harder than the session planned that day.",
    ),
    ("completed.minutes", "number", "How long the run was, in minutes."),
    (
        "completed.planned_minutes",
        "number",
        "How long the run planned that day was, in whole minutes, as first planned; 0 with no "
        "run, or when the runner was ill, on a break or paused.",
    ),
    (
        "completed.share",
        "number",
        "The run's minutes as a percentage of completed.planned_minutes; 100 with no run planned.",
    ),
    (
        "completed.longest_30d",
        "number",
        "The longest run of the 30 days before it, as the spike guard counts it: as logged, "
        "else as planned on a day not missed, ill or on a break.",
    ),
    (
        "completed.spike",
        "bool",
        "It was more than 10 % longer than completed.longest_30d (LOAD-02).",
    ),
    ("fitness.vdot", "number", "The VDOT a race or time trial says (Daniels-Gilbert)."),
    ("fitness.result", "text", "The result, in words: 10K in 45:00."),
    ("fitness.change", "text", "How it compares with the fitness the plan used: up from 48.2."),
    (
        "fitness.slower",
        "bool",
        "It is slower than the result before it (or the plan's fitness, if it is the first).",
    ),
    (
        "fitness.sets_paces",
        "bool",
        "It is the best result of the six weeks up to it, so training paces follow it.",
    ),
    ("fitness.best_recent", "number", "The best VDOT of the six weeks up to it, it included."),
    ("session.effort", "effort", "The main set's effort: an easy run with strides is easy."),
    ("session.peak_effort", "effort", "The hardest step's effort: the strides, the fastest rep."),
    ("session.kind", "kind", "The kind of session."),
    ("session.key", "bool", "A key session (quality, long run or race)."),
    ("session.hard", "bool", "A long run, a race, or a main set at marathon effort or faster."),
    ("session.running", "bool", "A run (not strength, cross-training, mobility or rest)."),
    ("session.minutes", "number", "Planned minutes."),
    ("day.minutes_available", "number", "Minutes the runner usually has that weekday."),
    ("day.ran_yesterday", "bool", "The day before holds a run, as the plan now stands."),
    ("day.runs_since_event", "number", "Runs the plan now holds from the event's end to the day."),
    (
        "day.quality_since_event",
        "number",
        "Quality sessions (faster than easy, a long run's faster finish included) the plan now "
        "holds from the event's end to the day.",
    ),
    (
        "load.longest_run_30d",
        "number",
        "Longest run of the 30 days before the session, as run; runs logged on days of an "
        "illness that stops training (fever, below-the-neck symptoms, or symptoms into a fourth "
        "day) do not count.",
    ),
    (
        "load.spike_limit",
        "number",
        "110 % of load.longest_run_30d (of 10 minutes when nothing was run): the longest safe run.",
    ),
    (
        "load.long_run_share",
        "number",
        "load.longest_run_30d as a percentage of load.long_run_peak (plans composed here only).",
    ),
    ("load.long_run_peak", "number", "The longest long run the plan builds to, in minutes."),
    ("load.spike", "bool", "The session is longer than load.spike_limit."),
    (
        "load.fresh_start",
        "bool",
        "Nothing was run in the last 30 days and the session is longer than load.spike_limit.",
    ),
    (
        "load.longest_since_illness",
        "number",
        "Longest run since the latest illness that stopped training (see load.longest_run_30d) "
        "ended (known when it ended in the 30 days before the session).",
    ),
    (
        "load.longest_before_illness",
        "number",
        "Longest run of the 30 days before the session that came before that illness began.",
    ),
    (
        "load.return_credit",
        "number",
        "Three quarters of load.longest_before_illness: what the runs from before count for.",
    ),
    (
        "load.return_limit",
        "number",
        "110 % of the larger of load.longest_since_illness and three quarters of the longest run "
        "of the 30 days before the illness: the long run's next step back.",
    ),
    (
        "load.return_spike",
        "bool",
        "The session is longer than load.return_limit, and that limit is below load.spike_limit.",
    ),
    ("load.days_since_race", "number", "Days since the last race run (a completed race)."),
    (
        "load.race_recovery",
        "bool",
        "The day falls in the easy days after a race: one per 3 km raced (Daniels).",
    ),
    ("race.days_to", "number", "Days from the event (or the session) to race day."),
    ("race.distance", "text", "The goal race, in words."),
    ("race.revised_time", "text", "A realistic race time after the break, from the lowered VDOT."),
)  # fmt: skip
"""The closed vocabulary of facts rules can test. The engine provides each of them."""

Category = Literal[
    "illness",
    "pain",
    "fatigue",
    "stress",
    "time",
    "missed",
    "break",
    "return",
    "fitness",
    "effort",
    "load",
    "race",
]

_COMMON_SOURCES: Final[frozenset[Source]] = frozenset({"session", "day", "load", "race"})


@dataclass(frozen=True, slots=True)
class CategorySpec:
    """What one category of rules listens to, and the facts its rules may read."""

    event: type[Event] | None
    """The event the rules match against; None for rules that look at every session (load)."""
    source: Source | None
    """The facts the event adds to the common ones (session, day, load, race)."""

    @property
    def sources(self) -> frozenset[Source]:
        """Every fact source the category's rules may read."""
        own: frozenset[Source] = frozenset() if self.source is None else frozenset({self.source})
        return _COMMON_SOURCES | own


CATEGORIES: Final[dict[Category, CategorySpec]] = {
    "illness": CategorySpec(Illness, "illness"),
    "pain": CategorySpec(Pain, "pain"),
    "fatigue": CategorySpec(CheckIn, "checkin"),
    "stress": CategorySpec(CheckIn, "checkin"),
    "time": CategorySpec(TimeLimit, "time"),
    "missed": CategorySpec(MissedSession, "missed"),
    "break": CategorySpec(Break, "break"),
    "return": CategorySpec(Resume, "return"),
    "fitness": CategorySpec(TimeTrial, "fitness"),
    "effort": CategorySpec(CompletedSession, "completed"),
    "race": CategorySpec(RaceDateChange, None),
    "load": CategorySpec(None, None),
}
"""The one table of categories: the event each listens to and the facts it may read."""

CATEGORY_SOURCES: Final[dict[str, frozenset[str]]] = {
    name: frozenset(spec.sources) for name, spec in CATEGORIES.items()
}
"""Which facts each category's rules can see: its own event's, plus session, day, load, race."""

Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
OPERATORS: Final[dict[FactType, frozenset[str]]] = {
    "bool": frozenset({"eq", "ne"}),
    "number": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"}),
    "effort": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"}),
    "kind": frozenset({"eq", "ne", "in", "not_in"}),
    "text": frozenset({"eq", "ne", "in", "not_in"}),
}
"""The comparisons each type of fact allows."""


def invalid(code: str, what: str, **ctx: Any) -> PydanticCustomError:
    """A validation error with a rule code (see `balg_planner.errors.RULE_CODES`)."""
    return PydanticCustomError(code, what, {"what": what, **ctx})


def known_fact(name: str) -> Fact:
    """The registered fact called `name`.

    Raises:
        PydanticCustomError: Unknown, with the nearest known fact as a suggestion.
    """
    fact = FACTS.get(name)
    if fact is None:
        raise invalid("unknown_fact", "unknown fact", value=name, suggestion=closest(name, FACTS))
    return fact


def check_value(fact: Fact, value: FactValue) -> FactValue:
    """`value` if a test may compare `fact` with it.

    Raises:
        PydanticCustomError: The value has the wrong type for the fact.
    """
    if fact.type == "bool" and not isinstance(value, bool):
        raise invalid("fact_value", f"{fact.name} is true or false", value=value)
    if fact.type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise invalid("fact_value", f"{fact.name} is a number", value=value)
    if isinstance(value, float) and not math.isfinite(value):
        # Every comparison with nan is false: the rule would silently never match.
        raise invalid("fact_value", f"{fact.name} needs a finite number", value=str(value))
    if fact.type == "effort":
        names = [effort.value for effort in Effort]
        if value not in names:
            raise invalid(
                "fact_value", f"{fact.name} is an effort level", value=value,
                suggestion=closest(str(value), names),
            )  # fmt: skip
    if fact.type == "kind":
        names = [kind.value for kind in WorkoutKind]
        if value not in names:
            raise invalid(
                "fact_value", f"{fact.name} is a workout kind", value=value,
                suggestion=closest(str(value), names),
            )  # fmt: skip
    if fact.type == "text" and not isinstance(value, str):
        raise invalid("fact_value", f"{fact.name} is text", value=value)
    return value
