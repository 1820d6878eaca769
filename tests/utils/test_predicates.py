"""The annotation predicates of ``starlite.utils``: each answers for bare classes and generic aliases."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Optional, TypeVar, Union

import pytest
from typing_extensions import TypedDict

from starlite import Response
from starlite.utils import (
    is_any,
    is_class_and_subclass,
    is_dataclass_class,
    is_dataclass_class_or_instance,
    is_mapping,
    is_optional_union,
    is_typed_dict,
    is_union,
)
from starlite.utils.predicates import is_generic, is_non_string_iterable, is_non_string_sequence

T = TypeVar("T")


class Box(Generic[T]):
    pass


@dataclass
class Point:
    x: int


class Movie(TypedDict):
    title: str


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Response[Any], True),  # a generic alias counts as its class
        (Annotated[Response, "meta"], True),
        (Response(b""), False),  # an instance is not a class
        (dict[str, Any], False),
        ("Response", False),
    ],
)
def test_is_class_and_subclass(value: Any, expected: bool) -> None:
    assert is_class_and_subclass(value, Response) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(list[int], True), (set, True), (tuple[int, ...], True), (str, False), (bytes, False), (dict, False)],
)
def test_is_non_string_sequence(value: Any, expected: bool) -> None:
    assert is_non_string_sequence(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(dict[str, int], True), (frozenset, True), (str, False), (int, False), (3, False)]
)
def test_is_non_string_iterable(value: Any, expected: bool) -> None:
    assert is_non_string_iterable(value) is expected


@pytest.mark.parametrize(("value", "expected"), [(OrderedDict, True), (dict[str, int], True), (list, False)])
def test_is_mapping(value: Any, expected: bool) -> None:
    assert is_mapping(value) is expected


def test_is_generic() -> None:
    assert is_generic(Box[int]) is True
    assert is_generic(Box) is True
    assert is_generic(list) is False


@pytest.mark.parametrize(
    ("value", "union", "optional"),
    [
        (Optional[int], True, True),  # noqa: UP045 - the typing form is the one under test
        (int | None, True, True),
        (Union[int, str], True, False),  # noqa: UP007
        (int, False, False),
        (None, False, False),
    ],
)
def test_is_union_and_is_optional_union(value: Any, union: bool, optional: bool) -> None:
    assert is_union(value) is union
    assert is_optional_union(value) is optional


@pytest.mark.parametrize(("value", "expected"), [(Any, True), (Union[Any, int], True), (int, False)])  # noqa: UP007
def test_is_any(value: Any, expected: bool) -> None:
    assert is_any(value) is expected


def test_dataclass_and_typed_dict_predicates() -> None:
    assert is_dataclass_class(Point) is True
    assert is_dataclass_class(Point(1)) is False
    assert is_dataclass_class_or_instance(Point(1)) is True
    assert is_typed_dict(Movie) is True
    assert is_typed_dict(dict) is False
