"""``annotation_is_iterable_of_type`` and ``make_non_optional_union``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional, Union

import pytest

from starlite.utils import annotation_is_iterable_of_type, make_non_optional_union


class Animal:
    pass


class Dog(Animal):
    pass


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (list[Animal], True),
        (Sequence[Dog], True),  # a collection of a subclass counts
        (tuple[Animal, ...], True),
        (dict[Animal, int], False),  # a mapping is not a collection of its keys here
        (list[int], False),
        (Animal, False),
    ],
)
def test_annotation_is_iterable_of_type(annotation: Any, expected: bool) -> None:
    assert annotation_is_iterable_of_type(annotation, Animal) is expected


def test_make_non_optional_union_drops_none() -> None:
    assert make_non_optional_union(Optional[Union[int, str]]) == Union[int, str]  # noqa: UP007, UP045
    assert make_non_optional_union(Optional[int]) is int  # noqa: UP045
