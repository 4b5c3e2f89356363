"""Adapt a plan to real life: events + rules → an `Adaptation` that says what changed and why.

The engine is pure: it reads no clock and changes nothing it is given. It works in three steps.

1. **Match.** Each rule listens to one kind of event (illness rules to `Illness`, stress and
   fatigue rules to `CheckIn`, and so on; load rules to every session). For each event it
   computes the event's facts, resolves the rule's scope to days, and tests the rule's
   condition against the facts of each session on those days. Only sessions on or after
   `today` change (a missed session is the exception: it is the one a reschedule moves).
2. **Decide.** Sessions are settled in date order. When several rules match a session, safety
   rules come first; among them (or, with none, among the coaching rules) the most
   conservative result wins — rest, then cross-training, then shorter or easier, then as
   planned — and ties go to the higher priority, then the rule id. Every matching rule is
   reported with the adjustment, the deciding one first. Load facts (the longest run of the
   last 30 days) are computed from what was actually run and what has just been decided, so a
   run after a missed week is capped against what really happened.
3. **Check.** A change never makes a session harder or longer than it is now, missed volume
   is never added elsewhere, and a moved session keeps 48 hours from every other hard day.

Transformations start from each session's baseline (the session as first planned), so
adapting an adapted plan with the same events changes nothing more.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from balg_planner.athlete import Weekday
from balg_planner.catalog import RuleSet, default_rules
from balg_planner.effort import Effort, effort_guide
from balg_planner.errors import AdaptationError
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
)
from balg_planner.plan import Adjustment, Advice, Change, FactValue, Plan, Week
from balg_planner.schedule import trim_main_set
from balg_planner.schema import (
    FACTS,
    AllOf,
    AnyOf,
    CapEffortAction,
    CapMinutesAction,
    Condition,
    DropAction,
    NotOf,
    PauseAction,
    ReplaceAction,
    RestAction,
    Rule,
    ScaleMinutesAction,
    ScaleVolumeAction,
    SetTrainingVdotAction,
    Test,
    TrimToFitAction,
)
from balg_planner.science import (
    PaceRange,
    TrainingPaces,
    equivalent_time,
    fitness_after_break,
    longest_recent_run,
    spike_limit,
    training_paces,
)
from balg_planner.teaching import Situation, fueling_note, journal_prompts
from balg_planner.units import format_duration
from balg_planner.workout import (
    MIN_COOLDOWN_MINUTES,
    MIN_RUN_MINUTES,
    MIN_WARMUP_MINUTES,
    Repeat,
    Session,
    Step,
    Workout,
    WorkoutKind,
    format_title,
)

__all__ = [
    "Adaptation",
    "Facts",
    "Status",
    "adapt",
    "check_in_facts",
    "evaluate",
    "fill_message",
    "illness_facts",
    "pain_facts",
]

Status = Literal["completed", "missed", "planned", "rest"]
"""What a day holds: done, missed, still planned (or assumed done), or rest."""

Facts = dict[str, FactValue]
_EVENT_TYPES: Final[dict[str, type[BaseModel] | None]] = {
    "illness": Illness,
    "pain": Pain,
    "fatigue": CheckIn,
    "stress": CheckIn,
    "time": TimeLimit,
    "missed": MissedSession,
    "break": Break,
    "race": RaceDateChange,
    "load": None,
}
_PLACEHOLDER: Final = re.compile(r"\{([a-z0-9_.]+)\}")
_RANK_REST: Final = 0
_RANK_CROSS: Final = 1
_RANK_EASIER: Final = 2
_RANK_SAME: Final = 3
_NOT_QUALITY: Final = frozenset({WorkoutKind.LONG, WorkoutKind.RACE})
_PAUSED: Final = "Paused"
"""The title of a paused day; it also tells a re-adaptation that the plan is on hold."""


class Adaptation(BaseModel):
    """The result of `adapt`: the adapted plan, every change with its why, and undo.

    The plan given to `adapt` is kept as `original`, so any change can be reverted.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    original: Plan
    plan: Plan
    today: dt.date
    events: tuple[Event, ...] = ()
    adjustments: tuple[Adjustment, ...]
    advice: tuple[Advice, ...] = ()
    paused: bool = False
    """True while a pause is in force (until a `Resume` event)."""

    def status_on(self, day: dt.date) -> Status:
        """What happened on a past day, or what is planned from today on.

        ``"completed"`` and ``"missed"`` come from the events; earlier days without either are
        ``"planned"`` (assumed done as planned), and days without a session are ``"rest"``.
        """
        if any(isinstance(e, CompletedSession) and e.date == day for e in self.events):
            return "completed"
        if any(isinstance(e, MissedSession) and e.date == day for e in self.events):
            return "missed"
        session = self.plan.session_on(day)
        if session is None or session.kind is WorkoutKind.REST:
            return "rest"
        return "planned"

    def revert(self, adjustment: Adjustment) -> Plan:
        """The adapted plan without `adjustment`.

        Raises:
            AdaptationError: A safety rule matched that session, so it is still in force and
                the change stays; or the adjustment is not part of this adaptation.
        """
        if adjustment not in self.adjustments:
            raise AdaptationError(
                "the adjustment is not part of this adaptation", value=adjustment.rule_id
            )
        safety = [rule_id for rule_id in adjustment.matched if self._is_safety(rule_id, adjustment)]
        if safety:
            raise AdaptationError(
                "cannot revert a change a safety rule still requires",
                loc=(adjustment.date.isoformat(),),
                value=safety[0],
                hint="the change lifts once the event that triggered it is over",
            )
        return _replace_sessions(self.plan, self._restore(adjustment))

    def revert_all(self) -> Plan:
        """The adapted plan without every change that no safety rule requires."""
        restored: dict[dt.date, Session] = {}
        for adjustment in self.adjustments:
            if not any(self._is_safety(rule_id, adjustment) for rule_id in adjustment.matched):
                restored.update(self._restore(adjustment))
        return _replace_sessions(self.plan, restored)

    def _is_safety(self, rule_id: str, adjustment: Adjustment) -> bool:
        if rule_id == adjustment.rule_id:
            return adjustment.severity == "safety"
        return rule_id in self._safety_ids()

    def _safety_ids(self) -> frozenset[str]:
        return frozenset(
            adjustment.rule_id for adjustment in self.adjustments if adjustment.severity == "safety"
        ) | frozenset(item.rule_id for item in self.advice if item.severity == "safety")

    def _restore(self, adjustment: Adjustment) -> dict[dt.date, Session]:
        dates = {adjustment.date}
        if adjustment.after is not None:
            dates.add(adjustment.after.date)
        restored = {}
        for day in dates:
            session = self.original.session_on(day)
            if session is not None and day >= self.today:
                restored[day] = session
        return restored


