from pathlib import Path

import pytest

import balg_planner as bp
from balg_planner.rulebook.conditions import describe_condition
from balg_planner.rulebook.packs import with_builtin
from balg_planner.rulebook.vocabulary import FACTS

GOOD = """
schema_version = 1
pack = "club"
title = "Club"

[[rule]]
id = "club.stress.easy"
title = "Stress: easy"
category = "stress"
severity = "coaching"
when = { fact = "checkin.stress", op = "ge", value = 8 }
scope = { span = "day" }
then = { action = "cap_effort", effort = "easy" }
why = "Stress at {checkin.stress}/10."
evidence = ["A source"]
"""


def test_default_rules_cover_every_category_with_evidence() -> None:
    rules = bp.default_rules()
    assert {rule.category for rule in rules.rules} == {
        "illness", "pain", "fatigue", "stress", "time", "missed", "break", "return", "fitness",
        "effort", "load", "race",
    }  # fmt: skip
    assert all(rule.evidence and rule.why for rule in rules.rules)
    assert list(rules.ids) == sorted(rules.ids)


def test_rules_load_from_text_file_and_folder(tmp_path: Path) -> None:
    assert bp.parse_rules(GOOD).ids == ("club.stress.easy",)
    path = tmp_path / "club.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert bp.load_rules(path).sources == (str(path),)
    assert bp.load_rules(tmp_path).ids == ("club.stress.easy",)
    with pytest.raises(bp.NotFoundError):
        bp.load_rules(tmp_path / "missing.toml")


def test_a_rule_is_found_by_id_or_named_as_missing() -> None:
    rules = bp.default_rules()
    assert rules.rule("illness.fever.rest") is rules.get("illness.fever.rest")
    assert rules.get("illness.fever.rets") is None
    with pytest.raises(bp.NotFoundError) as raised:
        rules.rule("illness.fever.rets")
    assert raised.value.suggestion == "illness.fever.rest"


@pytest.mark.parametrize(
    ("old", "new", "loc", "what", "suggestion"),
    [
        (
            'fact = "checkin.stress"',
            'fact = "athlete.fatige"',
            ("rule", "club.stress.easy", "when", "fact"),
            "unknown fact",
            "checkin.fatigue",
        ),
        (
            'action = "cap_effort"',
            'action = "cap_efort"',
            ("rule", "club.stress.easy", "then"),
            "unknown value",
            "cap_effort",
        ),
        (
            'op = "ge"',
            'op = "gte"',
            ("rule", "club.stress.easy", "when", "fact", "op"),
            "input should be",
            None,
        ),
        (
            "value = 8",
            'value = "high"',
            ("rule", "club.stress.easy", "when", "fact"),
            "checkin.stress is a number",
            None,
        ),
        (
            "{checkin.stress}",
            "{pain.score}",
            ("rule", "club.stress.easy"),
            "stress rules cannot read pain.score",
            None,
        ),
        (
            "{checkin.stress}",
            "{checkin.stres}",
            ("rule", "club.stress.easy"),
            "unknown fact",
            "checkin.stress",
        ),
        (
            'evidence = ["A source"]',
            "evidence = []",
            ("rule", "club.stress.easy", "evidence"),
            "at least 1",
            None,
        ),
        (
            'severity = "coaching"',
            'severity = "advice"',
            ("rule", "club.stress.easy", "severity"),
            "input should be",
            None,
        ),
        (
            'scope = { span = "day" }',
            'scope = { span = "after" }',
            ("rule", "club.stress.easy", "scope"),
            "needs days",
            None,
        ),
        (
            'effort = "easy"',
            'effort = "esay"',
            ("rule", "club.stress.easy", "then", "cap_effort", "effort"),
            "unknown value",
            "easy",
        ),
        (
            'title = "Stress: easy"',
            'titel = "Stress: easy"',
            ("rule", "club.stress.easy", "titel"),
            "unknown key",
            "title",
        ),
        ("[[rule]]", "[[rule]", (), "invalid TOML", None),
    ],
)
def test_bad_rule_files_say_where_what_and_the_fix(
    old: str, new: str, loc: tuple[object, ...], what: str, suggestion: str | None
) -> None:
    assert old in GOOD
    with pytest.raises(bp.DataError) as info:
        bp.parse_rules(GOOD.replace(old, new, 1))
    error = info.value
    assert error.source == "<rules>"
    assert error.loc[: len(loc)] == loc
    assert what in str(error)
    assert error.suggestion == suggestion


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('fact = "checkin.stress"', 'fact = "athlete.fatige"', "unknown_fact"),
        ("{checkin.stress}", "{checkin.stres}", "unknown_fact"),
        ('op = "ge"', 'op = "in"', "fact_value"),
        ('fact = "checkin.stress", op = "ge", value = 8', 'fact = "session.key", op = "ge", '
         "value = true", "fact_op"),
        ("value = 8", 'value = "high"', "fact_value"),
        ("{checkin.stress}", "{pain.score}", "fact_source"),
        ('scope = { span = "day" }', 'scope = { span = "after" }', "scope"),
        ('when = { fact = "checkin.stress", op = "ge", value = 8 }', "when = { nothing = 1 }",
         "condition"),
        ('then = { action = "cap_effort", effort = "easy" }',
         'then = { action = "set_training_vdot" }', "action"),
        ('severity = "coaching"', 'severity = "advice"', "data"),
    ],
)  # fmt: skip
def test_rule_errors_keep_their_fine_code(old: str, new: str, code: str) -> None:
    """A rule-language error's `code` names the problem end to end, not just "data"."""
    assert old in GOOD
    with pytest.raises(bp.DataError) as info:
        bp.parse_rules(GOOD.replace(old, new, 1))
    assert info.value.code == code


