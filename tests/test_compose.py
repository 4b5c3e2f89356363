import datetime as dt
import json
import os
from pathlib import Path

import pydantic
import pytest

import balg_planner as bp
from balg_planner import teaching
from balg_planner.compose.sessions import Quality, copy_session
from tests.personas import EXTRA, PERSONAS, compose, runner

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("BALG_REGENERATE_GOLDEN") == "1"
START = dt.date(2027, 1, 4)


def goal(distance: str = "half", weeks: int = 12, **extra: object) -> bp.Goal:
    return bp.Goal(distance=distance, race_date=START + dt.timedelta(weeks=weeks - 1), **extra)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_golden_plans(name: str) -> None:
    """The four personas' plans match their golden JSON (regenerate only on purpose)."""
    path = GOLDEN / f"{name}.json"
    text = compose(name).model_dump_json(indent=1)
    if REGENERATE:
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")
    assert bp.Plan.model_validate_json(text) == compose(name)


def test_template_is_picked_from_distance_and_level() -> None:
    assert bp.compose_plan(runner(), goal(), start=START).template == "half-intermediate"
    named = bp.compose_plan(runner(), goal(), start=START, template="half-beginner")
    assert named.template == "half-beginner"


def test_plan_queries() -> None:
    plan = bp.compose_plan(runner(), goal(), start=START)
    assert plan.session_on(START) is plan.weeks[0].sessions[0]
    assert plan.session_on(START - dt.timedelta(days=1)) is None
    assert plan.week(2).start == START + dt.timedelta(weeks=1)
    assert plan.weeks_in("taper") == plan.weeks[-2:]
    assert [s.date for s in plan.sessions] == sorted(s.date for s in plan.sessions)
    assert plan.running_minutes == pytest.approx(sum(w.running_minutes for w in plan.weeks))
    assert plan.load > 0
    assert plan.distance is None  # no race result: effort only, so no distances
    with pytest.raises(bp.NotFoundError):
        plan.week(99)


def test_paces_on_every_run_step_when_vdot_is_known() -> None:
    with_race = runner(recent_race=bp.RaceResult(distance="10k", time="50:00"))
    plan = bp.compose_plan(with_race, goal(), start=START)
    for session in plan.sessions:
        if session.is_running and session.kind is not bp.WorkoutKind.RACE:
            for step in session.workout.flat_steps():
                # Hill reps go by effort, not pace: a flat pace means nothing uphill.
                uphill = session.kind is bp.WorkoutKind.HILLS and step.part is bp.StepPart.WORK
                assert (step.pace is None) is uphill
    flat = [s for s in plan.sessions if s.is_running and s.kind is not bp.WorkoutKind.HILLS]
    assert all((s.distance or 0) > 0 for s in flat)


def test_effort_only_sessions_say_rpe_and_talk_test() -> None:
    plan = bp.compose_plan(runner(), goal(), start=START)
    easy = next(s for s in plan.sessions if s.kind is bp.WorkoutKind.EASY)
    assert any("RPE 2-4" in note and "talk test" in note for note in easy.notes)


def test_first_week_starts_from_current_volume() -> None:
    plan = bp.compose_plan(runner(weekly_minutes=150, longest_run_minutes=60), goal(), start=START)
    assert 130 <= plan.weeks[0].running_minutes <= 150 * 1.1


@pytest.mark.parametrize(
    ("athlete", "the_goal", "start", "loc", "fragment"),
    [
        (
            runner(),
            goal(),
            START + dt.timedelta(weeks=20),
            ("goal", "race_date"),
            "before the plan",
        ),
        (runner(), goal(weeks=6), START, ("goal", "race_date"), "needs at least 8 weeks"),
        (runner(), goal("marathon", weeks=6), START, ("goal", "race_date"), "marathon plan"),
        (
            runner(weekly_minutes=60, longest_run_minutes=40),
            goal(),
            START,
            ("athlete", "weekly_minutes"),
            "build up for about",
        ),
        (
            runner(availability={"wed": 60, "sun": 120}),
            goal(),
            START,
            ("athlete", "availability"),
            "at least 4 days",
        ),
        (
            runner(availability={"mon": 35, "wed": 35, "fri": 35, "sun": 35}, long_run_day=None),
            goal(),
            START,
            ("athlete", "availability"),
            "no day is long enough",
        ),
        (
            runner(longest_run_minutes=15),
            goal(),
            START,
            ("athlete", "longest_run_minutes"),
            "longest recent run",
        ),
    ],
)
def test_unsafe_inputs_say_which_constraint_fails_and_the_fix(
    athlete: bp.Athlete, the_goal: bp.Goal, start: dt.date, loc: tuple[str, ...], fragment: str
) -> None:
    with pytest.raises(bp.DataError) as info:
        bp.compose_plan(athlete, the_goal, start=start)
    assert info.value.loc == loc
    assert fragment in str(info.value)
    assert info.value.hint


