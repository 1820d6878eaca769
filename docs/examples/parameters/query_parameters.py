"""Query parameters: any handler argument that is not a path parameter, a reserved name or a dependency."""

from datetime import date
from enum import Enum
from typing import Any, Literal

from starlite import Starlite, get
from starlite.testing import TestClient


class Sort(str, Enum):
    NEWEST = "newest"
    CHEAPEST = "cheapest"


@get("/products")
def search_products(
    q: str,  # no default: the client must send it
    page: int = 1,
    in_stock: bool = False,
    added_since: date | None = None,
    sort: Sort = Sort.NEWEST,
    export: Literal["json", "csv"] = "json",
    category_id: list[int] | None = None,  # ?category_id=1&category_id=2
) -> dict[str, Any]:
    return {
        "q": q,
        "page": page,
        "in_stock": in_stock,
        "added_since": added_since.isoformat() if added_since else None,
        "sort": sort.name,
        "export": export,
        "category_id": category_id,
    }


app = Starlite(route_handlers=[search_products])


def test_defaults_fill_in_what_is_not_sent() -> None:
    with TestClient(app=app) as client:
        response = client.get("/products", params={"q": "lamp"})
    assert response.json() == {
        "q": "lamp",
        "page": 1,
        "in_stock": False,
        "added_since": None,
        "sort": "NEWEST",
        "export": "json",
        "category_id": None,
    }


def test_values_are_converted_to_their_annotation() -> None:
    with TestClient(app=app) as client:
        response = client.get(
            "/products?q=lamp&page=3&in_stock=yes&added_since=2024-03-01"
            "&sort=cheapest&export=csv&category_id=4&category_id=7"
        )
    assert response.json() == {
        "q": "lamp",
        "page": 3,
        # true/false, 1/0, yes/no, on/off and t/f are all accepted for a bool.
        "in_stock": True,
        "added_since": "2024-03-01",
        "sort": "CHEAPEST",
        "export": "csv",
        # A repeated key gives every value, in order.
        "category_id": [4, 7],
    }


def test_a_missing_required_parameter_is_a_400() -> None:
    with TestClient(app=app) as client:
        response = client.get("/products")
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "q", "message": "Missing required parameter", "source": "query"}
    ]


def test_every_invalid_value_is_reported() -> None:
    with TestClient(app=app) as client:
        response = client.get("/products?q=lamp&page=two&sort=random&export=xml&category_id=4&category_id=x")
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "page", "message": "Expected `int`", "source": "query"},
        {"key": "sort", "message": "Expected one of: 'newest', 'cheapest'", "source": "query"},
        {"key": "export", "message": "Expected one of: 'json', 'csv'", "source": "query"},
        {"key": "category_id", "message": "Expected `int`", "source": "query"},
    ]
