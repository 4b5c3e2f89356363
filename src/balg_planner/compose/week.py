"""One week: choose its sessions, place them on days, size them to the days.

1. **Quality.** The phase's quality sessions, the race-specific one first, each within its
   own cap (Daniels, LOAD-07/08) and what is left of the week's fast-running budget (about
   80 % of running stays easy, LOAD-09). A session whose minimum set does not fit is not
   planned: the day gets an easy run instead.
2. **Days.** `balg_planner.schedule` places the long run, quality, easy runs and then
   strength, mobility and cross-training on days nothing else needs; when the week cannot
   hold everything, support work goes first, then easy runs, then quality. Never the long
   run or the race.
3. **Sizes.** The long run takes its planned length (within its day and the 30-day spike
   guard); quality sessions fit their days; easy runs share what is left of the week's
   minutes, each at most about 30 % of the week and never longer than the long run.
4. **Strength with nowhere to go** follows an easy run only when the day has room for the
   whole run and the strength work; otherwise the plan says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from balg_planner.athlete import Athlete, Availability, Goal, Weekday
from balg_planner.compose.placement import (
    WeekPlacement,
    place,
    quality_slot,
    room_for,
    week_slots,
)
from balg_planner.compose.progression import Outlook, shortest_long_run
from balg_planner.compose.runway import WeekPlan
from balg_planner.compose.sessions import (
    STRIDE,
    STRIDE_RECOVERY,
    Builder,
    Quality,
    planned_work,
    quality_shape,
    race_session,
)
from balg_planner.compose.support import place_support
from balg_planner.effort import Effort
from balg_planner.schedule import SlotRole, WeekProblem
from balg_planner.schema import PhaseName, PhaseSpec, TemplateFile
from balg_planner.science import SPIKE, longest_recent_run, spike_limit
from balg_planner.workout import MIN_RUN_MINUTES, Session, WorkoutKind

__all__ = ["History", "compose_week", "spike_cap"]

FAST_BUDGET: Final = 0.19
"""Quality work is planned within this share of a week's running, so 80/20 holds with room."""
FAST_LIMIT: Final = 0.195
"""After fitting to days, fast running above this share of the week is trimmed."""
_LIGHTER: Final = 0.9
"""A cutback, taper or race week runs at most this share of the week before it."""
_SHAKEOUT: Final = 20
"""The day before the race: rest, or a short shakeout of at most this many minutes."""
EASY_SHARE: Final = 0.30
"""No easy run is more than about 30 % of the week (LOAD-13)."""

_QUALITY_CAP: Final = {
    WorkoutKind.THRESHOLD: 0.10,
    WorkoutKind.FARTLEK: 0.10,
    WorkoutKind.PROGRESSION: 0.10,
    WorkoutKind.INTERVALS: 0.08,
    WorkoutKind.REPETITIONS: 0.05,
    WorkoutKind.HILLS: 0.05,
    WorkoutKind.MARATHON_PACE: 0.20,
}
"""Daniels' caps on one session's fast running as a share of the week (LOAD-07, LOAD-08)."""
_FINISH_SHARE: Final = 0.4
"""A marathon-pace finish is at most two fifths of the long run."""

_QUALITY_FLOOR: Final = {
    WorkoutKind.THRESHOLD: 20.0,
    WorkoutKind.INTERVALS: 12.0,
    WorkoutKind.MARATHON_PACE: 30.0,
}
"""Below these minutes the share caps stop binding: a 20-minute tempo is sound even in a small
week (the week's fast-running budget still holds it to about a fifth of the running)."""
_MARATHON_PACE_MAX: Final = 110.0
"""Daniels: no marathon-pace run longer than 110 minutes."""
_SECOND: Final = dt.timedelta(seconds=1)
_WEEKDAYS: Final = tuple(Weekday)
_EASY_KINDS: Final = frozenset({WorkoutKind.EASY, WorkoutKind.STRIDES})
_FASTER_THAN_EASY: Final = frozenset(effort for effort in Effort if effort > Effort.EASY)
"""The efforts `_fast_share` counts as fast, tested without a comparison call."""


