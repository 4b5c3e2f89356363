"""Mild pain as a coach reads it: easy, no longer than an ordinary easy day, more care if it recurs."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner.rulebook.facts import Context, event_facts, pain_facts
from balg_planner.strategies import plans
from tests.personas import compose

D = dt.date
ORDINARY_EASY = {bp.WorkoutKind.EASY, bp.WorkoutKind.RECOVERY, bp.WorkoutKind.STRIDES}


@functools.cache
def _plan(persona: str) -> bp.Plan:
    return compose(persona)


def _calf(day: dt.date, location: str = "left calf", score: int = 3) -> bp.Pain:
    return bp.Pain(date=day, location=location, score=score, settles_by_morning=True)


def _session(plan: bp.Plan, day: dt.date) -> bp.Session:
    session = plan.session_on(day)
    assert session is not None
    return session


def _longest_easy_run(plan: bp.Plan, first: dt.date) -> float:
    """The longest easy run of the seven days from `first`: an ordinary easy day."""
    week = [plan.session_on(first + dt.timedelta(days=offset)) for offset in range(7)]
    return max(s.minutes for s in week if s is not None and s.kind in ORDINARY_EASY)


def test_the_marathoners_marathon_pace_run_becomes_an_ordinary_easy_day() -> None:
    """Regression: with a 3/10 calf, Tue 9 Mar's marathon-pace session became an 89:30 easy run,
    longer than any of his midweek easy runs (60 to 75 minutes)."""
    plan = _plan("advanced-marathon")
    before = _session(plan, D(2027, 3, 9))
    assert before.kind is bp.WorkoutKind.MARATHON_PACE
    assert before.minutes == pytest.approx(89.5)
    result = bp.adapt(plan, [_calf(D(2027, 3, 8))], today=D(2027, 3, 8))
    after = _session(result.plan, D(2027, 3, 9))
    assert after.kind is bp.WorkoutKind.EASY
    assert after.peak_effort <= bp.Effort.EASY
    assert after.minutes <= _longest_easy_run(plan, D(2027, 3, 8)) == 75
    assert after.title == "Easy run, 75 min"
    (change,) = [a for a in result.adjustments if a.date == D(2027, 3, 9)]
    assert change.rule_id == "pain.quality.no_longer"
    assert "no longer than your easy runs this week (75 min)" in change.message
    assert "stop and report it" in change.message


def test_the_beginners_fartlek_is_not_her_longest_midweek_run_with_a_sore_calf() -> None:
    """Regression: the beginner's 29-minute fartlek became a 29-minute easy run, her longest
    midweek run so far; it is now no longer than her easy run that week."""
    plan = _plan("new-runner-5k")
    fartlek = D(2027, 2, 23)
    assert _session(plan, fartlek).kind is bp.WorkoutKind.FARTLEK
    result = bp.adapt(plan, [_calf(fartlek)], today=fartlek)
    after = _session(result.plan, fartlek)
    assert after.kind is bp.WorkoutKind.EASY
    assert after.minutes <= _longest_easy_run(plan, fartlek)
    midweek = [
        s.minutes
        for s in plan.sessions
        if s.date < fartlek and s.kind not in (bp.WorkoutKind.LONG, bp.WorkoutKind.REST)
    ]
    assert after.minutes <= max(midweek)


@pytest.mark.parametrize("persona", ["new-runner-5k", "busy-parent-half", "advanced-marathon"])
def test_mild_pain_leaves_no_run_longer_or_faster_than_an_ordinary_easy_day(persona: str) -> None:
    """Invariant, for a mild settling pain reported on any Tuesday of the plan: in the three days
    it touches every run is easy, never longer than planned, and a fast session that became easy
    is no longer than the longest easy run of the week."""
    plan = _plan(persona)
    tuesdays = [s.date for s in plan.sessions if s.date.weekday() == 1 and s.date < plan.end]
    for day in tuesdays:
        result = bp.adapt(plan, [_calf(day)], today=day)
        for offset in range(3):
            when = day + dt.timedelta(days=offset)
            before, after = plan.session_on(when), result.plan.session_on(when)
            if before is None or after is None or not before.is_running:
                continue
            if before.kind is bp.WorkoutKind.RACE:
                continue
            assert after.peak_effort <= bp.Effort.EASY, when
            assert after.minutes <= before.minutes + 1e-6, when
            if before.effort >= bp.Effort.MARATHON and before.kind is not bp.WorkoutKind.LONG:
                assert after.minutes <= _longest_easy_run(plan, day) + 1e-6, when


def test_the_same_pain_again_within_a_week_steps_up_to_a_lighter_week() -> None:
    """Regression: a second report of the same mild calf pain three days later only repeated
    "as on Mon 08 Mar, for the same reason"; now the next seven days are easy and shorter."""
    plan = _plan("advanced-marathon")
    second = D(2027, 3, 11)
    events = [_calf(D(2027, 3, 8)), _calf(second, location="Left calf ")]
    result = bp.adapt(plan, events, today=second)
    (change,) = [a for a in result.adjustments if a.date == second]
    assert change.rule_id == "pain.recurring.lighter"
    assert "as on" not in change.message
    assert "hurt on 2 days this past week" in change.message
    for offset in range(7):
        day = second + dt.timedelta(days=offset)
        before, after = _session(plan, day), _session(result.plan, day)
        if not before.is_running:
            continue
        assert after.peak_effort <= bp.Effort.EASY, day
        assert after.minutes <= 0.8 * before.minutes + 1e-6, day
    long_run = D(2027, 3, 13)
    assert _session(plan, long_run).kind is bp.WorkoutKind.LONG
    assert _session(result.plan, long_run).minutes < _session(plan, long_run).minutes
    # A single report leaves that long run as planned: mild pain that settles keeps the load.
    once = bp.adapt(plan, [_calf(second)], today=second)
    assert _session(once.plan, long_run) == _session(plan, long_run)


def test_a_third_report_in_two_weeks_refers_to_a_physiotherapist() -> None:
    """The beginner's calf on three Tuesdays in a row: have it looked at."""
    plan = _plan("new-runner-5k")
    days = [D(2027, 2, 16), D(2027, 2, 23), D(2027, 3, 2)]
    result = bp.adapt(plan, [_calf(day) for day in days], today=days[-1])
    referrals = [a for a in result.advice if a.rule_id == "pain.recurring.refer"]
    assert [a.date for a in referrals] == [days[-1]]
    assert referrals[0].to == "a physiotherapist or sports doctor"
    assert "hurt on 3 days in the last two weeks" in referrals[0].message
    again = bp.adapt(result.plan, result.events, today=result.today)
    assert again.plan == result.plan


