"""The way back after missed sessions, as a coach reads it (reference MISS-01 to MISS-05).

A coach's finding: with every session of a week logged missed, the first days back were the
full scheduled week (a threshold run, the longest long run yet), because the easy return only
touched the next calendar day, a rest day for these runners. A week without running takes
the same staged return as a break of that length, counted from the first run back.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import pytest

import balg_planner as bp
from balg_planner.rulebook.shaping import is_quality
from tests.personas import compose

D = dt.date


@functools.cache
def _plan(persona: str) -> bp.Plan:
    return compose(persona)


def _missed_all(persona: str, first: dt.date, last: dt.date) -> list[bp.MissedSession]:
    """Every run of `persona`'s plan from `first` to `last`, logged missed."""
    return [
        bp.MissedSession(date=s.date)
        for s in _plan(persona).sessions
        if first <= s.date <= last and s.is_running
    ]


def _runs(plan: bp.Plan, first: dt.date, last: dt.date) -> list[bp.Session]:
    return [s for s in plan.sessions if first <= s.date <= last and s.is_running]


# persona, the missed week, today, the first run back, days without running
WEEKS = [
    ("busy-parent-half", (D(2027, 3, 22), D(2027, 3, 28)), D(2027, 3, 29), D(2027, 3, 30), 8),
    ("advanced-marathon", (D(2027, 3, 1), D(2027, 3, 7)), D(2027, 3, 8), D(2027, 3, 8), 8),
    ("new-runner-5k", (D(2027, 2, 22), D(2027, 2, 28)), D(2027, 3, 1), D(2027, 3, 2), 9),
]


@pytest.mark.parametrize(
    ("persona", "week", "today", "back", "off"), WEEKS, ids=[w[0] for w in WEEKS]
)
def test_a_missed_week_is_followed_by_a_staged_easy_return(
    persona: str, week: tuple[dt.date, dt.date], today: dt.date, back: dt.date, off: int
) -> None:
    """MISS-04: about a week without running gives half, then three quarters, easy only.

    No run of the way back (as long as the days off) is quality or longer than its share of
    the plan; the first run back is easy and at most about half of what was planned.
    """
    plan = _plan(persona)
    result = bp.adapt(plan, _missed_all(persona, *week), today=today)
    half = math.ceil(off / 2)
    first_half = _runs(result.plan, back, back + dt.timedelta(days=half - 1))
    second_half = _runs(
        result.plan, back + dt.timedelta(days=half), back + dt.timedelta(days=2 * half - 1)
    )
    assert first_half
    assert second_half
    for stage, share in ((first_half, 0.5), (second_half, 0.75)):
        for session in stage:
            planned = plan.session_on(session.date)
            assert planned is not None
            assert session.effort <= bp.Effort.EASY, session.title
            assert not is_quality(session), session.title
            assert session.minutes <= share * planned.minutes + 1, (session.date, session.title)
    first = first_half[0]
    assert first.date == back
    rules = {a.rule_id for a in result.adjustments if a.date == back}
    assert "missed.return.first_half" in rules


def test_the_parent_after_a_missed_week_gets_no_threshold_and_no_longest_long_run() -> None:
    """The coach's numbers: Tue 30 Mar was a 2 × 10 min threshold run, Sun 4 Apr 102 min."""
    events = _missed_all("busy-parent-half", D(2027, 3, 22), D(2027, 3, 28))
    plan = bp.adapt(_plan("busy-parent-half"), events, today=D(2027, 3, 29)).plan
    tuesday, sunday = plan.session_on(D(2027, 3, 30)), plan.session_on(D(2027, 4, 4))
    assert tuesday is not None
    assert sunday is not None
    assert tuesday.kind is bp.WorkoutKind.EASY
    assert tuesday.minutes <= 20
    assert sunday.minutes <= 77  # three quarters of 102, not the longest long run yet


def test_the_marathoner_after_a_missed_week_runs_no_marathon_pace_on_the_way_back() -> None:
    """The coach's numbers: Tue 9 Mar was 64:30 min at marathon pace, Sat 13 Mar 146 min."""
    events = _missed_all("advanced-marathon", D(2027, 3, 1), D(2027, 3, 7))
    plan = bp.adapt(_plan("advanced-marathon"), events, today=D(2027, 3, 8)).plan
    tuesday, saturday = plan.session_on(D(2027, 3, 9)), plan.session_on(D(2027, 3, 13))
    assert tuesday is not None
    assert saturday is not None
    assert tuesday.peak_effort <= bp.Effort.EASY
    assert tuesday.minutes <= 45
    assert saturday.minutes <= 110


def test_a_few_missed_days_make_only_the_first_run_back_easy() -> None:
    """MISS-03: 2-5 days without running; the first *run* back is easy, the rest as planned.

    busy-parent-half misses Thu 25 and Sun 28 Mar: the next day, Mon 29, is a rest day, and
    the first run back is the threshold run on Tue 30.
    """
    plan = _plan("busy-parent-half")
    events = [bp.MissedSession(date=D(2027, 3, 25)), bp.MissedSession(date=D(2027, 3, 28))]
    result = bp.adapt(plan, events, today=D(2027, 3, 29))
    tuesday = result.plan.session_on(D(2027, 3, 30))
    assert tuesday is not None
    assert tuesday.peak_effort <= bp.Effort.EASY
    (said,) = [a for a in result.adjustments if a.date == D(2027, 3, 30)]
    assert said.rule_id == "missed.several.easy_return"
    assert "5 days without running" in said.message
    for day in (D(2027, 3, 31), D(2027, 4, 1), D(2027, 4, 4)):
        assert result.plan.session_on(day) == plan.session_on(day)


@pytest.mark.parametrize(
    ("persona", "week", "today", "back", "off"), WEEKS, ids=[w[0] for w in WEEKS]
)
def test_a_scaled_run_keeps_at_least_ten_minutes(
    persona: str, week: tuple[dt.date, dt.date], today: dt.date, back: dt.date, off: int
) -> None:
    """Halving a beginner's 20-minute run left 9-minute "runs": scaling stops at the minimum."""
    adapted = bp.adapt(_plan(persona), _missed_all(persona, *week), today=today).plan
    planned = {s.date: s for s in _plan(persona).sessions}
    for run in _runs(adapted, back, back + dt.timedelta(days=2 * off)):
        assert run.minutes >= min(planned[run.date].minutes, 10) - 1e-9, (run.date, run.title)


def test_half_a_long_run_is_called_an_easy_run() -> None:
    """The beginner's 25-minute long run, halved on the way back, read "Long run, 12 min"."""
    events = _missed_all("new-runner-5k", D(2027, 2, 22), D(2027, 2, 28))
    plan = bp.adapt(_plan("new-runner-5k"), events, today=D(2027, 3, 1)).plan
    saturday = plan.session_on(D(2027, 3, 6))
    assert saturday is not None
    assert saturday.kind is bp.WorkoutKind.EASY
    assert saturday.title.startswith("Easy run")