def test_template_for_another_distance_is_refused() -> None:
    with pytest.raises(bp.DataError, match="another distance"):
        bp.compose_plan(runner(), goal(), start=START, template="10k-intermediate")


def test_long_runway_starts_later_with_a_warning_and_a_note() -> None:
    with pytest.warns(bp.QuestionableInputWarning, match="starts on"):
        plan = bp.compose_plan(runner(), goal(weeks=30), start=START)
    assert len(plan.weeks) == 20
    assert plan.start == START + dt.timedelta(weeks=10)
    assert plan.notes
    assert "starts on" in plan.notes[0]


def test_a_short_long_run_day_warns() -> None:
    athlete = runner(
        availability={"mon": 45, "wed": 60, "fri": 45, "sun": 120, "sat": 40}, long_run_day="sat"
    )
    with pytest.warns(bp.QuestionableInputWarning, match="long-run day"):
        plan = bp.compose_plan(athlete, goal(), start=START)
    assert any(s.kind is bp.WorkoutKind.LONG and s.date.weekday() == 6 for s in plan.sessions)


def test_far_fetched_target_warns_but_paces_follow_fitness() -> None:
    athlete = runner(recent_race=bp.RaceResult(distance="10k", time="50:00"))
    with pytest.warns(bp.QuestionableInputWarning, match="VDOT"):
        plan = bp.compose_plan(athlete, goal(target_time="1:30:00"), start=START)
    threshold = next(s for s in plan.sessions if s.kind is bp.WorkoutKind.THRESHOLD)
    paces = bp.training_paces(athlete.vdot or 0)
    assert any(
        step.pace and step.pace.fast == paces.threshold for step in threshold.workout.flat_steps()
    )


def test_race_day_session_uses_the_target_time() -> None:
    plan = bp.compose_plan(runner(), goal(target_time="1:59:00"), start=START)
    assert abs(plan.race.duration - dt.timedelta(hours=1, minutes=59)) < dt.timedelta(seconds=1)
    assert plan.race.key
    assert plan.race.is_hard


def test_compose_is_pure() -> None:
    """The same inputs give byte-identical JSON, and inputs are not changed."""
    athlete, the_goal = runner(), goal()
    before = athlete.model_dump_json()
    first = bp.compose_plan(athlete, the_goal, start=START).model_dump_json()
    assert bp.compose_plan(athlete, the_goal, start=START).model_dump_json() == first
    assert athlete.model_dump_json() == before


def test_golden_personas_are_what_they_claim() -> None:
    new = compose("new-runner-5k")
    assert new.template == "5k-beginner"
    assert new.athlete.recent_race is None
    assert all(len(list(w.running_sessions)) <= 3 for w in new.weeks)
    parent = compose("busy-parent-half")
    longs = [s for s in parent.sessions if s.kind is bp.WorkoutKind.LONG]
    assert all(s.date.weekday() == 6 for s in longs)
    marathon = compose("advanced-marathon")
    assert max(len(w.running_sessions) for w in marathon.weeks[:-1]) == 6
    data = json.loads(marathon.model_dump_json())
    assert data["template"] == "marathon-advanced"


@pytest.mark.parametrize("name", sorted([*PERSONAS, *EXTRA]))
def test_a_warm_up_is_never_longer_than_twenty_minutes(name: str) -> None:
    """Coach's read: a warm-up is 10-20 minutes. The easy running a long day adds to a quality
    session is a step of its own, not a 71-minute "warm-up"."""
    plan = compose(name)
    template = bp.load_template(plan.template)
    for session in plan.sessions:
        for step in session.workout.flat_steps():
            if step.part is bp.StepPart.WARMUP:
                assert step.time <= dt.timedelta(minutes=20), (session.date, session.title)
                assert step.time == dt.timedelta(minutes=template.sessions.warmup_minutes)


def test_a_long_quality_day_runs_its_extra_easy_minutes_after_the_session() -> None:
    """Coach's read of Thursday 8 April 2027 (advanced marathoner, 90 minutes for intervals):
    the warm-up stays a warm-up, the reps are run fresh, and the rest of the day's volume is
    easy running after the cool-down, said in the title and the notes."""
    session = compose("advanced-marathon").session_on(dt.date(2027, 4, 8))
    assert session is not None
    assert session.kind is bp.WorkoutKind.INTERVALS
    steps = session.workout.steps
    first, cool, extra = steps[0], steps[-2], steps[-1]
    assert isinstance(first, bp.Step)
    assert isinstance(cool, bp.Step)
    assert isinstance(extra, bp.Step)
    assert (first.part, first.time) == (bp.StepPart.WARMUP, dt.timedelta(minutes=15))
    assert cool.part is bp.StepPart.COOLDOWN
    assert (extra.part, extra.effort) == (bp.StepPart.EXTRA, bp.Effort.EASY)
    assert session.effort is bp.Effort.INTERVAL  # the extra easy running is no main set
    assert 89 <= session.minutes <= 90  # the day's 90 minutes, easy running in whole minutes
    easy = bp.format_minutes(extra.time)
    assert session.title.endswith(f", then {easy} easy")
    assert session.title == bp.format_title(session.kind, session.workout)
    assert any(f"{easy} easy" in note for note in session.notes)


