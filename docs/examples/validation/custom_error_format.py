"""Reshaping validation errors: an exception handler for ``ValidationException``."""

from typing import Any

from starlite import Request, Response, Starlite, ValidationException, get
from starlite.testing import TestClient


def problem_details(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    # ``exc.extra`` is the list of {"key", "message", "source"} entries.
    return Response(
        {
            "type": "about:blank",
            "title": "Your request parameters didn't validate.",
            "status": 422,
            "invalid_params": [
                {"name": error["key"], "reason": error["message"]} for error in exc.extra or []
            ],
        },
        status_code=422,
        media_type="application/problem+json",
    )


@get("/age")
def age(years: int) -> int:
    return years


app = Starlite(route_handlers=[age], exception_handlers={ValidationException: problem_details})


def test_errors_in_a_format_of_your_own() -> None:
    with TestClient(app=app) as client:
        response = client.get("/age?years=old")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["invalid_params"] == [{"name": "years", "reason": "Expected `int`"}]
