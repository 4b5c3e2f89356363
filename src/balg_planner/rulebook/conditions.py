"""Conditions at work: evaluate one against facts, fill a rule's message, say a rule in words.

Nothing here evaluates text: a condition is a tree of `Test`, `AllOf`, `AnyOf` and `NotOf`
models, and a message placeholder is looked up in the facts by name.

Example:
    >>> from balg_planner.rulebook.syntax import Test
    >>> fever = Test(fact="illness.fever", op="eq", value=True)
    >>> evaluate(fever, {"illness.fever": True}), evaluate(fever, {})
    (True, False)
    >>> fill_message("A temperature of {illness.temperature} °C.", {"illness.temperature": 38.5})
    'A temperature of 38.5 °C.'
    >>> describe_condition(fever)
    'illness.fever is true'
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal, TypeVar, cast

from balg_planner.effort import Effort
from balg_planner.rulebook.syntax import AllOf, AnyOf, Condition, NotOf, Rule, Scope, Test
from balg_planner.rulebook.vocabulary import FACTS, PLACEHOLDER, FactValue
from balg_planner.workout import WorkoutKind

__all__ = [
    "could_hold",
    "describe_condition",
    "describe_rule",
    "describe_scope",
    "evaluate",
    "fill_message",
    "predicate",
]


def _compare(fact_value: FactValue, op: str, value: object, *, effort: bool = False) -> bool:
    if isinstance(value, tuple):
        contained = any(_compare(fact_value, "eq", item, effort=effort) for item in value)
        return contained if op == "in" else not contained
    left: object = fact_value
    right: object = value
    if effort:  # effort levels compare by intensity, not alphabetically
        left, right = Effort(str(fact_value)).rank, Effort(str(value)).rank
    match op:
        case "eq":
            return left == right
        case "ne":
            return left != right
        case "lt":
            return bool(left < right)  # type: ignore[operator]  # same-typed by validation
        case "le":
            return bool(left <= right)  # type: ignore[operator]
        case "gt":
            return bool(left > right)  # type: ignore[operator]
        case _:
            return bool(left >= right)  # type: ignore[operator]


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> bool:
    """Whether a rule's condition holds for `facts`; a test of an unknown fact is false."""
    return _predicate(condition)(facts)


def predicate(condition: Condition) -> Callable[[Mapping[str, FactValue]], bool]:
    """`evaluate` for one condition, as a function of the facts, built once and kept."""
    return _predicate(condition)


_Predicate = Callable[[Mapping[str, FactValue]], bool]
T = TypeVar("T")
_PLAIN_OPS: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
_BUILT: dict[tuple[str, int, frozenset[str]], tuple[Condition, Callable[..., Any]]] = {}
"""Each condition's built function by its kind, the condition's id and the later sources; the
condition is kept alongside so that its id cannot be reused while the entry stands."""
_MAX_BUILT: Final = 8192
_NONE: Final[frozenset[str]] = frozenset()


def _once(
    kind: str,
    condition: Condition,
    later: frozenset[str],
    build: Callable[[Condition, frozenset[str]], T],
) -> T:
    """`build(condition, later)`, made once and kept.

    The engine asks thousands of times per adaptation; walking the tree each time cost more
    than the answer.
    """
    key = (kind, id(condition), later)
    entry = _BUILT.get(key)
    if entry is not None and entry[0] is condition:
        return cast(T, entry[1])
    if len(_BUILT) >= _MAX_BUILT:
        _BUILT.clear()  # many rule sets come and go (tests, generated rules)
    built = build(condition, later)
    _BUILT[key] = (condition, cast(Callable[..., Any], built))
    return built


def _predicate(condition: Condition) -> _Predicate:
    """`condition` as a function of the facts, built once per condition."""
    return _once("evaluate", condition, _NONE, _build)


