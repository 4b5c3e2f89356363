import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from pydantic import ValidationError

import balg_planner as bp
from balg_planner import strategies as bst
from balg_planner.workout import guidance_notes
from tests.personas import PERSONAS, compose
from tests.titles import assert_title_says_what_the_steps_do

DAY = date(2027, 1, 5)


def step(effort: str, minutes: float, part: str = "work", **kw: object) -> bp.Step:
    return bp.Step(part=part, effort=effort, duration=timedelta(minutes=minutes), **kw)


def intervals() -> bp.Session:
    reps = bp.Repeat(times=4, steps=(step("interval", 4), step("recovery", 3, "recovery")))
    workout = bp.Workout(steps=(step("easy", 10, "warmup"), reps, step("easy", 10, "cooldown")))
    return bp.Session(date=DAY, kind="intervals", workout=workout, key=True, purpose="VO2max")


def test_session_totals() -> None:
    session = intervals()
    assert session.duration == timedelta(minutes=48)
    assert session.effort is bp.Effort.INTERVAL
    assert session.workout.time_per_effort() == {
        bp.Effort.EASY: timedelta(minutes=20),
        bp.Effort.INTERVAL: timedelta(minutes=16),
        bp.Effort.RECOVERY: timedelta(minutes=12),
    }


def test_session_rpe_load_is_minutes_times_rpe() -> None:
    session = intervals()
    rpe = {e: bp.effort_guide(e).rpe_midpoint for e in bp.Effort}
    expected = (
        20 * rpe[bp.Effort.EASY] + 16 * rpe[bp.Effort.INTERVAL] + 12 * rpe[bp.Effort.RECOVERY]
    )
    assert session.load == pytest.approx(expected)


def test_distance_is_estimated_only_when_every_step_has_a_pace() -> None:
    assert intervals().distance is None
    pace = bp.PaceRange(fast=timedelta(minutes=5), slow=timedelta(minutes=5))
    run = bp.Session(
        date=DAY, kind="easy", workout=bp.Workout(steps=(step("easy", 50, pace=pace),))
    )
    assert run.distance == pytest.approx(10_000)


