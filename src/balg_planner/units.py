"""Paces, durations and distances: parsing, formatting and kilometre/mile conversion.

This is the only module that knows the text forms. Everything else works with
`datetime.timedelta` (durations, and paces as time per kilometre) and `float` metres.

Accepted text forms:

* pace: ``"4:30/km"``, ``"7:15/mi"``, ``"4:30.5/km"``, ``"4:30"`` (per km), ISO 8601
  ``"PT4M30S"`` (per km), or a number of seconds per km in models
* duration: ``"45m"``, ``"90s"``, ``"1h"``, ``"1h05m"``, ``"1h05m30s"``, ``"45:00"`` (m:ss),
  ``"1:05:00"`` (h:mm:ss), ISO 8601 ``"PT45M"``, ``"PT1H5M"``, ``"P1DT2H"``
* distance: ``"12km"``, ``"8mi"``, ``"400m"``, ``"5k"``, ``"10k"``, ``"15k"``, ``"half"``,
  ``"marathon"``, ``"mile"``, ``"1500m"``, ``"3000m"``

The annotated types `Pace`, `Duration` and `Distance` accept these forms in pydantic models.
In JSON, durations are ISO 8601 (``"PT45M"``), paces are seconds per kilometre (``270.0``,
to the microsecond, so a plan reads back exactly) and distances are metres.

Bounds, checked before any arithmetic so that no input can overflow a date or a duration:
a date in a model (`Day`) lies between `FIRST_DAY` and `LAST_DAY` (the years 1900 to 2199),
and a duration or pace read from text or a number is at most `MAX_DURATION` (a year).

Example:
    >>> from balg_planner.units import parse_pace, format_pace
    >>> format_pace(parse_pace("7:15/mi"), unit="km")
    '4:30/km'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, cast

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, core_schema

from balg_planner._resources import FAST_JSON
from balg_planner.errors import DataError

__all__ = [
    "FIRST_DAY",
    "KM",
    "LAST_DAY",
    "MAX_DURATION",
    "MILE",
    "Day",
    "Distance",
    "DistanceUnit",
    "Duration",
    "NativeStrEnum",
    "Pace",
    "PaceSeconds",
    "RaceDistance",
    "check_day",
    "format_distance",
    "format_duration",
    "format_minutes",
    "format_pace",
    "minutes",
    "pace_from_speed",
    "parse_distance",
    "parse_duration",
    "parse_pace",
    "per_km",
    "per_mile",
]

KM: Final = 1000.0
"""Metres in a kilometre."""

MILE: Final = 1609.344
"""Metres in an international mile."""

DistanceUnit = Literal["km", "mi"]
"""The units paces and distances are shown in."""

FIRST_DAY: Final = dt.date(1900, 1, 1)
"""The earliest date a plan, goal or event may hold."""

LAST_DAY: Final = dt.date(2199, 12, 31)
"""The latest date a plan, goal or event may hold.

Far enough from `datetime.date.max` that a plan's weeks, tapers and look-backs never leave
the calendar, whatever the input.
"""

MAX_DURATION: Final = timedelta(days=366)
"""The longest duration or pace read from text or a number; longer ones are refused."""

_MAX_SECONDS: Final = MAX_DURATION.total_seconds()

_PACE_FORMS: Final = ("4:30/km", "7:15/mi", "4:30", "PT4M30S")
_DURATION_FORMS: Final = ("45m", "90s", "1h05m", "45:00", "1:05:00", "PT45M")
_DISTANCE_FORMS: Final = ("12km", "8mi", "400m", "5k", "half", "marathon", "mile")


class NativeStrEnum(StrEnum):
    """A `StrEnum` that pydantic writes to JSON as its plain string, without a Python call.

    Pydantic's enum serializer reads each member's ``value`` through Python; a plan holds
    hundreds of efforts, step parts and kinds, and writing them that way cost a noticeable
    share of dumping it. The JSON and the JSON Schema are the same; `model_dump()` still
    gives the members.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        native = core_schema.simple_ser_schema("str")
        return cast(CoreSchema, {**handler(source), "serialization": native})


