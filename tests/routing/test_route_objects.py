"""What routes tell about themselves: their methods, and their path parameters as written."""

from __future__ import annotations

from starlite import Router, WebSocket, asgi, get, post, websocket
from starlite.routes import ASGIRoute, HTTPRoute, WebSocketRoute
from starlite.types import Receive, Scope, Send


@get("/items")
def list_items() -> None: ...


@post("/items")
def add_item() -> None: ...


@websocket("/feed")
async def feed(socket: WebSocket) -> None: ...


@asgi("/raw")
async def raw(scope: Scope, receive: Receive, send: Send) -> None: ...


def test_an_http_route_lists_its_methods_and_options() -> None:
    routes = Router("/", route_handlers=[list_items, add_item, feed, raw]).routes
    http = next(route for route in routes if isinstance(route, HTTPRoute))
    assert http.methods == {"GET", "POST", "OPTIONS"}


def test_websocket_and_asgi_routes_have_no_methods() -> None:
    routes = Router("/", route_handlers=[feed, raw]).routes
    assert {type(route): route.methods for route in routes} == {WebSocketRoute: set(), ASGIRoute: set()}


def test_path_parameters_keep_their_placeholder_as_written() -> None:
    @get("/items/{item_id:int}")
    def one(item_id: int) -> None: ...

    (route,) = Router("/", route_handlers=[one]).routes
    (parameter,) = route.path_parameters
    assert (parameter.name, parameter.full, parameter.type) == ("item_id", "item_id:int", int)
