"""DTOs in handlers: validated request bodies, returned source instances converted, and the schema."""

# No ``from __future__ import annotations``: the handlers below name DTO classes local to each test, which
# string annotations could not resolve.
import dataclasses
import json
from collections.abc import Iterable
from typing import Any, TypeGuard, Union

import pytest
from pydantic import BaseModel, create_model

from starlite import DTOFactory, PluginProtocol, Request, Response, Starlite, get, post
from starlite.datastructures.pagination import OffsetPagination
from starlite.testing import TestClient, create_test_client


class Person(BaseModel):
    id: int
    name: str
    password: str


PersonOut = DTOFactory()("PersonOut", Person, exclude=["password"], field_mapping={"name": "full_name"})
PersonIn = DTOFactory()("PersonIn", Person, field_mapping={"name": "full_name"})

ADA = Person(id=1, name="Ada", password="pw")


def test_a_dto_body_is_validated_and_converted_back_to_the_source() -> None:
    received: list[Any] = []

    @post("/people")
    def create(data: PersonIn) -> PersonOut:  # type: ignore[valid-type]
        person = data.to_model_instance()  # type: ignore[attr-defined]
        received.append(person)
        return person

    with create_test_client(create) as client:
        response = client.post("/people", json={"id": 1, "full_name": "Ada", "password": "pw"})
        assert response.status_code == 201
        assert response.json() == {"id": 1, "full_name": "Ada"}
        assert received == [ADA]

        refused = client.post("/people", json={"id": 1, "name": "Ada", "password": "pw"})
        assert refused.status_code == 400
        assert [error["key"] for error in refused.json()["extra"]] == ["full_name"]


# A dict is keyed by the DTO's field names, as in 1.5x; keys the DTO lacks are dropped.
@pytest.mark.parametrize(
    "value",
    [ADA, {"id": 1, "full_name": "Ada", "password": "pw"}, PersonOut(id=1, full_name="Ada")],
    ids=["model", "dict", "dto"],
)
def test_a_returned_source_instance_becomes_the_dto(value: Any) -> None:
    @get("/person")
    def read() -> PersonOut:  # type: ignore[valid-type]
        return value

    with create_test_client(read) as client:
        assert client.get("/person").json() == {"id": 1, "full_name": "Ada"}


@pytest.mark.parametrize("annotation", [list[PersonOut], tuple[PersonOut, ...], Iterable[PersonOut]])  # type: ignore[valid-type]
def test_a_returned_sequence_becomes_a_list_of_dtos(annotation: Any) -> None:
    @get("/people")
    def read() -> annotation:  # type: ignore[valid-type]
        return [ADA, {"id": 2, "full_name": "Grace", "password": "pw"}]

    with create_test_client(read) as client:
        assert client.get("/people").json() == [
            {"id": 1, "full_name": "Ada"},
            {"id": 2, "full_name": "Grace"},
        ]


SECRET_ADA = Person(id=1, name="Ada", password="the-secret")


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        (PersonOut | None, SECRET_ADA, {"id": 1, "full_name": "Ada"}),  # type: ignore[valid-type]
        (Union[PersonOut, int], SECRET_ADA, {"id": 1, "full_name": "Ada"}),  # type: ignore[valid-type]  # noqa: UP007
        (list[PersonOut] | None, [SECRET_ADA], [{"id": 1, "full_name": "Ada"}]),  # type: ignore[valid-type]
        (list[list[PersonOut]], [[SECRET_ADA]], [[{"id": 1, "full_name": "Ada"}]]),  # type: ignore[valid-type]
        (dict[str, PersonOut], {"ada": SECRET_ADA}, {"ada": {"id": 1, "full_name": "Ada"}}),  # type: ignore[valid-type]
        (tuple[PersonOut, int], (SECRET_ADA, 2), [{"id": 1, "full_name": "Ada"}, 2]),  # type: ignore[valid-type]
        (
            OffsetPagination[PersonOut],  # type: ignore[valid-type]
            OffsetPagination(items=[SECRET_ADA], limit=1, offset=0, total=1),
            {"items": [{"id": 1, "full_name": "Ada"}], "limit": 1, "offset": 0, "total": 1},
        ),
        (Response[PersonOut], Response(SECRET_ADA), {"id": 1, "full_name": "Ada"}),  # type: ignore[valid-type]
    ],
    ids=["optional", "union", "optional-list", "nested-list", "dict", "tuple", "pagination", "response"],
)
def test_an_excluded_field_never_leaves_whatever_holds_the_dto(
    annotation: Any, value: Any, expected: Any
) -> None:
    @get("/person")
    def read() -> annotation:  # type: ignore[valid-type]
        return value

    with create_test_client(read) as client:
        response = client.get("/person")
    assert response.status_code == 200
    assert "the-secret" not in response.text
    assert response.json() == expected