class RaceDistance(StrEnum):
    """The race distances plans are built for."""

    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"

    @property
    def metres(self) -> float:
        """The distance in metres."""
        return _NAMED_DISTANCES[self.value]

    @property
    def label(self) -> str:
        """A human name: ``"5K"``, ``"10K"``, ``"half marathon"``, ``"marathon"``."""
        return {"5k": "5K", "10k": "10K", "half": "half marathon"}.get(self.value, self.value)


_NAMED_DISTANCES: Final[dict[str, float]] = {
    "5k": 5000.0,
    "10k": 10000.0,
    "15k": 15000.0,
    "half": 21097.5,
    "marathon": 42195.0,
    "mile": MILE,
    "1500m": 1500.0,
    "3000m": 3000.0,
}

_NUMBER: Final = r"(\d+(?:\.\d+)?)"
_PACE_RE: Final = re.compile(r"^(\d+):([0-5]\d(?:\.\d+)?)\s*(?:/\s*(km|mi))?$")
_ISO_RE: Final = re.compile(
    r"^p(?:(\d+)y)?(?:(\d+)d)?(?:t(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$"
)
"""ISO 8601 durations in days, hours, minutes and seconds; a year is 365 days, as pydantic
writes it (``P1YT5S``)."""
_CLOCK_RE: Final = re.compile(r"^(?:(\d+):)?(\d+):([0-5]\d(?:\.\d+)?)$")
_UNITS_RE: Final = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+(?:\.\d+)?)s)?$")
_DISTANCE_RE: Final = re.compile(rf"^{_NUMBER}\s*(km|k|mi|m)$")


_MAX_TEXT: Final = 40
"""Longer text is no pace, duration or distance; refused before any pattern or number work."""


def _bad(kind: str, text: object, forms: tuple[str, ...]) -> DataError:
    if isinstance(text, str) and len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + "..."
    return DataError(
        f"cannot read {kind}",
        value=text,
        hint=f"use a form like {', '.join(repr(form) for form in forms)}",
    )


def parse_pace(text: str) -> timedelta:
    """Parse a pace such as ``"4:30/km"`` or ``"7:15/mi"`` into time per kilometre.

    ``"4:30"`` without a unit and ISO 8601 ``"PT4M30S"`` are per kilometre.

    Raises:
        DataError: The text is not a pace, or the pace is zero.

    Example:
        >>> parse_pace("4:30/km"), parse_pace("PT4M30S")
        (datetime.timedelta(seconds=270), datetime.timedelta(seconds=270))
    """
    if len(text) > _MAX_TEXT:
        raise _bad("pace", text, _PACE_FORMS)
    cleaned = text.strip().lower()
    iso = _iso_duration(cleaned)
    if iso is not None:
        per_unit, unit = iso, "km"
    else:
        match = _PACE_RE.match(cleaned)
        if match is None:
            raise _bad("pace", text, _PACE_FORMS)
        mins, secs, unit = match.groups()
        per_unit = _bounded(int(mins) * 60 + Decimal(secs), text)
    if per_unit <= timedelta(0):
        raise DataError("a pace must be slower than zero", value=text)
    return per_km(per_unit) if unit == "mi" else per_unit


def _iso_duration(cleaned: str) -> timedelta | None:
    """An ISO 8601 duration (days, hours, minutes, seconds), or None if `cleaned` is not one."""
    match = _ISO_RE.match(cleaned)
    if match is None or cleaned in ("p", "pt"):
        return None
    years, days, hours, mins, secs = match.groups()
    days_in_all = int(years or 0) * 365 + int(days or 0)
    seconds = (days_in_all * 24 + int(hours or 0)) * 3600 + int(mins or 0) * 60
    return _bounded(seconds + Decimal(secs or 0), cleaned)


def _bounded(seconds: Decimal | int | float, text: object) -> timedelta:
    """`seconds` as a timedelta, refused before any arithmetic when longer than a year."""
    value = float(seconds)
    if not math.isfinite(value) or abs(value) > _MAX_SECONDS:
        raise DataError(
            "duration too long",
            value=text,
            hint=f"durations and paces are at most {MAX_DURATION.days} days",
        )
    return timedelta(seconds=value)


def per_km(pace_per_mile: timedelta) -> timedelta:
    """Convert a time per mile into a time per kilometre."""
    return pace_per_mile * (KM / MILE)


