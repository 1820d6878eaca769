"""Shaping what each operation of the schema says, from the handlers themselves."""

from __future__ import annotations

from openapi_pydantic.v3.v3_1 import Example
from openapi_spec_validator import validate
from pydantic import BaseModel

from starlite import Controller, OpenAPIConfig, Parameter, Starlite, get, post
from starlite.exceptions import NotFoundException
from starlite.openapi.datastructures import ResponseSpec
from starlite.testing import TestClient


class Book(BaseModel):
    isbn: str
    title: str


class Problem(BaseModel):
    reason: str


class BookController(Controller):
    path = "/books"
    tags = ["books"]

    @get(summary="List books")
    def list_books(
        self,
        # query parameters: "page" is optional (it has a default), "q" is optional (it may be None)
        page: int = Parameter(ge=1, default=1, description="The page to show", examples=[Example(value=2)]),
        q: str | None = None,
        # a header parameter, shown under the name it is read from
        language: str = Parameter(header="Accept-Language", required=False, default="en"),
    ) -> list[Book]:
        """Every book in the catalogue, a page at a time."""
        return []

    @get("/{isbn:str}", raises=[NotFoundException], responses={503: ResponseSpec(model=Problem)})
    def get_book(self, isbn: str) -> Book:
        raise NotFoundException()

    @post(deprecated=True, response_description="The stored book")
    def add_book(self, data: Book) -> Book:
        return data


app = Starlite(
    route_handlers=[BookController],
    openapi_config=OpenAPIConfig(title="Library", version="1.0.0", use_handler_docstrings=True),
)


def test_what_the_operations_say() -> None:
    with TestClient(app=app) as client:
        schema = client.get("/schema/openapi.json").json()
    validate(schema)
    listing = schema["paths"]["/books"]["get"]
    assert listing["operationId"] == "BooksListBooks"
    assert listing["tags"] == ["books"]
    assert listing["summary"] == "List books"
    assert listing["description"] == "Every book in the catalogue, a page at a time."
    assert [(p["name"], p["in"], p["required"]) for p in listing["parameters"]] == [
        ("page", "query", False),
        ("q", "query", False),
        ("Accept-Language", "header", False),
    ]
    assert listing["parameters"][0]["examples"] == {"page-example-1": {"value": 2}}
    # parameters can be invalid, so the validation error is documented too
    assert sorted(listing["responses"]) == ["200", "400"]

    reading = schema["paths"]["/books/{isbn}"]["get"]
    assert sorted(reading["responses"]) == ["200", "400", "404", "503"]
    assert reading["responses"]["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }

    adding = schema["paths"]["/books"]["post"]
    assert adding["deprecated"] is True
    assert adding["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Book"}}},
    }
    assert adding["responses"]["201"]["description"] == "The stored book"
