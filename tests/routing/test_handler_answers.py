"""What handlers answer, for every kind of return value, error, hook and dependency, with and without
route middleware.

Each case is sent to two apps built from the same handlers: one without route middleware, and one with
a middleware that tags every response it sees. The answers must be the same but for the tag, and so
must what the app's hooks and the dependencies see: handler errors are answered inside the middleware,
and what the router answers (not found, method not allowed, ``OPTIONS``) never reaches it.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel

from starlite import (
    BackgroundTask,
    Cookie,
    MediaType,
    Provide,
    Redirect,
    Request,
    Response,
    Router,
    Starlite,
    get,
    head,
    post,
)
from starlite.datastructures import CacheControlHeader, UploadFile
from starlite.enums import RequestEncodingType
from starlite.exceptions import NotAuthorizedException
from starlite.params import Body
from starlite.testing import TestClient
from tests.asgi_calls import http_scope


class Item(BaseModel):
    name: str
    price: float


@dataclass
class Point:
    x: int
    y: int


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class Boom(Exception):
    pass


@get("/text", media_type=MediaType.TEXT)
async def text() -> str:
    return "Hello, World!"


@get("/empty-text", media_type=MediaType.TEXT)
async def empty_text() -> str:
    return ""


@get("/json")
async def json_dict() -> dict[str, Any]:
    return {"message": "Hello", "n": [1, 2, 3]}


@get("/none")
async def nothing() -> None:
    return None


@get("/bytes", media_type="application/octet-stream")
async def raw() -> bytes:
    return b"\x00\x01raw"


@get("/html", media_type=MediaType.HTML)
def sync_html() -> str:
    return "<p>sync, on the loop</p>"


@get("/threaded", sync_to_thread=True)
def threaded() -> dict[str, str]:
    return {"ran": "in a thread"}


@get("/msgpack", media_type=MediaType.MESSAGEPACK)
async def msgpack() -> dict[str, int]:
    return {"a": 1}


@get("/items/{item_id:int}", status_code=202, response_headers={"X-Handler": "yes"})
async def item(item_id: int, q: str, request: Request[Any, Any]) -> dict[str, Any]:
    return {"id": item_id, "q": q, "path": request.url.path}


@post("/items")
async def create(data: Item) -> Item:
    return data


@post("/points")
async def create_point(data: Point) -> Point:
    return data


@get("/money", type_encoders={Money: lambda m: f"{m.cents / 100:.2f}"})
async def money() -> dict[str, Money]:
    return {"total": Money(1234)}


@get("/cached", cache_control=CacheControlHeader(max_age=60))
async def cached() -> str:
    return "cached"


@get("/response")
async def returns_response() -> Response[dict[str, str]]:
    response = Response({"custom": "response"}, status_code=203, headers={"X-Own": "1"})
    response.set_cookie("flavour", "oat")
    return response


@get("/redirect", status_code=302)
async def redirect() -> Redirect:
    return Redirect(path="/text")


@get("/http-error")
async def http_error() -> None:
    raise NotAuthorizedException("who are you?")


@get("/crash")
async def crash() -> None:
    raise Boom("the handler broke")


@get("/unserializable")
async def unserializable() -> dict[str, object]:
    return {"thing": object()}


@head("/head")
async def head_handler() -> None:
    return None


@post("/upload")
async def upload(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> dict[str, Any]:
    return {"name": data.filename, "size": len(await data.read())}


@post("/small", request_max_body_size=8)
async def small(body: bytes) -> str:
    return body.decode()


def boom_handler(request: Request[Any, Any], exc: Exception) -> Response[dict[str, str]]:
    return Response({"handled": str(exc)}, status_code=418)


def broken_handler(request: Request[Any, Any], exc: Exception) -> Response[Any]:
    raise RuntimeError("the exception handler broke too")


@get("/handled", exception_handlers={Boom: boom_handler})
async def handled() -> None:
    raise Boom("route-level handler")


@get("/broken-handler", exception_handlers={Boom: broken_handler})
async def broken() -> None:
    raise Boom("first")


EVENTS: list[str] = []
"""What the dependencies below did, in order; compared between the two apps."""


def provide_plain() -> int:
    return 7


def provide_resource() -> Generator[str, None, None]:
    EVENTS.append("opened")
    try:
        yield "resource"
    except Boom:
        EVENTS.append("rolled back")
        raise
    finally:
        EVENTS.append("released")
    EVENTS.append("committed")


def provide_failing_commit() -> Generator[str, None, None]:
    yield "resource"
    raise RuntimeError("the commit failed")


async def provide_refusal() -> str:
    raise NotAuthorizedException("no resource for you")


@get("/deps", dependencies={"plain": Provide(provide_plain), "resource": Provide(provide_resource)})
async def with_dependencies(plain: int, resource: str) -> dict[str, Any]:
    return {"plain": plain, "resource": resource}


@get("/deps-crash", dependencies={"resource": Provide(provide_resource)})
async def crash_with_dependency(resource: str) -> None:
    raise Boom("after the resource opened")


@get("/deps-commit", dependencies={"resource": Provide(provide_failing_commit)})
async def failing_commit(resource: str) -> str:
    return resource


@get("/deps-refused", dependencies={"resource": Provide(provide_refusal), "plain": Provide(provide_plain)})
async def refused(resource: str, plain: int) -> str:
    return resource


def allow_only_with_key(connection: Any, handler: Any) -> None:
    EVENTS.append(f"guard saw {handler.name}")
    if connection.headers.get("x-key") != "open sesame":
        raise NotAuthorizedException("no key")


@get("/guarded", name="guarded", guards=[allow_only_with_key])
async def guarded() -> str:
    return "let in"


async def record_after_response(request: Request[Any, Any]) -> None:
    EVENTS.append(f"after response to {request.url.path}")


async def failing_after_response(request: Request[Any, Any]) -> None:
    raise Boom("the after-response hook broke")


@get("/after", after_response=record_after_response)
async def after() -> str:
    return "answered"


@get("/after-fails", after_response=failing_after_response)
async def after_fails() -> str:
    return "answered"


@get("/after-crash", after_response=record_after_response)
async def after_crash() -> str:
    raise Boom("no response, no after-response")


@get("/background", background=BackgroundTask(EVENTS.append, "background ran"))
async def with_background() -> dict[str, str]:
    return {"answer": "now"}


@get(
    "/cookies",
    response_cookies=[
        Cookie(key="layered", value="yes"),
        Cookie(key="doc", value="x", documentation_only=True),
    ],
)
async def with_cookies() -> str:
    return "cookies"


HANDLERS = [
    guarded,
    after,
    after_fails,
    after_crash,
    with_background,
    with_cookies,
    with_dependencies,
    crash_with_dependency,
    failing_commit,
    refused,
    text,
    empty_text,
    json_dict,
    nothing,
    raw,
    sync_html,
    threaded,
    msgpack,
    item,
    create,
    create_point,
    money,
    cached,
    returns_response,
    redirect,
    http_error,
    crash,
    unserializable,
    head_handler,
    upload,
    small,
    handled,
    broken,
]


class TagResponses:
    """Route middleware that adds a header to every response, and sees errors go past it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def tagging_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-middleware", b"seen")]
            await send(message)

        await self.app(scope, receive, tagging_send)


