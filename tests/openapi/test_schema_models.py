"""The JSON schemas of types in an app's OpenAPI document: scalars, containers, unions, enums and models."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import typing
import uuid
import warnings
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec
import pytest
from openapi_pydantic.v3.v3_1 import Example
from openapi_spec_validator import validate
from pydantic import BaseModel, Field, create_model
from typing_extensions import TypedDict

from starlite import Body, OpenAPIConfig, Parameter, RequestEncodingType, Starlite, UploadFile, get, post
from starlite.testing import TestClient

T = TypeVar("T")


def document(*handlers: Any, **config: Any) -> dict[str, Any]:
    """The app's /schema/openapi.json, checked against the OpenAPI 3.1 specification."""
    app = Starlite(
        route_handlers=list(handlers), openapi_config=OpenAPIConfig(title="t", version="1", **config)
    )
    with TestClient(app) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    schema: dict[str, Any] = response.json()
    validate(schema)  # type: ignore[arg-type]
    return schema


def parameter_schemas(doc: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    return {p["name"]: p["schema"] for p in doc["paths"][path][method].get("parameters", [])}


def body_schema(doc: dict[str, Any], path: str) -> Any:
    (content,) = doc["paths"][path]["post"]["requestBody"]["content"].values()
    return content["schema"]


def response_schema(doc: dict[str, Any], path: str, method: str = "get") -> Any:
    responses = doc["paths"][path][method]["responses"]
    return next(iter(responses.values()))["content"]["application/json"]["schema"]


def components(doc: dict[str, Any]) -> dict[str, Any]:
    return doc.get("components", {}).get("schemas", {})


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Person(BaseModel):
    name: str
    favourite: Color
    born: datetime.date | None = None


# -- plain types and the Parameter(...) declaration --------------------------------------------------


def test_scalar_parameters_get_their_json_types_and_formats() -> None:
    @get("/scalars")
    def handler(
        count: int,
        ratio: float,
        flag: bool,
        name: str,
        key: uuid.UUID,
        when: datetime.datetime,
        day: datetime.date,
    ) -> None: ...

    schemas = parameter_schemas(document(handler), "/scalars")
    assert schemas == {
        "count": {"type": "integer"},
        "ratio": {"type": "number"},
        "flag": {"type": "boolean"},
        "name": {"type": "string"},
        "key": {"type": "string", "format": "uuid"},
        "when": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
    }


def test_union_parameters_are_any_of_and_optional_ones_their_type() -> None:
    @get("/unions")
    def handler(maybe: int | None = None, either: int | str = 1) -> None: ...

    operation = document(handler)["paths"]["/unions"]["get"]
    schemas = parameter_schemas({"paths": {"/unions": {"get": operation}}}, "/unions")
    # A query value is text or absent, never null: Optional[int] is an integer that may be left out.
    assert schemas["maybe"] == {"type": "integer"}
    assert {p["name"]: p["required"] for p in operation["parameters"]}["maybe"] is False
    assert schemas["either"]["anyOf"] == [{"type": "integer"}, {"type": "string"}]


def test_parameter_constraints_title_and_default_land_on_the_schema() -> None:
    @get("/items")
    def handler(
        page: int = Parameter(ge=1, lt=100, multiple_of=1, title="Page", description="Which page", default=1),
        code: str = Parameter(min_length=2, max_length=4, regex="^[A-Z]+$", examples=[Example(value="AB")]),
        tags: list[str] | None = Parameter(min_items=1, max_items=3, default=None),
        limit: int | None = Parameter(le=50, default=None),
    ) -> None: ...

    schemas = parameter_schemas(document(handler), "/items")
    assert schemas["page"] == {
        "type": "integer",
        "minimum": 1,
        "exclusiveMaximum": 100,
        "multipleOf": 1,
        "title": "Page",
        "default": 1,
    }
    # The description and examples are the parameter's (OpenAPI shows them there), not repeated here.
    assert schemas["code"] == {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[A-Z]+$"}
    # ``X | None`` is documented as X (absent means None), with the constraints.
    assert schemas["tags"] == {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3}
    assert schemas["limit"] == {"type": "integer", "maximum": 50}


def test_enums_and_literals_are_in_line_in_parameters() -> None:
    @get("/colors")
    def handler(color: Color, size: Literal["S", "M", "L"] = "M") -> None: ...

    schemas = parameter_schemas(document(handler), "/colors")
    assert schemas["color"] == {"type": "string", "enum": ["red", "blue"]}
    assert schemas["size"]["enum"] == ["S", "M", "L"]


# -- models ------------------------------------------------------------------------------------------


def test_a_pydantic_model_is_one_component_however_often_it_is_used() -> None:
    @post("/people")
    def create(data: Person) -> Person:
        return data

    @get("/people")
    def listing() -> list[Person]:
        return []

    doc = document(create, listing)
    assert body_schema(doc, "/people") == {"$ref": "#/components/schemas/Person"}
    assert response_schema(doc, "/people") == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Person"},
    }
    person = components(doc)["Person"]
    assert person["required"] == ["name", "favourite"]
    # Inside a model, an enum is a component of its own, as pydantic gives it.
    assert person["properties"]["favourite"] == {"$ref": "#/components/schemas/Color"}
    assert components(doc)["Color"]["enum"] == ["red", "blue"]
    assert person["properties"]["born"]["anyOf"] == [{"type": "string", "format": "date"}, {"type": "null"}]


class First:
    class Item(BaseModel):
        name: str


class Second:
    class Item(BaseModel):
        price: int


def test_two_models_with_one_name_get_distinct_names_the_same_on_every_build() -> None:
    @get("/first")
    def first() -> First.Item:
        return First.Item(name="x")

    @get("/second")
    def second() -> Second.Item:
        return Second.Item(price=1)

    doc = document(first, second)
    one, two = response_schema(doc, "/first")["$ref"], response_schema(doc, "/second")["$ref"]
    assert one != two
    names = {one.rsplit("/", 1)[1], two.rsplit("/", 1)[1]}
    assert names == set(components(doc))
    assert components(doc)[one.rsplit("/", 1)[1]]["required"] == ["name"]
    assert components(doc)[two.rsplit("/", 1)[1]]["required"] == ["price"]
    assert set(components(document(second, first))) == names


class IdModel(BaseModel):
    __schema_name__ = "IdContainer"

    id: uuid.UUID


class Holder(BaseModel):
    inner: IdModel


def test_schema_name_renames_the_component_wherever_the_model_is() -> None:
    @get("/id")
    def retrieve() -> IdModel:
        return IdModel(id=uuid.uuid4())

    @get("/holder")
    def holder() -> Holder:
        raise NotImplementedError

    doc = document(retrieve, holder)
    assert response_schema(doc, "/id") == {"$ref": "#/components/schemas/IdContainer"}
    assert components(doc)["IdContainer"] == {
        "properties": {"id": {"type": "string", "format": "uuid", "title": "Id"}},
        "required": ["id"],
        "title": "IdContainer",
        "type": "object",
    }
    assert components(doc)["Holder"]["properties"]["inner"] == {"$ref": "#/components/schemas/IdContainer"}
    assert "IdModel" not in components(doc)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


class Tree(BaseModel):
    label: str
    children: list[Tree] = []


def test_generic_and_recursive_models() -> None:
    @get("/page")
    def page() -> Page[Person]:
        raise NotImplementedError

    @post("/tree")
    def tree(data: Tree) -> None: ...

    doc = document(page, tree)
    ref = response_schema(doc, "/page")["$ref"]
    page_schema = components(doc)[ref.rsplit("/", 1)[1]]
    assert page_schema["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Person"}
    assert body_schema(doc, "/tree") == {"$ref": "#/components/schemas/Tree"}
    assert components(doc)["Tree"]["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Tree"}


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


class Movie(TypedDict):
    title: str
    year: int


class PlainMovie(typing.TypedDict):
    title: str


with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pydantic.v1 warns on Python 3.14
    from pydantic import v1


class Legacy(v1.BaseModel):
    name: str
    age: int = v1.Field(..., ge=0)


class Song(msgspec.Struct):
    title: str
    seconds: int = 0


def test_dataclasses_typeddicts_and_msgspec_structs_are_components() -> None:
    @post("/point")
    def point(data: Point) -> Point:
        return data

    @post("/movie")
    def movie(data: Movie) -> PlainMovie:
        return {"title": data["title"]}

    @post("/song")
    def song(data: Song) -> list[Song]:
        return [data]

    doc = document(point, movie, song)
    assert body_schema(doc, "/point") == {"$ref": "#/components/schemas/Point"}
    assert components(doc)["Point"]["required"] == ["x"]
    assert body_schema(doc, "/movie") == {"$ref": "#/components/schemas/Movie"}
    assert components(doc)["Movie"]["required"] == ["title", "year"]
    assert response_schema(doc, "/movie", "post") == {"$ref": "#/components/schemas/PlainMovie"}
    assert components(doc)["PlainMovie"]["properties"]["title"]["type"] == "string"
    assert body_schema(doc, "/song") == {"$ref": "#/components/schemas/Song"}
    assert response_schema(doc, "/song", "post")["items"] == {"$ref": "#/components/schemas/Song"}
    assert components(doc)["Song"]["required"] == ["title"]
    assert components(doc)["Song"]["properties"]["seconds"] == {"type": "integer", "default": 0}


def test_pydantic_1_models_are_components() -> None:
    @post("/legacy")
    def legacy(data: Legacy) -> None: ...

    doc = document(legacy)
    assert body_schema(doc, "/legacy") == {"$ref": "#/components/schemas/Legacy"}
    assert components(doc)["Legacy"]["properties"]["age"] == {"title": "Age", "minimum": 0, "type": "integer"}


SongModel = create_model("Song", artist=(str, ...))  # a pydantic model named like the msgspec Struct


def test_a_name_shared_with_another_generators_model_is_module_qualified() -> None:
    @get("/pydantic-song")
    def first() -> SongModel:  # type: ignore[valid-type]
        raise NotImplementedError

    @get("/struct-song")
    def second() -> Song:
        raise NotImplementedError

    doc = document(first, second)
    # Both classes live in this module: the second of one qualified name gets an occurrence number.
    name = __name__.replace(".", "__") + "__Song"  # tests__openapi__test_schema_models__Song
    assert response_schema(doc, "/pydantic-song") == {"$ref": f"#/components/schemas/{name}"}
    assert components(doc)[name]["required"] == ["artist"]
    assert response_schema(doc, "/struct-song") == {"$ref": f"#/components/schemas/{name}__2"}
    assert components(doc)[f"{name}__2"]["required"] == ["title"]


# -- files, annotated constraints, and what cannot be described --------------------------------------


@dataclasses.dataclass
class Upload:
    file: UploadFile
    note: str


def test_uploads_are_binary_strings() -> None:
    @post("/file")
    def one(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> None: ...

    @post("/form")
    def form(data: Upload = Body(media_type=RequestEncodingType.MULTI_PART)) -> None: ...

    doc = document(one, form)
    binary = {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"}
    assert body_schema(doc, "/file") == binary
    assert body_schema(doc, "/form") == {"$ref": "#/components/schemas/Upload"}
    assert components(doc)["Upload"]["properties"]["file"] == {**binary, "title": "File"}


class Basket(BaseModel):
    items: Annotated[list[Person], Field(min_length=1)]


def test_annotated_constraints_go_through_pydantic() -> None:
    @post("/basket")
    def basket(data: Annotated[list[Person], Field(min_length=1, description="At least one")]) -> Basket:
        raise NotImplementedError

    @post("/decimal")
    def decimal(data: Decimal) -> Decimal:
        return data

    doc = document(basket, decimal)
    assert body_schema(doc, "/basket") == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Person"},
        "minItems": 1,
        "description": "At least one",
    }
    assert components(doc)["Basket"]["properties"]["items"]["minItems"] == 1
    assert response_schema(doc, "/decimal", "post") == {"type": "string"}  # what the JSON encoder writes


class Opaque:
    """A class nothing knows how to describe."""


class WithOpaque(BaseModel, arbitrary_types_allowed=True):
    thing: Opaque
    name: str


def test_types_that_cannot_be_described_are_any_value_and_the_page_still_works() -> None:
    @get("/opaque")
    def opaque() -> Opaque:
        return Opaque()

    @get("/any")
    def anything() -> Any:
        return 1

    @get("/model")
    def model() -> WithOpaque:
        raise NotImplementedError

    doc = document(opaque, anything, model)
    assert response_schema(doc, "/opaque") == {}
    assert response_schema(doc, "/any") == {}
    assert components(doc)["WithOpaque"]["properties"]["thing"] == {"title": "Thing"}
    assert components(doc)["WithOpaque"]["properties"]["name"]["type"] == "string"


def test_containers_and_tuples() -> None:
    @get("/containers")
    def handler() -> dict[str, tuple[int, str]]:
        return {}

    @get("/sets")
    def sets() -> frozenset[uuid.UUID]:
        return frozenset()

    doc = document(handler, sets)
    assert response_schema(doc, "/containers") == {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "prefixItems": [{"type": "integer"}, {"type": "string"}],
            "minItems": 2,
            "maxItems": 2,
        },
    }
    assert response_schema(doc, "/sets") == {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "uniqueItems": True,
    }


# -- examples ------------------------------------------------------------------------------------------


def test_create_examples_gives_deterministic_examples_that_meet_the_constraints() -> None:
    @get("/examples")
    def handler(
        page: int = Parameter(ge=5, le=9), name: str = Parameter(min_length=3, max_length=3)
    ) -> list[int]:
        return []

    first = document(handler, create_examples=True)
    schemas = parameter_schemas(first, "/examples")
    (page,) = schemas["page"]["examples"]
    (name,) = schemas["name"]["examples"]
    assert 5 <= page <= 9
    assert isinstance(name, str) and len(name) == 3
    assert all(isinstance(item, int) for item in response_schema(first, "/examples")["examples"][0])
    assert document(handler, create_examples=True) == first


def test_without_create_examples_there_are_none() -> None:
    @get("/examples")
    def handler(page: int) -> None: ...

    assert "examples" not in parameter_schemas(document(handler), "/examples")["page"]


def test_create_examples_without_polyfactory_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from starlite.exceptions import MissingDependencyException

    monkeypatch.setitem(sys.modules, "polyfactory", None)

    @get("/examples")
    def handler(page: int) -> None: ...

    app = Starlite(
        route_handlers=[handler], openapi_config=OpenAPIConfig(title="t", version="1", create_examples=True)
    )
    with pytest.raises(MissingDependencyException, match=r"starlite\[openapi-examples\]"):
        app.openapi_schema  # noqa: B018


DETERMINISM_SCRIPT = """
import json
from pydantic import BaseModel, create_model
from starlite import OpenAPIConfig, Parameter, Starlite, get

First = create_model("Item", name=(str, ...), __module__="shop.catalog")
Second = create_model("Item", price=(int, ...), __module__="shop.billing")

@get("/first")
def first(page: int = Parameter(ge=1, le=50)) -> list[First]:
    return []

@get("/second")
def second(tags: set[str]) -> dict[str, Second]:
    return {}

app = Starlite([first, second], openapi_config=OpenAPIConfig(title="t", version="1", create_examples=True))
print(json.dumps(app.openapi_schema.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True))
"""


def test_the_document_is_the_same_in_every_process() -> None:
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT], capture_output=True, text=True, env=env, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert '"shop__billing__Item"' in outputs[0]
    assert '"shop__catalog__Item"' in outputs[0]


class Exploding(BaseModel):
    x: int

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        raise RuntimeError("this model refuses to be described")


def test_a_model_whose_schema_raises_is_any_value_and_the_others_are_kept() -> None:
    @get("/exploding")
    def exploding() -> Exploding:
        return Exploding(x=1)

    @get("/person")
    def person() -> Person:
        raise NotImplementedError

    doc = document(exploding, person)
    assert response_schema(doc, "/exploding") == {"$ref": "#/components/schemas/Exploding"}
    assert components(doc)["Exploding"] == {}
    assert components(doc)["Person"]["required"] == ["name", "favourite"]


class WithOpaqueDefault(BaseModel, arbitrary_types_allowed=True):
    name: str
    thing: Any = Opaque()


def test_a_default_without_json_form_is_left_out_without_a_warning() -> None:
    @get("/defaults")
    def defaults() -> WithOpaqueDefault:
        raise NotImplementedError

    doc = document(defaults)  # warnings are errors in this suite
    assert components(doc)["WithOpaqueDefault"]["properties"]["thing"] == {"title": "Thing"}
    assert components(doc)["WithOpaqueDefault"]["required"] == ["name"]
