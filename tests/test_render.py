import datetime as dt
import re
import warnings

import balg_planner as bp
from tests.personas import compose


def test_text_week_has_header_focus_and_the_why_of_each_session() -> None:
    plan = compose("busy-parent-half")
    text = bp.render_week(plan.week(5))
    lines = text.splitlines()
    assert lines[0].startswith("Week 5 · ")
    assert plan.week(5).focus in text
    for session in plan.week(5).sessions:
        assert session.purpose in text
    assert "Paces: easy" in text


def test_markdown_week_has_a_table_and_details() -> None:
    plan = compose("advanced-marathon")
    md = bp.render_week(plan.week(3), fmt="md")
    assert md.startswith("### Week 3")
    assert "| Day | Session | Time | Key |" in md
    assert md.count("\n| ") >= 8  # header, rule and seven days
    assert plan.week(3)._repr_markdown_() == md


def test_plan_rendering_covers_phases_notes_and_every_week() -> None:
    plan = compose("new-runner-5k")
    text = bp.render_plan(plan)
    assert text.startswith("5K plan · 11 weeks")
    for phase in plan.phases:
        assert phase.rationale in text
    assert plan.notes[0] in text
    assert text.count("\nWeek ") == len(plan.weeks)
    md = plan._repr_markdown_()
    assert md.startswith("## 5K plan")
    assert md.count("### Week") == len(plan.weeks)


def test_miles() -> None:
    plan = compose("busy-parent-half")
    text = bp.render_week(plan.week(2), units="mi")
    assert "/mi" in text
    assert "/km" not in text


def test_effort_only_plans_show_no_paces() -> None:
    plan = compose("new-runner-5k")
    assert "Paces:" not in bp.render_week(plan.week(2))
    assert "RPE" in bp.render_week(plan.week(2))


def _logged_week() -> bp.Adaptation:
    """A marathoner's week: three easy runs logged at RPE 9 with a high heart rate."""
    plan = compose("advanced-marathon")
    plan = plan.model_copy(update={"athlete": plan.athlete.model_copy(update={"max_hr": 190})})
    week = plan.weeks[2]
    runs = [s for s in week.sessions if s.is_running and s.effort is bp.Effort.EASY][:3]
    done = [bp.CompletedSession(date=s.date, minutes=s.minutes, rpe=9, avg_hr=178) for s in runs]
    return bp.adapt(plan, done, today=runs[-1].date + dt.timedelta(days=1))


def test_compliance_view_says_what_was_done_and_what_the_rules_made_of_it() -> None:
    text = bp.render_compliance(_logged_week())
    assert "Week 1 (from" in text
    assert "nothing logged" in text
    assert "3 of 5 runs" in text
    assert "harder than planned" in text
    assert "What the plan made of it:" in text
    assert "felt 8/10 or harder" in text


def test_compliance_view_in_markdown_and_html() -> None:
    result = _logged_week()
    md = bp.render_compliance(result, fmt="md")
    assert md.startswith("## Planned and done")
    assert "\n\n- " in md
    html = bp.render_compliance(result, fmt="html")
    assert html.startswith("<h2>")
    assert html.count("<ul>") == html.count("</ul>") >= 1


def test_big_models_have_short_reprs_and_adaptations_show_in_notebooks() -> None:
    result = _logged_week()
    plan = result.plan
    assert len(repr(result)) < 300
    assert repr(plan).startswith(f"Plan(id={plan.id!r}, template='marathon-advanced'")
    assert f"{len(plan.weeks)} weeks" in repr(plan)
    assert repr(plan.weeks[0]).startswith("Week(1, base,")
    session = plan.weeks[0].sessions[1]
    assert repr(session) == (
        f"Session(id={session.id!r}, date={session.date}, kind={session.kind.value!r}, "
        f"title={session.title!r}, status={session.status!r})"
    )
    html = result._repr_html_()
    assert html.startswith("<h2>Adapted as of")
    assert "<th>Before</th><th>After</th>" in html
    assert html.count("<tr>") == len(result.adjustments) + 1
    assert result._repr_markdown_().startswith("## Adapted as of")


def test_a_race_estimated_from_no_race_shows_no_pace_where_a_runner_reads_it() -> None:
    """A race time guessed without a recent race or a target is never a target pace."""
    plan = compose("new-runner-5k")
    race = plan.sessions[-1]
    assert race.kind is bp.WorkoutKind.RACE
    assert any(step.pace is not None for step in race.workout.flat_steps())  # kept for its time
    for fmt in ("text", "md", "html"):
        assert "/km" not in bp.render_plan(plan, fmt=fmt)
    assert "/km" not in bp.render_session(race)
    assert "/km" not in bp.render_steps(race, athlete=plan.athlete)
    rows = [row for row in bp.step_records(plan) if row["id"] == race.id]
    assert rows
    assert all(row["pace_fast"] is None and row["pace_slow"] is None for row in rows)


def test_a_races_own_pace_is_race_pace_not_the_effort_it_is_run_at() -> None:
    """A half is run near marathon effort, but its pace is labelled race pace, not marathon."""
    runner = bp.Athlete(
        level="intermediate",
        weekly_minutes=200,
        longest_run_minutes=80,
        availability={"tue": 60, "thu": 60, "sat": 45, "sun": 150},
        recent_race=bp.RaceResult(distance="10k", time="50:00"),
        long_run_day="sun",
    )
    for distance in ("5k", "10k", "half", "marathon"):
        goal = bp.Goal(distance=distance, race_date=dt.date(2027, 6, 6))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bp.BalgWarning)  # readiness is not under test
            plan = bp.compose_plan(runner, goal, start=dt.date(2027, 3, 1))
        race = plan.sessions[-1]
        lines = [line.strip() for line in bp.render_session(race).splitlines()]
        paces = [line for line in lines if line.startswith("Paces:")]
        pace = race.workout.expanded[0].pace
        assert pace is not None
        assert paces == [f"Paces: race {pace.format()}"], distance


def test_a_one_week_phase_reads_as_one_week() -> None:
    """A one-week taper is 'week 11', with one-week words, never 'weeks 11-11' or 'two weeks'."""
    plans = [compose(name) for name in ("new-runner-5k", "busy-parent-half", "advanced-marathon")]
    one_week = [(plan, p) for plan in plans for p in plan.phases if p.first_week == p.last_week]
    assert any(p.name == "taper" for _, p in one_week)
    for plan in plans:
        text = bp.render_plan(plan) + bp.render_plan(plan, fmt="html")
        assert not re.search(r"weeks (\d+)-\1\b", text)
        for phase in plan.phases:
            assert f"{phase.name.value.capitalize()} ({phase.span}): " in bp.render_plan(plan)
    for _plan, phase in one_week:
        assert phase.span == f"week {phase.first_week}"
        assert "two weeks" not in phase.rationale
        assert "one week" in phase.rationale
    longer = [
        p for plan in plans for p in plan.phases if p.name == "taper" and p.last_week > p.first_week
    ]
    assert all("two weeks" in p.rationale for p in longer)
