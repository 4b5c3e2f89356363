"""Triage cases from domain-science §2.2-2.3: each asserts the verdict and the reason."""

from __future__ import annotations

import datetime as dt

import balg_planner as bp

DAY = dt.date(2027, 2, 9)


def test_red_flag_pain_is_to_act_on() -> None:
    result = bp.triage(day=DAY, pain=bp.Pain(date=DAY, location="knee", score=4, swelling=True))
    assert result.verdict == "act"
    assert "pain.red_flag.stop" in result.rules
    assert "pain.red_flag.refer" in result.rules
    assert any("swelling" in reason for reason in result.reasons)
    assert "pain-signals" in result.lessons


def test_suspected_bone_stress_is_to_act_on() -> None:
    result = bp.triage(
        day=DAY, pain=bp.Pain(date=DAY, location="shin", score=3, bone_tenderness=True)
    )
    assert result.verdict == "act"
    assert "pain.bone_stress.no_impact" in result.rules


def test_mild_stable_pain_is_to_respect_with_easy_running() -> None:
    result = bp.triage(
        day=DAY, pain=bp.Pain(date=DAY, location="achilles", score=2, settles_by_morning=True)
    )
    assert result.verdict == "respect"
    assert result.rules == ("pain.mild.easy",)
    assert any("easy" in line for line in result.guidance)


def test_doms_after_a_race_is_normal_hard_work() -> None:
    result = bp.triage(day=DAY, check_in=bp.CheckIn(date=DAY, soreness=6, sleep_hours=7.5))
    assert result.verdict == "normal"
    assert result.rules == ()
    assert any("soreness" in line.lower() for line in result.guidance)


def test_accumulating_fatigue_is_to_respect() -> None:
    check_ins = bp.CheckIn(date=DAY, sleep_hours=5.5, resting_hr_delta=8, fatigue=8)
    result = bp.triage(day=DAY, check_in=check_ins)
    assert result.verdict == "respect"
    assert "fatigue.accumulated.easy" in result.rules
    assert any("resting heart rate" in reason for reason in result.reasons)


def test_hard_feeling_recent_sessions_are_to_respect() -> None:
    recent = [
        bp.CompletedSession(date=DAY - dt.timedelta(days=d), minutes=45, rpe=8.5) for d in (1, 2, 3)
    ]
    result = bp.triage(day=DAY, recent=recent)
    assert result.verdict == "respect"
    assert result.rules == ("fatigue.hard_sessions.easy",)


def test_fever_is_to_act_on_with_rest() -> None:
    result = bp.triage(day=DAY, illness=bp.Illness(start=DAY, temperature_c=38.6))
    assert result.verdict == "act"
    assert "illness.fever.rest" in result.rules
    assert "rest-when-ill" in result.lessons


def test_a_head_cold_gets_the_neck_check() -> None:
    result = bp.triage(day=DAY, illness=bp.Illness(start=DAY, symptoms={"runny_nose"}))
    assert set(result.rules) == {"illness.above_neck.cap", "illness.above_neck.easy"}
    assert result.verdict == "respect"  # easy running is fine: respect, not act


def test_chest_pain_means_see_a_doctor() -> None:
    result = bp.triage(day=DAY, illness=bp.Illness(start=DAY, symptoms={"chest_pain"}))
    assert result.verdict == "urgent"
    assert result.headline == "Stop and get checked today."
    assert {"illness.cardiac.pause", "illness.cardiac.refer"} <= set(result.rules)


def test_nothing_reported_is_normal() -> None:
    assert bp.triage(day=DAY).verdict == "normal"


def test_triage_uses_the_rules_it_is_given() -> None:
    """One source of truth: with no pain rules (an explicit opt-out), pain triggers nothing."""
    no_pain = bp.RuleSet(rules=tuple(r for r in bp.default_rules().rules if r.category != "pain"))
    result = bp.triage(
        day=DAY,
        pain=bp.Pain(date=DAY, location="knee", score=9, sharp=True),
        rules=no_pain,
        builtin_rules=False,
    )
    assert result.verdict == "normal"


def test_fainting_is_a_cardiac_red_flag() -> None:
    result = bp.triage(day=DAY, illness=bp.Illness(start=DAY, symptoms={"fainting"}))
    assert result.verdict == "urgent"
    assert "illness.cardiac.refer" in result.rules


def test_pain_not_yet_known_to_settle_is_not_waved_through() -> None:
    """Reproduction 4: 5/10 knee pain, next morning unknown, is to act on, not normal."""
    result = bp.triage(day=DAY, pain=bp.Pain(date=DAY, location="knee", score=5))
    assert result.verdict == "act"
    assert "pain.high.reduce" in result.rules


def test_severe_pain_is_referred() -> None:
    result = bp.triage(day=DAY, pain=bp.Pain(date=DAY, location="knee", score=8))
    assert result.verdict == "act"
    assert {"pain.severe.stop", "pain.severe.refer"} <= set(result.rules)


def test_headlines_match_urgency() -> None:
    cold = bp.triage(day=DAY, illness=bp.Illness(start=DAY, symptoms={"runny_nose"}))
    heart = bp.triage(day=DAY, illness=bp.Illness(start=DAY, symptoms={"palpitations"}))
    assert cold.headline != heart.headline
    assert (cold.verdict, heart.verdict) == ("respect", "urgent")
