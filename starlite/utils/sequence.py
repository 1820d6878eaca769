"""Small helpers over lists: find an element's position, drop repeated elements."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ("find_index", "unique")

T = TypeVar("T")


def find_index(target_list: list[T], predicate: Callable[[T], bool]) -> int:
    """Return the position of the first element for which ``predicate`` is true, or ``-1``.

    Args:
        target_list: The list to search.
        predicate: Called with each element in turn.
    """
    return next((index for index, element in enumerate(target_list) if predicate(element)), -1)


def unique(value: Iterable[T]) -> list[T]:
    """Return the distinct elements of ``value``.

    Hashable elements go through a set (their order is not kept, as in 1.5x); unhashable ones are
    compared with ``==``, keeping the first of each.

    Args:
        value: The elements.
    """
    elements = list(value)
    try:
        return list(set(elements))
    except TypeError:
        distinct: list[T] = []
        for element in elements:
            if element not in distinct:
                distinct.append(element)
        return distinct
