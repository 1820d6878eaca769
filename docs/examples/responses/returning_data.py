"""What a handler returns becomes the response body."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import msgspec
from pydantic import BaseModel

from starlite import MediaType, Starlite, get
from starlite.testing import TestClient


@dataclass
class Author:
    name: str
    born: date


class Book(BaseModel):
    title: str
    year: int


class Review(msgspec.Struct):
    stars: int
    text: str


@get("/dict")
def as_dict() -> dict[str, list[int]]:
    return {"primes": [2, 3, 5]}


@get("/dataclass")
def as_dataclass() -> Author:
    return Author(name="Mary Shelley", born=date(1797, 8, 30))


@get("/pydantic")
def as_pydantic_model() -> list[Book]:
    return [Book(title="Frankenstein", year=1818)]


@get("/struct")
def as_struct() -> Review:
    return Review(stars=5, text="Chilling.")


@get("/price")
def as_price() -> dict[str, Decimal]:
    return {"price": Decimal("12.50"), "discount": Decimal("0.1")}


@get("/text")
def as_text() -> str:
    return "plain words"


@get("/html", media_type=MediaType.HTML)
def as_html() -> str:
    # Set ``media_type`` when the return annotation alone does not say what the body is.
    return "<p>markup</p>"


app = Starlite(
    route_handlers=[as_dict, as_dataclass, as_pydantic_model, as_struct, as_price, as_text, as_html]
)


def test_structured_values_become_json() -> None:
    with TestClient(app=app) as client:
        assert client.get("/dict").json() == {"primes": [2, 3, 5]}
        assert client.get("/dataclass").json() == {"name": "Mary Shelley", "born": "1797-08-30"}
        assert client.get("/pydantic").json() == [{"title": "Frankenstein", "year": 1818}]
        response = client.get("/struct")
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"stars": 5, "text": "Chilling."}


def test_decimals_keep_every_digit() -> None:
    with TestClient(app=app) as client:
        assert client.get("/price").json() == {"price": "12.50", "discount": "0.1"}


def test_strings_are_text() -> None:
    with TestClient(app=app) as client:
        text = client.get("/text")
        html = client.get("/html")
    assert (text.headers["content-type"], text.text) == ("text/plain; charset=utf-8", "plain words")
    assert (html.headers["content-type"], html.text) == ("text/html; charset=utf-8", "<p>markup</p>")
