"""Every shell command in the README and the docs runs verbatim, against a fresh install.

A fresh virtualenv is made once, and the install blocks the pages show (``pip install ...``)
run in it first, from the repository's folder. Every other ``bash`` or ``console`` block then
runs in it, page by page, in order, in a scratch folder of its own (so a block may use a file
an earlier block of its page wrote).
Skipped: blocks marked ``<!-- illustration -->`` on the line before (synopses with
``[optional]`` parts, paths on someone's machine), and the README's test command, which is what
``.ci/run`` runs (checked below) and would run this test again.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
ILLUSTRATION = "<!-- illustration -->"
RUN_BY_CI = "<!-- .ci/run runs this -->"
_FENCE = re.compile(r"^```(bash|console|sh|shell)\n(.*?)^```", re.S | re.M)


class Block(NamedTuple):
    page: Path
    line: int
    marker: str
    commands: str


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        before = [line for line in text[: match.start()].splitlines() if line.strip()]
        marker = before[-1].strip() if before else ""
        body = match.group(2)
        if match.group(1) == "console":  # only the "$ " lines are commands
            body = "\n".join(line[2:] for line in body.splitlines() if line.startswith("$ "))
        found.append(Block(page, text.count("\n", 0, match.start()) + 1, marker, body))
    return found


BLOCKS = [block for page in PAGES for block in _blocks(page)]


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marked = [block for block in BLOCKS if block.marker == RUN_BY_CI]
    assert marked, "the README's test command is marked as run by .ci/run"
    for block in marked:
        assert block.commands.strip() in ci, block


def test_every_block_is_run_or_marked() -> None:
    """No block silently escapes: it runs, or says why it does not."""
    for block in BLOCKS:
        assert block.commands.strip(), f"{block.page.name}:{block.line} has no command"
        if "[" in block.commands and "--" in block.commands and block.marker != ILLUSTRATION:
            assert not re.search(r"\[--", block.commands), (
                f"{block.page.name}:{block.line} shows optional parts; mark it {ILLUSTRATION}"
            )


def _run(block: Block, env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block.commands],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    where = f"{block.page.relative_to(ROOT)}:{block.line}"
    assert result.returncode == 0, f"{where}\n{block.commands}\n{result.stdout}\n{result.stderr}"


def _runs(block: Block) -> bool:
    return block.marker not in (ILLUSTRATION, RUN_BY_CI)


def _installs(block: Block) -> bool:
    return "pip install" in block.commands


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh virtualenv where the pages' install commands have run, as a newcomer runs them."""
    if os.environ.get("BALG_SKIP_FRESH_INSTALL"):
        pytest.skip("BALG_SKIP_FRESH_INSTALL is set: not making a fresh virtualenv")
    home = tmp_path_factory.mktemp("fresh")
    venv.create(home / "venv", with_pip=True)
    bin_dir = home / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH",)}
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(home / "venv"),
        "NO_COLOR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    for block in BLOCKS:
        if _runs(block) and _installs(block):
            _run(block, env, ROOT)
    return env


@pytest.mark.parametrize(
    "page",
    [page for page in PAGES if any(b.page == page and _runs(b) for b in BLOCKS)],
    ids=lambda page: str(page.relative_to(ROOT)),
)
def test_commands_run_verbatim(page: Path, fresh: dict[str, str], tmp_path: Path) -> None:
    for block in BLOCKS:
        if block.page == page and _runs(block) and not _installs(block):
            _run(block, fresh, tmp_path)
