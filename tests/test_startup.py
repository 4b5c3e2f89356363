"""Start-up stays light: the facade loads names on first use, and the CLI loads what it runs."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_the_package_loads_no_submodule_but_the_facade() -> None:
    """``import balg_planner`` loads nothing of the library until a name is used."""
    loaded = _modules_after("import balg_planner")
    assert {m for m in loaded if m.startswith("balg_planner.")} == set()


def test_a_name_loads_its_module_and_stays_what_it_was() -> None:
    """``bp.adapt`` is the function even when its package was imported first."""
    code = (
        "import balg_planner.adapt.matching, balg_planner.triage, balg_planner as bp\n"
        "import types\n"
        "assert isinstance(bp.adapt, types.FunctionType), bp.adapt\n"
        "assert isinstance(bp.triage, types.FunctionType), bp.triage\n"
        "from balg_planner import adapt\n"
        "assert adapt is bp.adapt and adapt.__module__ == 'balg_planner.adapt'\n"
        "assert 'compose_plan' in dir(bp)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_help_and_paces_load_neither_planner_nor_engine() -> None:
    """``--help`` and ``paces`` start without compose, adapt, the rulebook or templates.

    ``--help`` loads none of the library's models at all.
    """
    heavy = {
        "balg_planner.adapt",
        "balg_planner.compose",
        "balg_planner.rulebook",
        "balg_planner.catalog",
        "balg_planner.plan",
        "constraint",
    }
    models = {
        "balg_planner.effort",
        "balg_planner.events",
        "balg_planner.science",
        "balg_planner.units",
        "pydantic",
    }
    for argv, unwanted in (
        (["--help"], heavy | models),
        (["paces", "--race", "10k", "--time", "50:00"], heavy),
    ):
        code = (
            "import sys\nfrom balg_planner.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass"
        )
        assert unwanted.isdisjoint(_modules_after(code)), argv
