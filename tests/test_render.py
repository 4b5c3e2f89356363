import datetime as dt

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