def per_mile(pace_per_km: timedelta) -> timedelta:
    """Convert a time per kilometre into a time per mile."""
    return pace_per_km * (MILE / KM)


def pace_from_speed(metres_per_minute: float) -> timedelta:
    """Return the time per kilometre at a speed in metres per minute.

    Raises:
        DataError: The speed is not positive.
    """
    if metres_per_minute <= 0:
        raise DataError("a speed must be positive", value=metres_per_minute)
    return timedelta(minutes=KM / metres_per_minute)


def _clock(total_seconds: float, *, always_hours: bool = False) -> str:
    whole = round(total_seconds)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours or always_hours:
        return f"{hours}:{mins:02d}:{secs:02d}"
    return f"{mins}:{secs:02d}"


def format_pace(pace: timedelta, unit: DistanceUnit = "km") -> str:
    """Format a time per kilometre as ``"4:30/km"`` or, with ``unit="mi"``, ``"7:15/mi"``.

    Seconds are rounded to the nearest whole second.
    """
    shown = pace if unit == "km" else per_mile(pace)
    return f"{_clock(shown.total_seconds())}/{unit}"


def parse_duration(text: str) -> timedelta:
    """Parse ``"45m"``, ``"90s"``, ``"1h05m"``, ``"45:00"``, ``"1:05:00"`` or ``"PT45M"``.

    A clock with two parts is minutes and seconds; with three, hours, minutes and seconds.
    ISO 8601 durations (the form the library's JSON writes) are read too.

    Raises:
        DataError: The text is not a duration.

    Example:
        >>> parse_duration("1:05:00")
        datetime.timedelta(seconds=3900)
    """
    if len(text) > _MAX_TEXT:
        raise _bad("duration", text, _DURATION_FORMS)
    cleaned = text.strip().lower()
    iso = _iso_duration(cleaned)
    if iso is not None:
        return iso
    clock = _CLOCK_RE.match(cleaned)
    if clock is not None:
        hours, mins, secs = clock.groups()
        if hours is not None and int(mins) > 59:
            raise _bad("duration", text, _DURATION_FORMS)
        seconds = int(hours or 0) * 3600 + int(mins) * 60 + Decimal(secs)
        return _bounded(seconds, text)
    units = _UNITS_RE.match(cleaned)
    if cleaned and units is not None and any(units.groups()):
        hours, mins, secs = units.groups()
        whole = int(hours or 0) * 3600 + int(mins or 0) * 60
        return _bounded(whole + Decimal(secs or 0), text)
    raise _bad("duration", text, _DURATION_FORMS)


def format_duration(duration: timedelta, *, clock: bool = False) -> str:
    """Format a duration: ``"45m"`` for whole minutes under an hour, else a clock.

    Clocks are ``"m:ss"`` under an hour and ``"h:mm:ss"`` from an hour, rounded to the second.
    Pass ``clock=True`` to always get a clock, as for race times.

    Example:
        >>> format_duration(timedelta(minutes=65))
        '1:05:00'
        >>> twenty = timedelta(minutes=20)
        >>> format_duration(twenty), format_duration(twenty, clock=True)
        ('20m', '20:00')
    """
    seconds = round(duration.total_seconds())
    if seconds < 0:
        raise DataError("a duration cannot be negative", value=duration)
    if not clock and seconds % 60 == 0 and seconds < 3600:
        return f"{seconds // 60}m"
    return _clock(seconds)


def format_minutes(duration: timedelta) -> str:
    """Format a length for a title: ``"20 s"`` under a minute, else ``"35 min"`` or ``"7:30 min"``.

    Minutes are never folded into hours (``"105 min"``), so a title's length reads the same way
    at any size. Rounded to the second.

    Example:
        >>> format_minutes(timedelta(seconds=20)), format_minutes(timedelta(minutes=7.5))
        ('20 s', '7:30 min')
        >>> format_minutes(timedelta(minutes=105))
        '105 min'
    """
    seconds = round(duration.total_seconds())
    if seconds < 0:
        raise DataError("a duration cannot be negative", value=duration)
    if seconds < 60:
        return f"{seconds} s"
    whole, rest = divmod(seconds, 60)
    return f"{whole} min" if rest == 0 else f"{whole}:{rest:02d} min"


