"""What happens in a runner's life: the events a plan adapts to.

Every event is a frozen model with a ``type`` field, so a mixed list of events round-trips
through JSON (`dump_events` and `parse_events`). Dates are plain `datetime.date` values;
nothing here reads the clock.

Example:
    >>> import datetime as dt
    >>> cold = Illness(start=dt.date(2027, 2, 1), symptoms={"runny_nose", "sneezing"})
    >>> cold.above_neck_only, cold.fever
    (True, False)
    >>> parse_events(dump_events([cold])) == (cold,)
    True
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_serializer,
    model_validator,
)

from balg_planner._resources import bounded_text, check_depth, data_error_from
from balg_planner.effort import Effort
from balg_planner.errors import DataError
from balg_planner.science import vdot_from_race
from balg_planner.units import Day, Distance, Duration, RaceDistance
from balg_planner.workout import WorkoutKind

__all__ = [
    "FEVER_CELSIUS",
    "MAX_EVENT_BYTES",
    "Break",
    "CheckIn",
    "CompletedSession",
    "Event",
    "Illness",
    "MissedSession",
    "Pain",
    "RaceDateChange",
    "Resume",
    "Symptom",
    "TimeLimit",
    "TimeTrial",
    "ZonesBy",
    "dump_events",
    "parse_events",
]

FEVER_CELSIUS: Final = 37.5
"""Treat a temperature from 37.5 °C as fever for training decisions (domain-science ILL-01)."""

MAX_EVENT_BYTES: Final = 8 * 1024 * 1024
"""Events files larger than this are refused before parsing (years of daily events fit)."""


class Symptom(StrEnum):
    """Illness symptoms, grouped the way the neck check groups them."""

    RUNNY_NOSE = "runny_nose"
    NASAL_CONGESTION = "nasal_congestion"
    SNEEZING = "sneezing"
    SORE_THROAT = "sore_throat"
    FEVER = "fever"
    CHILLS = "chills"
    BODY_ACHES = "body_aches"
    CHEST_CONGESTION = "chest_congestion"
    COUGH = "cough"
    FATIGUE = "fatigue"
    NAUSEA = "nausea"
    VOMITING = "vomiting"
    DIARRHEA = "diarrhea"
    CHEST_PAIN = "chest_pain"
    PALPITATIONS = "palpitations"
    SHORTNESS_OF_BREATH = "shortness_of_breath"
    DIZZINESS = "dizziness"
    FAINTING = "fainting"

    @property
    def above_neck(self) -> bool:
        """Runny or stuffy nose, sneezing, a mild sore throat."""
        return self in _ABOVE_NECK

    @property
    def systemic(self) -> bool:
        """Below the neck or whole-body: fever, chills, aches, chest, cough, gut, fatigue."""
        return self in _SYSTEMIC

    @property
    def cardiac(self) -> bool:
        """Warning signs for the heart: stop, see a doctor, pause the plan."""
        return self in _CARDIAC

    @property
    def label(self) -> str:
        """Plain words: ``"sore throat"``."""
        return self.value.replace("_", " ")


_ABOVE_NECK: Final = frozenset(
    {Symptom.RUNNY_NOSE, Symptom.NASAL_CONGESTION, Symptom.SNEEZING, Symptom.SORE_THROAT}
)
_CARDIAC: Final = frozenset(
    {
        Symptom.CHEST_PAIN,
        Symptom.PALPITATIONS,
        Symptom.SHORTNESS_OF_BREATH,
        Symptom.DIZZINESS,
        Symptom.FAINTING,
    }
)
_SYSTEMIC: Final = frozenset(Symptom) - _ABOVE_NECK - _CARDIAC


class _Event(BaseModel):
    """Shared behaviour: frozen, strict keys, and the first field may be given by position."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    _positional: ClassVar[str] = "date"

    def __init__(self, *args: Any, **data: Any) -> None:
        if len(args) > 1:
            raise TypeError(f"{type(self).__name__} takes one positional argument")
        if args:
            data[self._positional] = args[0]
        super().__init__(**data)

    # Pydantic's own marker for an __init__ that only forwards to BaseModel's: validation then
    # builds events directly instead of calling this, so `parse_events` stays strict (a
    # custom __init__ would validate the fields again, leniently).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @property
    def first_day(self) -> dt.date:
        """The first day the event touches."""
        value: dt.date = getattr(self, self._positional)
        return value


def _integral(value: Any) -> Any:
    # JSON Schema counts 3.0 as an integer; so does the parser. 3.5 and true stay refused.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Integers read a float with nothing after the point (``3.0``) as one, as JSON Schema counts it.
