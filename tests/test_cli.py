import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner, Result

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


def test_bad_input_gives_one_line_and_status_1() -> None:
    result = runner.invoke(app, ["paces", "--race", "5k", "--time", "8:00"])
    assert result.exit_code == 1
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
    assert result.exit_code == 1
    assert "did you mean 'mon'" in result.output
    too_close = [arg.replace("2027-04-18", "2027-02-01") for arg in PLAN_ARGS]
    result = runner.invoke(app, too_close)
    assert result.exit_code == 1
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
    assert result.exit_code == 1
    assert str(bad) in result.output
    missing = runner.invoke(
        app,
        ["adapt", str(tmp_path / "none.json"), "--events", str(events), "--today", "2027-02-03"],
    )
    assert missing.exit_code == 1
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
    assert typo.exit_code == 1
    assert "did you mean 'pain.red_flag.stop'" in typo.output


def test_learn_lists_and_explains() -> None:
    listing = runner.invoke(app, ["learn"])
    assert listing.exit_code == 0, listing.output
    assert "chunking" in listing.output
    one = runner.invoke(app, ["learn", "rest-when-ill"])
    assert one.exit_code == 0, one.output
    assert one.output.startswith("Why rest beats a hard run when you are ill")
    typo = runner.invoke(app, ["learn", "thresold"])
    assert typo.exit_code == 1
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
    assert bad.exit_code == 1
    assert "did you mean 'fever'" in bad.output
    fainted = runner.invoke(app, ["triage", "--date", "2027-02-09", "--symptoms", "fainting"])
    assert fainted.exit_code == 0, fainted.output
    assert fainted.output.startswith("URGENT: Stop and get checked today.")


def test_input_that_looks_like_markup_is_shown_as_typed() -> None:
    result = runner.invoke(app, ["paces", "--race", "[bold]5k", "--time", "20:00"])
    assert result.exit_code == 1
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


# --- pipes and people: help, version, exit codes, JSON, stdin, NO_COLOR, no truncation ---


def _commands() -> list[list[str]]:
    """Every command's path, sub-commands included: ["plan"], ["events", "add"], ..."""
    paths: list[list[str]] = []
    group = get_command(app)
    assert isinstance(group, TyperGroup)
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths.extend([name, sub] for sub in command.commands)
        else:
            paths.append([name])
    return paths


