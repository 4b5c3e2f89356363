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
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, ValidationError

from balg_planner._resources import data_error_from
from balg_planner.athlete import Level
from balg_planner.errors import DataError, NotFoundError, closest
from balg_planner.schema import RULE_KEYS, TEMPLATE_KEYS, Rule, RuleFile, TemplateFile
from balg_planner.units import RaceDistance

__all__ = [
    "MAX_RULE_BYTES",
    "MAX_TEMPLATE_BYTES",
    "RuleSet",
    "default_rules",
    "find_template",
    "load_rules",
    "load_template",
    "parse_rules",
    "parse_template",
    "template_ids",
    "templates",
]

MAX_TEMPLATE_BYTES: Final = 256 * 1024
"""Template files larger than this are refused before parsing."""


def _read_toml(text: str, source: str, limit: int, what: str) -> dict[str, Any]:
    """Parse TOML text after refusing anything over `limit` bytes."""
    if len(text.encode("utf-8", errors="replace")) > limit:
        raise DataError(
            f"{what} too large", source=source, hint=f"{what}s are at most {limit // 1024} KiB"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError("invalid TOML", source=source, value=str(exc)) from None


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
    document = _read_toml(text, source, MAX_TEMPLATE_BYTES, "template")
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
        DataError: The file does not validate.

    Example:
        >>> load_template("5k-beginner").distance.value
        '5k'
    """
    if isinstance(name, str) and name in template_ids():
        return _packaged(name)
    path = Path(name)
    if path.suffix == ".toml" and path.is_file():
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise DataError(
                "template file too large",
                source=str(path),
                hint=f"templates are at most {MAX_TEMPLATE_BYTES // 1024} KiB",
            )
        return parse_template(path.read_text(encoding="utf-8"), source=str(path), stem=path.stem)
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


# --- rules -------------------------------------------------------------------------------

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
    document = _read_toml(text, source, MAX_RULE_BYTES, "rule file")
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