@given(plan=plans(), data=st.data())
def test_a_second_report_of_settling_pain_never_asks_for_less_care(
    plan: bp.Plan, data: st.DataObject
) -> None:
    """Invariant: after a report of pain that settles (5/10 or less, no red flags), a second
    report of the same place within a week never leaves a session from that day on longer or
    harder than the first report alone did."""
    runway = (plan.end - plan.start).days
    first = plan.start + dt.timedelta(days=data.draw(st.integers(0, runway)))
    second = min(first + dt.timedelta(days=data.draw(st.integers(0, 7))), plan.end)
    scores = st.integers(0, 5)
    reports = [_calf(first, score=data.draw(scores)), _calf(second, score=data.draw(scores))]
    once = bp.adapt(plan, reports[:1], today=second)
    twice = bp.adapt(plan, reports, today=second)
    for alone, again in zip(once.plan.sessions, twice.plan.sessions, strict=True):
        if alone.date < second:
            continue
        assert again.minutes <= alone.minutes + 1e-6, alone.date
        assert again.peak_effort <= alone.peak_effort, alone.date


def test_reports_of_the_same_place_are_counted_by_day() -> None:
    """The same words (any case or spacing) are the same place; a day counts once; another
    place, a day outside the window or a report of 0/10 does not count."""
    day = D(2027, 3, 11)
    reports = [
        _calf(D(2027, 2, 24)),
        _calf(D(2027, 3, 1)),
        _calf(D(2027, 3, 4), location=" LEFT CALF"),
        _calf(D(2027, 3, 8)),
        _calf(D(2027, 3, 8)),
        _calf(D(2027, 3, 9), location="right knee"),
        _calf(D(2027, 3, 10), score=0),
        _calf(day),
    ]
    facts = event_facts(reports[-1], Context.of(_plan("advanced-marathon"), reports, day))
    assert facts is not None
    assert facts["pain.reports_7d"] == 3  # 4, 8 and 11 March
    assert facts["pain.reports_14d"] == 4  # and 1 March; 24 February is 15 days before
    alone = pain_facts(_calf(day))  # triage knows only the one report
    assert (alone["pain.reports_7d"], alone["pain.reports_14d"]) == (1, 1)
    assert pain_facts(_calf(day, score=0))["pain.reports_7d"] == 0
