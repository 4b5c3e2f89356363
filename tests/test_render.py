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
