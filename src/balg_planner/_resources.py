"""Read the TOML files packaged with balg_planner, once, on first use.

Nothing here runs at import time: callers ask for a file when they need it and the parsed,
validated records are cached for the life of the process. Data is read with `tomllib` only, so
nothing in a data file can ever be executed.

User files go through `read_text_file`, which reads only regular files (never a device, a pipe
or a symlink out of its folder), refuses them over a size cap before reading, and decodes UTF-8
with a `DataError` otherwise; parsed documents deeper than `MAX_DEPTH` are refused.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from balg_planner.errors import RULE_CODES, BalgError, DataError, NotFoundError, closest

__all__ = [
    "MAX_DEPTH",
    "bounded_text",
    "check_depth",
    "data_error_from",
    "model_keys",
    "read_packaged_records",
    "read_packaged_toml",
    "read_text_file",
    "read_toml",
]

ModelT = TypeVar("ModelT", bound=BaseModel)
_QUOTED: Final = re.compile(r"'([^']+)'")

MAX_DEPTH: Final = 32
"""Arrays and tables nested deeper than this in a TOML or JSON file are refused."""


def read_text_file(path: Path, *, what: str, limit: int, folder: Path | None = None) -> str:
    """The UTF-8 text of the regular file at `path`, at most `limit` bytes.

    Devices (``/dev/zero``), pipes and folders are refused before anything is read, so no file
    can hang or exhaust memory; with `folder`, so is a symlink that points out of it.

    Raises:
        NotFoundError: There is no such file.
        DataError: Not a regular file, a symlink out of `folder`, over `limit` bytes, or not
            UTF-8 text; the message names the file.
    """
    source = str(path)
    if folder is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            raise DataError(
                f"the {what} is a link out of its folder",
                source=source,
                hint="copy the file into the folder instead of linking to it",
            )
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; regular files ignore it.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NotFoundError(f"no such {what}", value=source) from None
    except OSError as exc:
        raise DataError(f"cannot read the {what}", source=source, hint=exc.strerror) from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise DataError(
                f"the {what} is not a regular file",
                source=source,
                hint="give a file; devices, pipes and folders are not read",
            )
        data = file.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:
        raise DataError(f"{what} too large", source=source, hint=_cap(what, limit))
    return decode_text(data, source=source, what=what)


def bounded_text(text: str | bytes, *, source: str, what: str, limit: int) -> str:
    """`text` (or UTF-8 bytes) as text, refused before any parsing when over `limit` bytes.

    Raises:
        DataError: Too large, or bytes that are not UTF-8; the message names `source`.
    """
    if len(text) > limit:
        article = "an" if what[:1] in "aeiou" else "a"
        raise DataError(
            f"{what} too large",
            source=source,
            hint=f"{article} {what} is at most {limit // (1024 * 1024)} MiB",
        )
    return decode_text(text, source=source, what=what) if isinstance(text, bytes) else text


def decode_text(data: bytes, *, source: str, what: str) -> str:
    """`data` as UTF-8 text (a byte-order mark is dropped), or a `DataError` naming `source`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"the {what} is not UTF-8 text",
            source=source,
            value=f"byte {exc.start}",
            hint="save it as UTF-8",
        ) from None


def _cap(what: str, limit: int) -> str:
    size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"
    return f"a {what} is at most {size}"


