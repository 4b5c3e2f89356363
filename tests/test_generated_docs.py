import pytest
from scripts.generate_docs import PAGES


@pytest.mark.parametrize("path", sorted(PAGES), ids=lambda p: p.name)
def test_generated_reference_pages_are_fresh(path: object) -> None:
    """The catalogue and schemas in docs/ match the data; run scripts/generate_docs.py if not."""
    from pathlib import Path

    assert isinstance(path, Path)
    assert path.read_text(encoding="utf-8") == PAGES[path]()