@dataclass(slots=True)
class History:
    """What earlier weeks leave behind for the next one."""

    runs: list[tuple[dt.date, float]] = field(default_factory=list)
    last_normal: float = 0.0
    peak: float = 0.0
    appearances: dict[WorkoutKind, int] = field(default_factory=dict)
    hard_last_day: bool = False
    peak_long_runs: int = 0
    build_weeks: int = 0
    """Normal build weeks so far, to take the phase's quality sessions in turn."""
    peak_work: dict[WorkoutKind, float] = field(default_factory=dict)
    """The most fast running each quality kind had in a normal week."""
    last_week: float = 0.0
    """Training minutes of the week before."""
    weekly: list[float] = field(default_factory=list)
    """Training minutes of each week so far (running, the race left out)."""
    last_easy: float = 0.0
    """The longest easy run of the week before."""
    strength_missed: int = 0
    """Strength sessions the weeks had no room for (for the plan's notes)."""


def spike_cap(athlete: Athlete, start: dt.date, week_start: dt.date, history: History) -> int:
    """The longest run this week may hold: 110 % of the longest of the last 30 days."""
    # Every day of the week looks back 30 days; the last day's window is the one all days
    # share (the week's own runs are not in the history yet), so its cap holds for each day.
    last_day = week_start + dt.timedelta(days=6)
    longest = longest_recent_run(
        last_day, history.runs, plan_start=start, before_plan=athlete.longest_run_minutes
    )
    return spike_limit(longest)


def _shapes(
    template: TemplateFile,
    spec: PhaseSpec,
    week: WeekPlan,
    target: int,
    history: History,
    counts: dict[WorkoutKind, int],
    finish: int = 0,
    room: int = 3,
    roomiest: float = math.inf,
) -> list[Quality]:
    """This week's quality sessions, race-specific first, each within its cap and the budget.

    The race-specific session takes its planned dose from the week's fast-running budget; the
    others share what is left in proportion to theirs, so none is starved to a token set. A
    session whose share falls below its entry dose (what the template starts it at, for the
    runner's level) is left out, the least important first, and its share goes to the others;
    so is one no day can hold. A build week with room for fewer quality sessions than the phase
    names takes them in turn, so every stimulus comes round.
    """
    race_specific = template.readiness.race_specific
    kinds = sorted(spec.quality, key=lambda kind: kind is not race_specific)
    if week.phase is PhaseName.BUILD and week.normal and 0 < room < len(kinds):
        turn = history.build_weeks % len(kinds)
        kinds = kinds[turn:] + kinds[:turn]
        history.build_weeks += 1
    if finish:
        # The long run's marathon-pace finish is this week's race-specific work.
        kinds = [kind for kind in kinds if kind is not WorkoutKind.MARATHON_PACE] or kinds
    if week.cutback or week.race_week:
        kinds = kinds[:1]
    strides_fast = spec.strides * template.sessions.strides * STRIDE.total_seconds() / 60
    # A marathon-pace finish in the long run spends part of the week's fast running.
    budget = max(FAST_BUDGET * target - strides_fast - finish, 0.0)
    scale = 0.75 if week.cutback else 1.0
    if week.taper_index is not None:
        # The taper keeps intensity but sheds volume (LOAD-06); race week keeps only a touch.
        scale = template.taper.volume[week.taper_index] * (0.5 if week.race_week else 1.0)
    doses: list[_Dose] = []
    for kind in kinds:
        total, seen = counts[kind], history.appearances.get(kind, 0)
        position = 0.0 if total <= 1 else min(seen / (total - 1), 1.0)
        if week.normal:
            history.appearances[kind] = seen + 1
        cap = max(_QUALITY_CAP[kind] * target, _QUALITY_FLOOR.get(kind, 0.0))
        if kind is WorkoutKind.MARATHON_PACE:
            cap = min(cap, _MARATHON_PACE_MAX)
        if not week.normal:
            # Lighter weeks never ask for more than the building weeks did.
            cap = min(cap, scale * history.peak_work.get(kind, cap / max(scale, 1e-9)))
        if week.race_week:
            # Race week keeps a short reminder of race pace: the minimum set, no less.
            cap = max(cap, template.workouts[kind].min_work_minutes)
        shape = quality_shape(template, kind, position, scale, cap, at_least_minimum=week.race_week)
        if shape is None or shape.smallest(template) > roomiest:
            # Too little room this week for the session to do its job, or no day to hold it
            # (the long run's aside): its share of the budget goes to the others.
            continue
        least = template.workouts[kind].min_work_minutes
        planned = min(planned_work(template, kind, position) * scale, cap)
        if week.race_week:
            planned = max(planned, least)
        entry = max(least, min(planned_work(template, kind, 0.0) * scale, cap))
        doses.append(_Dose(kind, position, cap, planned, entry))
    shapes: list[Quality] = []

    def plan(dose: _Dose, allowance: float) -> float:
        """Add `dose` within `allowance` minutes of fast running; the minutes it takes."""
        shape = quality_shape(
            template,
            dose.kind,
            dose.position,
            scale,
            min(allowance, dose.cap),
            at_least_minimum=week.race_week,
        )
        if shape is None:
            return 0.0
        shapes.append(shape)
        if week.normal:
            history.peak_work[dose.kind] = max(
                history.peak_work.get(dose.kind, 0.0), shape.work_minutes
            )
        return shape.work_minutes

    # The race-specific session takes its dose first; the others the week has room for share
    # what it leaves; any beyond that room get what is left after them.
    head = 1 if doses and doses[0].kind is race_specific else 0
    sharing = doses[head : max(room, head)] if room > 0 else doses[head:]
    for dose in doses[:head]:
        budget -= plan(dose, budget)
    shares = _shares(budget, sharing)
    for dose, share in zip(sharing, shares, strict=True):
        budget -= plan(dose, share)
    for dose in doses[head + len(sharing) :]:
        budget -= plan(dose, budget)
    return shapes


