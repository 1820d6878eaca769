"""Models of every kind in one API: each becomes a component of the OpenAPI document."""

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

import msgspec
from openapi_spec_validator import validate
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from starlite import Parameter, Starlite, get, post
from starlite.testing import TestClient

T = TypeVar("T")


class Status(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Author(BaseModel):
    name: str = Field(min_length=1, description="As printed on the cover")


class Book(BaseModel):
    title: str
    status: Status
    authors: list[Author]
    sequel: "Book | None" = None  # a model may refer to itself


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


@dataclass
class Review:
    stars: int
    text: str = ""


class Stock(TypedDict):
    shop: str
    count: int


class Sale(msgspec.Struct):
    book: str
    price: float


@get("/books")
def list_books(status: Status | None = None, limit: int = Parameter(ge=1, le=100, default=20)) -> Page[Book]:
    return Page[Book](items=[], total=0)


@post("/reviews")
def add_review(data: Review) -> Review:
    return data


@get("/stock")
def stock(title: str) -> list[Stock]:
    return []


@post("/sales")
def record_sale(data: Sale) -> Sale:
    return data


app = Starlite(route_handlers=[list_books, add_review, stock, record_sale])


def test_every_model_is_a_component() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
    validate(document)
    schemas = document["components"]["schemas"]
    assert {"Author", "Book", "Page_Book_", "Review", "Stock", "Sale", "Status"} <= set(schemas)
    assert schemas["Book"]["properties"]["sequel"]["anyOf"][0] == {"$ref": "#/components/schemas/Book"}
    assert schemas["Author"]["properties"]["name"]["minLength"] == 1

    operation = document["paths"]["/books"]["get"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}
    # In a parameter, an enum is written out; inside a model it is a component.
    # (An optional query parameter is documented by its type: absent means None, there is no null.)
    assert parameters["status"] == {"type": "string", "enum": ["draft", "published"]}
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
