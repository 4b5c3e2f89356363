"""Code that uses the library type-checks: the README example passes mypy --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("page", ["README.md", "docs/how-to/typing.md"])
def test_examples_pass_mypy_strict_with_the_pydantic_plugin(page: str, tmp_path: Path) -> None:
    """As docs/how-to/typing.md tells users to configure it."""
    api = pytest.importorskip("mypy.api")
    code = "\n".join(re.findall(r"```python\n(.*?)```", (ROOT / page).read_text(), re.S))
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text(
        "[mypy]\nstrict = true\nplugins = pydantic.mypy\n", encoding="utf-8"
    )
    out, err, status = api.run(
        [
            "--config-file", str(tmp_path / "mypy.ini"),
            "--cache-dir", str(tmp_path / "cache"),
            str(tmp_path / "example.py"),
        ]
    )  # fmt: skip
    assert status == 0, out + err
