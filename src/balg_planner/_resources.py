"""Read the TOML files packaged with balg_planner, once, on first use.

Nothing here runs at import time: callers ask for a file when they need it and the parsed,
validated records are cached for the life of the process. Data is read with `tomllib` only, so
nothing in a data file can ever be executed.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from balg_planner.errors import DataError, NotFoundError

__all__ = ["data_error_from", "read_packaged_records", "read_packaged_toml"]

ModelT = TypeVar("ModelT", bound=BaseModel)


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


def data_error_from(
    exc: ValidationError, *, source: str, prefix: tuple[str | int, ...] = ()
) -> DataError:
    """Turn pydantic's first validation error into a `DataError` naming the file and key path."""
    first = exc.errors(include_url=False)[0]
    loc = prefix + tuple(part for part in first["loc"] if isinstance(part, (str, int)))
    message = str(first["msg"]).removeprefix("Value error, ")
    return DataError(message[:1].lower() + message[1:], source=source, loc=loc)


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