def build(seen: list[str], middleware: bool = False) -> Starlite:
    """The app under test, with or without route middleware."""

    def after_exception(exc: Exception, scope: Any, state: Any) -> None:
        seen.append(f"{scope['path']}: {type(exc).__name__}")

    router = Router(
        path="/r",
        route_handlers=HANDLERS,
        response_headers={"X-Router": "r"},
        middleware=[TagResponses] if middleware else [],
    )
    return Starlite(
        route_handlers=[router],
        response_headers={"X-App": "app", "X-Router": "overridden by the router"},
        exception_handlers={RuntimeError: lambda request, exc: Response({"app": str(exc)}, status_code=409)},
        after_exception=[after_exception],
    )


CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/r/text", {}),
    ("GET", "/r/text/", {}),
    ("GET", "/r/empty-text", {}),
    ("GET", "/r/json", {}),
    ("GET", "/r/none", {}),
    ("GET", "/r/bytes", {}),
    ("GET", "/r/html", {}),
    ("GET", "/r/threaded", {}),
    ("GET", "/r/msgpack", {}),
    ("GET", "/r/items/7", {"params": {"q": "x"}}),
    ("GET", "/r/items/7", {}),  # missing query parameter: 400
    ("GET", "/r/items/seven", {"params": {"q": "x"}}),  # not an int: 404
    ("POST", "/r/items", {"json": {"name": "pen", "price": 1.5}}),
    ("POST", "/r/items", {"json": {"name": "pen"}}),  # invalid body: 400
    ("POST", "/r/items", {"content": b"{not json", "headers": {"content-type": "application/json"}}),
    ("POST", "/r/points", {"json": {"x": 1, "y": 2}}),
    ("GET", "/r/money", {}),
    ("GET", "/r/cached", {}),
    ("GET", "/r/response", {}),
    ("GET", "/r/redirect", {}),
    ("GET", "/r/http-error", {}),
    ("GET", "/r/unserializable", {}),
    ("HEAD", "/r/head", {}),
    ("POST", "/r/upload", {"files": {"data": ("a.txt", b"12345", "text/plain")}}),
    ("POST", "/r/small", {"content": b"1234"}),
    ("POST", "/r/small", {"content": b"123456789"}),  # over the route's limit: 413
    ("GET", "/r/handled", {}),
    ("GET", "/r/broken-handler", {}),
    ("DELETE", "/r/text", {}),  # 405
    ("OPTIONS", "/r/text", {}),
    ("GET", "/r/missing", {}),
    ("GET", "/r/guarded", {}),
    ("GET", "/r/guarded", {"headers": {"x-key": "open sesame"}}),
    ("GET", "/r/after", {}),
    ("GET", "/r/after-fails", {}),
    ("GET", "/r/after-crash", {}),
    ("GET", "/r/background", {}),
    ("GET", "/r/cookies", {}),
    ("GET", "/r/deps", {}),
    ("GET", "/r/deps-crash", {}),
    ("GET", "/r/deps-commit", {}),
    ("GET", "/r/deps-refused", {}),
]


