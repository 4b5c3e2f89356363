"""Fuzzing every loader and the command line: only BalgError or ValidationError escapes, fast.

Inputs are hostile and careless alike: random text and bytes, valid documents with a few
characters changed, deep nesting, other encodings, absurd numbers and dates. Each call must
end within `BOUND` seconds. The example counts come from the Hypothesis profile (``ci`` in
CI), so the suite stays modest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

import balg_planner as bp
from balg_planner._cli_commands import app
from balg_planner.activities import TCX_EXAMPLE
from balg_planner.catalog import parse_template
from balg_planner.rulebook.packs import EXAMPLE_PACK
from balg_planner.schema import TemplateFile

BOUND = 3.0
"""Seconds any one call may take, on a loaded machine."""
ALLOWED = (bp.BalgError, ValidationError)

TEMPLATE = (Path(bp.__file__).parent / "templates" / "5k-beginner.toml").read_text(encoding="utf-8")
PLAN = bp.compose_plan(
    bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
               availability={"tue": 40, "thu": 40, "sat": 60}),
    bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
    start=dt.date(2027, 1, 4),
).model_dump_json()  # fmt: skip
EVENTS = bp.dump_events([
    bp.Illness(start=dt.date(2027, 1, 12), symptoms={"fever"}),
    bp.CheckIn(date=dt.date(2027, 1, 13), stress=7, sleep_hours=6.5),
    bp.TimeTrial(date=dt.date(2027, 1, 20), distance="5k", time="25:00"),
])  # fmt: skip
HOSTILE = ["nan", "inf", "-1", "1e309", "99999999999h", "0001-01-01", "9999-12-31", "true",
           '""', "[]", "{}", '"\\u0000"', "[" * 40, "]" * 40, "\u202e", "{__class__}"]  # fmt: skip


def _bounded(call: Callable[[], Any]) -> None:
    """Run `call`: it may succeed or raise an allowed error, within `BOUND` seconds."""
    began = time.perf_counter()
    with contextlib.suppress(*ALLOWED):
        call()
    assert time.perf_counter() - began < BOUND


@st.composite
def damaged(draw: st.DrawFn, document: str) -> str:
    """`document` with a few slices replaced by junk, hostile tokens or deep nesting."""
    text = document
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        junk = draw(st.sampled_from(HOSTILE) | st.text(max_size=6))
        text = text[:start] + junk + text[end:]
    return text


def _texts(document: str) -> st.SearchStrategy[str]:
    deep = st.integers(30, 3000).map(lambda n: "x = " + "[" * n + "]" * n)
    return st.one_of(st.text(max_size=200), damaged(document), deep)


def _bytes(document: str) -> st.SearchStrategy[bytes]:
    other_encodings = damaged(document).map(lambda t: t.encode("utf-16"))
    latin = damaged(document).map(lambda t: t.encode("latin-1", errors="replace"))
    return st.one_of(st.binary(max_size=200), other_encodings, latin)


@given(st.one_of(_texts(PLAN), _bytes(PLAN)))
def test_parse_plan(data: str | bytes) -> None:
    _bounded(lambda: bp.parse_plan(data))


@given(st.one_of(_texts(EVENTS), _bytes(EVENTS)))
def test_parse_events(data: str | bytes) -> None:
    _bounded(lambda: bp.parse_events(data))


@given(_texts(EXAMPLE_PACK))
def test_parse_rules(text: str) -> None:
    _bounded(lambda: bp.parse_rules(text))


@given(_texts(TEMPLATE))
def test_parse_template(text: str) -> None:
    _bounded(lambda: parse_template(text))


@given(st.dictionaries(
    st.sampled_from(["id", "schema_version", "distance", "level", "sessions", "runway", "x"]),
    st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    max_size=6,
))  # fmt: skip
def test_template_model(document: dict[str, object]) -> None:
    """Building the model directly raises the documented ValidationError, nothing else."""
    _bounded(lambda: TemplateFile.model_validate(document))


FILE_LOADERS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "rules": (".toml", bp.load_rules),
    "template": (".toml", bp.load_template),
    "activity": (".tcx", bp.read_activities),
    "gpx": (".gpx", bp.read_activities),
    "fit": (".fit", bp.read_activities),
}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.parametrize("kind", FILE_LOADERS)
@given(data=st.one_of(_bytes(TCX_EXAMPLE), damaged(TCX_EXAMPLE).map(str.encode),
                      damaged(EXAMPLE_PACK).map(str.encode)))  # fmt: skip
def test_file_loaders(tmp_path: Path, kind: str, data: bytes) -> None:
    suffix, load = FILE_LOADERS[kind]
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _bounded(lambda: load(path))


COMMANDS = [
    ["adapt", "{plan}", "--events", "{file}", "--today", "2027-01-12"],
    ["adapt", "{file}", "--events", "{events}", "--today", "2027-01-12"],
    ["adapt", "{plan}", "--events", "{events}", "--today", "2027-01-12", "--rules", "{file}"],
    ["events", "show", "{file}"],
    ["log", "{plan}", "{file}", "--today", "2027-01-12"],
    ["plan", "--race", "5k", "--date", "2027-03-20", "--start", "2027-01-04", "--level",
     "beginner", "--weekly", "90", "--longest", "35", "--days", "tue=40,thu=40,sat=60",
     "--template", "{file}"],
]  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    command=st.sampled_from(COMMANDS),
    data=st.one_of(
        _bytes(EVENTS), damaged(EVENTS).map(str.encode), damaged(PLAN).map(str.encode),
        damaged(EXAMPLE_PACK).map(str.encode),
    ),
)  # fmt: skip
def test_the_command_line(tmp_path: Path, command: list[str], data: bytes) -> None:
    """Any file given to any command: exit 0, 1 or 2, one line of error, never a traceback."""
    files = {"plan": tmp_path / "plan.json", "events": tmp_path / "events.json"}
    files["plan"].write_text(PLAN, encoding="utf-8")
    files["events"].write_text(EVENTS, encoding="utf-8")
    toml = "--template" in command or "--rules" in command
    fuzz = tmp_path / ("fuzz.toml" if toml else "fuzz.tcx" if command[0] == "log" else "f.json")
    fuzz.write_bytes(data)
    args = [part.format(file=fuzz, **files) for part in command]
    began = time.perf_counter()
    result = CliRunner().invoke(app, args)
    assert time.perf_counter() - began < BOUND
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