# --- facts -------------------------------------------------------------------------------


@dataclass
class _Context:
    plan: Plan
    today: dt.date
    events: tuple[Event, ...]
    race_date: dt.date
    completed: dict[dt.date, float]
    missed: frozenset[dt.date]
    check_ins: tuple[CheckIn, ...]
    completed_events: tuple[CompletedSession, ...]
    resumes: tuple[dt.date, ...]
    pains: tuple[Pain, ...]
    sessions: dict[dt.date, Session]

    @property
    def end(self) -> dt.date:
        return self.plan.end


def _symptom_text(illness: Illness) -> str:
    words = sorted(symptom.label for symptom in illness.symptoms)
    if illness.temperature_c is not None:
        words.append(f"a temperature of {illness.temperature_c:g} °C")
    if not words and illness.diagnosis:
        words.append(illness.diagnosis)
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else "symptoms"


def illness_facts(illness: Illness, today: dt.date) -> Facts:
    """The facts of an illness as of `today`."""
    end = illness.end or max(today, illness.start)
    gate_end = max(illness.start + dt.timedelta(days=10), end + dt.timedelta(days=7))
    facts: Facts = {
        "illness.fever": illness.fever,
        "illness.systemic": illness.systemic,
        "illness.below_neck": illness.systemic,
        "illness.above_neck_only": illness.above_neck_only,
        "illness.cardiac": illness.cardiac,
        "illness.post_viral": illness.post_viral,
        "illness.ongoing": illness.end is None,
        "illness.days": (end - illness.start).days + 1,
        "illness.days_since_symptoms": (
            0 if illness.end is None else max((today - illness.end).days, 0)
        ),
        "illness.gate_days": 2 if illness.fever else 1,
        "illness.post_viral_gate_days": (gate_end - end).days,
        "illness.symptoms": _symptom_text(illness),
    }
    if illness.temperature_c is not None:
        facts["illness.temperature"] = illness.temperature_c
    return facts


def pain_facts(pain: Pain) -> Facts:
    """The facts of a pain report."""
    facts: Facts = {
        "pain.score": pain.score,
        "pain.red_flag": pain.red_flag,
        "pain.bone_stress": pain.bone_stress,
        "pain.location": pain.location,
        "pain.flags": _join(pain.red_flags) or "no red flags",
    }
    if pain.settles_by_morning is not None:
        facts["pain.settles_by_morning"] = pain.settles_by_morning
    return facts


def _join(words: Sequence[str]) -> str:
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else ""


def check_in_facts(
    check_in: CheckIn, check_ins: Sequence[CheckIn], completed: Sequence[CompletedSession]
) -> Facts:
    """The facts of a check-in, with the other check-ins and completed sessions around it."""
    facts: Facts = {}
    for name in ("stress", "sleep_hours", "fatigue", "soreness", "resting_hr_delta"):
        value = getattr(check_in, name)
        if value is not None:
            facts[f"checkin.{name}"] = value
    window = [
        other
        for other in check_ins
        if check_in.date - dt.timedelta(days=2) <= other.date <= check_in.date
    ]
    facts["checkin.short_nights"] = sum(
        1 for other in window if other.sleep_hours is not None and other.sleep_hours < 7
    )
    week = [
        done.rpe
        for done in completed
        if check_in.date - dt.timedelta(days=7) <= done.date <= check_in.date
    ]
    if week:
        facts["checkin.recent_rpe"] = round(sum(week) / len(week), 1)
    return facts


def _missed_facts(missed: MissedSession, ctx: _Context) -> Facts | None:
    session = ctx.sessions.get(missed.date)
    if session is None or session.kind is WorkoutKind.REST:
        return None  # nothing was planned that day, so nothing was missed
    days, day = 0, missed.date
    while True:
        planned = ctx.sessions.get(day)
        if day in ctx.missed:
            days += 1
        elif planned is not None and planned.kind is not WorkoutKind.REST:
            break
        day -= dt.timedelta(days=1)
        if day < ctx.plan.start:
            break
    baseline = session.baseline
    return {
        "missed.days": days,
        "missed.key": baseline.key,
        "missed.kind": baseline.kind.value,
        "missed.minutes": round(baseline.minutes),
    }


