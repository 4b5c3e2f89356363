"""Scopes at work: the days a rule's scope covers for one event.

``day`` is the event's day (``days`` long from ``offset``), ``event`` its whole span (an ongoing
illness lasts until today), ``after`` the days after it ends, ``from`` from its first day until
a `Resume` or a later report of the same pain, ``plan`` every session from today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from balg_planner.events import Event
from balg_planner.rulebook.facts import Context, event_end, pause_end
from balg_planner.rulebook.syntax import Scope
from balg_planner.rulebook.vocabulary import FactValue

__all__ = ["scope_days"]


def _number(value: int | str | None, facts: Mapping[str, FactValue], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    found = facts.get(value)
    return int(found) if isinstance(found, int | float) and not isinstance(found, bool) else default


def scope_days(
    scope: Scope, event: Event | None, facts: Mapping[str, FactValue], ctx: Context
) -> Iterator[dt.date]:
    """The days `scope` covers for `event` (None: every day from today), within the plan.

    Days before the engine's first decided day (`Context.replay_from`) are left out.
    """
    span = scope.span
    if event is None:  # every session: from the first day the engine decides (or replays)
        start, end = ctx.replay_from, ctx.plan.end
    elif span in ("day", "event", "from"):
        start = event.first_day
        end = {
            "day": start,
            "event": event_end(event, ctx.today),
            "from": _open_end(event, ctx),
        }[span]
    else:  # after
        start = event_end(event, ctx.today) + dt.timedelta(days=1)
        end = ctx.plan.end
    offset = dt.timedelta(days=_number(scope.offset, facts, 0))
    start += offset
    if span == "day":
        # A day span counts its days from the (offset) first day: offset 7, days 7 is week two.
        end = start + dt.timedelta(days=_number(scope.days, facts, 1) - 1)
    elif scope.days is not None:
        end = min(end, start + dt.timedelta(days=_number(scope.days, facts, 1) - 1))
    day = max(start, ctx.replay_from)  # the engine decides nothing earlier: skip those years
    while day <= min(end, ctx.plan.end):
        yield day
        day += dt.timedelta(days=1)


def _open_end(event: Event, ctx: Context) -> dt.date:
    """An open span lasts until something lifts it (see `rulebook.facts.pause_end`)."""
    end = pause_end(event, ctx)
    return ctx.plan.end if end is None else end - dt.timedelta(days=1)
