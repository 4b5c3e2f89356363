"""The commands of ``balg-planner``, built with typer and rich.

Exit status: 0 when the command did its work; 1 when the library refused the input (a
`BalgError`, shown as one line on stderr saying what to change); 2 for usage errors typer
reports itself (an unknown option, a missing argument); 3 for a bug, also in one line.
``--debug`` shows Python's traceback instead of the one line. ``-h`` and ``--help`` work on every
command, ``--version`` on the app.

The commands live in `~balg_planner._cli_commands.reference` (look things up),
`~balg_planner._cli_commands.planning` (plan, adapt, log, triage, demo) and
`~balg_planner._cli_commands.event_file` (the events file); `~balg_planner._cli_commands.output`
holds what they share.
"""

from __future__ import annotations

from typing import Annotated

import typer

import balg_planner
from balg_planner._cli_commands import planning, reference
from balg_planner._cli_commands.event_file import events_app
from balg_planner._cli_commands.output import set_debug

__all__ = ["app"]

app = typer.Typer(
    name="balg-planner",
    help="Running plans that explain themselves: paces, effort levels and the why of every run.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"balg-planner {balg_planner.__version__}")
        raise typer.Exit


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback when something fails.")
    ] = False,
) -> None:
    """Running plans that explain themselves: paces, effort levels and the why of every run."""
    set_debug(debug)


# The order here is the order of the help's command list: first steps first.
app.command()(planning.demo)
app.command()(reference.paces)
app.command()(reference.efforts)
app.command()(reference.templates)
app.command()(planning.plan)
app.command()(planning.adapt)
app.add_typer(events_app)
app.command()(planning.log)
app.command()(reference.rules)
app.command()(planning.triage)
app.command()(reference.learn)
