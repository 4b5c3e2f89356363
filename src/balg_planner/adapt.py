"""Adapt a plan to real life: events + rules → an `Adaptation` that says what changed and why.

The engine runs the rule language of `balg_planner.rulebook`; it holds no rule knowledge of
its own. It is pure: it reads no clock and changes nothing it is given. It works in three
steps.

1. **Match.** Each rule listens to one kind of event (illness rules to `Illness`, stress and
   fatigue rules to `CheckIn`, and so on; load rules to every session). For each event it
   computes the event's facts, resolves the rule's scope to days, and tests the rule's
   condition against the facts of each session on those days. Only sessions on or after
   `today` change (a missed session is the exception: it is the one a reschedule moves).
2. **Decide.** Sessions are settled in date order. When several rules match a session, every
   safety outcome is a floor: only results at least as conservative as each of them (rest,
   or no less conservative and no more load) can win. Among those, from safety and coaching
   rules alike, the most conservative result wins — rest, then cross-training, then shorter
   or easier (less load first), then as planned — and ties go to the higher priority, then
   the rule id. Every matching rule is
   reported with the adjustment, the deciding one first. Load facts (the longest run of the
   last 30 days) are computed from what was actually run and what has just been decided, so a
   run after a missed week is capped against what really happened.
3. **Check.** A change never makes a session harder or longer than it is now, missed volume
   is never added elsewhere, and a moved session keeps 48 hours from every other hard day.

Transformations start from each session's baseline (the session as first planned), so
adapting an adapted plan with the same events changes nothing more. The module is the engine
alone (match, decide, reschedule), a little over 500 lines; the rule language it runs is in
`balg_planner.rulebook`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from pydantic import BaseModel

from balg_planner.athlete import Weekday
from balg_planner.errors import AdaptationError
from balg_planner.events import Event, Pain, RaceDateChange, Resume
from balg_planner.plan import Adaptation, Adjustment, Advice, Change, Plan, Week
from balg_planner.rulebook.actions import apply, rest, reteach
from balg_planner.rulebook.conditions import evaluate, fill_message
from balg_planner.rulebook.facts import (
    Context,
    day_facts,
    event_end,
    event_facts,
    load_facts,
    session_facts,
)
from balg_planner.rulebook.packs import RuleSet, with_builtin
from balg_planner.rulebook.syntax import (
    REPLACEMENT_KINDS,
    ReferAction,
    RescheduleAction,
    Rule,
    SetTrainingVdotAction,
)
from balg_planner.rulebook.vocabulary import CATEGORIES, Facts
from balg_planner.science import MIN_VDOT, TrainingPaces, training_paces
from balg_planner.workout import Session, WorkoutKind

__all__ = ["Adaptation", "adapt"]

_RANK_REST: Final = 0
_RANK_CROSS: Final = 1
_RANK_EASIER: Final = 2
_RANK_SAME: Final = 3
_NOT_QUALITY: Final = frozenset({WorkoutKind.LONG, WorkoutKind.RACE})
_FREE_KINDS: Final = frozenset({WorkoutKind.REST, WorkoutKind.MOBILITY})
"""Days a missed key session may move to: rest, or gentle mobility it can take the place of."""


@dataclass(frozen=True, slots=True)
class _Match:
    rule: Rule
    event: Event | None
    facts: Facts


@dataclass(frozen=True, slots=True)
class _Outcome:
    match: _Match
    change: Change | None
    after: Session | None
    rank: int
    load: float


@dataclass(slots=True)
class _Paces:
    """Training paces by day: the plan's, or lower where a rule set a lower training VDOT."""

    base: TrainingPaces | None
    factors: dict[dt.date, float] = field(default_factory=dict)

    def on(self, day: dt.date) -> TrainingPaces | None:
        """The day's paces; None (train by effort) below the range the equations hold for."""
        if self.base is None:
            return None
        factor = self.factors.get(day, 1.0)
        if factor >= 1.0:
            return self.base
        vdot = self.base.vdot * factor
        return training_paces(vdot) if vdot >= MIN_VDOT else None


