"""The safety and coaching invariants of adaptations, over generated plans and events."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner.adapt import deciding
from balg_planner.strategies import adaptations, events, plans, rule_sets
from tests.titles import assert_title_says_what_the_steps_do

Inputs = tuple[bp.Plan, list[bp.Event], dt.date]


@st.composite
def adaptation_inputs(draw: st.DrawFn) -> Inputs:
    """A composed plan, a day within it, and events around that day."""
    plan = draw(plans())
    today = plan.start + dt.timedelta(days=draw(st.integers(0, (plan.end - plan.start).days)))
    return plan, draw(events(plan=plan, today=today)), today


_REPLAN = "race.date.moved"
"""A moved race re-plans the weeks from today: a new plan, not an adaptation of the old one."""


def _adapt(inputs: Inputs) -> bp.Adaptation:
    plan, events, today = inputs
    return bp.adapt(plan, events, today=today)


@given(adaptation_inputs())
def test_nothing_is_lost(inputs: Inputs) -> None:
    """Every session from today on is unchanged or named by an adjustment."""
    plan, _, today = inputs
    result = _adapt(inputs)
    named = {a.date for a in result.adjustments} | {
        a.after.date for a in result.adjustments if a.after is not None
    }
    for session in result.plan.sessions:
        if session.date >= today and session != plan.session_on(session.date):
            assert session.date in named, session.date
    if result.plan.end != plan.end:
        return  # the race moved: the days from the day it moved were planned again (all named)
    moved_from = {a.date for a in result.adjustments if a.change == "moved"}
    kept = [s.date for s in plan.sessions if s.date not in moved_from]
    assert [s.date for s in result.plan.sessions if s.date not in moved_from] == kept


@given(adaptation_inputs())
def test_never_harder_never_crammed(inputs: Inputs) -> None:
    """No change raises a session's effort, its hardest step or its minutes; a move keeps it.

    A race keeps its course: its effort never rises and its pace never gets faster (a target
    that follows lower fitness, or an easy run of the course, takes longer, and that is gentler).
    """
    result = _adapt(inputs)
    for adjustment in result.adjustments:
        before, after = adjustment.before, adjustment.after
        if after is None or before is None or adjustment.rule_id == _REPLAN:
            continue  # a moved race is a new plan from the day it moved, not an adaptation
        if adjustment.change == "moved":
            assert after.workout == before.workout
            continue
        assert after.effort <= before.effort
        assert after.peak_effort <= before.peak_effort
        if before.kind is bp.WorkoutKind.RACE and after.kind is bp.WorkoutKind.RACE:
            assert after.distance == before.distance
            (old,), (new,) = before.workout.flat_steps(), after.workout.flat_steps()
            assert old.pace is not None
            assert new.pace is not None
            assert new.pace.fast >= old.pace.fast
            continue
        assert after.minutes <= before.minutes + 1e-6
    plan, _, today = inputs
    if result.plan.end != plan.end:
        return

    def training(session: bp.Session) -> bool:
        return (
            session.date >= today and session.is_running and session.kind is not bp.WorkoutKind.RACE
        )

    original = sum(s.minutes for s in plan.sessions if training(s))
    adapted = sum(s.minutes for s in result.plan.sessions if training(s))
    moved = sum(a.after.minutes for a in result.adjustments if a.change == "moved" and a.after)
    assert adapted <= original + moved + 1e-6


@given(adaptation_inputs())
def test_no_hard_days_back_to_back(inputs: Inputs) -> None:
    """Adapting never leaves two hard sessions on adjacent days (a missed one did not happen)."""
    _, events, today = inputs
    result = _adapt(inputs)
    missed = {e.date for e in events if isinstance(e, bp.MissedSession)}
    hard = [
        s.date
        for s in result.plan.sessions
        if s.is_hard and s.date >= today - dt.timedelta(days=1) and s.date not in missed
    ]
    for earlier, later in itertools.pairwise(hard):
        session = result.plan.session_on(later)
        moved_race = session is not None and session.kind is bp.WorkoutKind.RACE
        if earlier < today and moved_race and result.plan.end != inputs[0].end:
            continue  # the runner moved the race to today: yesterday is history
        assert (later - earlier).days >= 2, later


@given(adaptation_inputs())
def test_idempotent_and_deterministic(inputs: Inputs) -> None:
    """Adapting the adapted plan with the same events changes nothing and says nothing new;
    results repeat exactly."""
    _plan, events, today = inputs
    result = _adapt(inputs)
    again = bp.adapt(result.plan, events, today=today)
    assert again.plan == result.plan
    assert again.adjustments == ()
    assert _adapt(inputs).model_dump_json() == result.model_dump_json()


@given(adaptation_inputs())
def test_ids_are_unique_and_stable(inputs: Inputs) -> None:
    """Every session keeps its id through adaptation (a moved one on its new day), no id
    appears twice, and no session appears twice."""
    plan, _, _ = inputs
    result = _adapt(inputs)
    ids = [s.id for s in result.plan.sessions]
    assert len(ids) == len(set(ids))
    if result.plan.end == plan.end:
        assert set(ids) <= {s.id for s in plan.sessions}
    else:  # re-planned to a new race day: every day keeps the plan's id for that day,
        # and a missed session moved to another day keeps its own
        assert all(
            s.id == f"{plan.id}-{s.date:%Y%m%d}"
            for s in result.plan.sessions
            if s.status != "moved"
        )
    for session in result.plan.sessions:
        if session.original is not None:
            assert session.id == session.original.id
    for adjustment in result.adjustments:
        if adjustment.before is not None and adjustment.after is not None:
            assert adjustment.after.id == adjustment.before.id


@given(adaptation_inputs())
def test_no_running_while_febrile_or_in_the_gate(inputs: Inputs) -> None:
    """No run on a day with fever or systemic symptoms, nor in the 48 hours after."""
    plan, events, today = inputs
    result = _adapt(inputs)
    for event in events:
        if isinstance(event, bp.Illness) and event.systemic:
            last = (event.end or max(today, event.start)) + dt.timedelta(
                days=2 if event.fever else 1
            )
            day = max(event.start, today)
            while day <= min(last, plan.end):
                session = result.plan.session_on(day)
                assert session is None or not session.is_running, day
                day += dt.timedelta(days=1)


@given(adaptation_inputs())
def test_no_intensity_on_an_above_the_neck_day(inputs: Inputs) -> None:
    """With a cold, no step of a run on a symptomatic day is harder than easy (no strides)."""
    plan, events, today = inputs
    result = _adapt(inputs)
    for event in events:
        if isinstance(event, bp.Illness) and event.above_neck_only:
            day = max(event.start, today)
            while day <= min(event.end or max(today, event.start), plan.end):
                session = result.plan.session_on(day)
                assert (
                    session is None
                    or session.peak_effort <= bp.Effort.EASY
                    or not session.is_running
                ), day
                day += dt.timedelta(days=1)


@given(adaptation_inputs())
def test_no_running_on_red_flag_pain(inputs: Inputs) -> None:
    """From a red-flag pain report until the next report of that place (or a Resume once the
    runner is cleared, which starts the walk-run way back), no running."""
    plan, events, today = inputs
    result = _adapt(inputs)
    pains = [e for e in events if isinstance(e, bp.Pain)]
    resumes = [e.date for e in events if isinstance(e, bp.Resume)]
    for pain in pains:
        if not pain.red_flag:
            continue
        later = [
            p.date
            for p in pains
            if p.date > pain.date and p.location.lower() == pain.location.lower()
        ] + [day for day in resumes if day > pain.date]
        end = min(later) - dt.timedelta(days=1) if later else plan.end
        day = max(pain.date, today)
        while day <= end:
            session = result.plan.session_on(day)
            if session is not None and session.kind is not bp.WorkoutKind.RACE:
                assert not session.is_running, day
            day += dt.timedelta(days=1)


@given(adaptation_inputs())
def test_adaptations_round_trip_through_json(inputs: Inputs) -> None:
    """An adaptation, its plans and its events survive JSON."""
    _, events, _ = inputs
    result = _adapt(inputs)
    assert bp.Adaptation.model_validate_json(result.model_dump_json()) == result
    assert bp.parse_events(bp.dump_events(events)) == tuple(events)


@given(adaptations())
def test_adapted_titles_match_their_steps(adaptation: bp.Adaptation) -> None:
    """Every session an adaptation changes is titled from its new steps, lengths and all."""
    for adjustment in adaptation.adjustments:
        after = adjustment.after
        if after is None or adjustment.change == "moved":
            continue  # a move keeps the steps, and so the title, as planned
        if after.kind is bp.WorkoutKind.RACE:
            assert after.title.startswith("Race day")  # a race keeps its name, target or not
            continue
        assert after.title in ("Paused", "Do not start", bp.format_title(after.kind, after.workout))
        assert "(adapted)" not in after.title
        assert_title_says_what_the_steps_do(after)


@given(adaptation_inputs())
def test_a_race_is_never_reshaped_like_a_training_run(inputs: Inputs) -> None:
    """Race day stays as planned, becomes "do not start", is run easy with no target, or keeps
    its course with a slower target; it is never shortened, trimmed or quietly eased."""
    plan, _, today = inputs
    result = _adapt(inputs)
    if result.plan.end != plan.end:  # the race moved: compare with the re-planned race
        plan = bp.compose.replan(plan, race_date=result.plan.end, today=today)
    race = plan.race
    after = result.plan.session_on(race.date)
    assert after is not None
    if after == race:
        return
    if after.kind is bp.WorkoutKind.REST:
        assert after.title == "Do not start"
        return
    assert after.kind is bp.WorkoutKind.RACE
    assert after.distance == race.distance
    if after.title.endswith("easy, no target"):
        assert after.effort <= bp.Effort.EASY
        assert not any(note.startswith("Target about") for note in after.notes)
    else:
        assert after.effort == race.effort
        assert any(
            "revised for your fitness" in note or "No time target" in note for note in after.notes
        )


_PAUSES: tuple[Callable[[dt.date], bp.Event], ...] = (
    lambda day: bp.Illness(start=day, end=day, symptoms={"chest_pain"}),
    lambda day: bp.Illness(start=day, end=day, symptoms={"fainting", "fever"}),
    lambda day: bp.Pain(date=day, location="shin", score=4, sharp=True),
    lambda day: bp.Pain(date=day, location="shin", score=4, bone_tenderness=True),
    lambda day: bp.Pain(date=day, location="shin", score=8),
)


@given(plans(), st.data())
def test_the_first_week_back_holds_no_quality(plan: bp.Plan, data: st.DataObject) -> None:
    """After a Resume that ends a pause (cardiac signs, red-flag, bone or severe pain), the first
    week back is easy running, walk-runs or rest: nothing faster than easy, no race effort."""
    span = (plan.end - plan.start).days
    start = plan.start + dt.timedelta(days=data.draw(st.integers(0, max(span - 2, 0))))
    back = start + dt.timedelta(days=data.draw(st.integers(1, max((plan.end - start).days, 1))))
    if back > plan.end:
        return
    event = data.draw(st.sampled_from(_PAUSES))(start)
    result = bp.adapt(plan, [event, bp.Resume(date=back, cleared_by="a doctor")], today=back)
    for session in result.plan.sessions:
        if back <= session.date < back + dt.timedelta(days=7):
            assert session.peak_effort <= bp.Effort.EASY, (session.date, session.title)


@given(adaptation_inputs(), rule_sets())
def test_custom_rules_never_remove_a_built_in_safety_outcome(
    inputs: Inputs, custom: bp.RuleSet
) -> None:
    """Your rules add to the built-in packs: wherever a built-in safety rule decided a session,
    adding rules leaves it no less careful: not running stays not running, and a run stays a
    run with no more load, or becomes rest or cross-training (rest < cross-training < easier)."""
    plan, events_, today = inputs
    alone = bp.adapt(plan, events_, today=today)
    both = bp.adapt(plan, events_, today=today, rules=custom)
    for adjustment in alone.adjustments:
        if adjustment.severity != "safety" or adjustment.change == "moved":
            continue
        before = alone.plan.session_on(adjustment.date)
        after = both.plan.session_on(adjustment.date)
        assert before is not None
        assert after is not None
        if not before.is_running:
            assert not after.is_running, adjustment.date
        elif after.is_running:
            assert after.load <= before.load + 1e-6, adjustment.date


@given(adaptation_inputs())
def test_adaptation_never_adds_a_race_or_raises_a_kind(inputs: Inputs) -> None:
    """No change turns a session into a race, a long run or quality work it was not."""
    plan, _, _ = inputs
    result = _adapt(inputs)
    races = sum(1 for s in result.plan.sessions if s.kind is bp.WorkoutKind.RACE)
    assert races <= sum(1 for s in plan.sessions if s.kind is bp.WorkoutKind.RACE)
    gentler = {
        bp.WorkoutKind.REST,
        bp.WorkoutKind.EASY,
        bp.WorkoutKind.RECOVERY,
        bp.WorkoutKind.CROSS_TRAINING,
        bp.WorkoutKind.MOBILITY,
    }
    for adjustment in result.adjustments:
        before, after = adjustment.before, adjustment.after
        if before is None or after is None or adjustment.rule_id == _REPLAN:
            continue
        assert after.kind is before.kind or after.kind in gentler
        assert after.is_hard <= before.is_hard or adjustment.change == "moved"


@given(adaptation_inputs())
def test_a_re_imported_calendar_keeps_every_uid(inputs: Inputs) -> None:
    """Every event of the plan's calendar is still in the adapted one: unchanged sessions as
    they were, changed ones with a higher SEQUENCE, removed ones cancelled."""
    import icalendar

    plan, _, _ = inputs
    result = _adapt(inputs)

    def events(data: bytes) -> dict[str, tuple[int, tuple[str, ...]]]:
        return {
            str(e["uid"]): (
                int(e.decoded("sequence")),
                (str(e["summary"]), str(e.get("status")), str(e.decoded("dtstart"))),
            )
            for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        }

    before, after = events(bp.to_ics(plan)), events(bp.to_ics(result))
    assert set(before) <= set(after)
    for uid, (sequence, seen) in before.items():
        now_sequence, now_seen = after[uid]
        if now_seen != seen:
            assert now_sequence > sequence, (uid, seen, now_seen)


@given(adaptation_inputs())
def test_the_slim_first_pass_changes_no_decision(inputs: Inputs) -> None:
    """Days are first tested on the slim facts (`deciding._none_hold`); deciding every day on
    the full facts gives the very same adaptation."""
    slim = _adapt(inputs).model_dump_json()
    with mock.patch.object(deciding, "_none_hold", return_value=False):
        full = _adapt(inputs).model_dump_json()
    assert slim == full
