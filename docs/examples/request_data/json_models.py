"""A JSON body arrives in ``data``, validated against its annotation."""

from dataclasses import dataclass
from typing import Any, TypedDict

import msgspec
from pydantic import BaseModel, Field

from starlite import Starlite, post
from starlite.testing import TestClient, create_test_client


class Product(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    tags: list[str] = []


@dataclass
class Point:
    x: int
    y: int


class Address(TypedDict):
    city: str
    postcode: str


class Event(msgspec.Struct):
    kind: str
    at: int
    labels: dict[str, str] = {}


@post("/products")
def create_product(data: Product) -> Product:
    return data


@post("/points")
def create_point(data: Point) -> dict[str, int]:
    return {"distance_squared": data.x**2 + data.y**2}


@post("/addresses")
def create_address(data: Address) -> str:
    return f"{data['postcode']} {data['city']}"


@post("/events")
def create_event(data: Event) -> Event:
    # msgspec Structs are decoded by msgspec, without going through pydantic.
    return data


@post("/products/bulk")
def create_products(data: list[Product]) -> dict[str, Any]:
    return {"count": len(data), "total": sum(product.price for product in data)}


@post("/anything")
def echo(data: dict[str, Any]) -> dict[str, Any]:
    return data


app = Starlite(
    route_handlers=[create_product, create_point, create_address, create_event, create_products, echo]
)


def test_pydantic_model() -> None:
    with TestClient(app=app) as client:
        response = client.post("/products", json={"name": "lamp", "price": 25})
    assert response.status_code == 201
    assert response.json() == {"name": "lamp", "price": 25.0, "tags": []}


def test_dataclass() -> None:
    with TestClient(app=app) as client:
        # Validation is pydantic's lax mode: the numeric string "4" becomes 4.
        response = client.post("/points", json={"x": 3, "y": "4"})
    assert response.json() == {"distance_squared": 25}


def test_typed_dict() -> None:
    with TestClient(app=app) as client:
        response = client.post("/addresses", json={"city": "Paris", "postcode": "75001"})
    assert response.text == "75001 Paris"


def test_msgspec_struct() -> None:
    with TestClient(app=app) as client:
        response = client.post("/events", json={"kind": "login", "at": 1700000000})
    assert response.json() == {"kind": "login", "at": 1700000000, "labels": {}}


def test_list_of_models() -> None:
    with TestClient(app=app) as client:
        response = client.post(
            "/products/bulk", json=[{"name": "lamp", "price": 25}, {"name": "desk", "price": 120}]
        )
    assert response.json() == {"count": 2, "total": 145.0}


def test_a_plain_dict() -> None:
    with TestClient(app=app) as client:
        response = client.post("/anything", json={"nested": {"ok": True}})
    assert response.json() == {"nested": {"ok": True}}


def test_an_invalid_item_is_located_by_its_index() -> None:
    with TestClient(app=app) as client:
        response = client.post(
            "/products/bulk", json=[{"name": "lamp", "price": 25}, {"name": "", "price": 0}]
        )
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "1.name", "message": "String should have at least 1 character", "source": "body"},
        {"key": "1.price", "message": "Input should be greater than 0", "source": "body"},
    ]


def test_a_list_of_typed_dicts() -> None:
    @post("/addresses/bulk")
    def create_addresses(data: list[Address]) -> list[str]:
        return [address["city"] for address in data]

    with create_test_client([create_addresses]) as client:
        response = client.post("/addresses/bulk", json=[{"city": "Paris", "postcode": "75001"}])
    assert response.json() == ["Paris"]
