"""Teaching as data: mental skills, journal prompts, fuelling, routines and lessons.

Everything here is read from ``knowledge/*.toml`` on first use, validated, and cached. The
composer and the adaptation engine use these functions to give each session its journal
prompts, fuelling notes and routine, each week its mental skill, and each change a lesson.
It is one concept, the teaching content and how it is chosen, kept whole at a little over 500
lines: a small model, loader and chooser per kind of content.

Example:
    >>> from balg_planner.teaching import mental_skill, lesson
    >>> mental_skill("chunking").name
    'Chunking hard efforts'
    >>> lesson("never-cram").title
    'Why missed training is not made up'
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from balg_planner._resources import read_packaged_records, read_packaged_toml
from balg_planner.athlete import Level
from balg_planner.effort import Effort, effort_guide, effort_guides
from balg_planner.errors import NotFoundError, closest
from balg_planner.schema import PhaseName
from balg_planner.workout import (
    ExerciseDose,
    Session,
    SessionRoutine,
    WorkoutKind,
    workout_guides,
)

__all__ = [
    "Exercise",
    "JournalPrompt",
    "Lesson",
    "MentalSkill",
    "Messy",
    "Routine",
    "Situation",
    "exercise",
    "fueling_note",
    "how_it_went",
    "journal_prompt_list",
    "journal_prompts",
    "learn",
    "lesson",
    "lessons",
    "mental_skill",
    "mental_skills",
    "messy_guidance",
    "phase_rationale",
    "race_fueling",
    "race_week_fueling",
    "reflection_prompt",
    "routine_for",
    "routines",
    "situations_of",
    "skill_for_week",
    "topics",
    "week_focus",
]

_Frozen = ConfigDict(frozen=True, extra="forbid")
Text = Annotated[str, Field(min_length=1)]
Situation = Literal[
    "any", "quality", "long", "long_fuel", "easy", "adapted", "illness", "taper", "race",
    "went_hard", "went_well", "cut_short",
]  # fmt: skip
"""When a journal prompt fits; the ``went_*`` and ``cut_short`` ones follow a session."""

_REPEAT_GAP: Final = dt.timedelta(days=14)
"""A prompt is not repeated within two weeks when another one fits."""
_MARATHON_OR_HARDER: Final = frozenset(effort for effort in Effort if effort >= Effort.MARATHON)
"""Quality efforts, tested without a comparison call (every session asks)."""
_THRESHOLD_OR_HARDER: Final = frozenset(effort for effort in Effort if effort >= Effort.THRESHOLD)
"""Efforts that count as hard for fuelling, tested without a comparison call."""


class MentalSkill(BaseModel):
    """A mental game skill: what it is, when to practise it, a drill and journal prompts."""

    model_config = _Frozen

    id: Text
    name: Text
    what: Text
    when: Text
    drill: Text
    prompts: Annotated[tuple[Text, ...], Field(min_length=1)]
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]


class JournalPrompt(BaseModel):
    """A question for before or after a session."""

    model_config = _Frozen

    id: Text
    moment: Literal["before", "after"]
    situations: Annotated[tuple[Situation, ...], Field(min_length=1)]
    text: Text


class FuelBand(BaseModel):
    """Carbohydrate advice for sessions of a length."""

    model_config = _Frozen

    min_minutes: int
    max_minutes: int
    hard_only: bool
    carbs: Text


class RaceBand(BaseModel):
    """What to eat and drink during a race that lasts between two lengths."""

    model_config = _Frozen

    min_minutes: int
    max_minutes: int
    eat: Text
    drink: Text


class Fueling(BaseModel):
    """Fuelling and hydration guidance."""

    model_config = _Frozen

    schema_version: Literal[1]
    hydration: Text
    sodium: Text
    practice: Text
    race_week: tuple[Text, ...]
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]
    band: tuple[FuelBand, ...]
    race_band: tuple[RaceBand, ...] = ()


class Exercise(BaseModel):
    """A strength, mobility or yoga exercise, with its dose by level."""

    model_config = _Frozen

    id: Text
    name: Text
    strengthens: Text
    why: Text
    cues: Annotated[tuple[Text, ...], Field(min_length=1)]
    dose: dict[Level, Text]

    @model_validator(mode="after")
    def _every_level(self) -> Exercise:
        missing = [level.value for level in Level if level not in self.dose]
        if missing:
            raise ValueError(f"exercise {self.id!r} has no dose for {', '.join(missing)}")
        return self


class Routine(BaseModel):
    """A routine: which exercises, for which phases, and why."""

    model_config = _Frozen

    id: Text
    name: Text
    kind: Literal["strength", "mobility"]
    phases: Annotated[tuple[PhaseName, ...], Field(min_length=1)]
    purpose: Text
    exercises: Annotated[tuple[Text, ...], Field(min_length=1)]
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]


class Lesson(BaseModel):
    """A short lesson behind the adaptation rules."""

    model_config = _Frozen

    id: Text
    title: Text
    text: Text
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]


class Messy(BaseModel):
    """What to do when a week gets messy, in one situation."""

    model_config = _Frozen

    situation: Text
    text: Text
    lesson: Text


@functools.cache
def _skills() -> tuple[MentalSkill, ...]:
    return read_packaged_records("knowledge", "mental", "skill", MentalSkill)


@functools.cache
def _prompts() -> tuple[JournalPrompt, ...]:
    return read_packaged_records("knowledge", "journal", "prompt", JournalPrompt)


@functools.cache
def _prompt_index() -> dict[str, tuple[tuple[JournalPrompt, frozenset[str]], ...]]:
    return {
        moment: tuple((p, frozenset(p.situations)) for p in _prompts() if p.moment == moment)
        for moment in ("before", "after")
    }


@functools.lru_cache(maxsize=256)
def _candidates(
    wanted: frozenset[str], moment: str
) -> tuple[tuple[JournalPrompt, ...], tuple[JournalPrompt, ...]]:
    """The prompts for a situation: those made for it, then the general ones."""
    specific: list[JournalPrompt] = []
    general: list[JournalPrompt] = []
    for prompt, fits in _prompt_index()[moment]:
        if wanted & fits:
            (specific if (fits - {"any"}) & wanted else general).append(prompt)
    return tuple(specific), tuple(general)


@functools.cache
def _fueling() -> Fueling:
    return Fueling.model_validate(read_packaged_toml("knowledge", "fueling"))


@functools.cache
def _exercises() -> dict[str, Exercise]:
    records = read_packaged_records("knowledge", "routines", "exercise", Exercise)
    return {item.id: item for item in records}


@functools.cache
def _routines() -> tuple[Routine, ...]:
    return read_packaged_records("knowledge", "routines", "routine", Routine)


@functools.cache
def _lessons() -> dict[str, Lesson]:
    return {
        item.id: item for item in read_packaged_records("knowledge", "lessons", "lesson", Lesson)
    }


@functools.cache
def _messy() -> tuple[Messy, ...]:
    return read_packaged_records("knowledge", "plan", "messy", Messy)


def _lookup(kind: str, key: str, table: Mapping[str, object]) -> None:
    if key not in table:
        raise NotFoundError(
            f"unknown {kind}", value=key, suggestion=closest(key, table), available=tuple(table)
        )


@functools.cache
def _phases() -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in read_packaged_toml("knowledge", "plan")["phase"]}


def phase_rationale(phase: PhaseName, *, weeks: int | None = None) -> str:
    """Why a phase comes where it does, in plain words; for a phase of `weeks` when given.

    A phase of one week has its own words where the usual ones speak of a longer one (a
    one-week taper is not "about two weeks").
    """
    row = _phases()[phase.value]
    if weeks == 1 and "rationale_one_week" in row:
        return row["rationale_one_week"]
    return row["rationale"]


def week_focus(phase: PhaseName, *, cutback: bool = False, race_week: bool = False) -> str:
    """The one-line focus of a week."""
    special = read_packaged_toml("knowledge", "plan")["weeks"]
    if race_week:
        return str(special["race"])
    if cutback:
        return str(special["cutback"])
    return _phases()[phase.value]["week_focus"]


def journal_prompt_list() -> tuple[JournalPrompt, ...]:
    """Every journal prompt."""
    return _prompts()


def mental_skills() -> tuple[MentalSkill, ...]:
    """Every mental game skill, in teaching order."""
    return _skills()


def mental_skill(skill_id: str) -> MentalSkill:
    """One mental skill by id.

    Raises:
        NotFoundError: No such skill; suggests the nearest id.
    """
    table = {skill.id: skill for skill in _skills()}
    _lookup("mental skill", skill_id, table)
    return table[skill_id]


def skill_for_week(number: int, phase: PhaseName, *, race_week: bool = False) -> MentalSkill:
    """The mental skill a week practises.

    Skills rotate week by week; the taper practises trusting your training, and race week
    celebrates showing up.
    """
    if race_week:
        return mental_skill("showing_up")
    if phase is PhaseName.TAPER:
        return mental_skill("trust_training")
    skills = [skill for skill in _skills() if skill.id not in ("trust_training", "showing_up")]
    return skills[(number - 1) % len(skills)]


def situations_of(session: Session, phase: PhaseName) -> frozenset[Situation]:
    """The journal situations a session fits."""
    found: set[Situation] = {"any"}
    if session.kind is WorkoutKind.RACE:
        found.add("race")
    elif session.kind is WorkoutKind.LONG:
        found.add("long")
        if fueling_note(session):
            found.add("long_fuel")  # long enough that eating and drinking on the run matter
    elif session.is_running and session.effort in _MARATHON_OR_HARDER:
        found.add("quality")
    elif session.is_running:
        found.add("easy")
    if phase is PhaseName.TAPER:
        found.add("taper")
    return frozenset(found)


def journal_prompts(
    session: Session,
    situations: Iterable[Situation],
    *,
    recent: Mapping[str, dt.date] | None = None,
    day: dt.date | None = None,
) -> tuple[JournalPrompt, JournalPrompt]:
    """A before and an after prompt for `session`.

    Prompts for the most specific situation come first; among those, one not used in the last
    two weeks (per `recent`, prompt id → last day used) is chosen by the session's date (or
    `day`, when the session is not on its day yet), so the choice is deterministic and varies
    across the plan.
    """
    wanted = frozenset(situations)
    used = recent or {}

    day = session.date if day is None else day
    # A prompt is fresh when last used before `fresh_before`, two weeks before the day (never,
    # that close to the first representable date): one subtraction, not one per prompt tried.
    fresh_before = day - _REPEAT_GAP if day.toordinal() > _REPEAT_GAP.days else dt.date.min
    chosen = []
    for moment in ("before", "after"):
        specific, general = _candidates(wanted, moment)
        # Specific and unused first, then anything unused, then the least recently used;
        # within a group the search starts at a place set by the date, so choices rotate.
        pick = _first_fresh(specific, day, fresh_before, used) or _first_fresh(
            general, day, fresh_before, used
        )
        if pick is None:
            pick = min(specific + general, key=lambda p: (used.get(p.id, dt.date.min), p.id))
        chosen.append(pick)
    return chosen[0], chosen[1]


def _first_fresh(
    group: tuple[JournalPrompt, ...],
    day: dt.date,
    fresh_before: dt.date,
    used: Mapping[str, dt.date],
) -> JournalPrompt | None:
    """The first prompt of `group` not used since `fresh_before`, starting at `day`'s place."""
    count = len(group)
    start = day.toordinal() % count if count else 0
    for step in range(count):
        prompt = group[(start + step) % count]
        if used.get(prompt.id, dt.date.min) < fresh_before:
            return prompt
    return None


