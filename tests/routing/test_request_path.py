"""Every HTTP request to a handler takes one path: the router, then ``HTTPRoute.handle``.

Integrations (error trackers, tracing) wrap ``HTTPRoute.handle`` by patching the class, as they did on
Starlite 1.5x, to see every request with its route handler. These tests do the same.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import pytest

from starlite import (
    MediaType,
    Provide,
    Request,
    Response,
    Router,
    Starlite,
    get,
    post,
)
from starlite.asgi.routing_trie import RoutingTrie
from starlite.exceptions import NotAuthorizedException
from starlite.routes import HTTPRoute
from starlite.testing import TestClient
from starlite.types import Receive, Scope, Send


class Boom(Exception):
    pass


class Tag:
    """Route middleware that marks the responses it passes on."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def tagging(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-tag", b"1")]
            await send(message)

        await self.app(scope, receive, tagging)


async def provide_session() -> AsyncGenerator[str, None]:
    yield "session"


def deny_without_key(connection: Any, handler: Any) -> None:
    if "x-key" not in connection.headers:
        raise NotAuthorizedException()


@get("/plain", media_type=MediaType.TEXT)
async def plain() -> str:
    return "plain"


@get("/items/{item_id:int}")
def item(item_id: int, q: int = 1) -> dict[str, int]:
    return {"id": item_id, "q": q}


@post("/with-dependency", dependencies={"session": Provide(provide_session)})
async def with_dependency(session: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"session": session, **data}


@get(
    "/hooked",
    before_request=lambda request: None,
    after_request=lambda response: response,
    after_response=lambda request: None,
)
async def hooked() -> str:
    return "hooked"


@get("/guarded", guards=[deny_without_key])
async def guarded() -> str:
    return "in"


@get("/boom")
async def boom() -> None:
    raise Boom("boom")


@get("/response")
async def returns_response() -> Response[str]:
    return Response("made by hand", media_type=MediaType.TEXT, status_code=202)


def build_app() -> Starlite:
    wrapped = Router(path="/mw", route_handlers=[plain, item, with_dependency, hooked], middleware=[Tag])
    return Starlite(
        route_handlers=[plain, item, with_dependency, hooked, guarded, boom, returns_response, wrapped],
        exception_handlers={Boom: lambda request, exc: Response("handled", status_code=418)},
    )


REQUESTS: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/plain", {}, 200),
    ("GET", "/items/3", {"params": {"q": "4"}}, 200),
    ("GET", "/items/3", {"params": {"q": "four"}}, 400),
    ("POST", "/with-dependency", {"json": {"a": 1}}, 201),
    ("GET", "/hooked", {}, 200),
    ("GET", "/guarded", {}, 401),
    ("GET", "/guarded", {"headers": {"x-key": "1"}}, 200),
    ("GET", "/boom", {}, 418),
    ("GET", "/response", {}, 202),
    ("HEAD", "/plain", {}, 405),  # answered by the router: no handler for HEAD
    ("GET", "/nowhere", {}, 404),  # answered by the router
    ("GET", "/mw/plain", {}, 200),
    ("GET", "/mw/items/5", {}, 200),
    ("POST", "/mw/with-dependency", {"json": {"b": 2}}, 201),
    ("GET", "/mw/hooked", {}, 200),
]


def record_handle(patch: pytest.MonkeyPatch) -> list[tuple[str, str, str, int]]:
    """Wrap ``HTTPRoute.handle`` as an integration does; return what the wrapper saw."""
    seen: list[tuple[str, str, str, int]] = []
    original = HTTPRoute.handle

    async def handle(self: HTTPRoute, scope: Scope, receive: Receive, send: Send) -> None:
        status = 0

        async def watching_send(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await original(self, scope, receive, watching_send)
        handler = scope["route_handler"]
        seen.append((scope["method"], scope["path"], handler.handler_name, status))  # type: ignore[typeddict-item]

    patch.setattr(HTTPRoute, "handle", handle)
    return seen


def expected_sightings() -> list[tuple[str, str, str, int]]:
    names = {"plain": "plain", "items": "item", "with-dependency": "with_dependency", "hooked": "hooked"}
    names |= {"guarded": "guarded", "boom": "boom", "response": "returns_response"}
    return [
        (method, path, names[path.split("/")[-1] if "items" not in path else "items"], status)
        for method, path, _, status in REQUESTS
        if status not in (404, 405)
    ]


@pytest.mark.parametrize("patched", ["before the app is built", "after the app is built"])
def test_a_wrapper_of_http_route_handle_sees_every_request_a_handler_answers(patched: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        if patched == "before the app is built":
            seen = record_handle(patch)
            app = build_app()
        else:
            app = build_app()
            seen = record_handle(patch)
        with TestClient(app, raise_server_exceptions=False) as client:
            for method, path, kwargs, status in REQUESTS:
                response = client.request(method, path, **kwargs)
                assert response.status_code == status, (method, path, response.text)
                assert (response.headers.get("x-tag") == "1") is (path.startswith("/mw/"))
    # In order, with the status each one was answered with: the wrapper is around the whole answer.
    assert seen == expected_sightings()


def test_a_request_is_matched_once() -> None:
    # The router matches the path once per request; nothing further along matches it again.
    calls: list[str] = []
    match = RoutingTrie.match

    def counting_match(self: RoutingTrie, path: str) -> Any:
        calls.append(path)
        return match(self, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RoutingTrie, "match", counting_match)
        with TestClient(build_app()) as client:
            assert client.get("/items/9").json() == {"id": 9, "q": 1}
            assert client.get("/mw/items/9").status_code == 200
    assert calls == ["/items/9", "/mw/items/9"]


def test_the_router_resolves_a_request_as_it_serves_it() -> None:
    app = build_app()
    found = app.asgi_router.resolve("GET", "/mw/items/12")
    assert (found.handler.handler_name, found.path_params, found.route.path) == (
        "item",
        {"item_id": 12},
        "/mw/items/{item_id:int}",
    )
    request_handler = app.asgi_router.resolve("POST", "/with-dependency").handler
    assert request_handler.handler_name == "with_dependency"


def test_an_exception_handler_sees_the_request_of_the_route() -> None:
    seen: list[str] = []

    def on_boom(request: Request[Any, Any], exc: Exception) -> Response[str]:
        seen.append(f"{request.method} {request.url.path} {request.route_handler.handler_name}")
        return Response("handled", status_code=418, media_type=MediaType.TEXT)

    with TestClient(Starlite([boom], exception_handlers={Boom: on_boom})) as client:
        assert client.get("/boom").status_code == 418
    assert seen == ["GET /boom boom"]
