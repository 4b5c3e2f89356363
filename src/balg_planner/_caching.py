"""`cached`: a value worked out on first use and kept in the instance, with no lock.

`functools.cached_property` takes a lock on every first use in Python 3.11 (3.12 dropped it),
which costs more than many of the values it guards: a workout's totals are worked out for
every session of every plan read. The models are frozen and read by one thread at a time, and
a value worked out twice by two threads is the same value, so no lock is needed.

Models that use `cached` list it in their config's ``ignored_types`` so that pydantic treats
it as it treats `functools.cached_property`: not a field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, overload

__all__ = ["cached"]

T = TypeVar("T")


class cached(Generic[T]):
    """Like `functools.cached_property`, without its lock (see the module's docs)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type[Any] | None = None) -> T | Self:
        if instance is None:
            return self
        value = self.func(instance)
        # A non-data descriptor: from now on the instance's own attribute is found first.
        instance.__dict__[self.name] = value
        return value
