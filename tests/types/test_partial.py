"""``Partial[T]``: every field optional, for pydantic models, dataclasses and ``TypedDict`` classes."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Optional, get_type_hints

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from starlite import ImproperlyConfiguredException, Partial, patch
from starlite.testing import create_test_client


class Person(BaseModel):
    name: str
    age: int
    nickname: Optional[str] = None  # noqa: UP045 - pydantic evaluates the string at runtime


@dataclasses.dataclass
class Point:
    x: int
    y: int
    origin: ClassVar[str] = "zero"


class Movie(TypedDict):
    title: str
    year: int


def test_partial_model_accepts_any_subset_of_fields() -> None:
    partial = Partial[Person]
    assert partial.__name__ == "PartialPerson"
    assert issubclass(partial, Person)
    assert partial(age=3).model_dump() == {"name": None, "age": 3, "nickname": None}


def test_partial_dataclass_defaults_every_field_to_none() -> None:
    partial = Partial[Point]
    assert partial() == partial(x=None, y=None)  # type: ignore[call-arg]
    hints = get_type_hints(partial)
    assert hints["x"] == Optional[int]  # noqa: UP045
    assert "origin" not in {field.name for field in dataclasses.fields(partial)}


def test_partial_typeddict_is_not_total() -> None:
    partial: Any = Partial[Movie]
    assert partial.__total__ is False
    assert get_type_hints(partial) == {"title": Optional[str], "year": Optional[int]}  # noqa: UP045


def test_the_partial_class_is_made_once() -> None:
    assert Partial[Person] is Partial[Person]


def test_other_classes_are_refused() -> None:
    class Plain:
        value: int

    with pytest.raises(ImproperlyConfiguredException):
        Partial[Plain]


def test_a_handler_takes_a_partial_body() -> None:
    @patch("/people/{person_id:int}")
    def update(person_id: int, data: Partial[Person]) -> dict[str, Any]:  # type: ignore[valid-type]
        return {"id": person_id, **data.model_dump(exclude_none=True)}  # type: ignore[attr-defined]

    with create_test_client(update) as client:
        response = client.patch("/people/1", json={"age": 31})
    assert response.json() == {"id": 1, "age": 31}
