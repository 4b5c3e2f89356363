"""The plan: phases, weeks and sessions from the first day to race day.

A `Plan` is a frozen, self-describing value: it keeps the athlete and goal it was made for,
the template it came from, and every session with its why. It round-trips through JSON without
loss (``Plan.model_validate_json(plan.model_dump_json()) == plan``).

Example:
    >>> from datetime import date
    >>> import balg_planner as bp
    >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
    ...                     availability={"tue": 40, "thu": 40, "sat": 60})
    >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=date(2027, 3, 20)),
    ...                        start=date(2027, 1, 4))
    >>> len(plan.weeks), plan.sessions[-1].kind.value
    (11, 'race')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from balg_planner._resources import bounded_text, data_error_from
from balg_planner.athlete import Athlete, Goal
from balg_planner.compliance import (
    DayLoad,
    WeekCompliance,
    WeekLoad,
    compliance,
    load_days,
    load_weeks,
)
from balg_planner.effort import Effort
from balg_planner.errors import AdaptationError, NotFoundError
from balg_planner.events import CompletedSession, Event, MissedSession
from balg_planner.schema import PhaseName
from balg_planner.units import Day
from balg_planner.workout import Session, WorkoutKind, total_distance

__all__ = [
    "MAX_PLAN_BYTES",
    "Adaptation",
    "Adjustment",
    "Advice",
    "Change",
    "DayStatus",
    "FactValue",
    "Phase",
    "PhaseName",
    "Plan",
    "Readiness",
    "ReadinessLimit",
    "Week",
    "parse_plan",
]

_Frozen = ConfigDict(frozen=True, extra="forbid")

MAX_PLAN_BYTES: Final = 16 * 1024 * 1024
"""Plan files larger than this are refused before parsing (a marathon plan is about 0.3 MiB)."""

Change = Literal["modified", "moved", "replaced", "dropped", "inserted", "paused"]
"""What an adjustment did to a session."""

FactValue = bool | int | float | str
"""A fact's value, as recorded with an adjustment."""


class Adjustment(BaseModel):
    """One change to one session, with the rule that made it and why.

    Shaped like an error record: a stable `rule_id`, where (`date`), what (`change`,
    `before` → `after`), the `message` in plain words, and the `facts` that triggered it.
    """

    model_config = _Frozen

    rule_id: str
    """The rule that decided the change."""
    date: Day
    """The session's planned date."""
    change: Change
    """What the change did to the session (see `Change`)."""
    before: Session | None
    """The session as it stood; None when the change inserted one (a re-plan for a moved race)."""
    after: Session | None
    """The session after the change, on its new day when moved; None when it was dropped."""
    message: str
    """Why, in plain words; a rule that says the same on later days points back to the first."""
    facts: dict[str, FactValue] = {}
    """The facts that made the rule match, by name (``"illness.fever": True``)."""
    severity: Literal["safety", "coaching"]
    """The deciding rule's severity; `Adaptation.revert` keeps changes a ``"safety"`` rule needs."""
    matched: tuple[str, ...] = ()
    """Every rule that matched this session, the deciding one first."""
    learn: str = ""
    """A teaching topic that explains the why (``balg-planner learn <topic>``)."""


class Advice(BaseModel):
    """Advice from a rule that changes no session: see a doctor, revise the goal, a note."""

    model_config = _Frozen

    rule_id: str
    """The rule that gives the advice."""
    date: Day
    """The first day of the event it is about."""
    kind: Literal["refer", "note"]
    """``"refer"``: see someone (who is in `to`); ``"note"``: something to know or decide."""
    message: str
    """The advice, in plain words."""
    to: str = ""
    """Who to see, for a referral."""
    facts: dict[str, FactValue] = {}
    """The facts that made the rule match, by name; the session's facts are left out."""
    severity: Literal["safety", "coaching"]
    """The rule's severity: ``"safety"`` for advice that protects health, else ``"coaching"``."""


def _sum_efforts(sessions: Iterator[Session]) -> dict[Effort, dt.timedelta]:
    totals: dict[Effort, dt.timedelta] = {}
    for session in sessions:
        for effort, time in session.workout.time_per_effort().items():
            totals[effort] = totals.get(effort, dt.timedelta()) + time
    return {effort: totals[effort] for effort in Effort if effort in totals}


