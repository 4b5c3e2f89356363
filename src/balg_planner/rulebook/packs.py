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

from balg_planner._caching import cached
from balg_planner._resources import data_error_from, read_text_file, read_toml
from balg_planner.errors import DataError, NotFoundError, closest
from balg_planner.rulebook.syntax import RULE_KEYS, Rule, RuleFile

__all__ = [
    "EXAMPLE_PACK",
    "MAX_RULE_BYTES",
    "MAX_RULE_FILES",
    "RuleSet",
    "default_rules",
    "load_rules",
    "parse_rules",
    "with_builtin",
]

EXAMPLE_PACK: Final = """
schema_version = 1
pack = "club"
title = "Club rules"

[[rule]]
id = "club.stress.easy"
title = "Very high stress: run easy"
category = "stress"
severity = "coaching"
when = { fact = "checkin.stress", op = "ge", value = 9 }
scope = { span = "day" }
then = { action = "cap_effort", effort = "easy" }
why = "Stress at {checkin.stress}/10 slows recovery; today stays easy."
evidence = ["Stults-Kolehmainen et al., J Strength Cond Res 2014"]
"""
"""A small, valid rule pack: one club rule, for examples and tests."""

MAX_RULE_BYTES: Final = 512 * 1024
"""Rule files larger than this are refused before parsing."""

MAX_RULE_FILES: Final = 64
"""A rules folder with more ``*.toml`` files than this is refused before any is read."""


class RuleSet(BaseModel):
    """The rules an adaptation applies, sorted by id; built-in packs and your own alike.

    Example:
        >>> rules = default_rules()
        >>> rules.rule("illness.fever.rest").severity
        'safety'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached,))

    rules: tuple[Rule, ...]
    """The rules, sorted by id; no two share an id."""
    sources: tuple[str, ...] = ()
    """Where each pack came from: its file path, or ``"<rules>"`` for text; errors name them."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with `rule_id`.

        Raises:
            NotFoundError: No such rule; suggests the nearest id.
        """
        found = self.get(rule_id)
        if found is None:
            ids = [rule.id for rule in self.rules]
            raise NotFoundError("unknown rule", value=rule_id, suggestion=closest(rule_id, ids))
        return found

    def get(self, rule_id: str) -> Rule | None:
        """The rule with `rule_id`, or None when the set has none."""
        return self._by_id.get(rule_id)

    @cached
    def _by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

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
            type, a message placeholder the rule cannot fill, or a pack without rules; the
            message names the source, the rule id and the key path, with the nearest valid
            name.

    Example:
        >>> parse_rules(EXAMPLE_PACK).ids
        ('club.stress.easy',)
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


def with_builtin(rules: RuleSet | None, *, builtin: bool = True) -> RuleSet:
    """The rules an adaptation or a triage runs: the built-in packs plus `rules`.

    Your rules add to the built-in packs, so a custom set can never switch the built-in safety
    rules off. Leaving the built-in packs out is an explicit opt-out (``builtin=False``). A set
    that already holds built-in rules unchanged (``default_rules().merge(club)``) is fine.

    Raises:
        DataError: One of your rules reuses a built-in rule's id with different content
            (``duplicate``), or ``builtin=False`` without rules.
    """
    if not builtin:
        if rules is None or not rules.rules:
            raise DataError(
                "no rules to run", hint="builtin_rules=False runs only your rules: pass rules="
            )
        return rules
    builtin_set = default_rules()
    if rules is None or rules is builtin_set:
        return builtin_set
    known = {rule.id: rule for rule in builtin_set.rules}
    extra = []
    for rule in rules.rules:
        same = known.get(rule.id)
        if same is None:
            extra.append(rule)
        elif same != rule:
            raise DataError(
                "a rule reuses a built-in rule's id",
                source=", ".join(rules.sources) or None,
                value=rule.id,
                hint="give your rule a new id; built-in rules cannot be replaced "
                "(builtin_rules=False runs only yours)",
                code="duplicate",
            )
    if not extra:
        return builtin_set
    return builtin_set.merge(RuleSet(rules=tuple(extra), sources=rules.sources))


def load_rules(path: str | Path) -> RuleSet:
    """Load rules from a TOML file or a folder of them.

    Like `tomllib.load` and `tomllib.loads`, reading a file and parsing text are two functions:
    TOML text goes to `parse_rules`.

    Only regular files are read: a device, a pipe, or a symlink that points out of the folder
    is refused, as are files over `MAX_RULE_BYTES` and folders of more than `MAX_RULE_FILES`
    rule files.

    Raises:
        DataError: A file does not validate (see `parse_rules`), is not UTF-8 text, not a
            regular file or too large; ids repeat across files; a folder holds no rule file
            or too many; or the argument is TOML text or empty.
        NotFoundError: No such file or folder.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "club.toml").write_text(EXAMPLE_PACK, encoding="utf-8")
        >>> load_rules(folder / "club.toml").ids
        ('club.stress.easy',)
    """
    text = str(path)
    if not text.strip():
        raise DataError("empty rule path", hint="give a TOML file or a folder of them")
    if isinstance(path, str) and "\n" in path:
        raise DataError(
            "load_rules reads a file or folder, not TOML text",
            value=path.strip().splitlines()[0],
            hint="use parse_rules(text) for TOML text",
        )
    where = Path(path)
    if where.is_dir():
        files = sorted(where.glob("*.toml"))
        if not files:
            raise DataError("no rule files in the folder", value=text, hint="add *.toml rule packs")
        if len(files) > MAX_RULE_FILES:
            raise DataError(
                "too many rule files in the folder",
                source=text,
                value=len(files),
                hint=f"a rules folder holds at most {MAX_RULE_FILES} files; merge some packs",
            )
        merged = RuleSet(rules=())
        for file in files:
            merged = merged.merge(_read_rule_file(file, folder=where))
        return merged
    if not where.exists() and not where.is_symlink():
        raise NotFoundError("no such rule file or folder", value=text)
    return _read_rule_file(where)


def _read_rule_file(path: Path, *, folder: Path | None = None) -> RuleSet:
    text = read_text_file(path, what="rule file", limit=MAX_RULE_BYTES, folder=folder)
    return parse_rules(text, source=str(path))
