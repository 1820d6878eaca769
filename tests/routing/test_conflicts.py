"""Conflicting routes are rejected at app construction, naming both handlers."""

from __future__ import annotations

import pytest

from starlite import Controller, Router, Starlite, WebSocket, get, post, route, websocket
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers import asgi
from starlite.types import Receive, Scope, Send


def _assert_names_both(info: pytest.ExceptionInfo[ImproperlyConfiguredException], *names: str) -> None:
    message = str(info.value)
    for name in names:
        assert name in message, f"{name!r} missing from {message!r}"


def test_same_path_and_method_from_two_handlers() -> None:
    @get("/x")
    def first_handler() -> None: ...

    @get("/x")
    def second_handler() -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([first_handler, second_handler])

    _assert_names_both(info, "first_handler", "second_handler")


def test_differently_named_parameters_of_same_shape() -> None:
    @get("/a/{x:int}")
    def by_int(x: int) -> None: ...

    @get("/a/{y:str}")
    def by_str(y: str) -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([by_int, by_str])

    _assert_names_both(info, "by_int", "by_str")


def test_conflict_across_routers() -> None:
    @get("/b/c")
    def via_router() -> None: ...

    @get("/a/b/c")
    def direct() -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([Router("/a", route_handlers=[via_router]), direct])

    _assert_names_both(info, "via_router", "direct")


def test_conflict_between_controller_and_function() -> None:
    class Items(Controller):
        path = "/items"

        @post()
        def create_item(self) -> None: ...

    @post("/items")
    def also_create() -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([Items, also_create])

    _assert_names_both(info, "create_item", "also_create")


def test_overlapping_method_lists() -> None:
    @route("/x", http_method=["GET", "PUT"])
    def get_or_put() -> None: ...

    @route("/x", http_method=["PUT", "DELETE"], status_code=200)
    def put_or_delete() -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([get_or_put, put_or_delete])

    _assert_names_both(info, "get_or_put", "put_or_delete")


def test_conflict_inside_one_router() -> None:
    @get("/x")
    def one() -> None: ...

    @get("/x/")
    def two() -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([Router("/r", route_handlers=[one, two])])

    _assert_names_both(info, "one", "two")


def test_asgi_handler_conflicts_with_http_handler_on_same_path() -> None:
    @get("/x")
    def http_handler() -> None: ...

    @asgi("/x")
    async def asgi_handler(scope: Scope, receive: Receive, send: Send) -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([http_handler, asgi_handler])

    _assert_names_both(info, "http_handler", "asgi_handler")


def test_two_websocket_handlers_on_same_path() -> None:
    @websocket("/ws")
    async def first_socket(socket: WebSocket) -> None: ...

    @websocket("/ws")
    async def second_socket(socket: WebSocket) -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([first_socket, second_socket])

    _assert_names_both(info, "first_socket", "second_socket")


def test_two_mounts_on_same_path() -> None:
    @asgi("/m", is_mount=True)
    async def first_mount(scope: Scope, receive: Receive, send: Send) -> None: ...

    @asgi("/m", is_mount=True)
    async def second_mount(scope: Scope, receive: Receive, send: Send) -> None: ...

    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite([first_mount, second_mount])

    _assert_names_both(info, "first_mount", "second_mount")


def test_different_methods_on_same_path_do_not_conflict() -> None:
    @get("/x")
    def read() -> None: ...

    @post("/x")
    def create() -> None: ...

    Starlite([read, create])


def test_websocket_and_http_on_same_path_do_not_conflict() -> None:
    @get("/x")
    def read() -> None: ...

    @websocket("/x")
    async def socket_handler(socket: WebSocket) -> None: ...

    Starlite([read, socket_handler])


def test_static_and_parameter_siblings_do_not_conflict() -> None:
    @get("/a/new")
    def new() -> None: ...

    @get("/a/{x:int}")
    def by_id(x: int) -> None: ...

    @get("/a/{rest:path}")
    def rest(rest: str) -> None: ...

    Starlite([new, by_id, rest])
