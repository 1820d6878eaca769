"""The request body of an operation: the type of ``data`` and its encoding, uploads as binary."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from starlite import Body, RequestEncodingType, Starlite, post
from starlite.config.openapi import OpenAPIConfig
from starlite.datastructures import UploadFile
from tests.openapi.documents import rendered_schema

BINARY = {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"}


def rendered(*handlers: Any) -> dict[str, Any]:
    app = Starlite(route_handlers=list(handlers), openapi_config=OpenAPIConfig(title="Test", version="1"))
    return rendered_schema(app)


class Person(BaseModel):
    name: str
    age: int


class Form(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    cv: UploadFile
    image: UploadFile
    note: str


def test_a_json_body_is_required_and_refers_to_its_model() -> None:
    @post("/")
    def create(data: Person) -> None:
        return None

    document = rendered(create)
    assert document["paths"]["/"]["post"]["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
    }
    assert set(document["components"]["schemas"]) == {"Person"}


def test_an_optional_body_or_one_with_a_default_is_not_required() -> None:
    @post("/optional")
    def optional(data: Person | None) -> None:
        return None

    @post("/default")
    def with_default(data: dict[str, int] = Body(default={}, description="Counts by name")) -> None:
        return None

    paths = rendered(optional, with_default)["paths"]
    assert paths["/optional"]["post"]["requestBody"] == {
        "required": False,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
    }
    body = paths["/default"]["post"]["requestBody"]
    assert body["required"] is False
    assert body["description"] == "Counts by name"
    assert list(body["content"]) == ["application/json"]


def test_forms_and_messagepack_under_their_media_types() -> None:
    @post("/form")
    def form(data: Person = Body(media_type=RequestEncodingType.URL_ENCODED)) -> None:
        return None

    @post("/multipart")
    def multipart(data: Person = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
        return None

    @post("/msgpack")
    def msgpack(data: Person = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> None:
        return None

    paths = rendered(form, multipart, msgpack)["paths"]
    person = {"schema": {"$ref": "#/components/schemas/Person"}}
    assert paths["/form"]["post"]["requestBody"]["content"] == {"application/x-www-form-urlencoded": person}
    assert paths["/multipart"]["post"]["requestBody"]["content"] == {"multipart/form-data": person}
    assert paths["/msgpack"]["post"]["requestBody"]["content"] == {"application/x-msgpack": person}


def test_uploads_are_binary_strings() -> None:
    @post("/file")
    def one_file(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
        return None

    @post("/files")
    def many_files(data: list[UploadFile] = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
        return None

    @post("/form")
    def form(data: Form = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
        return None

    document = rendered(one_file, many_files, form)
    paths = document["paths"]
    assert paths["/file"]["post"]["requestBody"]["content"] == {"multipart/form-data": {"schema": BINARY}}
    assert paths["/files"]["post"]["requestBody"]["content"] == {
        "multipart/form-data": {"schema": {"type": "array", "items": BINARY}}
    }
    assert paths["/form"]["post"]["requestBody"]["content"] == {
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Form"}}
    }
    properties = document["components"]["schemas"]["Form"]["properties"]
    assert {key: properties["cv"][key] for key in BINARY} == BINARY
    assert {key: properties["image"][key] for key in BINARY} == BINARY
    assert properties["note"]["type"] == "string"


def test_the_raw_body_is_not_documented_as_1_5_did() -> None:
    @post("/raw")
    def raw(body: bytes) -> None:
        return None

    operation = rendered(raw)["paths"]["/raw"]["post"]
    assert "requestBody" not in operation
    assert "400" not in operation["responses"]


def test_declared_body_examples_are_named_examples_of_the_media_type() -> None:
    @post("/")
    def create(
        data: Person = Body(examples=[{"value": {"name": "Ada", "age": 36}}, {"name": "Bob", "age": 2}]),
    ) -> None:
        return None

    media = rendered(create)["paths"]["/"]["post"]["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Person"}
    assert media["examples"] == {
        "data-example-1": {"value": {"name": "Ada", "age": 36}},
        "data-example-2": {"value": {"name": "Bob", "age": 2}},
    }


def test_generated_examples_of_model_bodies_and_responses_sit_on_the_media_type() -> None:
    @post("/")
    def create(data: Person) -> Person:
        return data

    config = OpenAPIConfig(title="Test", version="1", create_examples=True)
    app = Starlite(route_handlers=[create], openapi_config=config)
    document = rendered_schema(app)
    operation = document["paths"]["/"]["post"]
    for media in (
        operation["requestBody"]["content"]["application/json"],
        operation["responses"]["201"]["content"]["application/json"],
    ):
        (example,) = media["examples"].values()
        Person.model_validate(example["value"])  # a valid Person, as the model declares it
    assert list(operation["requestBody"]["content"]["application/json"]["examples"]) == ["Person-example-1"]
