"""Planned versus done: matching completed sessions to planned ones, week by week."""

from __future__ import annotations

import datetime as dt

import balg_planner as bp
from tests.personas import compose

D = dt.date


def test_a_run_on_another_day_fulfils_the_nearest_planned_run_of_its_week() -> None:
    plan = compose("new-runner-5k")
    week = plan.weeks[1]
    runs = [s for s in week.sessions if s.is_running]
    first = runs[0]
    moved = bp.CompletedSession(
        date=first.date + dt.timedelta(days=1), minutes=first.minutes, rpe=4
    )
    that_day = plan.session_on(moved.date)
    assert that_day is None or not that_day.is_running  # nothing was planned to run that day
    rows = plan.compliance([moved], today=week.end + dt.timedelta(days=1))
    row = rows[week.number - 1]
    assert row.sessions_done == 1
    assert row.extra == 0
    result = bp.adapt(plan, [moved], today=week.end + dt.timedelta(days=1))
    status = result.plan.session_on(first.date)
    assert status is not None
    assert status.status == "done"


def test_a_ride_on_a_free_day_is_extra_and_planned_minutes_are_counted() -> None:
    plan = compose("new-runner-5k")
    week = plan.weeks[0]
    free = next(s.date for s in week.sessions if not s.is_running)
    ride = bp.CompletedSession(date=free, minutes=40, kind="cross_training")
    (row, *_) = plan.compliance([ride], today=week.end + dt.timedelta(days=1))
    assert row.extra == 1
    assert row.sessions_done == 0
    assert row.minutes_planned == round(week.running_minutes, 1)


def test_heart_rate_is_compared_with_the_planned_effort() -> None:
    runner = bp.Athlete(
        level="beginner", weekly_minutes=90, longest_run_minutes=35, max_hr=190,
        availability={"tue": 40, "thu": 40, "sat": 60},
    )  # fmt: skip
    plan = bp.compose_plan(
        runner, bp.Goal(distance="5k", race_date=D(2027, 3, 20)), start=D(2027, 1, 4)
    )
    easy = next(s for s in plan.weeks[0].sessions if s.effort is bp.Effort.EASY and s.is_running)
    too_hard = bp.CompletedSession(date=easy.date, minutes=easy.minutes, avg_hr=178)
    (row, *_) = plan.compliance([too_hard], today=plan.weeks[1].start)
    assert row.efforts == {easy.id: "above"}
    result = bp.adapt(plan, [too_hard], today=plan.weeks[1].start)
    assert result.compliance() == [row]


def test_minutes_at_each_effort_judge_easy_and_quality_sessions() -> None:
    plan = compose("advanced-marathon")
    week = next(w for w in plan.weeks if any(s.effort is bp.Effort.THRESHOLD for s in w.sessions))
    easy = next(s for s in week.sessions if s.effort is bp.Effort.EASY and s.is_running)
    tempo = next(s for s in week.sessions if s.effort is bp.Effort.THRESHOLD)
    work = tempo.workout.time_per_effort()[bp.Effort.THRESHOLD].total_seconds() / 60
    E, M, T = bp.Effort.EASY, bp.Effort.MARATHON, bp.Effort.THRESHOLD

    def did(session: bp.Session, minutes: dict[bp.Effort, float]) -> str:
        done = bp.CompletedSession(
            date=session.date, minutes=sum(minutes.values()), effort_minutes=minutes,
            zones_by="heart rate",
        )  # fmt: skip
        (row,) = [r for r in plan.compliance([done], today=week.end) if r.week == week.number]
        return row.efforts[session.id]

    assert did(easy, {E: 40, M: 5}) == "in band"
    assert did(easy, {E: 20, M: 20}) == "above"
    assert did(tempo, {E: 25, T: work}) == "in band"
    assert did(tempo, {E: 25, M: work}) == "below"
    assert did(tempo, {E: 25, bp.Effort.INTERVAL: work}) == "above"


def test_how_it_felt_is_compared_with_the_planned_effort() -> None:
    """Without heart rate, RPE against the planned effort's RPE range."""
    plan = compose("busy-parent-half")
    week = plan.weeks[9]
    easy = next(s for s in week.sessions if s.effort is bp.Effort.EASY and s.is_running)
    hard = next(s for s in week.sessions if s.effort >= bp.Effort.THRESHOLD)

    def felt(session: bp.Session, rpe: int) -> str:
        done = bp.CompletedSession(date=session.date, minutes=session.minutes, rpe=rpe)
        (row,) = [r for r in plan.compliance([done], today=week.end) if r.week == week.number]
        return row.efforts[session.id]

    assert felt(easy, 9) == "above"
    assert felt(easy, 3) == "in band"
    assert felt(easy, 1) == "in band"
    assert felt(hard, 7) == "in band"
    assert felt(hard, 3) == "below"
