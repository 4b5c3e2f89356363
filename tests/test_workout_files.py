"""Watch and treadmill files, each read back with a reader that is not the writer.

FIT files go through Garmin's own Decoder, .zwo files through xml.etree, and intervals.icu
text through a small parser of its documented syntax. Every reader expands repeats itself,
and the result is compared step by step with the session's own expanded steps and with
targets worked out here from the effort guides, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner import strategies as bst
from balg_planner.errors import install_hint
from balg_planner.workout import RACE_BY_FEEL
from tests.personas import PERSONAS

MARGIN = dt.timedelta(seconds=5)
DAY = dt.date(2027, 1, 5)
RUNNING_KINDS = [kind for kind in bp.WorkoutKind if kind.is_running]
PART_INTENSITY = {
    "warmup": "warmup",
    "work": "active",
    "recovery": "recovery",
    "cooldown": "cooldown",
    "extra": "active",
}


def _step(effort: str, length: str, part: str = "work", note: str = "") -> bp.Step:
    return bp.Step(part=part, effort=effort, duration=length, note=note)


# Kinds no persona's plan holds, built by hand (by effort alone: no step has a pace).
HAND_BUILT = {
    bp.WorkoutKind.RECOVERY: (_step("recovery", "30m"),),
    bp.WorkoutKind.REPETITIONS: (
        _step("easy", "12m", "warmup"),
        bp.Repeat(times=6, steps=(_step("repetition", "45s"), _step("recovery", "2m", "recovery"))),
        _step("easy", "8m", "cooldown"),
    ),
    bp.WorkoutKind.PROGRESSION: (
        _step("easy", "30m"),
        _step("marathon", "10m"),
        _step("threshold", "5m"),
    ),
}

PACED = PERSONAS["advanced-marathon"].athlete  # paces and heart rate (reserve)
BY_HEART = PERSONAS["new-runner-5k"].athlete.model_copy(update={"max_hr": 190})  # no race


def _plan_for(athlete: bp.Athlete, persona: str) -> bp.Plan:
    goal, start = PERSONAS[persona].goal, PERSONAS[persona].start
    return bp.compose_plan(athlete, goal, start=start)


PLANS = {"paces": (_plan_for(PACED, "advanced-marathon"), PACED)}
PLANS["heart rate"] = (_plan_for(BY_HEART, "new-runner-5k"), BY_HEART)


def session_of(kind: bp.WorkoutKind, scenario: str) -> tuple[bp.Session, bp.Athlete]:
    """A session of `kind` from the scenario's plan (the one with the most steps), else built."""
    plan, athlete = PLANS[scenario]
    found = [s for s in plan.sessions if s.kind is kind and s.workout.steps]
    if found:
        return max(found, key=lambda s: (len(s.workout.expanded), s.date)), athlete
    if kind in HAND_BUILT:
        return bp.Session(date=DAY, kind=kind, workout=bp.Workout(steps=HAND_BUILT[kind])), athlete
    # Another runner's session of this kind, planned by effort alone (paces taken off).
    other = next(s for s in PLANS["paces"][0].sessions if s.kind is kind)
    steps = tuple(
        bp.Repeat(times=item.times, steps=tuple(_unpaced(step) for step in item.steps))
        if isinstance(item, bp.Repeat)
        else _unpaced(item)
        for item in other.workout.steps
    )
    return bp.Session(date=DAY, kind=kind, workout=bp.Workout(steps=steps)), athlete


def _unpaced(step: bp.Step) -> bp.Step:
    return step.model_copy(update={"pace": None})


def expected_pace(
    step: bp.Step, session: bp.Session, athlete: bp.Athlete | None
) -> bp.PaceRange | None:
    """The pace the files should aim for, worked out from the effort guides."""
    if session.kind is bp.WorkoutKind.HILLS and step.part == "work":
        return None
    if session.kind is bp.WorkoutKind.RACE and step.part == "work":
        # A race aims at its own pace only, and not even that when it is an estimate.
        return None if step.note == RACE_BY_FEEL else step.pace
    if step.pace is not None:
        return step.pace
    by_effort = all(s.pace is None for s in session.workout.expanded)
    if by_effort and athlete is not None and athlete.paces is not None:
        return bp.effort_guide(step.effort).pace(athlete.paces)
    return None


