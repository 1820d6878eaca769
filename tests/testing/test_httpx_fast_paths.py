"""The test clients skip httpx work that cannot change the outcome; what users see stays the same."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import Request, Response, get
from starlite.testing import create_async_test_client, create_test_client


@get("/where")
async def where(request: Request[Any, Any]) -> str:
    return str(request.url)


@get("/set")
async def set_cookie() -> Response[str]:
    response = Response("set", media_type="text/plain")
    response.set_cookie("flavour", "oat")
    return response


@get("/plain")
async def plain() -> str:
    return "no cookies here"


@get("/read")
async def read_cookie(request: Request[Any, Any]) -> dict[str, str]:
    return request.cookies


def test_a_changed_base_url_is_used_by_the_next_request() -> None:
    with create_test_client(where) as client:
        assert client.get("/where").text == "http://testserver.local/where"
        client.base_url = "http://other.example"  # type: ignore[assignment]
        assert client.get("/where").text == "http://other.example/where"
        client.base_url = "http://testserver.local/api"  # type: ignore[assignment]
        assert client.get("where").status_code == 404  # /api/where: no such route
        client.base_url = "http://testserver.local"  # type: ignore[assignment]
        assert client.get("where").text == "http://testserver.local/where"


def test_cookies_set_by_responses_and_by_the_test_reach_the_app() -> None:
    with create_test_client([set_cookie, plain, read_cookie]) as client:
        client.get("/set")
        client.get("/plain")  # a response without Set-Cookie keeps the jar as it was
        assert client.get("/read").json() == {"flavour": "oat"}
        client.cookies = {"replaced": "yes"}  # type: ignore[assignment]
        assert client.get("/read").json() == {"replaced": "yes"}
        client.get("/set")
        assert client.get("/read").json() == {"replaced": "yes", "flavour": "oat"}
        client.cookies.clear()
        assert client.get("/read").json() == {}


@pytest.mark.anyio
async def test_the_async_client_keeps_cookies_and_follows_base_url_changes() -> None:
    async with create_async_test_client([set_cookie, read_cookie, where]) as client:
        await client.get("/set")
        assert (await client.get("/read")).json() == {"flavour": "oat"}
        client.base_url = "http://elsewhere.example"  # type: ignore[assignment]
        assert (await client.get("/where")).text == "http://elsewhere.example/where"