def _one_line_error(result: Result, code: str = "data") -> str:
    """Assert the run failed with status 1 and a single `error (code): ...` line on stderr."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error ({code}): ")
    assert "Usage:" not in result.stderr
    return lines[0]


def test_version_names_the_package_version() -> None:
    import balg_planner as bp

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"balg-planner {bp.__version__}\n"


def test_short_and_long_help_on_the_app_and_every_command() -> None:
    paths = _commands()
    assert ["events", "add"] in paths
    assert len(paths) >= 12
    for path in [[], *paths]:
        for flag in ("-h", "--help"):
            result = runner.invoke(app, [*path, flag])
            assert result.exit_code == 0, (path, flag, result.output)
            assert "Usage: balg-planner" in result.stdout
            assert "-h" in result.stdout
            assert "--help" in result.stdout


def test_usage_errors_are_typers_own_with_status_2() -> None:
    unknown = runner.invoke(app, ["paces", "--race", "5k", "--time", "20:00", "--speed", "9"])
    assert unknown.exit_code == 2
    assert "No such option" in unknown.stderr
    missing = runner.invoke(app, ["adapt", "--today", "2027-02-03"])
    assert missing.exit_code == 2
    assert unknown.stdout == missing.stdout == ""


def test_a_library_error_is_one_line_with_status_1_and_no_help() -> None:
    result = runner.invoke(app, ["plan", *PLAN_ARGS[1:], "--weekly", "-5"])
    line = _one_line_error(result)
    assert "weekly_minutes" in line


def test_markup_and_emoji_codes_in_input_are_printed_verbatim() -> None:
    result = runner.invoke(app, ["paces", "--race", ":x: [bold]5k[/bold] :runner:", "--time", "1"])
    line = _one_line_error(result)
    assert ":x: [bold]5k[/bold] :runner:" in line
    assert "❌" not in line


def test_an_error_message_with_newlines_stays_on_one_line(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text("[]", encoding="utf-8")
    result = runner.invoke(
        app, ["adapt", "line one\nline two.json", "--events", str(events), "--today", "2027-02-03"]
    )
    line = _one_line_error(result, "not_found")
    assert "no such plan file" in line


def _plan_json() -> str:
    result = runner.invoke(app, [*PLAN_ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["paces", "--race", "5k", "--time", "20:00", "--max-hr", "190"],
         lambda d: d["vdot"] == 49.8 and d["equivalents"]["10k"]["time"] == "41:28"
         and d["paces"]["threshold"]["text"] == "4:16/km" and d["heart_rate"]["easy"]["method"] == "max"),
        (["paces", "--race", "5k", "--time", "20:00", "--units", "mi"],
         lambda d: d["paces"]["threshold"]["text"].endswith("/mi") and d["heart_rate"] == {}),
        (["efforts"], lambda d: [g["level"] for g in d][:3] == ["rest", "recovery", "easy"]
         and all(g["pace"] is None for g in d)),
        (["efforts", "--race", "5k", "--time", "20:00"],
         lambda d: d[4]["level"] == "threshold" and d[4]["pace"]["text"] == "4:16/km"),
        (["templates"], lambda d: len(d) == 12 and d[0]["id"] == "10k-advanced"),
        (["rules"], lambda d: "illness.fever.rest" in {r["id"] for r in d}),
        (["rules", "illness.fever.rest"], lambda d: d["severity"] == "safety" and d["then"]["action"] == "rest"),
        (["learn"], lambda d: {"topic": "fueling", "summary": d[-1]["summary"]} == d[-1]),
        (["learn", "threshold"], lambda d: d["text"].startswith("Threshold (tempo)")),
        (["triage", "--date", "2027-02-09", "--pain", "5", "--where", "shin", "--bone"],
         lambda d: d["verdict"] == "act" and "pain.bone_stress.no_impact" in d["rules"]),
    ],
)  # fmt: skip
def test_every_data_command_speaks_json(args: list[str], check: Callable[[Any], bool]) -> None:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert check(json.loads(result.stdout))


def test_a_plan_on_stdin_adapts_with_events_from_a_file(tmp_path: Path) -> None:
    import balg_planner as bp

    events = tmp_path / "events.json"
    events.write_text(
        bp.dump_events([bp.MissedSession(date=dt.date(2027, 2, 3))]), encoding="utf-8"
    )
    args = ["adapt", "-", "--events", str(events), "--today", "2027-02-03", "--format", "json"]
    result = runner.invoke(app, args, input=_plan_json())
    assert result.exit_code == 0, result.output
    adaptation = bp.Adaptation.model_validate_json(result.stdout)
    assert adaptation.adjustments[0].date == dt.date(2027, 2, 3)


def test_events_and_rules_can_come_from_stdin(tmp_path: Path) -> None:
    import balg_planner as bp
    from balg_planner.rulebook.packs import EXAMPLE_PACK

    plan_file = tmp_path / "plan.json"
    plan_file.write_text(_plan_json(), encoding="utf-8")
    stress = bp.dump_events([bp.CheckIn(date=dt.date(2027, 2, 7), stress=9)])
    base = ["adapt", str(plan_file), "--today", "2027-02-03", "--format", "json"]
    from_stdin = runner.invoke(app, [*base, "--events", "-"], input=stress)
    assert from_stdin.exit_code == 0, from_stdin.output
    assert "stress.high.long" in from_stdin.stdout
    events = tmp_path / "events.json"
    events.write_text(stress, encoding="utf-8")
    rules = runner.invoke(app, [*base, "--events", str(events), "--rules", "-"], input=EXAMPLE_PACK)
    assert rules.exit_code == 0, rules.output
    assert "club.stress.easy" in rules.stdout
    bad = runner.invoke(app, [*base, "--events", str(events), "--rules", "-"], input="rule = 3")
    assert "<stdin>" in _one_line_error(bad)


def test_only_one_input_can_be_stdin() -> None:
    result = runner.invoke(app, ["adapt", "-", "--events", "-", "--today", "2027-02-03"])
    line = _one_line_error(result)
    assert "PLAN_FILE, --events" in line


def test_piped_tables_are_not_cut_to_a_terminal_width() -> None:
    import balg_planner as bp

    out = subprocess.run(
        [sys.executable, "-m", "balg_planner", "rules"], capture_output=True, text=True, check=True
    )
    lines = out.stdout.splitlines()
    assert max(map(len, lines)) > 80
    assert "…" not in out.stdout
    for rule in bp.default_rules().rules:
        row = next(line for line in lines if f" {rule.id} " in line)
        assert rule.title in row  # the whole title on the rule's own line, not wrapped


def _run_in_a_terminal(args: list[str], **env: str) -> bytes:
    """Run the command with a pseudo-terminal as stdout and stderr; return what it wrote."""
    pty = pytest.importorskip("pty")
    main, child = pty.openpty()
    environ = {**os.environ, "TERM": "xterm-256color", **env}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        if name not in env:
            environ.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "balg_planner", *args], stdout=child, stderr=child, env=environ
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks)


@pytest.mark.parametrize("args", [["efforts"], ["--help"], ["paces", "--race", "5k"]])
def test_no_color_means_no_styles_at_all_in_a_terminal(args: list[str]) -> None:
    styled = _run_in_a_terminal(args)
    assert b"\x1b[" in styled  # in a terminal there is style to remove
    plain = _run_in_a_terminal(args, NO_COLOR="1")
    assert b"\x1b[" not in plain
    assert plain.replace(b"\r\n", b"\n").strip()


# --- balg-planner events: the events file without hand-written JSON ---


def test_events_add_writes_exactly_what_adapt_reads(tmp_path: Path) -> None:
    import balg_planner as bp

    events = tmp_path / "events.json"
    first = runner.invoke(
        app, ["events", "add", str(events), "--missed", "2027-02-03", "--missed", "2027-02-10"]
    )
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{events}: added 2 events; it holds 2 events\n"
    more = [
        "events", "add", str(events), "--illness", "2027-02-05", "--symptoms", "sore_throat",
        "--fever", "--until", "2027-02-07", "--completed", "2027-02-01", "42", "--rpe", "6",
        "--pain", "2027-02-08", "--where", "knee", "--score", "4", "--swelling",
        "--check-in", "2027-02-09", "--stress", "9", "--time-limit", "2027-02-11", "30",
        "--break", "2027-02-14", "2027-02-16", "--cross-trained", "--race-date", "2027-05-02",
        "--moved-on", "2027-02-12", "--time-trial", "2027-02-13", "5k", "24:30",
        "--resume", "2027-02-18", "--cleared-by", "my physio",
    ]  # fmt: skip
    second = runner.invoke(app, more)
    assert second.exit_code == 0, second.output
    written = bp.parse_events(events.read_text(encoding="utf-8"))
    assert events.read_text(encoding="utf-8") == bp.dump_events(written) + "\n"
    assert written[:2] == (
        bp.MissedSession(date=dt.date(2027, 2, 3)),
        bp.MissedSession(date=dt.date(2027, 2, 10)),
    )
    by_type = {event.type: event for event in written}
    assert by_type["illness"] == bp.Illness(
        start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 7), symptoms={"sore_throat", "fever"}
    )
    assert by_type["completed"] == bp.CompletedSession(
        date=dt.date(2027, 2, 1), minutes=42, rpe=6, source="by hand"
    )
    assert by_type["pain"] == bp.Pain(
        date=dt.date(2027, 2, 8), location="knee", score=4, swelling=True
    )
    assert by_type["race_date_change"] == bp.RaceDateChange(
        new_date=dt.date(2027, 5, 2), date=dt.date(2027, 2, 12)
    )
    assert by_type["break"] == bp.Break(
        start=dt.date(2027, 2, 14), end=dt.date(2027, 2, 16), cross_trained=True
    )
    assert set(by_type) == {
        "missed", "illness", "completed", "pain", "check_in", "time_limit", "break",
        "race_date_change", "time_trial", "resume",
    }  # fmt: skip
    # The new events are in date order, after the ones already there.
    days = [event.first_day for event in written[2:] if event.type != "race_date_change"]
    assert days == sorted(days)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(_plan_json(), encoding="utf-8")
    adapted = runner.invoke(
        app, ["adapt", str(plan_file), "--events", str(events), "--today", "2027-02-03"]
    )
    assert adapted.exit_code == 0, adapted.output
    assert "illness.fever.rest" in adapted.stdout


def test_events_add_does_not_add_an_event_twice(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    args = ["events", "add", str(events), "--missed", "2027-02-03"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "1 event already there, not added twice; it holds 1 event" in again.stdout
    assert len(json.loads(events.read_text(encoding="utf-8"))) == 1


def test_events_add_with_a_dash_extends_the_list_on_stdin() -> None:
    import balg_planner as bp

    first = runner.invoke(app, ["events", "add", "-", "--missed", "2027-02-03"])
    assert first.exit_code == 0, first.output
    assert bp.parse_events(first.stdout) == (bp.MissedSession(date=dt.date(2027, 2, 3)),)
    piped = runner.invoke(
        app,
        ["events", "add", "-", "--check-in", "2027-02-04", "--fatigue", "8"],
        input=first.stdout,
    )
    assert piped.exit_code == 0, piped.output
    assert bp.parse_events(piped.stdout) == (
        bp.MissedSession(date=dt.date(2027, 2, 3)),
        bp.CheckIn(date=dt.date(2027, 2, 4), fatigue=8),
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "nothing to add"),
        (["--fever"], "--fever: goes with --illness"),
        (["--rpe", "5"], "--rpe: goes with --completed"),
        (["--missed", "2027-02-30"], "--missed: expected a date: '2027-02-30'; use YYYY-MM-DD"),
        (["--pain", "2027-02-08", "--where", "knee", "--score", "14"], "--pain: score"),
        (["--pain", "2027-02-08"], "--pain: needs --where and --score too"),
        (["--illness", "2027-02-08", "--symptoms", "feverr"], "did you mean 'fever'"),
        (["--illness", "2027-02-08"], "an illness needs symptoms"),
        (["--illness", "2027-02-08", "--fever", "--until", "2027-02-01"], "before start"),
        (["--break", "2027-02-08", "2027-02-01"], "before start"),
        (["--time-trial", "2027-02-13", "5k", "8:00"], "--time-trial: race result gives a VDOT"),
        (["--completed", "2027-02-13", "40", "--kind", "tempo"], "--completed: kind"),
        (["--missed", "2027-02-03", "--pain", "2027-02-08", "--where", "[bold]:x:", "--score", "11"],
         "--pain: score"),
    ],
)  # fmt: skip
def test_events_add_refuses_bad_input_in_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], says: str
) -> None:
    events = tmp_path / "events.json"
    events.write_text('[{"type": "missed", "date": "2027-01-30"}]', encoding="utf-8")
    before = events.read_text(encoding="utf-8")
    result = runner.invoke(app, ["events", "add", str(events), *args])
    assert says in _one_line_error(result)
    assert events.read_text(encoding="utf-8") == before
    assert [path.name for path in tmp_path.iterdir()] == ["events.json"]


def test_events_add_names_a_broken_events_file(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text('[{"type": "mised", "date": "2027-01-30"}]', encoding="utf-8")
    result = runner.invoke(app, ["events", "add", str(events), "--missed", "2027-02-03"])
    line = _one_line_error(result)
    assert str(events) in line
    assert "did you mean 'missed'" in line


def test_events_show_lists_the_file_as_typed(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    made = runner.invoke(
        app,
        ["events", "add", str(events), "--pain", "2027-02-08", "--where", "[bold]shin :x:",
         "--score", "3", "--missed", "2027-02-03"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    shown = runner.invoke(app, ["events", "show", str(events)])
    assert shown.exit_code == 0, shown.output
    assert "2 events in" in shown.stdout
    assert "location=[bold]shin :x:, score=3" in shown.stdout
    assert shown.stdout.index("2027-02-03") < shown.stdout.index("2027-02-08")
    as_json = runner.invoke(
        app, ["events", "show", "-", "--format", "json"], input=events.read_text()
    )
    assert as_json.exit_code == 0, as_json.output
    assert as_json.stdout == events.read_text(encoding="utf-8")
