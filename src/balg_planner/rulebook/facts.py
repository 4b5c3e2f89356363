"""What an event, a session and recent load say, as facts a rule can test.

Each function answers for one source of facts in `balg_planner.rulebook.vocabulary.FACTS`:
an illness, a pain report, a check-in, a missed session, a break, a session, recent load.
A fact that is not known (a pain report that does not say whether it settles by morning) is
left out, and a test of a missing fact is false.

Example:
    >>> import datetime as dt
    >>> from balg_planner.events import Illness
    >>> facts = illness_facts(Illness(start=dt.date(2027, 1, 5), symptoms={"fever"}),
    ...                       dt.date(2027, 1, 6))
    >>> facts["illness.fever"], facts["illness.days"], facts["illness.gate_days"]
    (True, 2, 2)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from balg_planner.athlete import Weekday
from balg_planner.effort import effort_guide
from balg_planner.errors import DataError
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
    TimeTrial,
)
from balg_planner.plan import Plan
from balg_planner.rulebook.shaping import is_quality
from balg_planner.rulebook.vocabulary import Facts
from balg_planner.science import (
    MIN_VDOT,
    SPIKE_WINDOW,
    RunWindow,
    equivalent_time,
    fitness_after_break,
    longest_recent_run,
    runs_in_window,
    spike_limit,
    window_days,
)
from balg_planner.units import RaceDistance, format_distance, format_duration
from balg_planner.workout import MIN_RUN_MINUTES, Session, WorkoutKind

__all__ = [
    "EPISODE_GAP_DAYS",
    "ILLNESS_CREDIT",
    "RECENT_RESULT_DAYS",
    "RESTING_ILLNESS_DAYS",
    "Context",
    "Episode",
    "best_recent_vdot",
    "break_facts",
    "check_in_facts",
    "completed_facts",
    "day_facts",
    "days_off",
    "event_end",
    "event_facts",
    "fitness_facts",
    "ill_spans",
    "illness_episodes",
    "illness_facts",
    "lifts",
    "load_facts",
    "missed_facts",
    "needs_clearance",
    "pain_facts",
    "pain_place",
    "pause_end",
    "profile_result",
    "race_recovery_days",
    "races_run",
    "return_facts",
    "session_facts",
    "since_facts",
]


_SEVERE_PAIN: Final = 7
"""Pain scores from here stop running until it is reported again (the pain pack agrees)."""


_Dated = TypeVar("_Dated", CheckIn, CompletedSession)


@dataclass(frozen=True, slots=True)
class _ByDate(Generic[_Dated]):
    """Events sorted by date, for the ones in a span of days in O(log n + k), not O(n).

    The span's events come back in their original order, so sums of float scores add up in
    the same order as a scan of every event would, to the last bit.
    """

    dates: tuple[dt.date, ...]
    order: tuple[int, ...]
    items: tuple[_Dated, ...]

    @classmethod
    def of(cls, items: Sequence[_Dated]) -> _ByDate[_Dated]:
        order = sorted(range(len(items)), key=lambda index: items[index].date)
        return cls(tuple(items[i].date for i in order), tuple(order), tuple(items))

    def between(self, first: dt.date, last: dt.date) -> list[_Dated]:
        """The events dated `first` to `last` (inclusive), in their original order."""
        low, high = bisect_left(self.dates, first), bisect_right(self.dates, last)
        return [self.items[index] for index in sorted(self.order[low:high])]


@dataclass(frozen=True, slots=True)
class Context:
    """Everything known besides one event: the plan, today, and the rest of the runner's log."""

    plan: Plan
    today: dt.date
    events: tuple[Event, ...]
    race_date: dt.date
    """Race day, after any `RaceDateChange`."""
    completed: Mapping[dt.date, float]
    """Minutes actually run, by day."""
    missed: frozenset[dt.date]
    check_ins: tuple[CheckIn, ...]
    completed_events: tuple[CompletedSession, ...]
    resumes: tuple[Resume, ...]
    """The runner's resumes after a pause, in date order."""
    pains: tuple[Pain, ...]
    sessions: Mapping[dt.date, Session]
    """The plan's sessions by day."""
    check_ins_by_date: _ByDate[CheckIn]
    completed_by_date: _ByDate[CompletedSession]
    replay_from: dt.date
    """The first day the engine re-decides: the past since the earliest event (at most six
    weeks back) is replayed so that recent load reflects what the rules asked for then."""
    ill: tuple[tuple[dt.date, dt.date], ...] = ()
    """The first and last days of each illness that stops training (see `ill_spans`)."""
    episodes: Mapping[Illness, Episode] = dataclasses.field(default_factory=dict)
    """The illness episode of each illness (see `illness_episodes`)."""
    runs_logged: Mapping[dt.date, float] = dataclasses.field(default_factory=dict)
    """Minutes of each logged run (not strength or cross-training), by day."""
    off: frozenset[dt.date] = frozenset()
    """The days before today the runner did not run as planned (see `days_off`)."""
    pain_days: Mapping[str, tuple[dt.date, ...]] = dataclasses.field(default_factory=dict)
    """The days with a pain report, in date order, by place (see `pain_place`)."""

    @classmethod
    def of(cls, plan: Plan, events: Iterable[Event], today: dt.date) -> Context:
        """The context of `events` as of `today`."""
        events = tuple(events)
        race_date = plan.end
        for event in events:
            if isinstance(event, RaceDateChange):
                race_date = event.new_date
        done = tuple(e for e in events if isinstance(e, CompletedSession))
        check_ins = tuple(e for e in events if isinstance(e, CheckIn))
        episodes, ill = _episodes(events, today)
        pains = tuple(e for e in events if isinstance(e, Pain))
        context = cls(
            plan=plan,
            today=today,
            events=events,
            race_date=race_date,
            completed={e.date: e.minutes for e in done},
            missed=frozenset(e.date for e in events if isinstance(e, MissedSession)),
            check_ins=check_ins,
            completed_events=done,
            resumes=tuple(
                sorted((e for e in events if isinstance(e, Resume)), key=lambda e: e.date)
            ),
            pains=pains,
            sessions={session.date: session for session in plan.sessions},
            check_ins_by_date=_ByDate.of(check_ins),
            completed_by_date=_ByDate.of(done),
            replay_from=_replay_from(plan, events, today),
            ill=ill,
            episodes=episodes,
            runs_logged={e.date: e.minutes for e in done if e.kind is None or e.kind.is_running},
            pain_days=_pain_days(pains),
        )
        return dataclasses.replace(context, off=days_off(context))


