"""``raise_server_exceptions``: see an unexpected error in the test, or the response a client gets."""

import pytest

from starlite import NotFoundException, Starlite, get
from starlite.testing import TestClient


@get("/divide/{number:int}")
def divide(number: int) -> float:
    return 100 / number


@get("/missing")
def missing() -> None:
    raise NotFoundException("gone")


app = Starlite(route_handlers=[divide, missing])


def test_unexpected_errors_are_raised_in_the_test() -> None:
    # By default the original exception reaches the test, with its traceback.
    with TestClient(app=app) as client, pytest.raises(ZeroDivisionError):
        client.get("/divide/0")


def test_error_response_instead() -> None:
    with TestClient(app=app, raise_server_exceptions=False) as client:
        response = client.get("/divide/0")
    assert response.status_code == 500


def test_http_exceptions_are_always_responses() -> None:
    # An ``HTTPException`` is an answer, not a crash: it is never re-raised.
    with TestClient(app=app) as client:
        response = client.get("/missing")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "gone"}
