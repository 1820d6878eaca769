"""``Parameter(...)`` renames a query key, sets a default and adds validation constraints."""

from typing import Annotated, Any

from starlite import Parameter, Starlite, get
from starlite.testing import TestClient


@get("/books")
def list_books(
    # Read from ``?pageSize=``; between 1 and 100, 20 when not sent.
    page_size: int = Parameter(query="pageSize", ge=1, le=100, default=20),
    # ``regex`` must match at the start of the value (like ``re.match``): anchor it with ``$``
    # to check the whole value.
    isbn_prefix: str | None = Parameter(query="isbn", regex=r"97[89]\d*$", required=False),
    # ``required=False`` without a default gives ``None`` when the key is absent.
    author: str = Parameter(min_length=3, required=False),
    # The declaration may also sit in the annotation.
    rating: Annotated[float, Parameter(gt=0, le=5)] = 5,
) -> dict[str, Any]:
    return {"page_size": page_size, "isbn_prefix": isbn_prefix, "author": author, "rating": rating}


app = Starlite(route_handlers=[list_books])


def test_defaults() -> None:
    with TestClient(app=app) as client:
        response = client.get("/books")
    assert response.json() == {"page_size": 20, "isbn_prefix": None, "author": None, "rating": 5}


def test_valid_values_under_their_query_keys() -> None:
    with TestClient(app=app) as client:
        response = client.get("/books?pageSize=50&isbn=9781&author=Ada&rating=4.5")
    assert response.json() == {"page_size": 50, "isbn_prefix": "9781", "author": "Ada", "rating": 4.5}


def test_the_python_name_is_not_the_query_key() -> None:
    with TestClient(app=app) as client:
        # ``page_size`` is not read: the parameter's key is ``pageSize``.
        response = client.get("/books?page_size=50")
    assert response.json()["page_size"] == 20


def test_constraints_are_enforced() -> None:
    with TestClient(app=app) as client:
        response = client.get("/books?pageSize=0&isbn=123&author=Al&rating=7")
    assert response.status_code == 400
    errors = response.json()["extra"]
    # Each entry names the key the client sent, not the Python argument name.
    assert [(error["key"], error["source"]) for error in errors] == [
        ("pageSize", "query"),
        ("isbn", "query"),
        ("author", "query"),
        ("rating", "query"),
    ]
    assert errors[0]["message"] == "Expected `int` >= 1"
    assert errors[2]["message"] == "Expected `str` of length >= 3"
    assert errors[3]["message"] == "Expected `float` <= 5.0"