def minutes(duration: timedelta) -> float:
    """Return a duration in minutes."""
    return duration.total_seconds() / 60.0


def parse_distance(text: str) -> float:
    """Parse ``"12km"``, ``"8mi"``, ``"400m"``, ``"5k"``, ``"half"`` or ``"marathon"`` into metres.

    Raises:
        DataError: The text is not a distance, or is zero.

    Example:
        >>> parse_distance("half")
        21097.5
    """
    if len(text) > _MAX_TEXT:
        raise _bad("distance", text, _DISTANCE_FORMS)
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in _NAMED_DISTANCES:
        return _NAMED_DISTANCES[cleaned]
    match = _DISTANCE_RE.match(cleaned)
    if match is None:
        raise _bad("distance", text, _DISTANCE_FORMS)
    number, unit = match.groups()
    try:
        amount = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise _bad("distance", text, _DISTANCE_FORMS) from None
    scales = {"km": Decimal(1000), "k": Decimal(1000), "m": Decimal(1), "mi": Decimal(str(MILE))}
    scale = scales[unit]
    metres = float(amount * scale)
    if metres <= 0:
        raise DataError("a distance must be positive", value=text)
    return metres


def format_distance(metres: float, unit: DistanceUnit = "km") -> str:
    """Format metres as ``"12.5km"`` or ``"7.77mi"``.

    Kilometres keep up to three decimals (the metre), miles up to two.
    """
    amount = f"{metres / KM:.3f}" if unit == "km" else f"{metres / MILE:.2f}"
    return f"{amount.rstrip('0').rstrip('.')}{unit}"


def _coerce_pace(value: Any) -> Any:
    if isinstance(value, str):
        return parse_pace(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _bounded(value, value)  # seconds per kilometre, as the JSON writes
    return value


def _coerce_duration(value: Any) -> Any:
    if isinstance(value, str):
        return _parsed_duration(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _bounded(value, value)  # seconds
    return value


def check_day(day: dt.date, where: str = "date") -> dt.date:
    """Return `day` if it lies between `FIRST_DAY` and `LAST_DAY`.

    Raises:
        DataError: Outside the window; the message names `where`.

    Example:
        >>> check_day(dt.date(2027, 4, 18))
        datetime.date(2027, 4, 18)
    """
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise DataError("expected a date", loc=(where,), value=day, hint="give a datetime.date")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DataError(
            "date outside the supported window",
            loc=(where,),
            value=day.isoformat(),
            hint=f"dates run from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
        )
    return day


def _in_window(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"date outside {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return day


_DAY_PATTERN: Final = r"^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


@functools.lru_cache(maxsize=2048)
def _parsed_duration(text: str) -> timedelta:
    """`parse_duration`, remembered: a plan's JSON repeats a few step lengths many times."""
    return parse_duration(text)


def _pace_seconds(pace: timedelta) -> float:
    return pace.total_seconds()  # exact: a timedelta holds whole microseconds


def _coerce_distance(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return parse_distance(value)
    return value


_ISO_CLOCK: Final = (
    r"(?:\d+H(?:\d+M)?(?:\d+(?:\.\d{1,6})?S)?|\d+M(?:\d+(?:\.\d{1,6})?S)?|\d+(?:\.\d{1,6})?S)"
)
_ISO_WRITTEN: Final = (
    rf"^P(?:(?:\d+Y)?\d+D(?:T{_ISO_CLOCK})?|\d+Y(?:T{_ISO_CLOCK})?|T{_ISO_CLOCK})$"
)
"""The ISO 8601 durations pydantic writes (``PT1M30S``, ``P2DT5S``, ``P1YT5S``), which it reads
exactly."""


class _JsonFastPath:
    """In JSON, read the forms the library itself writes natively, before the Python parser.

    Reading a plan calls the Python parsers of `Pace`, `Duration` and `Day` hundreds of
    times, and each call costs more than the value's whole native validation. In JSON mode
    this marker puts native pydantic-core schemas first: a JSON number of seconds becomes a
    timedelta natively (strings never reach that path, since pydantic's own duration syntax
    differs from ours: it reads ``"45:00"`` as 45 hours), and `text` (if given) reads a
    written form such as ``"PT1M30S"``. Anything else, and any value the fast path refuses,
    goes to the schema built so far, which reads every form and words the errors. Python
    input is untouched. A value both paths accept gets the same result, so only the speed
    changes; the fast path's errors are labelled `FAST_JSON` and left out of messages.
    """

    def __init__(self, number: CoreSchema | None, text: CoreSchema | None = None) -> None:
        self.number = number
        self.text = text

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        parsed = handler(source)
        json = parsed
        if self.number is not None:
            number = core_schema.union_schema(
                [(self.number, FAST_JSON), (parsed, "parsed[json]")], mode="left_to_right"
            )
            json = core_schema.tagged_union_schema(
                {"number[json]": number, "other[json]": parsed}, discriminator=_json_kind
            )
        if self.text is not None:
            json = core_schema.union_schema(
                [(self.text, FAST_JSON), (json, "parsed[json]")], mode="left_to_right"
            )
        return core_schema.json_or_python_schema(json_schema=json, python_schema=parsed)


def _json_kind(value: Any) -> str:
    return "number[json]" if type(value) in (int, float) else "other[json]"


_WRITTEN_DURATION: Final = core_schema.chain_schema(
    [
        core_schema.str_schema(pattern=_ISO_WRITTEN, max_length=_MAX_TEXT),
        core_schema.timedelta_schema(le=MAX_DURATION),
    ]
)


PaceSeconds = Annotated[
    timedelta,
    BeforeValidator(_coerce_pace),
    Field(gt=timedelta(0)),
    _JsonFastPath(core_schema.timedelta_schema(gt=timedelta(0), le=MAX_DURATION)),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}],
            "description": "Seconds per kilometre; also '4:30/km', '7:15/mi', '4:30', 'PT4M30S'.",
        },
        mode="validation",
    ),
    WithJsonSchema(
        {"type": "number", "exclusiveMinimum": 0, "description": "Seconds per kilometre."},
        mode="serialization",
    ),
]
"""`Pace` for a model whose config writes timedeltas as seconds
(``ser_json_timedelta="float"``): the same JSON, with no Python call per pace."""

