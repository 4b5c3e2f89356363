"""The example notebook in the docs runs top to bottom and shows what it promises."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebooks" / "explore-a-plan.ipynb"


def test_the_example_notebook_runs_and_shows_tables_charts_and_changes() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o.get("data", {}) for o in outputs if o.output_type == "execute_result"]
    assert sum("image/png" in data for data in shown) == 2  # both charts show, no magic
    assert any("<table" in data.get("text/html", "") for data in shown)  # the hard sessions
    assert any("Adapted as of" in data.get("text/html", "") for data in shown)
    assert shown[0]["text/plain"].startswith("Plan(id=")
