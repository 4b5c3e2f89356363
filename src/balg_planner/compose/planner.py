"""`compose_plan`: check the inputs, pick the template, lay out the weeks, teach, report."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

from balg_planner.athlete import Athlete, Goal, Level
from balg_planner.catalog import find_template, load_template
from balg_planner.compose.progression import Outlook, long_run_day, outlook
from balg_planner.compose.runway import WeekPlan, phase_lengths, plan_weeks
from balg_planner.compose.sessions import WORK_EFFORT, Builder, builder_for, copy_session
from balg_planner.compose.week import History, compose_week
from balg_planner.effort import Effort
from balg_planner.errors import DataError, QuestionableInputWarning, ReadinessWarning
from balg_planner.plan import Phase, Plan, Readiness, Week
from balg_planner.schema import PhaseName, TemplateFile
from balg_planner.science import SPIKE, training_paces
from balg_planner.teaching import (
    fueling_note,
    journal_prompts,
    phase_rationale,
    race_fueling,
    routine_for,
    situations_of,
    skill_for_week,
    week_focus,
)
from balg_planner.workout import Session, StepPart, WorkoutKind

__all__ = ["compose_plan"]

_LOWER: dict[Level, tuple[Level, ...]] = {
    Level.ADVANCED: (Level.INTERMEDIATE, Level.BEGINNER),
    Level.INTERMEDIATE: (Level.BEGINNER,),
    Level.BEGINNER: (),
}


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."


def _check_inputs(
    template: TemplateFile, athlete: Athlete, goal: Goal, start: dt.date, weeks: int
) -> None:
    label = goal.distance.label
    if template.distance is not goal.distance:
        raise DataError(
            "template is for another distance",
            loc=("template",),
            value=template.id,
            hint=f"it is for a {template.distance.label}; the goal is a {label}",
        )
    plan_name = f"a {label} plan ({template.level.value})"
    if weeks < template.runway.min_weeks:
        earliest = start + dt.timedelta(weeks=template.runway.min_weeks - 1)
        raise DataError(
            f"{plan_name} needs at least {template.runway.min_weeks} weeks; the race is in {weeks}",
            loc=("goal", "race_date"),
            value=goal.race_date.isoformat(),
            hint=f"choose a race on or after {earliest.isoformat()}, or a shorter distance",
        )
    if athlete.weekly_minutes < template.volume.min_start_minutes:
        need = template.volume.min_start_minutes
        ramp = 1 + min(template.volume.ramp, SPIKE - 1)
        build = math.ceil(math.log(need / max(athlete.weekly_minutes, 1)) / math.log(ramp))
        earliest = start + dt.timedelta(weeks=build + template.runway.min_weeks - 1)
        raise DataError(
            f"{plan_name} starts from at least {need} min of running a week; you run "
            f"{athlete.weekly_minutes}",
            loc=("athlete", "weekly_minutes"),
            value=athlete.weekly_minutes,
            hint=f"build up for about {build} weeks first and choose a race on or after "
            f"{earliest.isoformat()}, or a shorter distance",
        )
    easy_min = template.sessions.easy_min_minutes
    days = athlete.availability.days
    usable = [day for day in days if athlete.availability.minutes(day) >= easy_min]
    if len(usable) < template.days.min_available:
        raise DataError(
            f"{plan_name} needs at least {template.days.min_available} days a week with "
            f"{easy_min} min or more; you have {len(usable)}",
            loc=("athlete", "availability"),
            value=len(usable),
            hint="add a day or minutes, or choose a template for fewer days (a lower level)",
        )
    longest_day = max(athlete.availability.minutes(day) for day in days)
    if longest_day < template.long_run.min_minutes:
        raise DataError(
            f"no day is long enough for the long run: it needs {template.long_run.min_minutes} "
            f"min and the longest day has {longest_day}",
            loc=("athlete", "availability"),
            value=longest_day,
            hint=f"give one day {template.long_run.min_minutes - longest_day} more minutes, or "
            "choose a shorter race",
        )
    if athlete.longest_run_minutes < easy_min:
        raise DataError(
            f"the longest recent run ({athlete.longest_run_minutes} min) is shorter than this "
            f"plan's shortest run ({easy_min} min)",
            loc=("athlete", "longest_run_minutes"),
            value=athlete.longest_run_minutes,
            hint="build to a continuous run of that length first (walk-run is fine)",
        )


def _choose(
    athlete: Athlete, goal: Goal, start: dt.date, weeks: int, template: str | None
) -> tuple[TemplateFile, list[str]]:
    """The template to plan with: the one named, the runner's level, or a lower one.

    A lower level's template is used when the runner's own does not fit where they are now;
    the plan's notes say so.
    """
    if template:
        chosen = load_template(template)
        _check_inputs(chosen, athlete, goal, start, weeks)
        return chosen, []
    own = find_template(goal.distance, athlete.level)
    try:
        _check_inputs(own, athlete, goal, start, weeks)
    except DataError as refusal:
        for level in _LOWER[athlete.level]:
            lower = find_template(goal.distance, level)
            try:
                _check_inputs(lower, athlete, goal, start, weeks)
            except DataError:
                continue
            note = (
                f"The {own.level.value} {goal.distance.label} plan does not fit yet "
                f"({refusal.what}); this plan uses the {level.value} template, which builds "
                "from where you are now."
            )
            return lower, [note]
        raise
    return own, []


@dataclass(slots=True)
class _Teacher:
    """Gives each session of one plan its day, id, journal prompts, fuelling and routine.

    Each session is copied once, with all of them: the week's sessions are undated values
    shared between weeks (see `Builder`).
    """

    plan_id: str
    level: Level
    used: dict[str, dt.date] = field(default_factory=dict)
    """When each journal prompt was last given, so prompts rotate."""

    def teach(self, session: Session, day: dt.date, week: WeekPlan) -> Session:
        """`session` on `day`, with its id and teaching."""
        session_id = _session_id(self.plan_id, day)
        if session.kind is WorkoutKind.REST:
            return copy_session(session, {"date": day, "id": session_id})
        situations = situations_of(session, week.phase)
        before, after = journal_prompts(session, situations, recent=self.used, day=day)
        self.used[before.id] = self.used[after.id] = day
        update: dict[str, object] = {
            "date": day,
            "id": session_id,
            "journal": (f"Before: {before.text}", f"After: {after.text}"),
            "fueling": fueling_note(session),
        }
        if session.kind in (WorkoutKind.STRENGTH, WorkoutKind.MOBILITY):
            update["routine"] = routine_for(
                session.kind,
                week.phase,
                self.level,
                week=week.number,
                minutes=round(session.minutes),
            )
        if session.kind is WorkoutKind.RACE:
            update["fueling"] = " ".join(race_fueling(session.minutes))
        return copy_session(session, update)


def _appearances(builder: Builder, weeks: Sequence[WeekPlan]) -> dict[WorkoutKind, int]:
    counts: dict[WorkoutKind, int] = dict.fromkeys(builder.template.workouts, 0)
    for week in weeks:
        if week.normal:
            for kind in builder.phase(week.phase).quality:
                counts[kind] += 1
    return counts


def _race_specific_minutes(session: Session, kind: WorkoutKind) -> float:
    """Minutes of race-specific running in one session (its kind's effort, work steps only)."""
    effort = WORK_EFFORT[kind]
    if session.kind is not kind and not (
        session.kind is WorkoutKind.LONG and effort is Effort.MARATHON
    ):
        return 0.0
    seconds = sum(
        step.time.total_seconds()
        for step in session.workout.expanded
        if step.part is StepPart.WORK and step.effort is effort
    )
    return seconds / 60


def _readiness(
    template: TemplateFile,
    athlete: Athlete,
    weeks: Sequence[Week],
    view: Outlook,
    weekly: Sequence[float],
) -> Readiness:
    """How far the plan gets; `weekly` is each week's running, the race left out."""
    building = [week for week in weeks if not week.taper] or list(weeks)
    long_peak = max(
        (s.minutes for week in building for s in week.sessions if s.kind is WorkoutKind.LONG),
        default=0.0,
    )
    kind = template.readiness.race_specific
    # Only sessions of that kind hold any (and long runs, for marathon-pace work): the others
    # are passed over here rather than one call each.
    long_too = WORK_EFFORT[kind] is Effort.MARATHON
    specific = max(
        (
            _race_specific_minutes(s, kind)
            for w in weeks
            for s in w.sessions
            if s.kind is kind or (long_too and s.kind is WorkoutKind.LONG)
        ),
        default=0.0,
    )
    peak_week = max(weekly)
    target = template.readiness.long_run_minutes
    reached = math.floor(long_peak + 1e-9) >= target
    return Readiness(
        long_run_target=target,
        long_run_peak=math.floor(long_peak + 1e-9),
        current_long_run=athlete.longest_run_minutes,
        race_specific_kind=kind,
        race_specific_target=template.readiness.race_specific_minutes,
        race_specific_peak=math.floor(specific + 1e-9),
        current_weekly=athlete.weekly_minutes,
        peak_weekly=math.floor(peak_week + 1e-9),
        limits=() if reached else view.limits,
    )


def _race_specific_note(
    template: TemplateFile, athlete: Athlete, readiness: Readiness
) -> str | None:
    """A note when the plan holds less race-specific work than the template aims for.

    It says whether the runner's days or the week's size hold it back.
    """
    peak, target = readiness.race_specific_peak, readiness.race_specific_target
    if peak >= target:
        return None
    kind = readiness.race_specific_kind
    spec = template.workouts[kind]
    reps = max(spec.min_reps, math.ceil(target / spec.rep_minutes[1]))
    recoveries = (reps - 1) * spec.rep_minutes[1] * spec.recovery
    sessions = template.sessions
    need = math.ceil(sessions.warmup_minutes + target + recoveries + sessions.cooldown_minutes)
    head = (
        f"The most race-specific work in one session reaches {peak} of the {target} min this "
        f"plan aims for ({kind.guide.name.lower()})"
    )
    long_day = long_run_day(template, athlete)
    days = athlete.availability
    if any(days.minutes(day) >= need for day in days.days if day is not long_day):
        return (
            f"{head}: the week's size holds it back, since one session stays within its share "
            "of the week (Daniels) and about a fifth of all running is fast. It grows as the "
            "week does."
        )
    return (
        f"{head}: the days hold it back. A weekday with about {need} minutes, away from the "
        "long run, would hold the full session."
    )


def _readiness_note(goal: Goal, readiness: Readiness, view: Outlook) -> str | None:
    if readiness.reached:
        return None
    head = (
        f"the long run reaches {readiness.long_run_peak} of the {readiness.long_run_target} min "
        f"a {goal.distance.label} needs"
    )
    fixes = "; or ".join(view.fixes)
    return f"{head}: {fixes}" if fixes else head


def compose_plan(
    athlete: Athlete, goal: Goal, *, start: dt.date, template: str | None = None
) -> Plan:
    """Compose a training plan from `start` to the goal's race day.

    The plan starts from what the runner does now and builds, from the race backwards, the
    long run and race-specific work the distance needs (``plan.readiness`` says how far it
    gets, and why not further).

    Args:
        athlete: The runner: level, current volume, available minutes per weekday.
        goal: The race distance and date (and optionally a target time).
        start: The first day of the plan (week 1 runs from here for seven days).
        template: A packaged template id (``"half-intermediate"``) or a path to a template
            file; by default the packaged template for the goal's distance and the athlete's
            level, or a lower level's when the runner's current week does not fit it yet.

    Returns:
        A `Plan` whose every session says why it is there.

    Raises:
        DataError: The inputs cannot give a safe plan (race too close, too little current
            running, too few available days, no day long enough for the long run); the
            message says which constraint fails and what would fix it.
        NotFoundError: `template` names no packaged template or file.
        SchedulingError: A week cannot hold even its long run.

    Warns:
        ReadinessWarning: The runner's days or runway cannot build the long run the race
            needs; the plan is the best safe one and its notes say what would get there.
        QuestionableInputWarning: Other legal but questionable input, such as a runway
            longer than the template's (the plan then starts later) or a target far beyond
            current fitness.

    Example:
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="intermediate", weekly_minutes=180, longest_run_minutes=75,
        ...                     availability={"tue": 45, "wed": 60, "fri": 45, "sun": 120},
        ...                     long_run_day="sun")
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="half", race_date=dt.date(2027, 4, 18)),
        ...                        start=dt.date(2027, 1, 25))
        >>> plan.template, len(plan.weeks), plan.race.date.isoformat()
        ('half-intermediate', 12, '2027-04-18')
    """
    if start > goal.race_date:
        raise DataError(
            "the race date is before the plan's start",
            loc=("goal", "race_date"),
            value=goal.race_date.isoformat(),
            hint=f"start on or before the race (start is {start.isoformat()})",
        )
    weeks = (goal.race_date - start).days // 7 + 1
    chosen, notes = _choose(athlete, goal, start, weeks, template)
    if weeks > chosen.runway.max_weeks:
        later = start + dt.timedelta(weeks=weeks - chosen.runway.max_weeks)
        message = (
            f"the race is {weeks} weeks away, more than this plan's {chosen.runway.max_weeks}; "
            f"the plan starts on {later.isoformat()} — until then keep running your current week"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(_sentence(message))
        start, weeks = later, chosen.runway.max_weeks
    favourite, day = athlete.long_run_day, long_run_day(chosen, athlete)
    if favourite is not None and day is not favourite:
        need = max(athlete.longest_run_minutes, chosen.long_run.min_minutes)
        message = (
            f"the long-run day ({favourite.value}) has {athlete.availability.minutes(favourite)} "
            f"min, less than the long run needs ({need}); the long run goes to {day.value} "
            "instead, the roomiest day"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(_sentence(message))
    target_vdot, vdot = goal.target_vdot, athlete.vdot
    if target_vdot is not None and vdot is not None and target_vdot > vdot * 1.05:
        message = (
            f"the target time asks for VDOT {target_vdot:.1f}, well beyond the current "
            f"{vdot:.1f}; training paces follow current fitness, so the plan stays safe"
        )
        warnings.warn(message, QuestionableInputWarning, stacklevel=2)
        notes.append(_sentence(message))

    plan_id = plan_key(chosen.id, athlete, goal, start)
    week_plans = plan_weeks(chosen, start, weeks)
    view = outlook(chosen, athlete, week_plans, start)
    builder = builder_for(chosen, None if vdot is None else training_paces(vdot))
    counts = _appearances(builder, week_plans)
    history = History()
    built: list[Week] = []
    teacher = _Teacher(plan_id, athlete.level)
    for plan_week in week_plans:
        shared = compose_week(builder, athlete, goal, plan_week, history, start, counts, view)
        first = plan_week.start.toordinal()
        sessions = [
            teacher.teach(session, dt.date.fromordinal(first + offset), plan_week)
            for offset, session in enumerate(shared)
        ]
        skill = skill_for_week(plan_week.number, plan_week.phase, race_week=plan_week.race_week)
        focus = week_focus(
            plan_week.phase, cutback=plan_week.cutback, race_week=plan_week.race_week
        )
        # Not validated here: its sessions are validated and the rest comes from the plan's
        # own layout. `Plan` below validates each week as it takes it, which runs Week's check
        # (sessions in date order, inside the week), and checks the weeks' numbers and starts
        # itself; validating here as well ran Week's check twice.
        built.append(
            Week.model_construct(
                number=plan_week.number,
                start=plan_week.start,
                phase=plan_week.phase,
                focus=focus,
                cutback=plan_week.cutback,
                skill=skill.id,
                sessions=tuple(sessions),
            )
        )
    readiness = _readiness(chosen, athlete, built, view, history.weekly)
    shortfall = _readiness_note(goal, readiness, view)
    if shortfall is not None:
        warnings.warn(shortfall, ReadinessWarning, stacklevel=2)
        notes.append(_sentence(shortfall))
    if athlete.weekly_minutes >= chosen.volume.peak_minutes:
        notes.append(
            f"You already run {athlete.weekly_minutes} min a week, at or above where this plan's "
            f"weeks top out ({chosen.volume.peak_minutes}): it holds your volume and sharpens "
            "it; a plan for the next level would build further."
        )
    specific = _race_specific_note(chosen, athlete, readiness)
    if specific is not None:
        notes.append(specific)
    if history.strength_missed:
        notes.append(
            f"Strength work found no room {history.strength_missed} times: your days are full "
            "with running, and running comes first. When a day has 15-20 spare minutes after an "
            "easy run, the routine fits there."
        )
    return Plan(
        id=plan_id,
        template=chosen.id,
        athlete=athlete,
        goal=goal,
        start=start,
        phases=_phases(chosen, weeks),
        weeks=tuple(built),
        notes=tuple(notes),
        readiness=readiness,
    )


def plan_key(template: str, athlete: Athlete, goal: Goal, start: dt.date) -> str:
    """A short, stable key for a plan: the same inputs always give the same key."""
    text = "|".join(
        (template, athlete.model_dump_json(), goal.model_dump_json(), start.isoformat())
    )
    return "p" + hashlib.sha256(text.encode()).hexdigest()[:10]


def _session_id(plan_id: str, day: dt.date) -> str:
    """A session's id: the plan's key and the day it was planned for (``YYYYMMDD``)."""
    # The digits `f"{day:%Y%m%d}"` gives, at a tenth of the cost of strftime.
    return f"{plan_id}-{day.year * 10000 + day.month * 100 + day.day}"


def _phases(template: TemplateFile, weeks: int) -> tuple[Phase, ...]:
    lengths = phase_lengths(template, weeks)
    phases = []
    first = 1
    for name in PhaseName:
        if lengths[name] == 0:
            continue
        spec = template.phase(name)
        phases.append(
            Phase(
                name=name,
                first_week=first,
                last_week=first + lengths[name] - 1,
                focus=spec.focus,
                rationale=phase_rationale(name, weeks=lengths[name]),
            )
        )
        first += lengths[name]
    return tuple(phases)
