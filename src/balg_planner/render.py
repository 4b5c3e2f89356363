"""Views of plans and weeks: plain text and Markdown, with the why under every session.

Example:
    >>> import datetime as dt
    >>> import balg_planner as bp
    >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
    ...                     availability={"tue": 40, "thu": 40, "sat": 60})
    >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
    ...                        start=dt.date(2027, 1, 4))
    >>> print(bp.render_week(plan.week(1)).splitlines()[0])
    Week 1 · base · 2027-01-04 to 2027-01-10 · 89 min of running
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Final, Literal

from balg_planner.effort import effort_guide
from balg_planner.teaching import mental_skill, messy_guidance, phase_rationale
from balg_planner.units import DistanceUnit, format_distance, format_duration
from balg_planner.workout import Session, StepPart, WorkoutKind

if TYPE_CHECKING:  # the models render themselves in notebooks, so views import them lazily
    from balg_planner.plan import Adaptation, Plan, Week

__all__ = [
    "Format",
    "render_adaptation",
    "render_briefing",
    "render_compliance",
    "render_plan",
    "render_session",
    "render_week",
]

Format = Literal["text", "md", "html"]
"""``"text"`` for terminals and logs, ``"md"`` for Markdown, ``"html"`` for web pages."""


def _distance(session: Session, units: DistanceUnit) -> str:
    metres = session.distance
    if not session.is_running or not metres:
        return ""
    return f" · about {format_distance(round(metres, -2), units)}"


def _paces(session: Session, units: DistanceUnit) -> str:
    """The session's target paces by effort; a race's own pace is race pace, whatever its effort.

    A half is run at about marathon effort, but its pace is the half's, not marathon pace; and
    a race run by feel shows no pace at all (`Step.target_pace`).
    """
    seen: list[str] = []
    for step in session.workout.flat_steps():
        pace = step.target_pace
        if pace is not None:
            race = session.kind is WorkoutKind.RACE and step.part is StepPart.WORK
            text = f"{'race' if race else step.effort.value} {pace.format(units)}"
            if text not in seen:
                seen.append(text)
    return ", ".join(seen)


_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>|#])")


def _md(text: str) -> str:
    """`text` as literal Markdown: marks that would format, link or break a table are escaped.

    Titles, notes and messages can come from user files (a template, a rule's why, a pain's
    location), so none of them may turn into a link, a heading or a broken table.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _plain(text: str) -> str:
    return text


def render_session(session: Session, *, fmt: Format = "text", units: DistanceUnit = "km") -> str:
    """One session: its day, title, duration, paces and the why beneath."""
    day = session.date.strftime("%a %d %b")
    if session.kind is WorkoutKind.REST:
        head = f"{day} · Rest"
    else:
        length = format_duration(session.duration)
        head = f"{day} · {session.title} · {length}{_distance(session, units)}"
    if session.status != "planned":
        head += f" · {session.status}"
    paces = _paces(session, units)
    e = _md if fmt == "md" else _plain
    lines = [f"**{e(head)}**" if fmt == "md" else head]
    bullet = "- " if fmt == "md" else "    "
    if paces:
        lines.append(f"{bullet}Paces: {paces}")
    if session.purpose:
        lines.append(f"{bullet}Why: {e(session.purpose)}")
    for note in session.notes:
        lines.append(f"{bullet}{e(note)}")
    if session.routine is not None:
        routine = session.routine
        lines.append(f"{bullet}Routine: {e(routine.name)}. {e(routine.purpose)}")
        for item in routine.exercises:
            lines.append(f"{bullet}  - {e(item.name)}, {e(item.dose)}: {e(item.why)}")
    if session.fueling:
        lines.append(f"{bullet}Fuel: {e(session.fueling)}")
    for prompt in session.journal:
        lines.append(f"{bullet}Journal, {e(prompt[:1].lower() + prompt[1:])}")
    return "\n".join(lines)


def render_week(week: Week, *, fmt: Format = "text", units: DistanceUnit = "km") -> str:
    """One week: a header line, its focus, then each session with its why.

    In Markdown and HTML the week opens with a table of its days.
    """
    if fmt == "html":
        return _week_html(week, units)
    running = round(week.running_minutes)
    label = " (cutback)" if week.cutback else ""
    head = (
        f"Week {week.number} · {week.phase.value}{label} · {week.start.isoformat()} to "
        f"{min(week.end, week.sessions[-1].date).isoformat()} · {running} min of running"
    )
    if fmt == "text":
        parts = [head, f"  {week.focus}", ""]
        parts += [render_session(session, fmt="text", units=units) for session in week.sessions]
        return "\n".join(parts)
    table = ["| Day | Session | Time | Key |", "| --- | --- | --- | --- |"]
    for session in week.sessions:
        time = format_duration(session.duration) if session.kind is not WorkoutKind.REST else ""
        title = _md(session.title or session.kind.guide.name)
        table.append(
            f"| {session.date.strftime('%a %d %b')} | {title} | {time} | "
            f"{'yes' if session.key else ''} |"
        )
    details = [
        render_session(session, fmt="md", units=units)
        for session in week.sessions
        if session.kind is not WorkoutKind.REST
    ]
    return "\n\n".join([f"### {head}", f"*{_md(week.focus)}*", "\n".join(table), *details])