def _return_days(days_off: int) -> int:
    if days_off <= 56:
        return days_off
    return 63  # three-week blocks for more than eight weeks off (Daniels category IV)


def _break_facts(pause: Break, ctx: _Context) -> Facts:
    back = _return_days(pause.days_off)
    third = math.ceil(back / 3)
    vdot = ctx.plan.athlete.vdot
    factor = fitness_after_break(
        vdot or 50.0, pause.days_off, cross_trained=pause.cross_trained
    ) / (vdot or 50.0)
    facts: Facts = {
        "break.days_off": pause.days_off,
        "break.cross_trained": pause.cross_trained,
        "break.return_days": back,
        "break.half_days": math.ceil(back / 2),
        "break.third_days": third,
        "break.two_thirds_days": 2 * third,
        "break.fitness_percent": round(factor * 100, 1),
    }
    goal = ctx.plan.goal
    if vdot is not None:
        revised = equivalent_time(vdot * factor, goal.distance.metres)
        facts["race.revised_time"] = format_duration(revised, clock=True)
    else:
        facts["race.revised_time"] = (
            f"{round((1 / factor - 1) * 100)} % slower than your fitness before the break"
        )
    return facts


def _event_facts(category: str, event: Event | None, ctx: _Context) -> Facts | None:
    anchor = ctx.today if event is None else _last_day(event, ctx)
    facts: Facts = {
        "race.days_to": (ctx.race_date - anchor).days,
        "race.distance": ctx.plan.goal.distance.label,
    }
    match event:
        case Illness():
            facts |= illness_facts(event, ctx.today)
        case Pain():
            facts |= pain_facts(event)
        case CheckIn():
            facts |= check_in_facts(event, ctx.check_ins, ctx.completed_events)
        case TimeLimit():
            facts["time.minutes"] = event.minutes
        case MissedSession():
            missed = _missed_facts(event, ctx)
            if missed is None:
                return None
            facts |= missed
        case Break():
            facts |= _break_facts(event, ctx)
        case _:
            pass
    return facts


def _session_facts(session: Session, ctx: _Context) -> Facts:
    return {
        "session.effort": session.effort.value,
        "session.peak_effort": session.peak_effort.value,
        "session.kind": session.kind.value,
        "session.key": session.key,
        "session.hard": session.is_hard,
        "session.running": session.is_running,
        "session.minutes": round(session.minutes, 1),
        "day.minutes_available": ctx.plan.athlete.availability.minutes(Weekday.of(session.date)),
    }


# --- conditions --------------------------------------------------------------------------


def _compare(fact_value: FactValue, op: str, value: Any, *, effort: bool = False) -> bool:
    if isinstance(value, tuple):
        contained = any(_compare(fact_value, "eq", item, effort=effort) for item in value)
        return contained if op == "in" else not contained
    left: Any = fact_value
    right: Any = value
    if effort:  # effort levels compare by intensity, not alphabetically
        left, right = Effort(str(fact_value)).rank, Effort(str(value)).rank
    match op:
        case "eq":
            return bool(left == right)
        case "ne":
            return bool(left != right)
        case "lt":
            return bool(left < right)
        case "le":
            return bool(left <= right)
        case "gt":
            return bool(left > right)
        case _:
            return bool(left >= right)


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> bool:
    """Whether a rule's condition holds for `facts` (unknown facts make a test false)."""
    return _holds(condition, facts)


def _holds(condition: Condition, facts: Mapping[str, FactValue]) -> bool:
    """Evaluate a condition; a fact without a value (unknown) makes its test false."""
    match condition:
        case Test():
            value = facts.get(condition.fact)
            effort = FACTS[condition.fact].type == "effort"
            return value is not None and _compare(
                value, condition.op, condition.value, effort=effort
            )
        case AllOf():
            return all(_holds(item, facts) for item in condition.all)
        case AnyOf():
            return any(_holds(item, facts) for item in condition.any)
        case NotOf():
            return not _holds(condition.not_, facts)
    return False  # pragma: no cover - the union is closed


def fill_message(template: str, facts: Mapping[str, FactValue]) -> str:
    """Fill a rule's ``{fact.name}`` placeholders from `facts`; nothing is evaluated."""
    return _fill(template, facts)


def _fill(template: str, facts: Mapping[str, FactValue]) -> str:
    """Fill ``{fact.name}`` placeholders; nothing is evaluated."""

    def value(match: re.Match[str]) -> str:
        found = facts.get(match.group(1))
        if found is None:
            return "?"
        if isinstance(found, bool):
            return "yes" if found else "no"
        if isinstance(found, float):
            return f"{found:.1f}".rstrip("0").rstrip(".")
        return str(found)

    return _PLACEHOLDER.sub(value, template)


# --- scopes ------------------------------------------------------------------------------


def _first_day(event: Event) -> dt.date:
    return event.first_day


def _last_day(event: Event, ctx: _Context) -> dt.date:
    match event:
        case Illness():
            return event.end or max(ctx.today, event.start)
        case Break():
            return event.end
        case _:
            return event.first_day


