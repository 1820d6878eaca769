"""Component names and modes of models: shared names, recursion, aliases, and values JSON cannot hold."""

from __future__ import annotations

import dataclasses
import enum
import warnings
from typing import Optional

import msgspec
import pydantic
import pytest
from openapi_pydantic.v3.v3_1 import Example
from pydantic import BaseModel, ConfigDict, Field, create_model

from starlite import Parameter, get, post
from starlite.openapi.schema import SchemaRegistry, kwarg_keywords
from starlite.testing import create_test_client

from .test_schema_models import body_schema, components, document, response_schema

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pydantic.v1 warns on Python 3.14
    from pydantic import v1

REF = "#/components/schemas/"

# The same class names in two modules, one described by pydantic and one by msgspec; the parents
# differ only through their children.
PydanticAddr = create_model("Addr", __module__="m3", x=(int, ...))
PydanticOuter = create_model("Outer", __module__="m3", addr=(PydanticAddr, ...))
StructAddr = msgspec.defstruct("Addr", [("y", str)], module="m4")
StructOuter = msgspec.defstruct("Outer", [("addr", StructAddr)], module="m4")


def test_models_of_one_name_from_different_generators_stay_apart() -> None:
    @post("/p")
    def p(data: PydanticOuter) -> None:  # type: ignore[valid-type]
        ...

    @post("/m")
    def m(data: StructOuter) -> None:  # type: ignore[valid-type]
        ...

    for doc in (document(p, m), document(m, p)):
        assert body_schema(doc, "/p") == {"$ref": REF + "m3__Outer"}
        assert body_schema(doc, "/m") == {"$ref": REF + "m4__Outer"}
        schemas = components(doc)
        assert sorted(schemas) == ["m3__Addr", "m3__Outer", "m4__Addr", "m4__Outer"]
        assert schemas["m3__Outer"]["properties"]["addr"] == {"$ref": REF + "m3__Addr"}
        assert schemas["m4__Outer"]["properties"]["addr"] == {"$ref": REF + "m4__Addr"}
        assert schemas["m3__Addr"]["required"] == ["x"]
        assert schemas["m4__Addr"]["required"] == ["y"]


LegacyAddrA = v1.create_model("Addr", __module__="v1a", x=(int, ...))
LegacyOuterA = v1.create_model("Outer", __module__="v1a", addr=(LegacyAddrA, ...))
LegacyAddrB = v1.create_model("Addr", __module__="v1b", y=(str, ...))
LegacyOuterB = v1.create_model("Outer", __module__="v1b", addr=(LegacyAddrB, ...))


def test_pydantic_1_models_of_one_name_in_two_modules_stay_apart() -> None:
    @post("/a")
    def a(data: LegacyOuterA) -> None:  # type: ignore[valid-type]
        ...

    @post("/b")
    def b(data: LegacyOuterB) -> None:  # type: ignore[valid-type]
        ...

    doc = document(a, b)
    assert body_schema(doc, "/a") == {"$ref": REF + "v1a__Outer"}
    assert body_schema(doc, "/b") == {"$ref": REF + "v1b__Outer"}
    assert components(doc)["v1a__Outer"]["properties"]["addr"] == {"$ref": REF + "v1a__Addr"}
    assert components(doc)["v1b__Outer"]["properties"]["addr"] == {"$ref": REF + "v1b__Addr"}
    assert components(doc)["v1b__Addr"]["required"] == ["y"]


class V1(v1.BaseModel):
    a: int
    b: Optional[V1] = None  # noqa: UP045 - pydantic 1 evaluates the annotation


V1.update_forward_refs()


def test_a_recursive_pydantic_1_model_is_its_definition() -> None:
    @post("/v1")
    def handler(data: V1) -> V1:
        return data

    doc = document(handler)
    assert body_schema(doc, "/v1") == {"$ref": REF + "V1"}
    assert response_schema(doc, "/v1", "post") == {"$ref": REF + "V1"}
    assert components(doc) == {
        "V1": {
            "title": "V1",
            "type": "object",
            "properties": {"a": {"title": "A", "type": "integer"}, "b": {"$ref": REF + "V1"}},
            "required": ["a"],
        }
    }


class Item(BaseModel):
    id: int
    name: str = Field(alias="itemName")


def test_responses_are_described_as_sent_and_bodies_as_accepted() -> None:
    @post("/i")
    def pi(data: Item) -> Item:
        return data

    doc = document(pi)
    assert body_schema(doc, "/i") == {"$ref": REF + "Item-Input"}
    assert response_schema(doc, "/i", "post") == {"$ref": REF + "Item-Output"}
    assert components(doc)["Item-Input"]["required"] == ["id", "itemName"]
    assert components(doc)["Item-Output"]["required"] == ["id", "name"]
    with create_test_client(pi) as client:
        sent = client.post("/i", json={"id": 1, "itemName": "x"}).json()
    assert sorted(sent) == sorted(components(doc)["Item-Output"]["properties"])

    names = document(pi, by_alias=False)
    assert components(names) == {"Item": components(doc)["Item-Output"]}


class Aliased(BaseModel):
    # serialize_by_alias is pydantic 2.11's (earlier versions ignore the key, and the test is skipped)
    model_config = ConfigDict(**{"serialize_by_alias": True})  # type: ignore[typeddict-item]
    name: str = Field(alias="itemName")