def how_it_went(session: Session, minutes: float, rpe: float) -> Situation:
    """Compare a completed session with the plan: cut short, harder than planned, or as planned.

    Cut short is under 80 % of the planned minutes; harder is an RPE more than one point above
    the top of the planned effort's range.
    """
    if session.minutes and minutes < 0.8 * session.minutes:
        return "cut_short"
    # Against the hardest step: a hard stride is not "harder than planned".
    planned = effort_guide(session.peak_effort).rpe[1] if session.workout.steps else 0.0
    return "went_hard" if rpe > planned + 1 else "went_well"


def reflection_prompt(session: Session, minutes: float, rpe: float) -> JournalPrompt:
    """The after-session prompt for how a session actually went (minutes and RPE as run).

    Example:
        >>> import datetime as dt
        >>> from balg_planner.workout import Step, Workout
        >>> easy = Session(date=dt.date(2027, 1, 5), kind="easy",
        ...                workout=Workout(steps=(Step(effort="easy", duration="40m"),)))
        >>> reflection_prompt(easy, minutes=40, rpe=7).id
        'after.went_hard'
    """
    situation = how_it_went(session, minutes, rpe)
    return journal_prompts(session, {"any", situation})[1]


def fueling_note(session: Session) -> str:
    """What to eat and drink on this session, or ``""`` when nothing is needed."""
    if not session.is_running or session.kind is WorkoutKind.RACE:
        return ""
    fueling = _fueling()
    minutes = session.minutes
    hard = session.effort in _THRESHOLD_OR_HARDER
    for band in fueling.band:
        if band.min_minutes <= minutes < band.max_minutes and (hard or not band.hard_only):
            parts = [band.carbs, fueling.hydration]
            if minutes >= 90:
                parts.append(fueling.sodium)
            if session.kind in (WorkoutKind.LONG, WorkoutKind.MARATHON_PACE):
                parts.append(fueling.practice)
            return " ".join(parts)
    return ""