def test_distance_step_takes_its_time_from_the_pace() -> None:
    pace = bp.PaceRange(fast=timedelta(minutes=4), slow=timedelta(minutes=4))
    rep = bp.Step(effort="interval", distance="1km", pace=pace)
    assert rep.time == timedelta(minutes=4)
    assert rep.estimated_distance == 1000


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"effort": "easy"}, "exactly one of duration or distance"),
        ({"effort": "easy", "duration": "10m", "distance": "2km"}, "exactly one"),
        ({"effort": "easy", "distance": "2km"}, "needs a pace"),
        ({"effort": "easy", "duration": "10m", "colour": "red"}, "Extra inputs"),
    ],
)
def test_invalid_steps_are_rejected_with_a_reason(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        bp.Step(**kwargs)


@pytest.mark.parametrize(
    ("kind", "effort", "hard"),
    [
        ("easy", "easy", False),
        ("long", "easy", True),
        ("race", "interval", True),
        ("threshold", "threshold", True),
        ("marathon_pace", "marathon", True),
        ("strength", "easy", False),
    ],
)
def test_is_hard(kind: str, effort: str, hard: bool) -> None:
    session = bp.Session(date=DAY, kind=kind, workout=bp.Workout(steps=(step(effort, 30),)))
    assert session.is_hard is hard


def strides_run(easy_minutes: float = 30) -> bp.Session:
    strides = bp.Repeat(
        times=6, steps=(step("repetition", 20 / 60), step("recovery", 1, "recovery"))
    )
    workout = bp.Workout(steps=(step("easy", easy_minutes), strides))
    return bp.Session(date=DAY, kind="strides", workout=workout)


def test_an_easy_run_with_strides_is_easy_and_not_hard() -> None:
    session = strides_run()
    assert session.effort is bp.Effort.EASY
    assert session.peak_effort is bp.Effort.REPETITION
    assert not session.is_hard


def test_intervals_are_labelled_by_their_reps_not_the_warm_up() -> None:
    session = intervals()
    assert session.effort is bp.Effort.INTERVAL
    assert session.peak_effort is bp.Effort.INTERVAL
    assert session.is_hard


def test_a_long_run_is_easy_but_hard_to_recover_from() -> None:
    session = bp.Session(date=DAY, kind="long", workout=bp.Workout(steps=(step("easy", 120),)))
    assert session.effort is bp.Effort.EASY
    assert session.is_hard


def test_marathon_pace_work_needs_hard_day_spacing() -> None:
    workout = bp.Workout(
        steps=(step("easy", 15, "warmup"), step("marathon", 40), step("easy", 10, "cooldown"))
    )
    session = bp.Session(date=DAY, kind="marathon_pace", workout=workout, key=True)
    assert session.effort is bp.Effort.MARATHON
    assert session.is_hard


def test_main_effort_is_the_work_effort_with_most_time_the_harder_on_a_tie() -> None:
    """Warm-up and cool-down never set the label; equal work time goes to the harder effort."""
    tie = bp.Workout(
        steps=(step("easy", 30, "warmup"), step("marathon", 10), step("threshold", 10))
    )
    assert tie.main_effort is bp.Effort.THRESHOLD
    assert tie.peak_effort is bp.Effort.THRESHOLD
    more = bp.Workout(steps=(step("marathon", 11), step("threshold", 10)))
    assert more.main_effort is bp.Effort.MARATHON
    assert more.effort is more.main_effort


def test_without_work_steps_the_hardest_step_is_the_label() -> None:
    workout = bp.Workout(steps=(step("easy", 10, "warmup"), step("recovery", 20, "cooldown")))
    assert workout.main_effort is bp.Effort.EASY
    assert bp.Workout().main_effort is bp.Effort.REST
    assert bp.Workout().peak_effort is bp.Effort.REST


@given(bst.sessions())
def test_peak_effort_is_never_below_the_label(session: bp.Session) -> None:
    """The hardest step is at least as hard as the main set, and a hard label is hard."""
    assert session.peak_effort >= session.effort
    assert session.workout.effort is session.effort
    if session.effort >= bp.Effort.THRESHOLD:
        assert session.is_hard
    if session.kind is bp.WorkoutKind.STRIDES and session.effort <= bp.Effort.EASY:
        assert not session.is_hard


def test_rest_day_is_empty_and_effortless() -> None:
    rest = bp.Session(date=DAY, kind=bp.WorkoutKind.REST)
    assert rest.duration == timedelta(0)
    assert rest.effort is bp.Effort.REST
    assert not rest.is_running
    assert not rest.is_hard


def test_session_round_trips_through_json() -> None:
    session = intervals()
    assert bp.Session.model_validate_json(session.model_dump_json()) == session


def test_every_kind_has_a_complete_guide() -> None:
    guides = bp.workout_guides()
    assert [g.kind for g in guides] == list(bp.WorkoutKind)
    for guide in guides:
        assert guide.purpose
        assert guide.feels_like
        assert guide.sideways
        assert guide.evidence
        assert guide.running is guide.kind.is_running


def test_kind_guides_explain_the_why() -> None:
    assert "mitochondria" in bp.workout_guide("easy").purpose
    assert "lactate threshold" in bp.workout_guide("threshold").purpose
    assert "VO2max" in bp.workout_guide("intervals").purpose
    assert "economy" in bp.workout_guide("repetitions").purpose
    assert "fever" in bp.workout_guide("race").sideways.lower()


def test_unknown_kind_suggests_the_nearest() -> None:
    with pytest.raises(bp.DataError) as info:
        bp.workout_guide("intervalls")
    assert info.value.suggestion == "intervals"


def test_titles_say_what_the_steps_do() -> None:
    assert bp.format_title("easy", bp.Workout(steps=(step("easy", 35),))) == "Easy run, 35 min"
    assert bp.format_title("long", bp.Workout(steps=(step("easy", 105),))) == "Long run, 105 min"
    assert bp.format_title("intervals", intervals().workout) == "Intervals: 4 × 4 min"
    assert bp.format_title("strides", strides_run(30).workout) == (
        "Easy run, 30 min, then 6 × 20 s strides"
    )
    assert bp.format_title("rest", bp.Workout()) == "Rest day"


def test_a_title_says_when_the_main_set_runs_below_its_usual_effort() -> None:
    """Intervals capped to threshold effort are not called plain intervals."""
    reps = bp.Repeat(times=5, steps=(step("threshold", 4), step("recovery", 2, "recovery")))
    workout = bp.Workout(steps=(step("easy", 10, "warmup"), reps))
    assert bp.format_title("intervals", workout) == "Intervals at threshold effort: 5 × 4 min"


def test_reps_of_different_lengths_are_given_as_a_total() -> None:
    workout = bp.Workout(steps=(step("threshold", 8), step("threshold", 6)))
    assert bp.format_title("threshold", workout) == "Threshold run: 14 min in 2 reps"


def test_the_title_function_agrees_with_the_composer_where_formats_agree() -> None:
    """Every composed session keeps its title when rebuilt from its steps (a long run with a
    marathon-pace finish adds what the finish is)."""
    for name in ("advanced-marathon", "new-runner-5k"):
        for session in compose(name).sessions:
            rebuilt = bp.format_title(session.kind, session.workout)
            assert session.title == rebuilt or session.title.startswith(f"{rebuilt}, the last ")


@given(bst.sessions())
def test_every_title_states_the_lengths_of_its_steps(session: bp.Session) -> None:
    """For any kind and steps, the lengths a built title states are the steps' lengths."""
    titled = session.model_copy(update={"title": bp.format_title(session.kind, session.workout)})
    assert_title_says_what_the_steps_do(titled)


REP_CLAIM = re.compile(r"(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)[ -]minutes?")


def _claims_fit_the_reps(session: bp.Session) -> None:
    """Any 'N-M minutes' a session's words claim covers every rep of its main set."""
    reps = [
        s.time.total_seconds() / 60
        for s in session.workout.expanded
        if s.part == "work" and s.effort is session.effort
    ]
    for text in (session.purpose, *session.notes):
        for match in REP_CLAIM.finditer(text):
            low, high = float(match[1]), float(match[2])
            assert all(low <= rep <= high for rep in reps), (session.title, text)


def test_a_sessions_words_claim_no_rep_length_its_reps_do_not_have() -> None:
    """Invariant: a purpose or note never promises reps of a length the session doesn't run."""
    sessions = [s for name in PERSONAS for s in compose(name).sessions]
    assert any(s.kind is bp.WorkoutKind.INTERVALS for s in sessions)
    for session in sessions:
        _claims_fit_the_reps(session)
    short = bp.Session(
        date=DAY,
        kind="intervals",
        workout=bp.Workout(steps=(bp.Repeat(times=3, steps=(step("interval", 2),)),)),
        purpose=bp.WorkoutKind.INTERVALS.guide.purpose,
    )
    _claims_fit_the_reps(short)


def test_a_long_run_with_a_faster_finish_is_not_easy_throughout() -> None:
    """A long run's feel describes its finish when it ends faster than easy, composed or adapted."""
    finish = bp.Workout(steps=(step("easy", 90), step("marathon", 60)))
    feel = guidance_notes(bp.WorkoutKind.LONG, bp.Effort.EASY, finish)[0]
    assert "throughout" not in feel
    assert "finish" in feel
    easy = bp.Workout(steps=(step("easy", 150),))
    assert guidance_notes(bp.WorkoutKind.LONG, bp.Effort.EASY, easy)[0] == (
        f"How it should feel: {bp.WorkoutKind.LONG.guide.feels_like}"
    )
    plan = compose("advanced-marathon")
    finishing = [
        s
        for s in plan.sessions
        if s.kind is bp.WorkoutKind.LONG and s.workout.expanded[-1].effort > bp.Effort.EASY
    ]
    assert finishing
    for session in finishing:
        assert not any("throughout" in note for note in session.notes), session.title
    # Shortened by a busy day, the run keeps its finish and so its words.
    day = finishing[0].date
    adapted = bp.adapt(plan, [bp.TimeLimit(date=day, minutes=100)], today=day).plan
    after = adapted.session_on(day)
    assert after is not None
    assert after.workout.expanded[-1].effort > bp.Effort.EASY
    assert not any("throughout" in note for note in after.notes)