def expected_target(
    step: bp.Step, session: bp.Session, athlete: bp.Athlete | None
) -> tuple[Any, ...]:
    """("speed", low m/s, high m/s), ("heart_rate", low, high) or ("open",)."""
    pace = expected_pace(step, session, athlete)
    if pace is not None:
        fast, slow = pace.fast, pace.slow
        if fast == slow:
            fast, slow = fast - MARGIN, slow + MARGIN
        return ("speed", 1000 / slow.total_seconds(), 1000 / fast.total_seconds())
    race = session.kind is bp.WorkoutKind.RACE and step.part == "work"
    if athlete is not None and athlete.max_hr is not None and not race:
        band = bp.effort_guide(step.effort).heart_rate(athlete.max_hr, athlete.resting_hr)
        if band is not None:
            return ("heart_rate", band.low, band.high)
    return ("open",)


def expected_name(step: bp.Step, session: bp.Session) -> str:
    """A race's work is "Race effort"; every other step is named by its effort."""
    if session.kind is bp.WorkoutKind.RACE and step.part == "work":
        return "Race effort"
    return bp.effort_guide(step.effort).name


def title(session: bp.Session) -> str:
    return session.title or bp.format_title(session.kind, session.workout)


# --- FIT ----------------------------------------------------------------------------------


def decode_fit(data: bytes) -> dict[str, list[dict[str, Any]]]:
    from garmin_fit_sdk import Decoder, Stream

    check = Decoder(Stream.from_byte_array(bytearray(data)))
    assert check.is_fit()
    assert check.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return cast("dict[str, list[dict[str, Any]]]", messages)