def race_week_fueling() -> tuple[str, ...]:
    """Fuelling notes for the week of the race."""
    return _fueling().race_week


def race_fueling(minutes: float) -> tuple[str, ...]:
    """Fuelling notes for race day: the week before, then in the race, for a race of `minutes`.

    A race over about 45 minutes adds what to eat and drink on the way; one over about 75
    minutes, carbohydrate by the hour, as practised on long runs (reference FUEL-01, FUEL-02).

    Example:
        >>> print(race_fueling(115)[-2])  # doctest: +ELLIPSIS
        In the race: take about 30-60 g of carbohydrate an hour ...
    """
    fueling = _fueling()
    for band in fueling.race_band:
        if band.min_minutes <= minutes < band.max_minutes:
            return (*fueling.race_week, band.eat, band.drink)
    return fueling.race_week


def routines() -> tuple[Routine, ...]:
    """Every routine."""
    return _routines()


def exercise(exercise_id: str) -> Exercise:
    """One exercise by id.

    Raises:
        NotFoundError: No such exercise; suggests the nearest id.
    """
    table = _exercises()
    _lookup("exercise", exercise_id, table)
    return table[exercise_id]


@functools.lru_cache(maxsize=512)
def routine_for(
    kind: WorkoutKind, phase: PhaseName, level: Level, *, week: int = 1, minutes: int = 0
) -> SessionRoutine | None:
    """The routine a strength or mobility session carries in `phase`, dosed for `level`.

    Where a phase has more than one fitting routine (mobility and recovery yoga), weeks
    alternate between them. The routine is a frozen value, built once for the same arguments.
    """
    wanted = {"strength": WorkoutKind.STRENGTH, "mobility": WorkoutKind.MOBILITY}
    fitting = [r for r in _routines() if wanted[r.kind] is kind and phase in r.phases]
    if not fitting:
        return None
    routine = fitting[(week - 1) % len(fitting)]
    doses = tuple(
        ExerciseDose(
            name=item.name,
            dose=item.dose[level],
            cues=item.cues,
            why=item.why,
        )
        for item in (exercise(exercise_id) for exercise_id in routine.exercises)
    )
    return SessionRoutine(
        id=routine.id, name=routine.name, purpose=routine.purpose, exercises=doses, minutes=minutes
    )


