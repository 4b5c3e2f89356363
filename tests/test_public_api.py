import importlib
import inspect
import subprocess
import sys

import balg_planner as bp

CONTRACT = {
    "vdot_from_race", "equivalent_time", "training_paces", "fitness_after_break",
    "TrainingPaces", "Effort", "WorkoutKind", "RaceDistance", "Level", "Athlete", "RaceResult",
    "Goal", "Session", "BalgError", "DataError", "NotFoundError", "SchedulingError",
    "AdaptationError",
}  # fmt: skip


def test_all_is_sorted_and_unique() -> None:
    assert list(bp.__all__) == sorted(set(bp.__all__))


def test_every_name_in_all_exists() -> None:
    for name in bp.__all__:
        assert hasattr(bp, name), name


def test_all_is_complete() -> None:
    """Every public class or function importable from the facade is listed in __all__."""
    public = {
        name
        for name, obj in vars(bp).items()
        if not name.startswith("_") and not inspect.ismodule(obj)
    }
    assert public <= set(bp.__all__)


def test_contract_names_of_the_foundation_are_exported() -> None:
    assert set(bp.__all__) >= CONTRACT


def test_submodule_all_lists_only_real_names() -> None:
    for module in ("errors", "units", "science", "effort", "workout", "athlete"):
        mod = importlib.import_module(f"balg_planner.{module}")
        for name in mod.__all__:
            assert hasattr(mod, name), f"{module}.{name}"


def test_import_reads_no_data_files() -> None:
    """Data is loaded lazily: importing the package parses no TOML."""
    code = (
        "import tomllib, balg_planner._resources as r\n"
        "import balg_planner\n"
        "print(r.read_packaged_toml.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_import_leaves_the_solver_and_the_cli_unloaded() -> None:
    """Importing the library stays light: the solver loads when a week is scheduled."""
    code = "import sys, balg_planner; print('constraint' in sys.modules, 'typer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_version_is_a_string() -> None:
    assert isinstance(bp.__version__, str)
    assert bp.__version__.count(".") == 2
