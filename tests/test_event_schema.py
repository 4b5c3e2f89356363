"""The events parser and ``events.schema.json`` say the same thing about the same JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

import balg_planner as bp

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "docs/reference/schemas/events.schema.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())

VALID: list[dict[str, Any]] = [
    {"type": "check_in", "date": "2027-02-01", "sleep_hours": 7.5, "stress": 4, "fatigue": 3},
    {"type": "illness", "start": "2027-02-01", "end": "2027-02-04", "symptoms": ["fever"]},
    {"type": "pain", "date": "2027-02-01", "location": "left knee", "score": 3, "sharp": False},
    {"type": "time_limit", "date": "2027-02-01", "minutes": 30},
    {"type": "missed", "date": "2027-02-01"},
    {"type": "completed", "date": "2027-02-01", "minutes": 40, "rpe": 4, "distance": 8000},
    {"type": "break", "start": "2027-02-01", "end": "2027-02-03", "cross_trained": True},
    {"type": "race_date_change", "new_date": "2027-05-01", "date": "2027-02-01"},
    {"type": "time_trial", "date": "2027-02-01", "distance": "5k", "time": "PT21M30S"},
    {"type": "resume", "date": "2027-02-01", "cleared_by": "a doctor", "pain_free_days": 5},
]
EDGES: list[Any] = [
    None, True, False, 0, 1, 3, 3.0, 3.5, -1, 10, 11, 600, 601, 1e6, 1700000000, "", "3",
    "true", "2027-02-01", "2027-02-30", "1899-12-31", "2200-01-01", "2027-02-01T00:00:00",
    "20270201", "fever", "easy", [], ["fever"], ["fever", "fever"], {}, {"easy": 3},
]  # fmt: skip
# What a schema cannot say: an end before its start, an illness with nothing to show for it,
# and the free-text forms of durations and distances, which the parser reads more narrowly.
CROSS_FIELD = ("before start", "an illness needs")
TEXT_FORMS = {"time", "distance"}


def _schema_accepts(document: object) -> bool:
    return VALIDATOR.is_valid(document)


def _parser_verdict(document: object) -> bp.DataError | None:
    try:
        bp.parse_events(json.dumps(document))
    except bp.DataError as error:
        return error
    return None


def _agree(document: list[dict[str, Any]], field: str, value: object) -> None:
    schema_ok = _schema_accepts(document)
    error = _parser_verdict(document)
    if schema_ok and error is not None:
        narrower = field in TEXT_FORMS and isinstance(value, str)
        assert narrower or any(part in error.what for part in CROSS_FIELD), (document, error)
    else:
        assert schema_ok == (error is None), (document, error)


def test_every_valid_example_passes_both() -> None:
    assert _schema_accepts(VALID)
    assert _parser_verdict(VALID) is None


@pytest.mark.parametrize("event", VALID, ids=lambda event: event["type"])
@pytest.mark.parametrize("value", EDGES, ids=repr)
def test_each_field_set_to_an_edge_value_is_judged_alike(
    event: dict[str, Any], value: object
) -> None:
    """Invariant: the schema and the parser accept and refuse the same events."""
    for field in [*event, "unknown"]:
        if field != "type":
            _agree([{**event, field: value}], field, value)


@given(
    st.sampled_from(VALID),
    st.sampled_from(["date", "start", "end", "score", "minutes", "stress", "symptoms", "rpe"]),
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=12)
        | st.floats(allow_nan=False, allow_infinity=False) | st.dates().map(str),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    ),
)  # fmt: skip
def test_generated_events_are_judged_alike(
    event: dict[str, Any], field: str, value: object
) -> None:
    """Invariant: the schema and the parser accept and refuse the same events."""
    _agree([{**event, field: value}], field, value)


@pytest.mark.parametrize(
    "text",
    [
        '[{"type": "missed", "date": "2027-02-01", "date": "2027-02-02"}]',
        '[{"type": "check_in", "date": "2027-02-01", "sleep_hours": NaN}]',
        '[{"type": "check_in", "date": "2027-02-01", "sleep_hours": Infinity}]',
        '[{"type": "check_in", "date": 1790000000}]',
        '[{"type": "check_in", "date": "2027-02-01", "stress": true}]',
    ],
)
def test_what_json_itself_leaves_open_is_refused(text: str) -> None:
    """Duplicate keys, NaN, timestamps and booleans as numbers: never silently read."""
    with pytest.raises(bp.DataError) as caught:
        bp.parse_events(text, source="events.json")
    assert caught.value.source == "events.json"