_REPLAY_DAYS: Final = 42
"""How far back the engine replays past days: the 30-day load window, with room to spare."""


def _replay_from(plan: Plan, events: tuple[Event, ...], today: dt.date) -> dt.date:
    earliest = min((event.first_day for event in events), default=today)
    return max(plan.start, min(earliest, today), today - dt.timedelta(days=_REPLAY_DAYS))


def event_end(event: Event, today: dt.date) -> dt.date:
    """The last day of an event; an ongoing illness is assumed to last through tomorrow.

    Nobody knows when an illness that has not ended will end: planning as if it ends today
    would put a run on tomorrow that the runner is probably still too ill for.
    """
    match event:
        case Illness():
            if event.end is not None:
                return event.end
            return max(today, event.start) + dt.timedelta(days=1)
        case Break():
            return event.end
        case _:
            return event.first_day


RESTING_ILLNESS_DAYS: Final = 4
"""From the fourth day of symptoms, even a head cold stops training (ILL-03: Walsh et al., day 4
with no relief, no exercise); the rest rule of the illness pack agrees."""


def ill_spans(events: Iterable[Event], today: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """The first and last days of each illness that stops training, in date order.

    Fever, below-the-neck or cardiac symptoms, or any symptoms into a fourth day: a run logged
    on one of these days proves no fitness, and the runs before one count only in part after it
    (see `load_facts`). An illness episode that stops training (`illness_episodes`) spans from
    its first symptom to its last, as one illness would; each of its illnesses that stops
    training on its own keeps its own span too, so nothing counts for less than before.
    """
    return _episodes(events, today)[1]


EPISODE_GAP_DAYS: Final = 2
"""Days without symptoms between two illnesses that still make them one illness episode.

New symptoms within the 48 symptom-free hours the return gate asks for (ILL-04) begin before
the body has cleared the illness before them: it is the same illness coming back, which ILL-07
treats as one ("improve and then recur"). Two days, the longer of the gate's two lengths, so
a fever that returns inside its own gate is never a fresh start. After them the gate has been
passed and training could have resumed: a later illness is a new one.
"""

_FOLLOWS_ON: Final = dt.timedelta(days=EPISODE_GAP_DAYS + 1)
"""The most days from an illness's last day to the first day of one that continues it."""


@dataclass(frozen=True, slots=True)
class Episode:
    """An illness together with the illnesses it follows on from, as of its last day.

    Illnesses that overlap, touch or follow each other within `EPISODE_GAP_DAYS` are one illness
    episode: its length and the way back after it count as one illness's would, and the way back
    follows its worst symptoms. Three days of a head cold and then four of a fever are a week of
    illness with a fever in it. The illness that ends the episode speaks for it: it holds the
    illnesses of the episode that began by its last day, and their days with symptoms up to it.
    An illness that a later one continues keeps its own length and symptoms, so its own way back
    still holds (the 48 hours after a fever fall on the days of the cold that follows it), and
    the later illness's way back, as long and as careful as the whole episode's, comes after.
    """

    days: int
    """Days with symptoms, counting the first; a day without symptoms between two illnesses does
    not count."""
    fourth_day: dt.date
    """The fourth day with symptoms; while there are fewer, the day it would be if symptoms went
    on after the illness's last day."""
    fever: bool
    """A fever on some day of the episode."""
    systemic: bool
    """A fever or a below-the-neck symptom on some day of the episode."""
    post_viral: bool
    """A diagnosis the post-viral return follows, and systemic symptoms, in the episode."""
    symptoms: str
    """Every symptom of the episode, in plain words."""
    continued: bool
    """A later illness of the episode ends after this one, so its facts tell the whole episode.
    An ongoing illness is never continued."""


@dataclass(frozen=True, slots=True)
class _Ill:
    """One illness with what the episodes ask of it, each worked out once."""

    illness: Illness
    last: dt.date
    """Its last day with symptoms so far (`_last_day`)."""
    fever: bool
    systemic: bool
    viral: bool
    stops: bool
    """It stops training on its own: fever, below-the-neck or cardiac symptoms, or a fourth
    day with symptoms."""

    @classmethod
    def of(cls, illness: Illness, today: dt.date) -> _Ill:
        last = _last_day(illness, today)
        systemic = illness.systemic
        stops = (
            systemic or illness.cardiac or (last - illness.start).days + 1 >= RESTING_ILLNESS_DAYS
        )
        return cls(illness, last, illness.fever, systemic, illness.viral_diagnosis, stops)


@dataclass(frozen=True, slots=True)
class _Totals:
    """What the first illnesses of an episode (by first day) hold together."""

    days: int
    """Days with symptoms."""
    end: dt.date
    """The last of them."""
    fourth_day: dt.date | None
    """The fourth of them, once there are four."""
    fever: bool
    systemic: bool
    viral: bool
    symptoms: frozenset[Symptom]
    temperature_c: float | None
    diagnosis: str | None


def illness_episodes(events: Iterable[Event], today: dt.date) -> dict[Illness, Episode]:
    """The illness episode of each illness in `events` as of `today` (see `Episode`).

    Example:
        >>> cold = Illness(start=dt.date(2027, 3, 15), end=dt.date(2027, 3, 17),
        ...                symptoms={"runny_nose"})
        >>> fever = Illness(start=dt.date(2027, 3, 18), end=dt.date(2027, 3, 21),
        ...                 symptoms={"fever"})
        >>> episode = illness_episodes([cold, fever], dt.date(2027, 3, 22))[fever]
        >>> episode.days, episode.fever, episode.symptoms
        (7, True, 'fever and runny nose')
    """
    return _episodes(events, today)[0]


def _episodes(
    events: Iterable[Event], today: dt.date
) -> tuple[dict[Illness, Episode], tuple[tuple[dt.date, dt.date], ...]]:
    """The episode of each illness, and the spans of illness that stop training (`ill_spans`).

    One sort, then one sweep by first day: linear in the number of illnesses after the sort.
    """
    ills = sorted(
        (_Ill.of(event, today) for event in events if isinstance(event, Illness)),
        key=lambda ill: (ill.illness.start, ill.last),
    )
    episodes: dict[Illness, Episode] = {}
    spans = {(ill.illness.start, event_end(ill.illness, today)) for ill in ills if ill.stops}
    group: list[_Ill] = []
    reach = dt.date.min
    for ill in ills:
        if group and ill.illness.start <= reach + _FOLLOWS_ON:
            group.append(ill)
            reach = max(reach, ill.last)
        else:
            spans.update(_add_episode(group, today, episodes))
            group, reach = [ill], ill.last
    spans.update(_add_episode(group, today, episodes))
    return episodes, tuple(sorted(spans))


def _add_episode(
    group: Sequence[_Ill], today: dt.date, episodes: dict[Illness, Episode]
) -> list[tuple[dt.date, dt.date]]:
    """Add the episode of each illness of `group` (one episode, by first day) to `episodes`.

    Returns the episode's span, from its first day to its last, when it stops training: an
    illness that does on its own, or a fourth day with symptoms.
    """
    if not group:
        return []
    totals = _running_totals(group)
    starts = [ill.illness.start for ill in group]
    latest = max((ill.last, ill.illness.start) for ill in group)
    for ill in group:
        illness, last = ill.illness, ill.last
        if illness.end is not None and (last, illness.start) < latest:
            # Continued: it keeps its own facts, and the one that continues it speaks for both.
            episodes[illness] = Episode(
                days=(last - illness.start).days + 1,
                fourth_day=illness.start + dt.timedelta(days=RESTING_ILLNESS_DAYS - 1),
                fever=ill.fever,
                systemic=ill.systemic,
                post_viral=ill.systemic and ill.viral,
                symptoms=_symptom_text(illness.symptoms, illness.temperature_c, illness.diagnosis),
                continued=True,
            )
            continue
        # The illnesses that began by its last day; their days after it are one run of days,
        # inside the one that reaches furthest (it began by then): cut them off.
        held = totals[bisect_right(starts, last) - 1]
        days = held.days - max((held.end - last).days, 0)
        fourth = held.fourth_day
        if fourth is None or fourth > last:
            fourth = last + dt.timedelta(days=RESTING_ILLNESS_DAYS - days)
        episodes[illness] = Episode(
            days=days,
            fourth_day=fourth,
            fever=held.fever,
            systemic=held.systemic,
            post_viral=held.systemic and held.viral,
            symptoms=_symptom_text(held.symptoms, held.temperature_c, held.diagnosis),
            continued=False,
        )
    if len(group) > 1 and (
        any(ill.stops for ill in group) or totals[-1].days >= RESTING_ILLNESS_DAYS
    ):
        return [(starts[0], max(event_end(ill.illness, today) for ill in group))]
    return []


def _running_totals(group: Sequence[_Ill]) -> list[_Totals]:
    """What the first 1, 2, ... illnesses of `group` (by first day) hold together."""
    totals: list[_Totals] = []
    days, end, fourth = 0, group[0].illness.start - dt.timedelta(days=1), None
    fever = systemic = viral = False
    symptoms: frozenset[Symptom] = frozenset()
    temperature: float | None = None
    diagnosis: str | None = None
    for ill in group:
        illness, last = ill.illness, ill.last
        new = max(illness.start, end + dt.timedelta(days=1))  # its days not yet counted
        if last >= new:
            added = (last - new).days + 1
            if fourth is None and days + added >= RESTING_ILLNESS_DAYS:
                fourth = new + dt.timedelta(days=RESTING_ILLNESS_DAYS - 1 - days)
            days, end = days + added, last
        fever, systemic, viral = fever or ill.fever, systemic or ill.systemic, viral or ill.viral
        symptoms |= illness.symptoms
        if illness.temperature_c is not None:
            taken = illness.temperature_c
            temperature = taken if temperature is None else max(temperature, taken)
        diagnosis = diagnosis or illness.diagnosis
        totals.append(
            _Totals(days, end, fourth, fever, systemic, viral, symptoms, temperature, diagnosis)
        )
    return totals


def _last_day(illness: Illness, today: dt.date) -> dt.date:
    """The last day with symptoms so far: today while the illness goes on."""
    return illness.end or max(today, illness.start)


def _join(words: Sequence[str]) -> str:
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else ""


def _symptom_text(
    symptoms: Iterable[Symptom], temperature_c: float | None, diagnosis: str | None
) -> str:
    words = sorted(symptom.label for symptom in symptoms)
    if temperature_c is not None:
        words.append(f"a temperature of {temperature_c:g} °C")
    if not words and diagnosis:
        words.append(diagnosis)
    return _join(words) or "symptoms"


def _gate_days(episode: Episode) -> int:
    """Clear days before training: 48 h after a fever, 24 h after milder symptoms (ILL-04).

    A fever on any day of the episode asks for the 48 hours: the way back follows its worst.
    """
    return 2 if episode.fever else 1


_EASY_RETURN_DAYS: Final = 7
"""The easy stage after an illness lasts a week, or as many days as the illness if longer
(ILL-05: full load over four to seven days after a short illness; Daniels: a return as long as
the break)."""


def _back_on(illness: Illness, days: int) -> str:
    """When training can resume after a gate of `days` clear days, in words."""
    if illness.end is None:
        clear = "two clear days" if days == 2 else "a clear day"
        return f"after {clear} once your symptoms have gone"
    return (illness.end + dt.timedelta(days=days + 1)).strftime("on %A %d %B")


def illness_facts(illness: Illness, today: dt.date, episode: Episode | None = None) -> Facts:
    """The facts of an illness as of `today`, in its illness `episode` (see `Episode`).

    The symptoms are the illness's own, for the rules about its own days; its length and the
    way back after it are its episode's (``illness.days``, the gate and the stages, and the
    ``illness.episode_*`` facts). Without an `episode`, the illness is an episode of its own.
    """
    if episode is None:
        episode = illness_episodes([illness], today)[illness]
    end = _last_day(illness, today)
    # From this illness's own first day, not the episode's: the later onset waits longer.
    gate_end = max(illness.start + dt.timedelta(days=10), end + dt.timedelta(days=7))
    days = episode.days
    gate = _gate_days(episode)
    facts: Facts = {
        "illness.fever": illness.fever,
        "illness.systemic": illness.systemic,
        "illness.below_neck": illness.systemic,
        "illness.above_neck_only": illness.above_neck_only,
        "illness.cardiac": illness.cardiac,
        "illness.post_viral": illness.post_viral,
        "illness.ongoing": illness.end is None,
        "illness.days": days,
        "illness.days_since_symptoms": (
            0 if illness.end is None else max((today - illness.end).days, 0)
        ),
        "illness.gate_days": gate,
        "illness.days_lost": days + gate,
        "illness.easy_days": max(_EASY_RETURN_DAYS, days),
        "illness.rebuild_from": gate + max(_EASY_RETURN_DAYS, days),
        "illness.post_viral_gate_days": (gate_end - end).days,
        "illness.symptoms": _symptom_text(
            illness.symptoms, illness.temperature_c, illness.diagnosis
        ),
        "illness.back_on": _back_on(illness, gate),
        "illness.rest_from": max((episode.fourth_day - illness.start).days, 0),
        "illness.continued": episode.continued,
        "illness.episode_systemic": episode.systemic,
        "illness.episode_post_viral": episode.post_viral,
        "illness.episode_symptoms": episode.symptoms,
    }
    if illness.temperature_c is not None:
        facts["illness.temperature"] = illness.temperature_c
    return facts


def _runs_while_ill(illness: Illness, ctx: Context) -> Facts:
    """The runs logged on the days of `illness` (through today while it goes on)."""
    last = illness.end or max(ctx.today, illness.start)
    days = sorted(
        {
            done.date
            for done in ctx.completed_by_date.between(illness.start, last)
            if done.kind is None or done.kind.is_running
        }
    )
    facts: Facts = {"illness.runs_logged": len(days)}
    if days:
        facts["illness.run_days"] = _join([f"{day:%A %d %B}" for day in days])
    return facts


def pain_place(pain: Pain) -> str:
    """Where it hurts, as reports of the same place match: ``"Left calf "`` is ``"left calf"``."""
    return pain.location.strip().lower()


def _pain_days(pains: Iterable[Pain]) -> dict[str, tuple[dt.date, ...]]:
    """The days with a report of pain (1/10 or more), by place, in date order.

    One pass and a sort, once per adaptation; a report of 0/10 says it does not hurt.
    """
    days: dict[str, set[dt.date]] = {}
    for pain in pains:
        if pain.score >= 1:
            days.setdefault(pain_place(pain), set()).add(pain.date)
    return {place: tuple(sorted(found)) for place, found in days.items()}


_RECENT_PAIN_DAYS: Final = (7, 14)
"""The windows reports of the same place are counted over: a week (pain back within it asks
for a lighter week) and two weeks (pain that keeps coming back over them is worth a
professional look; PAIN-01 counts pain lingering beyond about 2 weeks as a red flag)."""


def pain_facts(pain: Pain, reported: Sequence[dt.date] = ()) -> Facts:
    """The facts of a pain report.

    `reported` holds the days, in date order, with a report of pain in the same place (see
    `pain_place`); without them this report is counted as the only one.
    """
    facts: Facts = {
        "pain.score": pain.score,
        "pain.red_flag": pain.red_flag,
        "pain.bone_stress": pain.bone_stress,
        "pain.location": pain.location,
        "pain.flags": _join(pain.red_flags) or "no red flags",
    }
    # Not knowing yet whether it settles by morning counts as not settling: the careful reading
    # until the runner reports the next morning (PAIN-03's 24-hour rule).
    facts["pain.settles_by_morning"] = bool(pain.settles_by_morning)
    last = bisect_right(reported, pain.date)
    # This report counts even where `reported` leaves it out (triage knows only this one).
    missing = int(pain.score >= 1 and not (last > 0 and reported[last - 1] == pain.date))
    for days in _RECENT_PAIN_DAYS:
        first = bisect_left(reported, pain.date - dt.timedelta(days=days))
        facts[f"pain.reports_{days}d"] = last - first + missing
    return facts


_ORDINARY_EASY: Final = frozenset({WorkoutKind.EASY, WorkoutKind.RECOVERY, WorkoutKind.STRIDES})
"""The runs of an ordinary easy day: not the long run, quality or a race."""


def _easy_day_facts(pain: Pain, ctx: Context) -> Facts:
    """How long an ordinary easy day is around a pain report, as first planned.

    The longest easy run of the week from the report (the days its rules touch), else of the
    week before it; left out when neither holds one. At most 14 look-ups, once per report.
    """
    one = dt.timedelta(days=1)
    for start in (pain.date, pain.date - 7 * one):
        longest = 0.0
        for offset in range(7):
            session = ctx.sessions.get(start + offset * one)
            if session is not None and session.baseline.kind in _ORDINARY_EASY:
                longest = max(longest, session.baseline.minutes)
        if longest:
            return {"pain.easy_day_minutes": math.floor(longest)}
    return {}


def check_in_facts(
    check_in: CheckIn, check_ins: Sequence[CheckIn], completed: Sequence[CompletedSession]
) -> Facts:
    """The facts of a check-in, with the other check-ins and completed sessions around it."""
    return _check_in_facts(check_in, _ByDate.of(check_ins), _ByDate.of(completed))


def _check_in_facts(
    check_in: CheckIn, check_ins: _ByDate[CheckIn], completed: _ByDate[CompletedSession]
) -> Facts:
    facts: Facts = {}
    scores = (
        ("stress", check_in.stress),
        ("sleep_hours", check_in.sleep_hours),
        ("fatigue", check_in.fatigue),
        ("soreness", check_in.soreness),
        ("resting_hr_delta", check_in.resting_hr_delta),
    )
    for name, value in scores:
        if value is not None:
            facts[f"checkin.{name}"] = value
    window = check_ins.between(check_in.date - dt.timedelta(days=2), check_in.date)
    facts["checkin.short_nights"] = sum(
        1 for other in window if other.sleep_hours is not None and other.sleep_hours < 7
    )
    seven = check_ins.between(check_in.date - dt.timedelta(days=6), check_in.date)
    facts["checkin.stressed_days"] = len(
        {other.date for other in seven if other.stress is not None and other.stress >= _HIGH_STRESS}
    )
    week = [
        done.rpe
        for done in completed.between(check_in.date - dt.timedelta(days=7), check_in.date)
        if done.rpe is not None
    ]
    if week:
        facts["checkin.recent_rpe"] = round(sum(week) / len(week), 1)
    return facts


_HIGH_STRESS: Final = 8
"""A stress score this high or higher counts as a day of high stress (FAT-01)."""


def missed_facts(missed: MissedSession, ctx: Context) -> Facts | None:
    """The facts of a missed session; None when nothing was planned that day."""
    session = ctx.sessions.get(missed.date)
    if session is None or session.kind is WorkoutKind.REST:
        return None
    days, day = 0, missed.date
    while True:
        planned = ctx.sessions.get(day)
        if day in ctx.missed:
            days += 1
        elif planned is not None and planned.kind is not WorkoutKind.REST:
            break
        day -= dt.timedelta(days=1)
        if day < ctx.plan.start:
            break
    baseline = session.baseline
    return {
        "missed.days": days,
        "missed.key": baseline.key,
        "missed.kind": baseline.kind.value,
        "missed.minutes": round(baseline.minutes),
    } | _missed_return_facts(missed, ctx)


def _ran(day: dt.date, ctx: Context) -> bool:
    """Whether the runner ran on `day`, or is taken to have.

    A run logged, or a run first planned (the baseline, so adapting again reads the same) and
    not reported missed. Before the plan the runner was running (the athlete's context).
    """
    if day in ctx.completed or day < ctx.plan.start:
        return True
    if day in ctx.missed:
        return False
    planned = ctx.sessions.get(day)
    return planned is not None and planned.baseline.is_running


def _missed_return_facts(missed: MissedSession, ctx: Context) -> Facts:
    """The days without running around a missed session, and the way back from them.

    The days off run from the day after the last run to the day before the next planned run,
    so the way back is counted from the first run back, not from a rest day (MISS-03/04 and
    Daniels' return categories, reference §1.7: as long as the time off).
    """
    one = dt.timedelta(days=1)
    before = missed.date - one
    while not _ran(before, ctx):
        before -= one
    after = missed.date + one
    while after <= ctx.plan.end and not _ran(after, ctx):
        after += one
    later_missed = any(
        (planned := ctx.sessions.get(day)) is not None
        and planned.baseline.kind is not WorkoutKind.REST
        for day in ctx.missed
        if missed.date < day < after
    )
    off = (after - before).days - 1
    back = _return_days(off)
    half, third = math.ceil(back / 2), math.ceil(back / 3)
    first = (after - missed.date).days - 1  # days from the day after this one to the first run
    factor = fitness_after_break(50.0, off) / 50.0
    return {
        "missed.last": not later_missed,
        "missed.days_off": off,
        "missed.return_days": back,
        "missed.return_from": first,
        "missed.half_days": half,
        "missed.second_half_from": first + half,
        "missed.third_days": third,
        "missed.second_third_from": first + third,
        "missed.last_third_from": first + 2 * third,
        "missed.fitness_percent": round(factor * 100, 1),
        "missed.race_in_return": (ctx.race_date - missed.date).days <= first + back,
        "race.revised_time": _revised_time(ctx.plan, factor),
    }


def _return_days(days_off: int) -> int:
    if days_off <= 56:
        return days_off
    return 63  # three-week blocks for more than eight weeks off (Daniels category IV)


def break_facts(pause: Break, plan: Plan) -> Facts:
    """The facts of a break: how long, how much fitness is left, how long the way back is."""
    back = _return_days(pause.days_off)
    third = math.ceil(back / 3)
    vdot = plan.athlete.vdot
    factor = fitness_after_break(
        vdot or 50.0, pause.days_off, cross_trained=pause.cross_trained
    ) / (vdot or 50.0)
    facts: Facts = {
        "break.days_off": pause.days_off,
        "break.cross_trained": pause.cross_trained,
        "break.return_days": back,
        "break.half_days": math.ceil(back / 2),
        "break.third_days": third,
        "break.two_thirds_days": 2 * third,
        "break.fitness_percent": round(factor * 100, 1),
    }
    facts["race.revised_time"] = _revised_time(plan, factor)
    return facts


def _revised_time(plan: Plan, factor: float) -> str:
    """The goal race's time at `factor` of the runner's fitness, in words."""
    vdot = plan.athlete.vdot
    if vdot is not None and vdot * factor >= MIN_VDOT:
        return format_duration(
            equivalent_time(vdot * factor, plan.goal.distance.metres), clock=True
        )
    # No race result, or fitness below the equations' range: a share, run by effort.
    return f"{round((1 / factor - 1) * 100)} % slower than your fitness before the time off"


def _pausing(event: Event) -> bool:
    """Events that stop running until the runner resumes."""
    if isinstance(event, Illness):
        return event.cardiac
    if isinstance(event, Pain):
        return event.red_flag or event.bone_stress or event.score >= _SEVERE_PAIN
    return False


def needs_clearance(event: Event) -> bool:
    """Whether lifting `event` takes someone's clearance (ILL-02, PAIN-01, PAIN-02).

    Cardiac warning signs, red-flag pain, severe pain (7/10 or more) and suspected bone stress
    lift only with a `Resume` that says who cleared the runner (``cleared_by``): the plan says
    running stops "until it has been checked", and it keeps its word.
    """
    return (isinstance(event, Illness) and event.cardiac) or (
        isinstance(event, Pain)
        and (event.bone_stress or event.red_flag or event.score >= _SEVERE_PAIN)
    )


def lifts(resume: Resume, event: Event) -> bool:
    """Whether `resume` ends the pause that `event` began."""
    if resume.date <= event.first_day:
        return False
    return resume.cleared_by is not None or not needs_clearance(event)


def pause_end(event: Event, ctx: Context) -> dt.date | None:
    """The day running may restart after `event`, or None while nothing has lifted it.

    A resume lifts it (see `lifts`); so does a later report of the same place, except for
    pain that waits for clearance (`needs_clearance`).
    """
    stops = [resume.date for resume in ctx.resumes if lifts(resume, event)]
    if isinstance(event, Pain) and not needs_clearance(event):
        stops += [
            pain.date
            for pain in ctx.pains
            if pain.date > event.date and pain_place(pain) == pain_place(event)
        ]
    return min(stops, default=None)


def return_facts(resume: Resume, ctx: Context) -> Facts:
    """What a resume ends (the pauses it lifts) and what the runner was cleared for."""
    current = [
        event
        for event in ctx.events
        if _pausing(event)
        and event.first_day < resume.date
        and ((end := pause_end(event, ctx)) is None or end >= resume.date)
    ]
    lifted = [event for event in current if pause_end(event, ctx) == resume.date]
    facts: Facts = {
        "return.paused": bool(lifted),
        "return.after_cardiac": any(isinstance(event, Illness) for event in current),
        "return.after_injury": any(isinstance(event, Pain) for event in lifted),
        "return.after_bone_stress": any(
            isinstance(event, Pain) and event.bone_stress for event in current
        ),
        "return.needs_check": any(
            isinstance(event, Pain) and needs_clearance(event) and not event.bone_stress
            for event in current
        ),
        "return.days_paused": (
            (resume.date - min(event.first_day for event in lifted)).days if lifted else 0
        ),
        "return.cleared": resume.cleared_by is not None,
    }
    if resume.pain_free_days is not None:
        facts["return.pain_free_days"] = resume.pain_free_days
    return facts


def days_off(ctx: Context) -> frozenset[dt.date]:
    """Days before today the runner did not run as planned.

    Missed, on a break, ill with systemic or cardiac symptoms, or paused by pain that nothing
    has lifted yet. The spike guard must not count the runs these days planned (LOAD-02).
    """
    off = set(ctx.missed)
    for event in ctx.events:
        first, last = event.first_day, None
        if isinstance(event, Break):
            last = event.end
        elif isinstance(event, Illness) and (event.systemic or event.cardiac):
            last = event.end or ctx.today
        if _pausing(event):
            end = pause_end(event, ctx)
            last = max(last or first, (end - dt.timedelta(days=1)) if end else ctx.today)
        day = max(first, ctx.plan.start)  # before the plan there is nothing to take off
        while last is not None and day <= min(last, ctx.today - dt.timedelta(days=1)):
            if day not in ctx.completed:
                off.add(day)
            day += dt.timedelta(days=1)
    return frozenset(off)


def since_facts(
    event: Event, day: dt.date, sessions: Mapping[dt.date, Session], today: dt.date
) -> Facts:
    """How many runs and quality sessions the plan (as it now stands) holds since the event."""
    first = event_end(event, today) + dt.timedelta(days=1)
    if (day - first).days > len(sessions):  # an old event: count the plan's days, not the years
        between = [s for when, s in sessions.items() if first <= when < day]
    else:
        between = [
            session
            for offset in range((day - first).days)
            if (session := sessions.get(first + dt.timedelta(days=offset))) is not None
        ]
    return {
        "day.runs_since_event": sum(1 for session in between if session.is_running),
        "day.quality_since_event": sum(1 for session in between if is_quality(session)),
    }


def day_facts(day: dt.date, sessions: Mapping[dt.date, Session]) -> Facts:
    """What the days around `day` hold, as the plan now stands (decisions so far included)."""
    yesterday = sessions.get(day - dt.timedelta(days=1))
    return {"day.ran_yesterday": yesterday is not None and yesterday.is_running}


_HARD_RPE: Final = 8
"""A session that felt this hard or harder counts as hard (CR-10)."""


def completed_facts(done: CompletedSession, ctx: Context) -> Facts | None:
    """How long a completed run was against the month before it, and how it and its week felt.

    None when there is nothing to go on: no RPE, and not a run.
    """
    running = done.kind is None or done.kind.is_running
    if done.rpe is None and not running:
        return None
    facts: Facts = {}
    if running:
        longest = _longest_before(done.date, ctx)
        planned = ctx.sessions.get(done.date)
        planned_minutes = planned.baseline.minutes if planned and planned.baseline.is_running else 0
        if done.date in ctx.off or (ctx.ill and _during(done.date, ctx.ill)):
            planned_minutes = 0  # ill, on a break or paused: the plan asked for no run that day
        facts["completed.planned_minutes"] = round(planned_minutes)
        facts["completed.share"] = (
            round(100 * done.minutes / planned_minutes) if planned_minutes else 100
        )
        facts["completed.minutes"] = round(done.minutes, 1)
        facts["completed.longest_30d"] = round(longest, 1)
        facts["completed.spike"] = longest > 0 and done.minutes > spike_limit(longest) + 0.5
    if done.rpe is not None:
        week = [
            other
            for other in ctx.completed_by_date.between(done.date - dt.timedelta(days=6), done.date)
            if other.rpe is not None
        ]
        facts["completed.rpe"] = done.rpe
        facts["completed.recent_rpe"] = round(sum(o.rpe or 0 for o in week) / len(week), 1)
        facts["completed.hard_sessions"] = sum(1 for other in week if _felt_too_hard(other, ctx))
        facts["completed.felt_too_hard"] = _felt_too_hard(done, ctx)
    return facts


def _longest_before(day: dt.date, ctx: Context) -> float:
    """The longest run of the 30 days before `day`, as the spike guard counts it (LOAD-02).

    As logged, else as planned on a day the runner was not off (missed, on a break, ill or
    paused: `days_off`); a run logged during an illness that stopped training proves no
    fitness and is left out. Before the plan, the runner's longest run before it.
    """
    runs: list[tuple[dt.date, float]] = []
    logged, sessions, off, ill = ctx.runs_logged, ctx.sessions, ctx.off, ctx.ill
    for when in window_days(day):
        minutes = logged.get(when)
        if minutes is not None:
            if not (ill and _during(when, ill)):
                runs.append((when, minutes))
        elif when not in off and (planned := sessions.get(when)) is not None:
            baseline = planned.baseline
            if baseline.is_running and baseline.kind is not WorkoutKind.RACE:
                runs.append((when, baseline.minutes))
    return longest_recent_run(
        day,
        runs,
        plan_start=ctx.plan.start,
        before_plan=ctx.plan.athlete.longest_run_minutes,
        windowed=True,
    )


def _felt_too_hard(done: CompletedSession, ctx: Context) -> bool:
    """RPE 8 or more, and harder than the run planned that day was meant to feel.

    Intervals planned at RPE 8-9 and logged at 8 felt as planned; the same 8 on an easy day,
    or on a day with no run planned, is a sign to listen to.
    """
    if done.rpe is None or done.rpe < _HARD_RPE:
        return False
    planned = ctx.sessions.get(done.date)
    if planned is None or not planned.baseline.is_running:
        return True
    return done.rpe > effort_guide(planned.baseline.effort).rpe[1]


def fitness_facts(trial: TimeTrial, ctx: Context) -> Facts | None:
    """What a race or time trial says; None when it is outside the equations' range."""
    try:
        vdot = trial.vdot
    except DataError:
        return None
    earlier = [(when, value) for when, value in profile_result(ctx.plan) if when < trial.date]
    for event in ctx.events:
        if isinstance(event, TimeTrial) and event.date < trial.date:
            with contextlib.suppress(DataError):  # an earlier result out of range says nothing
                earlier.append((event.date, event.vdot))
    before: float | None = max(earlier)[1] if earlier else ctx.plan.athlete.vdot
    best = best_recent_vdot([*earlier, (trial.date, vdot)])
    distance = _distance_words(trial.distance)
    if before is None:
        change = "the first result the plan has"
    else:
        change = f"{'up' if vdot >= before else 'down'} from {before:.1f}"
    return {
        "fitness.vdot": round(vdot, 1),
        "fitness.result": f"{distance} in {format_duration(trial.time, clock=True)}",
        "fitness.change": change,
        "fitness.slower": before is not None and vdot < before,
        "fitness.sets_paces": vdot >= best,
        "fitness.best_recent": round(best, 1),
    }


def _distance_words(distance: RaceDistance | float) -> str:
    """A race distance by its name (``10K``, ``half marathon``), else in kilometres."""
    if isinstance(distance, RaceDistance):
        return distance.label
    named = next((race for race in RaceDistance if abs(race.metres - distance) < 1), None)
    return named.label if named is not None else format_distance(distance)


def profile_result(plan: Plan) -> list[tuple[dt.date, float]]:
    """The runner's recent race from their profile as a dated ``(date, vdot)`` result.

    Empty when the race has no date: then only its VDOT is known, as the plan's fitness.
    """
    race = plan.athlete.recent_race
    if race is None or race.date is None:
        return []
    return [(race.date, race.vdot)]


RECENT_RESULT_DAYS: Final = 42
"""Results up to six weeks older than the latest count as recent: training paces follow the
best of them, as Daniels sets VDOT from the best recent performance (reference §1.2), so one
slow day does not pull every pace down."""


def best_recent_vdot(results: Iterable[tuple[dt.date, float]]) -> float:
    """The best VDOT among ``(date, vdot)`` results up to `RECENT_RESULT_DAYS` before the latest.

    Example:
        >>> best_recent_vdot([(dt.date(2027, 3, 1), 45.0), (dt.date(2027, 3, 20), 42.0)])
        45.0
        >>> best_recent_vdot([(dt.date(2027, 1, 1), 45.0), (dt.date(2027, 3, 20), 42.0)])
        42.0
    """
    rated = list(results)
    latest = max(when for when, _ in rated)
    return max(vdot for when, vdot in rated if (latest - when).days <= RECENT_RESULT_DAYS)


def event_facts(event: Event | None, ctx: Context) -> Facts | None:
    """The facts of `event` (or, for rules about every session, of today) with race facts.

    None when the event says nothing a rule could act on (a missed rest day).
    """
    if event is None or isinstance(event, RaceDateChange):
        anchor = ctx.today  # a moved race counts from today, not from its new day
    else:
        anchor = event_end(event, ctx.today)
    facts: Facts = {
        "race.days_to": (ctx.race_date - anchor).days,
        "race.distance": ctx.plan.goal.distance.label,
    }
    match event:
        case Illness():
            episode = ctx.episodes.get(event)
            facts |= illness_facts(event, ctx.today, episode) | _runs_while_ill(event, ctx)
        case Pain():
            reported = ctx.pain_days.get(pain_place(event), ())
            facts |= pain_facts(event, reported) | _easy_day_facts(event, ctx)
        case CheckIn():
            facts |= _check_in_facts(event, ctx.check_ins_by_date, ctx.completed_by_date)
            planned = ctx.sessions.get(event.date)
            facts["checkin.rest_day"] = planned is None or not planned.baseline.is_running
        case TimeLimit():
            facts["time.minutes"] = event.minutes
        case MissedSession():
            missed = missed_facts(event, ctx)
            if missed is None:
                return None
            facts |= missed
        case Break():
            facts |= break_facts(event, ctx.plan)
            back = _return_days(event.days_off)
            facts["break.race_in_return"] = (ctx.race_date - event.end).days <= back
        case Resume():
            facts |= return_facts(event, ctx)
        case CompletedSession():
            felt = completed_facts(event, ctx)
            if felt is None:
                return None
            facts |= felt
        case TimeTrial():
            fitness = fitness_facts(event, ctx)
            if fitness is None:
                return None
            facts |= fitness
        case _:
            pass
    return facts


def session_facts(session: Session, plan: Plan) -> Facts:
    """The facts of a session as planned, and of its day."""
    workout = session.workout
    return {  # enum values by `_value_`: `.value` is a slow descriptor, and this runs per day
        "session.effort": workout.main_effort._value_,
        "session.peak_effort": workout.peak_effort._value_,
        "session.kind": session.kind._value_,
        "session.key": session.key,
        "session.hard": session.is_hard,
        "session.running": session.is_running,
        "session.minutes": round(session.minutes, 1),
        "day.minutes_available": plan.athlete.availability.minutes(Weekday.of(session.date)),
    }


ILLNESS_CREDIT: Final = 0.75
"""After an illness that stopped training, a run from before it counts for this share of its
length as proof of fitness: fitness comes back quickly but not at once, so the long run grows
back in steps (Daniels' return at 75 % of the previous load, reference §1.7 and ILL-05)."""


def load_facts(
    day: dt.date,
    runs: Mapping[dt.date, float] | RunWindow,
    plan: Plan,
    minutes: float,
    completed: Sequence[CompletedSession] = (),
    *,
    ill: Sequence[tuple[dt.date, dt.date]] = (),
) -> Facts:
    """The spike guard on `day` for a run of `minutes`, and the recovery after a race.

    The spike guard is reference LOAD-02; the easy days after a race run before `day`, LOAD-11.
    `ill` holds the first and last days of illnesses that stopped training (`ill_spans`): a run
    logged on one of their days proves no fitness and is left out, and after the latest one the
    runs from before it count for `ILLNESS_CREDIT` of their length (the ``load.return_*`` facts,
    left out when no such illness ended in the 30 days before `day`). `runs` holds the minutes
    run on each day, or a `RunWindow` over them when the days are asked for in date order.
    """
    recent = runs.before(day) if isinstance(runs, RunWindow) else runs_in_window(day, runs)
    # Only the illnesses that reach into the 30 days before `day` can hold one of its runs:
    # most days have none, and the runs are then not looked at one by one.
    near = [(first, last) for first, last in ill if last >= day - SPIKE_WINDOW and first < day]
    if near:
        recent = [(when, length) for when, length in recent if not _during(when, near)]
    longest = longest_recent_run(
        day,
        recent,
        plan_start=plan.start,
        before_plan=plan.athlete.longest_run_minutes,
        windowed=True,
    )
    # With nothing run in 30 days, the step up starts from the shortest sound run.
    limit = spike_limit(max(longest, MIN_RUN_MINUTES))
    facts: Facts = {
        "load.longest_run_30d": round(longest, 1),
        "load.spike_limit": limit,
        "load.spike": longest > 0 and minutes > limit + 0.5,
        "load.fresh_start": longest == 0 and minutes > limit + 0.5,
    }
    peak = _long_run_peak(plan)
    if peak:  # plans made elsewhere carry no readiness (LOAD-12)
        facts["load.long_run_share"] = round(100 * longest / peak)
        facts["load.long_run_peak"] = peak
    if ill:
        facts |= _return_facts(day, recent, plan, minutes, ill, limit)
    races = [done for done in completed if done.kind is WorkoutKind.RACE and done.date < day]
    if races:
        last = max(races, key=lambda done: done.date)
        since = (day - last.date).days
        facts["load.days_since_race"] = since
        facts["load.race_recovery"] = since <= race_recovery_days(last)
    return facts


def _long_run_peak(plan: Plan) -> int:
    """The longest long run the plan builds to; 0 for plans made elsewhere (no readiness)."""
    readiness = plan.readiness
    return 0 if readiness is None else readiness.long_run_peak


def _during(day: dt.date, spans: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(first <= day <= last for first, last in spans)


def _return_facts(
    day: dt.date,
    recent: Sequence[tuple[dt.date, float]],
    plan: Plan,
    minutes: float,
    ill: Sequence[tuple[dt.date, dt.date]],
    limit: int,
) -> Facts:
    """The step back after the latest illness that ended in the 30 days before `day`.

    The longest run since it counts in full, the longest of the 30 days before it for
    `ILLNESS_CREDIT` of its length; the limit is 110 % of the larger (LOAD-02). `recent` holds
    the runs of the 30 days before `day`.
    """
    window = day - SPIKE_WINDOW
    ended = [(first, last) for first, last in ill if window <= last < day]
    if not ended:
        return {}
    first, last = max(ended, key=lambda span: span[1])
    since = max((length for when, length in recent if last < when < day), default=0.0)
    before = longest_recent_run(
        day,
        [(when, length) for when, length in recent if when < first],
        plan_start=plan.start,
        before_plan=plan.athlete.longest_run_minutes,
        windowed=True,
    )
    step = spike_limit(max(since, ILLNESS_CREDIT * before, MIN_RUN_MINUTES))
    return {
        "load.longest_since_illness": round(since, 1),
        "load.longest_before_illness": round(before, 1),
        "load.return_credit": round(ILLNESS_CREDIT * before),
        "load.return_limit": step,
        "load.return_spike": step < limit and minutes > step + 0.5,
    }


def races_run(ctx: Context) -> tuple[CompletedSession, ...]:
    """Every race and full-effort time trial: logged as a race, or given as a result.

    A `TimeTrial` counts as a race of its distance and time, so the easy days after it
    (`race_recovery_days`, LOAD-11) follow a result as they follow a logged race.
    """
    logged = [done for done in ctx.completed_events if done.kind is WorkoutKind.RACE]
    results = [
        CompletedSession(
            date=trial.date,
            minutes=min(trial.time.total_seconds() / 60, _LONGEST_LOG_MINUTES),
            kind=WorkoutKind.RACE,
            distance=(
                trial.distance.metres
                if isinstance(trial.distance, RaceDistance)
                else trial.distance
            ),
            source="time trial",
        )
        for trial in ctx.events
        if isinstance(trial, TimeTrial)
    ]
    return (*logged, *results)


_LONGEST_LOG_MINUTES: Final = 600
"""The longest a logged session may be (`CompletedSession.minutes`)."""


def race_recovery_days(race: CompletedSession) -> int:
    """Easy days after a race before hard work: one per 3 km raced (Daniels, LOAD-11).

    Without a distance, one per 15 minutes raced (about 3 km at the pace of most runners).
    """
    if race.distance is not None:
        return math.ceil(race.distance / 3000)
    return math.ceil(race.minutes / 15)
