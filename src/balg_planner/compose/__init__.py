"""Compose a plan: template + athlete + goal → a complete, safe, explained `Plan`.

The composer plans from the race backwards and works week by week, in order, because each
week's limits depend on what came before. Each module holds one idea:

* `balg_planner.compose.runway`: the weeks from `start` to race day, split into base, build,
  peak and taper, with cutbacks (never in the last week before the taper).
* `balg_planner.compose.progression`: weekly volume and the long run from what the runner
  does now to what the race needs (the template's ``[readiness]``), and what limits them.
* `balg_planner.compose.sessions`: session shaping from template slots, with minimum sets.
* `balg_planner.compose.placement`: which day each session goes on, through the constraint
  solver in `balg_planner.schedule`; runs first, support work on the days left free.
* `balg_planner.compose.week`: one week's sessions, chosen, placed and sized to their days.
* `balg_planner.compose.planner`: `compose_plan` itself, the teaching pass and the report.
* `balg_planner.compose.replan`: when the race moves, the weeks from today planned again.

Every session carries its purpose, how it should feel and what to do if the day goes sideways.
"""

from balg_planner.compose.planner import compose_plan
from balg_planner.compose.replan import replan
from balg_planner.compose.runway import phase_lengths

__all__ = ["compose_plan", "phase_lengths", "replan"]
