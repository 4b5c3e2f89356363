"""Errors and warnings raised by balg_planner.

Every error is a `BalgError` with a stable `code` (shown in quotes), and each also
subclasses the builtin exception that callers already catch::

    BalgError                       "balg"
    ├── DataError (ValueError)      "data"         bad input: a value, a string, a file
    │                                               (rule files refine it: see RULE_CODES)
    ├── NotFoundError (LookupError) "not_found"    a named template, rule or topic is unknown
    ├── SchedulingError             "scheduling"   the sessions cannot be placed on the week
    ├── AdaptationError             "adaptation"   events cannot be applied to the plan
    └── MissingExtraError (ImportError) "missing_extra"  an optional extra is not installed

    BalgWarning (UserWarning)       "balg_warning"
    └── QuestionableInputWarning    "questionable_input"   legal, but probably not what you meant
        └── ReadinessWarning        "readiness"            the plan cannot build what the race needs

A rule file that breaks the rule language raises a `DataError` whose `code` names the exact
problem (``unknown_fact``, ``fact_op``, ...; see `RULE_CODES`), so code can tell a misspelt
fact from a wrong operator without reading the message.

Messages follow one form, ``<where>: <what is wrong>: <value>[; did you mean X?][; <what to do>]``,
and the parts are also kept as attributes (`source`, `loc`, `value`, `suggestion`,
`available`, `hint`) so code can act on them without parsing text. Tests assert on `code` and
the attributes; the wording may improve between releases.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable, Sequence
from enum import StrEnum
from types import ModuleType
from typing import Final, TypeVar

__all__ = [
    "RULE_CODES",
    "AdaptationError",
    "BalgError",
    "BalgWarning",
    "DataError",
    "MissingExtraError",
    "NotFoundError",
    "QuestionableInputWarning",
    "ReadinessWarning",
    "SchedulingError",
    "closest",
    "install_hint",
    "parse_choice",
    "require_extra",
]


class _Unset:
    """Marks an error that carries no offending value."""

    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Final = _Unset()

RULE_CODES: Final[dict[str, str]] = {
    "unknown_fact": "a rule names a fact the vocabulary does not have",
    "fact_op": "a test uses an operator its fact's type does not support",
    "fact_value": "a test compares a fact with a value of the wrong type",
    "fact_source": "a rule reads a fact its category cannot see",
    "condition": "a condition is none of fact, all, any or not",
    "scope": "a scope that cannot be resolved to days",
    "action": "an action whose options contradict each other",
    "duplicate": "a rule id appears twice",
    "empty_pack": "a rule pack without any rule",
}
"""The codes that refine `DataError` for rule files, with what each means."""


def closest(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """Return the option nearest to `word`, or None when nothing is close.

    Used for "did you mean" suggestions on misspelt names.

    Example:
        >>> closest("thresold", ["easy", "threshold", "interval"])
        'threshold'
    """
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return matches[0] if matches else None


EnumT = TypeVar("EnumT", bound=StrEnum)


def parse_choice(kind: type[EnumT], value: object, what: str) -> EnumT:
    """Return `value` as a member of the string enum `kind`, by its value.

    Raises:
            DataError: Not one of the values; the message suggests the nearest and lists them all.

    Example:
            >>> from enum import StrEnum
            >>> class Colour(StrEnum):
            ...     RED = "red"
            >>> parse_choice(Colour, "red", "colour")
            <Colour.RED: 'red'>
    """
    if type(value) is kind:
        return value
    try:
        return kind(str(value))
    except ValueError:
        names = [member.value for member in kind]
        raise DataError(
            f"unknown {what}",
            value=value,
            suggestion=closest(str(value).lower(), names),
            available=names,
        ) from None


class BalgError(Exception):
    """Base of every error balg_planner raises on purpose.

    Args:
        what: What is wrong, lowercase, no full stop (``"unknown fact"``).
        source: The file or input the problem is in (``"rules/custom.toml"``), if any.
        loc: The path to the bad value inside the source (``("rule", "x", "when", "fact")``).
        value: The offending value, shown with `repr`.
        suggestion: The nearest valid value, shown as "did you mean".
        available: The valid values, when the list is short enough to help.
        hint: What to change, in plain words.
        code: A finer code than the class's own (one of `RULE_CODES` for a `DataError`).
    """

    code: str = "balg"
    """The stable code of the error; the class's own unless a finer one was given."""

    def __init__(
        self,
        what: str,
        *,
        source: str | None = None,
        loc: Sequence[str | int] = (),
        value: object = _UNSET,
        suggestion: str | None = None,
        available: Sequence[str] = (),
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        self.what = what
        self.source = source
        self.loc = tuple(loc)
        self.value = None if value is _UNSET else value
        self.suggestion = suggestion
        self.available = tuple(available)
        self.hint = hint
        super().__init__(self._compose(value))

    @property
    def where(self) -> str:
        """The source and location joined, e.g. ``rules/custom.toml: rule.x.when.fact``."""
        path = ".".join(str(part) for part in self.loc)
        return ": ".join(part for part in (self.source, path) if part)

    def _compose(self, value: object) -> str:
        message = f"{self.where}: {self.what}" if self.where else self.what
        if value is not _UNSET:
            message += f": {value!r}"
        if self.suggestion is not None:
            message += f"; did you mean {self.suggestion!r}?"
        elif self.available:
            message += f"; expected one of: {', '.join(self.available)}"
        if self.hint:
            message += f"; {self.hint}"
        return message


class DataError(BalgError, ValueError):
    """Input that cannot be used: a malformed string, a value out of range, a broken file."""

    code: str = "data"


class NotFoundError(BalgError, LookupError):
    """A named thing (template, rule, topic, weekday) that does not exist."""

    code: str = "not_found"


class SchedulingError(BalgError):
    """The sessions of a week cannot be placed on the athlete's available days."""

    code: str = "scheduling"


class AdaptationError(BalgError):
    """Events that cannot be applied to a plan (e.g. dates outside it)."""

    code: str = "adaptation"


class MissingExtraError(BalgError, ImportError):
    """An optional extra (``ics``, ``dataframe``, ``plot``) is needed; the hint says which."""

    code: str = "missing_extra"


def install_hint(extra: str) -> str:
    """How to install an optional extra, from a package index or from a clone.

    Example:
        >>> "'.[plot]'" in install_hint("plot")
        True
    """
    return (
        f"install it with: python3 -m pip install 'balg-planner[{extra}]' "
        f"(in a clone of the repository: python3 -m pip install '.[{extra}]')"
    )


def require_extra(module: str, extra: str) -> ModuleType:
    """Import an optional package, or raise `MissingExtraError` naming the extra to install.

    Example:
        >>> require_extra("json", "none").__name__
        'json'
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise MissingExtraError(
            f"this needs the {extra!r} extra",
            value=module,
            hint=install_hint(extra),
        ) from None


class BalgWarning(UserWarning):
    """Base of every warning balg_planner emits."""

    code: str = "balg_warning"


class QuestionableInputWarning(BalgWarning):
    """Input that is legal but probably not what was meant; the result is still sound."""

    code: str = "questionable_input"


class ReadinessWarning(QuestionableInputWarning):
    """The runner's week or runway cannot build what the race needs; the plan says what would.

    The plan is still the best safe plan for the given week; ``plan.readiness`` and
    ``plan.notes`` carry the numbers and the fixes.
    """

    code: str = "readiness"
