"""The ``balg-planner`` command (needs the ``cli`` extra: typer and rich).

The commands themselves live in `balg_planner._cli_commands`; this module only makes sure a
missing extra gives a one-line message rather than a traceback, and that ``NO_COLOR`` reaches
typer's own help and usage errors too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Final

from balg_planner.errors import install_hint

__all__ = ["main"]

_CLI_PACKAGES: Final = frozenset({"typer", "rich", "click"})
INSTALL_HINT: Final = f"balg-planner: the command line needs the 'cli' extra; {install_hint('cli')}"


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line with `argv` (default: the process arguments)."""
    try:
        from balg_planner._cli_commands import app
    except ModuleNotFoundError as exc:
        if exc.name not in _CLI_PACKAGES:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        raise SystemExit(2) from None
    if os.environ.get("NO_COLOR"):
        # Typer's help and usage errors: rich's own NO_COLOR support drops colours but keeps
        # bold and dim, while no colour system at all means plain text. typer reads this
        # switch ("Set to None to disable colors") each time it prints.
        from typer import rich_utils

        rich_utils.COLOR_SYSTEM = None
    app(args=None if argv is None else list(argv), prog_name="balg-planner")


if __name__ == "__main__":  # pragma: no cover
    main()