Pace = Annotated[PaceSeconds, PlainSerializer(_pace_seconds, return_type=float, when_used="json")]
"""Time per kilometre; accepts ``"4:30/km"``, ``"7:15/mi"``, ``"4:30"``, ISO 8601 and a number
of seconds per kilometre as input, and is written to JSON as seconds per kilometre."""

Duration = Annotated[
    timedelta,
    BeforeValidator(_coerce_duration),
    Field(ge=timedelta(0)),
    _JsonFastPath(
        core_schema.timedelta_schema(ge=timedelta(0), le=MAX_DURATION), text=_WRITTEN_DURATION
    ),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": _MAX_TEXT},
                {"type": "number", "minimum": 0, "maximum": _MAX_SECONDS},
            ],
            "description": "'45m', '1:05:00', ISO 8601 'PT45M', or seconds; at most a year.",
        },
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "format": "duration"}, mode="serialization"),
]
"""A length of time; accepts ``"45m"``, ``"90s"``, ``"1:05:00"``, ``"PT45M"`` as input, up to
`MAX_DURATION`."""

Distance = Annotated[
    float,
    BeforeValidator(_coerce_distance),
    Field(gt=0, allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "minLength": 1, "maxLength": _MAX_TEXT},
            ],
            "description": "Metres; also '12km', '8mi', '400m', '5k', 'half', 'marathon'.",
        },
        mode="validation",
    ),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}, mode="serialization"),
]
"""Metres; accepts ``"12km"``, ``"8mi"``, ``"5k"``, ``"half"`` as input."""

Day = Annotated[
    dt.date,
    AfterValidator(_in_window),
    _JsonFastPath(None, text=core_schema.date_schema(ge=FIRST_DAY, le=LAST_DAY)),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": _DAY_PATTERN,
            "description": "A date, YYYY-MM-DD, from 1900-01-01 to 2199-12-31.",
        }
    ),
]
"""A calendar date between `FIRST_DAY` and `LAST_DAY`; in JSON ``"YYYY-MM-DD"``.

Every date a plan, goal or event holds is a `Day`, so nothing built from them can run off the
ends of the calendar.
"""
