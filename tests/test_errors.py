import inspect
import re
from pathlib import Path

import pytest

import balg_planner as bp
from balg_planner import errors

DOCS = Path(__file__).parent.parent / "docs" / "reference" / "errors.md"


def _defined_classes() -> list[type[bp.BalgError] | type[bp.BalgWarning]]:
    return [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if obj.__module__ == errors.__name__ and issubclass(obj, (bp.BalgError, bp.BalgWarning))
    ]


def test_every_error_and_warning_has_a_unique_code() -> None:
    codes = [cls.code for cls in _defined_classes()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (bp.DataError, ValueError),
        (bp.NotFoundError, LookupError),
        (bp.SchedulingError, bp.BalgError),
        (bp.AdaptationError, bp.BalgError),
        (bp.QuestionableInputWarning, UserWarning),
    ],
)
def test_errors_subclass_the_builtins_callers_already_catch(cls: type, builtin: type) -> None:
    assert issubclass(cls, builtin)


def test_message_says_where_what_value_and_suggestion() -> None:
    exc = bp.DataError(
        "unknown fact",
        source="rules/custom.toml",
        loc=("rule", "x", "when", "fact"),
        value="athlete.fatige",
        suggestion="athlete.fatigue",
    )
    assert str(exc) == (
        "rules/custom.toml: rule.x.when.fact: unknown fact: 'athlete.fatige'; "
        "did you mean 'athlete.fatigue'?"
    )
    assert exc.code == "data"
    assert exc.loc == ("rule", "x", "when", "fact")
    assert exc.value == "athlete.fatige"


def test_message_lists_available_values_when_nothing_is_close() -> None:
    exc = bp.NotFoundError("unknown template", value="zzz", available=("a", "b"))
    assert str(exc) == "unknown template: 'zzz'; expected one of: a, b"
    assert exc.suggestion is None


def test_closest_suggests_only_near_names() -> None:
    assert errors.closest("thresold", ["easy", "threshold"]) == "threshold"
    assert errors.closest("xyz", ["easy", "threshold"]) is None


def test_docs_have_one_section_per_code_and_no_stale_ones() -> None:
    documented = set(re.findall(r"^## `([a-z_]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    assert documented == {cls.code for cls in _defined_classes()} | set(errors.RULE_CODES)


def test_a_finer_code_refines_the_class_code() -> None:
    exc = bp.DataError("unknown fact", value="x", code="unknown_fact")
    assert exc.code == "unknown_fact"
    assert bp.DataError.code == "data"
    assert isinstance(exc, ValueError)
