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
adapting an adapted plan with the same events changes nothing more.

The engine holds no rule knowledge: the rule language it runs (facts, scopes, conditions,
actions) is `balg_planner.rulebook`. Its parts: `matching` (rules against events and days),
`deciding` (one outcome per session) and `moving` (missed key sessions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from balg_planner.adapt.deciding import said_once, settle
from balg_planner.adapt.matching import Paces, check_events, match
from balg_planner.adapt.moving import reschedule
from balg_planner.compliance import match_completed
from balg_planner.compose.replan import looks_the_same, replan
from balg_planner.errors import BalgError
from balg_planner.events import Event, RaceDateChange
from balg_planner.plan import Adaptation, Adjustment, Advice, Change, Plan
from balg_planner.rulebook.facts import Context, profile_result
from balg_planner.rulebook.packs import RuleSet, with_builtin
from balg_planner.units import check_day
from balg_planner.workout import Session, WorkoutKind

__all__ = ["Adaptation", "adapt"]


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
        DataError: `today` is outside the supported dates (see `balg_planner.units.Day`), one
            of your rules reuses a built-in rule's id, or ``builtin_rules=False``
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
    check_day(today, "today")
    rules = with_builtin(rules, builtin=builtin_rules)
    events = tuple(events)
    check_events(plan, events, today)
    base, moved = _moved_race(plan, events, today)
    ctx = Context.of(base, events, today)
    paces = Paces(base=plan.athlete.paces, base_result=profile_result(plan))
    matches = match(rules, ctx, paces)
    sessions = dict(ctx.sessions)
    # Moves come first, so the rules of the new day (a cold, a short day) apply to them too.
    adjustments = _replanned(plan, base, today, moved, rules)
    adjustments += reschedule(matches.reschedules, ctx, sessions)
    adjustments += settle(matches.candidates, ctx, sessions, paces)
    _record_history(ctx, sessions)
    changes: dict[dt.date, Session | None] = {
        day: session for day, session in sessions.items() if session is not ctx.sessions[day]
    }
    changes |= {day: None for day in ctx.sessions if day not in sessions}
    adapted = base.with_sessions(changes)
    return Adaptation(
        original=plan,
        plan=adapted,
        today=today,
        events=events,
        adjustments=said_once(sorted(adjustments, key=lambda a: (a.date, a.rule_id)), rules),
        advice=_once_a_week(sorted((*matches.advice, *moved), key=lambda a: (a.date, a.rule_id))),
        paused=any(s.status == "paused" for s in adapted.sessions if s.date >= today),
    )


_ADVICE_GAP: Final = dt.timedelta(days=7)
"""A coaching word from one rule is said at most once in this many days."""


def _once_a_week(advice: list[Advice]) -> tuple[Advice, ...]:
    """The advice in date order, each coaching note at most once a week.

    Every run of a hard week that felt hard said the same thing again, ten notes in two
    weeks; the first says it. Safety advice (a warning sign) and every referral (each names
    its own reason, a knee one day, an Achilles the next) are always kept.
    """
    last: dict[str, dt.date] = {}
    kept = []
    for item in advice:
        said = last.get(item.rule_id)
        # A later day only: the same rule on the same day says something else (a moved race).
        again = said is not None and said < item.date < said + _ADVICE_GAP
        if again and item.kind == "note" and item.severity != "safety":
            continue
        last[item.rule_id] = item.date
        kept.append(item)
    return tuple(kept)


def _record_history(ctx: Context, sessions: dict[dt.date, Session]) -> None:
    """Past sessions say what happened.

    ``done`` when a completed session fulfils them (the same day, or the nearest day of the
    week), ``missed`` when missed.
    """
    past = [e for e in ctx.completed_events if e.date < ctx.today]
    matched, _ = match_completed(ctx.plan, past, before=ctx.today)
    for day, session in sessions.items():
        if day >= ctx.today or session.status != "planned" or session.kind is WorkoutKind.REST:
            continue
        if session.id in matched:
            sessions[day] = session.model_copy(update={"status": "done"})
        elif day in ctx.missed:
            sessions[day] = session.model_copy(update={"status": "missed"})


_MOVED: Final = "race.date.moved"
"""The rule whose message explains a re-plan for a moved race."""


def _moved_race(
    plan: Plan, events: tuple[Event, ...], today: dt.date
) -> tuple[Plan, tuple[Advice, ...]]:
    """The plan re-planned to the latest new race date, or why that date cannot be planned."""
    change = next((e for e in reversed(events) if isinstance(e, RaceDateChange)), None)
    if change is None or change.new_date == plan.end:
        return plan, ()
    try:
        since = today if change.date is None else min(change.date, today)
        return replan(plan, race_date=change.new_date, today=since), ()
    except BalgError as error:
        why = (
            f"The race cannot move to {change.new_date:%A %d %B %Y} in this plan: {error}. "
            "The plan keeps the old date; choose another race or compose a new plan."
        )
        advice = Advice(rule_id=_MOVED, date=today, kind="note", message=why, severity="coaching")
        return plan, (advice,)


def _replanned(
    plan: Plan, base: Plan, today: dt.date, moved: tuple[Advice, ...], rules: RuleSet
) -> list[Adjustment]:
    """One adjustment for each day from today on that the re-plan changed."""
    if base is plan:
        return []
    rule = rules.get(_MOVED)
    message = (
        rule.title if rule is not None else "The race moved: the plan from here was planned again."
    )
    message = f"{message.rstrip('.')}. The new race day is {base.end:%A %d %B %Y}."
    old = {s.date: s for s in plan.sessions if s.date >= today}
    new = {s.date: s for s in base.sessions if s.date >= today}
    adjustments = []
    for day in sorted(old.keys() | new.keys()):
        before, after = old.get(day), new.get(day)
        if before == after or (before and after and looks_the_same(before, after)):
            continue
        change: Change = "replaced" if before and after else "inserted" if after else "dropped"
        adjustments.append(
            Adjustment(
                rule_id=_MOVED,
                date=day,
                change=change,
                before=before,
                after=after,
                message=message,
                severity="coaching",
                matched=(_MOVED,),
            )
        )
    return adjustments