def _number(value: int | str | None, facts: Mapping[str, FactValue], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    found = facts.get(value)
    return int(found) if isinstance(found, int | float) and not isinstance(found, bool) else default


def _scope_days(rule: Rule, event: Event | None, facts: Facts, ctx: _Context) -> Iterator[dt.date]:
    scope = rule.scope
    span = scope.span
    if event is None:
        start, end = ctx.today, ctx.end
    elif span in ("day", "event", "from"):
        start = _first_day(event)
        end = {
            "day": start,
            "event": _last_day(event, ctx),
            "from": _open_end(event, ctx),
        }[span]
        if span == "day" and scope.days is not None:
            end = start + dt.timedelta(days=_number(scope.days, facts, 1) - 1)
    else:  # after
        start = _last_day(event, ctx) + dt.timedelta(days=1)
        end = ctx.end
    start += dt.timedelta(days=_number(scope.offset, facts, 0))
    if span in ("after", "from", "event", "plan") and scope.days is not None:
        end = min(end, start + dt.timedelta(days=_number(scope.days, facts, 1) - 1))
    day = start
    while day <= min(end, ctx.end):
        yield day
        day += dt.timedelta(days=1)


def _open_end(event: Event, ctx: _Context) -> dt.date:
    """An open span lasts until the runner resumes, or a later report of the same pain."""
    stops = [day for day in ctx.resumes if day > event.first_day]
    if isinstance(event, Pain):
        stops += [
            pain.date
            for pain in ctx.pains
            if pain.date > event.date and pain.location.lower() == event.location.lower()
        ]
    return min(stops) - dt.timedelta(days=1) if stops else ctx.end


# --- outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    rule: Rule
    event: Event | None
    facts: Facts


@dataclass
class _Outcome:
    match: _Match
    change: Change | None
    after: Session | None
    rank: int
    load: float
    scope_dates: tuple[dt.date, ...] = ()


@dataclass
class _Paces:
    base: TrainingPaces | None
    factors: dict[dt.date, float] = field(default_factory=dict)

    def on(self, day: dt.date) -> TrainingPaces | None:
        if self.base is None:
            return None
        factor = self.factors.get(day, 1.0)
        return self.base if factor >= 1.0 else training_paces(self.base.vdot * factor)


def _pace(paces: TrainingPaces | None, effort: Effort) -> PaceRange | None:
    return None if paces is None else effort_guide(effort).pace(paces)


def _adapted(
    session: Session,
    baseline: Session,
    *,
    kind: WorkoutKind | None = None,
    steps: Sequence[Step | Repeat] | None = None,
    title: str | None = None,
    message: str = "",
) -> Session:
    """The session `baseline` becomes, titled from its new steps unless `title` is given."""
    notes = (f"Adapted: {message}", *baseline.notes) if message else baseline.notes
    workout = Workout(steps=tuple(baseline.workout.steps if steps is None else steps))
    return Session(
        date=session.date,
        kind=kind or baseline.kind,
        workout=workout,
        key=baseline.key if kind is None or kind is baseline.kind else False,
        purpose=(kind or baseline.kind).guide.purpose
        if kind and kind is not baseline.kind
        else baseline.purpose,
        title=title or format_title(kind or baseline.kind, workout),
        notes=notes,
        original=baseline,
    )


def _rest(session: Session, baseline: Session, message: str, title: str | None = None) -> Session:
    return _adapted(
        session, baseline, kind=WorkoutKind.REST, steps=(), title=title, message=message
    )


def _map_steps(items: Sequence[Step | Repeat], change: Any) -> list[Step | Repeat]:
    mapped: list[Step | Repeat] = []
    for item in items:
        if isinstance(item, Repeat):
            mapped.append(
                Repeat(times=item.times, steps=tuple(change(step) for step in item.steps))
            )
        else:
            mapped.append(change(item))
    return mapped


def _reshape(
    step: Step, paces: TrainingPaces | None, *, cap: Effort | None = None, factor: float = 1.0
) -> Step:
    effort = step.effort if cap is None or step.effort <= cap else cap
    duration = step.time * factor
    if factor < 1.0:
        # Scaled steps round down to 15 seconds: never longer than asked, easy to read.
        seconds = math.floor(duration.total_seconds() / 15) * 15
        duration = dt.timedelta(seconds=max(seconds, 15))
    pace = step.pace
    if step.pace is not None and paces is not None and step.effort is not Effort.REST:
        fresh = _pace(paces, effort)
        # Never faster than planned: a re-pace may only slow a step down.
        if (fresh is not None and fresh.fast >= step.pace.fast) or effort is not step.effort:
            pace = fresh
    return Step(part=step.part, effort=effort, duration=duration, pace=pace, note=step.note)


def _capped_kind(baseline: Session, cap: Effort | None) -> WorkoutKind:
    if (
        cap is not None
        and cap <= Effort.EASY
        and baseline.kind
        not in (
            WorkoutKind.LONG,
            WorkoutKind.RACE,
            WorkoutKind.EASY,
            WorkoutKind.RECOVERY,
        )
        and baseline.is_running
    ):
        return WorkoutKind.EASY
    return baseline.kind


def _reshaped(
    session: Session,
    baseline: Session,
    paces: TrainingPaces | None,
    message: str,
    *,
    cap: Effort | None = None,
    factor: float = 1.0,
) -> Session:
    steps = _map_steps(baseline.workout.steps, lambda s: _reshape(s, paces, cap=cap, factor=factor))
    kind = _capped_kind(baseline, cap)
    return _adapted(session, baseline, kind=kind, steps=steps, message=message)


def _total(steps: Sequence[Step | Repeat]) -> dt.timedelta:
    return Workout(steps=tuple(steps)).duration


def _easy_run(
    session: Session,
    baseline: Session,
    minutes: float,
    paces: TrainingPaces | None,
    message: str,
    kind: WorkoutKind = WorkoutKind.EASY,
    effort: Effort = Effort.EASY,
) -> Session:
    pace = _pace(paces, effort) if kind.is_running else None
    step = Step(effort=effort, duration=dt.timedelta(minutes=minutes), pace=pace)
    return _adapted(session, baseline, kind=kind, steps=(step,), message=message)


def _trim(
    session: Session, baseline: Session, limit: float, paces: TrainingPaces | None, message: str
) -> Session | None:
    """Fit `limit` minutes, keeping the key stimulus; None when it already fits."""
    if baseline.minutes <= limit + 1e-9:
        return None
    if limit < MIN_RUN_MINUTES:
        return _rest(session, baseline, message)
    if not baseline.is_running:
        return _reshaped(session, baseline, paces, message, factor=limit / baseline.minutes)
    steps = baseline.workout.steps
    fast = baseline.effort >= Effort.MARATHON
    if fast and len(steps) >= 3 and isinstance(steps[0], Step) and isinstance(steps[-1], Step):
        main = steps[1:-1]
        reps, rep_minutes = _main_set(main)
        choice = trim_main_set(
            limit,
            (
                min(MIN_WARMUP_MINUTES, steps[0].time.total_seconds() / 60),
                steps[0].time.total_seconds() / 60,
            ),
            reps,
            rep_minutes,
            (
                min(MIN_COOLDOWN_MINUTES, steps[-1].time.total_seconds() / 60),
                steps[-1].time.total_seconds() / 60,
            ),
        )
        if choice is not None:
            warm, count, cool = choice
            body = _fewer_reps(main, count)
            new_steps = [
                steps[0].model_copy(
                    update={"duration": dt.timedelta(minutes=warm), "distance": None}
                ),
                *body,
                steps[-1].model_copy(
                    update={"duration": dt.timedelta(minutes=cool), "distance": None}
                ),
            ]
            return _adapted(session, baseline, steps=new_steps, message=message)
        # Too little time for a sound quality session: an easy run, never faster reps.
        return _easy_run(session, baseline, math.floor(limit), paces, message)
    first = steps[0] if steps else None
    if baseline.effort <= Effort.EASY < baseline.peak_effort and isinstance(first, Step):
        # An easy run with a few fast strides: shorten the easy running, keep the strides.
        easy = first.time - dt.timedelta(minutes=baseline.minutes - math.floor(limit))
        if easy >= dt.timedelta(minutes=MIN_RUN_MINUTES):
            shorter = first.model_copy(update={"duration": easy, "distance": None})
            return _adapted(session, baseline, steps=[shorter, *steps[1:]], message=message)
        return _easy_run(session, baseline, math.floor(limit), paces, message)
    return _reshaped(session, baseline, paces, message, factor=math.floor(limit) / baseline.minutes)


def _main_set(main: Sequence[Step | Repeat]) -> tuple[int, float]:
    """How many reps the main set has, and the minutes each takes with its recovery."""
    total = _total(main).total_seconds() / 60
    repeat = next((item for item in main if isinstance(item, Repeat)), None)
    if repeat is None:
        return 1, total
    reps = repeat.times + sum(1 for item in main if isinstance(item, Step))
    return reps, total / reps


def _fewer_reps(main: Sequence[Step | Repeat], count: int) -> list[Step | Repeat]:
    repeat = next((item for item in main if isinstance(item, Repeat)), None)
    if repeat is None:
        return list(main)
    trailing = [item for item in main if isinstance(item, Step)]
    times = count - len(trailing)
    if times <= 0:
        return list(trailing[:count]) or [repeat.steps[0]]
    return [Repeat(times=times, steps=repeat.steps), *trailing]


def _outcome(
    match: _Match, session: Session, ctx: _Context, paces: _Paces, quality_index: int
) -> _Outcome:
    rule, action = match.rule, match.rule.then
    baseline = session.baseline
    message = _fill(rule.why, match.facts)
    day_paces = paces.on(session.date)
    after: Session | None
    change: Change | None = "modified"
    match action:
        case RestAction():
            after = _rest(session, baseline, message)
            change = "replaced"
        case PauseAction():
            after = _rest(session, baseline, message, title=_PAUSED)
            change = "paused"
        case DropAction():
            after = None
            change = "dropped"
        case ReplaceAction():
            minutes = baseline.minutes
            if action.minutes is not None:
                minutes = min(minutes, action.minutes)
            if action.minutes_fact is not None:
                found = match.facts.get(action.minutes_fact)
                if isinstance(found, int | float) and not isinstance(found, bool):
                    minutes = min(minutes, float(found))
            if minutes < MIN_RUN_MINUTES:
                after = _rest(session, baseline, message)
            else:
                after = _easy_run(
                    session,
                    baseline,
                    math.floor(minutes),
                    day_paces,
                    message,
                    kind=action.kind,
                    effort=min(action.effort, baseline.effort),
                )
            change = "replaced" if after.kind is not baseline.kind else "modified"
        case CapEffortAction():
            after = _reshaped(
                session, baseline, day_paces, message, cap=action.effort, factor=action.factor
            )
        case ScaleMinutesAction():
            after = _reshaped(
                session, baseline, day_paces, message, cap=action.effort, factor=action.factor
            )
        case ScaleVolumeAction():
            cap = action.effort
            quality = baseline.is_hard and baseline.kind not in (WorkoutKind.LONG, WorkoutKind.RACE)
            if action.max_quality is not None and quality and quality_index >= action.max_quality:
                cap = Effort.EASY
            after = _reshaped(session, baseline, day_paces, message, cap=cap, factor=action.factor)
        case CapMinutesAction() | TrimToFitAction():
            limit_value: Any = action.minutes if isinstance(action, CapMinutesAction) else None
            if action.fact is not None:
                limit_value = match.facts.get(action.fact)
            if not isinstance(limit_value, int | float) or isinstance(limit_value, bool):
                after, change = session, None
            else:
                trimmed = _trim(session, baseline, float(limit_value), day_paces, message)
                after = session if trimmed is None else trimmed
                if trimmed is None:
                    change = None
                elif trimmed.kind is not baseline.kind:
                    change = "replaced"
        case SetTrainingVdotAction():
            if day_paces is None or baseline.kind is WorkoutKind.RACE:
                after, change = session, None
            else:
                after = _reshaped(session, baseline, day_paces, message)
        case _:  # pragma: no cover - advice actions never reach sessions
            after, change = session, None
    if after is not None and after.kind is baseline.kind and after.workout == baseline.workout:
        after, change = session, None  # the rule asks for what is already planned
    elif after is not None and change is not None:
        after = _reteach(after, rule)
    rank = _rank(baseline, after, change)
    load = 0.0 if after is None else after.load
    return _Outcome(match, change, after, rank, load)


def _reteach(session: Session, rule: Rule) -> Session:
    """Journal prompts and fuelling for the session as it now is."""
    situation: Situation = "illness" if rule.category == "illness" else "adapted"
    before, after = journal_prompts(session, {"any", situation})
    return session.model_copy(
        update={
            "journal": (f"Before: {before.text}", f"After: {after.text}"),
            "fueling": fueling_note(session),
            "routine": session.routine if session.kind is session.baseline.kind else None,
        }
    )


def _with_lesson(message: str, rule: Rule) -> str:
    return f"{message} Learn more: balg-planner learn {rule.learn}." if rule.learn else message


def _rank(baseline: Session, after: Session | None, change: Change | None) -> int:
    if change is None:
        return _RANK_SAME
    if after is None or after.kind is WorkoutKind.REST:
        return _RANK_REST
    if not after.is_running and baseline.is_running:
        return _RANK_CROSS
    return _RANK_EASIER


def _decide(outcomes: list[_Outcome]) -> _Outcome:
    safety = [outcome for outcome in outcomes if outcome.match.rule.severity == "safety"]
    pool = safety or outcomes
    return min(
        pool,
        key=lambda o: (o.rank, round(o.load, 6), -o.match.rule.priority, o.match.rule.id),
    )


def _not_harder(current: Session, after: Session | None) -> bool:
    if after is None:
        return True
    if after.kind is WorkoutKind.REST:
        return True
    # Every step is capped, never raised, so no step may end up harder than the hardest was.
    return after.peak_effort <= current.peak_effort and after.minutes <= current.minutes + 1e-6


# --- the engine --------------------------------------------------------------------------


def _check_events(plan: Plan, events: Sequence[Event], today: dt.date) -> None:
    if today > plan.end:
        raise AdaptationError(
            "today is after race day",
            value=today.isoformat(),
            hint=f"the plan ends on {plan.end.isoformat()}; compose a new plan",
        )
    for index, event in enumerate(events):
        if not isinstance(event, BaseModel):
            raise AdaptationError(
                "not an event",
                loc=(index,),
                value=type(event).__name__,
                hint="use bp.CheckIn, bp.Illness, bp.Pain, ... or parse_events",
            )
        first = event.first_day if not isinstance(event, RaceDateChange) else today
        if first > plan.end:
            raise AdaptationError(
                "event after race day",
                loc=(index, event.type),
                value=first.isoformat(),
                hint=f"the plan ends on {plan.end.isoformat()}",
            )
        if isinstance(event, RaceDateChange) and event.new_date < today:
            raise AdaptationError(
                "the new race date is in the past",
                loc=(index, event.type),
                value=event.new_date.isoformat(),
            )


def _context(plan: Plan, events: tuple[Event, ...], today: dt.date) -> _Context:
    race_date = plan.end
    for event in events:
        if isinstance(event, RaceDateChange):
            race_date = event.new_date
    return _Context(
        plan=plan,
        today=today,
        events=events,
        race_date=race_date,
        completed={e.date: e.minutes for e in events if isinstance(e, CompletedSession)},
        missed=frozenset(e.date for e in events if isinstance(e, MissedSession)),
        check_ins=tuple(e for e in events if isinstance(e, CheckIn)),
        completed_events=tuple(e for e in events if isinstance(e, CompletedSession)),
        resumes=tuple(sorted(e.date for e in events if isinstance(e, Resume))),
        pains=tuple(e for e in events if isinstance(e, Pain)),
        sessions={session.date: session for session in plan.sessions},
    )


def _events_for(category: str, events: Iterable[Event]) -> list[Event | None]:
    kind = _EVENT_TYPES[category]
    if kind is None:
        return [None]
    return [event for event in events if isinstance(event, kind)]


def _advice_day(event: Event | None, today: dt.date) -> dt.date:
    if event is None or isinstance(event, RaceDateChange):
        return today
    return event.first_day


def _advice(rule: Rule, event: Event | None, facts: Facts, today: dt.date) -> Advice:
    action = rule.then.action
    return Advice(
        rule_id=rule.id,
        date=_advice_day(event, today),
        kind="refer" if action == "refer" else "note",
        message=_with_lesson(_fill(rule.why, facts), rule),
        to=getattr(rule.then, "to", ""),
        facts={k: v for k, v in facts.items() if k.split(".")[0] != "session"},
        severity=rule.severity,
    )


def _load_facts(day: dt.date, runs: Mapping[dt.date, float], plan: Plan, minutes: float) -> Facts:
    longest = longest_recent_run(
        day, runs.items(), plan_start=plan.start, before_plan=plan.athlete.longest_run_minutes
    )
    limit = spike_limit(longest)
    return {
        "load.longest_run_30d": round(longest, 1),
        "load.spike_limit": limit,
        "load.spike": longest > 0 and minutes > limit + 0.5,
    }


def adapt(
    plan: Plan, events: Iterable[Event], *, today: dt.date, rules: RuleSet | None = None
) -> Adaptation:
    """Adapt `plan` to `events` as of `today`, with `rules` (the built-in packs by default).

    Pass every event you know of, each time: adapting is pure, so the same plan, events and day
    always give the same result, and adapting the adapted plan again changes nothing more.

    Raises:
        AdaptationError: `today` is after race day, or an event falls after it.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"tue": 40, "thu": 40, "sat": 60})
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
        ...                        start=dt.date(2027, 1, 4))
        >>> flu = bp.Illness(start=dt.date(2027, 1, 12), symptoms={"fever", "body_aches"})
        >>> result = bp.adapt(plan, [flu], today=dt.date(2027, 1, 12))
        >>> for a in result.adjustments[:2]:
        ...     print(a.date, a.change, a.rule_id)
        2027-01-12 replaced illness.fever.rest
        2027-01-14 replaced illness.fever.gate
    """
    rules = default_rules() if rules is None else rules
    events = tuple(events)
    _check_events(plan, events, today)
    ctx = _context(plan, events, today)
    candidates: dict[dt.date, list[_Match]] = defaultdict(list)
    advice: list[Advice] = []
    reschedules: list[_Match] = []
    paces = _Paces(base=plan.athlete.paces)
    seen_advice: set[tuple[str, dt.date]] = set()

    for rule in rules.rules:
        for event in _events_for(rule.category, events):
            facts = _event_facts(rule.category, event, ctx)
            if facts is None:
                continue
            if rule.advice:
                key = (rule.id, _advice_day(event, today))
                if key not in seen_advice and _holds(rule.when, facts):
                    seen_advice.add(key)
                    advice.append(_advice(rule, event, facts, today))
                continue
            if rule.then.action == "reschedule":
                session = ctx.sessions.get(event.first_day) if event is not None else None
                if session is not None and _holds(rule.when, facts | _session_facts(session, ctx)):
                    reschedules.append(_Match(rule, event, facts))
                continue
            for day in _scope_days(rule, event, facts, ctx):
                if day < today or day not in ctx.sessions:
                    continue
                if rule.then.action == "set_training_vdot":
                    factor = _vdot_factor(rule.then, facts)
                    paces.factors[day] = min(paces.factors.get(day, 1.0), factor)
                candidates[day].append(_Match(rule, event, facts))

    sessions = dict(ctx.sessions)
    # Moves come first, so the rules of the new day (a cold, a short day) apply to them too.
    adjustments = _reschedule(reschedules, ctx, sessions, today, plan)
    runs: dict[dt.date, float] = {}
    for day, session in sorted(ctx.sessions.items()):
        if day < today and session.is_running and session.kind is not WorkoutKind.RACE:
            if day in ctx.missed:
                continue
            runs[day] = ctx.completed.get(day, session.minutes)
    quality_seen: dict[tuple[str, int], int] = defaultdict(int)
    for day in sorted(d for d in sessions if d >= today):
        session = sessions[day]
        if session.baseline.kind is WorkoutKind.REST:
            continue  # a rest day needs no adapting
        session_facts = _session_facts(session.baseline, ctx)
        outcomes: list[_Outcome] = []
        week = plan.week_of(day)
        for match in candidates.get(day, []):
            facts = match.facts | session_facts
            if match.rule.category == "load":
                facts |= _load_facts(day, runs, plan, session.baseline.minutes)
            if not _holds(match.rule.when, facts):
                continue
            full = _Match(match.rule, match.event, facts)
            week_key = (match.rule.id, week.number if week else 0)
            outcomes.append(_outcome(full, session, ctx, paces, quality_seen[week_key]))
            if session.baseline.is_hard and session.baseline.kind not in _NOT_QUALITY:
                quality_seen[week_key] += 1
        if outcomes:
            decided = _decide(outcomes)
            after = decided.after
            changed = decided.change is not None and after != session
            if changed and _not_harder(session, after):
                sessions[day] = after or _rest(
                    session, session.baseline, _fill(decided.match.rule.why, decided.match.facts)
                )
                adjustments.append(_adjustment(decided, outcomes, session, after, day))
        # Load facts of later days see what was just decided for this one.
        current = sessions[day]
        if current.is_running and current.kind is not WorkoutKind.RACE:
            runs[day] = current.minutes

    adapted = _replace_sessions(
        plan, {day: sessions[day] for day in sessions if sessions[day] is not ctx.sessions[day]}
    )
    adjustments.sort(key=lambda a: (a.date, a.rule_id))
    paused = any(
        session.original is not None and session.title == _PAUSED
        for session in adapted.sessions
        if session.date >= today
    )
    return Adaptation(
        original=plan,
        plan=adapted,
        today=today,
        events=events,
        adjustments=tuple(adjustments),
        advice=tuple(sorted(advice, key=lambda a: (a.date, a.rule_id))),
        paused=paused,
    )


def _vdot_factor(action: Any, facts: Facts) -> float:
    if getattr(action, "factor", None) is not None:
        return float(action.factor)
    percent = facts.get("break.fitness_percent")
    return float(percent) / 100 if isinstance(percent, int | float) else 1.0


def _adjustment(
    decided: _Outcome,
    outcomes: list[_Outcome],
    before: Session,
    after: Session | None,
    day: dt.date,
) -> Adjustment:
    rule = decided.match.rule
    others = sorted({o.match.rule.id for o in outcomes} - {rule.id})
    return Adjustment(
        rule_id=rule.id,
        date=day,
        change=decided.change or "modified",
        before=before,
        after=after,
        message=_with_lesson(_fill(rule.why, decided.match.facts), rule),
        facts=dict(sorted(decided.match.facts.items())),
        severity=rule.severity,
        matched=(rule.id, *others),
        learn=rule.learn,
    )


def _reschedule(
    matches: list[_Match],
    ctx: _Context,
    sessions: dict[dt.date, Session],
    today: dt.date,
    plan: Plan,
) -> list[Adjustment]:
    """Move missed key sessions to a free day that keeps 48 h between hard days, or let go."""
    adjustments = []
    for match in sorted(
        matches, key=lambda m: (m.event.first_day if m.event else today, m.rule.id)
    ):
        if match.event is None:  # pragma: no cover - reschedules always come from an event
            continue
        missed_day = match.event.first_day
        missed = ctx.sessions[missed_day].baseline
        message = _fill(match.rule.why, match.facts)
        if any(s.original == missed and s.date != missed_day for s in sessions.values()):
            continue  # already moved by an earlier adaptation
        within = getattr(match.rule.then, "within_days", 3)
        week = plan.week_of(missed_day)
        target = _free_day(missed, missed_day, within, sessions, today, week, plan, ctx.missed)
        if target is None:
            message += " This time no day fits, so it is let go."
            adjustments.append(_move_adjustment(match, missed_day, missed, None, message))
            continue
        displaced = sessions[target]
        moved = missed.model_copy(
            update={
                "date": target,
                "original": missed,
                "notes": (f"Adapted: {message}", *missed.notes),
            }
        )
        sessions[target] = moved
        message += f" It moves to {target.strftime('%A %d %B')}."
        if displaced.kind is not WorkoutKind.REST:
            message += f" It takes the place of that day's {displaced.kind.guide.name.lower()}."
        adjustments.append(_move_adjustment(match, missed_day, missed, moved, message))
    return adjustments


def _move_adjustment(
    match: _Match, missed_day: dt.date, missed: Session, moved: Session | None, message: str
) -> Adjustment:
    """The adjustment for a missed session: moved to `moved`'s day, or let go."""
    return Adjustment(
        rule_id=match.rule.id,
        date=missed_day,
        change="dropped" if moved is None else "moved",
        before=missed,
        after=moved,
        severity=match.rule.severity,
        matched=(match.rule.id,),
        facts=dict(sorted(match.facts.items())),
        learn=match.rule.learn,
        message=_with_lesson(message, match.rule),
    )


def _free_day(
    missed: Session,
    missed_day: dt.date,
    within: int,
    sessions: dict[dt.date, Session],
    today: dt.date,
    week: Week | None,
    plan: Plan,
    missed_days: frozenset[dt.date],
) -> dt.date | None:
    """A rest day in the same plan week, within reach, with the minutes, 48 h from hard days."""
    if week is None:
        return None
    for offset in range(1, within + 1):
        day = missed_day + dt.timedelta(days=offset)
        if day < today or day > week.end or day not in sessions:
            continue
        current = sessions[day]
        if current.kind not in _FREE_KINDS or current.original is not None:
            continue
        if plan.athlete.availability.minutes(Weekday.of(day)) < missed.minutes:
            continue
        neighbours = [
            sessions.get(near)
            for near in (day - dt.timedelta(days=1), day + dt.timedelta(days=1))
            if near not in missed_days
        ]
        # Judge neighbours as planned, so adapting again decides the same way.
        if any(n is not None and (n.baseline.is_hard or n.baseline.key) for n in neighbours):
            continue
        return day
    return None


_FREE_KINDS: Final = frozenset({WorkoutKind.REST, WorkoutKind.MOBILITY})
"""Days a missed key session may move to: rest, or gentle mobility it can take the place of."""


def _replace_sessions(plan: Plan, changes: Mapping[dt.date, Session]) -> Plan:
    if not changes:
        return plan
    weeks = []
    for week in plan.weeks:
        if any(week.start <= day <= week.end for day in changes):
            sessions = tuple(changes.get(s.date, s) for s in week.sessions)
            weeks.append(week.model_copy(update={"sessions": sessions}))
        else:
            weeks.append(week)
    return plan.model_copy(update={"weeks": tuple(weeks)})