@pytest.mark.skipif(
    tuple(int(part) for part in pydantic.VERSION.split(".")[:2]) < (2, 11), reason="serialize_by_alias"
)
def test_a_model_that_serializes_by_alias_is_described_so() -> None:
    @post("/a")
    def handler(data: Aliased) -> Aliased:
        return data

    doc = document(handler)
    assert components(doc)["Aliased"]["required"] == ["itemName"]
    assert body_schema(doc, "/a") == response_schema(doc, "/a", "post") == {"$ref": REF + "Aliased"}
    with create_test_client(handler) as client:
        assert client.post("/a", json={"itemName": "x"}).json() == {"itemName": "x"}


class Renamed(msgspec.Struct, rename="camel"):
    item_name: str


def test_a_renamed_struct_is_one_component_named_as_msgspec_sends_it() -> None:
    @post("/r")
    def handler(data: Renamed) -> Renamed:
        return data

    doc = document(handler)
    assert components(doc)["Renamed"]["required"] == ["itemName"]
    assert response_schema(doc, "/r", "post") == {"$ref": REF + "Renamed"}
    with create_test_client(handler) as client:
        assert client.post("/r", json={"itemName": "x"}).json() == {"itemName": "x"}


class Node(BaseModel):
    value: int
    children: list[Node] = []


def test_a_recursive_model_sent_and_received_is_one_component() -> None:
    @post("/n")
    def handler(data: Node) -> Node:
        return data

    doc = document(handler)
    assert body_schema(doc, "/n") == response_schema(doc, "/n", "post") == {"$ref": REF + "Node"}
    assert list(components(doc)) == ["Node"]
    assert components(doc)["Node"]["properties"]["children"]["items"] == {"$ref": REF + "Node"}


BodyItem = create_model("Item", __module__="m1", name=(str, ...))
ResponseItem = create_model("Item", __module__="m2", price=(int, ...))


def test_two_classes_of_one_name_are_not_taken_for_two_modes_of_one() -> None:
    @post("/in")
    def received(data: BodyItem) -> None:  # type: ignore[valid-type]
        ...

    @get("/out")
    def sent() -> ResponseItem:  # type: ignore[valid-type]
        raise NotImplementedError

    doc = document(received, sent)
    assert body_schema(doc, "/in") == {"$ref": REF + "m1__Item"}
    assert response_schema(doc, "/out") == {"$ref": REF + "m2__Item"}
    assert sorted(components(doc)) == ["m1__Item", "m2__Item"]


class Limits(BaseModel):
    top: float = float("inf")
    bottom: float = float("-inf")
    unknown: float = float("nan")
    step: float = 0.5


def test_defaults_that_json_cannot_hold_are_left_out() -> None:
    @post("/limits")
    def handler(data: Limits) -> None: ...

    doc = document(handler)
    properties = components(doc)["Limits"]["properties"]
    assert properties["top"] == {"title": "Top", "type": "number"}
    assert properties["bottom"] == {"title": "Bottom", "type": "number"}
    assert properties["unknown"] == {"title": "Unknown", "type": "number"}
    assert properties["step"]["default"] == 0.5


def test_a_declared_infinite_default_or_example_is_left_out_of_a_schema() -> None:
    registry = SchemaRegistry()
    declared = Parameter(default=float("inf"), examples=[Example(value=float("nan")), Example(value=2.0)])
    schema = registry.for_type(float, kwarg=declared)
    assert schema.model_dump(mode="json", by_alias=True, exclude_none=True) == {"type": "number"}
    assert kwarg_keywords(declared) == {"examples": [2.0]}


def test_generated_examples_are_named_as_received_and_as_sent() -> None:
    @post("/i")
    def pi(data: Item) -> Item:
        return data

    @post("/many")
    def many(data: list[Item]) -> list[Item]:
        return data

    doc = document(pi, many, create_examples=True)
    operation = doc["paths"]["/i"]["post"]
    received = operation["requestBody"]["content"]["application/json"]["examples"]["Item-example-1"]
    sent = operation["responses"]["201"]["content"]["application/json"]["examples"]["Item-example-1"]
    assert sorted(received["value"]) == ["id", "itemName"]
    assert sorted(sent["value"]) == ["id", "name"]
    (many_received,) = body_schema(doc, "/many")["examples"]
    (many_sent,) = response_schema(doc, "/many", "post")["examples"]
    assert sorted(many_received[0]) == ["id", "itemName"]
    assert sorted(many_sent[0]) == ["id", "name"]


class Shade(enum.Enum):
    DARK = "dark"


@dataclasses.dataclass
class Spot:
    x: int


class SpotStruct(msgspec.Struct):
    shade: Shade
    spot: Spot


class SpotModel(BaseModel):
    shade: Shade
    spot: Spot


def test_a_class_both_libraries_describe_is_one_component() -> None:
    @post("/s")
    def struct(data: SpotStruct) -> None: ...

    @post("/m")
    def model(data: SpotModel) -> SpotModel:
        return data

    doc = document(struct, model)
    assert sorted(components(doc)) == ["Shade", "Spot", "SpotModel", "SpotStruct"]
    for name in ("SpotModel", "SpotStruct"):
        assert components(doc)[name]["properties"] == {
            "shade": {"$ref": REF + "Shade"},
            "spot": {"$ref": REF + "Spot"},
        }
