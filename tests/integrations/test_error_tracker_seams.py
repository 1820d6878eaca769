"""The seams integrations written for Starlite 1.5x patch, used the way an error tracker uses them.

The tracker here does what sentry-sdk's Starlite integration does: it wraps ``Starlite.__init__`` to
add an ``after_exception`` hook and an outermost middleware, wraps
``BaseRouteHandler.resolve_middleware`` to time every middleware (patching
``DefineMiddleware.middleware.__call__``), and wraps ``HTTPRoute.handle`` to read each request with
``ConnectionDataExtractor`` before the handler runs. An authentication plugin adds its middleware
and a handler through ``on_app_init``. Every request must pass the patched seams, and the handlers
must still get their data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from starlite import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    Body,
    Controller,
    DefineMiddleware,
    Request,
    RequestEncodingType,
    Router,
    Starlite,
    State,
    get,
    post,
)
from starlite.config.app import AppConfig
from starlite.connection import ASGIConnection
from starlite.handlers.base import BaseRouteHandler
from starlite.plugins.base import get_plugin_for_value
from starlite.routes.http import HTTPRoute
from starlite.testing import TestClient
from starlite.types import ASGIApp, Message, Receive, Scope, Send
from starlite.utils import ConnectionDataExtractor, Ref, ResponseDataExtractor, is_async_callable


@dataclass
class Tracker:
    """What the fake error tracker recorded."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[tuple[Exception, str | None, Any]] = field(default_factory=list)
    middleware_calls: list[str] = field(default_factory=list)
    outer_calls: int = 0
    responses: list[dict[str, Any]] = field(default_factory=list)


class TrackerMiddleware:
    """The tracker's outermost middleware: counts the connections it sees."""

    tracker: Tracker

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        type(self).tracker.outer_calls += 1
        await self.app(scope, receive, send)


def _transaction_name(route_handler: Any) -> str:
    if route_handler.name is not None:
        return str(route_handler.name)
    function = route_handler.fn.value if isinstance(route_handler.fn, Ref) else route_handler.fn
    return str(function.__qualname__)


def _user_of(scope: Scope) -> Any:
    user = scope.get("user")
    if not user or isinstance(user, dict):
        return user
    plugin = get_plugin_for_value(user)  # called with the value alone, as the tracker does
    if plugin is not None and not is_async_callable(plugin.to_dict):
        return plugin.to_dict(user)
    return None


@pytest.fixture()
def tracker(monkeypatch: pytest.MonkeyPatch) -> Tracker:
    recorded = Tracker()
    TrackerMiddleware.tracker = recorded

    def after_exception(exc: Exception, scope: Scope, state: State) -> None:
        recorded.exceptions.append((exc, _transaction_name(scope["route_handler"]), _user_of(scope)))

    original_init = Starlite.__init__

    def init(self: Starlite, *args: Any, **kwargs: Any) -> None:
        hooks = kwargs.pop("after_exception", [])
        kwargs["after_exception"] = [after_exception, *(hooks if isinstance(hooks, list) else [hooks])]
        kwargs["middleware"] = [TrackerMiddleware, *(kwargs.pop("middleware", None) or [])]
        original_init(self, *args, **kwargs)

    original_resolve = BaseRouteHandler.resolve_middleware

    def time_middleware(middleware: Any) -> Any:
        target = middleware.middleware if isinstance(middleware, DefineMiddleware) else middleware
        if target is TrackerMiddleware or not isinstance(target, type):
            return middleware
        original_call = target.__call__
        if getattr(original_call, "timed", False):
            return middleware

        async def timed_call(self: Any, scope: Scope, receive: Receive, send: Send) -> None:
            recorded.middleware_calls.append(type(self).__name__)
            await original_call(self, scope, receive, send)

        timed_call.timed = True  # type: ignore[attr-defined]
        monkeypatch.setattr(target, "__call__", timed_call)
        return middleware

    def resolve_middleware(self: BaseRouteHandler[Any]) -> list[Any]:
        return [time_middleware(middleware) for middleware in original_resolve(self)]

    original_handle = HTTPRoute.handle

    async def handle(self: HTTPRoute, scope: Scope, receive: Receive, send: Send) -> None:
        request = scope["app"].request_class(scope=scope, receive=receive, send=send)
        extracted = ConnectionDataExtractor(parse_body=True, parse_query=True)(request)
        body = await extracted.pop("body")
        recorded.requests.append(
            {"transaction": _transaction_name(scope["route_handler"]), "body": body, **extracted}
        )
        await original_handle(self, scope, receive, send)

    monkeypatch.setattr(Starlite, "__init__", init)
    monkeypatch.setattr(BaseRouteHandler, "resolve_middleware", resolve_middleware)
    monkeypatch.setattr(HTTPRoute, "handle", handle)
    return recorded


