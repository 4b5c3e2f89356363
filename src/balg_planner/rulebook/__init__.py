"""The rule language: how adaptation rules are written, read, tested and applied.

The rule packs themselves are data (``balg_planner/rules/*.toml``); this package is the code
that gives them meaning, one concept a module:

* `vocabulary`: the facts rules can test, the categories of rules, the operators;
* `syntax`: conditions, scopes, actions, `Rule` and the rule file;
* `facts`: what an event, a session or recent load says, as facts;
* `conditions`: evaluate a condition, fill a message, describe a condition;
* `actions`: what an action makes of a session;
* `packs`: `RuleSet`, and parsing, loading and the built-in packs.

The adaptation engine (`balg_planner.adapt`) and body-signal triage (`balg_planner.triage`)
both stand on this package and never on each other.

Example:
    >>> from balg_planner.rulebook import default_rules, evaluate
    >>> rule = default_rules().rule("illness.fever.rest")
    >>> evaluate(rule.when, {"illness.fever": True})
    True
"""

from balg_planner.rulebook.conditions import (
    describe_condition,
    describe_rule,
    describe_scope,
    evaluate,
    fill_message,
)
from balg_planner.rulebook.packs import RuleSet, default_rules, load_rules, parse_rules
from balg_planner.rulebook.syntax import Action, Condition, Rule, RuleFile, Scope
from balg_planner.rulebook.vocabulary import CATEGORIES, FACTS, Fact, Facts

__all__ = [
    "CATEGORIES",
    "FACTS",
    "Action",
    "Condition",
    "Fact",
    "Facts",
    "Rule",
    "RuleFile",
    "RuleSet",
    "Scope",
    "default_rules",
    "describe_condition",
    "describe_rule",
    "describe_scope",
    "evaluate",
    "fill_message",
    "load_rules",
    "parse_rules",
]
