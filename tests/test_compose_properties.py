"""The safety and coaching invariants of composed plans, over generated runners and runways."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given

import balg_planner as bp
from balg_planner.catalog import load_template
from balg_planner.compose.progression import shortest_long_run
from balg_planner.strategies import plan_inputs

SPIKE = 1.10


def _compose(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> bp.Plan:
    athlete, goal, start = inputs
    return bp.compose_plan(athlete, goal, start=start)


@given(plan_inputs())
def test_weekly_minutes_rise_at_most_ten_percent(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """A normal week runs at most 10 % more than the last normal week, or than the runner's
    current week when that is more (running what the body already does is no ramp)."""
    plan = _compose(inputs)
    current = float(plan.athlete.weekly_minutes)
    reference = current
    for week in plan.weeks:
        if week.cutback or week.taper:
            continue
        assert week.running_minutes <= SPIKE * reference + 1, week.number
        reference = max(week.running_minutes, current)


@given(plan_inputs())
def test_a_cutback_at_least_every_fourth_week(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Any four weeks in a row outside the taper include a cutback week."""
    plan = _compose(inputs)
    build = [week for week in plan.weeks if not week.taper]
    for index in range(len(build) - 3):
        assert any(week.cutback for week in build[index : index + 4])


@given(plan_inputs())
def test_no_run_spikes_over_the_last_30_days(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """No training run is longer than 110 % of the longest run of the 30 days before it."""
    plan = _compose(inputs)
    runs = [s for s in plan.sessions if s.is_running and s.kind is not bp.WorkoutKind.RACE]
    for session in runs:
        window = [
            other.minutes
            for other in runs
            if session.date - dt.timedelta(days=30) <= other.date < session.date
        ]
        if session.date - dt.timedelta(days=30) < plan.start:
            window.append(plan.athlete.longest_run_minutes)
        assert session.minutes <= SPIKE * max(window) + 0.5, session.date


@given(plan_inputs())
def test_never_two_hard_days_in_a_row(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Hard sessions (threshold and faster, long runs, the race) never fall on adjacent days."""
    plan = _compose(inputs)
    hard = [s.date for s in plan.sessions if s.is_hard]
    for earlier, later in itertools.pairwise(hard):
        assert (later - earlier).days >= 2, later


@given(plan_inputs())
def test_beginners_get_a_full_rest_day_each_week(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """Every full week of a beginner's plan has a day with no session at all."""
    plan = _compose(inputs)
    if plan.athlete.level is not bp.Level.BEGINNER:
        return
    for week in plan.weeks[:-1]:
        assert any(s.kind is bp.WorkoutKind.REST for s in week.sessions), week.number


@given(plan_inputs())
def test_about_80_percent_easy_over_each_block(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """At least 80 % of training running time is at easy effort or below, per 4-week block."""
    plan = _compose(inputs)
    for first in range(0, len(plan.weeks), 4):
        easy = total = dt.timedelta()
        for week in plan.weeks[first : first + 4]:
            for session in week.running_sessions:
                if session.kind is bp.WorkoutKind.RACE:
                    continue
                for effort, time in session.workout.time_per_effort().items():
                    total += time
                    if effort <= bp.Effort.EASY:
                        easy += time
        if total:
            assert easy / total >= 0.80, first + 1


@given(plan_inputs())
def test_long_run_within_its_share_and_cap(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """The long run stays within its cap, and within its share of the week for the days run
    (LOAD-13) unless it is no longer than the runner already runs or than a short easy run."""
    plan = _compose(inputs)
    template = load_template(plan.template)
    for week in plan.weeks:
        runs = [s for s in week.sessions if s.is_running and s.kind is not bp.WorkoutKind.RACE]
        share = template.long_run.share(len(runs))
        for session in runs:
            if session.kind is bp.WorkoutKind.LONG:
                cap = max(template.long_run.cap_minutes, plan.athlete.longest_run_minutes)
                assert session.minutes <= cap
                within = session.minutes <= share * week.running_minutes + 0.5
                # A long run no longer than the runner already runs, or than a short easy
                # run (a small cutback week), is no load to limit.
                small = shortest_long_run(template)
                assert within or session.minutes <= max(plan.athlete.longest_run_minutes, small)


@given(plan_inputs())
def test_taper_then_race_day(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """The plan ends with a taper of at least its minimum length and the race on race day."""
    plan = _compose(inputs)
    template = load_template(plan.template)
    tapered = [week for week in plan.weeks if week.taper]
    assert template.taper.min_weeks <= len(tapered) <= template.taper.weeks
    assert plan.weeks[-len(tapered) :] == tuple(tapered)
    assert plan.sessions[-1].kind is bp.WorkoutKind.RACE
    assert plan.sessions[-1].date == plan.goal.race_date


@given(plan_inputs())
def test_strength_never_before_a_key_day(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Strength work (its own session, or after a run) never comes the day before a key day."""
    plan = _compose(inputs)
    for session in plan.sessions:
        carries = session.routine is not None and session.routine.id.startswith("strength")
        if session.kind is bp.WorkoutKind.STRENGTH or carries:
            following = plan.session_on(session.date + dt.timedelta(days=1))
            assert following is None or not (following.key or following.is_hard)


@given(plan_inputs())
def test_every_session_fits_its_day(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """No session, with any strength work after it, needs more minutes than the day has."""
    plan = _compose(inputs)
    for session in plan.sessions:
        if session.kind in (bp.WorkoutKind.RACE, bp.WorkoutKind.REST):
            continue
        available = plan.athlete.availability.minutes(bp.Weekday.of(session.date))
        after = session.routine.minutes if session.routine and session.is_running else 0
        assert session.minutes + after <= available + 1e-9, session.date


@given(plan_inputs())
def test_plans_round_trip_and_are_deterministic(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """The JSON of a plan validates back to an equal plan, and composing twice is identical."""
    plan = _compose(inputs)
    text = plan.model_dump_json()
    assert bp.Plan.model_validate_json(text) == plan
    assert _compose(inputs).model_dump_json() == text


@given(plan_inputs())
def test_every_session_says_why(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Every session has a purpose, how it should feel, and what to do if the day goes sideways."""
    plan = _compose(inputs)
    for session in plan.sessions:
        assert session.purpose
        assert any(note.startswith("If the day goes sideways") for note in session.notes)
    for week in plan.weeks:
        assert week.focus


@given(plan_inputs())
def test_strength_never_two_days_running(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Strength work (its own session or after a run) always has a day without it in between."""
    plan = _compose(inputs)
    days = [
        s.date
        for s in plan.sessions
        if s.kind is bp.WorkoutKind.STRENGTH
        or (s.routine is not None and s.routine.id.startswith("strength"))
    ]
    for earlier, later in itertools.pairwise(days):
        assert (later - earlier).days >= 2, later


@given(plan_inputs())
def test_a_warm_up_is_a_warm_up(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """A session's warm-up is the template's (10-15 minutes) and comes first; the easy minutes
    a roomy day adds are one easy step after the cool-down, at least 5 minutes long."""
    plan = _compose(inputs)
    warm_up = dt.timedelta(minutes=load_template(plan.template).sessions.warmup_minutes)
    for session in plan.sessions:
        steps = session.workout.steps
        for index, item in enumerate(steps):
            if not isinstance(item, bp.Step):
                continue
            if item.part is bp.StepPart.WARMUP:
                assert (index, item.time) == (0, warm_up), session.date
            if item.part is bp.StepPart.EXTRA:
                before = steps[index - 1]
                assert index == len(steps) - 1, session.date
                assert isinstance(before, bp.Step), session.date
                assert before.part is bp.StepPart.COOLDOWN, session.date
                assert item.effort is bp.Effort.EASY, session.date
                assert item.time >= dt.timedelta(minutes=5), session.date


@given(plan_inputs())
def test_quality_sessions_keep_their_minimum_work(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """No quality session runs less fast work than its template's minimum: a day too short
    for it gets fewer, longer reps or an easy run, never a token set."""
    plan = _compose(inputs)
    template = load_template(plan.template)
    for session in plan.sessions:
        spec = template.workouts.get(session.kind)
        if spec is None:
            continue
        fast = sum(
            (
                step.time
                for step in session.workout.flat_steps()
                if step.part is bp.StepPart.WORK and step.effort > bp.Effort.EASY
            ),
            dt.timedelta(),
        )
        assert fast >= dt.timedelta(minutes=spec.min_work_minutes), (session.date, session.title)
