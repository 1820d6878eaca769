"""1.5x's helpers of starlite.openapi.schema, constants and utils, on annotations instead of pydantic 1 fields."""

from __future__ import annotations

import collections
import datetime
import ipaddress
import pathlib
import re
import subprocess
import sys
import typing
from decimal import Decimal

import pytest
from openapi_pydantic.v3.v3_1 import Example, ExternalDocumentation, Reference, Schema
from pydantic import BaseModel, Field

from starlite import Parameter
from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi.constants import KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP, TYPE_MAP
from starlite.openapi.enums import OpenAPIType
from starlite.openapi.schema import (
    SchemaRegistry,
    create_examples_for_field,
    create_schema,
    get_schema_for_field_type,
    normalize_example_value,
    update_schema_with_signature_field,
)
from starlite.openapi.utils import get_openapi_type_for_complex_type, pascal_case_to_text


def dump(schema: Schema | Reference) -> dict[str, object]:
    return schema.model_dump(mode="json", by_alias=True, exclude_none=True)


def test_update_schema_with_signature_field_copies_every_declared_keyword() -> None:
    kwarg = Parameter(
        examples=[Example(value=1)],
        external_docs=ExternalDocumentation(url="https://example.com/docs"),
        content_encoding="utf-8",
        default="abc",
        title="Title",
        description="Description",
        const=True,
        gt=1,
        ge=1,
        lt=3,
        le=3,
        multiple_of=1,
        min_items=1,
        max_items=2,
        min_length=1,
        max_length=2,
        regex="^[a-z]$",
    )
    schema = Schema(type=OpenAPIType.STRING)
    assert update_schema_with_signature_field(schema, kwarg) is schema
    assert dump(schema) == {
        "type": "string",
        "const": "abc",
        "default": "abc",
        "examples": [1],
        "externalDocs": {"url": "https://example.com/docs"},
        "contentEncoding": "utf-8",
        "title": "Title",
        "description": "Description",
        "exclusiveMinimum": 1,
        "minimum": 1,
        "exclusiveMaximum": 3,
        "maximum": 3,
        "multipleOf": 1,
        "minItems": 1,
        "maxItems": 2,
        "minLength": 1,
        "maxLength": 2,
        "pattern": "^[a-z]$",
    }
    assert len(KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP) == 16


UserId = typing.NewType("UserId", int)


class Pet(BaseModel):
    name: str