@dataclass(slots=True)
class _Matches:
    """What the rules matched before any session is decided."""

    candidates: dict[dt.date, list[_Match]] = field(default_factory=lambda: defaultdict(list))
    advice: list[Advice] = field(default_factory=list)
    reschedules: list[_Match] = field(default_factory=list)


def adapt(
    plan: Plan,
    events: Iterable[Event],
    *,
    today: dt.date,
    rules: RuleSet | None = None,
    builtin_rules: bool = True,
) -> Adaptation:
    """Adapt `plan` to `events` as of `today`, with the built-in rule packs and your `rules`.

    Pass every event you know of, each time: adapting is pure, so the same plan, events and day
    always give the same result, and adapting the adapted plan again changes nothing more.

    Args:
        plan: The plan as composed (or as adapted before).
        events: Everything that happened, in any order.
        today: The day the adaptation is for; earlier sessions are history.
        rules: Your rules; they add to the built-in packs, so they can never switch the
            built-in safety rules off.
        builtin_rules: ``False`` runs only `rules`, without the built-in packs. This drops
            the safety rules too (fever means rest, red-flag pain stops running): use it only
            to test your own rules in isolation.

    Raises:
        AdaptationError: `today` is after race day, or an event falls after it.
        DataError: One of your rules reuses a built-in rule's id, or ``builtin_rules=False``
            without rules.

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
    rules = with_builtin(rules, builtin=builtin_rules)
    events = tuple(events)
    _check_events(plan, events, today)
    ctx = Context.of(plan, events, today)
    paces = _Paces(base=plan.athlete.paces)
    matches = _match(rules, ctx, paces)
    sessions = dict(ctx.sessions)
    # Moves come first, so the rules of the new day (a cold, a short day) apply to them too.
    adjustments = _reschedule(matches.reschedules, ctx, sessions)
    adjustments += _settle(matches.candidates, ctx, sessions, paces)
    adapted = plan.with_sessions(
        {day: sessions[day] for day in sessions if sessions[day] is not ctx.sessions[day]}
    )
    return Adaptation(
        original=plan,
        plan=adapted,
        today=today,
        events=events,
        adjustments=_said_once(sorted(adjustments, key=lambda a: (a.date, a.rule_id)), rules),
        advice=tuple(sorted(matches.advice, key=lambda a: (a.date, a.rule_id))),
        paused=any(s.status == "paused" for s in adapted.sessions if s.date >= today),
    )


# --- match ---------------------------------------------------------------------------------


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


def _events_for(rule: Rule, events: Iterable[Event]) -> list[Event | None]:
    kind = CATEGORIES[rule.category].event
    if kind is None:
        return [None]
    return [event for event in events if isinstance(event, kind)]


def _match(rules: RuleSet, ctx: Context, paces: _Paces) -> _Matches:
    """Every rule against every event it listens to: advice, moves and per-day candidates."""
    found = _Matches()
    seen_advice: set[tuple[str, dt.date]] = set()
    for rule in rules.rules:
        for event in _events_for(rule, ctx.events):
            facts = event_facts(event, ctx)
            if facts is None:
                continue
            if rule.advice:
                key = (rule.id, _advice_day(event, ctx.today))
                if isinstance(rule.then, ReferAction) and _cleared_since(event, ctx):
                    continue  # a professional has already cleared the runner after it
                if key not in seen_advice and evaluate(rule.when, facts):
                    seen_advice.add(key)
                    found.advice.append(_advice(rule, event, facts, ctx.today))
                continue
            if isinstance(rule.then, RescheduleAction):
                session = ctx.sessions.get(event.first_day) if event is not None else None
                if session is not None and evaluate(
                    rule.when, facts | session_facts(session, ctx.plan)
                ):
                    found.reschedules.append(_Match(rule, event, facts))
                continue
            for day in _scope_days(rule, event, facts, ctx):
                if day < ctx.today or day not in ctx.sessions:
                    continue
                if isinstance(rule.then, SetTrainingVdotAction):
                    factor = _vdot_factor(rule.then, facts)
                    paces.factors[day] = min(paces.factors.get(day, 1.0), factor)
                found.candidates[day].append(_Match(rule, event, facts))
    return found


def _cleared_since(event: Event | None, ctx: Context) -> bool:
    """A later Resume says who cleared the runner after this event."""
    if event is None or isinstance(event, Resume):
        return False
    return any(
        isinstance(other, Resume) and other.cleared_by and other.date > event.first_day
        for other in ctx.events
    )


def _vdot_factor(action: SetTrainingVdotAction, facts: Facts) -> float:
    if action.factor is not None:
        return action.factor
    percent = facts.get("break.fitness_percent")
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
        message=_with_lesson(fill_message(rule.why, facts), rule),
        to=rule.then.to if isinstance(rule.then, ReferAction) else "",
        facts={k: v for k, v in facts.items() if k.split(".")[0] != "session"},
        severity=rule.severity,
    )


def _with_lesson(message: str, rule: Rule) -> str:
    return f"{message} Learn more: balg-planner learn {rule.learn}." if rule.learn else message


# --- scope ---------------------------------------------------------------------------------


def _number(value: int | str | None, facts: Mapping[str, object], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    found = facts.get(value)
    return int(found) if isinstance(found, int | float) and not isinstance(found, bool) else default


def _scope_days(rule: Rule, event: Event | None, facts: Facts, ctx: Context) -> Iterator[dt.date]:
    scope = rule.scope
    span = scope.span
    if event is None:
        start, end = ctx.today, ctx.plan.end
    elif span in ("day", "event", "from"):
        start = event.first_day
        end = {
            "day": start,
            "event": event_end(event, ctx.today),
            "from": _open_end(event, ctx),
        }[span]
    else:  # after
        start = event_end(event, ctx.today) + dt.timedelta(days=1)
        end = ctx.plan.end
    offset = dt.timedelta(days=_number(scope.offset, facts, 0))
    start += offset
    if span == "day":
        # A day span counts its days from the (offset) first day: offset 7, days 7 is week two.
        end = start + dt.timedelta(days=_number(scope.days, facts, 1) - 1)
    elif scope.days is not None:
        end = min(end, start + dt.timedelta(days=_number(scope.days, facts, 1) - 1))
    day = start
    while day <= min(end, ctx.plan.end):
        yield day
        day += dt.timedelta(days=1)


def _open_end(event: Event, ctx: Context) -> dt.date:
    """An open span lasts until the runner resumes, or a later report of the same pain."""
    stops = [day for day in ctx.resumes if day > event.first_day]
    if isinstance(event, Pain):
        stops += [
            pain.date
            for pain in ctx.pains
            if pain.date > event.date and pain.location.lower() == event.location.lower()
        ]
    return min(stops) - dt.timedelta(days=1) if stops else ctx.plan.end


# --- decide --------------------------------------------------------------------------------


def _settle(
    candidates: Mapping[dt.date, list[_Match]],
    ctx: Context,
    sessions: dict[dt.date, Session],
    paces: _Paces,
) -> list[Adjustment]:
    """Decide each session from today on, in date order, between the rules that match it."""
    plan, adjustments = ctx.plan, []
    runs = _runs_so_far(ctx)
    quality_seen: dict[tuple[str, int], int] = defaultdict(int)
    for day in sorted(d for d in sessions if d >= ctx.today):
        session = sessions[day]
        if session.baseline.kind is WorkoutKind.REST:
            continue  # a rest day needs no adapting
        own_facts = session_facts(session.baseline, plan) | day_facts(day, sessions)
        week = plan.week_of(day)
        outcomes: list[_Outcome] = []
        for match in candidates.get(day, []):
            facts = match.facts | own_facts
            if match.rule.category == "load":
                facts |= load_facts(day, runs, plan, session.baseline.minutes, ctx.completed_events)
            if not evaluate(match.rule.when, facts):
                continue
            week_key = (match.rule.id, week.number if week else 0)
            full = _Match(match.rule, match.event, facts)
            outcomes.append(_outcome(full, session, paces.on(day), quality_seen[week_key]))
            if session.baseline.is_hard and session.baseline.kind not in _NOT_QUALITY:
                quality_seen[week_key] += 1
        if outcomes:
            decided = _decide(outcomes)
            after = decided.after
            if decided.change is not None and after != session and _not_harder(session, after):
                message = fill_message(decided.match.rule.why, decided.match.facts)
                sessions[day] = after or rest(session, session.baseline, message)
                adjustments.append(_adjustment(decided, outcomes, session, after, day))
        # Load facts of later days see what was just decided for this one.
        current = sessions[day]
        if current.is_running and current.kind is not WorkoutKind.RACE:
            runs[day] = current.minutes
    return adjustments


def _runs_so_far(ctx: Context) -> dict[dt.date, float]:
    """Minutes run on each day before today: as logged, else as planned; missed days not."""
    runs: dict[dt.date, float] = {}
    for day, session in sorted(ctx.sessions.items()):
        before = day < ctx.today and day not in ctx.missed
        if before and session.is_running and session.kind is not WorkoutKind.RACE:
            runs[day] = ctx.completed.get(day, session.minutes)
    return runs


def _outcome(
    match: _Match, session: Session, paces: TrainingPaces | None, quality_index: int
) -> _Outcome:
    rule, baseline = match.rule, session.baseline
    message = fill_message(rule.why, match.facts)
    applied = apply(
        rule.then,
        session,
        facts=match.facts,
        message=message,
        paces=paces,
        quality_index=quality_index,
    )
    change, after = applied.change, applied.after
    same_steps = (
        after is not None and after.kind is baseline.kind and after.workout == baseline.workout
    )
    if same_steps and not applied.words_only:
        change, after = None, session  # the rule asks for what is already planned
    elif after is not None and change is not None:
        after = reteach(after, illness=rule.category == "illness")
    load = 0.0 if after is None else after.load
    return _Outcome(match, change, after, _rank(baseline, after, change), load)


def _rank(baseline: Session, after: Session | None, change: Change | None) -> int:
    if change is None:
        return _RANK_SAME
    if after is None or after.kind is WorkoutKind.REST:
        return _RANK_REST
    if not after.is_running and baseline.is_running:
        return _RANK_CROSS
    return _RANK_EASIER


def _decide(outcomes: list[_Outcome]) -> _Outcome:
    """Safety outcomes are a floor; among all that keep it, the most conservative wins.

    An outcome keeps a safety outcome when it is rest, or no less conservative (rank) and no
    more load. When none keeps them all, the most conservative safety outcome wins.
    """
    safety = [outcome for outcome in outcomes if outcome.match.rule.severity == "safety"]
    pool = [o for o in outcomes if all(_keeps(o, floor) for floor in safety)] or safety
    return min(
        pool,
        key=lambda o: (o.rank, round(o.load, 6), -o.match.rule.priority, o.match.rule.id),
    )


def _keeps(outcome: _Outcome, floor: _Outcome) -> bool:
    if outcome.rank == _RANK_REST:
        return True
    return outcome.rank <= floor.rank and outcome.load <= floor.load + 1e-6


def _not_harder(current: Session, after: Session | None) -> bool:
    """No change raises a session's kind, effort or minutes, or adds a race or a hard day."""
    if after is None or after.kind is WorkoutKind.REST:
        return True
    if current.kind is WorkoutKind.RACE and after.kind is WorkoutKind.RACE:
        return _gentler_race(current, after)
    if after.kind is not current.kind and after.kind not in REPLACEMENT_KINDS:
        return False  # never into a race, a long run or quality
    if after.is_hard and not current.is_hard:
        return False
    # Every step is capped, never raised, so no step may end up harder than the hardest was.
    return after.peak_effort <= current.peak_effort and after.minutes <= current.minutes + 1e-6


