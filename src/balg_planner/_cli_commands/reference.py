"""Commands that look things up: paces, effort levels, templates, rules and teaching topics.

Each prints a table or text for people and, with ``--format json``, the same facts as JSON.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Final, Literal

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from balg_planner._cli_commands.output import (
    Units,
    console,
    emit_json,
    friendly_errors,
    heading,
)
from balg_planner.errors import DataError

if TYPE_CHECKING:
    from balg_planner.effort import EffortGuide
    from balg_planner.science import PaceRange, TrainingPaces

# Effort levels, units and the science load inside the commands that use them, so that
# `balg-planner --help` starts without the library's models.

__all__ = ["efforts", "learn", "paces", "print_effort_guide", "rules", "templates"]

TextOrJson = Literal["text", "json"]
FORMAT_HELP: Final = "Output format: text for people, json for programs."
EQUIVALENT_DISTANCES: Final = ("mile", "5k", "10k", "half", "marathon")
_PACED: Final = ("easy", "marathon", "threshold", "interval", "repetition")
"""The effort levels that have a training pace."""


def _seconds(value: timedelta) -> float:
    return round(value.total_seconds(), 1)


def _pace_json(pace: PaceRange, units: Units) -> dict[str, object]:
    return {
        "text": pace.format(units),
        "fast_seconds_per_km": _seconds(pace.fast),
        "slow_seconds_per_km": _seconds(pace.slow),
    }


def paces_table(paces: TrainingPaces, units: Units) -> Table:
    """The five training paces with how each should feel."""
    from balg_planner.effort import Effort, effort_guide
    from balg_planner.units import format_pace

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


def equivalents_table(vdot: float) -> Table:
    """Race times the VDOT predicts, with training for each distance."""
    from balg_planner.science import equivalent_time
    from balg_planner.units import RaceDistance, format_duration

    labels = {"mile": "Mile", **{d.value: d.label for d in RaceDistance}}
    table = Table(title="Race equivalents (with training for the distance)")
    table.add_column("Race")
    table.add_column("Time", justify="right")
    for name in EQUIVALENT_DISTANCES:
        table.add_row(labels[name], format_duration(equivalent_time(vdot, name), clock=True))
    return table


@friendly_errors
def paces(
    race: Annotated[str, typer.Option(help="Race distance: 5k, 10k, half, marathon, mile, 12km…")],
    time: Annotated[str, typer.Option(help="Finishing time, mm:ss or h:mm:ss.")],
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
    max_hr: Annotated[int | None, typer.Option(help="Max heart rate, for HR bands.")] = None,
    resting_hr: Annotated[
        int | None, typer.Option(help="Resting heart rate, for heart-rate-reserve bands.")
    ] = None,
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """Show the VDOT, race equivalents and training paces for a race result."""
    from balg_planner.effort import Effort, effort_guide, effort_guides
    from balg_planner.science import equivalent_time, training_paces, vdot_from_race
    from balg_planner.units import format_duration, parse_distance, parse_duration

    if resting_hr is not None and max_hr is None:
        raise DataError("--resting-hr needs --max-hr too", value=resting_hr)
    vdot = vdot_from_race(parse_distance(race), parse_duration(time))
    paces_ = training_paces(vdot)
    bands = [
        (guide, band)
        for guide in effort_guides()
        if max_hr is not None and (band := guide.heart_rate(max_hr, resting_hr)) is not None
    ]
    if format == "json":
        emit_json(
            {
                "race": race,
                "time": time,
                "vdot": round(vdot, 1),
                "equivalents": {
                    name: {
                        "time": format_duration(equivalent_time(vdot, name), clock=True),
                        "seconds": _seconds(equivalent_time(vdot, name)),
                    }
                    for name in EQUIVALENT_DISTANCES
                },
                "paces": {
                    effort.value: _pace_json(pace, units)
                    for effort in map(Effort, _PACED)
                    if (pace := effort_guide(effort).pace(paces_)) is not None
                },
                "heart_rate": {
                    guide.level.value: band.model_dump(mode="json") for guide, band in bands
                },
            }
        )
        return
    out = console()
    out.print(Text.assemble((f"VDOT {vdot:.1f}", "bold"), f" from {race} in {time}"))
    out.print(equivalents_table(vdot))
    out.print(paces_table(paces_, units))
    if bands:
        table = Table(title="Heart-rate bands")
        table.add_column("Effort")
        table.add_column("Heart rate", justify="right")
        for guide, band in bands:
            table.add_row(guide.name, band.format())
        out.print(table)


def print_effort_guide(out: Console, paces: TrainingPaces | None, units: Units) -> None:
    """Every effort level in words: RPE, pace, heart rate, talk test, what it builds."""
    from balg_planner.effort import effort_guides

    heading(out, "The effort scale")
    for guide in effort_guides():
        facts = [f"RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}"]
        if paces is not None and (pace := guide.pace(paces)) is not None:
            facts.append(pace.format(units))
        if guide.hr_max_pct:
            facts.append(f"{guide.hr_max_pct[0]:g}-{guide.hr_max_pct[1]:g} % of max HR")
        out.print()
        out.print(Text.assemble((guide.name, "bold"), f" · {' · '.join(facts)}"))
        for label, text in (
            ("Talk test:", guide.talk_test),
            ("Builds:", guide.develops),
            ("Feels like:", guide.feels_like),
            ("Common mistake:", guide.common_mistake),
        ):
            out.print(Text.assemble("  ", (label, "italic"), f" {text}"))
        out.print(Text.assemble("  ", ("Takeaway:", "bold"), f" {guide.takeaway}"))


def _guide_json(guide: EffortGuide, paces: TrainingPaces | None, units: Units) -> dict[str, object]:
    data: dict[str, object] = guide.model_dump(mode="json")
    pace = None if paces is None else guide.pace(paces)
    data["pace"] = None if pace is None else _pace_json(pace, units)
    return data


@friendly_errors
def efforts(
    race: Annotated[str | None, typer.Option(help="A recent race distance, to show paces.")] = None,
    time: Annotated[str | None, typer.Option(help="Its finishing time.")] = None,
    units: Annotated[Units, typer.Option(help="Show paces per km or per mile.")] = "km",
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """Show every effort level: RPE, talk test, heart rate, pace and what it builds."""
    from balg_planner.effort import effort_guides
    from balg_planner.science import training_paces, vdot_from_race
    from balg_planner.units import parse_distance, parse_duration

    if (race is None) != (time is None):
        raise DataError("--race and --time go together", hint="give both, or neither")
    paces_ = None
    if race is not None and time is not None:
        paces_ = training_paces(vdot_from_race(parse_distance(race), parse_duration(time)))
    if format == "json":
        emit_json([_guide_json(guide, paces_, units) for guide in effort_guides()])
        return
    print_effort_guide(console(), paces_, units)


@friendly_errors
def templates(
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """List the packaged plan templates."""
    from balg_planner.catalog import templates as packaged_templates  # loaded when used

    found = packaged_templates()
    if format == "json":
        emit_json(
            [
                {
                    "id": item.id,
                    "title": item.title,
                    "distance": item.distance.value,
                    "level": item.level.value,
                    "min_weeks": item.runway.min_weeks,
                    "max_weeks": item.runway.max_weeks,
                    "min_days": item.days.min_available,
                    "long_run_cap_minutes": item.long_run.cap_minutes,
                }
                for item in found
            ]
        )
        return
    table = Table(title="Plan templates")
    table.add_column("Template", no_wrap=True, overflow="fold")
    for column in ("Race", "Level", "Weeks", "Days", "Long run up to"):
        table.add_column(column)
    for item in found:
        table.add_row(
            item.id,
            item.distance.label,
            item.level.value,
            f"{item.runway.min_weeks}-{item.runway.max_weeks}",
            f"{item.days.min_available}+",
            f"{item.long_run.cap_minutes} min",
        )
    console().print(table)


@friendly_errors
def rules(
    rule_id: Annotated[str | None, typer.Argument(help="A rule id, to explain that rule.")] = None,
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """List the built-in adaptation rules, or explain one."""
    from balg_planner.rulebook.conditions import describe_rule  # loaded when used
    from balg_planner.rulebook.packs import default_rules

    catalogue = default_rules()
    if rule_id is not None:
        rule = catalogue.rule(rule_id)
        if format == "json":
            emit_json(rule.model_dump(mode="json"))
        else:
            typer.echo(describe_rule(rule))
        return
    if format == "json":
        emit_json([rule.model_dump(mode="json") for rule in catalogue.rules])
        return
    table = Table(title=f"{len(catalogue)} built-in rules")
    table.add_column("Rule", no_wrap=True, overflow="fold")
    table.add_column("Severity")
    table.add_column("What it does")
    for rule in catalogue.rules:
        table.add_row(rule.id, rule.severity, rule.title)
    console().print(table)


@friendly_errors
def learn(
    topic: Annotated[str | None, typer.Argument(help="A topic; leave it out to list them.")] = None,
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """Learn the why: effort levels, sessions, mental skills, lessons, routines, fuelling."""
    from balg_planner.teaching import learn as learn_topic  # loaded when used
    from balg_planner.teaching import topics

    listed = topics()
    if topic is not None:
        text = learn_topic(topic)
        if format == "json":
            emit_json({"topic": topic, "summary": listed[topic], "text": text})
        else:
            typer.echo(text)
        return
    if format == "json":
        emit_json([{"topic": name, "summary": summary} for name, summary in listed.items()])
        return
    table = Table(title="Topics")
    table.add_column("Topic", no_wrap=True, overflow="fold")
    table.add_column("What it is")
    for name, description in listed.items():
        table.add_row(name, description)
    console().print(table)