def test_rule_files_are_data_not_code() -> None:
    """Python, format-string tricks and paths in a rule are rejected or shown as plain text."""
    tricky = GOOD.replace(
        "Stress at {checkin.stress}/10.", "{__class__} {0} {checkin.stress.__class__}"
    )
    with pytest.raises(bp.DataError, match="unknown fact"):
        bp.parse_rules(tricky)
    sneaky = GOOD.replace('fact = "checkin.stress"', "fact = \"__import__('os')\"")
    with pytest.raises(bp.DataError, match="unknown fact"):
        bp.parse_rules(sneaky)


def test_duplicate_ids_are_refused() -> None:
    doubled = GOOD + GOOD[GOOD.index("[[rule]]") :]
    with pytest.raises(bp.DataError, match="duplicate rule id") as info:
        bp.parse_rules(doubled)
    assert info.value.code == "duplicate"
    with pytest.raises(bp.DataError) as merged:
        bp.default_rules().merge(bp.default_rules())
    assert merged.value.code == "duplicate"


def test_every_fact_has_a_source_and_doc() -> None:
    for name, fact in FACTS.items():
        assert name.split(".")[0] == fact.source
        assert fact.doc.endswith(".")


def test_engine_provides_every_registered_fact() -> None:
    """Each fact in the registry is computed by the engine for some event."""
    import datetime as dt

    from balg_planner.rulebook.facts import (
        Context,
        day_facts,
        event_facts,
        load_facts,
        session_facts,
        since_facts,
    )
    from tests.personas import compose

    plan = compose("advanced-marathon")
    today = dt.date(2027, 2, 9)
    events: list[bp.Event] = [
        bp.Illness(start=today, symptoms={"fever"}, temperature_c=38.5),
        bp.Pain(date=today, location="knee", score=3, settles_by_morning=True),
        bp.CheckIn(date=today, stress=5, sleep_hours=7, fatigue=4, soreness=3, resting_hr_delta=2),
        bp.TimeLimit(date=today, minutes=30),
        bp.MissedSession(date=dt.date(2027, 2, 8)),
        bp.Break(start=dt.date(2027, 1, 20), end=dt.date(2027, 2, 1)),
        bp.Resume(date=dt.date(2027, 2, 20), pain_free_days=5),
        bp.TimeTrial(date=dt.date(2027, 2, 6), distance="10k", time="44:00"),
        bp.CompletedSession(date=dt.date(2027, 2, 7), minutes=45, rpe=8),
    ]
    ctx = Context.of(plan, (*events, bp.CompletedSession(date=today, minutes=30, rpe=4)), today)
    seen: set[str] = set()
    for event in events:
        seen |= set(event_facts(event, ctx) or {})
    session = plan.session_on(today)
    assert session is not None
    race = bp.CompletedSession(date=today - dt.timedelta(days=2), minutes=50, rpe=9, kind="race")
    ill = ((today - dt.timedelta(days=9), today - dt.timedelta(days=8)),)
    seen |= set(session_facts(session, plan)) | set(
        load_facts(today, {}, plan, 30, [race], ill=ill)
    )
    by_day = {s.date: s for s in plan.sessions}
    seen |= set(day_facts(today, by_day)) | set(since_facts(events[0], today, by_day, today))
    assert set(FACTS) - seen == set()


