"""Body-signal triage: normal hard work, fatigue to respect, or pain and illness to act on.

`triage` takes what the runner feels and answers with a verdict, the guidance and the reasons.
It decides with the very rules the adaptation engine uses (the built-in packs, or yours),
standing on the rule language in `balg_planner.rulebook`, not on the engine: the facts of what
you report are tested against each rule, for a typical hard session, a typical easy run and a
long run today. Thresholds live in the rule files only.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> knee = bp.Pain(date=dt.date(2027, 2, 9), location="knee", score=4, swelling=True)
    >>> result = bp.triage(day=dt.date(2027, 2, 9), pain=knee)
    >>> result.verdict, result.rules[:2]
    ('act', ('pain.red_flag.refer', 'pain.red_flag.stop'))
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from balg_planner._resources import read_packaged_toml
from balg_planner.events import CheckIn, CompletedSession, Illness, Pain
from balg_planner.rulebook.conditions import evaluate, fill_message
from balg_planner.rulebook.facts import check_in_facts, illness_facts, pain_facts
from balg_planner.rulebook.packs import RuleSet, with_builtin
from balg_planner.rulebook.syntax import (
    DropAction,
    PauseAction,
    ReferAction,
    ReplaceAction,
    RestAction,
    Rule,
)
from balg_planner.rulebook.vocabulary import CATEGORIES, Facts, Source
from balg_planner.units import check_day

__all__ = ["Triage", "Verdict", "triage"]

Verdict = Literal["normal", "respect", "act", "urgent"]
"""``normal`` hard work; fatigue to ``respect`` (train gently); pain or illness to ``act`` on
(no running today, or see someone); ``urgent``: stop and get checked today (cardiac flags)."""

# A typical day's sessions to test the rules against: a hard one and an easy one.
_PROBES: Final[tuple[Facts, ...]] = (
    {
        "session.effort": "threshold", "session.peak_effort": "threshold",
        "session.kind": "threshold", "session.key": True,
        "session.hard": True, "session.running": True, "session.minutes": 60,
    },
    {
        "session.effort": "easy", "session.peak_effort": "easy",
        "session.kind": "easy", "session.key": False,
        "session.hard": False, "session.running": True, "session.minutes": 40,
    },
    {
        "session.effort": "easy", "session.peak_effort": "easy",
        "session.kind": "long", "session.key": True,
        "session.hard": True, "session.running": True, "session.minutes": 90,
    },
)  # fmt: skip


class Triage(BaseModel):
    """What triage concluded, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Verdict
    """How serious it is: ``"normal"``, ``"respect"``, ``"act"`` or ``"urgent"`` (see `Verdict`)."""
    headline: str
    """The verdict in one plain sentence."""
    guidance: tuple[str, ...]
    """What to do, in plain words; the rules' own messages come first."""
    reasons: tuple[str, ...]
    """Why: each matching rule's message."""
    rules: tuple[str, ...]
    """The ids of the rules that matched, sorted."""
    lessons: tuple[str, ...] = ()
    """Topics to learn more about (``balg-planner learn <topic>``)."""


_URGENT: Final = (PauseAction,)
"""Actions that stop everything until a professional has cleared the runner."""
_ACT: Final = (RestAction, ReplaceAction, DropAction, ReferAction)
"""Actions that keep the runner from running today, or send them to a professional."""


def _verdict(rules: Iterable[Rule]) -> Verdict:
    """The verdict matches the most urgent thing a matched rule asks for.

    A pause is urgent; rest, a replacement or a referral from a safety rule is to act on;
    anything gentler (an easier or shorter run, even from a safety rule) is to respect.
    """
    verdict: Verdict = "normal"
    for rule in rules:
        if isinstance(rule.then, _URGENT):
            return "urgent"
        if rule.severity == "safety" and isinstance(rule.then, _ACT):
            verdict = "act"
        elif verdict == "normal":
            verdict = "respect"
    return verdict


@functools.cache
def _verdicts() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = read_packaged_toml("knowledge", "triage")["verdict"]
    return data


def triage(
    *,
    day: dt.date,
    check_in: CheckIn | None = None,
    pain: Pain | None = None,
    illness: Illness | None = None,
    recent: Sequence[CompletedSession] = (),
    rules: RuleSet | None = None,
    builtin_rules: bool = True,
) -> Triage:
    """Read what the runner feels on `day` and say what it means for training.

    Args:
        day: Today.
        check_in: Sleep, stress, fatigue, soreness and resting heart rate.
        pain: Pain with its score and character.
        illness: Symptoms, temperature and how long they have lasted.
        recent: Sessions done lately, with how hard they felt (RPE).
        rules: Your rules; they add to the built-in packs.
        builtin_rules: ``False`` decides with `rules` alone (see `balg_planner.adapt.adapt`).

    Returns:
        The verdict, a headline, guidance, the reasons and the rules that matched.

    Raises:
        DataError: `day` is outside the supported dates (see `balg_planner.units.Day`).
    """
    check_day(day, "day")
    rules = with_builtin(rules, builtin=builtin_rules)
    sources: dict[Source, Facts] = {}
    if illness is not None:
        sources["illness"] = illness_facts(illness, day)
    if pain is not None:
        sources["pain"] = pain_facts(pain)
    if check_in is not None or recent:
        today = check_in if check_in is not None else CheckIn(date=day)
        sources["checkin"] = check_in_facts(today, [today], recent)
    matched: dict[str, tuple[Rule, Facts]] = {}
    for rule in rules.rules:
        source = CATEGORIES[rule.category].source
        if source is None or source not in sources:
            continue
        facts = sources[source]
        probes = [facts] if rule.advice else [facts | probe for probe in _PROBES]
        for candidate in probes:
            if evaluate(rule.when, candidate):
                matched[rule.id] = (rule, candidate)
                break
    verdict = _verdict(rule for rule, _ in matched.values())
    text = _verdicts()[verdict]
    ordered = sorted(
        matched.values(),
        key=lambda item: (item[0].severity != "safety", -item[0].priority, item[0].id),
    )
    reasons = tuple(dict.fromkeys(fill_message(rule.why, facts) for rule, facts in ordered))
    actions = tuple(dict.fromkeys(rule.title for rule, _ in ordered))
    general = text["guidance"] if isinstance(text["guidance"], list) else []
    return Triage(
        verdict=verdict,
        headline=str(text["headline"]),
        guidance=actions + tuple(str(line) for line in general),
        reasons=reasons,
        rules=tuple(sorted(matched)),
        lessons=tuple(dict.fromkeys(rule.learn for rule, _ in ordered if rule.learn)),
    )
