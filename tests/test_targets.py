import datetime as dt
import xml.etree.ElementTree as ET

import pytest

import balg_planner as bp
from balg_planner.targets import step_target
from tests.personas import PERSONAS, compose

PACED = PERSONAS["advanced-marathon"].athlete
PLAN = compose("advanced-marathon")
DAY = dt.date(2027, 1, 5)
LABELS = {
    "warmup": "Warm-up",
    "work": "Run",
    "recovery": "Recovery",
    "cooldown": "Cool-down",
    "extra": "Easy running",
}


def _session(kind: str) -> bp.Session:
    return next(s for s in PLAN.sessions if s.kind == kind and len(s.workout.steps) > 2)


def _expected_line(step: bp.Step, session: bp.Session, athlete: bp.Athlete | None) -> list[str]:
    """The pieces a step's line must hold, from the effort guide and the step itself."""
    guide = bp.effort_guide(step.effort)
    pieces = [LABELS[step.part], bp.format_minutes(step.time), guide.name]
    pieces.append(f"RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}")
    if step.pace is not None:
        pieces.append(step.pace.format())
    if athlete is not None and athlete.max_hr is not None:
        band = guide.heart_rate(athlete.max_hr, athlete.resting_hr)
        if band is not None:
            pieces.append(band.format())
    return pieces


def display_groups(workout: bp.Workout) -> list[tuple[str | None, tuple[bp.Step, ...], bool]]:
    """How the step view groups a workout: (the "n ×" header or None, steps, last rep folded).

    Reps followed by one more rep without its recovery read as one group of n + 1; a group of
    one is shown inline.
    """
    groups: list[tuple[str | None, tuple[bp.Step, ...], bool]] = []
    items = list(workout.steps)
    while items:
        item = items.pop(0)
        if isinstance(item, bp.Repeat):
            folded = len(item.steps) > 1 and bool(items) and items[0] == item.steps[0]
            if folded:
                items.pop(0)
            times = item.times + folded
            groups.append((None if times == 1 else f"{times} ×", item.steps, folded))
        else:
            groups.append((None, (item,), False))
    return groups


@pytest.mark.parametrize("kind", ["intervals", "threshold", "fartlek", "strides", "long"])
def test_text_steps_show_every_step_in_order_with_its_targets(kind: str) -> None:
    session = next(s for s in PLAN.sessions if s.kind == kind)
    lines = iter(bp.render_steps(session, athlete=PACED).splitlines())
    for header, steps, folded in display_groups(session.workout):
        if header is not None:
            assert next(lines) == header
        indent = "" if header is None else "  "
        for step in steps:
            line = next(lines)
            assert line.startswith(indent + LABELS[step.part] + " · ")
            for piece in _expected_line(step, session, PACED):
                assert piece in line, (piece, line)
        if folded:
            assert next(lines) == "  (no recovery after the last)"
    assert next(lines, None) is None


def test_markdown_and_html_nest_the_repeats() -> None:
    session = _session("intervals")
    groups = display_groups(session.workout)
    inner = sum(len(steps) + folded for header, steps, folded in groups if header is not None)
    md = bp.render_steps(session, fmt="md").splitlines()
    assert sum(line.startswith("  - ") for line in md) == inner
    assert all(line.startswith(("- ", "  - ")) for line in md)
    root = ET.fromstring(bp.render_steps(session, fmt="html"))
    assert root.tag == "ol"
    top = root.findall("li")
    assert len(top) == sum(1 if header else len(steps) for header, steps, _ in groups)
    nested = root.findall("li/ol/li")
    assert len(nested) == inner


def test_html_escapes_what_a_step_says() -> None:
    step = bp.Step(effort="easy", duration="20m", note="relax <shoulders> & breathe")
    session = bp.Session(date=DAY, kind="easy", workout=bp.Workout(steps=(step,)))
    html = bp.render_steps(session, fmt="html")
    assert "&lt;shoulders&gt; &amp; breathe" in html
    ET.fromstring(html)


def test_without_an_athlete_a_plan_by_effort_shows_rpe_only() -> None:
    plan = compose("new-runner-5k")
    session = next(s for s in plan.sessions if s.kind == "intervals")
    text = bp.render_steps(session)
    assert "RPE" in text
    assert "/km" not in text
    assert "bpm" not in text


def test_a_plan_by_effort_takes_paces_and_heart_rate_from_the_athlete() -> None:
    runner = PERSONAS["new-runner-5k"].athlete.model_copy(
        update={"recent_race": bp.RaceResult(distance="5k", time="30:00"), "max_hr": 190}
    )
    session = next(s for s in compose("new-runner-5k").sessions if s.kind == "intervals")
    rep = next(step for step in session.workout.expanded if step.effort == "interval")
    target = step_target(rep, session, runner)
    assert runner.paces is not None
    assert target.pace == bp.PaceRange(fast=runner.paces.interval, slow=runner.paces.interval)
    assert target.heart_rate == bp.effort_guide("interval").heart_rate(190)
    assert f"{target.pace.format()} · {target.heart_rate.format()}" in bp.render_steps(  # type: ignore[union-attr]
        session, athlete=runner
    )


def test_hill_reps_are_run_by_effort_never_by_pace() -> None:
    session = next(s for s in PLAN.sessions if s.kind == "hills")
    for step in session.workout.expanded:
        target = step_target(step, session, PACED)
        assert (target.pace is None) == (step.part == "work")


def test_a_rest_day_says_so() -> None:
    rest = bp.Session(date=DAY, kind="rest")
    assert bp.render_steps(rest) == "Rest day: nothing to run."


def test_distance_steps_show_their_distance() -> None:
    race = next(s for s in PLAN.sessions if s.kind == "race")
    (line,) = bp.render_steps(race, units="mi").splitlines()
    assert line.startswith("Run · 26.22mi · ")
    assert "/mi" in line
