"""Deciding: one outcome per session, in date order, between the rules that match it.

Safety outcomes are a floor; among everything that keeps it, the most conservative outcome
wins (rest, then cross-training, then shorter or easier, then as planned), ties going to the
higher priority, then the rule id. No change makes a session harder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from balg_planner.adapt.matching import Match, Paces, with_lesson
from balg_planner.events import CompletedSession
from balg_planner.plan import Adjustment, Change
from balg_planner.rulebook.actions import apply
from balg_planner.rulebook.conditions import fill_message, predicate
from balg_planner.rulebook.facts import (
    Context,
    day_facts,
    load_facts,
    races_run,
    session_facts,
    since_facts,
)
from balg_planner.rulebook.packs import RuleSet
from balg_planner.rulebook.shaping import cap_effort, is_quality, rest, reteach, shorten
from balg_planner.rulebook.syntax import REPLACEMENT_KINDS
from balg_planner.rulebook.vocabulary import Facts
from balg_planner.science import SPIKE_WINDOW, RunWindow, TrainingPaces
from balg_planner.workout import Session, WorkoutKind

__all__ = ["said_once", "settle"]

_RANK_REST: Final = 0
_RANK_CROSS: Final = 1
_RANK_EASIER: Final = 2
_RANK_SAME: Final = 3
_UNCAPPED: Final = frozenset({WorkoutKind.REST, WorkoutKind.RACE})
"""Rest has nothing to cap, and a race is never reshaped."""
_ADAPTED: Final = "Adapted: "
"""How a session's notes start the why of each change (see `rulebook.shaping.adapted`)."""
_LET_GO: Final = frozenset({"missed", "moved", "dropped"})
"""Past sessions that stay as they are. A session an earlier adaptation marked ``done`` or
``paused`` is decided again, as it was the first time: the rules that held on it count the
same (one quality session in a lighter week), so adapting again changes nothing more."""
_SINCE_FACTS: Final = frozenset({"day.runs_since_event", "day.quality_since_event"})
"""Facts that count what the plan holds since the event (see `since_facts`)."""


@dataclass(frozen=True, slots=True)
class _Outcome:
    match: Match
    change: Change | None
    after: Session | None
    rank: int
    load: float
    also: tuple[_Outcome, ...] = ()
    """Other rules' outcomes whose caps this one was kept within (`_within_every_cap`): their
    why is told too."""


def settle(
    candidates: Mapping[dt.date, Sequence[Match]],
    ctx: Context,
    sessions: dict[dt.date, Session],
    paces: Paces,
) -> list[Adjustment]:
    """Decide each session, in date order, between the rules that match it.

    Past days since the earliest event are decided too, so the plan keeps what the rules asked
    for then (the record compliance is judged against), and the spike guard sees it as run:
    a walk-run, a shorter week. A past day with a logged run, a miss or a day off counts as
    logged for load, whatever it asked.
    """
    plan, adjustments = ctx.plan, []
    off = ctx.off
    runs = _runs_so_far(ctx, off)
    window = RunWindow(runs)  # days are decided in date order, each only on its own day
    known = off | frozenset(ctx.completed)
    view = dict(sessions)  # the plan as decided so far, past replays included
    quality_seen: dict[tuple[str, dt.date], int] = defaultdict(int)
    listening: dict[int, _Listening] = {}  # by match: one match serves all of its days
    tested: dict[int, _Tested] = {}  # by day's matches: days share the every-session rules
    # Only races and time trials count for recovery: find them once, not once per day.
    races = races_run(ctx)
    for day in sorted(d for d in sessions if d >= ctx.replay_from):
        logged = day < ctx.today and day in known  # what happened is known: run, missed, off
        session = sessions[day]
        if logged and (day in ctx.missed or session.status in _LET_GO):
            continue  # a missed session stays as it was, marked missed, moved or let go
        if session.baseline.kind is WorkoutKind.REST:
            continue  # a rest day needs no adapting
        matches = candidates.get(day, ())
        how = (tested.get(id(matches)) or _tested(matches, listening, tested)) if matches else None
        if how and _none_hold(matches, how, session.baseline, day, window, ctx, races):
            matches, how = (), None  # most days: the plan-wide load rules, nothing to decide
        # A day no rule listens to needs no facts; its load still counts below.
        own_facts = session_facts(session.baseline, plan) | day_facts(day, view) if matches else {}
        outcomes: list[_Outcome] = []
        with_load: Facts | None = None  # the day's facts and load, worked out once if needed
        merged: dict[tuple[int, bool], Facts] = {}  # rules of one event share their facts
        for match, (is_load, holds, counts_since, _) in zip(
            matches, how[0] if how else (), strict=True
        ):
            if is_load and with_load is None:
                minutes = session.baseline.minutes
                with_load = own_facts | load_facts(day, window, plan, minutes, races, ill=ctx.ill)
            shared = (id(match.facts), is_load)
            if shared not in merged:
                merged[shared] = match.facts | (
                    with_load if with_load is not None and is_load else own_facts
                )
            facts = merged[shared]
            if counts_since and match.event is not None:
                facts = facts | since_facts(match.event, day, view, ctx.today)  # a copy: shared
            if not holds(facts):
                continue
            # Quality is counted per rule and event: "one quality session in the next 7 days"
            # holds across a plan week's edge.
            key = (match.rule.id, match.event.first_day if match.event is not None else day)
            full = Match(match.rule, match.event, facts)
            outcomes.append(_outcome(full, session, paces.on(day), quality_seen[key]))
            if is_quality(session.baseline):
                quality_seen[key] += 1
        if outcomes:
            decided = _taught(_within_every_cap(_decide(outcomes), outcomes, paces.on(day)))
            after = decided.after
            if after is not None and session.status != "planned":
                after = after.model_copy(update={"status": session.status})  # history stays
            if decided.change is not None and after != session and _not_harder(session, after):
                message = _why(decided.match)
                view[day] = after or rest(session, session.baseline, message)
                sessions[day] = view[day]
                adjustments.append(_adjustment(decided, outcomes, session, after, day))
        if logged:
            continue  # load counts what was logged that day, not what was asked
        # Load facts of later days see what was just decided for this one.
        current = view[day]
        if current.is_running and current.kind is not WorkoutKind.RACE:
            runs[day] = current.minutes
        else:
            runs.pop(day, None)
    return adjustments


