"""Support work: strength, mobility and cross-training on the days the runs leave free.

Support never changes the runs. Strength with no free day follows an easy or quality run only
when that day has room for the whole run and the strength work, never before a hard day and
never two days running (reference STR-01); otherwise the plan says it had no room.
"""

from __future__ import annotations

from typing import Final

from balg_planner.athlete import Athlete
from balg_planner.compose.placement import WeekPlacement
from balg_planner.compose.runway import WeekPlan
from balg_planner.compose.sessions import Builder, copy_session
from balg_planner.schedule import SlotRole
from balg_planner.schema import PhaseSpec, TemplateFile
from balg_planner.teaching import routine_for
from balg_planner.workout import Session, WorkoutKind

__all__ = ["SUPPORT", "place_support", "support_minutes"]

SUPPORT: Final = {
    "e_strength": WorkoutKind.STRENGTH,
    "f_mobility": WorkoutKind.MOBILITY,
    "g_cross": WorkoutKind.CROSS_TRAINING,
}
"""Slot-name prefixes of the sessions that are not runs, and their kinds."""
_SUPPORT_ROLES: Final = frozenset({SlotRole.STRENGTH, SlotRole.OTHER})
"""The roles of `SUPPORT`'s slots."""


def place_support(
    builder: Builder,
    week: WeekPlan,
    spec: PhaseSpec,
    athlete: Athlete,
    placement: WeekPlacement,
    sessions: dict[int, Session],
) -> int:
    """Strength, mobility and cross-training on free days; strength after a run if need be.

    Returns:
        How many of the phase's strength sessions the week had no room for.
    """
    template = builder.template
    placed = 0
    for slot in placement.slots:
        if slot.role not in _SUPPORT_ROLES:
            continue  # a run: no need to read its name
        placed += slot.role is SlotRole.STRENGTH
        kind = next((k for prefix, k in SUPPORT.items() if slot.name.startswith(prefix)), None)
        if kind is not None:
            offset = placement.day_of(slot)
            sessions[offset] = builder.support(kind, support_minutes(template, kind))
    missing = spec.strength - placed
    if missing <= 0 or week.race_week:
        return 0
    strength = template.sessions.strength_minutes
    hard = {day for day, s in sessions.items() if s.is_hard or s.key}
    strength_days = {day for day, s in sessions.items() if s.kind is WorkoutKind.STRENGTH}

    def fits(day: int, session: Session) -> bool:
        # The run keeps its full length: strength only where the day has room for both
        # (STR-01: after easy or quality runs), never before a hard day or on the last day,
        # and never two days running (checked as days are taken).
        return (
            session.is_running
            and session.kind not in (WorkoutKind.LONG, WorkoutKind.RACE)
            and placement.day_minutes[day] - session.minutes >= strength
            and day < 6
            and day + 1 not in hard
        )

    candidates = sorted(
        (day for day, session in sessions.items() if fits(day, session)),
        key=lambda day: (sessions[day].key, -placement.day_minutes[day], day),
    )
    routine = (
        routine_for(
            WorkoutKind.STRENGTH, week.phase, athlete.level, week=week.number, minutes=strength
        )
        if candidates
        else None
    )
    placed_after = 0
    for day in candidates:
        if placed_after == missing or routine is None:
            break
        if {day - 1, day + 1} & strength_days:
            continue
        run = sessions[day]
        note = f"After the run: {routine.name.lower()}, about {routine.minutes} min."
        sessions[day] = copy_session(run, {"routine": routine, "notes": (*run.notes, note)})
        strength_days.add(day)
        placed_after += 1
    return missing - placed_after


def support_minutes(template: TemplateFile, kind: WorkoutKind) -> int:
    """The template's length of one strength, mobility or cross-training session."""
    sessions = template.sessions
    return {
        WorkoutKind.STRENGTH: sessions.strength_minutes,
        WorkoutKind.MOBILITY: sessions.mobility_minutes,
        WorkoutKind.CROSS_TRAINING: sessions.cross_training_minutes,
    }[kind]