def test_create_schema_of_plain_types_and_models() -> None:
    assert dump(create_schema(int | None)) == {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert dump(get_schema_for_field_type(datetime.time)) == {"type": "string", "format": "time"}
    reference = create_schema(Pet)
    assert isinstance(reference, Reference)
    assert reference.ref == "#/components/schemas/Pet"


def test_the_registry_completes_references_it_handed_out_before_the_components_were_known() -> None:
    registry = SchemaRegistry()
    items = registry.for_type(list[Pet], mode="serialization")
    assert set(registry.components()) == {"Pet"}
    assert dump(items) == {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}


def test_type_map_holds_schemas_of_plain_types() -> None:
    assert dump(TYPE_MAP[int]) == {"type": "integer"}
    assert dump(TYPE_MAP[datetime.datetime]) == {"type": "string", "format": "date-time"}
    assert TYPE_MAP[None].type == OpenAPIType.NULL


def test_examples_helpers() -> None:
    (example,) = create_examples_for_field(int)
    assert isinstance(example.value, int)
    assert example.description == "Example value"
    assert create_examples_for_field(int)[0].value == example.value  # seeded
    assert normalize_example_value({"when": datetime.date(2024, 1, 2), "ratio": 0.123456}) == {
        "when": "2024-01-02",
        "ratio": 0.12,
    }


def test_utils() -> None:
    assert pascal_case_to_text("RetrieveUserHandler") == "Retrieve User Handler"
    assert get_openapi_type_for_complex_type(dict[str, int]) == OpenAPIType.OBJECT
    assert get_openapi_type_for_complex_type(list[int]) == OpenAPIType.ARRAY
    with pytest.raises(ImproperlyConfiguredException, match="neither a mapping nor a collection"):
        get_openapi_type_for_complex_type(int)


def test_importing_the_schema_modules_loads_neither_openapi_pydantic_nor_polyfactory() -> None:
    code = (
        "import sys, starlite.openapi.schema, starlite.openapi.constants, starlite.openapi.utils; "
        "print(sorted(m for m in ('openapi_pydantic', 'polyfactory') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


class Aliased(BaseModel):
    first: str = Field(alias="second")


@pytest.mark.parametrize(("by_alias", "name"), [(True, "second"), (False, "first")])
def test_by_alias_names_model_properties(by_alias: bool, name: str) -> None:
    registry = SchemaRegistry(by_alias=by_alias)
    registry.for_type(list[Aliased])
    schema = registry.components()["Aliased"]
    assert list(schema.properties or {}) == [name]
    assert schema.required == [name]


class Row:
    """A class an ORM plugin knows how to turn into a pydantic model."""


class RowModel(BaseModel):
    id: int


class RowPlugin:
    def __init__(self, fails: bool = False) -> None:
        self.fails = fails

    def is_plugin_supported_type(self, value: object) -> bool:
        return value is Row

    def to_pydantic_model_class(self, model_class: type, **kwargs: object) -> type[BaseModel]:
        if self.fails:
            raise RuntimeError("cannot convert")
        return RowModel


def test_plugin_types_are_described_by_their_pydantic_model() -> None:
    registry = SchemaRegistry(plugins=[RowPlugin()])
    schema = registry.for_type(list[Row])
    components = registry.components()
    assert dump(schema) == {"type": "array", "items": {"$ref": "#/components/schemas/RowModel"}}
    assert components["RowModel"].required == ["id"]


def test_a_plugin_that_fails_gives_any_value_not_an_error() -> None:
    registry = SchemaRegistry(plugins=[RowPlugin(fails=True)])
    assert dump(registry.for_type(Row)) == {}


class Unfinished(BaseModel):
    later: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


def test_a_model_pydantic_cannot_build_is_an_unconstrained_component() -> None:
    registry = SchemaRegistry()
    reference = registry.for_type(Unfinished)
    assert dump(reference) == {"$ref": "#/components/schemas/Unfinished"}
    assert dump(registry.components()["Unfinished"]) == {}


@pytest.mark.parametrize(
    ("annotation", "mode", "expected"),
    [
        (bytes, "validation", {"type": "string"}),
        (datetime.timedelta, "validation", {"type": "string", "format": "duration"}),
        (pathlib.Path, "validation", {"type": "string", "format": "path"}),
        (ipaddress.IPv4Address, "validation", {"type": "string", "format": "ipv4"}),
        (ipaddress.IPv6Address, "validation", {"type": "string", "format": "ipv6"}),
        (ipaddress.IPv4Network, "validation", {"type": "string", "format": "ipv4network"}),
        (re.Pattern, "validation", {"type": "string", "format": "regex"}),
        (Decimal, "serialization", {"type": "string"}),
        (UserId, "validation", {"type": "integer"}),
        (dict[str, typing.Any], "validation", {"type": "object"}),
        (typing.Literal["a", "b"], "validation", {"type": "string", "enum": ["a", "b"]}),
        (collections.deque[int], "validation", {"type": "array", "items": {"type": "integer"}}),
        (tuple[()], "validation", {"type": "array", "maxItems": 0}),
        (int | typing.Any, "validation", {}),
        (typing.Callable[[int], int], "validation", {}),
    ],
)
def test_plain_types(
    annotation: object, mode: typing.Literal["validation", "serialization"], expected: object
) -> None:
    assert dump(SchemaRegistry().for_type(annotation, mode=mode)) == expected
