"""The commands of ``balg-planner``, built with typer and rich tables.

Every command turns a `BalgError` into a one-line message and exit status 2: a runner who typed
``--time 20;00`` gets told what to type instead, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Final, Literal, ParamSpec, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from balg_planner._resources import data_error_from
from balg_planner.activities import read_activities
from balg_planner.adapt import adapt as adapt_plan
from balg_planner.athlete import Athlete, Availability, Goal, Level, RaceResult, Weekday
from balg_planner.catalog import templates as packaged_templates
from balg_planner.compose import compose_plan
from balg_planner.effort import Effort, effort_guide, effort_guides
from balg_planner.errors import BalgError, DataError, NotFoundError
from balg_planner.events import CheckIn, Illness, Pain, Symptom, parse_events
from balg_planner.plan import Plan, parse_plan
from balg_planner.render import render_adaptation, render_compliance, render_plan, render_week
from balg_planner.rulebook.conditions import describe_rule
from balg_planner.rulebook.packs import default_rules, load_rules
from balg_planner.science import (
    TrainingPaces,
    equivalent_time,
    training_paces,
    vdot_from_race,
)
from balg_planner.teaching import learn as learn_topic
from balg_planner.teaching import topics
from balg_planner.triage import triage as run_triage
from balg_planner.units import (
    RaceDistance,
    format_duration,
    format_pace,
    parse_distance,
    parse_duration,
)

__all__ = ["app"]

app = typer.Typer(
    name="balg-planner",
    help="Running plans that explain themselves: paces, effort levels and the why of every run.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")
R = TypeVar("R")

Units = Literal["km", "mi"]
_EQUIVALENT_DISTANCES: Final = ("mile", "5k", "10k", "half", "marathon")
_DISTANCE_LABELS: Final = {"mile": "Mile", **{d.value: d.label for d in RaceDistance}}


def _console() -> Console:
    return Console(highlight=False)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report a `BalgError` as one line on stderr with exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BalgError as exc:
            # The message quotes user input, which must never be read as console markup.
            _stderr().print(f"[red]error[/red] ({exc.code}): {escape(str(exc))}", markup=True)
            raise typer.Exit(2) from None

    return wrapper


def _paces_table(paces: TrainingPaces, units: Units) -> Table:
    table = Table(title=f"Training paces for VDOT {paces.vdot:.1f}")
    table.add_column("Effort")
    table.add_column("Pace", justify="right")
    table.add_column("Feels like")
    rows = (
        (Effort.EASY, paces.easy.format(units)),
        (Effort.MARATHON, format_pace(paces.marathon, units)),
        (Effort.THRESHOLD, format_pace(paces.threshold, units)),
        (Effort.INTERVAL, format_pace(paces.interval, units)),
        (Effort.REPETITION, format_pace(paces.repetition, units)),
    )
    for effort, pace in rows:
        guide = effort_guide(effort)
        table.add_row(guide.name, pace, guide.feels_like.split(". ")[0].rstrip("."))
    return table


def _equivalents_table(vdot: float) -> Table:
    table = Table(title="Race equivalents (with training for the distance)")
    table.add_column("Race")
    table.add_column("Time", justify="right")
    for name in _EQUIVALENT_DISTANCES:
        table.add_row(
            _DISTANCE_LABELS[name], format_duration(equivalent_time(vdot, name), clock=True)
        )
    return table


def _print_effort_guide(console: Console, paces: TrainingPaces | None, units: Units) -> None:
    console.rule("[bold]The effort scale")
    for guide in effort_guides():
        facts = [f"RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}"]
        if paces is not None and (pace := guide.pace(paces)) is not None:
            facts.append(pace.format(units))
        if guide.hr_max_pct:
            facts.append(f"{guide.hr_max_pct[0]:g}-{guide.hr_max_pct[1]:g} % of max HR")
        console.print(f"\n[bold]{guide.name}[/bold] · {' · '.join(facts)}")
        console.print(f"  [italic]Talk test:[/italic] {guide.talk_test}")
        console.print(f"  [italic]Builds:[/italic] {guide.develops}")
        console.print(f"  [italic]Feels like:[/italic] {guide.feels_like}")
        console.print(f"  [italic]Common mistake:[/italic] {guide.common_mistake}")
        console.print(f"  [bold]Takeaway:[/bold] {guide.takeaway}")


@app.command()
@_friendly_errors
def paces(
    race: Annotated[str, typer.Option(help="Race distance: 5k, 10k, half, marathon, mile, 12km…")],
    time: Annotated[str, typer.Option(help="Finishing time, mm:ss or h:mm:ss.")],
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
    max_hr: Annotated[int | None, typer.Option(help="Max heart rate, for HR bands.")] = None,
    resting_hr: Annotated[
        int | None, typer.Option(help="Resting heart rate, for heart-rate-reserve bands.")
    ] = None,
) -> None:
    """Show the VDOT, race equivalents and training paces for a race result."""
    if resting_hr is not None and max_hr is None:
        raise DataError("--resting-hr needs --max-hr too", value=resting_hr)
    vdot = vdot_from_race(parse_distance(race), parse_duration(time))
    console = _console()
    console.print(f"[bold]VDOT {vdot:.1f}[/bold] from {escape(race)} in {escape(time)}")
    console.print(_equivalents_table(vdot))
    console.print(_paces_table(training_paces(vdot), units))
    if max_hr is not None:
        table = Table(title="Heart-rate bands")
        table.add_column("Effort")
        table.add_column("Heart rate", justify="right")
        for guide in effort_guides():
            band = guide.heart_rate(max_hr, resting_hr)
            if band is not None:
                table.add_row(guide.name, band.format())
        console.print(table)


@app.command()
@_friendly_errors
def efforts(
    race: Annotated[str | None, typer.Option(help="A recent race distance, to show paces.")] = None,
    time: Annotated[str | None, typer.Option(help="Its finishing time.")] = None,
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
) -> None:
    """Show every effort level: RPE, talk test, heart rate, pace and what it builds."""
    paces_ = None
    if race is not None and time is not None:
        paces_ = training_paces(vdot_from_race(parse_distance(race), parse_duration(time)))
    _print_effort_guide(_console(), paces_, units)


def _pairs(text: str, option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise DataError(
                "expected name=value pairs", loc=(option,), value=part, hint="e.g. mon=45,sun=120"
            )
        pairs[key.strip().lower()] = value.strip()
    return pairs


ModelT = TypeVar("ModelT", bound=BaseModel)


def _build(model: type[ModelT], source: str, **fields: object) -> ModelT:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise data_error_from(exc, source=source) from None


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError(
            "expected a date", loc=(option,), value=text, hint="use YYYY-MM-DD"
        ) from None


def _compose(
    athlete: Athlete, goal: Goal, start: dt.date, template: str | None
) -> tuple[Plan, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = compose_plan(athlete, goal, start=start, template=template)
    return plan, [str(warning.message) for warning in caught]


@app.command()
@_friendly_errors
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
    recent_race = None
    if recent is not None:
        distance, sep, time = recent.partition("=")
        if not sep:
            raise DataError(
                "expected distance=time", loc=("--recent",), value=recent, hint="e.g. 10k=50:00"
            )
        recent_race = _build(RaceResult, "--recent", distance=distance, time=time)
    athlete = _build(
        Athlete,
        "--level/--weekly/--longest/--days",
        level=level,
        weekly_minutes=weekly,
        longest_run_minutes=longest,
        availability=_pairs(days, "--days"),
        recent_race=recent_race,
        long_run_day=long_day,
    )
    goal = _build(
        Goal,
        "--race/--date/--target",
        distance=race,
        race_date=_date(date, "--date"),
        target_time=target,
    )
    composed, notes = _compose(athlete, goal, _date(start, "--start"), template)
    for note in notes:
        _stderr().print(f"[yellow]note[/yellow]: {note}")
    if format == "json":
        typer.echo(composed.model_dump_json(indent=2))
    else:
        typer.echo(render_plan(composed, fmt=format, units=units))


@app.command()
@_friendly_errors
def templates() -> None:
    """List the packaged plan templates."""
    table = Table(title="Plan templates")
    table.add_column("Template", no_wrap=True)
    for column in ("Race", "Level", "Weeks", "Days", "Long run up to"):
        table.add_column(column)
    for item in packaged_templates():
        table.add_row(
            item.id,
            item.distance.label,
            item.level.value,
            f"{item.runway.min_weeks}-{item.runway.max_weeks}",
            f"{item.days.min_available}+",
            f"{item.long_run.cap_minutes} min",
        )
    _console().print(table)


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"no such {what} file", value=str(path)) from None
    except OSError as exc:
        raise DataError(
            f"cannot read the {what} file", value=str(path), hint=exc.strerror
        ) from None


def _load_plan(path: Path) -> Plan:
    return parse_plan(_read(path, "plan"), source=str(path))


@app.command()
@_friendly_errors
def adapt(
    plan_file: Annotated[
        Path, typer.Argument(help="A plan as JSON (balg-planner plan --format json).")
    ],
    events: Annotated[Path, typer.Option(help="A JSON list of events.")],
    today: Annotated[str, typer.Option(help="Today's date, YYYY-MM-DD.")],
    rules: Annotated[
        Path | None, typer.Option(help="Extra rules: a TOML file or a folder of them.")
    ] = None,
    format: Annotated[  # the option is called --format
        Literal["text", "md", "json"], typer.Option(help="Output format.")
    ] = "text",
) -> None:
    """Adapt a plan to what happened, and say what changed and why."""
    plan_ = _load_plan(plan_file)
    events_ = parse_events(_read(events, "events"), source=str(events))
    extra = None if rules is None else load_rules(rules)
    result = adapt_plan(plan_, events_, today=_date(today, "--today"), rules=extra)
    if format == "json":
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(render_adaptation(result, fmt=format))


@app.command()
@_friendly_errors
def log(
    plan_file: Annotated[Path, typer.Argument(help="A plan as JSON.")],
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
    plan_ = _load_plan(plan_file)
    done = read_activities(files, athlete=plan_.athlete)
    result = adapt_plan(plan_, done, today=_date(today, "--today"))
    if format == "json":
        typer.echo(
            json.dumps(
                {
                    "completed": [json.loads(item.model_dump_json()) for item in done],
                    "weeks": [json.loads(row.model_dump_json()) for row in result.compliance()],
                },
                indent=2,
            )
        )
        return
    count = f"{len(done)} activit{'y' if len(done) == 1 else 'ies'} read"
    typer.echo(f"{count}\n\n" if format == "md" else count)
    typer.echo(render_compliance(result, fmt=format))


@app.command(name="rules")
@_friendly_errors
def rules_(
    rule_id: Annotated[str | None, typer.Argument(help="A rule id, to explain that rule.")] = None,
) -> None:
    """List the built-in adaptation rules, or explain one."""
    catalogue = default_rules()
    if rule_id is not None:
        typer.echo(describe_rule(catalogue.rule(rule_id)))
        return
    table = Table(title=f"{len(catalogue)} built-in rules")
    table.add_column("Rule", no_wrap=True)
    table.add_column("Severity")
    table.add_column("What it does")
    for rule in catalogue.rules:
        table.add_row(rule.id, rule.severity, rule.title)
    _console().print(table)


@app.command()
@_friendly_errors
def learn(
    topic: Annotated[str | None, typer.Argument(help="A topic; leave it out to list them.")] = None,
) -> None:
    """Learn the why: effort levels, sessions, mental skills, lessons, routines, fuelling."""
    if topic is not None:
        typer.echo(learn_topic(topic))
        return
    table = Table(title="Topics")
    table.add_column("Topic", no_wrap=True)
    table.add_column("What it is")
    for name, description in topics().items():
        table.add_row(name, description)
    _console().print(table)


@app.command(name="triage")
@_friendly_errors
def triage_(
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
) -> None:
    """Is it normal hard work, fatigue to respect, or pain or illness to act on?"""
    today = _date(date_, "--date") if date_ else date.today()
    check = None
    if any(v is not None for v in (fatigue, soreness, stress, sleep, resting_hr_delta)):
        check = _build(
            CheckIn, "--fatigue/--soreness/--stress/--sleep", date=today, fatigue=fatigue,
            soreness=soreness, stress=stress, sleep_hours=sleep, resting_hr_delta=resting_hr_delta,
        )  # fmt: skip
    hurt = None
    if pain is not None:
        hurt = _build(
            Pain, "--pain", date=today, location=where, score=pain, sharp=sharp,
            worsening=worsening, altered_gait=limp, swelling=swelling, bone_tenderness=bone,
            at_rest=at_rest, settles_by_morning=settles,
        )  # fmt: skip
    ill = None
    if symptoms or temperature is not None:
        start = _date(ill_since, "--ill-since") if ill_since else today
        listed = [s.strip() for s in (symptoms or "").split(",") if s.strip()]
        ill = _build(
            Illness, "--symptoms/--temperature", start=start, symptoms=listed,
            temperature_c=temperature,
        )  # fmt: skip
    result = run_triage(day=today, check_in=check, pain=hurt, illness=ill)
    typer.echo(f"{result.verdict.upper()}: {result.headline}")
    for line in result.guidance:
        typer.echo(f"  - {line}")
    for line in result.reasons:
        typer.echo(f"  Why: {line}")
    if result.rules:
        typer.echo(f"  Rules: {', '.join(result.rules)}")
    for topic in result.lessons:
        typer.echo(f"  Learn more: balg-planner learn {topic}")


@app.command()
@_friendly_errors
def demo(
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
) -> None:
    """Show what balg_planner does, for a sample runner with a 50-minute 10K."""
    console = _console()
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
    console.rule("[bold]balg_planner demo")
    console.print(
        "Sample runner: ran 10K in 50:00, runs about 3 hours a week over four days, longest "
        "run 75 minutes, and wants a half marathon on 18 April 2027.\n"
        f"That 10K gives a [bold]VDOT of {vdot:.1f}[/bold]: a measure of current running "
        "fitness that sets every training pace.\n"
    )
    console.print(_equivalents_table(vdot))
    console.print(_paces_table(paces_, units))
    goal = Goal(distance=RaceDistance.HALF, race_date=date(2027, 4, 18))
    composed, _ = _compose(runner, goal, date(2027, 1, 25), None)
    console.rule(f"[bold]The plan: {len(composed.weeks)} weeks, template {composed.template}")
    for phase in composed.phases:
        console.print(
            f"[bold]{phase.name.value.capitalize()}[/bold] (weeks {phase.first_week}-"
            f"{phase.last_week}): {phase.focus}"
        )
    console.print()
    for number in (1, 6, len(composed.weeks)):
        console.print(render_week(composed.week(number), fmt="text", units=units), markup=False)
        console.print()
    cold = Illness(start=date(2027, 3, 3), symptoms=frozenset({Symptom.SORE_THROAT}))
    stress = CheckIn(date=date(2027, 3, 7), stress=9)
    adapted = adapt_plan(composed, [cold, stress], today=date(2027, 3, 3))
    console.rule("[bold]When life gets messy: a sore throat on Wednesday, a stressful Sunday")
    console.print(render_adaptation(adapted, units=units), markup=False)
    console.print()
    console.print(
        "Every week of the plan looks like this: each session says why it is there, how it "
        "should feel and what to do if the day goes sideways.\n"
        "Print it all with: balg-planner plan --race half --date 2027-04-18 --level "
        "intermediate --recent 10k=50:00 --weekly 180 --longest 75 "
        "--days mon=45,wed=60,fri=45,sun=120 --long-day sun --start 2027-01-25"
    )
    _print_effort_guide(console, paces_, units)
