import re
from pathlib import Path

import pytest

import balg_planner as bp

DOCS = Path(__file__).parent.parent / "docs"
EXAMPLE_PAGES = sorted([DOCS / "index.md", *DOCS.glob("tutorials/*.md"), *DOCS.glob("how-to/*.md")])


def test_every_public_name_is_in_the_api_reference() -> None:
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in bp.__all__ if name != "__version__" and f"`{name}`" not in text]
    assert missing == []


def _run_examples(page: Path) -> None:
    """Run every ```python block of a page, in order, in one namespace."""
    namespace: dict[str, object] = {}
    for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        exec(compile(block, str(page), "exec"), namespace)  # noqa: S102 - our own docs examples


@pytest.mark.parametrize("page", EXAMPLE_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_examples_in_the_docs_run(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run_examples(page)


def test_index_example_prints_what_its_comments_say(capsys: pytest.CaptureFixture[str]) -> None:
    _run_examples(DOCS / "index.md")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "VDOT 49.8"
    assert out[1] == "41:28"
    assert out[2] == "4:56-5:35/km 4:16/km"
    assert out[5] == "5:06/km"
    assert out[6:9] == [
        "2027-03-03 replaced illness.fever.rest",
        "2027-03-05 replaced illness.fever.gate",
        "2027-03-07 replaced illness.return.first_days",
    ]
    assert out[9].startswith("With body aches and a temperature of 38.3 °C, rest is the training")


def test_tutorial_prints_what_its_comments_say(capsys: pytest.CaptureFixture[str]) -> None:
    _run_examples(DOCS / "tutorials" / "paces-and-efforts.md")
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["30.8", "7:13-8:07/km", "10:05/mi"]
    assert "135-155 bpm" in out
    assert out[-1] == "0:35:00 False 4564"


def test_first_plan_tutorial_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    _run_examples(DOCS / "tutorials" / "first-plan.md")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "half-intermediate 12"
    assert out[-1] == (
        "goal.race_date: a marathon plan (intermediate) needs at least 12 weeks; the race is "
        "in 6: '2027-03-07'; choose a race on or after 2027-04-12, or a shorter distance"
    )


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    _run_examples(DOCS.parent / "README.md")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "110 of 110"  # the long run the half needs, as its comment says
    assert out[1].startswith("Week 6 · build")


def test_readme_counts_are_true() -> None:
    text = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"{len(bp.default_rules())} built-in rules" in text
    assert "twelve original templates" in text
    assert len(bp.template_ids()) == 12
