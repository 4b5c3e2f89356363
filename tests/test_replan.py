"""Moving the race re-plans the weeks from today; history and ids stay."""

from __future__ import annotations

import datetime as dt

import pytest

import balg_planner as bp
from tests.personas import compose

D = dt.date


def test_a_later_race_re_plans_the_rest_with_the_taper_before_the_new_day() -> None:
    plan = compose("busy-parent-half")
    today = D(2027, 3, 1)
    later = plan.end + dt.timedelta(weeks=3)
    result = bp.adapt(plan, [bp.RaceDateChange(new_date=later)], today=today)
    moved = result.plan
    assert moved.end == later
    assert moved.race.date == later
    assert moved.weeks[-1].taper
    # History is kept exactly as it was.
    assert [s for s in moved.sessions if s.date < today] == [
        s for s in plan.sessions if s.date < today
    ]
    # Ids stay unique, and every day keeps the plan's id for that day.
    ids = [s.id for s in moved.sessions]
    assert len(ids) == len(set(ids))
    assert all(s.id == f"{plan.id}-{s.date:%Y%m%d}" for s in moved.sessions)
    # Every change from today on is named.
    named = {a.date for a in result.adjustments}
    for session in moved.sessions:
        if session.date >= today and session != plan.session_on(session.date):
            assert session.date in named
    (note,) = [a for a in result.advice if a.rule_id == "race.date.moved"]
    assert f"{(later - today).days} days away" in note.message
    again = bp.adapt(moved, [bp.RaceDateChange(new_date=later)], today=today)
    assert again.adjustments == ()
    assert again.plan == moved


def test_a_race_moved_too_close_keeps_the_plan_and_says_why() -> None:
    plan = compose("advanced-marathon")
    today = D(2027, 2, 9)
    result = bp.adapt(plan, [bp.RaceDateChange(new_date=D(2027, 2, 20))], today=today)
    assert result.plan.end == plan.end
    (note,) = [a for a in result.advice if a.rule_id == "race.date.moved" and "cannot" in a.message]
    assert "choose another race" in note.message


def test_replan_keeps_past_weeks_and_continues_a_fresh_runway() -> None:
    plan = compose("comeback-10k")
    today = D(2027, 2, 15)
    moved = bp.compose.replan(plan, race_date=D(2027, 4, 24), today=today)
    week = plan.week_of(today)
    assert week is not None
    assert moved.weeks[: week.number - 1] == plan.weeks[: week.number - 1]
    assert moved.weeks[week.number - 1].start == week.start
    assert moved.end == D(2027, 4, 24)
    with pytest.raises(bp.DataError):
        bp.compose.replan(plan, race_date=D(2027, 2, 1), today=today)


def test_a_race_moved_earlier_keeps_a_sound_runway_from_the_plan_start() -> None:
    """Seven weeks from today is too short for a half on its own, but not for the plan that
    started five weeks ago: the runway counts from the plan's start."""
    plan = compose("busy-parent-half")
    moved = bp.adapt(plan, [bp.RaceDateChange(new_date=D(2027, 4, 18))], today=D(2027, 3, 1))
    assert moved.plan.end == D(2027, 4, 18)
    assert moved.plan.weeks[-1].taper
