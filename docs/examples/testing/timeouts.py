"""Timeouts: a handler that hangs fails the test quickly, naming the request."""

import anyio
import httpx
import pytest

from starlite import Starlite, get
from starlite.testing import TestClient


@get("/report")
async def report() -> str:
    await anyio.sleep(60)  # waits on something that never comes
    return "done"


app = Starlite(route_handlers=[report])


def test_a_hanging_handler_times_out() -> None:
    # httpx's timeout applies as it would against a server: per request, or per client.
    with TestClient(app=app, timeout=0.5) as client:
        with pytest.raises(httpx.ReadTimeout, match="GET /report"):
            client.get("/report")
        with pytest.raises(httpx.ReadTimeout):
            client.get("/report", timeout=0.1)
