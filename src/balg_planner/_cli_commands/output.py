"""What every command shares: consoles, one-line errors, JSON, reading files or stdin.

The rules the commands keep:

- Text the runner typed, or read from a file, is never read as console markup or emoji codes:
  the consoles have ``markup=False`` and ``emoji=False``, and styled text is built from
  `rich.text.Text` pieces.
- When standard output is not a terminal (a pipe, a file), nothing is cut to the width of a
  terminal that is not there: tables get all the width they need.
- ``NO_COLOR`` (set and not empty) turns off every style, bold and italic too, not only colour.
- A `BalgError` is one line on standard error and exit status 1; usage errors are typer's own,
  with status 2; anything else (a bug) is one line too, with status 3. No traceback is shown
  unless ``--debug`` asks for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, ParamSpec, TypeGuard, TypeVar

import typer
from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from balg_planner.errors import BalgError, DataError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

# pydantic and the library's readers load when a command uses them, so that
# `balg-planner --help` starts without them.

__all__ = [
    "EXIT_BUG",
    "EXIT_USER_ERROR",
    "STDIN",
    "Units",
    "build",
    "console",
    "emit_json",
    "friendly_errors",
    "heading",
    "no_color",
    "one_stdin",
    "pairs",
    "parse_date",
    "read_input",
    "set_debug",
]

P = ParamSpec("P")
R = TypeVar("R")
ModelT = TypeVar("ModelT", bound="BaseModel")

Units = Literal["km", "mi"]

EXIT_USER_ERROR: Final = 1
"""Exit status for input the library refused (a `BalgError`); typer's usage errors exit 2."""
EXIT_BUG: Final = 3
"""Exit status for an error the library did not mean to raise: a bug, reported in one line."""
_MESSAGE_CHARS: Final = 500
"""An error line is cut here: a message is for reading, not for dumping a file back."""
_debug = False
# typer's own exits and usage errors pass through to typer. Their base, ClickException, comes
# from click or, from typer 0.29, from typer's copy of it: found by name, not imported.
_TYPER_SIGNALS: Final[tuple[type[BaseException], ...]] = (
    typer.Exit,
    typer.Abort,
    *(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"),
)
STDIN: Final = "-"
"""The file name that means standard input (or standard output where a file is written)."""
_PIPE_WIDTH: Final = 10_000
"""Width for output that is not a terminal: wide enough that no table cell is cut or wrapped."""
_HEADING_WIDTH: Final = 80
"""A heading's rule stops here when there is no terminal to fill."""


def no_color() -> bool:
    """Whether the ``NO_COLOR`` convention asks for plain text (set and not empty)."""
    return bool(os.environ.get("NO_COLOR"))


def console(*, stderr: bool = False) -> Console:
    """A console that reads no markup or emoji in text, and cuts nothing when piped."""
    made = Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        # No colour system at all: rich's own NO_COLOR support drops colours but keeps bold.
        color_system=None if no_color() else "auto",
    )
    if not made.is_terminal:
        made.width = _PIPE_WIDTH
    return made


def heading(out: Console, title: str) -> None:
    """A titled rule across the terminal, or across 80 columns when there is none."""
    width = out.width if out.is_terminal else _HEADING_WIDTH
    out.print(Rule(Text(title, style="bold")), width=width)


def emit_json(data: object) -> None:
    """Print plain data (dicts, lists, strings, numbers) as indented JSON on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def set_debug(on: bool) -> None:
    """Show Python's traceback for every error (``--debug``) instead of one line."""
    global _debug
    _debug = on


def friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report any error as one line on stderr with an exit status, never a traceback.

    A `BalgError` (or a pydantic `ValidationError`, turned into one) exits 1; anything else is
    a bug and exits 3. ``--debug`` shows the traceback instead.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except _TYPER_SIGNALS:
            raise
        except Exception as exc:
            if _debug:
                raise
            _report(exc)
            user = isinstance(exc, BalgError) or _is_validation_error(exc)
            status = EXIT_USER_ERROR if user else EXIT_BUG
            raise typer.Exit(status) from None

    return wrapper


def _is_validation_error(exc: Exception) -> TypeGuard[ValidationError]:
    """A pydantic `ValidationError`, told without importing pydantic when nothing has."""
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(exc, core.ValidationError)


def _report(exc: Exception) -> None:
    if _is_validation_error(exc):
        from balg_planner._resources import data_error_from

        exc = data_error_from(exc, source="<input>")
    if isinstance(exc, BalgError):
        label, message = f"error ({exc.code})", str(exc)
    else:
        label = "internal error"
        message = f"{type(exc).__name__}: {exc}; please report it (--debug shows the traceback)"
    message = " ".join(message.split())
    if len(message) > _MESSAGE_CHARS:
        message = message[:_MESSAGE_CHARS] + "..."
    line = Text.assemble((label, "bold red"), f": {message}")
    # soft_wrap keeps the message on one line whatever the terminal's width.
    console(stderr=True).print(line, soft_wrap=True)


def build(model: type[ModelT], options: str, /, **fields: object) -> ModelT:
    """Validate a model from command-line values; a `DataError` naming `options` if they fail."""
    from pydantic import ValidationError

    from balg_planner._resources import data_error_from

    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise data_error_from(exc, source=options) from None


def parse_date(text: str, option: str) -> dt.date:
    """An ISO date given to `option`, or a `DataError` saying how to write one."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError(
            "expected a date", loc=(option,), value=text, hint="use YYYY-MM-DD"
        ) from None


def pairs(text: str, option: str) -> dict[str, str]:
    """``"mon=45,sun=120"`` as ``{"mon": "45", "sun": "120"}``."""
    found: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise DataError(
                "expected name=value pairs", loc=(option,), value=part, hint="e.g. mon=45,sun=120"
            )
        found[key.strip().lower()] = value.strip()
    return found


def one_stdin(inputs: dict[str, Path | None]) -> None:
    """Refuse a command line that reads standard input (``-``) for more than one input.

    `inputs` maps each input's name on the command line (``"--events"``) to its path.
    """
    named = [name for name, path in inputs.items() if _is_stdin(path)]
    if len(named) > 1:
        raise DataError(
            "only one input can be read from standard input",
            value=", ".join(named),
            hint="write the others to files",
        )


def _is_stdin(path: Path | None) -> bool:
    return path is not None and str(path) == STDIN


def read_input(path: Path, what: str, limit: int) -> tuple[str, str]:
    """The text of the `what` file at `path`, or of standard input for ``-``, and its name.

    Only regular files are read, at most `limit` bytes, as UTF-8 (see
    `balg_planner._resources.read_text_file`): ``/dev/zero`` or a pipe is refused at once.
    """
    from balg_planner._resources import decode_text, read_text_file

    if not _is_stdin(path):
        return read_text_file(path, what=f"{what} file", limit=limit), str(path)
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:  # pragma: no cover - a text-only stdin, as some test runners give
        text = sys.stdin.read(limit + 1)
        data = text.encode("utf-8", errors="surrogateescape")
    else:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"{what} input too large", source="<stdin>", hint=f"at most {limit} bytes")
    return decode_text(data, source="<stdin>", what=f"{what} input"), "<stdin>"