def answer(app: Starlite, method: str, path: str, kwargs: dict[str, Any]) -> tuple[int, list[Any], bytes]:
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.request(method, path, **kwargs)
    headers = sorted((k, v) for k, v in response.headers.multi_items() if k != "set-cookie")
    cookies = sorted(response.headers.get_list("set-cookie"))
    return response.status_code, [*headers, *cookies], response.content


# Answered without any handler (by the router, or by the app's exception handlers once the route's own
# exception handler failed): route middleware never sees these.
NOT_THROUGH_MIDDLEWARE = {"/r/items/seven", "/r/redirect", "/r/broken-handler", "/r/missing"}


@pytest.mark.parametrize(("method", "path", "kwargs"), CASES, ids=[f"{m} {p}" for m, p, _ in CASES])
def test_route_middleware_sees_every_handler_answer_and_changes_nothing_else(
    method: str, path: str, kwargs: dict[str, Any]
) -> None:
    plain_seen: list[str] = []
    wrapped_seen: list[str] = []
    EVENTS.clear()
    plain = answer(build(plain_seen), method, path, kwargs)
    plain_events = list(EVENTS)
    EVENTS.clear()
    status, headers, body = answer(build(wrapped_seen, middleware=True), method, path, kwargs)
    tag = ("x-middleware", "seen")
    went_through = method not in ("DELETE", "OPTIONS") and path not in NOT_THROUGH_MIDDLEWARE
    assert (tag in headers) is went_through
    assert (status, [h for h in headers if h != tag], body) == plain
    assert wrapped_seen == plain_seen
    assert EVENTS == plain_events


def test_the_cases_cover_the_answers_users_see() -> None:
    # The equivalence above is only worth something if the answers are the real ones.
    app = build([])
    assert answer(app, "GET", "/r/text", {})[0::2] == (200, b"Hello, World!")
    status, headers, body = answer(app, "GET", "/r/items/7", {"params": {"q": "x"}})
    assert (status, body) == (202, b'{"id":7,"q":"x","path":"/r/items/7"}')
    assert ("x-app", "app") in headers and ("x-router", "r") in headers and ("x-handler", "yes") in headers
    assert ("content-type", "application/json") in headers
    assert answer(app, "GET", "/r/handled", {})[0::2] == (418, b'{"handled":"route-level handler"}')
    assert answer(app, "GET", "/r/broken-handler", {})[0::2] == (
        409,
        b'{"app":"the exception handler broke too"}',
    )
    assert answer(app, "POST", "/r/small", {"content": b"123456789"})[0] == 413
    assert answer(app, "GET", "/r/money", {})[2] == b'{"total":"12.34"}'
    EVENTS.clear()
    assert answer(app, "GET", "/r/guarded", {})[0] == 401
    assert answer(app, "GET", "/r/guarded", {"headers": {"x-key": "open sesame"}})[0::2] == (200, b"let in")
    assert answer(app, "GET", "/r/after", {})[0::2] == (200, b"answered")
    assert answer(app, "GET", "/r/after-crash", {})[0] == 500
    assert answer(app, "GET", "/r/background", {})[0::2] == (200, b'{"answer":"now"}')
    assert EVENTS == [
        "guard saw guarded",
        "guard saw guarded",
        "after response to /r/after",
        "background ran",
    ]
    assert (
        "layered=yes; Path=/; SameSite=lax" in answer(app, "GET", "/r/cookies", {})[1]
    )  # doc-only one left out
    EVENTS.clear()
    assert answer(app, "GET", "/r/deps", {})[0::2] == (200, b'{"plain":7,"resource":"resource"}')
    assert EVENTS == ["opened", "released", "committed"]
    EVENTS.clear()
    assert answer(app, "GET", "/r/deps-crash", {})[0] == 500
    assert EVENTS == ["opened", "rolled back", "released"]
    # The failed commit is answered by the app's RuntimeError handler, before anything was sent.
    assert answer(app, "GET", "/r/deps-commit", {})[0::2] == (409, b'{"app":"the commit failed"}')
    assert answer(app, "GET", "/r/deps-refused", {})[0] == 401
    status, headers, body = answer(app, "HEAD", "/r/head", {})
    assert (status, body) == (200, b"")