class Phase(BaseModel):
    """A block of weeks with one purpose: base, build, peak or taper."""

    model_config = _Frozen

    name: PhaseName
    """Which phase: base, build, peak or taper."""
    first_week: Annotated[int, Field(ge=1)]
    """The number of its first week (weeks count from 1)."""
    last_week: Annotated[int, Field(ge=1)]
    """The number of its last week, included."""
    focus: str
    """What this phase builds, from the template."""
    rationale: str
    """Why the phase comes where it does, in plain words."""

    @property
    def weeks(self) -> range:
        """The week numbers in this phase."""
        return range(self.first_week, self.last_week + 1)

    @property
    def span(self) -> str:
        """The phase's weeks in words: ``"weeks 9-10"``, or ``"week 11"`` for one week."""
        if self.first_week == self.last_week:
            return f"week {self.first_week}"
        return f"weeks {self.first_week}-{self.last_week}"


class Week(BaseModel):
    """Seven days of the plan (fewer in the race week, which ends on race day)."""

    model_config = _Frozen

    number: Annotated[int, Field(ge=1)]
    """The week's place in the plan, from 1."""
    start: Day
    """The first day of the week."""
    phase: PhaseName
    """The phase the week belongs to."""
    focus: str
    """The one line that says what this week is for."""
    cutback: bool = False
    """True for a cutback week: less running, to absorb the weeks before it."""
    skill: str = ""
    """The mental game skill this week practises (see `balg_planner.teaching`)."""
    sessions: tuple[Session, ...]
    """The sessions in date order, at most one a day; a rest day is a session too."""

    @model_validator(mode="after")
    def _sessions_inside_the_week(self) -> Week:
        end = self.start + dt.timedelta(days=6)
        previous: dt.date | None = None
        for session in self.sessions:
            if not self.start <= session.date <= end:
                raise ValueError(f"session on {session.date} is outside week {self.number}")
            if previous is not None and session.date <= previous:
                raise ValueError(f"week {self.number}: sessions must be in date order, one a day")
            previous = session.date
        return self

    @property
    def end(self) -> dt.date:
        """The last day of the week."""
        return self.start + dt.timedelta(days=6)

    @property
    def taper(self) -> bool:
        """True for taper weeks."""
        return self.phase is PhaseName.TAPER

    def session_on(self, day: dt.date) -> Session | None:
        """The session on `day`, or None."""
        for session in self.sessions:
            if session.date == day:
                return session
        return None

    @property
    def running_sessions(self) -> tuple[Session, ...]:
        """The runs of the week, race included."""
        return tuple(session for session in self.sessions if session.is_running)

    @property
    def running_minutes(self) -> float:
        """Minutes of running this week."""
        return sum(session.minutes for session in self.running_sessions)

    @property
    def key_sessions(self) -> tuple[Session, ...]:
        """The sessions the week is built around."""
        return tuple(session for session in self.sessions if session.key)

    def time_per_effort(self) -> dict[Effort, dt.timedelta]:
        """Running time at each effort this week."""
        return _sum_efforts(iter(self.running_sessions))

    @property
    def distance(self) -> float | None:
        """Estimated metres run, when paces are known."""
        return total_distance(session.distance for session in self.running_sessions)

    @property
    def load(self) -> float:
        """Session-RPE load of the week (minutes × RPE)."""
        return sum(session.load for session in self.sessions)

    def briefing(self, fmt: Literal["text", "md"] = "text") -> str:
        """The weekly coaching call in a page.

        What the week builds and why, its key sessions and how they should feel, the mental
        skill of the week, and what to do if life gets messy.
        """
        from balg_planner.render import render_briefing  # views sit above the model

        return render_briefing(self, fmt=fmt)

    def __repr__(self) -> str:
        return (
            f"Week({self.number}, {self.phase.value}, {self.start} to {self.end}, "
            f"{len(self.sessions)} sessions, {self.running_minutes:.0f} min running)"
        )

    def _repr_markdown_(self) -> str:
        from balg_planner.render import render_week  # views sit above the model

        return render_week(self, fmt="md")

    def _repr_html_(self) -> str:
        from balg_planner.render import render_week  # views sit above the model

        return render_week(self, fmt="html")


class ReadinessLimit(StrEnum):
    """What held the long run below what the race needs (reference LOAD-12, LOAD-13)."""

    DAY = "day"
    """The long-run day has fewer minutes than the target."""
    WEEK = "week"
    """The other days cannot carry a week in which the long run keeps its share."""
    RUNWAY = "runway"
    """Growing at most 10 % a step from the current longest run needs more weeks."""


