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