def _build(condition: Condition, _later: frozenset[str] = _NONE) -> _Predicate:
    match condition:
        case Test():
            return _build_test(condition)
        case AllOf():
            plain = _plain_tests(condition.all)
            if plain is not None:
                return _all_plain(plain)
            parts = tuple(_predicate(item) for item in condition.all)
            return lambda facts: all(part(facts) for part in parts)
        case AnyOf():
            parts = tuple(_predicate(item) for item in condition.any)
            return lambda facts: any(part(facts) for part in parts)
        case NotOf():
            inner = _predicate(condition.not_)
            return lambda facts: not inner(facts)
    return lambda facts: False  # pragma: no cover - the union is closed


_PlainTest = tuple[str, Callable[[Any, Any], Any], object]


def _plain_tests(conditions: Sequence[Condition]) -> tuple[_PlainTest, ...] | None:
    """``(fact, operator, value)`` of each test, or None unless all are plain comparisons."""
    plain: list[_PlainTest] = []
    for condition in conditions:
        if not isinstance(condition, Test) or not _is_plain(condition):
            return None
        plain.append((condition.fact, _PLAIN_OPS[condition.op], condition.value))
    return tuple(plain)


def _is_plain(test: Test) -> bool:
    """A comparison of the fact's value as it is (not an effort's rank, not a list)."""
    plain = test.op in _PLAIN_OPS and not isinstance(test.value, tuple)
    return plain and FACTS[test.fact].type != "effort"


def _all_plain(tests: tuple[_PlainTest, ...]) -> _Predicate:
    """Every plain test at once: the engine's most common condition, in one loop."""

    def all_of(facts: Mapping[str, FactValue]) -> bool:
        get = facts.get
        for fact, compare, value in tests:
            found = get(fact)
            if found is None or not compare(found, value):
                return False
        return True

    return all_of


def _build_test(test: Test) -> _Predicate:
    fact, op, value = test.fact, test.op, test.value
    plain = _PLAIN_OPS.get(op)
    if plain is None or not _is_plain(test):
        effort = FACTS[fact].type == "effort"

        def general(facts: Mapping[str, FactValue]) -> bool:
            found = facts.get(fact)
            return found is not None and _compare(found, op, value, effort=effort)

        return general

    def compare(facts: Mapping[str, FactValue]) -> bool:
        found = facts.get(fact)
        return found is not None and bool(plain(found, value))

    return compare


def could_hold(condition: Condition, facts: Mapping[str, FactValue], later: frozenset[str]) -> bool:
    """Whether `condition` may hold once the facts of the `later` sources are known too.

    False only when `facts` alone already rule it out, whatever the later facts say: the
    engine tests this with an event's facts before it looks at the days a rule covers.

    Example:
        >>> from balg_planner.rulebook.syntax import AllOf, Test
        >>> hard = AllOf.model_validate({"all": [
        ...     {"fact": "checkin.stress", "op": "ge", "value": 8},
        ...     {"fact": "session.hard", "op": "eq", "value": True}]})
        >>> could_hold(hard, {"checkin.stress": 4}, frozenset({"session"}))
        False
        >>> could_hold(hard, {"checkin.stress": 9}, frozenset({"session"}))
        True
    """
    return _partial_predicate(condition, later)(facts) is not False


_Partial = Callable[[Mapping[str, FactValue]], "bool | None"]


def _partial_predicate(condition: Condition, later: frozenset[str]) -> _Partial:
    """The three-valued `evaluate` of `condition`, built once per set of later sources."""
    return _once("partial", condition, later, _build_partial)


def _build_partial(condition: Condition, later: frozenset[str]) -> _Partial:
    """Three-valued `evaluate` as a function of the facts.

    None when the answer depends on facts from `later` sources.
    """
    match condition:
        case Test():
            if condition.fact.split(".", 1)[0] in later:
                return lambda facts: None
            return _predicate(condition)
        case AllOf():
            every = tuple(_partial_predicate(item, later) for item in condition.all)

            def all_of(facts: Mapping[str, FactValue]) -> bool | None:
                answers = [part(facts) for part in every]
                if False in answers:
                    return False
                return None if None in answers else True

            return all_of
        case AnyOf():
            some = tuple(_partial_predicate(item, later) for item in condition.any)

            def any_of(facts: Mapping[str, FactValue]) -> bool | None:
                answers = [part(facts) for part in some]
                if True in answers:
                    return True
                return None if None in answers else False

            return any_of
        case NotOf():
            inner = _partial_predicate(condition.not_, later)

            def not_of(facts: Mapping[str, FactValue]) -> bool | None:
                answer = inner(facts)
                return None if answer is None else not answer

            return not_of
    return lambda facts: None  # pragma: no cover - the union is closed


