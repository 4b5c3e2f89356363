"""``balg-planner events``: write the events file that ``adapt`` reads, without writing JSON.

Each flag makes one event from `balg_planner.events`, validated like any other, and the file is
written with `dump_events`, so it is exactly what `parse_events` (and ``adapt``) read. Nothing
is written unless every event is valid.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer
from rich.table import Table

from balg_planner._cli_commands.output import (
    STDIN,
    build,
    console,
    friendly_errors,
    parse_date,
    read_input,
)
from balg_planner._cli_commands.reference import FORMAT_HELP, TextOrJson
from balg_planner.errors import DataError

if TYPE_CHECKING:
    from balg_planner.events import Event

# The event models load inside the commands, so that `balg-planner --help` starts without them.

__all__ = ["events_app"]

events_app = typer.Typer(
    name="events",
    help="Write and check the events file that adapt reads, without writing JSON by hand.",
    no_args_is_help=True,
)

_FILE_HELP: Final = (
    "The events file: added to, or created. With - the list read on stdin (if any is piped "
    "in) is printed on stdout with the new events added."
)
_ILLNESS: Final = "Illness"
_PAIN: Final = "Pain"
_CHECK_IN: Final = "How you feel"
_RUN: Final = "Runs done and missed"
_PLAN: Final = "Breaks, races and coming back"

_MODIFIERS: Final = {
    "--illness": ("--until", "--symptoms", "--fever", "--temperature", "--diagnosis"),
    "--pain": (
        "--where", "--score", "--sharp", "--worsening", "--limp", "--swelling", "--bone",
        "--at-rest", "--settles/--lingers",
    ),
    "--check-in": ("--sleep", "--stress", "--fatigue", "--soreness", "--resting-hr-delta"),
    "--completed": ("--rpe", "--kind", "--distance"),
    "--break": ("--cross-trained",),
    "--race-date": ("--moved-on",),
    "--resume": ("--cleared-by", "--pain-free-days"),
}  # fmt: skip
"""The options that only say more about one kind of event."""


def _check_modifiers(kinds: dict[str, bool], modifiers: dict[str, bool]) -> None:
    for kind, options in _MODIFIERS.items():
        for option in options:
            if modifiers[option] and not kinds[kind]:
                raise DataError(
                    f"goes with {kind}",
                    loc=(option,),
                    hint=f"add {kind} with its date, or leave {option} out",
                )


def _read_existing(path: Path) -> tuple[Event, ...]:
    from balg_planner.events import MAX_EVENT_BYTES, parse_events

    if str(path) == STDIN:
        if sys.stdin.isatty():
            return ()
        text, source = read_input(path, "events", MAX_EVENT_BYTES)
    elif path.exists():
        text, source = read_input(path, "events", MAX_EVENT_BYTES)
    else:
        return ()
    return parse_events(text, source=source) if text.strip() else ()


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` whole, so a failure never leaves half a file."""
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(NameError, OSError):
            os.unlink(temporary)
        raise DataError(
            "cannot write the events file", value=str(path), hint=exc.strerror
        ) from None


def _plural(count: int) -> str:
    return f"{count} event{'' if count == 1 else 's'}"


