from __future__ import annotations

import functools
from pathlib import Path

import griffe
import pytest
from pydantic import BaseModel

import balg_planner as bp

SRC = Path(__file__).resolve().parent.parent / "src"

MODELS: list[type[BaseModel]] = sorted(
    (
        obj
        for name in bp.__all__
        if isinstance(obj := getattr(bp, name), type) and issubclass(obj, BaseModel)
    ),
    key=lambda cls: cls.__name__,
)
"""Every pydantic model the package exports."""


@functools.cache
def _package() -> griffe.Module:
    """The package as the API reference reads it: statically, from the source files."""
    package = griffe.load("balg_planner", search_paths=[str(SRC)])
    assert isinstance(package, griffe.Module)
    return package


def test_the_field_check_sees_the_public_models() -> None:
    """The parametrized check below would pass vacuously if it found no models."""
    assert {bp.Athlete, bp.Plan, bp.Session, bp.Illness} <= set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda cls: cls.__name__)
def test_every_public_model_field_has_a_docstring(model: type[BaseModel]) -> None:
    """Each field of a model in `__all__` has an attribute docstring, its API reference text."""
    path = f"{model.__module__}.{model.__qualname__}".removeprefix("balg_planner.")
    cls = _package()[path]
    members = cls.all_members
    undocumented = [
        field
        for field in model.model_fields
        if field not in members
        or members[field].docstring is None
        or not members[field].docstring.value.strip()
    ]
    assert undocumented == [], f"write a docstring under each field of {model.__name__}"
