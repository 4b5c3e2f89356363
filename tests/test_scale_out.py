"""The scale-out how-to runs as written: a Dask bag over JSON plans, on local processes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, cast

import pytest

PAGE = Path(__file__).parent.parent / "docs" / "how-to" / "scale-out.md"


def _run_page(scheduler: str) -> dict[str, Any]:
    """Run the page's ``py`` blocks in one namespace, computing on `scheduler`."""
    pytest.importorskip("dask.bag")
    namespace: dict[str, Any] = {}
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```py\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    code = "\n".join(blocks).replace('scheduler="processes"', f'scheduler="{scheduler}"')
    exec(compile(code, str(PAGE), "exec"), namespace)  # noqa: S102 - our own docs example
    return namespace


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_nightly_bag_adapts_each_runner_and_reports_bad_files(scheduler: str) -> None:
    """Each runner's result is what adapting alone gives; a bad file is one error record."""
    import balg_planner as bp

    namespace = _run_page(scheduler)
    results = {r["runner"]: r for r in cast(list[dict[str, Any]], namespace["results"])}
    assert sorted(results) == ["runner-0", "runner-1", "runner-2", "runner-3"]
    assert results["runner-0"]["changes"] == []
    assert results["runner-1"]["changes"] == ["time.short.trim"]
    assert results["runner-2"]["changes"][0] == "illness.fever.rest"
    assert results["runner-3"]["error"] == "data"
    assert "events.json" in results["runner-3"]["message"]
    # The same bytes as adapting in this process: nothing depends on where it ran.
    folder = cast(Path, namespace["store"]) / "runner-2"
    plan = bp.parse_plan((folder / "plan.json").read_text(encoding="utf-8"))
    events = bp.parse_events((folder / "events.json").read_text(encoding="utf-8"))
    here = bp.adapt(plan, events, today=cast(dt.date, namespace["TODAY"]))
    assert results["runner-2"]["plan"] == here.plan.model_dump_json()


def test_the_facade_pickles_by_name() -> None:
    """Functions that use ``bp`` ship to worker processes: the package pickles as a name."""
    import pickle

    import balg_planner as bp

    assert pickle.loads(pickle.dumps(bp)) is bp
