"""Plans that get the runner to the start line ready: readiness, long runs, minimum sets."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings

import balg_planner as bp
from balg_planner.catalog import load_template
from balg_planner.compose.progression import long_run_day
from balg_planner.strategies import plan_inputs
from tests.personas import runner

START = dt.date(2027, 1, 4)
TEMPLATES = Path(bp.__file__).parent / "templates"
_REPEATED = (
    bp.WorkoutKind.INTERVALS,
    bp.WorkoutKind.REPETITIONS,
    bp.WorkoutKind.HILLS,
    bp.WorkoutKind.FARTLEK,
)


def _compose(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> tuple[bp.Plan, list[str]]:
    athlete, goal, start = inputs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = bp.compose_plan(athlete, goal, start=start)
    return plan, [str(w.message) for w in caught if issubclass(w.category, bp.ReadinessWarning)]


def _training(week: bp.Week) -> float:
    return sum(s.minutes for s in week.running_sessions if s.kind is not bp.WorkoutKind.RACE)


@given(plan_inputs())
def test_the_long_run_never_falls_below_what_the_runner_runs_now(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """The plan's longest long run is at least the runner's current longest run (within the
    template's cap and the roomiest day)."""
    plan, _ = _compose(inputs)
    template = load_template(plan.template)
    day = long_run_day(template, plan.athlete)
    floor = min(
        plan.athlete.longest_run_minutes,
        template.long_run.cap_minutes,
        plan.athlete.availability.minutes(day),
    )
    longest = max((s.minutes for s in plan.sessions if s.kind is bp.WorkoutKind.LONG), default=0.0)
    assert longest >= floor - 1 or len(plan.weeks) <= template.taper.weeks


@given(plan_inputs())
def test_the_long_run_is_the_longest_run_of_its_week(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """No other training run in a week is longer than that week's long run."""
    plan, _ = _compose(inputs)
    for week in plan.weeks:
        longs = [s.minutes for s in week.sessions if s.kind is bp.WorkoutKind.LONG]
        if not longs:
            continue
        for session in week.running_sessions:
            if session.kind not in (bp.WorkoutKind.LONG, bp.WorkoutKind.RACE):
                assert session.minutes <= longs[0] + 1e-9, (week.number, session.title)


@given(plan_inputs())
def test_week_one_starts_from_the_current_week(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """Week 1 runs at least 95 % of the runner's current week when the days hold that much in
    runs no longer than the runner's current longest run, and never more than 10 % over it
    (whole runs may land a little above)."""
    plan, _ = _compose(inputs)
    athlete, current = plan.athlete, plan.athlete.weekly_minutes
    assert _training(plan.weeks[0]) <= 1.1 * current + 1
    template = load_template(plan.template)
    if len(plan.weeks) <= template.taper.weeks:
        return  # the plan is all taper
    days = athlete.availability
    favourite = long_run_day(template, athlete)
    longest = min(athlete.longest_run_minutes, days.minutes(favourite))
    easy_min = template.sessions.easy_min_minutes
    runs = min(template.days.max_runs, 7 - template.days.min_rest_days)
    others = sorted(
        (days.minutes(d) for d in days.days if d != favourite and days.minutes(d) >= easy_min),
        reverse=True,
    )[: runs - 1]
    # A quality day holds its session and up to 20 easy minutes more, about an hour in all.
    quality = len(template.phase(plan.weeks[0].phase).quality)
    holds = longest + sum(min(m, longest, 60 if i < quality else m) for i, m in enumerate(others))
    # Runs come in whole sizes of at least easy_min_minutes: a week whose smallest shape
    # overshoots the current week by more than 5 % has one run fewer.
    smallest = longest + len(others) * easy_min
    if holds >= 1.1 * current and smallest <= 1.05 * current:
        assert _training(plan.weeks[0]) >= 0.95 * current - 1


@given(plan_inputs())
def test_no_single_rep_interval_sessions(inputs: tuple[bp.Athlete, bp.Goal, dt.date]) -> None:
    """Sessions built on repeats keep at least the template's minimum set."""
    plan, _ = _compose(inputs)
    template = load_template(plan.template)
    for session in plan.sessions:
        if session.kind in _REPEATED:
            work = [s for s in session.workout.flat_steps() if s.part is bp.StepPart.WORK]
            assert len(work) >= template.workouts[session.kind].min_reps, session.title


@given(plan_inputs())
def test_readiness_warns_exactly_when_the_target_is_out_of_reach(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """A readiness warning (and a note with numbers) comes exactly when the long run falls
    short of its target, a note exactly when the race-specific work does; the report's numbers
    are the plan's."""
    plan, warned = _compose(inputs)
    readiness = plan.readiness
    assert readiness is not None
    assert bool(warned) is (not readiness.reached)
    if warned:
        assert any(str(readiness.long_run_target) in note for note in plan.notes)
    short = readiness.race_specific_peak < readiness.race_specific_target
    assert any("race-specific work" in note for note in plan.notes) is short
    longest = max(
        (
            s.minutes
            for w in plan.weeks
            if not w.taper
            for s in w.sessions
            if s.kind is bp.WorkoutKind.LONG
        ),
        default=0.0,
    )
    assert readiness.long_run_peak == int(longest + 1e-9)


def test_the_readme_runner_builds_the_long_run_a_half_needs() -> None:
    """The README's runner: the long run grows from 75 to the half's 110 min on Sundays."""
    plan = bp.compose_plan(
        runner(),
        bp.Goal(distance="half", race_date=dt.date(2027, 4, 18)),
        start=dt.date(2027, 1, 25),
    )
    assert plan.readiness is not None
    assert plan.readiness.reached
    longs = [s for s in plan.sessions if s.kind is bp.WorkoutKind.LONG]
    assert all(s.date.weekday() == 6 for s in longs)
    assert max(s.minutes for s in longs) >= 110
    assert plan.readiness.peak_weekly > 180


def test_an_unreachable_target_says_what_would_fix_it() -> None:
    """Sunday too short for the half's long run: a warning with the numbers and the fix."""
    athlete = runner(availability={"mon": 45, "wed": 60, "fri": 45, "sun": 90})
    with pytest.warns(bp.ReadinessWarning, match="more minutes on Sunday"):
        plan = bp.compose_plan(
            athlete,
            bp.Goal(distance="half", race_date=dt.date(2027, 4, 18)),
            start=dt.date(2027, 1, 25),
        )
    assert plan.readiness is not None
    assert bp.ReadinessLimit.DAY in plan.readiness.limits
    assert any("of the 110 min a half marathon needs" in note for note in plan.notes)


def test_a_runner_below_their_level_gets_the_lower_template_with_a_note() -> None:
    """An intermediate 10K runner on 90 min a week is planned, not refused."""
    athlete = runner(weekly_minutes=90, longest_run_minutes=40)
    plan = bp.compose_plan(
        athlete, bp.Goal(distance="10k", race_date=START + dt.timedelta(weeks=8)), start=START
    )
    assert plan.template == "10k-beginner"
    assert any("beginner template" in note for note in plan.notes)


def test_a_named_template_is_never_swapped() -> None:
    athlete = runner(weekly_minutes=90, longest_run_minutes=40)
    with pytest.raises(bp.DataError) as info:
        bp.compose_plan(
            athlete,
            bp.Goal(distance="10k", race_date=START + dt.timedelta(weeks=8)),
            start=START,
            template="10k-intermediate",
        )
    assert info.value.loc == ("athlete", "weekly_minutes")


def test_marathoners_rehearse_marathon_pace_late_in_long_runs() -> None:
    """An intermediate marathoner's peak long runs alternate with a marathon-pace finish."""
    athlete = bp.Athlete(
        level="intermediate",
        weekly_minutes=300,
        longest_run_minutes=100,
        availability={"mon": 60, "tue": 75, "thu": 75, "fri": 60, "sun": 180},
        long_run_day="sun",
    )
    plan = bp.compose_plan(
        athlete,
        bp.Goal(distance="marathon", race_date=START + dt.timedelta(weeks=17, days=6)),
        start=START,
    )
    finishes = [
        s for s in plan.sessions if s.kind is bp.WorkoutKind.LONG and "marathon pace" in s.title
    ]
    assert finishes
    assert plan.readiness is not None
    assert plan.readiness.long_run_peak >= 140
    assert plan.readiness.race_specific_peak >= 30


def _without_support(template_id: str, folder: Path) -> Path:
    """The packaged template with no strength, mobility or cross-training, as a file."""
    text = (TEMPLATES / f"{template_id}.toml").read_text(encoding="utf-8")
    text = re.sub(r"^(strength|mobility|cross_training) = \d+$", r"\1 = 0", text, flags=re.M)
    path = folder / f"{template_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@settings(max_examples=25)
@given(plan_inputs())
def test_strength_and_mobility_never_displace_running(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """The runs of a plan are exactly the runs of the same plan without any support work."""
    athlete, goal, start = inputs
    plan, _ = _compose(inputs)
    with tempfile.TemporaryDirectory() as folder:
        bare = _without_support(plan.template, Path(folder))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plain = bp.compose_plan(athlete, goal, start=start, template=str(bare))

    def runs(of: bp.Plan) -> list[tuple[dt.date, str, float]]:
        return [(s.date, s.kind.value, s.minutes) for s in of.sessions if s.is_running]

    assert runs(plan) == runs(plain)


@given(plan_inputs())
def test_strides_are_easy_runs_and_no_cutback_just_before_the_taper(
    inputs: tuple[bp.Athlete, bp.Goal, dt.date],
) -> None:
    """An easy run with strides is labelled easy (its strides are its peak), and the week
    before the taper builds: the taper is the rest that follows it."""
    plan, _ = _compose(inputs)
    for session in plan.sessions:
        if session.kind is bp.WorkoutKind.STRIDES:
            assert session.effort is bp.Effort.EASY
            assert session.peak_effort is bp.Effort.REPETITION
            assert not session.is_hard
    building = [week for week in plan.weeks if not week.taper]
    if building:
        assert not building[-1].cutback
