"""The syntax of the rule language: conditions, scopes, actions, rules and the rule file.

A rule reads as a sentence: **when** a condition over facts holds, for the sessions in its
**scope**, **then** do one action, and tell the runner **why**. Every part is a frozen pydantic
model with a closed vocabulary (`balg_planner.rulebook.vocabulary`): an unknown fact, an
operator its fact cannot take, or a fact the rule's category cannot see is refused when the
file is read, with a "did you mean" and a code from `balg_planner.errors.RULE_CODES`.

Nothing in a rule is executed: conditions are data that `balg_planner.rulebook.conditions`
evaluates, and actions are data that `balg_planner.rulebook.actions` applies.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from balg_planner._caching import cached
from balg_planner._resources import model_keys
from balg_planner.effort import Effort
from balg_planner.rulebook.vocabulary import (
    CATEGORY_SOURCES,
    FACTS,
    OPERATORS,
    PLACEHOLDER,
    Category,
    FactValue,
    Operator,
    check_value,
    invalid,
    known_fact,
)
from balg_planner.workout import WorkoutKind

__all__ = [
    "REPLACEMENT_KINDS",
    "RULE_KEYS",
    "Action",
    "AdviceAction",
    "AllOf",
    "AnyOf",
    "CapEffortAction",
    "CapMinutesAction",
    "Condition",
    "DropAction",
    "NotOf",
    "NoteAction",
    "PauseAction",
    "RaceAsTrainingAction",
    "ReferAction",
    "ReplaceAction",
    "RescheduleAction",
    "RestAction",
    "Rule",
    "RuleFile",
    "ScaleMinutesAction",
    "ScaleVolumeAction",
    "Scope",
    "SetTrainingVdotAction",
    "Test",
    "TrimToFitAction",
    "WalkRunAction",
]

_Frozen = ConfigDict(frozen=True, extra="forbid")

REPLACEMENT_KINDS: Final = frozenset(
    {WorkoutKind.EASY, WorkoutKind.RECOVERY, WorkoutKind.CROSS_TRAINING, WorkoutKind.MOBILITY}
)
"""The kinds a `replace` action may turn a session into: never a race, a long run or quality."""
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Test(BaseModel):
    """``{ fact, op, value }``: compare one fact with a value."""

    model_config = _Frozen

    fact: str
    op: Operator
    value: FactValue | tuple[FactValue, ...]

    @model_validator(mode="after")
    def _typed(self) -> Test:
        fact = known_fact(self.fact)
        if self.op not in OPERATORS[fact.type]:
            allowed = ", ".join(sorted(OPERATORS[fact.type]))
            raise invalid(
                "fact_op", f"{self.fact} cannot use '{self.op}'; use {allowed}", value=self.op
            )
        many = self.op in ("in", "not_in")
        if many != isinstance(self.value, tuple):
            need = "a list" if many else "a single value"
            raise invalid("fact_value", f"'{self.op}' needs {need}", value=str(self.value))
        for item in self.value if isinstance(self.value, tuple) else (self.value,):
            check_value(fact, item)
        return self

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset({self.fact})


class AllOf(BaseModel):
    """``all = [...]``: every condition holds."""

    model_config = _Frozen

    all: Annotated[tuple[Condition, ...], Field(min_length=1, max_length=50)]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset().union(*(item.facts() for item in self.all))


class AnyOf(BaseModel):
    """``any = [...]``: at least one condition holds."""

    model_config = _Frozen

    any: Annotated[tuple[Condition, ...], Field(min_length=1, max_length=50)]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return frozenset().union(*(item.facts() for item in self.any))


class NotOf(BaseModel):
    """``not = {...}``: the condition does not hold."""

    model_config = _Frozen

    not_: Annotated[Condition, Field(alias="not")]

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        return self.not_.facts()


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "fact"):
            if key in value:
                return key
        return None
    tags: dict[type, str] = {Test: "fact", AllOf: "all", AnyOf: "any", NotOf: "not"}
    return tags.get(type(value))


Condition = Annotated[
    Annotated[Test, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition needs one of: fact (with op and value), all, any, not",
    ),
]


class Scope(BaseModel):
    """Which sessions a match touches, relative to its event.

    ``span``: ``day`` (the event's day), ``event`` (its whole span; an ongoing illness runs to
    today), ``after`` (from the day after it ends), ``from`` (from its first day to the end of
    the plan, or until a `Resume` or a later report of the same pain), ``plan`` (every session
    from today; for load and race rules), ``none`` (advice only, no session changes).
    ``offset`` skips days at the start; ``days`` limits the length, as a number or a fact.
    """

    model_config = _Frozen

    span: Literal["day", "event", "after", "from", "plan", "none"]
    offset: Annotated[int, Field(ge=0, le=400)] | str = 0
    days: Annotated[int, Field(ge=1, le=400)] | str | None = None

    @model_validator(mode="after")
    def _days_fact(self) -> Scope:
        for name, value in (("offset", self.offset), ("days", self.days)):
            if isinstance(value, str) and known_fact(value).type != "number":
                raise invalid("fact_value", f"scope.{name} needs a number fact", value=value)
        if self.span == "after" and self.days is None:
            raise invalid("scope", "an 'after' scope needs days", value=self.span)
        return self


class _Action(BaseModel):
    model_config = _Frozen

    def reads(self) -> frozenset[str]:
        """The facts the action reads (none for most)."""
        return frozenset()


class RestAction(_Action):
    """No training: the session becomes a rest day."""

    action: Literal["rest"]


class ReplaceAction(_Action):
    """A different, gentler session: e.g. pain-free cross-training instead of a run."""

    action: Literal["replace"]
    kind: WorkoutKind
    effort: Effort = Effort.EASY
    minutes: Annotated[int, Field(ge=5, le=300)] | None = None
    minutes_fact: str | None = None

    @model_validator(mode="after")
    def _gentler_kind(self) -> ReplaceAction:
        if self.kind not in REPLACEMENT_KINDS:
            allowed = ", ".join(sorted(kind.value for kind in REPLACEMENT_KINDS))
            raise invalid(
                "action",
                f"replace may only choose a gentler kind ({allowed})",
                value=self.kind.value,
            )
        return self

    def reads(self) -> frozenset[str]:
        """The facts the action reads."""
        return frozenset() if self.minutes_fact is None else frozenset({self.minutes_fact})


class CapEffortAction(_Action):
    """Nothing above `effort`; the same time, optionally scaled by `factor`."""

    action: Literal["cap_effort"]
    effort: Effort
    factor: Annotated[float, Field(gt=0, le=1)] = 1.0


class CapMinutesAction(_Action):
    """At most `minutes` (or the value of `fact`); easy running goes first."""

    action: Literal["cap_minutes"]
    minutes: Annotated[int, Field(ge=5, le=600)] | None = None
    fact: str | None = None

    def reads(self) -> frozenset[str]:
        """The facts the action reads."""
        return frozenset() if self.fact is None else frozenset({self.fact})


class ScaleMinutesAction(_Action):
    """Every step scaled by `factor`, optionally capped at `effort`."""

    action: Literal["scale_minutes"]
    factor: Annotated[float, Field(gt=0, le=1)]
    effort: Effort | None = None


class TrimToFitAction(_Action):
    """Fit the time available (`fact`), keeping the key stimulus.

    Filler and cool-down go first, then reps at the same pace; too little time for a sound
    session makes it an easy run.
    """

    action: Literal["trim_to_fit"]
    fact: str = "time.minutes"

    def reads(self) -> frozenset[str]:
        """The facts the action reads."""
        return frozenset({self.fact})


class RescheduleAction(_Action):
    """Move a missed key session to a free day within `within_days`, or drop it.

    The day must keep 48 h between hard days and the week's count of hard sessions.
    """

    action: Literal["reschedule"]
    within_days: Annotated[int, Field(ge=1, le=7)] = 3


class DropAction(_Action):
    """Let the session go."""

    action: Literal["drop"]


class ScaleVolumeAction(_Action):
    """Scale every session in scope by `factor`, capped at `effort`.

    At most `max_quality` quality sessions stay in the rule's span for one event (a long run's
    faster finish counts as quality); the rest become easy.
    """

    action: Literal["scale_volume"]
    factor: Annotated[float, Field(gt=0, le=1)]
    effort: Effort | None = None
    max_quality: Annotated[int, Field(ge=0, le=3)] | None = None


class SetTrainingVdotAction(_Action):
    """Train at another VDOT.

    A fixed lower `factor`, the break table (`table = "break"`), or the VDOT a race or time
    trial says (`table = "result"`: paces may get faster, the effort stays the same).
    """

    action: Literal["set_training_vdot"]
    factor: Annotated[float, Field(ge=0.5, le=1)] | None = None
    table: Literal["break", "result"] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SetTrainingVdotAction:
        if (self.factor is None) == (self.table is None):
            raise invalid(
                "action",
                "set_training_vdot needs a factor or a table ('break', 'result')",
                value="",
            )
        return self


class RaceAsTrainingAction(_Action):
    """Race day only: run the course as an easy training run, with no target.

    The rule's `why` says when to start at all (e.g. only if a 10-minute easy jog feels
    normal). Any other session is left as it is.
    """

    action: Literal["race_as_training"]


class WalkRunAction(_Action):
    """A run becomes walk-run intervals at easy effort (the way back after an injury, PAIN-05).

    `run_minutes` running and `walk_minutes` walking, repeated to at most `minutes`.
    """

    action: Literal["walk_run"]
    run_minutes: Annotated[int, Field(ge=1, le=10)]
    walk_minutes: Annotated[int, Field(ge=1, le=5)]
    minutes: Annotated[int, Field(ge=10, le=60)] = 30


class PauseAction(_Action):
    """Pause the plan: no training until the runner resumes (a `Resume` event)."""

    action: Literal["pause"]


class ReferAction(_Action):
    """Advise seeing a professional."""

    action: Literal["refer"]
    to: Annotated[str, Field(min_length=1, max_length=60)] = "a doctor"


class NoteAction(_Action):
    """Advice only; no session changes."""

    action: Literal["note"]


Action = Annotated[
    RestAction
    | ReplaceAction
    | CapEffortAction
    | CapMinutesAction
    | ScaleMinutesAction
    | TrimToFitAction
    | RescheduleAction
    | DropAction
    | ScaleVolumeAction
    | SetTrainingVdotAction
    | PauseAction
    | RaceAsTrainingAction
    | WalkRunAction
    | ReferAction
    | NoteAction,
    Field(discriminator="action"),
]
AdviceAction = ReferAction | NoteAction
"""Actions that advise rather than change sessions."""


class Rule(BaseModel):
    """One adaptation rule: when it applies, what it touches, what it does, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached,))

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=80)]
    title: Text
    category: Category
    severity: Literal["safety", "coaching"]
    priority: Annotated[int, Field(ge=0, le=1000)] = 0
    when: Condition
    scope: Scope
    then: Action
    why: Text
    """The message to the runner; ``{fact.name}`` placeholders are filled from the facts."""
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]
    learn: str = ""
    """A teaching topic for "learn more" (an effort level or workout kind), if any."""

    @model_validator(mode="after")
    def _facts_fit_the_category(self) -> Rule:
        sources = CATEGORY_SOURCES[self.category]
        used = set(self.when.facts())
        for value in (self.scope.days, self.scope.offset):
            if isinstance(value, str):
                used.add(value)
        for name in self.then.reads():
            used.add(known_fact(name).name)
        for placeholder in PLACEHOLDER.findall(self.why):
            used.add(known_fact(placeholder).name)
        for name in sorted(used):
            if FACTS[name].source not in sources:
                raise invalid(
                    "fact_source",
                    f"{self.category} rules cannot read {name}; they see "
                    f"{', '.join(sorted(sources))} facts",
                    value=name,
                )
        return self

    @cached
    def reads(self) -> frozenset[str]:
        """The facts the rule's condition tests (computed once)."""
        return self.when.facts()

    @cached
    def advice(self) -> bool:
        """True when the rule advises rather than changing sessions one by one (computed once)."""
        return isinstance(self.then, AdviceAction) or self.scope.span == "none"


class RuleFile(BaseModel):
    """A rule pack, as stored in ``rules/<pack>.toml``."""

    model_config = _Frozen

    schema_version: Literal[1]
    pack: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    title: Text
    description: str = ""
    rule: Annotated[tuple[Rule, ...], Field(max_length=500)] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        if not self.rule:
            raise invalid("empty_pack", "a rule pack needs at least one [[rule]]", value=self.pack)
        seen: set[str] = set()
        for rule in self.rule:
            if rule.id in seen:
                raise invalid("duplicate", "duplicate rule id", value=rule.id)
            seen.add(rule.id)
        return self


RULE_KEYS: Final = frozenset(
    model_keys(RuleFile)
    | {"all", "any", "not", "fact", "op", "value", "action", "span", "offset", "days"}
    | {name for model in (ReplaceAction, CapEffortAction, CapMinutesAction, ScaleVolumeAction,
                          SetTrainingVdotAction, RescheduleAction, ReferAction, TrimToFitAction,
                          WalkRunAction)
       for name in model.model_fields}
)  # fmt: skip
"""Every key a rule file may use, for "did you mean" suggestions."""

for _model in (AllOf, AnyOf, NotOf, Rule, RuleFile):
    _model.model_rebuild()