_KINDS: Final = frozenset(kind.value for kind in WorkoutKind)


def fill_message(template: str, facts: Mapping[str, FactValue]) -> str:
    """Fill a rule's ``{fact.name}`` placeholders from `facts`; nothing is evaluated.

    An unknown value shows as ``?``; true and false as yes and no; numbers without trailing
    zeros; a workout kind in words (``marathon-pace``, never the value ``marathon_pace``).
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = facts.get(name)
        if found is None:
            return "?"
        if isinstance(found, bool):
            return "yes" if found else "no"
        if isinstance(found, float):
            return f"{found:.1f}".rstrip("0").rstrip(".")
        fact = FACTS.get(name)
        if fact is not None and fact.type == "kind" and found in _KINDS:
            return WorkoutKind(found).label
        return str(found)

    return PLACEHOLDER.sub(value, template)


_OPS: Final = {
    "eq": "is",
    "ne": "is not",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "in",
    "not_in": "not in",
}


def describe_condition(condition: Condition) -> str:
    """A rule's condition in words: ``illness.fever is true or illness.systemic is true``."""
    match condition:
        case Test():
            value = condition.value
            shown = (
                "[" + ", ".join(map(_word, value)) + "]"
                if isinstance(value, tuple)
                else _word(value)
            )
            return f"{condition.fact} {_OPS[condition.op]} {shown}"
        case AllOf():
            return " and ".join(_grouped(item) for item in condition.all)
        case AnyOf():
            return " or ".join(_grouped(item) for item in condition.any)
        case NotOf():
            return f"not {_grouped(condition.not_)}"
    return ""  # pragma: no cover - the union is closed


_SPANS: Final = {
    "day": "the event's day",
    "event": "every day of the event",
    "after": "the days after the event ends",
    "from": "from the event until you resume (or report it again)",
    "plan": "every session from today",
    "none": "no sessions (advice only)",
}


def describe_scope(scope: Scope) -> str:
    """The sessions a rule touches, in words: ``the event's day, for 2 day(s)``."""
    span = _SPANS[scope.span]
    if scope.offset:
        span += f", skipping the first {scope.offset} day(s)"
    if scope.days is not None:
        span += f", for {scope.days} day(s)"
    return span


def _grouped(condition: Condition) -> str:
    text = describe_condition(condition)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def _word(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def describe_rule(rule: Rule, *, fmt: Literal["text", "md"] = "text") -> str:
    """One rule explained: what it is for, when it applies, what it does and the evidence.

    Example:
        >>> from balg_planner.rulebook.packs import default_rules
        >>> print(describe_rule(default_rules().rule("illness.fever.rest")).splitlines()[2])
        When: illness.fever is true or illness.systemic is true
    """
    action = rule.then.model_dump(exclude_defaults=True)
    lines = [
        f"{rule.id} · {rule.title}",
        f"{rule.severity} · {rule.category} · priority {rule.priority}",
        f"When: {describe_condition(rule.when)}",
        f"Touches: {describe_scope(rule.scope)}",
        "Does: " + ", ".join(f"{key} = {_word(value)}" for key, value in action.items()),
        f"Why: {rule.why}",
        *(f"Evidence: {item}" for item in rule.evidence),
    ]
    if fmt == "md":
        return f"### `{rule.id}`\n\n**{rule.title}**\n\n" + "\n".join(
            f"- {line}" for line in lines[1:]
        )
    return "\n".join(lines)
