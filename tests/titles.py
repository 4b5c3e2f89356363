"""Read a session's title back and check that the lengths it states are the steps' lengths."""

from __future__ import annotations

import datetime as dt
import re

import balg_planner as bp

_LENGTH = r"\d+ s|\d+(?::\d\d)? min"
_SECOND = dt.timedelta(seconds=1)


def _length(text: str) -> dt.timedelta:
    if text.endswith(" s"):
        return dt.timedelta(seconds=int(text[:-2]))
    whole, _, seconds = text[:-4].partition(":")
    return dt.timedelta(minutes=int(whole), seconds=int(seconds or 0))


def _close(said: dt.timedelta, real: dt.timedelta) -> bool:
    return abs(said - real) <= _SECOND


def _total(steps: list[bp.Step]) -> dt.timedelta:
    return sum((step.time for step in steps), dt.timedelta())


def assert_title_says_what_the_steps_do(session: bp.Session) -> None:
    """Fail unless every length in `session.title` is the length of the steps it names."""
    title, workout = session.title, session.workout
    steps = list(workout.expanded)
    # A quality session's extra easy running is named after (or before) its main set.
    extra = _total([s for s in steps if s.part is bp.StepPart.EXTRA])
    if m := re.fullmatch(rf"(.+), then ({_LENGTH}) easy", title):
        assert _close(_length(m[2]), extra), title
        title = m[1]
    elif m := re.fullmatch(rf"({_LENGTH}) easy, then (.+)", title):
        assert _close(_length(m[1]), extra), title
        title = m[2][:1].upper() + m[2][1:]
    work = [s for s in steps if s.part is bp.StepPart.WORK]
    main = [s for s in work if s.effort is session.effort]
    if m := re.fullmatch(rf"Easy run, ({_LENGTH}), then (\d+) × ({_LENGTH}) strides", title):
        fast = [s for s in work if s.effort > session.effort]
        jogs = [s for s in steps if s.part is bp.StepPart.RECOVERY]
        assert len(fast) == int(m[2]), title
        assert all(_close(_length(m[3]), s.time) for s in fast), title
        assert _close(_length(m[1]) + _total(fast) + _total(jogs), workout.duration), title
    elif m := re.fullmatch(
        rf"Easy run, ({_LENGTH}), then (\d+) strides, ({_LENGTH}) in all", title
    ):
        fast = [s for s in work if s.effort > session.effort]
        jogs = [s for s in steps if s.part is bp.StepPart.RECOVERY]
        assert len(fast) == int(m[2]), title
        assert _close(_length(m[3]), _total(fast)), title
        assert _close(_length(m[1]) + _total(fast) + _total(jogs), workout.duration), title
    elif m := re.fullmatch(rf"[^:,]+: (\d+) × ({_LENGTH})", title):
        assert len(main) == int(m[1]), title
        assert all(_close(_length(m[2]), s.time) for s in main), title
    elif m := re.fullmatch(rf"[^:,]+: ({_LENGTH}) continuous", title):
        assert len(main) == 1, title
        assert _close(_length(m[1]), main[0].time), title
    elif m := re.fullmatch(rf"[^:,]+: ({_LENGTH}) in (\d+) reps", title):
        assert len(main) == int(m[2]), title
        assert _close(_length(m[1]), _total(main)), title
    elif m := re.fullmatch(rf"Progression: finish with ({_LENGTH}) at ([a-z]+)", title):
        assert m[2] == session.effort.value, title
        assert _close(_length(m[1]), _total(main)), title
    elif m := re.fullmatch(rf"Long run, ({_LENGTH}), the last ({_LENGTH}) at ([a-z]+) pace", title):
        finish = []
        for step in reversed(steps):
            if step.part is not bp.StepPart.WORK or step.effort.value != m[3]:
                break
            finish.append(step)
        assert _close(_length(m[1]), workout.duration), title
        assert _close(_length(m[2]), _total(finish)), title
    elif m := re.fullmatch(rf"[^:,]+, ({_LENGTH})", title):
        assert _close(_length(m[1]), workout.duration), title
    elif m := re.fullmatch(rf"Walk-run: (\d+) × \(({_LENGTH}) run, ({_LENGTH}) walk\)", title):
        runs = [s for s in steps if s.part is bp.StepPart.WORK]
        walks = [s for s in steps if s.part is bp.StepPart.RECOVERY]
        assert len(runs) == len(walks) == int(m[1]), title
        assert all(_close(_length(m[2]), s.time) for s in runs), title
        assert all(_close(_length(m[3]), s.time) for s in walks), title
    elif title.startswith("Race day: "):
        assert session.kind is bp.WorkoutKind.RACE, title
        assert len(steps) == 1, title
    else:
        assert title in ("Rest day", "Paused", "Do not start"), title
        assert not steps, title