def render_plan(plan: Plan, *, fmt: Format = "text", units: DistanceUnit = "km") -> str:
    """A whole plan: who it is for, its phases and why, then every week."""
    if fmt == "html":
        return _plan_html(plan, units)
    goal = plan.goal
    hours, mins = divmod(round(plan.running_minutes), 60)
    total = f"{hours} h {mins:02d} min"
    label = goal.distance.label[0].upper() + goal.distance.label[1:]
    title = (
        f"{label} plan · {len(plan.weeks)} weeks · "
        f"{plan.start.isoformat()} to {goal.race_date.isoformat()} · template {plan.template}"
    )
    intro = [f"{total} of running in all."]
    intro += list(plan.notes)
    phases = [
        f"{phase.name.value.capitalize()} ({phase.span}): {phase.focus} {phase.rationale}"
        for phase in plan.phases
    ]
    weeks = [render_week(week, fmt=fmt, units=units) for week in plan.weeks]
    if fmt == "md":
        return "\n\n".join(
            [
                f"## {_md(title)}",
                *map(_md, intro),
                "\n".join(f"- {_md(line)}" for line in phases),
                *weeks,
            ]
        )
    rule = "=" * min(len(title), 100)
    return "\n\n".join([title, rule, *intro, "\n".join(phases), *weeks])


# --- adaptations --------------------------------------------------------------------------


def render_adaptation(
    adaptation: Adaptation, *, fmt: Format = "text", units: DistanceUnit = "km"
) -> str:
    """Every change with before → after and its why, advice first."""
    changes = len(adaptation.adjustments)
    head = f"Adapted as of {adaptation.today.isoformat()}: {changes} change{'s' * (changes != 1)}"
    parts = [f"## {head}" if fmt == "md" else head]
    if adaptation.paused:
        parts.append(
            "The plan is paused: no training until you add a Resume event once you are cleared."
        )
    if fmt == "html":
        return _adaptation_html(adaptation, head)
    bullet = "- " if fmt == "md" else "  "
    e = _md if fmt == "md" else _plain
    for item in sorted(adaptation.advice, key=lambda a: (a.kind != "refer", a.date, a.rule_id)):
        label = f"See {item.to}" if item.kind == "refer" else "Note"
        parts.append(f"{bullet}{e(f'{label}: {item.message} [{item.rule_id}]')}")
    for adjustment in adaptation.adjustments:
        before = _short(adjustment.before)
        after = _short(adjustment.after) if adjustment.after is not None else "let go"
        if adjustment.change == "moved" and adjustment.after is not None:
            after = f"{adjustment.after.date.strftime('%a %d %b')}: {after}"
        day = adjustment.date.strftime("%a %d %b")
        line = f"{day} · {adjustment.change}: {before} → {after}"
        why = f"Why: {adjustment.message}"
        rule = f"Rule: {adjustment.rule_id} ({adjustment.severity})"
        if len(adjustment.matched) > 1:
            rule += f"; also matched: {', '.join(adjustment.matched[1:])}"
        if fmt == "md":
            parts.append(f"**{_md(line)}**\n\n- {_md(why)}\n- {_md(rule)}")
        else:
            parts.append(f"{line}\n    {why}\n    {rule}")
    return "\n\n".join(parts) if fmt == "md" else "\n".join(parts)


_MATCH_WORDS: Final = {
    "in band": "at the planned effort",
    "below": "easier than planned, which is fine on a tired day",
    "above": "harder than planned; the planned effort builds the same fitness with less fatigue",
}
_FROM_WHAT_WAS_DONE: Final = ("effort.", "fitness.")
"""Rules that read what the runner did: how hard it felt, a new race or time trial."""


