"""The teaching content: complete, sourced, safe, and woven into plans and adaptations."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

import balg_planner as bp
from balg_planner import teaching
from balg_planner.schema import PhaseName
from tests.personas import PERSONAS, compose

GOLDEN = Path(__file__).parent / "golden" / "briefings"
REGENERATE = os.environ.get("BALG_REGENERATE_GOLDEN") == "1"
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _texts(*items: object) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, tuple | list):
            found += _texts(*item)
    return found


def _complete(*texts: str) -> None:
    for text in texts:
        assert text.strip(), "empty text"
        assert not PLACEHOLDER.search(text), f"unfilled placeholder in {text!r}"


def test_every_effort_and_kind_has_the_science() -> None:
    for guide in bp.effort_guides():
        _complete(guide.develops, guide.feels_like, guide.common_mistake, guide.takeaway)
        assert guide.evidence
    for kind in bp.workout_guides():
        _complete(kind.purpose, kind.feels_like, kind.sideways, kind.common_mistake, kind.takeaway)
        assert kind.evidence
    easy = bp.effort_guide("easy")
    assert "mitochondria" in easy.develops
    assert "slow" in easy.takeaway.lower()
    assert "lactate threshold" in bp.effort_guide("threshold").develops
    assert "VO2max" in bp.effort_guide("interval").develops
    assert "economy" in bp.effort_guide("repetition").develops
    assert (
        "tendon" in bp.workout_guide("strength").purpose.lower()
        or "tendons" in bp.workout_guide("strength").purpose
    )
    cross = bp.workout_guide("cross_training")
    assert "keeps" in cross.takeaway
    assert "only running" in cross.takeaway


EXPECTED_SKILLS = {
    "present", "honest_self_talk", "trust_training", "chunking", "discomfort",
    "reframing", "mantras", "fun", "showing_up",
}  # fmt: skip


def test_every_mental_skill_is_complete() -> None:
    skills = teaching.mental_skills()
    assert {skill.id for skill in skills} == EXPECTED_SKILLS
    for skill in skills:
        _complete(skill.name, skill.what, skill.when, skill.drill, *skill.prompts)
        assert skill.evidence


def test_every_routine_and_exercise_is_complete() -> None:
    for routine in teaching.routines():
        _complete(routine.name, routine.purpose)
        assert routine.evidence
        for exercise_id in routine.exercises:
            item = teaching.exercise(exercise_id)
            _complete(item.name, item.why, item.strengthens, *item.cues, *item.dose.values())
    strength = [r for r in teaching.routines() if r.kind == "strength"]
    assert {phase for r in strength for phase in r.phases} == set(PhaseName)


def test_every_rule_links_to_a_lesson_that_exists() -> None:
    names = set(teaching.topics())
    for rule in bp.default_rules().rules:
        assert rule.learn in names, rule.id
    for item in teaching.lessons():
        _complete(item.title, item.text)
        assert item.evidence


def test_learn_explains_every_topic() -> None:
    for topic in teaching.topics():
        text = teaching.learn(topic)
        _complete(text)
        assert "\n" in text
    with pytest.raises(bp.NotFoundError) as info:
        teaching.learn("chunkin")
    assert info.value.suggestion == "chunking"


def test_fueling_follows_the_consensus() -> None:
    def run(minutes: int, effort: str = "easy", kind: str = "easy") -> bp.Session:
        step = bp.Step(effort=effort, duration=dt.timedelta(minutes=minutes))
        return bp.Session(date=dt.date(2027, 1, 5), kind=kind, workout=bp.Workout(steps=(step,)))

    assert teaching.fueling_note(run(40)) == ""
    assert teaching.fueling_note(run(60)) == ""
    assert "mouth rinse" in teaching.fueling_note(run(60, "threshold", "threshold"))
    assert "30-60 g" in teaching.fueling_note(run(100, kind="long"))
    long = teaching.fueling_note(run(170, kind="long"))
    assert "90 g" in long
    assert "glucose-plus-fructose" in long
    assert "practise" in long.lower()
    assert "thirst" in long


def test_race_day_fuels_the_race_itself_by_how_long_it_lasts() -> None:
    """FUEL-01: a race over about 75 min carries carbohydrate by the hour and fluids to thirst."""
    assert teaching.race_fueling(25) == teaching.race_week_fueling()  # a 5K needs nothing
    assert "mouth rinse" in teaching.race_fueling(55)[-2]
    for minutes in (80, 115, 149):
        assert "30-60 g of carbohydrate an hour" in " ".join(teaching.race_fueling(minutes))
    for minutes in (150, 177, 300):
        assert "60-90 g of carbohydrate an hour" in " ".join(teaching.race_fueling(minutes))
    for name in PERSONAS:
        race = compose(name).sessions[-1]
        assert race.kind is bp.WorkoutKind.RACE
        assert race.fueling.startswith(" ".join(teaching.race_week_fueling()))
        in_race = race.fueling.removeprefix(" ".join(teaching.race_week_fueling()))
        if race.minutes >= 75:
            assert "g of carbohydrate an hour" in in_race, name
            assert "long runs" in in_race, name  # practised in training, nothing new
            assert "thirst" in in_race, name
        else:
            assert "g of carbohydrate an hour" not in in_race, name


FIXED_VOLUME = re.compile(r"\d+\s*(ml|millilit|litre|liter|l\b|oz|ounce|cups?)", re.I)


def test_no_fluid_advice_with_a_fixed_volume() -> None:
    """Drink to thirst: nothing anywhere prescribes an amount of fluid."""
    texts = [teaching.learn("fueling"), *teaching.race_fueling(200)]
    for plan in (compose(name) for name in PERSONAS):
        texts += [session.fueling for session in plan.sessions]
    for text in texts:
        assert not FIXED_VOLUME.search(text), text
    assert "never" in teaching.learn("fueling").lower() or "too much" in teaching.learn("fueling")


PUSH_THROUGH = re.compile(
    r"push(ing)? through|run through (the )?pain|no pain,? no gain|toughen it out", re.I
)


def test_no_push_through_advice_for_red_flags() -> None:
    """Red flags never meet 'push through': rules, lessons, triage and skills stay safe."""
    rules = bp.default_rules()
    texts = [rule.why for rule in rules.rules] + [rule.title for rule in rules.rules]
    texts += [item.text for item in teaching.lessons()]
    texts += [skill.what + skill.drill for skill in teaching.mental_skills()]
    texts += [teaching.learn(topic) for topic in teaching.topics()]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if PUSH_THROUGH.search(sentence):
                assert re.search(r"\b(not|never|rather than|don't)\b", sentence, re.I), sentence
    red = bp.triage(
        day=dt.date(2027, 2, 9),
        pain=bp.Pain(date=dt.date(2027, 2, 9), location="shin", score=6, worsening=True),
    )
    assert red.verdict == "act"
    assert any(
        "stop" in line.lower() or "no running" in line.lower()
        for line in red.guidance + red.reasons
    )


def test_sessions_carry_journal_fuel_and_routines() -> None:
    plan = compose("advanced-marathon")
    for session in plan.sessions:
        if session.kind is bp.WorkoutKind.REST:
            assert session.journal == ()
            continue
        assert len(session.journal) == 2
        assert session.journal[0].startswith("Before: ")
        assert session.journal[1].startswith("After: ")
        if session.kind in (bp.WorkoutKind.STRENGTH, bp.WorkoutKind.MOBILITY):
            assert session.routine is not None
            assert all(item.dose and item.why for item in session.routine.exercises)
    longest = max(
        (s for s in plan.sessions if s.kind is bp.WorkoutKind.LONG), key=lambda s: s.minutes
    )
    assert "g of carbohydrate" in longest.fueling
    flexible = compose("flexible-10k")  # a beginner with spare days for strength work
    strength = next(s for s in flexible.sessions if s.kind is bp.WorkoutKind.STRENGTH)
    assert strength.routine is not None
    assert strength.routine.id == "strength.foundation"
    assert strength.routine.exercises[0].dose == "2 × 12"  # beginner dose


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_no_journal_prompt_repeats_within_a_week(name: str) -> None:
    """Prompts vary across the plan: none comes back within seven days."""
    last: dict[str, dt.date] = {}
    for session in compose(name).sessions:
        for prompt in session.journal:
            if prompt in last:
                assert (session.date - last[prompt]).days >= 7, (prompt, session.date)
            last[prompt] = session.date


def test_an_illness_rest_day_asks_about_patience_not_pace() -> None:
    flu = bp.Illness(start=dt.date(2027, 2, 9), symptoms={"fever"})
    result = bp.adapt(compose("advanced-marathon"), [flu], today=dt.date(2027, 2, 9))
    rest = result.plan.session_on(dt.date(2027, 2, 9))
    assert rest is not None
    after = rest.journal[1].lower()
    assert "patient" in after or "recovery" in after
    assert "pace" not in after


def test_adjustments_link_to_a_lesson() -> None:
    events: list[bp.Event] = [bp.TimeLimit(date=dt.date(2027, 2, 9), minutes=40)]
    result = bp.adapt(compose("advanced-marathon"), events, today=dt.date(2027, 2, 9))
    assert result.adjustments[0].message.endswith(
        "Learn more: balg-planner learn keep-the-key-set."
    )


def test_weeks_practise_a_mental_skill_and_taper_trusts_training() -> None:
    plan = compose("busy-parent-half")
    assert all(week.skill for week in plan.weeks)
    assert plan.weeks[-1].skill == "showing_up"
    assert all(week.skill == "trust_training" for week in plan.weeks_in("taper")[:-1])
    assert len({week.skill for week in plan.weeks}) >= 5


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_golden_briefings_and_session_pages(name: str) -> None:
    """A build week's briefing and its key sessions' pages, for each persona."""
    plan = compose(name)
    build = plan.weeks_in("build") or plan.weeks
    week = build[0]
    text = (
        week.briefing(fmt="md")
        + "\n\n"
        + "\n\n".join(
            bp.render_session(session, fmt="md")
            for session in week.sessions
            if session.kind is not bp.WorkoutKind.REST
        )
    )
    path = GOLDEN / f"{name}.md"
    if REGENERATE:
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")
    for heading in (
        "What this week builds",
        "Key sessions",
        "Mental skill of the week",
        "If life gets messy",
    ):
        assert heading in text


def test_the_after_prompt_follows_how_the_session_went() -> None:
    session = next(s for s in compose("busy-parent-half").sessions if s.kind is bp.WorkoutKind.LONG)
    assert teaching.how_it_went(session, session.minutes, rpe=3) == "went_well"
    assert teaching.how_it_went(session, session.minutes, rpe=8) == "went_hard"
    assert teaching.how_it_went(session, session.minutes / 2, rpe=3) == "cut_short"
    hard = teaching.reflection_prompt(session, session.minutes, rpe=8)
    assert hard.id.startswith("after.went_hard")
    assert "failure" in hard.text or "friend" in hard.text
    short = teaching.reflection_prompt(session, 10, rpe=2)
    assert short.id.startswith("after.cut_short")


def test_fuel_questions_only_for_runs_long_enough_to_fuel() -> None:
    for name in PERSONAS:
        for session in compose(name).sessions:
            asks_about_fuel = any(
                re.search(r"\b(eat|fuel|drink)\b", line) for line in session.journal
            )
            if asks_about_fuel:
                assert session.fueling, (name, session.date)


ILLNESS_SCENARIOS = [
    ("new-runner-5k", [bp.Illness(start=dt.date(2027, 2, 16), end=dt.date(2027, 2, 19), symptoms={"fever"})], dt.date(2027, 2, 16)),
    ("advanced-marathon", [bp.Illness(start=dt.date(2027, 2, 9), symptoms={"fever", "body_aches"})], dt.date(2027, 2, 9)),
    ("busy-parent-half", [bp.Illness(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 3), symptoms={"runny_nose"})], dt.date(2027, 3, 1)),
    ("comeback-10k", [bp.Pain(date=dt.date(2027, 2, 2), location="shin", score=6, sharp=True)], dt.date(2027, 2, 2)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "events", "today"), ILLNESS_SCENARIOS)
def test_an_adapted_sessions_prompts_fit_what_it_now_is(
    name: str, events: list[bp.Event], today: dt.date
) -> None:
    """A rest day is never asked about 'this run'; a run is never told it is a rest while ill."""
    illness_texts = {p.text for p in teaching.journal_prompt_list() if p.situations == ("illness",)}
    result = bp.adapt(compose(name), events, today=today)
    changed = [a.after for a in result.adjustments if a.after is not None and a.after.journal]
    assert changed
    rests = [s for s in changed if s.kind is bp.WorkoutKind.REST]
    runs = [s for s in changed if s.is_running]
    for session in rests:
        for prompt in session.journal:
            assert not re.search(r"\brun\b", prompt), (session.date, prompt)
    for session in runs:
        for prompt in session.journal:
            assert prompt.split(": ", 1)[1] not in illness_texts, (session.date, prompt)
    if any(isinstance(e, bp.Illness) and "fever" in e.symptoms for e in events):
        assert rests
        assert all(
            s.journal[1].split(": ", 1)[1] in illness_texts for s in rests if s.date <= today
        )


def test_a_one_week_taper_briefing_does_not_promise_two_weeks() -> None:
    """A week cannot see its phase's length, so the taper's words hold for any length."""
    plan = compose("new-runner-5k")
    taper = [week for week in plan.weeks if week.phase is PhaseName.TAPER]
    assert len(taper) == 1
    text = taper[0].briefing()
    assert "5K needs about one" in text
