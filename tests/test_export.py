import datetime as dt
import re
import subprocess
import sys

import pytest

import balg_planner as bp
from balg_planner.errors import install_hint
from tests.personas import compose
from tests.test_targets import display_groups


def test_records_have_one_row_per_session() -> None:
    plan = compose("busy-parent-half")
    rows = bp.plan_records(plan)
    assert len(rows) == len(plan.sessions)
    assert rows[0]["date"] == plan.start
    assert {row["phase"] for row in rows} == {"base", "build", "peak", "taper"}
    assert sum(
        row["minutes"] for row in rows if row["kind"] not in ("strength", "mobility")
    ) == pytest.approx(plan.running_minutes, abs=len(rows))


def test_dataframe_matches_the_records() -> None:
    plan = compose("new-runner-5k")
    frame = bp.to_dataframe(plan)
    assert list(frame.columns)[:4] == ["date", "week", "phase", "kind"]
    assert len(frame) == len(plan.sessions)
    assert frame.groupby("week")["minutes"].sum().iloc[0] == pytest.approx(
        plan.weeks[0].running_minutes
    )


def test_dataframe_is_typed_for_analysis() -> None:
    """Dates and durations are datetime and timedelta; efforts compare in order."""
    import pandas as pd

    plan = compose("busy-parent-half")
    frame = bp.to_dataframe(plan)
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["duration"].dtype == "timedelta64[ns]"
    hard = frame[frame.effort >= bp.Effort.THRESHOLD]
    assert set(hard.id) == {s.id for s in plan.sessions if s.effort >= bp.Effort.THRESHOLD}
    assert "hills" in set(hard.kind) or "intervals" in set(hard.kind)
    assert frame.phase.cat.ordered
    weekly = frame.set_index("date").resample("W")["duration"].sum()
    first_week = sum((s.duration for s in plan.weeks[0].sessions), dt.timedelta())
    assert weekly.iloc[0] == pd.Timedelta(first_week)


def test_one_row_per_step() -> None:
    plan = compose("busy-parent-half")
    steps = bp.to_dataframe(plan, steps=True)
    session = next(s for s in plan.sessions if s.kind is bp.WorkoutKind.HILLS)
    rows = steps[steps.id == session.id]
    assert len(rows) == len(session.workout.expanded)
    assert list(rows.step) == list(range(1, len(rows) + 1))
    assert rows.duration.sum() == session.duration
    assert rows.effort.max() == session.peak_effort
    assert steps.part.dtype == "category"


def test_ics_has_an_event_per_training_day_and_is_stable() -> None:
    import icalendar

    plan = compose("comeback-10k")
    data = bp.to_ics(plan, name="10K")
    assert data == bp.to_ics(plan, name="10K")
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    training = [s for s in plan.sessions if s.kind is not bp.WorkoutKind.REST]
    assert len(events) == len(training)
    first = events[0]
    assert first.decoded("dtstart") == training[0].date
    assert str(first["summary"]) == training[0].title
    assert training[0].purpose in str(first["description"])


def test_plot_shows_training_per_week_and_the_race_apart() -> None:
    plan = compose("advanced-marathon")
    figure = bp.plot_weekly_minutes(plan)
    (axes,) = figure.axes
    heights = [patch.get_height() for patch in axes.patches]  # type: ignore[attr-defined]  # bars are Rectangles
    training, race = heights[: len(plan.weeks)], heights[len(plan.weeks) :]
    race_minutes = plan.race.minutes if plan.race else 0
    assert training[-1] == pytest.approx(plan.weeks[-1].running_minutes - race_minutes)
    assert race[-1] == pytest.approx(race_minutes)
    assert sum(race[:-1]) == 0
    labels = [text.get_text() for text in axes.get_legend().get_texts()]  # type: ignore[union-attr]
    assert labels == ["training", "cutback week", "taper", "race"]
    assert all(tick == int(tick) for tick in axes.get_xticks())
    assert axes.get_xlabel() == "Week"
    assert b"PNG" in figure._repr_png_()[:8]  # type: ignore[attr-defined]  # shows in Jupyter


def test_charts_draw_on_the_axes_they_are_given() -> None:
    from matplotlib.figure import Figure

    plan = compose("busy-parent-half")
    mine = Figure()
    left, right = mine.subplots(1, 2)
    assert bp.plot_effort_time(plan, ax=left) is mine
    assert bp.plot_load(plan, ax=right) is mine
    efforts = [text.get_text() for text in left.get_legend().get_texts()]
    assert efforts[:2] == ["recovery", "easy"] or efforts[0] == "easy"
    stacked = sum(patch.get_height() for patch in left.patches)
    assert stacked == pytest.approx(plan.running_minutes, rel=0.01)
    assert {"base", "build", "peak", "taper"} <= {text.get_text() for text in left.texts}


def test_missing_extras_say_which_to_install() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import datetime as dt, balg_planner as bp\n"
        "runner = bp.Athlete(level='beginner', weekly_minutes=90, longest_run_minutes=35,"
        " availability={'tue': 40, 'thu': 40, 'sat': 60})\n"
        "plan = bp.compose_plan(runner, bp.Goal(distance='5k', race_date=dt.date(2027, 3, 20)),"
        " start=dt.date(2027, 1, 4))\n"
        "try:\n    bp.to_dataframe(plan)\n"
        "except bp.MissingExtraError as error:\n    print(error.code, error.hint)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"missing_extra {install_hint('dataframe')}"


def test_html_views_escape_and_cover_every_week() -> None:
    plan = compose("new-runner-5k")
    html = plan._repr_html_()
    assert html.startswith("<article class='balg-plan'>")
    assert html.count("<section class='balg-week'>") == len(plan.weeks)
    assert "<details>" in bp.render_week(plan.week(2), fmt="html")
    assert "don&#x27;t add the missing part" in html  # text is escaped, never raw markup
    assert dt.date(2027, 1, 5).strftime("%a %d %b") in html