def _adaptation_html(adaptation: Adaptation, head: str) -> str:
    """An adaptation as HTML: advice first, then each change as before → after with its why."""
    parts = [f"<h2>{escape(head)}</h2>"]
    if adaptation.paused:
        parts.append("<p>The plan is paused: no training until you add a Resume event.</p>")
    advice = sorted(adaptation.advice, key=lambda a: (a.kind != "refer", a.date, a.rule_id))
    if advice:
        items = "".join(
            f"<li><strong>{'See ' + escape(a.to) if a.kind == 'refer' else 'Note'}:</strong> "
            f"{escape(a.message)} <code>{escape(a.rule_id)}</code></li>"
            for a in advice
        )
        parts.append(f"<ul>{items}</ul>")
    if adaptation.adjustments:
        rows = "".join(
            f"<tr><td>{a.date.strftime('%a %d %b')}</td><td>{escape(a.change)}</td>"
            f"<td>{escape(_short(a.before))}</td>"
            f"<td>{escape(_short(a.after) if a.after is not None else 'let go')}</td>"
            f"<td>{escape(a.message)}</td><td><code>{escape(a.rule_id)}</code></td></tr>"
            for a in adaptation.adjustments
        )
        parts.append(
            "<table><thead><tr><th>Day</th><th>Change</th><th>Before</th><th>After</th>"
            f"<th>Why</th><th>Rule</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return "\n".join(parts)


def render_compliance(adaptation: Adaptation, *, fmt: Format = "text") -> str:
    """Planned against done, week by week, and what the rules made of what was done.

    Each week begun by the adaptation's day: runs and minutes done against planned, key
    sessions, extras, how each logged session's effort compared with the plan, and then the
    changes the effort and fitness rules made from it.

    Example:
        >>> import datetime as dt
        >>> import balg_planner as bp
        >>> runner = bp.Athlete(level="beginner", weekly_minutes=90, longest_run_minutes=35,
        ...                     availability={"tue": 40, "thu": 40, "sat": 60})
        >>> plan = bp.compose_plan(runner, bp.Goal(distance="5k", race_date=dt.date(2027, 3, 20)),
        ...                        start=dt.date(2027, 1, 4))
        >>> done = [bp.CompletedSession(date=dt.date(2027, 1, 5), minutes=30, rpe=4)]
        >>> print(render_compliance(bp.adapt(plan, done, today=dt.date(2027, 1, 11))))
        Planned and done up to Mon 11 Jan
        Week 1 (from Mon 04 Jan): 1 of 3 runs, 30 of 89 min, key sessions 0 of 1
          Tue 05 Jan Easy run, 19 min, then 6 × 20 s strides: at the planned effort
    """
    plan = adaptation.plan
    by_id = {session.id: session for session in plan.sessions}
    lines: list[tuple[str, str]] = [
        ("title", f"Planned and done up to {adaptation.today.strftime('%a %d %b')}")
    ]
    for row in adaptation.compliance():
        week = f"Week {row.week} (from {row.start.strftime('%a %d %b')})"
        if not (row.sessions_done or row.missed or row.extra):
            lines.append(("week", f"{week}: nothing logged ({row.minutes_planned:g} min planned)"))
            continue
        line = (
            f"{week}: {row.sessions_done} of "
            f"{row.sessions_planned} run{'s' * (row.sessions_planned != 1)}, "
            f"{row.minutes_done:g} of {row.minutes_planned:g} min, "
            f"key sessions {row.key_done} of {row.key_planned}"
        )
        lines.append(("week", line + (f", {row.extra} extra" if row.extra else "")))
        for session_id, match in row.efforts.items():
            session = by_id.get(session_id)
            if session is not None and match != "unknown":
                label = f"{session.date.strftime('%a %d %b')} {session.title or session.kind.value}"
                lines.append(("item", f"{label}: {_MATCH_WORDS[match]}"))
    concluded = [a for a in adaptation.adjustments if a.rule_id.startswith(_FROM_WHAT_WAS_DONE)]
    words = [a for a in adaptation.advice if a.rule_id.startswith(_FROM_WHAT_WAS_DONE)]
    if concluded or words:
        lines.append(("heading", "What the plan made of it"))
        lines += [("item", a.message) for a in words]
        lines += [
            ("item", f"{a.date.strftime('%a %d %b')} {a.change}: {a.message}") for a in concluded
        ]
    if len(lines) == 1:
        lines.append(("week", "Nothing to compare yet: no week has begun."))
    return _lines(lines, fmt)


def _lines(lines: list[tuple[str, str]], fmt: Format) -> str:
    """Titled lines in a format: a title, headings, bold-ish rows and bulleted items."""
    if fmt == "html":
        tags = {"title": "h2", "heading": "h3", "week": "p", "item": "li"}
        out, listing = [], False
        for kind, text in lines:
            if (kind == "item") != listing:
                out.append("<ul>" if kind == "item" else "</ul>")
                listing = not listing
            out.append(f"<{tags[kind]}>{escape(text)}</{tags[kind]}>")
        return "\n".join([*out, "</ul>"] if listing else out)
    if fmt == "md":
        marks = {"title": "## {}", "heading": "### {}", "week": "**{}**", "item": "- {}"}
        return "\n\n".join(marks[k].format(_md(text)) for k, text in lines)
    marks = {"title": "{}", "heading": "{}:", "week": "{}", "item": "  {}"}
    return "\n".join(marks[k].format(text) for k, text in lines)


def _short(session: Session | None) -> str:
    if session is None:
        return "nothing"
    if session.kind is WorkoutKind.REST:
        return session.title or "Rest"
    return f"{session.title or session.kind.guide.name} ({format_duration(session.duration)})"


_TITLED_BY_LENGTH: Final = frozenset({WorkoutKind.LONG, WorkoutKind.EASY, WorkoutKind.RECOVERY})


def render_briefing(week: Week, *, fmt: Format = "text") -> str:
    """The weekly coaching call in a page.

    What the week builds and why, the key sessions and how they should feel, the mental skill
    of the week, fuelling for the long days, and what to do if life gets messy.
    """
    md = fmt == "md"
    bullet = "- " if md else "  - "

    def heading(text: str) -> str:
        return f"#### {text}" if md else f"{text}:"

    last = week.sessions[-1].date
    parts = [
        ("### " if md else "")
        + f"Week {week.number} briefing · {week.phase.value} · {week.start.isoformat()} to "
        f"{last.isoformat()}",
        heading("What this week builds"),
        f"{week.focus} {phase_rationale(week.phase)}",
        heading("Key sessions"),
    ]
    keys = week.key_sessions or tuple(s for s in week.sessions if s.is_running)
    for session in keys:
        guide = effort_guide(session.effort)
        length = (
            "" if session.kind in _TITLED_BY_LENGTH else f" ({format_duration(session.duration)})"
        )
        parts.append(
            f"{bullet}{session.date.strftime('%a')}: {session.title}{length}. "
            f"{session.kind.guide.feels_like} RPE {guide.rpe[0]:g}-{guide.rpe[1]:g}; "
            f"talk test: {guide.talk_test}"
        )
    if week.skill:
        skill = mental_skill(week.skill)
        parts += [
            heading(f"Mental skill of the week: {skill.name}"),
            skill.what,
            f"When: {skill.when}",
            f"Drill: {skill.drill}",
            f"Journal: {skill.prompts[0]}",
        ]
    fuel = [s for s in week.sessions if s.fueling and s.kind is not WorkoutKind.RACE]
    if fuel:
        parts.append(heading("Fuel"))
        parts += [f"{bullet}{s.date.strftime('%a')} {s.title}: {s.fueling}" for s in fuel]
    parts.append(heading("If life gets messy this week"))
    parts += [
        f"{bullet}{item.situation}: {item.text} (balg-planner learn {item.lesson})"
        for item in messy_guidance()
    ]
    return ("\n\n" if md else "\n").join(parts)


# --- HTML ---------------------------------------------------------------------------------


def _session_html(session: Session, units: DistanceUnit) -> str:
    lines = render_session(session, fmt="text", units=units).splitlines()
    head, details = lines[0], [line.strip() for line in lines[1:]]
    items = "".join(f"<li>{escape(line)}</li>" for line in details)
    return f"<details><summary>{escape(head)}</summary><ul>{items}</ul></details>"


def _week_html(week: Week, units: DistanceUnit) -> str:
    rows = "".join(
        f"<tr><td>{escape(s.date.strftime('%a %d %b'))}</td>"
        f"<td>{escape(s.title or s.kind.guide.name)}</td>"
        f"<td>{format_duration(s.duration) if s.kind is not WorkoutKind.REST else ''}</td>"
        f"<td>{'yes' if s.key else ''}</td></tr>"
        for s in week.sessions
    )
    head = render_week(week, fmt="text", units=units).splitlines()[0]
    details = "".join(
        _session_html(s, units) for s in week.sessions if s.kind is not WorkoutKind.REST
    )
    return (
        f"<section class='balg-week'><h3>{escape(head)}</h3><p><em>{escape(week.focus)}</em></p>"
        "<table><thead><tr><th>Day</th><th>Session</th><th>Time</th><th>Key</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{details}</section>"
    )


def _plan_html(plan: Plan, units: DistanceUnit) -> str:
    text = render_plan(plan, fmt="text", units=units)
    title = text.splitlines()[0]
    phases = "".join(
        f"<li><strong>{escape(p.name.value.capitalize())}</strong> ({p.span}): "
        f"{escape(p.focus)} {escape(p.rationale)}</li>"
        for p in plan.phases
    )
    notes = "".join(f"<p>{escape(note)}</p>" for note in plan.notes)
    weeks = "".join(_week_html(week, units) for week in plan.weeks)
    body = f"<h2>{escape(title)}</h2>{notes}<ul>{phases}</ul>{weeks}"
    return f"<article class='balg-plan'>{body}</article>"
