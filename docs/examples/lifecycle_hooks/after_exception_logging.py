"""An ``after_exception`` hook that records every error, whatever response it becomes."""

import logging

import pytest

from starlite import NotFoundException, Starlite, State, get
from starlite.testing import TestClient
from starlite.types import Scope

logger = logging.getLogger("shop.errors")


@get("/items/{item_id:int}")
def get_item(item_id: int) -> dict[str, int]:
    if item_id > 100:
        raise NotFoundException(detail=f"No item {item_id}")
    return {"id": item_id}


@get("/checkout")
def checkout() -> None:
    raise RuntimeError("payment provider unreachable")


def record_error(exc: Exception, scope: Scope, state: State) -> None:
    # Called for each exception the app turns into an error response, before that response is built:
    # exceptions from handlers, and the 404s and 405s of the router itself.
    state.error_count += 1
    logger.warning("%s on %s: %s", type(exc).__name__, scope["path"], exc)


app = Starlite(
    route_handlers=[get_item, checkout],
    initial_state={"error_count": 0},
    after_exception=[record_error],
)


def test_errors_are_counted_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    # ``raise_server_exceptions=False`` lets the client see the 500, as a real client would.
    with (
        caplog.at_level(logging.WARNING, logger="shop.errors"),
        TestClient(app=app, raise_server_exceptions=False) as client,
    ):
        assert client.get("/items/1").status_code == 200
        assert client.get("/items/101").status_code == 404
        assert client.get("/checkout").status_code == 500
        assert client.get("/no-such-page").status_code == 404
    assert app.state.error_count == 3
    assert [record.getMessage() for record in caplog.records if record.name == "shop.errors"] == [
        "NotFoundException on /items/101: 404: No item 101",
        "RuntimeError on /checkout: payment provider unreachable",
        "NotFoundException on /no-such-page: 404: Not Found",
    ]
