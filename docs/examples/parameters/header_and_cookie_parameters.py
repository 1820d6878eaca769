"""Reading single headers and cookies as typed, validated parameters."""

from typing import Any

from starlite import Parameter, Starlite, get
from starlite.testing import TestClient


@get("/dashboard")
def dashboard(
    # Header names are case-insensitive.
    api_version: int = Parameter(header="X-API-Version", ge=1, le=2),
    theme: str = Parameter(cookie="theme", default="light"),
    request_id: str | None = Parameter(header="x-request-id", required=False),
) -> dict[str, Any]:
    return {"api_version": api_version, "theme": theme, "request_id": request_id}


app = Starlite(route_handlers=[dashboard])


def test_header_and_cookie() -> None:
    with TestClient(app=app, cookies={"theme": "dark"}) as client:
        response = client.get("/dashboard", headers={"x-api-version": "2", "X-Request-ID": "abc"})
    assert response.json() == {"api_version": 2, "theme": "dark", "request_id": "abc"}


def test_optional_header_and_cookie_default() -> None:
    with TestClient(app=app) as client:
        response = client.get("/dashboard", headers={"x-api-version": "1"})
    assert response.json() == {"api_version": 1, "theme": "light", "request_id": None}


def test_missing_and_invalid_headers() -> None:
    with TestClient(app=app) as client:
        missing = client.get("/dashboard")
        out_of_range = client.get("/dashboard", headers={"x-api-version": "3"})
    assert missing.status_code == 400
    # Header keys are reported lower-cased, as they travel in ASGI.
    assert missing.json()["extra"] == [
        {"key": "x-api-version", "message": "Missing required parameter", "source": "header"}
    ]
    assert out_of_range.json()["extra"] == [
        {"key": "x-api-version", "message": "Expected `int` <= 2", "source": "header"}
    ]
