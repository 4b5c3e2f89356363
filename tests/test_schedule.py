import dataclasses
import datetime as dt
import itertools

import pytest

import balg_planner as bp
from balg_planner.compose.placement import solve as _solve
from balg_planner.compose.runway import WeekPlan as _WeekPlan
from balg_planner.schedule import Slot, SlotRole, WeekProblem, assign_days, trim_main_set

ALL = tuple(range(7))


def problem(*slots: Slot, minutes: tuple[int, ...] = (60,) * 7, **kw: object) -> WeekProblem:
    return WeekProblem(minutes=minutes, slots=slots, **kw)  # type: ignore[arg-type]


def test_hard_sessions_are_48_hours_apart() -> None:
    week = problem(
        Slot("b_long", SlotRole.LONG, 30, (6, 5, 4)),
        Slot("c_q0", SlotRole.QUALITY, 30, (5, 1, 2)),
        Slot("c_q1", SlotRole.QUALITY, 30, (4, 2, 3)),
    )
    days = assign_days(week)
    assert days is not None
    hard = sorted(days.values())
    assert all(b - a >= 2 for a, b in itertools.pairwise(hard))
    assert days["b_long"] == 6  # the preferred day is honoured when it can be


def test_preferences_are_tried_in_order() -> None:
    days = assign_days(problem(Slot("d_easy0", SlotRole.EASY, 20, (3, 1, 5))))
    assert days == {"d_easy0": 3}


def test_days_too_short_are_not_in_the_domain() -> None:
    minutes = (60, 20, 20, 20, 20, 20, 20)
    days = assign_days(problem(Slot("b_long", SlotRole.LONG, 45, ALL), minutes=minutes))
    assert days == {"b_long": 0}


def test_strength_never_the_day_before_a_hard_session() -> None:
    week = problem(
        Slot("b_long", SlotRole.LONG, 30, (6,)),
        Slot("e_strength0", SlotRole.STRENGTH, 20, (5, 4)),
    )
    assert assign_days(week) == {"b_long": 6, "e_strength0": 4}


def test_nothing_hard_two_days_before_the_race_even_from_the_week_before() -> None:
    week = problem(Slot("c_q0", SlotRole.QUALITY, 30, (6, 5, 4, 3)), race_day=7)
    assert assign_days(week) == {"c_q0": 4}


def test_a_hard_last_day_keeps_monday_easy() -> None:
    week = problem(Slot("c_q0", SlotRole.QUALITY, 30, (0, 2)), hard_before=True)
    assert assign_days(week) == {"c_q0": 2}


def test_impossible_weeks_have_no_answer() -> None:
    week = problem(
        Slot("b_long", SlotRole.LONG, 30, (0, 1)),
        Slot("c_q0", SlotRole.QUALITY, 30, (0, 1)),
    )
    assert assign_days(week) is None


def test_identical_problems_are_solved_once() -> None:
    assign_days.cache_clear()
    week = problem(Slot("d_easy0", SlotRole.EASY, 20, (2, 4)))
    first = assign_days(week)
    assert assign_days(week) is first
    assert assign_days.cache_info().hits == 1


def test_a_week_that_cannot_hold_its_long_run_names_the_clash() -> None:
    week = _WeekPlan(
        number=3,
        start=dt.date(2027, 1, 18),
        phase=bp.PhaseName.BASE,
        cutback=False,
        taper_index=None,
        race_week=False,
    )
    minutes = (30, 0, 0, 0, 0, 0, 0)
    stuck = problem(Slot("b_long", SlotRole.LONG, 45, ALL), minutes=minutes)
    with pytest.raises(bp.SchedulingError) as info:
        _solve(week, stuck, room=7, relaxed=45)
    assert info.value.code == "scheduling"
    assert info.value.loc == ("week 3",)
    assert "mon 30 min" in str(info.value)


def test_a_problem_with_other_slots_is_the_one_dataclasses_replace_gives() -> None:
    """`WeekProblem.with_slots` keeps every other field (it stands in for `replace`)."""
    week = problem(Slot("b_long", SlotRole.LONG, 30, ALL), hard_before=True, race_day=8)
    slots = (Slot("d_easy0", SlotRole.EASY, 20, ALL),)
    assert week.with_slots(slots) == dataclasses.replace(week, slots=slots)
    assert week.with_slots(slots, max_in_a_row=2) == dataclasses.replace(
        week, slots=slots, max_in_a_row=2
    )


def test_a_trimmed_main_set_keeps_the_fewest_reps_that_make_the_session() -> None:
    """20 minutes holds a 10-minute warm-up, one 3-minute rep and a 5-minute cool-down, but
    not two reps: with two as the fewest, nothing fits; with room for two, two are kept."""
    assert trim_main_set(20, (10, 15), 5, 3, (5, 10)) == (12.0, 1, 5.0)
    assert trim_main_set(20, (10, 15), 5, 3, (5, 10), fewest=2) is None
    assert trim_main_set(23, (10, 15), 5, 3, (5, 10), fewest=2) == (12.0, 2, 5.0)
    assert trim_main_set(60, (10, 15), 1, 3, (5, 10), fewest=2) is None
