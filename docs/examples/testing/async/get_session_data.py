"""Read the session a request left behind, without another request."""

import os

import pytest

from starlite import Request, Starlite, post
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.testing import AsyncTestClient

session_config = CookieBackendConfig(secret=os.urandom(16))


@post(path="/cart/{item:str}")
def add_to_cart(request: Request, item: str) -> None:
    request.session.setdefault("items", []).append(item)


app = Starlite(route_handlers=[add_to_cart], middleware=[session_config.middleware])


@pytest.mark.anyio
async def test_the_test_sees_the_session_the_app_wrote() -> None:
    async with AsyncTestClient(app=app) as client:
        await client.post("/cart/apple")
        await client.post("/cart/pear")
        assert await client.get_session_data() == {"items": ["apple", "pear"]}