def test_an_adapted_plan_re_imported_keeps_every_uid() -> None:
    """Calendar events follow their sessions: an adapted plan's UIDs are the composed plan's,
    so re-importing updates events in place instead of duplicating the plan."""
    import icalendar

    plan = compose("comeback-10k")
    day = plan.weeks[3].sessions[0].date
    adapted = bp.adapt(plan, [bp.Illness(start=day, symptoms={"fever"})], today=day).plan

    def uids(data: bytes) -> dict[str, str]:
        calendar = icalendar.Calendar.from_ical(data)
        return {str(event["uid"]): str(event["summary"]) for event in calendar.walk("VEVENT")}

    before, after = uids(bp.to_ics(plan)), uids(bp.to_ics(adapted))
    assert set(after) == set(before)  # changed sessions keep their UIDs, none vanish
    assert any(before[uid] != after[uid] for uid in after)  # and they are updated in place
    cancelled = [
        event
        for event in icalendar.Calendar.from_ical(bp.to_ics(adapted)).walk("VEVENT")
        if event.get("status") == "CANCELLED"
    ]
    assert cancelled  # the fever's rest days cancel the runs they replaced


def test_load_dataframe_and_plot_show_the_load_picture() -> None:
    plan = compose("comeback-10k")
    frame = bp.load_dataframe(plan)
    assert list(frame.columns) == [
        "planned", "done", "load", "fitness", "fatigue", "form", "acwr", "acwr_ewma",
    ]  # fmt: skip
    assert len(frame) == (plan.end - plan.start).days + 1
    assert frame.index[-1].date() == plan.end
    figure = bp.plot_load(plan)
    (axes,) = figure.axes
    assert len(axes.patches) == len(frame)
    assert [line.get_label() for line in axes.lines][:3] == [
        "fitness (CTL)", "fatigue (ATL)", "form (TSB)",
    ]  # fmt: skip


def test_a_moved_race_updates_the_calendar_in_place() -> None:
    """Re-importing after the race moved earlier: every old event is updated or cancelled, and
    changed events carry a higher SEQUENCE so calendars accept the update."""
    import icalendar

    plan = compose("advanced-marathon")
    today = plan.weeks[8].start
    result = bp.adapt(plan, [bp.RaceDateChange(new_date=plan.end - dt.timedelta(weeks=1))],
                      today=today)  # fmt: skip

    def events(data: bytes) -> dict[str, icalendar.cal.Component]:
        return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    before, after = events(bp.to_ics(plan)), events(bp.to_ics(result))
    assert set(before) <= set(after)
    after_race = [e for e in after.values() if e.decoded("dtstart") > result.plan.end]
    assert after_race
    assert all(str(e.get("status")) == "CANCELLED" for e in after_race)
    changed = [uid for uid in before if str(before[uid]["summary"]) != str(after[uid]["summary"])]
    assert changed
    assert all(after[uid].decoded("sequence") > before[uid].decoded("sequence") for uid in changed)


def _raw_descriptions(data: bytes) -> dict[str, str]:
    """DESCRIPTION by UID, read with RFC 5545's own rules: unfold lines, then unescape."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    found: dict[str, str] = {}
    uid = ""
    for line in text.split("\r\n"):
        if line.startswith("UID:"):
            uid = line[4:]
        elif line.startswith("DESCRIPTION:"):
            value = line[len("DESCRIPTION:") :]
            found[uid] = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
    return found


def test_ics_events_list_every_step_with_its_target() -> None:
    import icalendar

    from tests.personas import PERSONAS

    runner = PERSONAS["advanced-marathon"].athlete
    plan = compose("advanced-marathon")
    data = bp.to_ics(plan, athlete=runner)
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    raw = _raw_descriptions(data)
    sessions = [s for s in plan.sessions if s.kind is bp.WorkoutKind.INTERVALS]
    assert sessions
    for session in sessions:
        uid = next(u for u in events if u.endswith(f"{session.id}@balg-planner"))
        description = str(events[uid]["description"])
        assert raw[uid] == description
        lines = description.splitlines()
        assert lines[0] == session.purpose
        at = 1
        for header, steps, folded in display_groups(session.workout):
            if header is not None:
                assert lines[at] == header
                at += 1
            indent = "" if header is None else "  "
            for step in steps:
                guide = bp.effort_guide(step.effort)
                band = guide.heart_rate(185, 48)
                assert band is not None
                assert step.pace is not None
                assert lines[at].startswith(indent)
                assert bp.format_minutes(step.time) in lines[at]
                assert f"{guide.name}, RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}" in lines[at]
                assert f"{step.pace.format()} · {band.format()}" in lines[at]
                at += 1
            if folded:
                assert lines[at] == "  (no recovery after the last)"
                at += 1
        assert lines[at:] == list(session.notes)


def test_ics_a_session_that_became_rest_lists_no_steps() -> None:
    import icalendar

    plan = compose("busy-parent-half")
    ill = bp.Illness(start=dt.date(2027, 2, 2), symptoms=frozenset({"fever"}), temperature_c=38.5)
    result = bp.adapt(plan, [ill], today=dt.date(2027, 2, 2))
    calendar = icalendar.Calendar.from_ical(bp.to_ics(result))
    cancelled = [e for e in calendar.walk("VEVENT") if str(e.get("status")) == "CANCELLED"]
    assert cancelled
    for event in cancelled:
        assert "RPE" not in str(event["description"])
    running = [e for e in calendar.walk("VEVENT") if str(e.get("status")) != "CANCELLED"]
    assert all("RPE" in str(e["description"]) for e in running)