def _gentler_race(current: Session, after: Session) -> bool:
    """The same course, no harder effort and no faster pace (a slower race takes longer)."""
    before_steps = tuple(current.workout.flat_steps())
    after_steps = tuple(after.workout.flat_steps())
    if len(before_steps) != len(after_steps):
        return False
    for before, now in zip(before_steps, after_steps, strict=True):
        if now.distance != before.distance or now.effort > before.effort:
            return False
        if before.pace is not None and (now.pace is None or now.pace.fast < before.pace.fast):
            return False
    return True


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
        message=_with_lesson(fill_message(rule.why, decided.match.facts), rule),
        facts=dict(sorted(decided.match.facts.items())),
        severity=rule.severity,
        matched=(rule.id, *others),
        learn=rule.learn,
    )


def _said_once(adjustments: Sequence[Adjustment], rules: RuleSet) -> tuple[Adjustment, ...]:
    """One message for a span, not one per day.

    A rule that says the same thing on many days says it in full on the first day and points
    back to it after: a two-week pause is one message.
    """
    titles = {rule.id: rule.title for rule in rules.rules}
    first: dict[tuple[str, str], dt.date] = {}
    said = []
    for adjustment in adjustments:
        key = (adjustment.rule_id, adjustment.message)
        if key in first:
            since = first[key].strftime("%a %d %b")
            title = titles.get(adjustment.rule_id, adjustment.rule_id)
            adjustment = adjustment.model_copy(
                update={"message": f"{title}: as on {since}, for the same reason."}
            )
        else:
            first[key] = adjustment.date
        said.append(adjustment)
    return tuple(said)