_Listening = tuple[bool, Callable[[Facts], bool], bool, bool]
"""How a match is decided: is it a load rule, its condition, does it count since its event,
and can its condition be tested on the slim facts (`_SLIM_READS`)."""
_SLIM_READS: Final = frozenset({"session.kind", "session.running", "session.minutes"})
"""The session facts the plan-wide load rules read: a day whose rules read no others is
tested on these (and the load and race facts) first, and most days stop there."""


def _listens(match: Match, known: dict[int, _Listening]) -> _Listening:
    """Work out once per match how it is decided, and keep it in `known`."""
    rule = match.rule
    reads = rule.reads
    how = (
        rule.category == "load",
        predicate(rule.when),
        bool(reads & _SINCE_FACTS),
        all(name in _SLIM_READS or name.startswith(("load.", "race.")) for name in reads),
    )
    known[id(match)] = how
    return how


_Tested = tuple[list[_Listening], bool, bool]
"""How a day's matches are tested: how each listens, can they all be tested on the slim
facts, and is any of them a load rule."""


def _tested(
    matches: Sequence[Match], listening: dict[int, _Listening], known: dict[int, _Tested]
) -> _Tested:
    """Work out once per sequence of matches how they are tested, and keep it in `known`."""
    hows = [listening.get(id(match)) or _listens(match, listening) for match in matches]
    how = (hows, all(how[3] for how in hows), any(how[0] for how in hows))
    known[id(matches)] = how
    return how


def _none_hold(
    matches: Sequence[Match],
    tested: _Tested,
    baseline: Session,
    day: dt.date,
    window: RunWindow,
    ctx: Context,
    races: Sequence[CompletedSession],
) -> bool:
    """True when no rule of the day can hold, tested on the slim facts alone.

    Only for days whose rules all read nothing but the slim session facts, load and race: their
    conditions then see the same values as on the full facts, so a False here is the answer,
    and the day is decided in full only when some rule holds. Exact, and it spares the full
    session facts on the days nothing fires, which is nearly every day of a plan.
    """
    hows, slim_only, any_load = tested
    if not slim_only:
        return False
    minutes = baseline.minutes
    slim: Facts = {
        "session.kind": baseline.kind._value_,
        "session.running": baseline.is_running,
        "session.minutes": round(minutes, 1),
    }
    if any_load:
        slim |= load_facts(day, window, ctx.plan, minutes, races, ill=ctx.ill)
    merged: dict[int, Facts] = {}
    for match, how in zip(matches, hows, strict=True):
        facts = merged.get(id(match.facts))
        if facts is None:
            facts = merged[id(match.facts)] = match.facts | slim
        if how[1](facts):
            return False
    return True


def _runs_so_far(ctx: Context, off: frozenset[dt.date]) -> dict[dt.date, float]:
    """Minutes run on each day before today that a decided day's load window can reach.

    As logged, else as planned; days off (missed, a break, an illness, a pause) count as not
    run at all. Days are decided from `Context.replay_from`, so runs more than
    `SPIKE_WINDOW` before it are never looked at (and their minutes never worked out).
    """
    first, today = ctx.replay_from - SPIKE_WINDOW, ctx.today
    runs = {when: minutes for when, minutes in ctx.runs_logged.items() if first <= when < today}
    for day, session in ctx.sessions.items():
        if not (first <= day < today) or day in off or day in runs:
            continue
        if session.is_running and session.kind is not WorkoutKind.RACE:
            runs[day] = session.minutes
    return dict(sorted(runs.items()))