def test_conditions_read_as_words() -> None:
    rule = bp.default_rules().rule("illness.fever.rest")
    assert describe_condition(rule.when) == "illness.fever is true or illness.systemic is true"


def test_custom_rules_add_to_the_built_in_safety_rules() -> None:
    """`rules=` adds to the built-in packs: a club-only set cannot switch fever-means-rest off."""
    from tests.personas import compose

    plan = compose("advanced-marathon")
    hard = next(s for s in plan.sessions if s.kind is bp.WorkoutKind.THRESHOLD)
    fever = bp.Illness(start=hard.date, symptoms={"fever"}, temperature_c=39.0)
    result = bp.adapt(plan, [fever], today=hard.date, rules=bp.parse_rules(GOOD))
    after = result.plan.session_on(hard.date)
    assert after is not None
    assert after.kind is bp.WorkoutKind.REST
    alone = bp.adapt(
        plan, [fever], today=hard.date, rules=bp.parse_rules(GOOD), builtin_rules=False
    )
    assert alone.plan.session_on(hard.date) == hard  # the explicit, documented opt-out


def test_a_set_holding_the_built_ins_already_is_fine_but_a_changed_built_in_is_not() -> None:
    both = bp.default_rules().merge(bp.parse_rules(GOOD))
    assert with_builtin(both).ids == both.ids
    fever = bp.default_rules().rule("illness.fever.rest")
    softer = bp.RuleSet(rules=(fever.model_copy(update={"severity": "coaching"}),))
    with pytest.raises(bp.DataError) as info:
        with_builtin(softer)
    assert info.value.code == "duplicate"
    with pytest.raises(bp.DataError, match="no rules to run"):
        with_builtin(None, builtin=False)


def test_load_rules_reads_paths_and_parse_rules_reads_text(tmp_path: Path) -> None:
    with pytest.raises(bp.DataError, match="empty rule path"):
        bp.load_rules("")
    with pytest.raises(bp.DataError, match="parse_rules"):
        bp.load_rules(GOOD)
    odd = tmp_path / "a=b.toml"
    odd.write_text(GOOD, encoding="utf-8")
    assert bp.load_rules(str(odd)).ids == ("club.stress.easy",)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(bp.DataError, match="no rule files"):
        bp.load_rules(empty)


def test_an_empty_pack_is_an_error() -> None:
    with pytest.raises(bp.DataError) as info:
        bp.parse_rules('schema_version = 1\npack = "club"\ntitle = "Club"\n')
    assert info.value.code == "empty_pack"


@pytest.mark.parametrize("kind", ["race", "long", "threshold", "intervals", "strides"])
def test_replace_never_turns_a_session_into_something_harder(kind: str) -> None:
    text = GOOD.replace(
        'then = { action = "cap_effort", effort = "easy" }',
        f'then = {{ action = "replace", kind = "{kind}" }}',
    )
    with pytest.raises(bp.DataError) as info:
        bp.parse_rules(text)
    assert info.value.code == "action"


def test_messages_name_a_workout_kind_in_words_never_its_enum_value() -> None:
    """A filled message says 'marathon-pace', not 'marathon_pace', for every kind fact."""
    from balg_planner.rulebook.conditions import fill_message

    kind_facts = [name for name, fact in FACTS.items() if fact.type == "kind"]
    assert kind_facts
    for name in kind_facts:
        for kind in bp.WorkoutKind:
            text = fill_message(f"a missed {{{name}}} session", {name: kind.value})
            assert "_" not in text, text
            assert text == f"a missed {kind.label} session"


def test_a_missed_marathon_pace_run_is_named_in_words() -> None:
    from tests.personas import compose

    plan = compose("advanced-marathon")
    session = next(s for s in plan.sessions if s.kind is bp.WorkoutKind.MARATHON_PACE)
    result = bp.adapt(plan, [bp.MissedSession(date=session.date)], today=session.date)
    messages = [a.message for a in result.adjustments if a.rule_id.startswith("missed.")]
    assert messages
    assert all("marathon_pace" not in m for m in messages)
    assert any("marathon-pace" in m for m in messages)