def expand_fit(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Workout steps in the order they are run: each repeat step runs its steps again."""
    run: list[dict[str, Any]] = []
    for message in steps:
        if message["duration_type"] == "repeat_until_steps_cmplt":
            body = steps[message["duration_step"] : message["message_index"]]
            assert all(m["duration_type"] != "repeat_until_steps_cmplt" for m in body)
            run += body * (message["repeat_steps"] - 1)
        else:
            run.append(message)
    return run


def check_fit(session: bp.Session, athlete: bp.Athlete | None) -> None:
    messages = decode_fit(bp.to_fit_workout(session, athlete))
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    (workout,) = messages["workout_mesgs"]
    assert workout["sport"] == "running"
    # FIT strings are bytes: a long name is cut at 48 bytes, never inside a character.
    assert workout["wkt_name"] == title(session).encode()[:48].decode(errors="ignore")
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    assert [m["message_index"] for m in steps] == list(range(len(steps)))
    run = expand_fit(steps)
    planned = session.workout.expanded
    assert len(run) == len(planned)
    for message, step in zip(run, planned, strict=True):
        assert message["wkt_step_name"] == expected_name(step, session)
        if step.effort != "rest":
            assert message["intensity"] == PART_INTENSITY[step.part]
        if step.distance is not None:
            assert message["duration_type"] == "distance"
            assert message["duration_distance"] == pytest.approx(step.distance, abs=0.01)
        else:
            assert message["duration_type"] == "time"
            assert message["duration_time"] == round(step.time.total_seconds())
        target = expected_target(step, session, athlete)
        assert message["target_type"] == target[0]
        if target[0] == "speed":
            assert message["custom_target_speed_low"] == pytest.approx(target[1], abs=0.001)
            assert message["custom_target_speed_high"] == pytest.approx(target[2], abs=0.001)
        elif target[0] == "heart_rate":  # custom beats per minute are stored plus 100
            assert message["custom_target_heart_rate_low"] == target[1] + 100
            assert message["custom_target_heart_rate_high"] == target[2] + 100


@pytest.mark.parametrize("scenario", ["paces", "heart rate"])
@pytest.mark.parametrize("kind", RUNNING_KINDS, ids=str)
def test_fit_workout_of_every_running_kind_decodes_to_its_steps(
    kind: bp.WorkoutKind, scenario: str
) -> None:
    session, athlete = session_of(kind, scenario)
    check_fit(session, athlete)


def test_fit_repeats_are_repeat_steps_and_targets_are_what_the_runner_needs() -> None:
    session, athlete = session_of(bp.WorkoutKind.INTERVALS, "paces")
    steps = decode_fit(bp.to_fit_workout(session, athlete))["workout_step_mesgs"]
    repeats = [m for m in steps if m["duration_type"] == "repeat_until_steps_cmplt"]
    groups = [item for item in session.workout.steps if isinstance(item, bp.Repeat)]
    assert [m["repeat_steps"] for m in repeats] == [g.times for g in groups]
    # The warm-up holds the easy range; interval reps at one pace get a little room.
    warm, paces = steps[0], PACED.paces
    assert paces is not None
    fastest = paces.easy.fast.total_seconds()
    assert 1000 / warm["custom_target_speed_high"] == pytest.approx(fastest, abs=0.5)
    rep = next(m for m in steps if m.get("intensity") == "active")
    width = 1000 / rep["custom_target_speed_low"] - 1000 / rep["custom_target_speed_high"]
    assert width == pytest.approx(10, abs=0.5)


def test_fit_without_targets_is_open_and_carries_the_rpe() -> None:
    session, _ = session_of(bp.WorkoutKind.REPETITIONS, "paces")
    steps = decode_fit(bp.to_fit_workout(session))["workout_step_mesgs"]
    assert {m["target_type"] for m in steps if "intensity" in m} == {"open"}
    assert steps[1]["notes"] == "RPE 8-9"


def test_fit_is_the_same_bytes_every_time() -> None:
    session, athlete = session_of(bp.WorkoutKind.THRESHOLD, "paces")
    assert bp.to_fit_workout(session, athlete) == bp.to_fit_workout(session, athlete)


@given(
    st.builds(
        lambda kind, workout: bp.Session(date=DAY, kind=kind, workout=workout),
        st.sampled_from([k for k in RUNNING_KINDS if k is not bp.WorkoutKind.HILLS]),
        bst.workouts().filter(lambda w: len(w.steps) > 0),
    ),
    st.sampled_from([None, PACED, BY_HEART]),
)
def test_any_run_round_trips_through_fit(session: bp.Session, athlete: bp.Athlete | None) -> None:
    """Every running workout, whatever its steps, decodes to the same steps and targets."""
    check_fit(session, athlete)


# --- intervals.icu ------------------------------------------------------------------------

ICU_STEP = re.compile(r"- (?P<cue>[A-Za-z]+) (?P<length>\S+)(?: (?P<target>.+))?")
ICU_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
ICU_PACE = re.compile(r"(\d+):(\d\d)-(\d+):(\d\d)/km Pace")
ICU_HR = re.compile(r"(\d+)-(\d+)% HR")


def parse_icu(text: str) -> list[dict[str, Any]]:
    """intervals.icu workout text as the steps run, repeats expanded."""
    run: list[dict[str, Any]] = []
    group: list[dict[str, Any]] | None = None
    times = 1
    previous = ""
    for line in [*text.split("\n"), ""]:
        if re.fullmatch(r"\d+x", line):
            assert previous == "" or not run, "a repeat needs a blank line before it"
            group, times = [], int(line[:-1])
        elif line == "":
            if group is not None:
                run += group * times
                group = None
        else:
            match = ICU_STEP.fullmatch(line)
            assert match is not None, line
            (group if group is not None else run).append(_icu_step(match))
        previous = line
    return run


def _icu_step(match: re.Match[str]) -> dict[str, Any]:
    step: dict[str, Any] = {"cue": match["cue"]}
    length = match["length"]
    if length.endswith("km"):
        step["metres"] = float(length[:-2]) * 1000
    else:
        parts = ICU_TIME.fullmatch(length)
        assert length, length
        assert parts is not None, length
        h, m, s = (int(x or 0) for x in parts.groups())
        step["seconds"] = h * 3600 + m * 60 + s
    target = match["target"]
    if target is None:
        step["target"] = ("open",)
    elif pace := ICU_PACE.fullmatch(target):
        a, b, c, d = (int(x) for x in pace.groups())
        step["target"] = ("pace", a * 60 + b, c * 60 + d)
    else:
        hr = ICU_HR.fullmatch(target)
        assert hr is not None, target
        step["target"] = ("hr", int(hr[1]), int(hr[2]))
    return step


@pytest.mark.parametrize("scenario", ["paces", "heart rate"])
@pytest.mark.parametrize("kind", RUNNING_KINDS, ids=str)
def test_intervals_icu_text_parses_back_to_the_steps(kind: bp.WorkoutKind, scenario: str) -> None:
    session, athlete = session_of(kind, scenario)
    run = parse_icu(bp.to_intervals_icu(session, athlete))
    planned = session.workout.expanded
    assert len(run) == len(planned)
    for parsed, step in zip(run, planned, strict=True):
        if step.distance is not None:
            assert parsed["metres"] == pytest.approx(step.distance, abs=1)
        else:
            assert parsed["seconds"] == round(step.time.total_seconds())
        target = expected_target(step, session, athlete)
        if target[0] == "speed":
            assert parsed["target"][0] == "pace"
            assert parsed["target"][1] == pytest.approx(1000 / target[2], abs=0.5)
            assert parsed["target"][2] == pytest.approx(1000 / target[1], abs=0.5)
        elif target[0] == "heart_rate":
            assert athlete.max_hr is not None
            low, high = parsed["target"][1:]
            assert parsed["target"][0] == "hr"
            assert low * athlete.max_hr / 100 == pytest.approx(target[1], abs=athlete.max_hr / 200)
            assert high * athlete.max_hr / 100 == pytest.approx(target[2], abs=athlete.max_hr / 200)
        else:
            assert parsed["target"] == ("open",)


def test_intervals_icu_text_reads_like_its_builder() -> None:
    session = bp.Session(
        date=DAY,
        kind="intervals",
        workout=bp.Workout(
            steps=(
                _step("easy", "10m", "warmup"),
                bp.Repeat(
                    times=5, steps=(_step("interval", "3m"), _step("recovery", "90s", "recovery"))
                ),
                _step("easy", "1h5m", "cooldown"),
            )
        ),
    )
    assert bp.to_intervals_icu(session, BY_HEART) == (
        "- Warmup 10m 65-79% HR\n"
        "\n"
        "5x\n"
        "- Interval 3m 98-100% HR\n"
        "- Recovery 1m30s 60-70% HR\n"
        "\n"
        "- Cooldown 1h5m 65-79% HR"
    )


# --- Zwift --------------------------------------------------------------------------------


def read_zwo(text: str) -> tuple[ET.Element, list[tuple[int, float]]]:
    """The root and the (seconds, power) of every step as run."""
    root = ET.fromstring(text.split("\n", 1)[1])
    run: list[tuple[int, float]] = []
    workout = root.find("workout")
    assert workout is not None
    for element in workout:
        a = element.attrib
        if element.tag == "SteadyState":
            run.append((int(a["Duration"]), float(a["Power"])))
        else:
            assert element.tag == "IntervalsT"
            on = (int(a["OnDuration"]), float(a["OnPower"]))
            off = (int(a["OffDuration"]), float(a["OffPower"]))
            run += [on, off] * int(a["Repeat"])
    return root, run


@pytest.mark.parametrize("kind", RUNNING_KINDS, ids=str)
def test_zwo_reads_back_as_fractions_of_threshold_pace(kind: bp.WorkoutKind) -> None:
    session, athlete = session_of(kind, "paces")
    assert athlete.paces is not None
    root, run = read_zwo(bp.to_zwo(session, athlete))
    assert root.findtext("sportType") == "run"
    assert root.findtext("name") == title(session)
    assert bp.format_pace(athlete.paces.threshold) in (root.findtext("description") or "")
    planned = session.workout.expanded
    assert len(run) == len(planned)
    for (seconds, power), step in zip(run, planned, strict=True):
        assert seconds == round(step.time.total_seconds())
        pace = step.pace or bp.effort_guide(step.effort).pace(athlete.paces)
        assert pace is not None
        assert power == pytest.approx(athlete.paces.threshold / pace.middle, abs=0.001)


def test_zwo_needs_training_paces() -> None:
    session, athlete = session_of(bp.WorkoutKind.EASY, "heart rate")
    with pytest.raises(bp.DataError) as caught:
        bp.to_zwo(session, athlete)
    assert "recent race" in (caught.value.hint or "")


# --- what cannot be exported --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rest", "strength", "mobility", "cross_training"])
@pytest.mark.parametrize("export", ["to_fit_workout", "to_intervals_icu", "to_zwo"])
def test_only_runs_with_steps_are_exported(kind: str, export: str) -> None:
    steps = () if kind == "rest" else (_step("easy", "30m"),)
    session = bp.Session(date=DAY, kind=kind, workout=bp.Workout(steps=steps))
    with pytest.raises(bp.DataError) as caught:
        getattr(bp, export)(session, PACED)
    assert caught.value.code == "data"
    assert caught.value.value == f"2027-01-05 {kind}"


def test_fit_without_the_extra_says_which_to_install() -> None:
    code = (
        "import sys; sys.modules['garmin_fit_sdk'] = None\n"
        "import datetime as dt, balg_planner as bp\n"
        "run = bp.Session(date=dt.date(2027, 1, 5), kind='easy',"
        " workout=bp.Workout(steps=(bp.Step(effort='easy', duration='30m'),)))\n"
        "try:\n    bp.to_fit_workout(run)\n"
        "except bp.MissingExtraError as error:\n    print(error.code, error.hint)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"missing_extra {install_hint('fit')}"