@dataclass(frozen=True, slots=True)
class _Dose:
    """One quality session of the week before the fast-running budget is shared."""

    kind: WorkoutKind
    position: float
    """Where the session is in its progression, 0-1."""
    cap: float
    """The most fast running it may have (its share of the week, or a lighter week's)."""
    planned: float
    """The fast running its progression plans for this week, within the cap."""
    entry: float
    """The least worth planning: the template's first dose of it, in this week's scale."""


def _shares(budget: float, doses: Sequence[_Dose]) -> list[float]:
    """Each session's share of `budget`, in proportion to its planned dose.

    While a share is below its session's entry dose, the least important such session is
    left out (its share is 0) and the others share again.
    """
    kept = list(range(len(doses)))
    while kept:
        wanted = sum(doses[i].planned for i in kept)
        ratio = min(1.0, budget / wanted) if wanted > 0 else 1.0
        short = [i for i in kept if doses[i].planned * ratio < doses[i].entry - 1e-9]
        if not short:
            return [doses[i].planned * ratio if i in kept else 0.0 for i in range(len(doses))]
        kept.remove(short[-1])
    return [0.0] * len(doses)


def _size_runs(
    builder: Builder,
    spec: PhaseSpec,
    placement: WeekPlacement,
    shapes: Mapping[str, Quality | None],
    long_minutes: int,
) -> dict[int, Session]:
    """Fit the week's runs to their days: the long run, quality, then easy runs."""
    template = builder.template
    day_minutes, target, cap = placement.day_minutes, placement.target, placement.cap
    easy_min = template.sessions.easy_min_minutes
    long_slots = placement.role(SlotRole.LONG)
    # No other run is longer than the long run; each easy run stays within ~30 % of the week.
    run_cap = min(cap, long_minutes) if long_slots else cap
    easy_cap = max(EASY_SHARE * target, easy_min)
    lighter = placement.lighter_cap is not None

    used = float(long_minutes if long_slots else 0)
    fitted: list[tuple[int, Quality, int]] = []
    easy_days: list[int] = []
    for slot in placement.role(SlotRole.QUALITY):
        offset, shape = placement.day_of(slot), shapes.get(slot.name)
        room = max(target, placement.ceiling) - used  # the week's minutes hold it too
        fit = (
            None if shape is None else shape.fit(template, min(day_minutes[offset], run_cap, room))
        )
        if fit is None:
            easy_days.append(offset)  # the day cannot hold a sound version: an easy run instead
            continue
        fitted.append((offset, *fit))
        used += fit[0].total(template, fit[1])
    easy_days.extend(placement.day_of(slot) for slot in placement.role(SlotRole.EASY))
    # When the week's minutes fill only some of the easy days, the ones away from the long
    # run and the quality days come first (a day off between hard days), then roomier ones.
    hard_days = {placement.day_of(slot) for slot in placement.slots if slot.role.hard}

    def beside_hard(day: int) -> bool:
        return day - 1 in hard_days or day + 1 in hard_days

    easy_days.sort(key=lambda day: (beside_hard(day), -day_minutes[day], day))

    # Easy runs of at least the shortest easy run: a lighter week keeps as many as its
    # ceiling allows (frequency stays, the runs get shorter); a building week takes the count
    # that lands nearest its target without passing the ceiling (the 10 % rule).
    remaining = max(target - used, 0)
    fits = [c for c in range(len(easy_days) + 1) if used + c * easy_min <= placement.ceiling]
    rooms = [min(day_minutes[day], run_cap) for day in easy_days]

    def week_with(runs: int) -> float:
        return used + max(min(remaining, sum(rooms[:runs])), runs * easy_min)

    if lighter:
        count = max(fits, default=0)
    else:
        count = min(fits, key=lambda runs: (abs(week_with(runs) - target), -runs), default=0)
    if count:
        # Within ~30 % of the week where the days allow; more only when the week needs it.
        easy_cap = max(easy_cap, _water_level(remaining, rooms[:count]))
    if placement.lighter_cap is not None:
        # A lighter week keeps its runs and shortens them: none longer than last week's.
        easy_cap = min(easy_cap, max(placement.lighter_cap, easy_min))

    def limit(day: int) -> int:
        if day == placement.race_eve:
            return min(_SHAKEOUT, day_minutes[day])  # a shakeout at most, or rest
        return math.floor(min(day_minutes[day], run_cap, easy_cap) + 1e-9)

    total = max(remaining, count * easy_min)
    sizes = _share(total, [limit(day) for day in easy_days[:count]], easy_min)
    sessions: dict[int, Session] = {}
    strides_left = spec.strides
    # Strides follow at least 10 minutes of easy running: in seconds, as whole numbers.
    strides_from = 600 + template.sessions.strides * ((STRIDE + STRIDE_RECOVERY) // _SECOND)
    for day, size in zip(easy_days, sizes, strict=False):
        if size <= 0:
            continue
        with_strides = strides_left > 0 and size * 60 >= strides_from
        sessions[day] = builder.easy(size, strides=with_strides)
        strides_left -= with_strides
        used += size

    # What the easy days could not hold becomes easy running after the session's cool-down,
    # in a building week: a step of its own, never a longer warm-up.
    left = 0.0 if lighter else max(target - used, 0)
    for offset, shape, cooldown in fitted:
        spare = min(day_minutes[offset], run_cap) - shape.total(template, cooldown)
        extra = math.floor(min(left, max(spare, 0)) + 1e-9)
        left -= extra
        sessions[offset] = builder.quality(shape, cooldown, extra=extra)

    if long_slots and long_minutes >= MIN_RUN_MINUTES:
        offset = placement.day_of(long_slots[0])
        finish = min(placement.finish, math.floor(_FINISH_SHARE * long_minutes))
        sessions[offset] = builder.long(long_minutes, finish)
    return sessions


def _fast_share(sessions: Iterable[Session]) -> float:
    """The share of training running time above easy effort."""
    fast = total = 0.0
    for session in sessions:
        if not session.is_running or session.kind is WorkoutKind.RACE:
            continue
        for effort, time in session.workout.time_per_effort().items():
            seconds = time.total_seconds()
            total += seconds
            if effort in _FASTER_THAN_EASY:
                fast += seconds
    return fast / total if total else 0.0


def _shrink(shapes: Mapping[str, Quality | None]) -> dict[str, Quality | None]:
    """Take a little from the least important session that can give.

    A rep goes, or half a minute from each rep; a session already at its minimum set is let
    go (its day gets an easy run).
    """
    smaller = dict(shapes)
    for name in reversed(smaller):
        shape = smaller[name]
        if shape is not None:
            smaller[name] = shape.one_rep_fewer() or shape.shorter_reps()
            break
    return smaller


def _long_length(planned: int, floor: int, share: float, sessions: dict[int, Session]) -> int:
    """The long run within its share of what the week really holds, never below `floor`."""
    others = sum(
        s.minutes for s in sessions.values() if s.is_running and s.kind is not WorkoutKind.LONG
    )
    allowed = math.floor(share * others / (1 - share) + 1e-9)
    return max(min(planned, allowed), min(floor, planned))


def compose_week(
    builder: Builder,
    athlete: Athlete,
    goal: Goal,
    week: WeekPlan,
    history: History,
    plan_start: dt.date,
    counts: dict[WorkoutKind, int],
    outlook: Outlook,
) -> list[Session]:
    """The sessions of one week, one a day from its first (rest days included).

    They are undated, shared values (see `Builder`): the session at index ``i`` is for the
    week's day ``i``, and `compose_plan` copies each onto its day once, with its teaching.
    """
    template = builder.template
    spec = builder.phase(week.phase)
    index = week.number - 1
    race_day = (goal.race_date - week.start).days if week.race_week else None
    last_day = 6 if race_day is None else race_day
    day_minutes = _week_minutes(athlete.availability, week.start.weekday(), race_day)
    target = _week_target(athlete, week, history, outlook.volume[index], template)
    if race_day is not None:
        target = math.floor(target * race_day / 7 + 1e-9)  # only the days before the race
    cap = spike_cap(athlete, plan_start, week.start, history)
    long_target = min(outlook.long_run[index], cap)
    finish = min(_finish(template, week, history), math.floor(_FINISH_SHARE * long_target))
    room = room_for(template, day_minutes, race_day)
    # Room for quality: the week's sessions less the long run and two easy runs (LOAD-09).
    quality_room = room - (race_day is None) - 2
    long_offset = (outlook.long_day.number - week.start.weekday()) % 7
    roomiest = _roomiest_quality_day(day_minutes, long_offset, race_day)
    shapes = _shapes(template, spec, week, target, history, counts, finish, quality_room, roomiest)
    # Keep the two days before the race easy, even when they fall in the week before it.
    until_race = (goal.race_date - week.start).days
    problem = WeekProblem(
        minutes=day_minutes,
        slots=tuple(
            week_slots(
                template,
                athlete,
                week,
                spec,
                day_minutes,
                race_day,
                shapes,
                long_target,
                outlook.long_day,
            )
        ),
        hard_before=history.hard_last_day,
        race_day=until_race if until_race <= 9 else None,
    )
    solution, placed = place(week, problem, room, template)
    placement = WeekPlacement(
        day_minutes=day_minutes,
        solution=solution,
        slots=placed,
        target=target,
        cap=cap,
        ceiling=_ceiling(athlete, week, history, target),
        lighter_cap=None if week.normal else history.last_easy,
        race_eve=None if race_day is None else race_day - 1,
        finish=finish,
    )
    planned_long = min(
        [long_target, *(day_minutes[solution[s.name]] for s in placed if s.role is SlotRole.LONG)]
    )
    named = {quality_slot(index): shape for index, shape in enumerate(shapes)}
    sessions = _size_runs(builder, spec, placement, named, planned_long)
    # Never below the runner's current longest run in a building week, nor below a proper
    # long run in any week.
    floor = max(outlook.long_floor[index], shortest_long_run(template))
    long_minutes = _long_length(planned_long, floor, outlook.share, sessions)
    if long_minutes < planned_long:
        sessions = _size_runs(builder, spec, placement, named, long_minutes)
    # Fitting sessions to short days can leave the week with less easy running than planned;
    # shrink the quality work until at most about a fifth of the running is fast.
    sized: dict[str, Quality | None] = dict(named)
    while any(sized.values()) and _fast_share(sessions.values()) > FAST_LIMIT:
        sized = _shrink(sized)
        sessions = _size_runs(builder, spec, placement, sized, long_minutes)

    if race_day is not None:
        sessions[race_day] = race_session(builder, athlete, goal)
    history.strength_missed += place_support(builder, week, spec, athlete, placement, sessions)
    week_sessions = [sessions.get(offset) or builder.rest() for offset in range(last_day + 1)]
    _remember(history, week, week_sessions)
    return week_sessions


@functools.lru_cache(maxsize=256)
def _week_minutes(
    availability: Availability, first_weekday: int, race_day: int | None
) -> tuple[int, ...]:
    """Minutes free on each day of a week that starts on `first_weekday`; none after the race.

    Every week of a plan but the race week has the same, so they are looked up once.
    """
    last_day = 6 if race_day is None else race_day
    return tuple(
        availability.minutes(_WEEKDAYS[(first_weekday + offset) % 7]) if offset <= last_day else 0
        for offset in range(7)
    )


@functools.lru_cache(maxsize=256)
def _roomiest_quality_day(
    day_minutes: tuple[int, ...], long_offset: int, race_day: int | None
) -> int:
    """The most minutes of any day a quality session could take.

    Not the long run's day, nor a day beside it (48 hours), nor race day. Every week of a
    plan but the race week has the same, so it is worked out once.
    """
    near_long = {long_offset - 1, long_offset, long_offset + 1, race_day}
    return max((m for offset, m in enumerate(day_minutes) if offset not in near_long), default=0)


def _week_target(
    athlete: Athlete, week: WeekPlan, history: History, planned: int, template: TemplateFile
) -> int:
    """The planned week, held to what the weeks before really ran (never more than the ramp)."""
    ramp = 1 + min(template.volume.ramp, SPIKE - 1)
    if week.number == 1:
        return planned
    if week.taper_index is not None:
        reference = history.peak * template.taper.volume[week.taper_index]
    elif week.cutback:
        reference = history.last_normal * template.volume.cutback
    else:
        reference = history.last_normal * ramp
    return math.floor(min(planned, reference) + 1e-9)


def _finish(template: TemplateFile, week: WeekPlan, history: History) -> int:
    """Marathon pace late in every other peak long run (LOAD-14), starting with the first."""
    if week.phase is not PhaseName.PEAK or not week.normal:
        return 0
    history.peak_long_runs += 1
    return template.readiness.long_run_finish_minutes if history.peak_long_runs % 2 else 0


def _ceiling(athlete: Athlete, week: WeekPlan, history: History, target: int) -> int:
    """The most the week may run when a run more, at its shortest, overshoots the target."""
    if not week.normal:
        # A lighter week keeps its runs (shorter) while it stays lighter than the last one.
        return max(target, math.floor(_LIGHTER * history.last_week + 1e-9))
    # The 10 % rule itself, not the template's smoother ramp: the overshoot is one short run.
    # What the runner already runs is no ramp, so their current week counts as a reference.
    # Whole minutes: one more minute than 10 % is rounding, not a ramp.
    return spike_limit(max(history.last_normal, athlete.weekly_minutes)) + 1


def _remember(history: History, week: WeekPlan, sessions: Sequence[Session]) -> None:
    """Add the week's runs (`sessions` from its first day on) to `history`."""
    running = 0.0
    longest_easy: float | None = None
    for offset, session in enumerate(sessions):
        kind = session.kind
        if not session.is_running or kind is WorkoutKind.RACE:
            continue
        minutes = session.minutes
        history.runs.append((week.start + dt.timedelta(days=offset), minutes))
        running += minutes
        if kind in _EASY_KINDS and (longest_easy is None or minutes > longest_easy):
            longest_easy = minutes
    if week.normal:
        history.last_normal = running
        history.peak = max(history.peak, running)
    history.last_week = running
    history.weekly.append(running)
    if longest_easy is not None:
        history.last_easy = longest_easy
    last = sessions[-1]
    history.hard_last_day = last.is_hard or (last.key and last.kind is not WorkoutKind.REST)


def _water_level(total: float, rooms: Sequence[float]) -> float:
    """The smallest per-run length that, with each run capped by its room, holds `total`."""
    level, left = 0.0, total
    for index, room in enumerate(sorted(rooms)):
        share = left / (len(rooms) - index)
        if room >= share:
            return max(level, share)
        level, left = room, left - room
    return level


def _share(total: float, caps: Sequence[int], minimum: int) -> list[int]:
    """Split `total` minutes over runs with `caps`, evenly where caps allow (water-filling).

    Runs that would fall under `minimum` are dropped (size 0), smallest cap first.
    """
    active = list(range(len(caps)))
    while active:
        sizes = [0] * len(caps)
        left = total
        pending = sorted(active, key=lambda i: (caps[i], i))
        for position, index in enumerate(pending):
            even = left / (len(pending) - position)
            sizes[index] = math.floor(min(caps[index], even) + 1e-9)
            left -= sizes[index]
        if all(sizes[i] >= minimum for i in active):
            return sizes
        active.remove(pending[0])
    return [0] * len(caps)
