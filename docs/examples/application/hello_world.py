"""The smallest useful application: one handler, one app."""

from starlite import Starlite, get
from starlite.testing import TestClient


@get("/")
def greet() -> dict[str, str]:
    # A dict return value is serialized to JSON.
    return {"greeting": "hello, world"}


@get("/plain")
def greet_as_text() -> str:
    # A str return annotation makes the response text/plain.
    return "hello, world"


app = Starlite(route_handlers=[greet, greet_as_text])


def test_greeting_is_json() -> None:
    with TestClient(app=app) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"greeting": "hello, world"}


def test_greeting_as_text() -> None:
    with TestClient(app=app) as client:
        response = client.get("/plain")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "hello, world"
