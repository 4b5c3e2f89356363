"""Load analytics against worked examples and closed forms (reference LOAD-03, LOAD-04)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import balg_planner as bp
from balg_planner.load import (
    FATIGUE_DAYS,
    FITNESS_DAYS,
    acwr,
    acwr_ewma,
    fitness_fatigue,
    monotony,
    session_rpe_load,
    strain,
)

DAY = dt.date(2027, 1, 4)


def test_session_rpe_load_is_minutes_times_rpe() -> None:
    """Foster 2001: 60 minutes at RPE 7 is 420 arbitrary units."""
    assert session_rpe_load(60, 7) == 420


def test_monotony_and_strain_follow_foster() -> None:
    """A week of loads: monotony is mean / sample SD, strain is the total times it."""
    week = [60.0, 60.0, 70.0, 50.0, 90.0, 0.0, 120.0]
    mean = sum(week) / 7
    sd = math.sqrt(sum((x - mean) ** 2 for x in week) / 6)
    assert monotony(week) == pytest.approx(mean / sd)
    assert strain(week) == pytest.approx(sum(week) * mean / sd)
    assert monotony([50.0] * 7) is None  # no spread: undefined, not infinite


def test_acwr_of_steady_load_is_one_and_a_doubled_week_is_higher() -> None:
    steady = {DAY + dt.timedelta(days=n): 100.0 for n in range(28)}
    assert acwr(steady, DAY + dt.timedelta(days=27)) == 1.0
    spiked = dict(steady) | {DAY + dt.timedelta(days=n): 200.0 for n in range(21, 28)}
    # acute 1400, chronic (2100 + 1400) / 4 = 875 -> 1.6, above Gabbett's 1.5
    assert acwr(spiked, DAY + dt.timedelta(days=27)) == 1.6
    assert acwr({}, DAY) is None


def test_ewma_acwr_of_steady_load_tends_to_one() -> None:
    steady = {DAY + dt.timedelta(days=n): 100.0 for n in range(200)}
    assert acwr_ewma(steady, DAY + dt.timedelta(days=199), since=DAY) == pytest.approx(1, abs=1e-3)


def test_fitness_and_fatigue_match_their_closed_forms() -> None:
    """Constant load L from zero: ATL_n = L(1 - (1 - 1/7)^n), CTL_n = L(1 - (1 - 1/42)^n)."""
    load, days = 100.0, 60
    daily = {DAY + dt.timedelta(days=n): load for n in range(days)}
    series = fitness_fatigue(daily, start=DAY, end=DAY + dt.timedelta(days=days - 1))
    last = series[-1]
    assert last.fatigue == pytest.approx(load * (1 - (1 - 1 / FATIGUE_DAYS) ** days))
    assert last.fitness == pytest.approx(load * (1 - (1 - 1 / FITNESS_DAYS) ** days))
    assert last.form == pytest.approx(series[-2].fitness - series[-2].fatigue)


def test_a_taper_raises_form() -> None:
    """Three steady weeks then a week at half load: form on race day is higher than before."""
    daily = {DAY + dt.timedelta(days=n): 400.0 for n in range(21)}
    daily |= {DAY + dt.timedelta(days=n): 200.0 for n in range(21, 28)}
    series = fitness_fatigue(daily, start=DAY, end=DAY + dt.timedelta(days=28))
    assert series[-1].form > series[20].form


def test_a_plans_taper_brings_form_up_on_race_day() -> None:
    """The planned load of a composed plan: form on race day is above its peak-phase low."""
    from tests.personas import compose

    plan = compose("advanced-marathon")
    series = fitness_fatigue(plan.daily_loads(), start=plan.start, end=plan.end)
    peak = plan.weeks_in("peak")[-1]
    lowest_in_peak = min(f.form for f in series if peak.start <= f.day <= peak.end)
    assert series[-1].form > lowest_in_peak


def test_the_load_picture_projects_the_plan_to_race_day() -> None:
    """Without events: every day planned, fitness seeded from the runner's recent running."""
    from tests.personas import compose

    plan = compose("busy-parent-half")
    days = plan.load_days()
    assert [d.date for d in days][0 :: len(days) - 1] == [plan.start, plan.end]
    assert len(days) == (plan.end - plan.start).days + 1
    assert all(d.done is None and d.load == d.planned for d in days)
    assert sum(d.planned for d in days) == pytest.approx(plan.load, abs=len(days))
    seed = plan.athlete.weekly_minutes * bp.effort_guide("easy").rpe_midpoint / 7
    assert days[0].form == 0
    assert days[0].fitness == pytest.approx(seed + (days[0].load - seed) / FITNESS_DAYS, abs=0.1)
    assert days[-1].form > 0  # the taper leaves the runner fresh on race day
    training = [d for d in days if d.date < plan.end]
    assert all(d.acwr is not None and d.acwr < 1.5 for d in training)  # no training spike


def test_the_load_picture_counts_what_was_done() -> None:
    """Before today: logged RPE counts, a missed day is zero, an unlogged day as planned."""
    from tests.personas import compose

    plan = compose("busy-parent-half")
    runs = [s for s in plan.weeks[1].sessions if s.is_running]
    logged, missed, unlogged = runs[0], runs[1], runs[2]
    events: list[bp.Event] = [
        bp.CompletedSession(date=logged.date, minutes=50, rpe=6),
        bp.MissedSession(date=missed.date),
    ]
    today = unlogged.date + dt.timedelta(days=1)
    by_day = {d.date: d for d in plan.load_days(events, today=today)}
    assert by_day[logged.date].done == 300
    assert by_day[missed.date].done == 0
    assert by_day[unlogged.date].done == pytest.approx(unlogged.load, abs=0.1)
    assert by_day[today].done is None
    assert by_day[today].load == by_day[today].planned
    result = bp.adapt(plan, events, today=today)
    assert result.load_days()[0:3] == plan.load_days(events, today=today)[0:3]


def test_done_load_uses_the_best_thing_known() -> None:
    from balg_planner.compliance import done_load

    day = dt.date(2027, 1, 5)
    minutes = {bp.Effort.EASY: 30.0, bp.Effort.THRESHOLD: 10.0}
    easy, threshold = (bp.effort_guide(e).rpe_midpoint for e in minutes)
    assert done_load(bp.CompletedSession(date=day, minutes=40, rpe=7)) == 280
    assert done_load(
        bp.CompletedSession(date=day, minutes=40, effort_minutes=minutes)
    ) == pytest.approx(30 * easy + 10 * threshold)
    assert done_load(bp.CompletedSession(date=day, minutes=40)) == 40 * easy


def test_weekly_monotony_and_strain_come_from_the_days() -> None:
    from tests.personas import compose

    plan = compose("new-runner-5k")
    days = plan.load_days()
    week = plan.weeks[0]
    (row, *_) = plan.load_weeks()
    loads = [d.load for d in days if week.start <= d.date <= week.end]
    assert row.load == pytest.approx(sum(loads), abs=0.5)
    assert row.monotony == pytest.approx(monotony(loads), abs=0.01)
    assert row.strain == pytest.approx(strain(loads), rel=0.01)
