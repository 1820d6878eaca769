# ruff: noqa: UP006, UP035, UP045 - written as a Starlite 1.5x application was, typing spellings included
"""A Starlite 1.5x application whose models are pydantic 1 code (``pydantic.v1``), unchanged.

The same app is driven through the sync ``TestClient`` and the ``AsyncTestClient``: request bodies
(JSON, MessagePack, url-encoded and multipart forms), parameters, dependencies and return values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional
from uuid import UUID, uuid4

import msgspec
import pytest
from pydantic.v1 import BaseModel, Field, conint, validator

from starlite import (
    Body,
    Controller,
    Provide,
    RequestEncodingType,
    Response,
    Starlite,
    UploadFile,
    get,
    post,
)
from starlite.testing import AsyncTestClient, TestClient


class Address(BaseModel):
    city: str
    postcode: str

    @validator("postcode")
    def five_digits(cls, value: str) -> str:  # noqa: N805 - pydantic 1 validators take the class
        if not (value.isdigit() and len(value) == 5):
            raise ValueError("a postcode has five digits")
        return value


class Person(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    first_name: str = Field(alias="firstName")
    age: conint(ge=0)  # type: ignore[valid-type]
    address: Optional[Address] = None
    created: datetime = datetime(2024, 1, 2, 3, 4, 5)

    class Config:
        allow_population_by_field_name = True

    @validator("first_name")
    def capitalised(cls, value: str) -> str:  # noqa: N805
        return value.capitalize()


class PersonRow:
    """What an ORM hands back: an object with attributes, not a mapping."""

    def __init__(self, first_name: str, age: int) -> None:
        self.id = UUID(int=7)
        self.first_name = first_name
        self.age = age
        self.address = None
        self.created = datetime(2024, 1, 2)


class PersonOut(BaseModel):
    id: UUID
    first_name: str
    age: int

    class Config:
        orm_mode = True


class Profile(BaseModel):
    name: str
    avatar: UploadFile
    tags: List[str] = []

    class Config:
        arbitrary_types_allowed = True


def load_row() -> PersonRow:
    return PersonRow("ada", 36)


def load_people() -> List[Person]:
    return [Person(firstName="grace", age=85)]


class PeopleController(Controller):
    path = "/people"
    dependencies = {"row": Provide(load_row), "people": Provide(load_people)}

    @post()
    def create(self, data: Person) -> Person:
        return data

    @post("/many")
    def create_many(self, data: List[Person]) -> List[Person]:
        return data

    @post("/msgpack")
    def create_msgpack(self, data: Person = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> Person:
        return data

    @post("/form")
    def create_form(self, data: Person = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Person:
        return data

    @get("/row")
    def from_orm(self, row: PersonOut) -> PersonOut:
        # The provider returns an ORM object; the orm_mode model takes it, as in 1.5x.
        return row

    @get("/")
    def list_people(self, people: List[Person], min_age: conint(ge=0) = 0) -> List[Person]:  # type: ignore[valid-type]
        return [person for person in people if person.age >= min_age]

    @get("/response")
    def as_response(self) -> Response[Person]:
        return Response(Person(firstName="linus", age=54), status_code=202)


@post("/profiles")
async def upload_profile(data: Profile = Body(media_type=RequestEncodingType.MULTI_PART)) -> Dict[str, Any]:
    return {"name": data.name, "tags": data.tags, "avatar": (await data.avatar.read()).decode()}


def valid_address(data: Address) -> Address:
    return data


@post("/addresses", dependencies={"address": Provide(valid_address)})
def check_address(address: Address) -> Address:
    return address


async def session() -> AsyncIterator[str]:
    yield "session"


def generator_person() -> Iterator[Person]:
    yield Person(firstName="edsger", age=72)


@get("/generated", dependencies={"person": Provide(generator_person), "db": Provide(session)})
def generated(person: Person, db: str) -> Dict[str, Any]:
    return {"person": person, "db": db}


app = Starlite(route_handlers=[PeopleController, upload_profile, check_address, generated])

CREATED = "2024-01-02T03:04:05"


def test_with_the_sync_client() -> None:
    with TestClient(app=app) as client:
        responses = [getattr(client, method)(*args, **kwargs) for method, args, kwargs in _requests()]
    _check_responses(responses)


@pytest.mark.anyio
async def test_with_the_async_client(anyio_backend: str) -> None:
    async with AsyncTestClient(app=app) as client:
        responses = [await getattr(client, method)(*args, **kwargs) for method, args, kwargs in _requests()]
    _check_responses(responses)


def _requests() -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    person = {"firstName": "ada", "age": 36, "id": str(UUID(int=1))}
    return [
        ("post", ("/people",), {"json": person}),
        ("post", ("/people",), {"json": {"firstName": "ada", "age": -1, "address": {"city": "Oslo"}}}),
        ("post", ("/people/many",), {"json": [person, person]}),
        ("post", ("/people/msgpack",), {"content": msgspec.msgpack.encode(person)}),
        ("post", ("/people/form",), {"data": person}),
        ("get", ("/people/row",), {}),
        ("get", ("/people/",), {"params": {"min_age": "90"}}),
        ("get", ("/people/",), {"params": {"min_age": "-1"}}),
        ("get", ("/people/response",), {}),
        ("post", ("/profiles",), {"data": {"name": "ada", "tags": ["a", "b"]}, "files": {"avatar": b"png"}}),
        ("post", ("/addresses",), {"json": {"city": "Oslo", "postcode": "0150x"}}),
        ("get", ("/generated",), {}),
    ]


def _check_responses(responses: list[Any]) -> None:
    created = {"id": str(UUID(int=1)), "first_name": "Ada", "age": 36, "address": None, "created": CREATED}
    # Serialized as 1.5x did: ``.dict()``, so by field name, not by alias.
    assert [response.status_code for response in responses] == [
        201,
        400,
        201,
        201,
        201,
        200,
        200,
        400,
        202,
        201,
        400,
        200,
    ]
    assert responses[0].json() == created
    invalid = responses[1]
    assert invalid.status_code == 400
    assert {(error["key"], error["source"]) for error in invalid.json()["extra"]} == {
        ("age", "body"),
        ("address.postcode", "body"),
    }
    assert responses[2].json() == [created, created]
    assert responses[3].json() == created
    assert responses[4].json() == created
    assert responses[5].json() == {"id": str(UUID(int=7)), "first_name": "ada", "age": 36}
    assert responses[6].json() == []
    assert [error["key"] for error in responses[7].json()["extra"]] == ["min_age"]
    assert responses[8].json()["first_name"] == "Linus"
    assert responses[9].json() == {"name": "ada", "tags": ["a", "b"], "avatar": "png"}
    assert responses[10].json()["extra"] == [
        {"key": "postcode", "message": "a postcode has five digits", "source": "body"}
    ]
    generated = responses[11].json()
    assert (generated["person"]["first_name"], generated["db"]) == ("Edsger", "session")


@pytest.mark.parametrize("value", ["x", '{"firstName": "ada"}'])
def test_a_pydantic_1_model_as_a_query_parameter_is_a_400(value: str) -> None:
    @get("/")
    def handler(person: Person) -> None:
        return None

    with TestClient(app=Starlite(route_handlers=[handler])) as client:
        response = client.get("/", params={"person": value})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "person"


def test_a_dependency_value_that_does_not_fit_its_pydantic_1_model_is_a_500() -> None:
    @get("/", dependencies={"person": Provide(lambda: {"age": "old"})})
    def handler(person: Person) -> None:
        return None

    with TestClient(app=Starlite(route_handlers=[handler])) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json()["extra"][0]["key"] == "person"