# The bounds come before the validator so that they reach the JSON Schema as minimum/maximum.
_WHOLE: Final = BeforeValidator(_integral)

Score = Annotated[int, Field(ge=1, le=10), _WHOLE]


class CheckIn(_Event):
    """How the runner feels on a day; scores run from 1 (none) to 10 (extreme)."""

    type: Literal["check_in"] = "check_in"
    """Always ``"check_in"``: tells the event kinds apart in JSON."""
    date: Day
    """The day the runner checks in."""
    sleep_hours: Annotated[float, Field(ge=0, le=24)] | None = None
    """Hours slept last night; None when not said."""
    stress: Score | None = None
    """Life stress, 1 (none) to 10 (extreme); None when not said."""
    fatigue: Score | None = None
    """Tiredness, 1 (none) to 10 (extreme); None when not said."""
    soreness: Score | None = None
    """Muscle soreness, 1 (none) to 10 (extreme); None when not said."""
    resting_hr_delta: Annotated[int, Field(ge=-40, le=80), _WHOLE] | None = None
    """Beats per minute above (or below) the runner's usual resting heart rate."""


class Illness(_Event):
    """An illness from `start` to `end` (None while it is ongoing)."""

    _positional: ClassVar[str] = "start"
    type: Literal["illness"] = "illness"
    """Always ``"illness"``: tells the event kinds apart in JSON."""
    start: Day
    """The first day with symptoms."""
    end: Day | None = None
    """The last day with symptoms; None while the illness is ongoing."""
    symptoms: frozenset[Symptom] = frozenset()
    """The symptoms the neck check reads; in JSON a sorted list of names (``"sore_throat"``)."""
    temperature_c: Annotated[float, Field(ge=30, le=45)] | None = None
    """The highest temperature taken, in °C (from 37.5 it counts as fever); None when not taken."""
    diagnosis: Annotated[str, Field(max_length=80)] | None = None
    """A diagnosis if there is one, e.g. ``"covid"``; post-viral rules use it."""

    @field_serializer("symptoms")
    def _sorted_symptoms(self, symptoms: frozenset[Symptom]) -> list[str]:
        # Sets have no order; sorting keeps the JSON byte-identical from run to run.
        return sorted(symptom.value for symptom in symptoms)

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Illness:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if not self.symptoms and self.temperature_c is None and self.diagnosis is None:
            raise ValueError("an illness needs symptoms, a temperature or a diagnosis")
        return self

    @property
    def fever(self) -> bool:
        """A fever symptom, or a temperature from 37.5 °C."""
        hot = self.temperature_c is not None and self.temperature_c >= FEVER_CELSIUS
        return hot or Symptom.FEVER in self.symptoms

    @property
    def systemic(self) -> bool:
        """Fever or any symptom below the neck."""
        return self.fever or any(symptom.systemic for symptom in self.symptoms)

    @property
    def cardiac(self) -> bool:
        """Any cardiac warning sign."""
        return any(symptom.cardiac for symptom in self.symptoms)

    @property
    def above_neck_only(self) -> bool:
        """Only above-the-neck symptoms: no fever, nothing systemic or cardiac."""
        symptoms = self.symptoms
        return bool(symptoms) and all(s.above_neck for s in symptoms) and not self.fever

    @property
    def viral_diagnosis(self) -> bool:
        """A diagnosis the post-viral return follows: COVID-19, influenza, glandular fever."""
        words = (self.diagnosis or "").lower()
        return any(name in words for name in _POST_VIRAL)

    @property
    def post_viral(self) -> bool:
        """COVID-19 or another diagnosed viral illness with systemic symptoms."""
        return self.systemic and self.viral_diagnosis


_POST_VIRAL: Final = ("covid", "sars-cov", "influenza", "flu", "glandular", "mono", "post-viral")


