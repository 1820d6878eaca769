"""pydantic models made from dataclasses and ``TypedDict`` classes (``starlite.utils.model``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pytest
from pydantic import ValidationError
from typing_extensions import TypedDict

from starlite.utils import convert_dataclass_to_model, convert_typeddict_to_model, create_parsed_model_field


@dataclass
class Item:
    name: str
    tags: list[str] = field(default_factory=list)
    price: float = 1.0


class _MovieTitle(TypedDict):
    title: str


class Movie(_MovieTitle, total=False):
    year: int


def test_dataclass_model_keeps_fields_types_and_defaults() -> None:
    model = convert_dataclass_to_model(Item)
    assert model(name="x").model_dump() == {"name": "x", "tags": [], "price": 1.0}
    with pytest.raises(ValidationError):
        model(price=2.0)


def test_dataclass_model_is_made_once_for_class_and_instances() -> None:
    assert convert_dataclass_to_model(Item) is convert_dataclass_to_model(Item(name="y"))


def test_typeddict_model_makes_keys_not_required_optional() -> None:
    model = convert_typeddict_to_model(Movie)
    assert model(title="Up").model_dump() == {"title": "Up", "year": None}
    assert convert_typeddict_to_model(Movie) is model


def test_parsed_model_field_is_required_unless_it_admits_none() -> None:
    assert create_parsed_model_field(int).is_required() is True
    assert create_parsed_model_field(Optional[int]).is_required() is False  # noqa: UP045