class Readiness(BaseModel):
    """How far the plan takes the runner towards what the race needs, with numbers.

    Targets come from the template's ``[readiness]`` table; the peaks are what the plan
    actually schedules before the taper.
    """

    model_config = _Frozen

    long_run_target: Annotated[int, Field(ge=0)]
    """Minutes the longest long run should reach for this distance and level."""
    long_run_peak: Annotated[int, Field(ge=0)]
    """Minutes of the longest long run the plan schedules."""
    current_long_run: Annotated[int, Field(ge=0)]
    """The runner's longest recent run, where the plan starts from."""
    race_specific_kind: WorkoutKind
    """The session kind that rehearses the race (marathon pace, threshold, intervals)."""
    race_specific_target: Annotated[int, Field(ge=0)]
    """Minutes of race-specific running one session should reach at its peak."""
    race_specific_peak: Annotated[int, Field(ge=0)]
    """Minutes of race-specific running in the plan's biggest such session."""
    current_weekly: Annotated[int, Field(ge=0)]
    """The runner's weekly running minutes at the start."""
    peak_weekly: Annotated[int, Field(ge=0)]
    """Running minutes of the plan's biggest week."""
    limits: tuple[ReadinessLimit, ...] = ()
    """What held the long run below its target; empty when it is reached."""

    @property
    def reached(self) -> bool:
        """True when the long run reaches its target."""
        return self.long_run_peak >= self.long_run_target


def _read_as_version_two(version: Any) -> Any:
    """Version 1 differs only in how paces are written, which version 2 reads either way."""
    return 2 if version == 1 and not isinstance(version, bool) else version