def test_server_errors_are_raised_to_the_test_client() -> None:
    with TestClient(build([])) as client, pytest.raises(Boom, match="the handler broke"):
        client.get("/r/crash")


@pytest.mark.anyio
async def test_a_failing_send_is_reported_to_the_hooks_and_raised() -> None:
    seen: list[str] = []
    app = build(seen)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body":
            raise OSError("the client went away")

    with pytest.raises(OSError, match="the client went away"):
        await app(http_scope("GET", "/r/json"), receive, send)  # type: ignore[arg-type]
    assert seen == ["/r/json: OSError"]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


def test_uploaded_files_are_closed_after_the_request() -> None:
    kept: list[UploadFile] = []

    @post("/keep")
    async def keep(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> str:
        kept.append(data)
        return "kept"

    with TestClient(Starlite(route_handlers=[keep])) as client:
        assert client.post("/keep", files={"data": ("a.txt", b"abc")}).text == "kept"
    assert kept and kept[0].file.closed


class UploadBoom(Exception):
    pass


def test_uploads_are_closed_before_the_exception_handler_answers() -> None:
    closed_when_handled: list[bool] = []

    def on_boom(request: Request[Any, Any], exc: Exception) -> Response[str]:
        form = request._connection_state.form
        closed_when_handled.append(all(upload.file.closed for _, upload in form.multi_items()))
        return Response("handled", status_code=422, media_type=MediaType.TEXT)

    @post("/fail", exception_handlers={UploadBoom: on_boom})
    async def fail(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
        raise UploadBoom()

    # With a before_send hook too: the hooks see every message, and change nothing here.
    for hooks in ([], [lambda message, state: None]):
        with TestClient(Starlite(route_handlers=[fail], before_send=hooks)) as client:
            response = client.post("/fail", files={"data": ("a.txt", b"hello")})
        assert (response.status_code, response.text) == (422, "handled")
    assert closed_when_handled == [True, True]


class RefusedStart(Exception):
    pass


class RefuseTheFirstStart:
    """Route middleware whose send refuses the first response start (a session store that is down)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        refused = False

        async def refusing_send(message: Any) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and not refused:
                refused = True
                raise RefusedStart()
            await send(message)

        await self.app(scope, receive, refusing_send)


def test_uploads_are_closed_before_a_refused_send_is_answered() -> None:
    closed_when_handled: list[bool] = []

    def on_refused(request: Request[Any, Any], exc: Exception) -> Response[str]:
        form = request._connection_state.form
        closed_when_handled.append(all(upload.file.closed for _, upload in form.multi_items()))
        return Response("handled", status_code=422, media_type=MediaType.TEXT)

    @post("/up", middleware=[RefuseTheFirstStart], exception_handlers={RefusedStart: on_refused})
    async def up(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> str:
        return "ok"

    with TestClient(Starlite(route_handlers=[up])) as client:
        response = client.post("/up", files={"data": ("a.txt", b"x")})
    assert (response.status_code, response.text) == (422, "handled")
    assert closed_when_handled == [True]


def test_a_cookie_that_expires_counts_from_each_response() -> None:
    @get("/expiring", response_cookies=[Cookie(key="e", value="1", expires=100)])
    async def expiring() -> str:
        return "ok"

    now = [1_000_000.0]
    with TestClient(Starlite(route_handlers=[expiring])) as client, pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: now[0])
        first = client.get("/expiring").headers["set-cookie"]
        now[0] += 500
        second = client.get("/expiring").headers["set-cookie"]
    assert "expires=Mon, 12 Jan 1970 13:48:20 GMT" in first
    assert "expires=Mon, 12 Jan 1970 13:56:40 GMT" in second


def test_an_illegal_layered_cookie_fails_its_route_not_the_app() -> None:
    @get("/fine")
    async def fine() -> str:
        return "fine"

    @get("/bad", response_cookies=[Cookie(key="bad key", value="1")])
    async def bad() -> str:
        return "never"

    with TestClient(Starlite(route_handlers=[fine, bad]), raise_server_exceptions=False) as client:
        assert client.get("/fine").text == "fine"
        assert client.get("/bad").status_code == 500
