"""Adaptation at the edges (issue 11): the reproductions, as tests of what should happen."""

from __future__ import annotations

import datetime as dt
import functools

import balg_planner as bp
from tests.personas import compose

D = dt.date


@functools.cache
def marathon() -> bp.Plan:
    return compose("advanced-marathon")


def _on(result: bp.Adaptation, day: dt.date) -> bp.Adjustment:
    (adjustment,) = [a for a in result.adjustments if a.date == day]
    return adjustment


def test_a_coaching_outcome_more_cautious_than_the_safety_floor_wins() -> None:
    """Safety is a floor, then the most conservative outcome overall (reproduction 2)."""
    events: list[bp.Event] = [
        bp.CompletedSession(date=D(2027, 2, 20), minutes=100, rpe=5),
        bp.CompletedSession(date=D(2027, 3, 6), minutes=115, rpe=5),
        bp.CompletedSession(date=D(2027, 3, 13), minutes=120, rpe=5),
        bp.Illness(start=D(2027, 3, 14), end=D(2027, 3, 15), symptoms={"fever"}),
    ]
    result = bp.adapt(marathon(), events, today=D(2027, 3, 16))
    long_run = _on(result, D(2027, 3, 20))
    assert set(long_run.matched) == {"illness.return.easy", "load.spike.cap"}
    assert long_run.rule_id == "illness.return.easy"
    assert long_run.after is not None
    assert long_run.after.minutes <= 132  # within the spike cap's floor, and shorter still
    assert long_run.after.minutes < 120
