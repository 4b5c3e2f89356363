"""Generate the reference pages that come from data: the template catalogue and JSON Schemas.

Run ``python scripts/generate_docs.py`` after changing a template or a schema model; the tests
fail while the committed pages are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import balg_planner as bp
from balg_planner.schema import TemplateFile

DOCS = Path(__file__).resolve().parent.parent / "docs"


def template_catalogue() -> str:
    """The Markdown page listing every packaged template."""
    lines = [
        "# Template catalogue",
        "",
        "Generated from `src/balg_planner/templates/*.toml` by `scripts/generate_docs.py`;",
        "do not edit by hand. Every template is original, written from published principles.",
        "",
        "| Template | Race | Level | Weeks (min-default-max) | Days | Long run: target, cap "
        "| Race-specific peak | Taper |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in bp.templates():
        lines.append(
            f"| `{t.id}` | {t.distance.label} | {t.level.value} | "
            f"{t.runway.min_weeks}-{t.runway.default_weeks}-{t.runway.max_weeks} | "
            f"{t.days.min_available}+ (up to {t.days.max_runs} runs) | "
            f"{t.readiness.long_run_minutes} min, at most {t.long_run.cap_minutes} min | "
            f"{t.readiness.race_specific_minutes} min {t.readiness.race_specific.value} | "
            f"{t.taper.weeks} wk |"
        )
    for t in bp.templates():
        lines += ["", f"## `{t.id}`", "", t.summary, ""]
        lines.append(
            f"Starts from at least {t.volume.min_start_minutes} min of running a week; grows "
            f"at most {round(t.volume.ramp * 100)} % a week towards "
            f"{round(t.readiness.peak_week * 100)} % of it (never above {t.volume.peak_minutes} "
            f"min), with a cutback every {t.volume.cutback_every} weeks. The long run grows to "
            f"{t.readiness.long_run_minutes} min by the last peak week."
        )
        lines += ["", "| Phase | Focus | Quality sessions |", "| --- | --- | --- |"]
        for phase in t.phases:
            quality = ", ".join(kind.value for kind in phase.quality) or "none (strides)"
            lines.append(f"| {phase.name.value} | {phase.focus} | {quality} |")
        lines += ["", f"*Source:* {t.source}"]
    return "\n".join(lines) + "\n"


def rule_catalogue() -> str:
    """The Markdown page listing every built-in rule, pack by pack."""
    from balg_planner.rulebook.conditions import describe_rule

    rules = bp.default_rules()
    lines = [
        "# Built-in rules",
        "",
        "Generated from `src/balg_planner/rules/*.toml` by `scripts/generate_docs.py`; do not",
        f"edit by hand. {len(rules)} rules; `balg-planner rules ID` explains one in the terminal.",
        "",
        "| Rule | Severity | What it does |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{r.id}` | {r.severity} | {r.title} |" for r in rules.rules]
    for category in sorted({rule.category for rule in rules.rules}):
        lines += ["", f"## {category.capitalize()}", ""]
        for rule in rules.rules:
            if rule.category == category:
                lines += [describe_rule(rule, fmt="md"), ""]
    return "\n".join(lines).rstrip() + "\n"


def fact_reference() -> str:
    """The Markdown page listing every fact a rule can test."""
    from balg_planner.rulebook.vocabulary import CATEGORY_SOURCES, FACTS

    lines = [
        "# Facts rules can test",
        "",
        "Generated from the registry in `balg_planner.rulebook.vocabulary` by",
        "`scripts/generate_docs.py`.",
        "A test on a fact without a value (an unanswered check-in question) is false.",
        "",
        "| Fact | Type | Meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{f.name}` | {f.type} | {f.doc} |" for f in FACTS.values()]
    lines += ["", "## What each category sees", ""]
    lines += [
        f"- **{category}**: {', '.join(sorted(sources))}"
        for category, sources in CATEGORY_SOURCES.items()
    ]
    return "\n".join(lines) + "\n"


def knowledge_page() -> str:
    """The Markdown page of the teaching content: efforts, sessions, skills, routines, fuel."""
    from balg_planner import teaching

    lines = [
        "# The science and the teaching",
        "",
        "Generated from `src/balg_planner/knowledge/*.toml` by `scripts/generate_docs.py`;",
        "do not edit by hand. `balg-planner learn <topic>` shows any of these in the terminal.",
        "",
        "## Effort levels",
    ]
    for guide in bp.effort_guides():
        lines += [
            "",
            f"### {guide.name}",
            "",
            f"- **Builds:** {guide.develops}",
            f"- **Feels like:** {guide.feels_like}",
            f"- **Talk test:** {guide.talk_test}",
            f"- **Common mistake:** {guide.common_mistake}",
            f"- **Takeaway:** {guide.takeaway}",
            *(f"- *Source:* {item}" for item in guide.evidence),
        ]
    lines += ["", "## Kinds of session"]
    for kind in bp.workout_guides():
        lines += [
            "",
            f"### {kind.name}",
            "",
            f"- **Why:** {kind.purpose}",
            f"- **Feels like:** {kind.feels_like}",
            f"- **If the day goes sideways:** {kind.sideways}",
            f"- **Common mistake:** {kind.common_mistake}",
            f"- **Takeaway:** {kind.takeaway}",
            *(f"- *Source:* {item}" for item in kind.evidence),
        ]
    lines += ["", "## Mental game skills"]
    for skill in teaching.mental_skills():
        lines += [
            "",
            f"### {skill.name}",
            "",
            skill.what,
            "",
            f"- **When:** {skill.when}",
            f"- **Drill:** {skill.drill}",
            *(f"- **Journal:** {prompt}" for prompt in skill.prompts),
            *(f"- *Source:* {item}" for item in skill.evidence),
        ]
    lines += ["", "## Journal prompts", "", "| When | Fits | Prompt |", "| --- | --- | --- |"]
    lines += [
        f"| {prompt.moment} | {', '.join(prompt.situations)} | {prompt.text} |"
        for prompt in teaching.journal_prompt_list()
    ]
    lines += ["", "## Strength, mobility and yoga routines"]
    for routine in teaching.routines():
        lines += ["", f"### {routine.name}", "", routine.purpose, ""]
        lines += [
            "| Exercise | Beginner | Intermediate | Advanced | Why |",
            "| --- | --- | --- | --- | --- |",
        ]
        for exercise_id in routine.exercises:
            item = teaching.exercise(exercise_id)
            doses = " | ".join(item.dose[level] for level in bp.Level)
            lines.append(f"| {item.name} | {doses} | {item.why} |")
    lines += ["", "## Fuelling and hydration", "", teaching.learn("fueling").split("\n", 1)[1]]
    lines += ["", "## Lessons behind the rules"]
    for lesson in teaching.lessons():
        lines += ["", f"### {lesson.title}", "", lesson.text]
        lines += [f"- *Source:* {source}" for source in lesson.evidence]
    return "\n".join(lines) + "\n"


def rule_schema() -> str:
    """The JSON Schema of a rule file."""
    from balg_planner.rulebook.syntax import RuleFile

    return json.dumps(RuleFile.model_json_schema(), indent=2, sort_keys=True) + "\n"


def events_schema() -> str:
    """The JSON Schema of an events file (a list of events)."""
    from pydantic import TypeAdapter

    from balg_planner.events import Event

    schema = TypeAdapter(list[Event]).json_schema()
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def plan_schema() -> str:
    """The JSON Schema of a plan file."""
    return json.dumps(bp.Plan.model_json_schema(), indent=2, sort_keys=True) + "\n"


def template_schema() -> str:
    """The JSON Schema of a template file."""
    return json.dumps(TemplateFile.model_json_schema(), indent=2, sort_keys=True) + "\n"


PAGES = {
    DOCS / "reference" / "templates.md": template_catalogue,
    DOCS / "reference" / "schemas" / "template.schema.json": template_schema,
    DOCS / "reference" / "builtin-rules.md": rule_catalogue,
    DOCS / "reference" / "facts.md": fact_reference,
    DOCS / "reference" / "schemas" / "rules.schema.json": rule_schema,
    DOCS / "reference" / "knowledge.md": knowledge_page,
    DOCS / "reference" / "schemas" / "events.schema.json": events_schema,
    DOCS / "reference" / "schemas" / "plan.schema.json": plan_schema,
}


def main() -> int:
    """Write every generated page."""
    for path, build in PAGES.items():
        path.write_text(build(), encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