def check_depth(document: object, *, source: str, what: str) -> None:
    """Refuse `document` when its lists and tables nest deeper than `MAX_DEPTH`.

    Walks without recursion, so the check itself cannot overflow the stack.
    """
    stack: list[tuple[object, int]] = [(document, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DataError(
                f"{what} nested too deeply",
                source=source,
                hint=f"lists and tables nest at most {MAX_DEPTH} levels",
            )
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((value, depth + 1) for value in item)


@functools.cache
def read_packaged_toml(folder: str, name: str) -> dict[str, Any]:
    """Return the parsed TOML file ``balg_planner/<folder>/<name>.toml``.

    The result is cached and shared: treat it as read-only.

    Raises:
        NotFoundError: There is no such packaged file.
        DataError: The file is not valid TOML (a packaging bug, reported with its path).
    """
    where = f"balg_planner/{folder}/{name}.toml"
    resource = resources.files("balg_planner").joinpath(folder, f"{name}.toml")
    if not resource.is_file():
        raise NotFoundError("no such packaged data file", value=where)
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError("invalid TOML", source=where, value=str(exc)) from None


def read_toml(text: str, *, source: str, limit: int, what: str) -> dict[str, Any]:
    """Parse TOML text after refusing anything over `limit` bytes.

    Raises:
        DataError: Too large, or not valid TOML; the message names the source.
    """
    if len(text) > limit or len(text.encode("utf-8", errors="replace")) > limit:
        raise DataError(f"{what} too large", source=source, hint=_cap(what, limit))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError("invalid TOML", source=source, value=str(exc)) from None
    except RecursionError:
        # tomllib parses nested arrays recursively; a few KiB of brackets exhaust the stack.
        raise DataError(
            f"{what} nested too deeply",
            source=source,
            hint=f"lists and tables nest at most {MAX_DEPTH} levels",
        ) from None
    check_depth(document, source=source, what=what)
    return document


def model_keys(model: type[BaseModel], into: set[str] | None = None) -> set[str]:
    """Every field name of `model` and the models nested in it, for "did you mean"."""
    into = set() if into is None else into
    for name, field in model.model_fields.items():
        into.add(name)
        for arg in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg is not model:
                model_keys(arg, into)
    return into


FAST_JSON: Final = "fast[json]"
"""The label of a native fast path tried before a parser that reads every form (see
`balg_planner.units`); when it fails the parser fails too and says why, so its errors are
dropped from messages."""
_INTERNAL_PART: Final = re.compile(r"^[\w-]+\[.*\]$")
"""Pydantic's names for validators in a path (``function-after[_check(), Step]``)."""
_SHOWN_PROBLEMS: Final = 3
"""How many problems a message names; the rest are counted."""
_VALUE_CHARS: Final = 60
"""A bad value longer than this is cut in messages."""


def _clean_loc(raw: Iterable[object], prefix: tuple[str | int, ...]) -> tuple[str | int, ...]:
    parts = [
        part
        for part in raw
        if isinstance(part, str | int)
        and not (isinstance(part, str) and _INTERNAL_PART.match(part))
    ]
    # Discriminated unions repeat their tag in the path ("any.any"); show it once.
    deduped = [part for index, part in enumerate(parts) if index == 0 or parts[index - 1] != part]
    return prefix + tuple(deduped)


def _shown(value: Any) -> tuple[bool, Any]:
    """Whether to show `value` in a message, and how: short scalars only, long text cut."""
    if isinstance(value, str):
        return True, value if len(value) <= _VALUE_CHARS else value[:_VALUE_CHARS] + "..."
    if isinstance(value, int | float | bool):
        return True, value
    return False, None


def _message(error: Any, limit: int = 0) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    return message[:limit] + "..." if limit and len(message) > limit else message


def _others(errors: list[Any], first: Any, prefix: tuple[str | int, ...]) -> str | None:
    """The next problems after `first`, briefly, and a count of the rest."""
    rest = [error for error in errors if error is not first]
    if not rest:
        return None
    notes = []
    for error in rest[: _SHOWN_PROBLEMS - 1]:
        where = ".".join(str(part) for part in _clean_loc(error["loc"], prefix))
        brief = _message(error, limit=_VALUE_CHARS)
        notes.append(f"{where}: {brief}" if where else brief)
    more = len(rest) - len(notes)
    text = "also " + "; ".join(notes)
    return text + (f"; and {more} more problem{'s' if more > 1 else ''}" if more else "")


def data_error_from(
    exc: ValidationError,
    *,
    source: str,
    prefix: tuple[str | int, ...] = (),
    known_keys: Iterable[str] = (),
) -> DataError:
    """Turn pydantic's errors into a `DataError` naming the file, the key path and a fix.

    The first problem is the message; the next two follow briefly and the rest are counted,
    so a message stays short however broken the input. Unknown keys are matched against
    `known_keys` and unknown enum values against the allowed values; the nearest is offered
    as "did you mean". Pydantic's internal names never reach the message.
    """
    errors = exc.errors(include_url=False)
    errors = [error for error in errors if FAST_JSON not in error["loc"]] or errors
    # A misspelt key shows up as both "unknown key" and "missing key"; the unknown one,
    # with its suggestion, is the one that says what to change.
    first = next((error for error in errors if error["type"] == "extra_forbidden"), errors[0])
    error = _first_error(first, source, prefix, known_keys)
    others = _others(errors, first, prefix)
    if others is None:
        return error
    hint = f"{error.hint}; {others}" if error.hint else others
    extra: dict[str, Any] = {"value": error.value} if error.value is not None else {}
    return DataError(
        error.what,
        source=error.source,
        loc=error.loc,
        suggestion=error.suggestion,
        available=error.available,
        hint=hint,
        code=error.code,
        **extra,
    )


def _first_error(
    first: Any, source: str, prefix: tuple[str | int, ...], known_keys: Iterable[str]
) -> DataError:
    loc = _clean_loc(first["loc"], prefix)
    value: Any = first.get("input")
    kind = first["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        suggestion = closest(key, [name for name in known_keys if name != key])
        return DataError("unknown key", source=source, loc=loc, value=key, suggestion=suggestion)
    if kind == "enum":
        allowed = _QUOTED.findall(str(first.get("ctx", {}).get("expected", "")))
        return DataError(
            "unknown value",
            source=source,
            loc=loc,
            value=_shown(value)[1],
            suggestion=closest(str(value), allowed),
            available=allowed,
        )
    if kind == "missing":
        return DataError("missing required key", source=source, loc=loc)
    if kind == "json_invalid":
        # The input is the whole document: the position says where, not the text.
        error = first.get("ctx", {}).get("error", "")
        return DataError("invalid JSON", source=source, loc=loc, value=str(error))
    ctx = first.get("ctx", {})
    if kind == "union_tag_invalid":
        allowed = _QUOTED.findall(str(ctx.get("expected_tags", "")))
        tag = str(ctx.get("tag", ""))
        return DataError(
            "unknown value", source=source, loc=loc, value=_shown(tag)[1],
            suggestion=closest(tag, allowed), available=allowed,
        )  # fmt: skip
    code = kind if kind in RULE_CODES else None
    raised = ctx.get("error")
    if isinstance(raised, BalgError):
        # One of our parsers (a duration, a pace) already said what is wrong and what to do.
        return DataError(
            raised.what, source=source, loc=loc, value=_shown(raised.value)[1],
            suggestion=raised.suggestion, available=raised.available, hint=raised.hint,
        )  # fmt: skip
    if "what" in ctx:
        # Our own checks put the parts of the message in the error's context.
        extra: dict[str, Any] = {"suggestion": ctx.get("suggestion")}
        if "value" in ctx:
            extra["value"] = ctx["value"]
        return DataError(str(ctx["what"]), source=source, loc=loc, code=code, **extra)
    show, shown = _shown(value)
    if show:
        return DataError(_message(first), source=source, loc=loc, value=shown, code=code)
    return DataError(_message(first), source=source, loc=loc, code=code)


def read_packaged_records(
    folder: str, name: str, key: str, model: type[ModelT]
) -> tuple[ModelT, ...]:
    """Validate every ``[[key]]`` table of a packaged TOML file as `model`.

    Raises:
        DataError: A record does not validate; the message names the file, record and key.
    """
    document = read_packaged_toml(folder, name)
    source = f"balg_planner/{folder}/{name}.toml"
    records = []
    for index, raw in enumerate(document.get(key, [])):
        try:
            records.append(model.model_validate(raw))
        except ValidationError as exc:
            raise data_error_from(exc, source=source, prefix=(key, index)) from None
    return tuple(records)