def _fast_minutes(session: bp.Session) -> float:
    """Minutes of work faster than easy in a session."""
    fast = [
        step.time
        for step in session.workout.flat_steps()
        if step.part is bp.StepPart.WORK and step.effort > bp.Effort.EASY
    ]
    return sum(fast, dt.timedelta()).total_seconds() / 60


def test_peak_intervals_are_real_work_for_an_advanced_marathoner() -> None:
    """Coach's read: three weeks before a marathon, a 520-minute week's interval session is no
    3 × 2 min. Every peak interval session holds at least the template's first dose (about
    12 minutes at interval effort, LOAD-08 allows up to 8 % of the week) in reps of 2-5 min."""
    plan = compose("advanced-marathon")
    peak = [
        session
        for week in plan.weeks
        if week.phase is bp.PhaseName.PEAK and not week.cutback
        for session in week.sessions
        if session.kind is bp.WorkoutKind.INTERVALS
    ]
    assert len(peak) >= 2
    for session in peak:
        assert _fast_minutes(session) >= 12, (session.date, session.title)
        reps = [s for s in session.workout.flat_steps() if s.effort is bp.Effort.INTERVAL]
        assert all(2 <= s.time.total_seconds() / 60 <= 5 for s in reps)
        assert 3 <= len(reps) <= 8


def test_a_short_day_keeps_the_minimum_work_with_fewer_longer_reps() -> None:
    """A threshold session of 2 × 5 min on a 27-minute day becomes 8 min continuous (the
    template's minimum), never one 5-minute rep below it."""
    template = bp.load_template("5k-intermediate")
    planned = Quality(bp.WorkoutKind.THRESHOLD, 2, 5.0, 1.0, min_reps=1, min_work=8, min_rep=5)
    fitted = planned.fit(template, 27)
    assert fitted is not None
    shape, cooldown = fitted
    assert (shape.reps, shape.rep_minutes) == (1, 8.0)
    assert shape.total(template, cooldown) <= 27
    assert planned.fit(template, 24) is None  # 12 + 8 + 5 minutes do not fit: an easy run


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_a_session_copied_onto_its_day_equals_its_model_copy(name: str) -> None:
    """The teaching pass's one copy per session is `model_copy`'s: same fields, same fields
    set, same JSON, and the shared session it came from is left as it was."""
    routine = teaching.routine_for(
        bp.WorkoutKind.STRENGTH, bp.PhaseName.BASE, bp.Level.BEGINNER, minutes=20
    )
    update: dict[str, object] = {
        "date": dt.date(2027, 2, 3),
        "id": "p0123456789-20270203",
        "journal": ("Before: why?", "After: how?"),
        "fueling": "A drink.",
        "routine": routine,
    }
    for session in compose(name).sessions:
        before = session.model_dump_json()
        copied, expected = copy_session(session, update), session.model_copy(update=update)
        assert copied == expected
        assert copied.model_fields_set == expected.model_fields_set
        assert copied.model_dump_json() == expected.model_dump_json()
        assert session.model_dump_json() == before


def test_journal_prompts_for_a_day_are_those_of_the_session_on_that_day() -> None:
    """Choosing prompts for `day` gives what the session moved to that day would get."""
    plan = compose("new-runner-5k")
    used: dict[str, dt.date] = {}
    for offset, session in enumerate(plan.sessions):
        day = START + dt.timedelta(days=3 * offset)
        situations = teaching.situations_of(session, bp.PhaseName.BUILD)
        moved = session.model_copy(update={"date": day})
        chosen = teaching.journal_prompts(session, situations, recent=used, day=day)
        assert chosen == teaching.journal_prompts(moved, situations, recent=used)
        used[chosen[0].id] = used[chosen[1].id] = day


def test_a_plan_checks_the_weeks_compose_builds_without_validation() -> None:
    """compose_plan builds its weeks with `model_construct`; the plan still runs each week's
    own check when it takes them, so a week's sessions out of order are refused."""
    plan = compose("new-runner-5k")
    week = plan.weeks[0]
    shuffled = week.model_construct(**{**dict(week), "sessions": tuple(reversed(week.sessions))})
    with pytest.raises(pydantic.ValidationError, match="sessions must be in date order"):
        bp.Plan(**{**dict(plan), "weeks": (shuffled, *plan.weeks[1:])})
    misnumbered = week.model_construct(**{**dict(week), "number": 2})
    with pytest.raises(pydantic.ValidationError, match="week 1 must start on"):
        bp.Plan(**{**dict(plan), "weeks": (misnumbered, *plan.weeks[1:])})
