import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from balg_planner import cli
from balg_planner._cli_commands import app

runner = CliRunner()


def test_paces_shows_vdot_equivalents_and_threshold() -> None:
    result = runner.invoke(app, ["paces", "--race", "5k", "--time", "20:00"])
    assert result.exit_code == 0, result.output
    assert "VDOT 49.8" in result.output
    assert "41:28" in result.output
    assert "4:16/km" in result.output  # 4:15.6, between Daniels' 4:15 (VDOT 50) and 4:19 (49)


def test_paces_in_miles_with_heart_rate() -> None:
    result = runner.invoke(
        app, ["paces", "--race", "10k", "--time", "50:00", "--units", "mi", "--max-hr", "190"]
    )
    assert result.exit_code == 0, result.output
    assert "/mi" in result.output
    assert "/km" not in result.output
    assert "167-175 bpm" in result.output


def test_bad_input_gives_one_line_and_status_2() -> None:
    result = runner.invoke(app, ["paces", "--race", "5k", "--time", "8:00"])
    assert result.exit_code == 2
    assert "VDOT 20-90" in result.output
    assert "Traceback" not in result.output


def test_efforts_lists_every_level_with_paces() -> None:
    result = runner.invoke(app, ["efforts", "--race", "5k", "--time", "20:00"])
    assert result.exit_code == 0, result.output
    for name in (
        "Rest",
        "Recovery",
        "Easy",
        "Marathon pace",
        "Threshold",
        "Interval",
        "Repetition",
    ):
        assert name in result.output
    assert "Comfortably hard" in result.output


def test_demo_composes_adapts_and_explains() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "VDOT of 40.0" in result.output
    assert "template half-intermediate" in result.output
    assert "Week 1 · base" in result.output
    assert "Why:" in result.output
    assert "lactate" in result.output
    assert "When life gets messy" in result.output
    assert "illness.above_neck.easy" in result.output
    assert "stress.high.long" in result.output
    assert "Takeaway" in result.output


