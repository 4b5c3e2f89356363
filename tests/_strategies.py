"""Generated athletes, goals and runways that every packaged template accepts."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

import balg_planner as bp
from balg_planner.schema import TemplateFile

START = dt.date(2027, 1, 4)
WEEKDAYS = [day.value for day in bp.Weekday]


@st.composite
def plan_inputs(
    draw: st.DrawFn, template: TemplateFile | None = None
) -> tuple[bp.Athlete, bp.Goal, dt.date]:
    """An athlete, goal and start date that `template` (or a drawn one) can plan for."""
    if template is None:
        template = draw(st.sampled_from(bp.templates()))
    day_count = draw(st.integers(template.days.min_available, 7))
    days = draw(st.permutations(WEEKDAYS))[:day_count]
    long_day = days[0]
    easy_min = template.sessions.easy_min_minutes
    availability = {day: draw(st.integers(easy_min, 120)) for day in days[1:]}
    availability[long_day] = draw(st.integers(template.long_run.min_minutes, 240))
    weekly = draw(
        st.integers(template.volume.min_start_minutes, template.volume.min_start_minutes + 300)
    )
    longest = draw(st.integers(template.sessions.easy_min_minutes, min(weekly, 180)))
    race = draw(
        st.none()
        | st.builds(
            lambda vdot: bp.RaceResult(
                distance="10k",
                time=dt.timedelta(seconds=round(bp.equivalent_time(vdot, "10k").total_seconds())),
            ),
            st.floats(30, 70),
        )
    )
    athlete = bp.Athlete(
        level=template.level,
        weekly_minutes=weekly,
        longest_run_minutes=longest,
        availability=availability,
        recent_race=race,
        long_run_day=draw(st.sampled_from([None, long_day])),
    )
    weeks = draw(st.integers(template.runway.min_weeks, template.runway.max_weeks))
    race_offset = draw(st.integers(0, 6))
    race_date = START + dt.timedelta(weeks=weeks - 1, days=race_offset)
    return athlete, bp.Goal(distance=template.distance, race_date=race_date), START


SYMPTOMS = [symptom.value for symptom in bp.Symptom]
LOCATIONS = ["knee", "achilles", "shin", "hamstring"]


@st.composite
def plan_events(draw: st.DrawFn, plan: bp.Plan, today: dt.date) -> list[bp.Event]:
    """A few events of every kind, dated within the plan around `today`."""
    first, last = plan.start, plan.end

    def day(low: dt.date = first, high: dt.date = last) -> dt.date:
        low, high = max(low, first), min(high, last)
        return low + dt.timedelta(days=draw(st.integers(0, max((high - low).days, 0))))

    events: list[bp.Event] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(
            st.sampled_from(["check_in", "illness", "pain", "time", "missed", "break", "completed"])
        )
        if kind == "check_in":
            events.append(
                bp.CheckIn(
                    date=day(today - dt.timedelta(days=3), today + dt.timedelta(days=3)),
                    sleep_hours=draw(st.none() | st.floats(3, 10)),
                    stress=draw(st.none() | st.integers(1, 10)),
                    fatigue=draw(st.none() | st.integers(1, 10)),
                    soreness=draw(st.none() | st.integers(1, 10)),
                    resting_hr_delta=draw(st.none() | st.integers(-5, 15)),
                )
            )
        elif kind == "illness":
            start = day(today - dt.timedelta(days=5), today + dt.timedelta(days=14))
            length = draw(st.none() | st.integers(0, 6))
            end = None if length is None else start + dt.timedelta(days=length)
            symptoms = draw(st.frozensets(st.sampled_from(SYMPTOMS), min_size=1, max_size=3))
            diagnosis = draw(st.sampled_from([None, None, "covid"]))
            events.append(bp.Illness(start=start, end=end, symptoms=symptoms, diagnosis=diagnosis))
        elif kind == "pain":
            events.append(
                bp.Pain(
                    date=day(today - dt.timedelta(days=3), today + dt.timedelta(days=10)),
                    location=draw(st.sampled_from(LOCATIONS)),
                    score=draw(st.integers(0, 10)),
                    sharp=draw(st.booleans()),
                    swelling=draw(st.booleans()),
                    bone_tenderness=draw(st.booleans()),
                    settles_by_morning=draw(st.none() | st.booleans()),
                )
            )
        elif kind == "time":
            events.append(
                bp.TimeLimit(
                    date=day(today, today + dt.timedelta(days=7)), minutes=draw(st.integers(0, 90))
                )
            )
        elif kind == "missed" and today > first:
            events.append(
                bp.MissedSession(
                    date=day(today - dt.timedelta(days=6), today - dt.timedelta(days=1))
                )
            )
        elif kind == "break":
            start = day(today - dt.timedelta(days=60), today - dt.timedelta(days=1))
            end = min(
                start + dt.timedelta(days=draw(st.integers(0, 70))),
                today - dt.timedelta(days=1),
                last,
            )
            if end >= start:
                events.append(bp.Break(start=start, end=end, cross_trained=draw(st.booleans())))
        elif kind == "completed" and today > first:
            events.append(
                bp.CompletedSession(
                    date=day(today - dt.timedelta(days=30), today - dt.timedelta(days=1)),
                    minutes=draw(st.integers(0, 150)),
                    rpe=draw(st.integers(1, 10)),
                )
            )
    return events


@st.composite
def adaptation_inputs(draw: st.DrawFn) -> tuple[bp.Plan, list[bp.Event], dt.date]:
    """A composed plan, a day within it, and events around that day."""
    athlete, goal, start = draw(plan_inputs())
    plan = bp.compose_plan(athlete, goal, start=start)
    today = plan.start + dt.timedelta(days=draw(st.integers(0, (plan.end - plan.start).days)))
    return plan, draw(plan_events(plan, today)), today
