"""The ways to list middleware, and what decides whether a middleware handles a connection."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import AbstractMiddleware, ImproperlyConfiguredException, MediaType, Response, asgi, get
from starlite.datastructures.headers import MutableScopeHeaders
from starlite.middleware.utils import build_exclude_path_pattern, should_bypass_middleware
from starlite.testing import create_test_client
from starlite.types import ASGIApp, Message, Receive, Scope, Send


class Stamp:
    """Adds ``x-stamp: <positional args>|<label>`` to every response."""

    def __init__(self, *args: Any, app: ASGIApp, label: str) -> None:
        self.app = app
        self.value = "|".join([*map(str, args), label])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders(message).add("x-stamp", self.value)
            await send(message)

        await self.app(scope, receive, stamped)


class OldStarletteMiddleware:
    """The shape of ``starlette.middleware.Middleware`` in Starlite 1.5x's time: ``cls`` and ``options``."""

    def __init__(self, cls: type, **options: Any) -> None:
        self.cls = cls
        self.options = options

    def __iter__(self) -> Any:
        return iter((self.cls, self.options))


class NewStarletteMiddleware:
    """The shape of ``starlette.middleware.Middleware`` today: ``cls``, ``args`` and ``kwargs``."""

    def __init__(self, cls: type, *args: Any, **kwargs: Any) -> None:
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Any:
        return iter((self.cls, self.args, self.kwargs))


@get("/")
def index() -> str:
    return "ok"


@pytest.mark.parametrize(
    ("middleware", "stamp"),
    [
        (OldStarletteMiddleware(Stamp, label="old"), "old"),
        (NewStarletteMiddleware(Stamp, 1, label="new"), "1|new"),
        ((Stamp, {"label": "pair"}), "pair"),
        ((Stamp, (2, 3), {"label": "triple"}), "2|3|triple"),
    ],
    ids=["starlette-options", "starlette-args-kwargs", "pair", "triple"],
)
def test_starlette_style_middleware_definitions_are_built_with_app_by_keyword(
    middleware: Any, stamp: str
) -> None:
    with create_test_client([index], middleware=[middleware]) as client:
        assert client.get("/").headers["x-stamp"] == stamp


def test_an_iterable_of_another_length_is_refused_at_start_up() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="neither a callable"):
        create_test_client([index], middleware=[(Stamp,)])


class Marker(AbstractMiddleware):
    exclude = r"^/123"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders(message).add("x-marked", "yes")
            await send(message)

        await self.app(scope, receive, marked)


@get("/123")
def excluded() -> str:
    return "ok"


@asgi("/mount", is_mount=True)
async def mounted(scope: Scope, receive: Receive, send: Send) -> None:
    await Response(scope["path"], media_type=MediaType.TEXT)(scope, receive, send)


def test_exclude_patterns_see_the_whole_path_of_a_mounted_app() -> None:
    # The mounted app sees "/123", below its mount point; the pattern is matched against the path
    # the client asked for, "/mount/123", which it does not exclude.
    with create_test_client([excluded, mounted], middleware=[Marker]) as client:
        assert "x-marked" not in client.get("/123").headers
        response = client.get("/mount/123")
        assert response.text == "/123"
        assert response.headers["x-marked"] == "yes"


def test_build_exclude_path_pattern() -> None:
    assert build_exclude_path_pattern(exclude=None) is None
    assert build_exclude_path_pattern(exclude=[]) is None
    pattern = build_exclude_path_pattern(exclude=["^/a", "b$"])
    assert pattern is not None
    assert pattern.search("/a/x") and pattern.search("/x/b") and not pattern.search("/x")
    with pytest.raises(ImproperlyConfiguredException, match="exclude pattern"):
        build_exclude_path_pattern(exclude="(")


class _Handler:
    def __init__(self, is_mount: bool = False, **opt: Any) -> None:
        self.is_mount = is_mount
        self.opt = opt


def test_should_bypass_middleware() -> None:
    http = {"type": "http", "path": "/x", "route_handler": _Handler()}
    assert not should_bypass_middleware(scope=http, scopes={"http"})  # type: ignore[arg-type]
    assert should_bypass_middleware(scope=http, scopes={"websocket"})  # type: ignore[arg-type]
    opted_out = {**http, "route_handler": _Handler(skip=True)}
    assert should_bypass_middleware(scope=opted_out, scopes={"http"}, exclude_opt_key="skip")  # type: ignore[arg-type]
    pattern = build_exclude_path_pattern(exclude="^/x")
    assert should_bypass_middleware(scope=http, scopes={"http"}, exclude_path_pattern=pattern)  # type: ignore[arg-type]
    mount = {"type": "http", "path": "/x", "raw_path": b"/m/x", "route_handler": _Handler(is_mount=True)}
    assert not should_bypass_middleware(scope=mount, scopes={"http"}, exclude_path_pattern=pattern)  # type: ignore[arg-type]