def lessons() -> tuple[Lesson, ...]:
    """Every lesson behind the adaptation rules."""
    return tuple(_lessons().values())


def lesson(lesson_id: str) -> Lesson:
    """One lesson by id.

    Raises:
        NotFoundError: No such lesson; suggests the nearest id.
    """
    table = _lessons()
    _lookup("lesson", lesson_id, table)
    return table[lesson_id]


def messy_guidance() -> tuple[Messy, ...]:
    """What to do when a week gets messy, situation by situation."""
    return _messy()


def topics() -> dict[str, str]:
    """Every topic `learn` knows, with a one-line description."""
    found: dict[str, str] = {}
    for guide in effort_guides():
        found[guide.level.value] = f"effort level: {guide.takeaway}"
    for kind_guide in workout_guides():
        key = kind_guide.kind.value
        found[f"{key}-session" if key in found else key] = f"session: {kind_guide.takeaway}"
    for skill in _skills():
        found[skill.id] = f"mental skill: {skill.what}"
    for item in lessons():
        found[item.id] = f"lesson: {item.title}"
    for routine in _routines():
        found[routine.id] = f"routine: {routine.purpose}"
    found["fueling"] = "fuelling and hydration: carbohydrate on long runs, drink to thirst"
    return found


def learn(topic: str) -> str:
    """A topic explained in plain text: an effort, a session kind, a skill, a lesson, a routine.

    Raises:
        NotFoundError: No such topic; suggests the nearest.

    Example:
        >>> print(learn("threshold").splitlines()[0])
        Threshold (tempo)
    """
    table = topics()
    _lookup("topic", topic, table)
    for guide in effort_guides():
        if guide.level.value == topic:
            return _lines(
                guide.name,
                f"Builds: {guide.develops}",
                f"Feels like: {guide.feels_like}",
                f"Talk test: {guide.talk_test}",
                f"Common mistake: {guide.common_mistake}",
                f"Takeaway: {guide.takeaway}",
                *(f"Source: {e}" for e in guide.evidence),
            )
    for kind_guide in workout_guides():
        if topic in (kind_guide.kind.value, f"{kind_guide.kind.value}-session"):
            return _lines(
                kind_guide.name,
                f"Why: {kind_guide.purpose}",
                f"Feels like: {kind_guide.feels_like}",
                f"If the day goes sideways: {kind_guide.sideways}",
                f"Common mistake: {kind_guide.common_mistake}",
                f"Takeaway: {kind_guide.takeaway}",
                *(f"Source: {e}" for e in kind_guide.evidence),
            )
    for skill in _skills():
        if skill.id == topic:
            return _lines(
                skill.name,
                skill.what,
                f"When: {skill.when}",
                f"Drill: {skill.drill}",
                *(f"Journal: {p}" for p in skill.prompts),
                *(f"Source: {e}" for e in skill.evidence),
            )
    if topic in _lessons():
        item = _lessons()[topic]
        return _lines(item.title, item.text, *(f"Source: {e}" for e in item.evidence))
    for routine in _routines():
        if routine.id == topic:
            steps = [f"- {exercise(e).name}: {exercise(e).why}" for e in routine.exercises]
            return _lines(
                routine.name, routine.purpose, *steps, *(f"Source: {e}" for e in routine.evidence)
            )
    fueling = _fueling()
    bands = [f"- {band.min_minutes}-{band.max_minutes} min: {band.carbs}" for band in fueling.band]
    return _lines(
        "Fuelling and hydration",
        *bands,
        fueling.hydration,
        fueling.sodium,
        fueling.practice,
        *(f"Race week: {note}" for note in fueling.race_week),
        *(
            f"Race of {band.min_minutes}-{band.max_minutes} min: {band.eat} {band.drink}"
            for band in fueling.race_band
        ),
        *(f"Source: {e}" for e in fueling.evidence),
    )


def _lines(*lines: str) -> str:
    return "\n".join(lines)