def test_missing_extra_gives_an_install_hint() -> None:
    """Without typer the command prints how to install the extra, not a traceback."""
    code = (
        "import sys; sys.modules['typer'] = None; from balg_planner.cli import main; main(['demo'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip() == cli.INSTALL_HINT
    assert "Traceback" not in out.stderr


def test_console_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "balg_planner", "paces", "--race", "half", "--time", "1:45:00"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "VDOT 42.6" in out.stdout


PLAN_ARGS = [
    "plan", "--race", "half", "--date", "2027-04-18", "--level", "intermediate",
    "--recent", "10k=50:00", "--weekly", "180", "--longest", "75",
    "--days", "mon=45,wed=60,fri=45,sun=120", "--start", "2027-01-04",
]  # fmt: skip


def test_plan_prints_every_week_with_the_why() -> None:
    result = runner.invoke(app, PLAN_ARGS)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Half marathon plan · 15 weeks")
    assert "Week 15 · taper" in result.output
    assert "Why: " in result.output


def test_plan_as_json_round_trips() -> None:
    import balg_planner as bp

    result = runner.invoke(app, [*PLAN_ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = bp.Plan.model_validate_json(result.output)
    assert plan.template == "half-intermediate"


def test_plan_markdown_in_miles() -> None:
    result = runner.invoke(app, [*PLAN_ARGS, "--format", "md", "--units", "mi"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Half marathon plan")
    assert "/mi" in result.output


def test_plan_errors_say_what_to_change() -> None:
    bad_day = [arg.replace("mon=45", "mnday=45") for arg in PLAN_ARGS]
    result = runner.invoke(app, bad_day)
    assert result.exit_code == 2
    assert "did you mean 'mon'" in result.output
    too_close = [arg.replace("2027-04-18", "2027-02-01") for arg in PLAN_ARGS]
    result = runner.invoke(app, too_close)
    assert result.exit_code == 2
    assert "needs at least 8 weeks" in result.output
    assert "choose a race on or after" in result.output


def test_templates_lists_all_twelve() -> None:
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0, result.output
    for distance in ("5k", "10k", "half", "marathon"):
        for level in ("beginner", "intermediate", "advanced"):
            assert f"{distance}-{level}" in result.output


def test_adapt_from_files(tmp_path: Path) -> None:
    plan_json = runner.invoke(app, [*PLAN_ARGS, "--format", "json"]).output
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan_json, encoding="utf-8")
    events_file = tmp_path / "events.json"
    events_file.write_text(
        '[{"type": "illness", "start": "2027-02-03", "symptoms": ["fever"]}]', encoding="utf-8"
    )
    args = ["adapt", str(plan_file), "--events", str(events_file), "--today", "2027-02-03"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Adapted as of 2027-02-03")
    assert "illness.fever.rest" in result.output
    as_json = runner.invoke(app, [*args, "--format", "json"])
    import balg_planner as bp

    adaptation = bp.Adaptation.model_validate_json(as_json.output)
    assert adaptation.adjustments[0].rule_id == "illness.fever.rest"


def test_adapt_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{"template": 3}', encoding="utf-8")
    events = tmp_path / "events.json"
    events.write_text("[]", encoding="utf-8")
    result = runner.invoke(
        app, ["adapt", str(bad), "--events", str(events), "--today", "2027-02-03"]
    )
    assert result.exit_code == 2
    assert str(bad) in result.output
    missing = runner.invoke(
        app,
        ["adapt", str(tmp_path / "none.json"), "--events", str(events), "--today", "2027-02-03"],
    )
    assert missing.exit_code == 2
    assert "no such plan file" in missing.output


def test_rules_lists_and_explains() -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0, listing.output
    assert "illness.fever.rest" in listing.output
    one = runner.invoke(app, ["rules", "pain.red_flag.stop"])
    assert one.exit_code == 0, one.output
    assert one.output.startswith("pain.red_flag.stop · Red-flag pain")
    assert "Evidence:" in one.output
    typo = runner.invoke(app, ["rules", "pain.red_flag.stp"])
    assert typo.exit_code == 2
    assert "did you mean 'pain.red_flag.stop'" in typo.output


def test_learn_lists_and_explains() -> None:
    listing = runner.invoke(app, ["learn"])
    assert listing.exit_code == 0, listing.output
    assert "chunking" in listing.output
    one = runner.invoke(app, ["learn", "rest-when-ill"])
    assert one.exit_code == 0, one.output
    assert one.output.startswith("Why rest beats a hard run when you are ill")
    typo = runner.invoke(app, ["learn", "thresold"])
    assert typo.exit_code == 2
    assert "did you mean 'threshold'" in typo.output


def test_triage_from_the_command_line() -> None:
    red = runner.invoke(
        app, ["triage", "--date", "2027-02-09", "--pain", "5", "--where", "shin", "--bone"]
    )
    assert red.exit_code == 0, red.output
    assert red.output.startswith("ACT:")
    assert "pain.bone_stress.no_impact" in red.output
    normal = runner.invoke(app, ["triage", "--date", "2027-02-09", "--soreness", "5"])
    assert normal.output.startswith("NORMAL:")
    ill = runner.invoke(app, ["triage", "--date", "2027-02-09", "--symptoms", "runny_nose"])
    assert "illness.above_neck.easy" in ill.output
    bad = runner.invoke(app, ["triage", "--date", "2027-02-09", "--symptoms", "feverr"])
    assert bad.exit_code == 2
    assert "did you mean 'fever'" in bad.output
    fainted = runner.invoke(app, ["triage", "--date", "2027-02-09", "--symptoms", "fainting"])
    assert fainted.exit_code == 0, fainted.output
    assert fainted.output.startswith("URGENT: Stop and get checked today.")


def test_input_that_looks_like_markup_is_shown_as_typed() -> None:
    result = runner.invoke(app, ["paces", "--race", "[bold]5k", "--time", "20:00"])
    assert result.exit_code == 2
    assert "[bold]5k" in result.output
    assert "Traceback" not in result.output


def test_log_reads_watch_files_against_the_plan(tmp_path: Path) -> None:
    from balg_planner.activities import TCX_EXAMPLE

    plan_file = tmp_path / "plan.json"
    plan_result = runner.invoke(app, [*PLAN_ARGS, "--format", "json"])
    assert plan_result.exit_code == 0, plan_result.output
    plan_file.write_text(plan_result.output, encoding="utf-8")
    run = tmp_path / "run.tcx"
    run.write_text(TCX_EXAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["log", str(plan_file), str(run), "--today", "2027-02-15"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 activity read")
    assert "Week 5 (from Mon 01 Feb): nothing logged" in result.output
    assert "Week 6 (from Mon 08 Feb): 1 of 4 runs, 45 of" in result.output
    as_json = runner.invoke(
        app, ["log", str(plan_file), str(run), "--today", "2027-02-15", "--format", "json"]
    )
    assert '"sessions_done"' in as_json.output