class Plan(BaseModel):
    """A whole training plan, from its first week to race day."""

    model_config = _Frozen

    schema_version: Annotated[Literal[2], BeforeValidator(_read_as_version_two)] = 2
    """The JSON layout: 2 writes paces as seconds per kilometre. Files without it (version 1,
    paces as ISO 8601 durations) are still read."""
    id: Annotated[str, Field(max_length=40)] = ""
    """A stable key for the plan (its sessions' ids start with it); empty for plans made
    elsewhere."""
    template: str
    """The id of the template it was composed from."""
    athlete: Athlete
    """The runner the plan was composed for, as they were then."""
    goal: Goal
    """The race the plan builds towards."""
    start: Day
    """The first day of week 1."""
    phases: tuple[Phase, ...]
    """The phases in order; a short runway may leave one out."""
    weeks: Annotated[tuple[Week, ...], Field(min_length=1)]
    """Every week in order, seven days apart; the last one ends on race day."""
    notes: tuple[str, ...] = ()
    """What the composer adjusted and why (e.g. a later start for a long runway)."""
    readiness: Readiness | None = None
    """How far the plan prepares the runner for the race; None for plans made elsewhere."""

    @model_validator(mode="after")
    def _weeks_follow_each_other(self) -> Plan:
        for index, week in enumerate(self.weeks):
            expected = self.start + dt.timedelta(weeks=index)
            if week.number != index + 1 or week.start != expected:
                raise ValueError(f"week {index + 1} must start on {expected}")
        return self

    @model_validator(mode="after")
    def _ids_unique(self) -> Plan:
        seen: set[str] = set()
        for week in self.weeks:
            for session in week.sessions:
                if session.id in seen:
                    raise ValueError(f"two sessions share the id {session.id!r}")
                seen.add(session.id)
        return self

    @property
    def end(self) -> dt.date:
        """Race day (the plan's last day)."""
        return self.goal.race_date

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session of the plan, in date order."""
        return tuple(session for week in self.weeks for session in week.sessions)

    def week(self, number: int) -> Week:
        """Week `number` (1-based).

        Raises:
            NotFoundError: There is no such week.
        """
        if not 1 <= number <= len(self.weeks):
            raise NotFoundError(
                "no such week", value=number, hint=f"the plan has weeks 1-{len(self.weeks)}"
            )
        return self.weeks[number - 1]

    def week_of(self, day: dt.date) -> Week | None:
        """The week that contains `day`, or None outside the plan."""
        index = (day - self.start).days // 7
        return self.weeks[index] if 0 <= index < len(self.weeks) else None

    def session_on(self, day: dt.date) -> Session | None:
        """The session on `day`, or None when there is none (or the day is outside the plan)."""
        week = self.week_of(day)
        return None if week is None else week.session_on(day)

    def phase(self, name: PhaseName | str) -> Phase | None:
        """The phase called `name`, or None when the plan has none (a short runway)."""
        for phase in self.phases:
            if phase.name == name:
                return phase
        return None

    def weeks_in(self, name: PhaseName | str) -> tuple[Week, ...]:
        """The weeks of one phase."""
        return tuple(week for week in self.weeks if week.phase == name)

    @property
    def race(self) -> Session:
        """The race-day session."""
        last = self.weeks[-1].sessions[-1]
        if last.kind is not WorkoutKind.RACE:  # pragma: no cover - compose always ends on a race
            raise NotFoundError("the plan has no race session", value=self.template)
        return last

    @property
    def running_minutes(self) -> float:
        """Minutes of running in the whole plan."""
        return sum(week.running_minutes for week in self.weeks)

    def time_per_effort(self) -> dict[Effort, dt.timedelta]:
        """Running time at each effort over the whole plan."""
        return _sum_efforts(s for week in self.weeks for s in week.running_sessions)

    @property
    def distance(self) -> float | None:
        """Estimated metres run in the whole plan, when paces are known."""
        return total_distance(week.distance for week in self.weeks)

    @property
    def load(self) -> float:
        """Session-RPE load of the whole plan."""
        return sum(week.load for week in self.weeks)

    def compliance(self, events: Iterable[Event], *, today: dt.date) -> list[WeekCompliance]:
        """Planned against done, week by week, for the weeks begun by `today`.

        See `balg_planner.compliance`: completed sessions are matched to the planned ones
        they fulfil (same day, then the nearest of the week by length); the rest are extra.
        """
        return compliance(self, events, today=today)

    def load_days(
        self, events: Iterable[Event] = (), *, today: dt.date | None = None
    ) -> list[DayLoad]:
        """The load picture day by day to race day (see `balg_planner.compliance`).

        Planned and done load, fitness, fatigue, form and the acute:chronic ratio (information
        only). Without `today`, the plan's projection.
        """
        return load_days(self, events, today=today)

    def load_weeks(
        self, events: Iterable[Event] = (), *, today: dt.date | None = None
    ) -> list[WeekLoad]:
        """Foster's weekly load, monotony and strain for each week (see `load_days`)."""
        return load_weeks(self, load_days(self, events, today=today))

    def daily_loads(self) -> dict[dt.date, float]:
        """Planned session-RPE load by day, for `balg_planner.load` (monotony, ACWR, form)."""
        return {session.date: session.load for session in self.sessions if session.load}

    def with_sessions(self, changes: Mapping[dt.date, Session | None]) -> Plan:
        """The plan with the sessions on the days of `changes` replaced.

        None empties a day, as when its session moved to another day. Weeks without a change
        are shared with this plan, not copied.
        """
        if not changes:
            return self
        weeks = []
        for week in self.weeks:
            if any(week.start <= day <= week.end for day in changes):
                days: dict[dt.date, Session | None] = {s.date: s for s in week.sessions}
                for day, session in changes.items():
                    if week.start <= day <= week.end:
                        days[day] = session
                sessions = tuple(s for day in sorted(days) if (s := days[day]) is not None)
                weeks.append(week.model_copy(update={"sessions": sessions}))
            else:
                weeks.append(week)
        return self.model_copy(update={"weeks": tuple(weeks)})

    def __repr__(self) -> str:
        sessions = sum(len(week.sessions) for week in self.weeks)
        return (
            f"Plan(id={self.id!r}, template={self.template!r}, {self.start} to {self.end}, "
            f"{len(self.weeks)} weeks, {sessions} sessions)"
        )

    def _repr_markdown_(self) -> str:
        from balg_planner.render import render_plan  # views sit above the model

        return render_plan(self, fmt="md")

    def _repr_html_(self) -> str:
        from balg_planner.render import render_plan  # views sit above the model

        return render_plan(self, fmt="html")


DayStatus = Literal["completed", "missed", "planned", "rest"]
"""What a day holds: done, missed, still planned (or assumed done), or rest."""


