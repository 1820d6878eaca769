"""The first cut of handler parameters: query values converted to the annotated type, constraints kept."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, conint

from starlite import get
from starlite.testing import create_test_client


def test_query_values_are_converted_and_defaults_apply() -> None:
    @get("/search")
    def search(page: int, tags: list[str], day: date | None = None, exact: bool = False) -> dict:
        return {"page": page, "tags": tags, "day": day, "exact": exact}

    with create_test_client(search) as client:
        body = client.get("/search?page=2&tags=a&tags=b&day=2024-01-31&exact=true").json()
        assert body == {"page": 2, "tags": ["a", "b"], "day": "2024-01-31", "exact": True}
        assert client.get("/search?page=1&tags=x").json()["exact"] is False


def test_missing_and_invalid_values_are_one_400_listing_each_parameter() -> None:
    @get("/search")
    def search(page: int, size: int) -> int:
        return page * size

    with create_test_client(search) as client:
        response = client.get("/search?page=abc")
    assert response.status_code == 400
    errors = {error["key"]: error for error in response.json()["extra"]}
    assert set(errors) == {"page", "size"}
    assert errors["size"]["message"] == "Missing required parameter"
    assert {error["source"] for error in errors.values()} == {"query"}


def test_annotated_constraints_are_enforced() -> None:
    @get("/a")
    def annotated(n: Annotated[int, Field(gt=5)]) -> int:
        return n

    @get("/b")
    def constrained(n: conint(le=10)) -> int:  # type: ignore[valid-type]
        return n

    with create_test_client([annotated, constrained]) as client:
        assert client.get("/a?n=6").json() == 6
        assert client.get("/a?n=1").status_code == 400
        assert "greater than 5" in client.get("/a?n=1").json()["extra"][0]["message"]
        assert client.get("/b?n=10").json() == 10
        assert client.get("/b?n=11").status_code == 400