# --- reschedule ----------------------------------------------------------------------------


def _reschedule(
    matches: list[_Match], ctx: Context, sessions: dict[dt.date, Session]
) -> list[Adjustment]:
    """Move missed key sessions to a free day that keeps 48 h between hard days, or let go."""
    adjustments = []
    for match in sorted(
        matches, key=lambda m: (m.event.first_day if m.event else ctx.today, m.rule.id)
    ):
        if match.event is None or not isinstance(match.rule.then, RescheduleAction):
            continue  # pragma: no cover - reschedules always come from an event
        missed_day = match.event.first_day
        missed = ctx.sessions[missed_day].baseline
        message = fill_message(match.rule.why, match.facts)
        if any(s.original == missed and s.date != missed_day for s in sessions.values()):
            continue  # already moved by an earlier adaptation
        week = ctx.plan.week_of(missed_day)
        within = match.rule.then.within_days
        target = _free_day(missed, missed_day, within, sessions, ctx, week)
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
    sessions: Mapping[dt.date, Session],
    ctx: Context,
    week: Week | None,
) -> dt.date | None:
    """A rest day in the same plan week, within reach, with the minutes, 48 h from hard days."""
    if week is None:
        return None
    for offset in range(1, within + 1):
        day = missed_day + dt.timedelta(days=offset)
        if day < ctx.today or day > week.end or day not in sessions:
            continue
        current = sessions[day]
        if current.kind not in _FREE_KINDS or current.original is not None:
            continue
        if ctx.plan.athlete.availability.minutes(Weekday.of(day)) < missed.minutes:
            continue
        neighbours = [
            sessions.get(near)
            for near in (day - dt.timedelta(days=1), day + dt.timedelta(days=1))
            if near not in ctx.missed
        ]
        # Judge neighbours as planned, so adapting again decides the same way.
        if any(n is not None and (n.baseline.is_hard or n.baseline.key) for n in neighbours):
            continue
        return day
    return None