class Pain(_Event):
    """Pain on a day, with the signs that tell discomfort from injury."""

    type: Literal["pain"] = "pain"
    """Always ``"pain"``: tells the event kinds apart in JSON."""
    date: Day
    """The day it hurt."""
    location: Annotated[str, Field(min_length=1, max_length=60)]
    """Where it hurts (``"left knee"``); later reports of the same place match on these words."""
    score: Annotated[int, Field(ge=0, le=10), _WHOLE]
    """How much it hurts, 0 (none) to 10 (worst imaginable)."""
    sharp: bool = False
    """Sharp or stabbing, rather than a dull ache."""
    worsening: bool = False
    """Gets worse as the run goes on."""
    altered_gait: bool = False
    """Makes you limp or change your stride."""
    swelling: bool = False
    """Visible swelling where it hurts."""
    bone_tenderness: bool = False
    """Point tenderness on a bone you can press with one finger."""
    at_rest: bool = False
    """Hurts at rest or at night."""
    settles_by_morning: bool | None = None
    """Back to its usual level by the next morning; None until known (read as not settling)."""

    @property
    def red_flags(self) -> tuple[str, ...]:
        """The red flags present, in plain words that describe the pain ("sharp", "swelling")."""
        flags = {
            "sharp": self.sharp,
            "worse as you run": self.worsening,
            "a limp or changed stride": self.altered_gait,
            "swelling": self.swelling,
            "tender on the bone": self.bone_tenderness,
            "there at rest or at night": self.at_rest,
        }
        return tuple(name for name, present in flags.items() if present)

    @property
    def red_flag(self) -> bool:
        """Any red flag: stop running and get it assessed."""
        return bool(self.red_flags)

    @property
    def bone_stress(self) -> bool:
        """Signs of a possible bone stress injury: tenderness on the bone, or pain at rest."""
        return self.bone_tenderness or (self.at_rest and self.worsening)


class TimeLimit(_Event):
    """Only so many minutes for training on a day."""

    type: Literal["time_limit"] = "time_limit"
    """Always ``"time_limit"``: tells the event kinds apart in JSON."""
    date: Day
    """The day with less time than usual."""
    minutes: Annotated[int, Field(ge=0, le=600), _WHOLE]
    """Minutes free for training that day; 0 means none."""


class MissedSession(_Event):
    """A planned session that did not happen."""

    type: Literal["missed"] = "missed"
    """Always ``"missed"``: tells the event kinds apart in JSON."""
    date: Day
    """The day of the planned session that did not happen."""


ZonesBy = Literal["heart rate", "pace"]
"""What a watch file's minutes at each effort were read from."""


class CompletedSession(_Event):
    """A session that happened: how long it was and, when known, how hard it felt (RPE 0-10).

    Typed by hand, or read from a watch or app file (`balg_planner.activities`).
    """

    type: Literal["completed"] = "completed"
    """Always ``"completed"``: tells the event kinds apart in JSON."""
    date: Day
    """The day it was done."""
    minutes: Annotated[float, Field(ge=0, le=600)]
    """Moving time."""
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    """How hard it felt on the CR-10 scale, about 30 minutes after; None when not said."""
    kind: WorkoutKind | None = None
    """What it was, when known: a race (a tune-up race), a long run, ..."""
    distance: Distance | None = None
    """Metres covered, when known (``"21.1km"`` is read too)."""
    avg_hr: Annotated[int, Field(ge=30, le=250), _WHOLE] | None = None
    """Average heart rate, beats per minute."""
    max_hr: Annotated[int, Field(ge=30, le=250), _WHOLE] | None = None
    """Highest heart rate, beats per minute."""
    source: Annotated[str, Field(max_length=200)] = ""
    """Where it came from: a file name, an app."""
    effort_minutes: dict[Effort, Annotated[float, Field(ge=0, le=600)]] = {}
    """Minutes spent at each effort level, when a watch file's samples allow (see `zones_by`)."""
    zones_by: ZonesBy | None = None
    """What `effort_minutes` was read from: heart rate, else pace; None without them."""


class Break(_Event):
    """Days without running, from `start` to `end` inclusive."""

    _positional: ClassVar[str] = "start"
    type: Literal["break"] = "break"
    """Always ``"break"``: tells the event kinds apart in JSON."""
    start: Day
    """The first day without running."""
    end: Day
    """The last day without running (a one-day break has `end` equal to `start`)."""
    cross_trained: bool = False
    """True when cross-training (cycling, swimming) went on, so less fitness was lost."""

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Break:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def days_off(self) -> int:
        """Days without running."""
        return (self.end - self.start).days + 1


class RaceDateChange(_Event):
    """The goal race moved to another date.

    The plan is planned again from `date`, the day the race moved; the days before it stay as
    they were.
    """

    _positional: ClassVar[str] = "new_date"
    type: Literal["race_date_change"] = "race_date_change"
    """Always ``"race_date_change"``: tells the event kinds apart in JSON."""
    new_date: Day
    """The race's new date, where the re-planned plan ends."""
    date: Day | None = None
    """The day the race moved: the re-plan starts there. None means the adaptation's day;
    an app that adapts the first plan again every night should give it, so that every night
    re-plans from the same day."""


