"""Four runners the golden plans are composed for."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import balg_planner as bp


class Persona(NamedTuple):
    athlete: bp.Athlete
    goal: bp.Goal
    start: dt.date


PERSONAS: dict[str, Persona] = {
    # A new runner's first 5K on three days a week, planned by effort (no race yet).
    "new-runner-5k": Persona(
        bp.Athlete(
            level="beginner",
            weekly_minutes=60,
            longest_run_minutes=25,
            availability={"tue": 40, "thu": 40, "sat": 60},
        ),
        bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
        dt.date(2027, 1, 4),
    ),
    # A busy parent's half: three short weekdays and a long Sunday.
    "busy-parent-half": Persona(
        bp.Athlete(
            level="intermediate",
            weekly_minutes=170,
            longest_run_minutes=70,
            availability={"tue": 40, "wed": 45, "thu": 40, "sun": 150},
            recent_race=bp.RaceResult(distance="10k", time="52:00"),
            long_run_day="sun",
        ),
        bp.Goal(distance="half", race_date=dt.date(2027, 5, 2)),
        dt.date(2027, 1, 25),
    ),
    # A comeback runner rebuilding towards a 10K from an older half-marathon result.
    "comeback-10k": Persona(
        bp.Athlete(
            level="intermediate",
            weekly_minutes=120,
            longest_run_minutes=50,
            availability={"mon": 45, "wed": 50, "fri": 45, "sat": 75},
            recent_race=bp.RaceResult(distance="half", time="1:50:00"),
            long_run_day="sat",
        ),
        bp.Goal(distance="10k", race_date=dt.date(2027, 4, 10)),
        dt.date(2027, 1, 11),
    ),
    # An advanced marathoner on six days a week with heart-rate data.
    "advanced-marathon": Persona(
        bp.Athlete(
            level="advanced",
            weekly_minutes=420,
            longest_run_minutes=120,
            availability={"mon": 60, "tue": 90, "wed": 75, "thu": 90, "fri": 60, "sat": 150},
            recent_race=bp.RaceResult(distance="half", time="1:25:00"),
            long_run_day="sat",
            max_hr=185,
            resting_hr=48,
        ),
        bp.Goal(distance="marathon", race_date=dt.date(2027, 5, 2)),
        dt.date(2027, 1, 4),
    ),
}

# Extra runners for adaptation cases (not golden plans).
EXTRA: dict[str, Persona] = {
    # Runs four days but has time every day: room to move a missed session.
    "flexible-10k": Persona(
        bp.Athlete(
            level="beginner",
            weekly_minutes=120,
            longest_run_minutes=50,
            availability=dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 60),
            recent_race=bp.RaceResult(distance="5k", time="27:00"),
            long_run_day="fri",
        ),
        bp.Goal(distance="10k", race_date=dt.date(2027, 4, 11)),
        dt.date(2027, 1, 4),
    ),
}


def compose(name: str) -> bp.Plan:
    persona = PERSONAS.get(name) or EXTRA[name]
    return bp.compose_plan(persona.athlete, persona.goal, start=persona.start)


def runner(**overrides: object) -> bp.Athlete:
    """The README's runner (intermediate, 180 min a week, four days), with `overrides`."""
    fields: dict[str, object] = {
        "level": "intermediate",
        "weekly_minutes": 180,
        "longest_run_minutes": 75,
        "availability": {"mon": 45, "wed": 60, "fri": 45, "sun": 120},
        "long_run_day": "sun",
    }
    fields.update(overrides)
    return bp.Athlete(**fields)
