"""Put data into the session from a test, then let the app read it."""

import os
from typing import Any

import pytest

from starlite import Request, Starlite, get
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.testing import AsyncTestClient

session_config = CookieBackendConfig(secret=os.urandom(16))


@get(path="/cart")
def view_cart(request: Request) -> dict[str, Any]:
    return {"items": request.session.get("items", [])}


app = Starlite(route_handlers=[view_cart], middleware=[session_config.middleware])


@pytest.mark.anyio
async def test_the_app_sees_the_session_a_test_wrote() -> None:
    async with AsyncTestClient(app=app) as client:
        await client.set_session_data({"items": ["apple", "pear"]})
        response = await client.get("/cart")
        assert response.json() == {"items": ["apple", "pear"]}