class TimeTrial(_Event):
    """A race or time trial run at full effort.

    Its time says where the runner's fitness is, and training paces follow it from the next
    day.
    """

    type: Literal["time_trial"] = "time_trial"
    """Always ``"time_trial"``: tells the event kinds apart in JSON."""
    date: Day
    """The day it was run."""
    distance: RaceDistance | Distance
    """A race distance (``"5k"``, ``"half"``) or metres (1500 m to the marathon)."""
    time: Duration
    """The finishing time: ``"21:30"``, ``"1:45:30"``, or ISO 8601 as in JSON (``"PT21M30S"``)."""

    @property
    def vdot(self) -> float:
        """The VDOT the result says (Daniels–Gilbert).

        Raises:
            DataError: The result is outside what the equations hold for.
        """
        metres = self.distance.metres if isinstance(self.distance, RaceDistance) else self.distance
        return vdot_from_race(metres, self.time)


class Resume(_Event):
    """The runner is cleared to train again after a pause (e.g. after a doctor's check).

    The plan then brings them back gently (the ``return`` rules): easy running first, walk-run
    stages after an injury, quality last.
    """

    type: Literal["resume"] = "resume"
    """Always ``"resume"``: tells the event kinds apart in JSON."""
    date: Day
    """The day the runner may run again; the plan brings them back gently from there."""
    cleared_by: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    """Who cleared the runner (``"a doctor"``, ``"my physio"``), if anyone."""
    pain_free_days: Annotated[int, Field(ge=0, le=365), _WHOLE] | None = None
    """Days of pain-free walking and daily life before resuming, after an injury."""


Event = Annotated[
    CheckIn
    | Illness
    | Pain
    | TimeLimit
    | MissedSession
    | CompletedSession
    | Break
    | RaceDateChange
    | TimeTrial
    | Resume,
    Field(discriminator="type"),
]
"""Any event; the ``type`` field says which."""

_EVENTS: Final = TypeAdapter(tuple[Event, ...])


def parse_events(text: str | bytes, *, source: str = "<events>") -> tuple[Event, ...]:
    """Read a JSON list of events, exactly as ``events.schema.json`` describes it.

    Strict, like the schema: dates are ``"YYYY-MM-DD"`` strings (not Unix timestamps), numbers
    are JSON numbers (not ``true`` or ``"3"``), a key given twice and ``NaN`` or ``Infinity``
    are refused, and so are files over `MAX_EVENT_BYTES` or nested deeper than
    `balg_planner._resources.MAX_DEPTH`.

    Raises:
        DataError: Not JSON, an unknown event type, or an impossible value (a score of 14/10,
            an end before its start); the message names the event's index and field.
    """
    text = bounded_text(text, source=source, what="events file", limit=MAX_EVENT_BYTES)
    document = check_json(text, source=source, what="events file")
    _each_symptom_once(document, source)
    try:
        return _EVENTS.validate_json(text, strict=True)
    except ValidationError as exc:
        raise data_error_from(exc, source=source) from None


def _each_symptom_once(document: object, source: str) -> None:
    # The schema lists each symptom once (uniqueItems); the model's set would hide a repeat.
    for index, item in enumerate(document if isinstance(document, list) else ()):
        symptoms = item.get("symptoms") if isinstance(item, dict) else None
        if isinstance(symptoms, list) and len(set(map(str, symptoms))) < len(symptoms):
            raise DataError(
                "a symptom is listed twice", source=source, loc=(index, "illness", "symptoms")
            )


def check_json(text: str, *, source: str, what: str) -> object:
    """Refuse JSON that the standard forbids or that would mean two things.

    A key given twice (which value wins?), ``NaN`` and ``Infinity`` (not JSON), and nesting
    deeper than `balg_planner._resources.MAX_DEPTH`.

    Returns:
        The decoded document.

    Raises:
        DataError: Any of these, or text that is not JSON; the message names `source`.
    """
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DataError(
            "invalid JSON",
            source=source,
            value=f"{exc.msg} at line {exc.lineno} column {exc.colno}",
        ) from None
    except RecursionError:
        raise DataError(f"{what} nested too deeply", source=source) from None
    except _RefusedJSON as exc:
        raise DataError(exc.what, source=source, value=exc.value, hint=exc.hint) from None
    check_depth(document, source=source, what=what)
    return document


class _RefusedJSON(ValueError):
    def __init__(self, what: str, value: str, hint: str) -> None:
        super().__init__(what)
        self.what, self.value, self.hint = what, value, hint


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _RefusedJSON("duplicate key", key, "give each key once")
        document[key] = value
    return document


def _no_constant(name: str) -> Any:
    raise _RefusedJSON("not a JSON number", name, "NaN and Infinity are not numbers in JSON")


def dump_events(events: tuple[Event, ...] | list[Event]) -> str:
    """Write events as a JSON list (`parse_events` reads it back)."""
    return _EVENTS.dump_json(tuple(events), indent=1).decode()
