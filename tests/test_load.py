"""Load analytics against worked examples and closed forms (reference LOAD-03, LOAD-04)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

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
