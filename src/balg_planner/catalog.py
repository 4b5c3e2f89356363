"""Find, load, validate and cache plan templates: the packaged ones and your own files.

Templates are TOML read with `tomllib` and validated by `balg_planner.schema.TemplateFile`;
nothing in them is executed. Packaged templates are parsed once, on first use.

Example:
    >>> from balg_planner.catalog import find_template, template_ids
    >>> "half-intermediate" in template_ids()
    True
    >>> find_template("marathon", "advanced").runway.default_weeks
    18
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from balg_planner._resources import data_error_from, read_text_file, read_toml
from balg_planner.athlete import Level
from balg_planner.errors import DataError, NotFoundError, closest
from balg_planner.schema import TEMPLATE_KEYS, TemplateFile
from balg_planner.units import RaceDistance

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "find_template",
    "load_template",
    "parse_template",
    "template_ids",
    "templates",
]

MAX_TEMPLATE_BYTES: Final = 256 * 1024
"""Template files larger than this are refused before parsing."""


def parse_template(
    text: str, *, source: str = "<template>", stem: str | None = None
) -> TemplateFile:
    """Parse and validate template TOML text.

    Args:
        text: The TOML document.
        source: How to name the document in error messages (a file path, usually).
        stem: The file's stem, which the template's ``id`` must equal.

    Raises:
        DataError: Bad TOML, an unknown or missing key, a wrong type, an unknown workout kind
            or an inconsistent value; the message names the source and the key path.
    """
    document = read_toml(text, source=source, limit=MAX_TEMPLATE_BYTES, what="template")
    try:
        template = TemplateFile.model_validate(document)
    except ValidationError as exc:
        raise data_error_from(exc, source=source, known_keys=TEMPLATE_KEYS) from None
    if stem is not None and template.id != stem:
        raise DataError(
            "template id must equal the file name",
            source=source,
            loc=("id",),
            value=template.id,
            hint=f"use id = {stem!r} or rename the file",
        )
    return template


@functools.cache
def _packaged(template_id: str) -> TemplateFile:
    resource = resources.files("balg_planner").joinpath("templates", f"{template_id}.toml")
    return parse_template(
        resource.read_text(encoding="utf-8"),
        source=f"balg_planner/templates/{template_id}.toml",
        stem=template_id,
    )


@functools.cache
def template_ids() -> tuple[str, ...]:
    """The ids of the packaged templates, sorted."""
    folder = resources.files("balg_planner").joinpath("templates")
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def templates() -> tuple[TemplateFile, ...]:
    """Every packaged template, sorted by id."""
    return tuple(_packaged(template_id) for template_id in template_ids())


def load_template(name: str | Path) -> TemplateFile:
    """Load a packaged template by id, or a template file by path.

    Raises:
        NotFoundError: Neither a packaged id nor an existing file; suggests the nearest id.
        DataError: The file does not validate, is not UTF-8 text, is over
            `MAX_TEMPLATE_BYTES`, or is not a regular file (a device, a pipe).

    Example:
        >>> load_template("5k-beginner").distance.value
        '5k'
    """
    if isinstance(name, str) and name in template_ids():
        return _packaged(name)
    path = Path(name)
    if path.suffix == ".toml" and (path.exists() or path.is_symlink()):
        text = read_text_file(path, what="template", limit=MAX_TEMPLATE_BYTES)
        return parse_template(text, source=str(path), stem=path.stem)
    raise NotFoundError(
        "unknown template",
        value=str(name),
        suggestion=closest(str(name), template_ids()),
        available=template_ids(),
    )


def find_template(distance: RaceDistance | str, level: Level | str) -> TemplateFile:
    """The packaged template for a race distance and level.

    Raises:
        NotFoundError: No packaged template matches.
    """
    wanted = (RaceDistance(distance), Level(level))
    for template in templates():
        if (template.distance, template.level) == wanted:
            return template
    raise NotFoundError(  # pragma: no cover - every distance and level ships a template
        "no template for this distance and level", value=f"{wanted[0].value}-{wanted[1].value}"
    )
