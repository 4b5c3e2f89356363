"""Rule packs: parse, load and merge them; the built-in packs, read once on first use.

A pack is one TOML file of ``[[rule]]`` tables (`balg_planner.rulebook.syntax.RuleFile`), read
with `tomllib` and validated against the vocabulary; nothing in it is executed. A `RuleSet` is
what the engine and triage run: rules sorted by id, from one pack or many.

Example:
    >>> from balg_planner.rulebook.packs import default_rules
    >>> default_rules().rule("illness.fever.rest").severity
    'safety'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, ValidationError

from balg_planner._resources import data_error_from, read_toml
from balg_planner.errors import DataError, NotFoundError, closest
from balg_planner.rulebook.syntax import RULE_KEYS, Rule, RuleFile

__all__ = ["MAX_RULE_BYTES", "RuleSet", "default_rules", "load_rules", "parse_rules"]

MAX_RULE_BYTES: Final = 512 * 1024
"""Rule files larger than this are refused before parsing."""


class RuleSet(BaseModel):
    """The rules an adaptation applies, sorted by id; built-in packs and your own alike.

    Example:
        >>> rules = default_rules()
        >>> rules.rule("illness.fever.rest").severity
        'safety'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: tuple[Rule, ...]
    sources: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        """The rule with `rule_id`.

        Raises:
            NotFoundError: No such rule; suggests the nearest id.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        ids = [rule.id for rule in self.rules]
        raise NotFoundError("unknown rule", value=rule_id, suggestion=closest(rule_id, ids))

    @property
    def ids(self) -> tuple[str, ...]:
        """Every rule id, sorted."""
        return tuple(rule.id for rule in self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def merge(self, other: RuleSet) -> RuleSet:
        """Both sets together.

        Raises:
            DataError: The same rule id appears in both.
        """
        clash = sorted(set(self.ids) & set(other.ids))
        if clash:
            raise DataError(
                "duplicate rule id",
                source=", ".join(other.sources),
                value=clash[0],
                hint="give your rule a new id, or leave the built-in rules out",
                code="duplicate",
            )
        rules = tuple(sorted((*self.rules, *other.rules), key=lambda rule: rule.id))
        return RuleSet(rules=rules, sources=(*self.sources, *other.sources))


def _rule_error(exc: ValidationError, source: str, document: dict[str, Any]) -> DataError:
    error = data_error_from(exc, source=source, known_keys=RULE_KEYS)
    loc = list(error.loc)
    # Name a rule by its id, not its position, when the file gives one.
    if len(loc) >= 2 and loc[0] == "rule" and isinstance(loc[1], int):
        rules = document.get("rule", [])
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("id")
            if isinstance(rule_id, str):
                loc[1] = rule_id
    return DataError(
        error.what,
        source=error.source,
        loc=loc,
        suggestion=error.suggestion,
        available=error.available,
        hint=error.hint,
        code=error.code,
        **({"value": error.value} if error.value is not None else {}),
    )


def parse_rules(text: str, *, source: str = "<rules>") -> RuleSet:
    """Parse and validate one rule file's TOML text.

    Raises:
        DataError: Bad TOML, an unknown key, fact, operator or action, a value of the wrong
            type, or a message placeholder the rule cannot fill; the message names the source,
            the rule id and the key path, with the nearest valid name.
    """
    document = read_toml(text, source=source, limit=MAX_RULE_BYTES, what="rule file")
    try:
        pack = RuleFile.model_validate(document)
    except ValidationError as exc:
        raise _rule_error(exc, source, document) from None
    return RuleSet(rules=tuple(sorted(pack.rule, key=lambda rule: rule.id)), sources=(source,))


@functools.cache
def default_rules() -> RuleSet:
    """The built-in rule packs.

    Illness, pain, fatigue and stress, time limits, missed sessions, breaks, load and race.
    """
    folder = resources.files("balg_planner").joinpath("rules")
    merged = RuleSet(rules=())
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            source = f"balg_planner/rules/{entry.name}"
            merged = merged.merge(parse_rules(entry.read_text(encoding="utf-8"), source=source))
    return merged


def load_rules(path_or_text: str | Path) -> RuleSet:
    """Load rules from a TOML file, a folder of them, or TOML text.

    Raises:
        DataError: A file does not validate (see `parse_rules`), or ids repeat across files.
        NotFoundError: A `Path` that does not exist.

    Example:
        >>> custom = load_rules('''
        ... schema_version = 1
        ... pack = "club"
        ... title = "Club rules"
        ... [[rule]]
        ... id = "club.stress.easy"
        ... title = "Very high stress: run easy"
        ... category = "stress"
        ... severity = "coaching"
        ... when = { fact = "checkin.stress", op = "ge", value = 9 }
        ... scope = { span = "day" }
        ... then = { action = "cap_effort", effort = "easy" }
        ... why = "Stress at {checkin.stress}/10 slows recovery; today stays easy."
        ... evidence = ["Stults-Kolehmainen et al., J Strength Cond Res 2014"]
        ... ''')
        >>> custom.ids
        ('club.stress.easy',)
    """
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "=" in path_or_text):
        return parse_rules(path_or_text)
    path = Path(path_or_text)
    if path.is_dir():
        merged = RuleSet(rules=())
        for file in sorted(path.glob("*.toml")):
            merged = merged.merge(_read_rule_file(file))
        return merged
    if path.is_file():
        return _read_rule_file(path)
    raise NotFoundError("no such rule file or folder", value=str(path_or_text))


def _read_rule_file(path: Path) -> RuleSet:
    if path.stat().st_size > MAX_RULE_BYTES:
        raise DataError(
            "rule file too large",
            source=str(path),
            hint=f"rule files are at most {MAX_RULE_BYTES // 1024} KiB",
        )
    return parse_rules(path.read_text(encoding="utf-8"), source=str(path))
