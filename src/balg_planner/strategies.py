"""Hypothesis strategies for balg_planner's models (needs the ``hypothesis`` extra).

Every strategy draws values that are valid by construction — no `assume`, no filtering — so
drawing stays fast and shrinking stays meaningful. Plans are real: `plans` composes them from
generated athletes and goals, so they satisfy every compose invariant.

Example:
    >>> from hypothesis import given
    >>> from balg_planner.strategies import plans
    >>> @given(plans(distance="5k"))
    ... def test_plan_ends_with_the_race(plan):
    ...     assert plan.sessions[-1].kind.value == "race"

With the extra installed, ``st.from_type(bp.Plan)`` (and every other model here) works too:
the package registers these strategies through Hypothesis's entry point.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess test
    from balg_planner.errors import install_hint

    raise ModuleNotFoundError(
        f"balg_planner.strategies needs Hypothesis; {install_hint('hypothesis')}",
        name=exc.name,
    ) from exc

from balg_planner.adapt import adapt
from balg_planner.athlete import Athlete, Availability, Goal, Level, RaceResult, Weekday
from balg_planner.catalog import templates
from balg_planner.compose import compose_plan
from balg_planner.effort import Effort, effort_guide
from balg_planner.events import (
    Break,
    CheckIn,
    CompletedSession,
    Event,
    Illness,
    MissedSession,
    Pain,
    RaceDateChange,
    Resume,
    Symptom,
    TimeLimit,
    ZonesBy,
)
from balg_planner.plan import Adaptation, Plan
from balg_planner.rulebook.packs import RuleSet
from balg_planner.rulebook.syntax import Rule
from balg_planner.rulebook.vocabulary import CATEGORY_SOURCES, FACTS
from balg_planner.schema import TemplateFile
from balg_planner.science import MAX_VDOT, MIN_VDOT, PaceRange, TrainingPaces, equivalent_time
from balg_planner.science import training_paces as _training_paces
from balg_planner.units import RaceDistance
from balg_planner.workout import Repeat, Session, Step, StepPart, Workout, WorkoutKind

__all__ = [
    "adaptations",
    "athletes",
    "availabilities",
    "check_ins",
    "completed_sessions",
    "efforts",
    "events",
    "goals",
    "illnesses",
    "pace_ranges",
    "paces",
    "pains",
    "plan_inputs",
    "plans",
    "race_results",
    "rule_sets",
    "rules",
    "sessions",
    "steps",
    "time_limits",
    "training_paces",
    "vdots",
    "workouts",
]

START: Final = dt.date(2027, 1, 4)
"""The default first day of generated plans (a Monday)."""

_WEEKDAYS: Final = tuple(day.value for day in Weekday)
_LOCATIONS: Final = ("knee", "achilles", "shin", "hamstring", "hip", "calf")


def efforts(*, max_effort: Effort = Effort.REPETITION) -> st.SearchStrategy[Effort]:
    """Effort levels up to `max_effort`; shrinks towards REST."""
    return st.sampled_from([effort for effort in Effort if effort <= max_effort])


def vdots() -> st.SearchStrategy[float]:
    """VDOTs the equations support (20-90); shrinks towards 20."""
    return st.floats(MIN_VDOT, MAX_VDOT, allow_nan=False)


def paces() -> st.SearchStrategy[dt.timedelta]:
    """Paces as time per km, whole seconds from 2:30 to 10:00; shrinks towards 2:30."""
    return st.integers(150, 600).map(lambda seconds: dt.timedelta(seconds=seconds))


def pace_ranges() -> st.SearchStrategy[PaceRange]:
    """Pace ranges whose fast end is never slower than the slow end."""
    return st.builds(
        lambda fast, extra: PaceRange(fast=fast, slow=fast + dt.timedelta(seconds=extra)),
        paces(),
        st.integers(0, 60),
    )


def training_paces() -> st.SearchStrategy[TrainingPaces]:
    """Daniels training paces for a drawn VDOT."""
    return vdots().map(_training_paces)


def race_results(*, distance: RaceDistance | str | None = None) -> st.SearchStrategy[RaceResult]:
    """Race results within VDOT 25-75, to the whole second; shrinks towards the 5K."""
    distances = [RaceDistance(distance)] if distance else list(RaceDistance)

    def result(race: RaceDistance, vdot: float) -> RaceResult:
        seconds = round(equivalent_time(vdot, race.metres).total_seconds())
        return RaceResult(distance=race.metres, time=dt.timedelta(seconds=seconds))

    return st.builds(result, st.sampled_from(distances), st.floats(25, 75))


@st.composite
def availabilities(
    draw: st.DrawFn, *, days_per_week: int | None = None, min_minutes: int = 20
) -> Availability:
    """Minutes per weekday on 2-7 days; shrinks towards fewer, shorter days."""
    count = days_per_week or draw(st.integers(2, 7))
    days = draw(st.permutations(_WEEKDAYS))[:count]
    return Availability.model_validate({day: draw(st.integers(min_minutes, 150)) for day in days})


def _template_for(
    level: Level | str | None, distance: RaceDistance | str | None, days_per_week: int | None
) -> st.SearchStrategy[TemplateFile]:
    choices = [
        template
        for template in templates()
        if (level is None or template.level == level)
        and (distance is None or template.distance == distance)
        and (days_per_week is None or template.days.min_available <= days_per_week)
    ]
    if not choices:
        raise ValueError("no packaged template fits these options")
    return st.sampled_from(choices)


@st.composite
def _inputs_for(
    draw: st.DrawFn, template: TemplateFile, days_per_week: int | None
) -> tuple[Athlete, Goal, dt.date]:
    least = max(template.days.min_available, days_per_week or 0)
    count = days_per_week or draw(st.integers(least, 7))
    days = draw(st.permutations(_WEEKDAYS))[:count]
    easy_min = template.sessions.easy_min_minutes
    minutes = {day: draw(st.integers(easy_min, 120)) for day in days[1:]}
    weekly = draw(
        st.integers(template.volume.min_start_minutes, template.volume.min_start_minutes + 300)
    )
    longest = draw(st.integers(easy_min, min(weekly, 180)))
    # The long-run day holds the runner's long run (a shorter one is questionable input).
    minutes[days[0]] = draw(st.integers(max(template.long_run.min_minutes, longest), 240))
    athlete = Athlete(
        level=template.level,
        weekly_minutes=weekly,
        longest_run_minutes=longest,
        availability=Availability.model_validate(minutes),
        recent_race=draw(st.none() | race_results()),
        long_run_day=draw(st.sampled_from([None, days[0]])),
    )
    weeks = draw(st.integers(template.runway.min_weeks, template.runway.max_weeks))
    race_date = START + dt.timedelta(weeks=weeks - 1, days=draw(st.integers(0, 6)))
    return athlete, Goal(distance=template.distance, race_date=race_date), START


def plan_inputs(
    *,
    distance: RaceDistance | str | None = None,
    level: Level | str | None = None,
    days_per_week: int | None = None,
) -> st.SearchStrategy[tuple[Athlete, Goal, dt.date]]:
    """(athlete, goal, start) that a packaged template can always plan for.

    The race falls within the template's runway; shrinks towards the shortest runway, the
    fewest days and the least volume.
    """
    if days_per_week is not None and not 2 <= days_per_week <= 7:
        raise ValueError("days_per_week must be from 2 to 7")
    return _template_for(level, distance, days_per_week).flatmap(
        lambda template: _inputs_for(template, days_per_week)
    )


def athletes(
    *, level: Level | str | None = None, days_per_week: int | None = None
) -> st.SearchStrategy[Athlete]:
    """Athletes that some packaged template can plan for; see `plan_inputs`."""
    return plan_inputs(level=level, days_per_week=days_per_week).map(lambda inputs: inputs[0])


def goals(*, distance: RaceDistance | str | None = None) -> st.SearchStrategy[Goal]:
    """Goal races 6-24 weeks after the default start, optionally with a target time."""
    distances = [RaceDistance(distance)] if distance else list(RaceDistance)

    def goal(race: RaceDistance, weeks: int, vdot: float | None) -> Goal:
        target = None
        if vdot is not None:
            target = dt.timedelta(seconds=round(equivalent_time(vdot, race.metres).total_seconds()))
        return Goal(distance=race, race_date=START + dt.timedelta(weeks=weeks), target_time=target)

    return st.builds(
        goal, st.sampled_from(distances), st.integers(6, 24), st.none() | st.floats(30, 70)
    )


def plans(
    *,
    distance: RaceDistance | str | None = None,
    level: Level | str | None = None,
    days_per_week: int | None = None,
) -> st.SearchStrategy[Plan]:
    """Real plans, composed from generated athletes and goals.

    They satisfy every compose invariant. Shrinks towards short runways and small weeks.
    """
    return plan_inputs(distance=distance, level=level, days_per_week=days_per_week).map(
        lambda inputs: compose_plan(inputs[0], inputs[1], start=inputs[2])
    )


def steps(*, max_effort: Effort = Effort.REPETITION) -> st.SearchStrategy[Step]:
    """Steps by duration (10 s to 2 h), with a matching pace or none; shrinks to short and easy."""

    def step(part: StepPart, effort: Effort, seconds: int, vdot: float | None) -> Step:
        pace = None if vdot is None else effort_guide(effort).pace(_training_paces(vdot))
        return Step(part=part, effort=effort, duration=dt.timedelta(seconds=seconds), pace=pace)

    return st.builds(
        step,
        st.sampled_from(list(StepPart)),
        efforts(max_effort=max_effort),
        st.integers(10, 7200),
        st.none() | vdots(),
    )


def workouts() -> st.SearchStrategy[Workout]:
    """Workouts of steps and repeat groups; shrinks towards an empty workout."""
    item = st.one_of(
        steps(),
        st.builds(
            lambda times, body: Repeat(times=times, steps=tuple(body)),
            st.integers(1, 10),
            st.lists(steps(), min_size=1, max_size=3),
        ),
    )
    return st.lists(item, max_size=5).map(lambda items: Workout(steps=tuple(items)))


def sessions(*, day: dt.date | None = None) -> st.SearchStrategy[Session]:
    """Sessions of any kind with a real purpose; shrinks towards a rest day."""

    def session(kind: WorkoutKind, when: dt.date, workout: Workout, key: bool) -> Session:
        if kind is WorkoutKind.REST:
            workout = Workout()
        return Session(date=when, kind=kind, workout=workout, key=key, purpose=kind.guide.purpose)

    return st.builds(
        session,
        st.sampled_from([WorkoutKind.REST, *[k for k in WorkoutKind if k is not WorkoutKind.REST]]),
        st.just(day) if day else st.dates(START, START + dt.timedelta(days=365)),
        workouts(),
        st.booleans(),
    )


def _day(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date:
    if high < low:
        return low
    return low + dt.timedelta(days=draw(st.integers(0, (high - low).days)))


def check_ins(*, day: dt.date | None = None) -> st.SearchStrategy[CheckIn]:
    """Check-ins with any subset of the questions answered; shrinks towards an empty one."""
    return st.builds(
        CheckIn,
        date=st.just(day) if day else st.dates(START, START + dt.timedelta(days=180)),
        sleep_hours=st.none() | st.floats(3, 10, allow_nan=False),
        stress=st.none() | st.integers(1, 10),
        fatigue=st.none() | st.integers(1, 10),
        soreness=st.none() | st.integers(1, 10),
        resting_hr_delta=st.none() | st.integers(-5, 15),
    )


@st.composite
def illnesses(draw: st.DrawFn, *, start: dt.date | None = None) -> Illness:
    """Illnesses of up to a week, or ongoing, with 1-3 symptoms; shrinks towards a runny nose."""
    first = start or draw(st.dates(START, START + dt.timedelta(days=180)))
    length = draw(st.none() | st.integers(0, 6))
    symptoms = draw(st.frozensets(st.sampled_from(list(Symptom)), min_size=1, max_size=3))
    return Illness(
        start=first,
        end=None if length is None else first + dt.timedelta(days=length),
        symptoms=symptoms,
        temperature_c=draw(st.none() | st.floats(36.0, 40.5, allow_nan=False)),
        diagnosis=draw(st.sampled_from([None, None, "covid"])),
    )


_PAIN_FLAGS: Final = (
    "sharp",
    "worsening",
    "altered_gait",
    "swelling",
    "bone_tenderness",
    "at_rest",
)


def pains(*, day: dt.date | None = None) -> st.SearchStrategy[Pain]:
    """Pain reports, about half without red flags; shrinks towards no pain and no flags.

    Six flags drawn one by one would leave only one report in 64 without any, and the rules
    for pain that allows running (mild, settling, recurring) would hardly ever be drawn; a
    third of the reports settle by the next morning.
    """
    return st.builds(
        _pain,
        date=st.just(day) if day else st.dates(START, START + dt.timedelta(days=180)),
        location=st.sampled_from(_LOCATIONS),
        score=st.integers(0, 10),
        flags=st.just(frozenset[str]()) | st.frozensets(st.sampled_from(_PAIN_FLAGS)),
        settles_by_morning=st.sampled_from([None, True, False]),
    )


def _pain(
    *,
    date: dt.date,
    location: str,
    score: int,
    flags: frozenset[str],
    settles_by_morning: bool | None,
) -> Pain:
    return Pain.model_validate(
        {
            "date": date,
            "location": location,
            "score": score,
            "settles_by_morning": settles_by_morning,
            **dict.fromkeys(flags, True),
        }
    )


def time_limits(*, day: dt.date | None = None) -> st.SearchStrategy[TimeLimit]:
    """Time limits of 0-120 minutes; shrinks towards none at all."""
    return st.builds(
        TimeLimit,
        date=st.just(day) if day else st.dates(START, START + dt.timedelta(days=180)),
        minutes=st.integers(0, 120),
    )


_ZONES_BY: Final[tuple[ZonesBy, ...]] = ("heart rate", "pace")


@st.composite
def completed_sessions(draw: st.DrawFn, *, day: dt.date | None = None) -> CompletedSession:
    """Completed sessions as typed or read from a watch, shrinking towards a bare entry.

    RPE, heart rate, distance and minutes at each effort are each present or not.
    """
    minutes = draw(st.integers(0, 150))
    split = draw(st.none() | st.lists(st.sampled_from(list(Effort)[1:]), min_size=1, max_size=3))
    avg_hr = draw(st.none() | st.integers(100, 195))
    return CompletedSession(
        date=day or draw(st.dates(START, START + dt.timedelta(days=180))),
        minutes=minutes,
        rpe=draw(st.none() | st.integers(1, 10)),
        kind=draw(st.sampled_from([None, None, WorkoutKind.RACE, WorkoutKind.LONG])),
        distance=draw(st.none() | st.floats(500, 45_000)),
        avg_hr=avg_hr,
        max_hr=None if avg_hr is None else avg_hr + draw(st.integers(0, 25)),
        effort_minutes={} if not split else {e: minutes / len(split) for e in split},
        zones_by=None if not split else draw(st.sampled_from(_ZONES_BY)),
    )


@st.composite
def events(
    draw: st.DrawFn, *, plan: Plan | None = None, today: dt.date | None = None, max_size: int = 5
) -> list[Event]:
    """A few events of every kind; inside `plan`'s dates and around `today` when given.

    Missed and completed sessions and breaks lie before `today`; the rest around it.
    Shrinks towards no events.
    """
    first = plan.start if plan else START
    last = plan.end if plan else START + dt.timedelta(days=180)
    now = today or _day(draw, first, last)
    week = dt.timedelta(days=7)
    out: list[Event] = []
    for _ in range(draw(st.integers(0, max_size))):
        kind = draw(
            st.sampled_from(
                [
                    "check_in",
                    "illness",
                    "pain",
                    "time",
                    "missed",
                    "break",
                    "completed",
                    "resume",
                    "race_date",
                ]
            )
        )
        if kind == "check_in":
            out.append(
                draw(check_ins(day=_day(draw, max(first, now - week), min(last, now + week))))
            )
        elif kind == "illness":
            out.append(
                draw(illnesses(start=_day(draw, max(first, now - week), min(last, now + 2 * week))))
            )
        elif kind == "pain":
            out.append(draw(pains(day=_day(draw, max(first, now - week), min(last, now + week)))))
        elif kind == "time":
            out.append(draw(time_limits(day=_day(draw, now, min(last, now + week)))))
        elif kind == "missed" and now > first:
            out.append(
                MissedSession(date=_day(draw, max(first, now - week), now - dt.timedelta(days=1)))
            )
        elif kind == "break" and now > first:
            begin = _day(draw, max(first, now - 9 * week), now - dt.timedelta(days=1))
            end = min(
                begin + dt.timedelta(days=draw(st.integers(0, 70))),
                now - dt.timedelta(days=1),
                last,
            )
            out.append(Break(start=begin, end=max(end, begin), cross_trained=draw(st.booleans())))
        elif kind == "completed" and now > first:
            out.append(draw(completed_sessions(
                day=_day(draw, max(first, now - 4 * week), now - dt.timedelta(days=1))
            )))  # fmt: skip
        elif kind == "race_date" and plan is not None:
            shift = dt.timedelta(days=7 * draw(st.integers(-4, 6)))
            since = draw(st.none() | st.just(_day(draw, max(first, now - week), now)))
            out.append(RaceDateChange(new_date=max(now, plan.end + shift), date=since))
        elif kind == "resume":
            out.append(Resume(
                date=_day(draw, max(first, now - 2 * week), min(last, now + week)),
                cleared_by=draw(st.sampled_from([None, "a doctor"])),
                pain_free_days=draw(st.none() | st.integers(0, 30)),
            ))  # fmt: skip
    return out


@st.composite
def adaptations(draw: st.DrawFn, *, distance: RaceDistance | str | None = None) -> Adaptation:
    """Adaptations of generated plans to generated events on a day inside the plan."""
    plan = draw(plans(distance=distance))
    today = _day(draw, plan.start, plan.end)
    return adapt(plan, draw(events(plan=plan, today=today)), today=today)


_VALUES: Final[dict[str, st.SearchStrategy[Any]]] = {
    "bool": st.booleans(),
    "number": st.integers(0, 30),
    "effort": st.sampled_from([effort.value for effort in Effort]),
    "kind": st.sampled_from([kind.value for kind in WorkoutKind]),
    "text": st.sampled_from(["knee", "race", "5K"]),
}
_OPS: Final[dict[str, list[str]]] = {
    "bool": ["eq", "ne"],
    "number": ["eq", "ne", "lt", "le", "gt", "ge"],
    "effort": ["eq", "ne", "lt", "le", "gt", "ge"],
    "kind": ["eq", "ne"],
    "text": ["eq", "ne"],
}
_ACTIONS: Final[list[dict[str, Any]]] = [
    {"action": "rest"},
    {"action": "replace", "kind": "cross_training", "effort": "easy"},
    {"action": "cap_effort", "effort": "easy"},
    {"action": "cap_minutes", "minutes": 30},
    {"action": "scale_minutes", "factor": 0.5},
    {"action": "drop"},
    {"action": "scale_volume", "factor": 0.8, "max_quality": 1},
    {"action": "note"},
    {"action": "refer", "to": "a doctor"},
    {"action": "race_as_training"},
    {"action": "walk_run", "run_minutes": 3, "walk_minutes": 2},
    {"action": "set_training_vdot", "factor": 0.9},
    {"action": "trim_to_fit", "fact": "day.minutes_available"},
]


@st.composite
def rules(draw: st.DrawFn, *, index: int = 0) -> Rule:
    """Valid rules over the real fact vocabulary: typed tests, scopes, actions and messages."""
    category = draw(st.sampled_from(sorted(CATEGORY_SOURCES)))
    visible = sorted(
        name for name, fact in FACTS.items() if fact.source in CATEGORY_SOURCES[category]
    )
    tests = []
    for name in draw(st.lists(st.sampled_from(visible), min_size=1, max_size=3)):
        kind = FACTS[name].type
        tests.append(
            {"fact": name, "op": draw(st.sampled_from(_OPS[kind])), "value": draw(_VALUES[kind])}
        )
    when: dict[str, Any] = (
        tests[0] if len(tests) == 1 else {draw(st.sampled_from(["all", "any"])): tests}
    )
    placeholder = draw(st.sampled_from(visible))
    span = draw(st.sampled_from(["day", "event", "after", "from", "plan", "none"]))
    scope: dict[str, Any] = {"span": span}
    if span in ("after", "day"):
        scope["days"] = draw(st.integers(1, 10))
    return Rule.model_validate(
        {
            "id": f"generated.{category}.rule{index}",
            "title": "A generated rule",
            "category": category,
            "severity": draw(st.sampled_from(["safety", "coaching"])),
            "priority": draw(st.integers(0, 1000)),
            "when": when,
            "scope": scope,
            "then": draw(st.sampled_from(_ACTIONS)),
            "why": f"Because of {{{placeholder}}}.",
            "evidence": ["Generated for tests"],
        }
    )


@st.composite
def rule_sets(draw: st.DrawFn, *, max_size: int = 5) -> RuleSet:
    """Rule sets of valid generated rules with unique ids; shrinks towards an empty set."""
    count = draw(st.integers(0, max_size))
    drawn = [draw(rules(index=index)) for index in range(count)]
    return RuleSet(rules=tuple(sorted(drawn, key=lambda rule: rule.id)), sources=("<generated>",))
