"""Matching: every rule against every event it listens to, and the days its scope covers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from pydantic import BaseModel

from balg_planner.errors import AdaptationError
from balg_planner.events import Event, RaceDateChange, Resume
from balg_planner.plan import Advice, Plan
from balg_planner.rulebook.conditions import could_hold, evaluate, fill_message
from balg_planner.rulebook.facts import Context, best_recent_vdot, event_facts, session_facts
from balg_planner.rulebook.packs import RuleSet
from balg_planner.rulebook.scope import scope_days
from balg_planner.rulebook.syntax import ReferAction, RescheduleAction, Rule, SetTrainingVdotAction
from balg_planner.rulebook.vocabulary import CATEGORIES, Facts
from balg_planner.science import MIN_VDOT, TrainingPaces, training_paces

__all__ = ["DAY_SOURCES", "Match", "Matches", "Paces", "check_events", "match", "with_lesson"]

DAY_SOURCES: Final = frozenset({"session", "day", "load"})
"""Fact sources known only when a session is decided (its own facts, its day's, recent load);
every other fact a rule reads comes from its event."""


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that matched an event, with the event's facts."""

    rule: Rule
    event: Event | None
    facts: Facts


@dataclass(slots=True)
class Paces:
    """Training paces by day.

    The plan's; from the day after a race or time trial, the best recent result's (see
    `best_recent_vdot`); lowered where a rule set a lower training VDOT (a break).
    """

    base: TrainingPaces | None
    base_result: list[tuple[dt.date, float]] = field(default_factory=list)
    """The profile's recent race as a dated result (`profile_result`), if it has a date."""
    factors: dict[dt.date, float] = field(default_factory=dict)
    results: dict[dt.date, list[tuple[dt.date, float]]] = field(default_factory=dict)
    """By day: the date and VDOT of each result that speaks for it."""

    def result(self, day: dt.date, when: dt.date, vdot: float) -> None:
        """A result from `when` that speaks for `day`: the best recent one sets its VDOT."""
        self.results.setdefault(day, []).append((when, vdot))

    def on(self, day: dt.date) -> TrainingPaces | None:
        """The day's paces; None (train by effort) below the range the equations hold for."""
        found = self.results.get(day)
        factor = min(self.factors.get(day, 1.0), 1.0)
        if found is None:
            if self.base is None or factor == 1.0:
                return self.base
            vdot = self.base.vdot * factor
        else:
            latest = max(when for when, _ in found)
            dated = [result for result in self.base_result if result[0] < latest]
            vdot = best_recent_vdot([*dated, *found]) * factor
        return training_paces(vdot) if vdot >= MIN_VDOT else None


@dataclass(slots=True)
class Matches:
    """What the rules matched before any session is decided.

    Candidate rules by day, advice, and missed sessions to move.
    """

    candidates: dict[dt.date, Sequence[Match]] = field(default_factory=dict)
    """By day, the rules that may apply. Days with only the rules about every session (the
    load rules) share one tuple of them: deciding works out how to test a tuple once."""
    advice: list[Advice] = field(default_factory=list)
    reschedules: list[Match] = field(default_factory=list)


def check_events(plan: Plan, events: Sequence[Event], today: dt.date) -> None:
    """Refuse a day or events the plan cannot take.

    Raises:
        AdaptationError: `today` or an event falls after race day, a new race date is in the
            past, or something is not an event.
    """
    if today > plan.end:
        raise AdaptationError(
            "today is after race day",
            value=today.isoformat(),
            hint=f"the plan ends on {plan.end.isoformat()}; compose a new plan",
        )
    # Once the race has moved, events may reach past today's race day (the old one, or a
    # later new one); days outside the plan simply hold no session to change.
    moved = any(isinstance(e, RaceDateChange) for e in events)
    last = dt.date.max if moved else plan.end
    for index, event in enumerate(events):
        if not isinstance(event, BaseModel):
            raise AdaptationError(
                "not an event",
                loc=(index,),
                value=type(event).__name__,
                hint="use bp.CheckIn, bp.Illness, bp.Pain, ... or parse_events",
            )
        first = event.first_day if not isinstance(event, RaceDateChange) else today
        if first > last:
            raise AdaptationError(
                "event after race day",
                loc=(index, event.type),
                value=first.isoformat(),
                hint=f"the plan ends on {last.isoformat()}",
            )
        if isinstance(event, RaceDateChange) and event.new_date < today:
            raise AdaptationError(
                "the new race date is in the past",
                loc=(index, event.type),
                value=event.new_date.isoformat(),
            )


def _events_for(
    rule: Rule, events: Iterable[Event], by_kind: dict[type, list[Event | None]]
) -> list[Event | None]:
    """The events `rule` listens to, in log order; listed once per kind of event."""
    kind = CATEGORIES[rule.category].event
    if kind is None:
        return [None]
    if kind not in by_kind:
        by_kind[kind] = [event for event in events if isinstance(event, kind)]
    return by_kind[kind]


def match(rules: RuleSet, ctx: Context, paces: Paces) -> Matches:
    """Every rule against every event it listens to: advice, moves and per-day candidates.

    Rules that set a lower training VDOT record it in `paces` for the days they cover.
    """
    found = Matches()
    seen_advice: set[tuple[str, dt.date]] = set()
    # An event's facts do not depend on the rule: work them out once per event, not per rule.
    facts_of: dict[int, Facts | None] = {}
    days_of: dict[tuple[object, ...], list[dt.date]] = {}
    by_kind: dict[type, list[Event | None]] = {}
    # The last day someone cleared the runner: a referral after it is not repeated.
    cleared = max(
        (e.date for e in ctx.events if isinstance(e, Resume) and e.cleared_by), default=None
    )
    by_day: defaultdict[dt.date, list[Match]] = defaultdict(list)  # rules of an event
    every_session: defaultdict[tuple[object, ...], list[Match]] = defaultdict(list)
    for rule in rules.rules:
        for event in _events_for(rule, ctx.events, by_kind):
            which = id(event)
            if which not in facts_of:
                facts_of[which] = event_facts(event, ctx)
            facts = facts_of[which]
            if facts is None:
                continue
            if rule.advice:
                key = (rule.id, _advice_day(event, ctx.today))
                if isinstance(rule.then, ReferAction) and _cleared_since(event, cleared):
                    continue  # a professional has already cleared the runner after it
                if key not in seen_advice and evaluate(rule.when, facts):
                    seen_advice.add(key)
                    found.advice.append(_advice(rule, event, facts, ctx.today))
                continue
            if isinstance(rule.then, RescheduleAction):
                session = ctx.sessions.get(event.first_day) if event is not None else None
                if session is not None and session.status == "dropped":
                    continue  # let go by an earlier adaptation: nothing new to say
                if session is not None and evaluate(
                    rule.when, facts | session_facts(session, ctx.plan)
                ):
                    found.reschedules.append(Match(rule, event, facts))
                continue
            if not could_hold(rule.when, facts, DAY_SOURCES):
                # The event's own facts rule it out on every day: no need to list the days,
                # and a training-VDOT rule that cannot hold sets no paces.
                continue
            sets_vdot = rule.then if isinstance(rule.then, SetTrainingVdotAction) else None
            matched = Match(rule, event, facts)  # immutable: one for all of its days
            # Rules of one event with the same scope cover the same days: list them once.
            scope = rule.scope
            where = (scope.span, scope.offset, scope.days, id(event))
            if where not in days_of:
                days_of[where] = [
                    day for day in scope_days(scope, event, facts, ctx) if day in ctx.sessions
                ]
            if sets_vdot is not None:
                for day in days_of[where]:
                    _record_vdot(sets_vdot, event, facts, day, paces)
            if event is None:
                every_session[where].append(matched)
            else:
                for day in days_of[where]:
                    by_day[day].append(matched)
    found.candidates = _candidates(
        by_day, [(days_of[w], tuple(m)) for w, m in every_session.items()]
    )
    return found


def _candidates(
    by_day: dict[dt.date, list[Match]],
    every_session: list[tuple[list[dt.date], tuple[Match, ...]]],
) -> dict[dt.date, Sequence[Match]]:
    """The rules of each day: its events' rules and the rules about every session.

    A day with only one scope's rules about every session gets their tuple itself, shared
    with all such days; the order of a day's rules decides nothing (see `deciding`).
    """
    candidates: dict[dt.date, Sequence[Match]] = dict(by_day)
    for days, matches in every_session:
        for day in days:
            found = candidates.get(day)
            if found is None:
                candidates[day] = matches
            elif isinstance(found, list):
                found.extend(matches)
            else:
                candidates[day] = [*found, *matches]
    return candidates


def _record_vdot(
    action: SetTrainingVdotAction, event: Event | None, facts: Facts, day: dt.date, paces: Paces
) -> None:
    """A training-VDOT rule's paces for `day`: a result's VDOT, or the plan's scaled down."""
    said = facts.get("fitness.vdot")
    if action.table == "result" and isinstance(said, int | float):
        if event is not None:
            paces.result(day, event.first_day, float(said))
    else:
        factor = _vdot_factor(action, facts)
        paces.factors[day] = min(paces.factors.get(day, 1.0), factor)


def _cleared_since(event: Event | None, cleared: dt.date | None) -> bool:
    """A later Resume says who cleared the runner after this event (`cleared`: the last one)."""
    if event is None or isinstance(event, Resume) or cleared is None:
        return False
    return cleared > event.first_day


def _vdot_factor(action: SetTrainingVdotAction, facts: Facts) -> float:
    if action.factor is not None:
        return action.factor
    percent = facts.get("break.fitness_percent", facts.get("missed.fitness_percent"))
    return float(percent) / 100 if isinstance(percent, int | float) else 1.0


def _advice_day(event: Event | None, today: dt.date) -> dt.date:
    if event is None or isinstance(event, RaceDateChange):
        return today
    return event.first_day


def _advice(rule: Rule, event: Event | None, facts: Facts, today: dt.date) -> Advice:
    refer = isinstance(rule.then, ReferAction)
    return Advice(
        rule_id=rule.id,
        date=_advice_day(event, today),
        kind="refer" if refer else "note",
        message=with_lesson(fill_message(rule.why, facts), rule),
        to=rule.then.to if isinstance(rule.then, ReferAction) else "",
        facts={k: v for k, v in facts.items() if k.split(".")[0] != "session"},
        severity=rule.severity,
    )


def with_lesson(message: str, rule: Rule) -> str:
    """The message with a pointer to the rule's lesson, if it has one."""
    return f"{message} Learn more: balg-planner learn {rule.learn}." if rule.learn else message
