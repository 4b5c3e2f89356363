"""Pain reports as a coach reads them: the same place counted by day."""

from __future__ import annotations

import datetime as dt

import balg_planner as bp
from balg_planner.rulebook.facts import Context, event_facts, pain_facts
from tests.personas import compose

D = dt.date


def _calf(day: dt.date, location: str = "left calf", score: int = 3) -> bp.Pain:
    return bp.Pain(date=day, location=location, score=score, settles_by_morning=True)


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
    facts = event_facts(reports[-1], Context.of(compose("advanced-marathon"), reports, day))
    assert facts is not None
    assert facts["pain.reports_7d"] == 3  # 4, 8 and 11 March
    assert facts["pain.reports_14d"] == 4  # and 1 March; 24 February is 15 days before
    alone = pain_facts(_calf(day))  # triage knows only the one report
    assert (alone["pain.reports_7d"], alone["pain.reports_14d"]) == (1, 1)
    assert pain_facts(_calf(day, score=0))["pain.reports_7d"] == 0
