"""Moving the race re-plans the weeks from today; history and ids stay."""

from __future__ import annotations

import datetime as dt

import pytest

import balg_planner as bp
from balg_planner.compose.replan import looks_the_same
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


def test_the_days_already_lived_this_week_stay_as_they_were() -> None:
    """The race moves on a Thursday: Monday to Wednesday keep their sessions and statuses."""
    plan = compose("busy-parent-half")
    thursday = D(2027, 3, 4)
    monday = thursday - dt.timedelta(days=3)
    done = [bp.CompletedSession(date=s.date, minutes=s.minutes, rpe=4)
            for s in plan.sessions if monday <= s.date < thursday and s.is_running]  # fmt: skip
    change = bp.RaceDateChange(new_date=plan.end + dt.timedelta(weeks=2))
    result = bp.adapt(plan, [*done, change], today=thursday)
    lived = [s for s in result.plan.sessions if monday <= s.date < thursday]
    assert [s.model_copy(update={"status": "planned"}) for s in lived] == [
        s for s in plan.sessions if monday <= s.date < thursday
    ]
    assert {s.status for s in lived if s.is_running} == {"done"}


def test_a_re_planned_session_counts_one_more_revision() -> None:
    plan = compose("advanced-marathon")
    today = D(2027, 2, 15)
    moved = bp.compose.replan(plan, race_date=plan.end + dt.timedelta(weeks=2), today=today)
    changed = unchanged = 0
    for session in moved.sessions:
        old = plan.session_on(session.date)
        if session.date < today or old is None:
            assert session.revision == 0
        elif looks_the_same(old, session):
            unchanged += 1
            assert session.revision == 0
        else:
            changed += 1
            assert session.revision == session.sequence == 1
    assert changed > 0
    assert unchanged > 0
    # A second move counts on from the first.
    again = bp.compose.replan(moved, race_date=moved.end + dt.timedelta(weeks=1), today=today)
    for session in again.sessions:
        old = moved.session_on(session.date)
        if session.date >= today and old is not None:
            assert session.revision == old.sequence + (not looks_the_same(old, session))
    first_race_day = again.session_on(plan.end)
    assert first_race_day is not None
    assert first_race_day.revision >= 1


def test_a_dated_race_change_re_plans_from_the_same_day_every_night() -> None:
    """An app that adapts the first plan every night gets the same re-plan each night."""
    plan = compose("busy-parent-half")
    change = bp.RaceDateChange(new_date=plan.end + dt.timedelta(weeks=2), date=D(2027, 3, 1))
    first = bp.adapt(plan, [change], today=D(2027, 3, 1)).plan
    later = bp.adapt(plan, [change], today=D(2027, 3, 5)).plan
    assert first.sessions == later.sessions


def test_a_race_moved_to_today_keeps_yesterday_as_history() -> None:
    """Found by Hypothesis: the race moved to today, after yesterday's long run. Yesterday is
    history; the race stays the race, today."""
    runner = bp.Athlete(
        level="beginner", weekly_minutes=60, longest_run_minutes=15,
        availability={"mon": 15, "tue": 30, "wed": 15},
    )  # fmt: skip
    plan = bp.compose_plan(
        runner, bp.Goal(distance="10k", race_date=D(2027, 4, 19)), start=D(2027, 1, 4)
    )
    today = D(2027, 4, 14)
    result = bp.adapt(plan, [bp.RaceDateChange(new_date=today)], today=today)
    race = result.plan.session_on(today)
    assert race is not None
    assert race.kind is bp.WorkoutKind.RACE
    assert result.plan.session_on(today - dt.timedelta(days=1)) == plan.session_on(
        today - dt.timedelta(days=1)
    )


def test_a_moved_missed_session_keeps_its_id_through_a_re_plan() -> None:
    """Found by Hypothesis: a missed session moved to the next day keeps its own id there."""
    runner = bp.Athlete(
        level="advanced", weekly_minutes=220, longest_run_minutes=63,
        availability={"mon": 30, "tue": 45, "wed": 45, "thu": 46, "fri": 70, "sat": 46, "sun": 30},
    )  # fmt: skip
    plan = bp.compose_plan(
        runner, bp.Goal(distance="10k", race_date=D(2027, 3, 1)), start=D(2027, 1, 4)
    )
    missed = plan.session_on(D(2027, 1, 12))
    assert missed is not None
    events: list[bp.Event] = [
        bp.MissedSession(date=missed.date),
        bp.RaceDateChange(new_date=D(2027, 3, 29)),
    ]
    result = bp.adapt(plan, events, today=D(2027, 1, 13))
    assert result.plan.end == D(2027, 3, 29)
    ids = [s.id for s in result.plan.sessions]
    assert len(ids) == len(set(ids))
    (moved,) = [s for s in result.plan.sessions if s.status == "moved"]
    assert moved.id == missed.id
    assert moved.date > missed.date
    for session in result.plan.sessions:
        if session is not moved:
            assert session.id == f"{plan.id}-{session.date:%Y%m%d}"
