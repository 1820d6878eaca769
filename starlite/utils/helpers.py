"""Small helpers of the public API: ``Ref``, and names of callables and enums."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar, cast

__all__ = ("Ref", "get_enum_string_value", "get_name", "unwrap_partial")

T = TypeVar("T")


@dataclass
class Ref(Generic[T]):
    """A box around a value: route handlers keep their function in one, as ``handler.fn.value``.

    Attributes:
        value: The value held.
    """

    __slots__ = ("value",)

    value: T


def get_name(value: Any) -> str:
    """The ``__name__`` of ``value``, or the name of its type when it has none."""
    return cast("str", getattr(value, "__name__", type(value).__name__))


def get_enum_string_value(value: Enum | str) -> str:
    """The value of a string enum member, or the string itself."""
    return cast("str", value.value) if isinstance(value, Enum) else value


def unwrap_partial(value: Any) -> Any:
    """The callable inside any number of ``functools.partial`` layers."""
    while isinstance(value, functools.partial):
        value = value.func
    return value
