"""The commands of ``balg-planner``, built with typer and rich tables.

Every command turns a `BalgError` into a one-line message and exit status 2: a runner who typed
``--time 20;00`` gets told what to type instead, not a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Final, Literal, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from balg_planner.effort import Effort, effort_guide, effort_guides
from balg_planner.errors import BalgError, DataError
from balg_planner.science import (
    TrainingPaces,
    equivalent_time,
    training_paces,
    vdot_from_race,
)
from balg_planner.units import (
    RaceDistance,
    format_distance,
    format_duration,
    format_pace,
    parse_distance,
    parse_duration,
)
from balg_planner.workout import Repeat, Session, Step, StepPart, Workout, WorkoutKind

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


def _friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report a `BalgError` as one line on stderr with exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BalgError as exc:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[red]error[/red] ({exc.code}): {exc}", markup=True
            )
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
    console.print(f"[bold]VDOT {vdot:.1f}[/bold] from {race} in {time}")
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


def _sample_session(paces: TrainingPaces) -> Session:
    def step(part: StepPart, effort: Effort, minutes: int) -> Step:
        pace = effort_guide(effort).pace(paces)
        return Step(part=part, effort=effort, duration=timedelta(minutes=minutes), pace=pace)

    rep = (step(StepPart.WORK, Effort.INTERVAL, 3), step(StepPart.RECOVERY, Effort.RECOVERY, 2))
    return Session(
        date=date(2027, 1, 6),
        kind=WorkoutKind.INTERVALS,
        key=True,
        title="5 × 3 min at interval pace",
        purpose=WorkoutKind.INTERVALS.guide.purpose,
        workout=Workout(
            steps=(
                step(StepPart.WARMUP, Effort.EASY, 12),
                Repeat(times=5, steps=rep),
                step(StepPart.COOLDOWN, Effort.EASY, 10),
            )
        ),
    )


@app.command()
@_friendly_errors
def demo(
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
) -> None:
    """Show what balg_planner does, for a sample runner with a 50-minute 10K."""
    console = _console()
    vdot = vdot_from_race("10k", "50:00")
    paces_ = training_paces(vdot)
    console.rule("[bold]balg_planner demo")
    console.print(
        "Sample runner: ran 10K in 50:00, trains about 3 hours a week, longest run 75 minutes.\n"
        f"That race gives a [bold]VDOT of {vdot:.1f}[/bold]: a measure of current running "
        "fitness that sets every training pace.\n"
    )
    console.print(_equivalents_table(vdot))
    console.print(_paces_table(paces_, units))
    session = _sample_session(paces_)
    console.rule(f"[bold]A key session: {session.title}")
    console.print(f"[bold]Why:[/bold] {session.purpose}")
    console.print(f"[bold]How it should feel:[/bold] {WorkoutKind.INTERVALS.guide.feels_like}")
    console.print(f"[bold]If the day goes sideways:[/bold] {WorkoutKind.INTERVALS.guide.sideways}")
    console.print(
        f"Total {format_duration(session.duration)}, about "
        f"{format_distance(round(session.distance or 0.0, -2), units)}, "
        f"session-RPE load {session.load:.0f} (minutes × RPE)."
    )
    console.print()
    _print_effort_guide(console, paces_, units)