def test_the_dto_a_handler_took_is_returned_without_the_fields_its_answer_excludes() -> None:
    @post("/people")
    def echo(data: PersonIn) -> PersonOut | None:  # type: ignore[valid-type]
        return data  # type: ignore[no-any-return]

    with create_test_client(echo) as client:
        response = client.post("/people", json={"id": 1, "full_name": "Ada", "password": "the-secret"})
    assert response.status_code == 201
    assert response.json() == {"id": 1, "full_name": "Ada"}


def test_the_password_never_leaves_through_a_dto_of_a_dataclass() -> None:
    @dataclasses.dataclass
    class Account:
        login: str
        password: str

    AccountOut = DTOFactory()("AccountOut", Account, exclude=["password"])

    @get("/account")
    def read() -> AccountOut:  # type: ignore[valid-type]
        return Account(login="ada", password="pw")  # type: ignore[return-value]

    with create_test_client(read) as client:
        assert client.get("/account").json() == {"login": "ada"}


class Row:
    def __init__(self, **values: Any) -> None:
        self.values = values


class RowPlugin(PluginProtocol[Row]):
    def __init__(self, async_to_dict: bool = False) -> None:
        self.async_to_dict = async_to_dict

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Row]:
        return value is Row or isinstance(value, Row)

    def to_pydantic_model_class(self, model_class: type[Row], **kwargs: Any) -> type[BaseModel]:
        return create_model("RowModel", id=(int, ...), title=(str, ...))

    def from_pydantic_model_instance(self, model_class: type[Row], pydantic_model_instance: BaseModel) -> Row:
        return model_class(**pydantic_model_instance.model_dump())

    def to_dict(self, model_instance: Row) -> Any:
        values = {**model_instance.values, "converted_by": "plugin"}
        if self.async_to_dict:

            async def later() -> dict[str, Any]:
                return values

            return later()
        return values

    def from_dict(self, model_class: type[Row], **kwargs: Any) -> Row:
        return model_class(**kwargs)


@pytest.mark.parametrize("async_to_dict", [False, True], ids=["sync", "async"])
def test_a_dto_return_annotation_takes_precedence_over_the_plugin(async_to_dict: bool) -> None:
    plugin = RowPlugin(async_to_dict=async_to_dict)
    RowOut = DTOFactory(plugins=[plugin])("RowOut", Row, field_mapping={"title": "heading"})

    @get("/rows")
    def rows() -> list[RowOut]:  # type: ignore[valid-type]
        return [Row(id=1, title="Hello")]  # type: ignore[list-item]

    @post("/rows")
    def create(data: RowOut) -> RowOut:  # type: ignore[valid-type]
        row = data.to_model_instance()  # type: ignore[attr-defined]
        assert isinstance(row, Row)
        return row  # type: ignore[return-value]

    with create_test_client([rows, create], plugins=[plugin]) as client:
        assert client.get("/rows").json() == [{"id": 1, "heading": "Hello"}]
        assert client.post("/rows", json={"id": 2, "heading": "Hi"}).json() == {"id": 2, "heading": "Hi"}
        assert client.post("/rows", json={"id": 2, "title": "Hi"}).status_code == 400


def test_a_union_of_a_dto_and_a_plugin_model_converts_each_its_own_way() -> None:
    @get("/either/{which:str}")
    def either(which: str) -> PersonOut | Row:  # type: ignore[valid-type]
        return SECRET_ADA if which == "person" else Row(id=1, title="Hello")  # type: ignore[return-value]

    with create_test_client(either, plugins=[RowPlugin()]) as client:
        assert client.get("/either/person").json() == {"id": 1, "full_name": "Ada"}
        assert client.get("/either/row").json() == {"id": 1, "title": "Hello", "converted_by": "plugin"}


def test_the_schema_shows_the_dto_with_renamed_fields_and_without_excluded_ones() -> None:
    @post("/people")
    def create(data: PersonIn) -> PersonOut:  # type: ignore[valid-type]
        return data.to_model_instance()  # type: ignore[attr-defined,no-any-return]

    @get("/people")
    def everyone() -> list[PersonOut]:  # type: ignore[valid-type]
        return []

    with TestClient(Starlite([create, everyone])) as client:
        document = client.get("/schema/openapi.json").json()

    schemas = document["components"]["schemas"]
    assert schemas["PersonOut"]["properties"].keys() == {"id", "full_name"}
    assert schemas["PersonOut"]["required"] == ["id", "full_name"]
    assert schemas["PersonIn"]["properties"].keys() == {"id", "full_name", "password"}
    operation = document["paths"]["/people"]
    body = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/PersonIn"}
    created = operation["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/PersonOut"}
    listed = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"items": {"$ref": "#/components/schemas/PersonOut"}, "type": "array"}


@pytest.mark.anyio
async def test_to_response_makes_the_dto_as_a_request_would(anyio_backend: str) -> None:
    @get("/person")
    def read() -> PersonOut:  # type: ignore[valid-type]
        return ADA  # type: ignore[return-value]

    response = await read.to_response(
        app=None, data=ADA, plugins=[], request=Request({"type": "http", "method": "GET", "headers": []})
    )
    assert json.loads(response.body) == {"id": 1, "full_name": "Ada"}  # type: ignore[attr-defined]