def _outcome(
    match: Match, session: Session, paces: TrainingPaces | None, quality_index: int
) -> _Outcome:
    rule, baseline = match.rule, session.baseline
    message = _why(match)
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
    # Only the outcome that wins is taught as what it now is (`_taught`): most lose.
    # A rule that changes nothing asks for the session as first planned, whatever an earlier
    # adaptation made of it: its load is the baseline's, so adapting again decides the same.
    load = baseline.load if change is None else 0.0 if after is None else after.load
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


def _within_every_cap(
    decided: _Outcome, outcomes: Sequence[_Outcome], paces: TrainingPaces | None
) -> _Outcome:
    """The decided outcome, kept within every cap the matched rules set on the way.

    The most conservative outcome wins, and no cap is lost: no faster than the lowest effort
    any matched rule asks for (a spike-capped long run stays easy when a return-from-break rule
    says easy), and no longer than any matched rule allows (a day made easy for fatigue is also
    shortened when the lighter week asks for less). A rule whose cap is kept says why too.
    """
    after = decided.after
    if after is None or decided.change is None or after.kind in _UNCAPPED:
        return decided
    changed = [
        (outcome, outcome.after)
        for outcome in outcomes
        if outcome.change is not None
        and outcome.after is not None
        and outcome.after.kind not in _UNCAPPED
    ]
    also: list[_Outcome] = []
    lowest = min(
        changed, key=lambda pair: (pair[1].peak_effort, pair[0].match.rule.id), default=None
    )
    if lowest is not None and after.is_running and lowest[1].peak_effort < after.peak_effort:
        after = cap_effort(after, lowest[1].peak_effort, paces)
        also.append(lowest[0])
    same = [pair for pair in changed if pair[1].is_running == after.is_running]
    shortest = min(same, key=lambda pair: (pair[1].minutes, pair[0].match.rule.id), default=None)
    if shortest is not None and shortest[1].minutes < after.minutes - 1e-6:
        after = shorten(after, shortest[1].minutes, paces)
        also.append(shortest[0])
    if after is decided.after:
        return decided
    told: tuple[_Outcome, ...] = ()
    for outcome in also:  # in order, once each, and not the decided rule again
        if outcome.match.rule.id != decided.match.rule.id and outcome not in told:
            told = (*told, outcome)
    if told:
        after = _told_too(after, told)
    return dataclasses.replace(decided, after=after, load=after.load, also=told)


def _told_too(session: Session, also: Sequence[_Outcome]) -> Session:
    """`session` with the why of each rule in `also`, after its own "Adapted:" notes."""
    first = sum(1 for note in session.notes if note.startswith(_ADAPTED))
    told = tuple(f"{_ADAPTED}{_why(outcome.match)}" for outcome in also)
    notes = (*session.notes[:first], *told, *session.notes[first:])
    return session.model_copy(update={"notes": notes})


def _why(match: Match) -> str:
    """The rule's why, filled in with the facts it matched."""
    return fill_message(match.rule.why, match.facts)


def _taught(decided: _Outcome) -> _Outcome:
    """The decided outcome with the journal prompts and fuelling of what the session now is."""
    after = decided.after
    if after is None or decided.change is None:
        return decided
    after = reteach(after, illness=decided.match.rule.category == "illness")
    return dataclasses.replace(decided, after=after)


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
        message=with_lesson(" ".join(_why(o.match) for o in (decided, *decided.also)), rule),
        facts=dict(sorted(decided.match.facts.items())),
        severity=rule.severity,
        matched=(rule.id, *others),
        learn=rule.learn,
    )


def said_once(adjustments: Sequence[Adjustment], rules: RuleSet) -> tuple[Adjustment, ...]:
    """One message for a span, not one per day.

    A rule that says the same thing on many days says it in full on the first day and points
    back to it after: a two-week pause is one message.
    """
    first: dict[tuple[str, str], dt.date] = {}
    said = []
    for adjustment in adjustments:
        key = (adjustment.rule_id, adjustment.message)
        if key in first:
            since = first[key].strftime("%a %d %b")
            rule = rules.get(adjustment.rule_id)
            title = adjustment.rule_id if rule is None else rule.title
            adjustment = adjustment.model_copy(
                update={"message": f"{title}: as on {since}, for the same reason."}
            )
        else:
            first[key] = adjustment.date
        said.append(adjustment)
    return tuple(said)