class Account:
    """A user object that only a plugin knows how to describe."""

    def __init__(self, name: str) -> None:
        self.name = name


class HeaderAuth(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        return AuthenticationResult(user=Account(connection.headers.get("x-user", "anonymous")), auth=None)


def auth_plugin(app_config: AppConfig) -> AppConfig:
    """An authentication plugin: its middleware, and a handler of its own."""

    @get("/whoami", name="whoami")
    def whoami(request: Request[Account, Any]) -> str:
        return request.user.name

    app_config.middleware.append(DefineMiddleware(HeaderAuth, exclude="^/public"))
    app_config.route_handlers.append(whoami)
    return app_config


class Greetings(Controller):
    path = "/greetings"

    @get("/{name:str}")
    def greet(self, name: str) -> str:
        return f"hello {name}"


@post("/items", name="create-item")
def create_item(data: dict[str, int]) -> dict[str, int]:
    return {"total": sum(data.values())}


@post("/upload")
def upload(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> dict[str, str]:
    return data


@get("/public/fail")
def fail() -> None:
    raise RuntimeError("broken")


@get("/fail")
def fail_signed_in() -> None:
    raise ValueError("broken too")


def build_app() -> Starlite:
    return Starlite(
        route_handlers=[create_item, upload, fail, fail_signed_in, Router("/v1", route_handlers=[Greetings])],
        on_app_init=[auth_plugin],
    )


def test_every_request_passes_the_patched_route_entry(tracker: Tracker) -> None:
    with TestClient(build_app()) as client:
        assert client.post("/items?debug=1", json={"a": 1, "b": 2}).json() == {"total": 3}
        assert client.post("/upload", data={"k": "v"}).json() == {"k": "v"}
        assert client.get("/v1/greetings/ada").text == "hello ada"
        assert client.get("/whoami", headers={"x-user": "grace"}).text == "grace"
        assert client.get("/nowhere").status_code == 404  # no route: the route entry is not reached

    seen = [(entry["transaction"], entry["path"], entry["body"]) for entry in tracker.requests]
    assert seen == [
        ("create-item", "/items", {"a": 1, "b": 2}),
        ("upload", "/upload", {"k": "v"}),
        ("Greetings.greet", "/v1/greetings/ada", None),
        ("whoami", "/whoami", None),
    ]
    assert tracker.requests[0]["query"] == {"debug": ["1"]}
    assert tracker.requests[2]["path_params"] == {"name": "ada"}
    # The outermost middleware saw every connection that reached a route; the plugin's middleware,
    # patched through resolve_middleware, ran on each of those too.
    assert tracker.outer_calls == 4
    assert tracker.middleware_calls == ["HeaderAuth"] * 4


def test_after_exception_reports_each_error_once_with_its_handler(tracker: Tracker) -> None:
    with TestClient(build_app(), raise_server_exceptions=False) as client:
        assert client.get("/public/fail").status_code == 500
        assert client.get("/fail", headers={"x-user": "ada"}).status_code == 500

    assert [(type(exc), name) for exc, name, _ in tracker.exceptions] == [
        (RuntimeError, "fail"),
        (ValueError, "fail_signed_in"),
    ]
    # Without plugins the tracker cannot describe a user object; asking does not fail.
    assert [user for _, _, user in tracker.exceptions] == [None, None]


def test_a_before_send_hook_extracts_every_response() -> None:
    extract = ResponseDataExtractor(obfuscate_cookies={"session"})
    responses: list[dict[str, Any]] = []
    start: dict[str, Message] = {}

    def before_send(message: Message, state: State, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            start[id(scope)] = message
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            responses.append(dict(extract((start.pop(id(scope)), message))))

    @get("/")
    def index() -> dict[str, str]:
        return {"ok": "yes"}

    with TestClient(Starlite([index], before_send=[before_send])) as client:
        client.get("/")
        client.get("/missing")

    assert [(r["status_code"], r["body"]) for r in responses] == [
        (200, b'{"ok":"yes"}'),
        (404, b'{"status_code":404,"detail":"Not Found"}'),
    ]
