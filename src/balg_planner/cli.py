"""The ``balg-planner`` command (needs the ``cli`` extra: typer and rich).

The commands themselves live in `balg_planner._cli_commands`; this module only makes sure a
missing extra gives a one-line message rather than a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Final

__all__ = ["main"]

_CLI_PACKAGES: Final = frozenset({"typer", "rich", "click"})
INSTALL_HINT: Final = (
    "balg-planner: the command line needs the 'cli' extra; "
    "install it with: python3 -m pip install 'balg-planner[cli]'"
)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line with `argv` (default: the process arguments)."""
    try:
        from balg_planner._cli_commands import app
    except ModuleNotFoundError as exc:
        if exc.name not in _CLI_PACKAGES:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        raise SystemExit(2) from None
    app(args=None if argv is None else list(argv), prog_name="balg-planner")


if __name__ == "__main__":  # pragma: no cover
    main()