@events_app.command()
@friendly_errors
def add(
    file: Annotated[Path, typer.Argument(help=_FILE_HELP)],
    missed: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DATE",
            help="A planned session that did not happen. Repeat for more days.",
            rich_help_panel=_RUN,
        ),
    ] = None,
    completed: Annotated[
        tuple[str, float] | None,
        typer.Option(
            metavar="DATE MINUTES", help="A run you did and its minutes.", rich_help_panel=_RUN
        ),
    ] = None,
    rpe: Annotated[
        float | None, typer.Option(help="How hard it felt, 0-10.", rich_help_panel=_RUN)
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="What it was: easy, long, race...", rich_help_panel=_RUN)
    ] = None,
    distance: Annotated[
        str | None, typer.Option(help="How far, e.g. 10km or 6mi.", rich_help_panel=_RUN)
    ] = None,
    time_limit: Annotated[
        tuple[str, int] | None,
        typer.Option(
            metavar="DATE MINUTES",
            help="Only so many minutes for training that day.",
            rich_help_panel=_RUN,
        ),
    ] = None,
    illness: Annotated[
        str | None,
        typer.Option(metavar="START", help="Ill from this day.", rich_help_panel=_ILLNESS),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="END", help="Last day ill; leave out while it lasts.", rich_help_panel=_ILLNESS
        ),
    ] = None,
    symptoms: Annotated[
        str | None,
        typer.Option(help="Symptoms, e.g. runny_nose,cough.", rich_help_panel=_ILLNESS),
    ] = None,
    fever: Annotated[
        bool, typer.Option("--fever", help="A fever.", rich_help_panel=_ILLNESS)
    ] = False,
    temperature: Annotated[
        float | None, typer.Option(help="Temperature, °C.", rich_help_panel=_ILLNESS)
    ] = None,
    diagnosis: Annotated[
        str | None, typer.Option(help="A diagnosis, e.g. covid.", rich_help_panel=_ILLNESS)
    ] = None,
    pain: Annotated[
        str | None, typer.Option(metavar="DATE", help="Pain on this day.", rich_help_panel=_PAIN)
    ] = None,
    where: Annotated[
        str | None, typer.Option(help="Where it hurts, e.g. knee.", rich_help_panel=_PAIN)
    ] = None,
    score: Annotated[
        int | None, typer.Option(help="How much it hurts, 0-10.", rich_help_panel=_PAIN)
    ] = None,
    sharp: Annotated[
        bool, typer.Option("--sharp", help="Sharp or stabbing pain.", rich_help_panel=_PAIN)
    ] = False,
    worsening: Annotated[
        bool, typer.Option("--worsening", help="Worse as you run.", rich_help_panel=_PAIN)
    ] = False,
    limp: Annotated[
        bool, typer.Option("--limp", help="Makes you limp or change stride.", rich_help_panel=_PAIN)
    ] = False,
    swelling: Annotated[
        bool, typer.Option("--swelling", help="Visible swelling.", rich_help_panel=_PAIN)
    ] = False,
    bone: Annotated[
        bool, typer.Option("--bone", help="Tender on the bone.", rich_help_panel=_PAIN)
    ] = False,
    at_rest: Annotated[
        bool, typer.Option("--at-rest", help="Hurts at rest or at night.", rich_help_panel=_PAIN)
    ] = False,
    settles: Annotated[
        bool | None,
        typer.Option(
            "--settles/--lingers", help="Back to normal by morning?", rich_help_panel=_PAIN
        ),
    ] = None,
    check_in: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="How you feel on this day.", rich_help_panel=_CHECK_IN),
    ] = None,
    sleep: Annotated[
        float | None, typer.Option(help="Hours slept.", rich_help_panel=_CHECK_IN)
    ] = None,
    stress: Annotated[
        int | None, typer.Option(help="Life stress, 1-10.", rich_help_panel=_CHECK_IN)
    ] = None,
    fatigue: Annotated[
        int | None, typer.Option(help="Tiredness, 1-10.", rich_help_panel=_CHECK_IN)
    ] = None,
    soreness: Annotated[
        int | None, typer.Option(help="Muscle soreness, 1-10.", rich_help_panel=_CHECK_IN)
    ] = None,
    resting_hr_delta: Annotated[
        int | None,
        typer.Option(help="Resting heart rate above usual, bpm.", rich_help_panel=_CHECK_IN),
    ] = None,
    break_: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--break", metavar="START END", help="Days without running.", rich_help_panel=_PLAN
        ),
    ] = None,
    cross_trained: Annotated[
        bool,
        typer.Option(
            "--cross-trained", help="You cross-trained during the break.", rich_help_panel=_PLAN
        ),
    ] = False,
    race_date: Annotated[
        str | None,
        typer.Option(metavar="NEW_DATE", help="The race moved to this day.", rich_help_panel=_PLAN),
    ] = None,
    moved_on: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="The day the race moved (the re-plan starts there).",
            rich_help_panel=_PLAN,
        ),
    ] = None,
    time_trial: Annotated[
        tuple[str, str, str] | None,
        typer.Option(
            metavar="DATE DISTANCE TIME",
            help="A race or time trial, e.g. 2027-03-06 5k 24:30.",
            rich_help_panel=_PLAN,
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Cleared to train again from this day.", rich_help_panel=_PLAN
        ),
    ] = None,
    cleared_by: Annotated[
        str | None, typer.Option(help="Who cleared you, e.g. my physio.", rich_help_panel=_PLAN)
    ] = None,
    pain_free_days: Annotated[
        int | None,
        typer.Option(help="Pain-free days of walking before resuming.", rich_help_panel=_PLAN),
    ] = None,
) -> None:
    """Add events to an events file: missed runs, illness, pain, runs done, a moved race...

    For example: balg-planner events add events.json --illness 2027-02-05 --fever
    """
    from balg_planner.events import (
        Break,
        CheckIn,
        CompletedSession,
        Illness,
        MissedSession,
        Pain,
        RaceDateChange,
        Resume,
        Symptom,
        TimeLimit,
        TimeTrial,
        dump_events,
    )

    kinds = {
        "--illness": illness is not None,
        "--pain": pain is not None,
        "--check-in": check_in is not None,
        "--completed": completed is not None,
        "--break": break_ is not None,
        "--race-date": race_date is not None,
        "--resume": resume is not None,
    }
    set_ = {
        "--until": until is not None, "--symptoms": symptoms is not None, "--fever": fever,
        "--temperature": temperature is not None, "--diagnosis": diagnosis is not None,
        "--where": where is not None, "--score": score is not None, "--sharp": sharp,
        "--worsening": worsening, "--limp": limp, "--swelling": swelling, "--bone": bone,
        "--at-rest": at_rest, "--settles/--lingers": settles is not None,
        "--sleep": sleep is not None, "--stress": stress is not None,
        "--fatigue": fatigue is not None, "--soreness": soreness is not None,
        "--resting-hr-delta": resting_hr_delta is not None, "--rpe": rpe is not None,
        "--kind": kind is not None, "--distance": distance is not None,
        "--cross-trained": cross_trained, "--moved-on": moved_on is not None,
        "--cleared-by": cleared_by is not None, "--pain-free-days": pain_free_days is not None,
    }  # fmt: skip
    _check_modifiers(kinds, set_)
    new: list[Event] = [
        build(MissedSession, "--missed", date=parse_date(day, "--missed")) for day in missed or ()
    ]
    if completed is not None:
        new.append(
            build(
                CompletedSession, "--completed", date=parse_date(completed[0], "--completed"),
                minutes=completed[1], rpe=rpe, kind=kind, distance=distance, source="by hand",
            )
        )  # fmt: skip
    if time_limit is not None:
        day = parse_date(time_limit[0], "--time-limit")
        new.append(build(TimeLimit, "--time-limit", date=day, minutes=time_limit[1]))
    if illness is not None:
        listed = {s.strip() for s in (symptoms or "").split(",") if s.strip()}
        if fever:
            listed.add(Symptom.FEVER.value)
        new.append(
            build(
                Illness, "--illness", start=parse_date(illness, "--illness"),
                end=None if until is None else parse_date(until, "--until"), symptoms=listed,
                temperature_c=temperature, diagnosis=diagnosis,
            )
        )  # fmt: skip
    if pain is not None:
        if where is None or score is None:
            raise DataError(
                "needs --where and --score too", loc=("--pain",), hint="e.g. --where knee --score 4"
            )
        new.append(
            build(
                Pain, "--pain", date=parse_date(pain, "--pain"), location=where, score=score,
                sharp=sharp, worsening=worsening, altered_gait=limp, swelling=swelling,
                bone_tenderness=bone, at_rest=at_rest, settles_by_morning=settles,
            )
        )  # fmt: skip
    if check_in is not None:
        new.append(
            build(
                CheckIn, "--check-in", date=parse_date(check_in, "--check-in"),
                sleep_hours=sleep, stress=stress, fatigue=fatigue, soreness=soreness,
                resting_hr_delta=resting_hr_delta,
            )
        )  # fmt: skip
    if break_ is not None:
        start, end = (parse_date(day, "--break") for day in break_)
        new.append(build(Break, "--break", start=start, end=end, cross_trained=cross_trained))
    if race_date is not None:
        moved = None if moved_on is None else parse_date(moved_on, "--moved-on")
        new.append(
            build(
                RaceDateChange, "--race-date", new_date=parse_date(race_date, "--race-date"),
                date=moved,
            )
        )  # fmt: skip
    if time_trial is not None:
        day = parse_date(time_trial[0], "--time-trial")
        trial = build(
            TimeTrial, "--time-trial", date=day, distance=time_trial[1], time=time_trial[2]
        )
        try:
            _ = trial.vdot  # a result the equations cannot hold is refused now, not at adapt
        except DataError as exc:
            raise DataError(str(exc), loc=("--time-trial",)) from None
        new.append(trial)
    if resume is not None:
        new.append(
            build(
                Resume, "--resume", date=parse_date(resume, "--resume"), cleared_by=cleared_by,
                pain_free_days=pain_free_days,
            )
        )  # fmt: skip
    if not new:
        raise DataError(
            "nothing to add",
            hint="give an event, e.g. --missed 2027-02-03; see balg-planner events add --help",
        )
    new.sort(key=lambda event: event.first_day)
    existing = _read_existing(file)
    fresh = [event for event in new if event not in existing]
    combined = dump_events((*existing, *fresh))
    if str(file) == STDIN:
        typer.echo(combined)
        return
    _write_atomically(file, combined + "\n")
    again = len(new) - len(fresh)
    note = f"; {_plural(again)} already there, not added twice" if again else ""
    typer.echo(
        f"{file}: added {_plural(len(fresh))}{note}; it holds {_plural(len(existing) + len(fresh))}"
    )


def _details(event: Event) -> str:
    data = event.model_dump(mode="json", exclude_defaults=True, exclude={"type"})
    # The first field after the type is the event's day, shown in a column of its own.
    data.pop(next(name for name in type(event).model_fields if name != "type"), None)
    return ", ".join(
        f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in data.items()
    )


@events_app.command()
@friendly_errors
def show(
    file: Annotated[Path, typer.Argument(help="An events file, or - for stdin.")],
    format: Annotated[TextOrJson, typer.Option(help=FORMAT_HELP)] = "text",
) -> None:
    """List the events in a file, to check them before adapting."""
    from balg_planner.events import MAX_EVENT_BYTES, dump_events, parse_events

    text, source = read_input(file, "events", MAX_EVENT_BYTES)
    events = parse_events(text, source=source)
    if format == "json":
        typer.echo(dump_events(events))
        return
    table = Table(title=f"{_plural(len(events))} in {source}")
    table.add_column("Day", no_wrap=True)
    table.add_column("Event", no_wrap=True)
    table.add_column("Details")
    for event in events:
        table.add_row(event.first_day.isoformat(), event.type.replace("_", " "), _details(event))
    console().print(table)