class Adaptation(BaseModel):
    """The result of `adapt`: the adapted plan, every change with its why, and undo.

    The plan given to `adapt` is kept as `original`, so any change can be reverted.
    """

    model_config = _Frozen

    original: Plan
    """The plan given to `adapt`, kept so that any change can be reverted."""
    plan: Plan
    """The adapted plan."""
    today: Day
    """The day the adaptation is for; sessions before it are history."""
    events: tuple[Event, ...] = ()
    """The events given to `adapt`, in the order given."""
    adjustments: tuple[Adjustment, ...]
    """Every change to a session, by date and then rule id."""
    advice: tuple[Advice, ...] = ()
    """Advice that changes no session (see a doctor, a note), by date and then rule id."""
    paused: bool = False
    """True while a pause is in force (until a `Resume` event)."""

    def __repr__(self) -> str:
        return (
            f"Adaptation(today={self.today}, {len(self.adjustments)} adjustments, "
            f"{len(self.advice)} advice, paused={self.paused}, plan={self.plan!r})"
        )

    def _repr_markdown_(self) -> str:
        from balg_planner.render import render_adaptation  # views sit above the model

        return render_adaptation(self, fmt="md")

    def _repr_html_(self) -> str:
        from balg_planner.render import render_adaptation  # views sit above the model

        return render_adaptation(self, fmt="html")

    def compliance(self) -> list[WeekCompliance]:
        """Planned against done, week by week, from this adaptation's events."""
        return self.plan.compliance(self.events, today=self.today)

    def load_days(self) -> list[DayLoad]:
        """The load picture to race day: done before this adaptation's day, planned after."""
        return self.plan.load_days(self.events, today=self.today)

    def status_on(self, day: dt.date) -> DayStatus:
        """What happened on a past day, or what is planned from today on.

        ``"completed"`` and ``"missed"`` come from the events; earlier days without either are
        ``"planned"`` (assumed done as planned), and days without a session are ``"rest"``.
        """
        if any(isinstance(e, CompletedSession) and e.date == day for e in self.events):
            return "completed"
        if any(isinstance(e, MissedSession) and e.date == day for e in self.events):
            return "missed"
        session = self.plan.session_on(day)
        if session is None or session.kind is WorkoutKind.REST:
            return "rest"
        return "planned"

    def revert(self, adjustment: Adjustment) -> Plan:
        """The adapted plan without `adjustment`.

        Raises:
            AdaptationError: A safety rule matched that session, so it is still in force and
                the change stays; the change is to a day that has passed (the plan keeps it as
                the record); or the adjustment is not part of this adaptation.
        """
        if adjustment not in self.adjustments:
            raise AdaptationError(
                "the adjustment is not part of this adaptation", value=adjustment.rule_id
            )
        last = (
            adjustment.date
            if adjustment.after is None
            else max(adjustment.date, adjustment.after.date)
        )
        if last < self.today:
            raise AdaptationError(
                "cannot revert a change to a day that has passed",
                loc=(adjustment.date.isoformat(),),
                value=adjustment.rule_id,
                hint="the plan keeps what was asked that day, as the record of it",
            )
        safety = [rule_id for rule_id in adjustment.matched if self._is_safety(rule_id, adjustment)]
        if safety:
            raise AdaptationError(
                "cannot revert a change a safety rule still requires",
                loc=(adjustment.date.isoformat(),),
                value=safety[0],
                hint="the change lifts once the event that triggered it is over",
            )
        return self.plan.with_sessions(self._restore(adjustment))

    def revert_all(self) -> Plan:
        """The adapted plan without every change that no safety rule requires."""
        restored: dict[dt.date, Session] = {}
        for adjustment in self.adjustments:
            if not any(self._is_safety(rule_id, adjustment) for rule_id in adjustment.matched):
                restored.update(self._restore(adjustment))
        return self.plan.with_sessions(restored)

    def _is_safety(self, rule_id: str, adjustment: Adjustment) -> bool:
        if rule_id == adjustment.rule_id:
            return adjustment.severity == "safety"
        return rule_id in self._safety_ids()

    def _safety_ids(self) -> frozenset[str]:
        return frozenset(
            adjustment.rule_id for adjustment in self.adjustments if adjustment.severity == "safety"
        ) | frozenset(item.rule_id for item in self.advice if item.severity == "safety")

    def _restore(self, adjustment: Adjustment) -> dict[dt.date, Session]:
        dates = {adjustment.date}
        if adjustment.after is not None:
            dates.add(adjustment.after.date)
        restored = {}
        for day in dates:
            session = self.original.session_on(day)
            if session is not None and day >= self.today:
                restored[day] = session
        return restored


def parse_plan(text: str | bytes, *, source: str = "<plan>") -> Plan:
    """Read a plan from its JSON (``plan.model_dump_json()``).

    Plans over `MAX_PLAN_BYTES` are refused before parsing.

    Raises:
        DataError: Not JSON, not UTF-8, too large, or not a valid plan; the message names the
            source and the path to the first bad value.
    """
    text = bounded_text(text, source=source, what="plan file", limit=MAX_PLAN_BYTES)
    try:
        return Plan.model_validate_json(text)
    except ValidationError as exc:
        raise data_error_from(exc, source=source) from None
