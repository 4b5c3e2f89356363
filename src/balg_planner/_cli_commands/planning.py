"""Commands that plan and follow a runner: plan, adapt, log, triage and the demo.

A plan or events file given as ``-`` is read from standard input, so commands pipe into each
other: ``balg-planner plan ... --format json | balg-planner adapt - --events events.json ...``.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, Literal

import typer
from rich.text import Text

from balg_planner._cli_commands.output import (
    STDIN,
    Units,
    build,
    console,
    emit_json,
    friendly_errors,
    heading,
    one_stdin,
    pairs,
    parse_date,
    read_input,
)
from balg_planner._cli_commands.reference import (
    FORMAT_HELP,
    TextOrJson,
    equivalents_table,
    paces_table,
    print_effort_guide,
)
from balg_planner.errors import DataError

if TYPE_CHECKING:
    from balg_planner.athlete import Athlete, Goal
    from balg_planner.plan import Plan
    from balg_planner.rulebook.packs import RuleSet

# The library loads inside each command, not here: `balg-planner --help` and the look-up
# commands start without the planner, the engine and their data.

__all__ = ["adapt", "demo", "log", "plan", "triage"]

PLAN_FILE_HELP: Final = "A plan as JSON (balg-planner plan --format json), or - for stdin."


def _compose(
    athlete: Athlete, goal: Goal, start: dt.date, template: str | None
) -> tuple[Plan, list[str]]:
    from balg_planner.compose import compose_plan

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = compose_plan(athlete, goal, start=start, template=template)
    return plan, [str(warning.message) for warning in caught]


@friendly_errors
def plan(
    race: Annotated[str, typer.Option(help="Race distance: 5k, 10k, half or marathon.")],
    date: Annotated[str, typer.Option(help="Race date, YYYY-MM-DD.")],
    level: Annotated[str, typer.Option(help="beginner, intermediate or advanced.")],
    weekly: Annotated[int, typer.Option(help="Minutes you run in a week now.")],
    longest: Annotated[int, typer.Option(help="Your longest run lately, in minutes.")],
    days: Annotated[str, typer.Option(help="Minutes per weekday, e.g. mon=45,wed=60,sun=120.")],
    start: Annotated[str, typer.Option(help="First day of the plan, YYYY-MM-DD.")],
    recent: Annotated[
        str | None, typer.Option(help="A recent race for paces, e.g. 10k=50:00.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target time, e.g. 1:45:00.")] = None,
    long_day: Annotated[str | None, typer.Option(help="Preferred long-run day, e.g. sun.")] = None,
    template: Annotated[
        str | None, typer.Option(help="A template id or a path to a template file.")
    ] = None,
    format: Annotated[  # the option is called --format
        Literal["text", "md", "json"], typer.Option(help="Output format.")
    ] = "text",
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
) -> None:
    """Compose a plan from a template and print it with the why of every session."""
    from balg_planner.athlete import Athlete, Goal, RaceResult
    from balg_planner.render import render_plan

    recent_race = None
    if recent is not None:
        distance, sep, time = recent.partition("=")
        if not sep:
            raise DataError(
                "expected distance=time", loc=("--recent",), value=recent, hint="e.g. 10k=50:00"
            )
        recent_race = build(RaceResult, "--recent", distance=distance, time=time)
    athlete = build(
        Athlete,
        "--level/--weekly/--longest/--days",
        level=level,
        weekly_minutes=weekly,
        longest_run_minutes=longest,
        availability=pairs(days, "--days"),
        recent_race=recent_race,
        long_run_day=long_day,
    )
    goal = build(
        Goal,
        "--race/--date/--target",
        distance=race,
        race_date=parse_date(date, "--date"),
        target_time=target,
    )
    composed, notes = _compose(athlete, goal, parse_date(start, "--start"), template)
    for note in notes:
        console(stderr=True).print(Text.assemble(("note", "yellow"), f": {note}"))
    if format == "json":
        typer.echo(composed.model_dump_json(indent=2))
    else:
        typer.echo(render_plan(composed, fmt=format, units=units))


def _load_plan(path: Path) -> Plan:
    from balg_planner.plan import MAX_PLAN_BYTES, parse_plan

    text, source = read_input(path, "plan", MAX_PLAN_BYTES)
    return parse_plan(text, source=source)


def _load_rules(path: Path | None) -> RuleSet | None:
    from balg_planner.rulebook.packs import MAX_RULE_BYTES, load_rules, parse_rules

    if path is None:
        return None
    if str(path) == STDIN:
        text, source = read_input(path, "rules", MAX_RULE_BYTES)
        return parse_rules(text, source=source)
    return load_rules(path)


@friendly_errors
def adapt(
    plan_file: Annotated[Path, typer.Argument(help=PLAN_FILE_HELP)],
    events: Annotated[
        Path,
        typer.Option(help="A JSON list of events (balg-planner events add), or - for stdin."),
    ],
    today: Annotated[str, typer.Option(help="Today's date, YYYY-MM-DD.")],
    rules: Annotated[
        Path | None,
        typer.Option(help="Extra rules: a TOML file, a folder of them, or - for stdin."),
    ] = None,
    format: Annotated[  # the option is called --format
        Literal["text", "md", "json"], typer.Option(help="Output format.")
    ] = "text",
) -> None:
    """Adapt a plan to what happened, and say what changed and why."""
    from balg_planner.adapt import adapt as adapt_plan
    from balg_planner.events import MAX_EVENT_BYTES, parse_events
    from balg_planner.render import render_adaptation

    one_stdin({"PLAN_FILE": plan_file, "--events": events, "--rules": rules})
    plan_ = _load_plan(plan_file)
    events_text, events_source = read_input(events, "events", MAX_EVENT_BYTES)
    events_ = parse_events(events_text, source=events_source)
    result = adapt_plan(
        plan_, events_, today=parse_date(today, "--today"), rules=_load_rules(rules)
    )
    if format == "json":
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(render_adaptation(result, fmt=format))


@friendly_errors
def log(
    plan_file: Annotated[Path, typer.Argument(help=PLAN_FILE_HELP)],
    files: Annotated[list[Path], typer.Argument(help="FIT, GPX or TCX files, or folders.")],
    today: Annotated[str, typer.Option(help="Today's date, YYYY-MM-DD.")],
    format: Annotated[  # the option is called --format
        Literal["text", "md", "html", "json"], typer.Option(help="Output format.")
    ] = "text",
) -> None:
    """Read watch and app files and compare what was done with the plan, week by week.

    Minutes at each effort come from the files' heart rate (with the plan's max HR) or pace;
    the plan is adapted to what was done, and the view says what the rules made of it.
    """
    from balg_planner.activities import read_activities
    from balg_planner.adapt import adapt as adapt_plan
    from balg_planner.render import render_compliance

    if any(str(path) == STDIN for path in files):
        raise DataError(
            "watch files cannot come from standard input", loc=("FILES",), hint="name the files"
        )
    plan_ = _load_plan(plan_file)
    done = read_activities(files, athlete=plan_.athlete)
    result = adapt_plan(plan_, done, today=parse_date(today, "--today"))
    if format == "json":
        emit_json(
            {
                "completed": [json.loads(item.model_dump_json()) for item in done],
                "weeks": [json.loads(row.model_dump_json()) for row in result.compliance()],
            }
        )
        return
    count = f"{len(done)} activit{'y' if len(done) == 1 else 'ies'} read"
    typer.echo(f"{count}\n\n" if format == "md" else count)
    typer.echo(render_compliance(result, fmt=format))


@friendly_errors
def triage(
    date_: Annotated[str | None, typer.Option("--date", help="Today, YYYY-MM-DD.")] = None,
    fatigue: Annotated[int | None, typer.Option(help="Tiredness, 1-10.")] = None,
    soreness: Annotated[int | None, typer.Option(help="Muscle soreness, 1-10.")] = None,
    stress: Annotated[int | None, typer.Option(help="Life stress, 1-10.")] = None,
    sleep: Annotated[float | None, typer.Option(help="Hours slept last night.")] = None,
    resting_hr_delta: Annotated[
        int | None, typer.Option(help="Resting heart rate above usual, bpm.")
    ] = None,
    pain: Annotated[int | None, typer.Option(help="Pain score, 0-10.")] = None,
    where: Annotated[str, typer.Option(help="Where it hurts.")] = "leg",
    sharp: Annotated[bool, typer.Option(help="Sharp or stabbing pain.")] = False,
    worsening: Annotated[bool, typer.Option(help="Worse as you run.")] = False,
    limp: Annotated[bool, typer.Option(help="Makes you limp or change stride.")] = False,
    swelling: Annotated[bool, typer.Option(help="Visible swelling.")] = False,
    bone: Annotated[bool, typer.Option(help="Tender on the bone.")] = False,
    at_rest: Annotated[bool, typer.Option(help="Hurts at rest or at night.")] = False,
    settles: Annotated[
        bool | None, typer.Option("--settles/--lingers", help="Back to normal by morning?")
    ] = None,
    symptoms: Annotated[
        str | None, typer.Option(help="Illness symptoms, e.g. runny_nose,cough.")
    ] = None,
    temperature: Annotated[float | None, typer.Option(help="Temperature, °C.")] = None,
    ill_since: Annotated[str | None, typer.Option(help="First day of symptoms.")] = None,
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """Is it normal hard work, fatigue to respect, or pain or illness to act on?"""
    from balg_planner.events import CheckIn, Illness, Pain
    from balg_planner.triage import triage as run_triage

    today = parse_date(date_, "--date") if date_ else date.today()
    check = None
    if any(v is not None for v in (fatigue, soreness, stress, sleep, resting_hr_delta)):
        check = build(
            CheckIn, "--fatigue/--soreness/--stress/--sleep", date=today, fatigue=fatigue,
            soreness=soreness, stress=stress, sleep_hours=sleep, resting_hr_delta=resting_hr_delta,
        )  # fmt: skip
    hurt = None
    if pain is not None:
        hurt = build(
            Pain, "--pain", date=today, location=where, score=pain, sharp=sharp,
            worsening=worsening, altered_gait=limp, swelling=swelling, bone_tenderness=bone,
            at_rest=at_rest, settles_by_morning=settles,
        )  # fmt: skip
    ill = None
    if symptoms or temperature is not None:
        start = parse_date(ill_since, "--ill-since") if ill_since else today
        listed = [s.strip() for s in (symptoms or "").split(",") if s.strip()]
        ill = build(
            Illness, "--symptoms/--temperature", start=start, symptoms=listed,
            temperature_c=temperature,
        )  # fmt: skip
    result = run_triage(day=today, check_in=check, pain=hurt, illness=ill)
    if format == "json":
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(f"{result.verdict.upper()}: {result.headline}")
    for line in result.guidance:
        typer.echo(f"  - {line}")
    for line in result.reasons:
        typer.echo(f"  Why: {line}")
    if result.rules:
        typer.echo(f"  Rules: {', '.join(result.rules)}")
    for topic in result.lessons:
        typer.echo(f"  Learn more: balg-planner learn {topic}")


@friendly_errors
def demo(
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
) -> None:
    """Show what balg_planner does, for a sample runner with a 50-minute 10K."""
    from balg_planner.adapt import adapt as adapt_plan
    from balg_planner.athlete import Athlete, Availability, Goal, Level, RaceResult, Weekday
    from balg_planner.events import CheckIn, Illness, Symptom
    from balg_planner.render import render_adaptation, render_week
    from balg_planner.science import training_paces
    from balg_planner.units import RaceDistance

    out = console()
    runner = Athlete(
        level=Level.INTERMEDIATE,
        weekly_minutes=180,
        longest_run_minutes=75,
        availability=Availability(mon=45, wed=60, fri=45, sun=120),
        recent_race=RaceResult(distance=10_000, time=dt.timedelta(minutes=50)),
        long_run_day=Weekday.SUN,
    )
    vdot = runner.vdot or 0.0
    paces_ = training_paces(vdot)
    heading(out, "balg_planner demo")
    out.print(
        Text.assemble(
            "Sample runner: ran 10K in 50:00, runs about 3 hours a week over four days, longest "
            "run 75 minutes, and wants a half marathon on 18 April 2027.\nThat 10K gives a ",
            (f"VDOT of {vdot:.1f}", "bold"),
            ": a measure of current running fitness that sets every training pace.\n",
        )
    )
    out.print(equivalents_table(vdot))
    out.print(paces_table(paces_, units))
    goal = Goal(distance=RaceDistance.HALF, race_date=date(2027, 4, 18))
    composed, _ = _compose(runner, goal, date(2027, 1, 25), None)
    heading(out, f"The plan: {len(composed.weeks)} weeks, template {composed.template}")
    for phase in composed.phases:
        out.print(
            Text.assemble(
                (phase.name.value.capitalize(), "bold"),
                f" ({phase.span}): {phase.focus}",
            )
        )
    out.print()
    for number in (1, 6, len(composed.weeks)):
        out.print(render_week(composed.week(number), fmt="text", units=units))
        out.print()
    cold = Illness(start=date(2027, 3, 3), symptoms=frozenset({Symptom.SORE_THROAT}))
    stress = CheckIn(date=date(2027, 3, 7), stress=9)
    adapted = adapt_plan(composed, [cold, stress], today=date(2027, 3, 3))
    heading(out, "When life gets messy: a sore throat on Wednesday, a stressful Sunday")
    out.print(render_adaptation(adapted, units=units))
    out.print()
    out.print(
        "Every week of the plan looks like this: each session says why it is there, how it "
        "should feel and what to do if the day goes sideways.\n"
        "Print it all with: balg-planner plan --race half --date 2027-04-18 --level "
        "intermediate --recent 10k=50:00 --weekly 180 --longest 75 "
        "--days mon=45,wed=60,fri=45,sun=120 --long-day sun --start 2027-01-25"
    )
    print_effort_guide(out, paces_, units)
