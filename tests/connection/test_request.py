"""``Request``: what a handler sees of the HTTP connection."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import ImproperlyConfiguredException, Request, Starlite, get, post, route
from starlite.connection import Request as RequestFromConnection
from starlite.testing import create_test_client


def test_request_is_exported_from_connection_module() -> None:
    assert Request is RequestFromConnection


def test_method_url_and_base_url() -> None:
    @get("/items/{item_id:int}")
    def handler(request: Request, item_id: int) -> dict[str, Any]:
        return {
            "method": request.method,
            "url": str(request.url),
            "path": request.url.path,
            "query": request.url.query,
            "base_url": str(request.base_url),
            "path_params": request.path_params,
            "item_id": item_id,
        }

    with create_test_client([handler]) as client:
        body = client.get("/items/7?x=1").json()
    assert body == {
        "method": "GET",
        "url": "http://testserver.local/items/7?x=1",
        "path": "/items/7",
        "query": "x=1",
        "base_url": "http://testserver.local/",
        "path_params": {"item_id": 7},
        "item_id": 7,
    }


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_method_for_other_verbs(method: str) -> None:
    @route("/", http_method=[method], status_code=200)
    def handler(request: Request) -> str:
        return request.method

    with create_test_client([handler]) as client:
        assert client.request(method, "/").text == method


def test_headers_are_case_insensitive() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, Any]:
        return {
            "token": request.headers["X-Token"],
            "lower": request.headers.get("x-token"),
            "all": request.headers.getall("x-multi"),
        }

    with create_test_client([handler]) as client:
        body = client.get("/", headers=[("X-Token", "abc"), ("X-Multi", "1"), ("X-Multi", "2")]).json()
    assert body == {"token": "abc", "lower": "abc", "all": ["1", "2"]}


def test_cookies() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, str]:
        return request.cookies

    with create_test_client([handler]) as client:
        response = client.get("/", headers={"Cookie": 'a=1; b="quoted"; malformed; c=x=y'})
    assert response.json() == {"a": "1", "b": "quoted", "c": "x=y"}


def test_no_cookies_is_empty_dict() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, str]:
        return request.cookies

    with create_test_client([handler]) as client:
        assert client.get("/").json() == {}


def test_query_params_with_repeated_keys() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, Any]:
        params = request.query_params
        return {
            "first": params["tag"],
            "all": params.getall("tag"),
            "empty": params["e"],
            "dict": params.dict(),
        }

    with create_test_client([handler]) as client:
        body = client.get("/?tag=a&tag=b&e=&q=%C3%A9").json()
    assert body["first"] == "a"
    assert body["all"] == ["a", "b"]
    assert body["empty"] == ""
    assert body["dict"] == {"tag": ["a", "b"], "e": [""], "q": ["é"]}


def test_client_address() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, Any]:
        client = request.client
        assert client is not None
        return {"host": client.host, "port": client.port}

    with create_test_client([handler]) as client:
        body = client.get("/").json()
    assert isinstance(body["host"], str) and body["host"]
    assert isinstance(body["port"], int)


def test_app_scope_and_route_handler() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, Any]:
        return {
            "is_app": isinstance(request.app, Starlite),
            "scope_type": request.scope["type"],
            "scope_path": request.scope["path"],
            "handler": request.route_handler is handler,
        }

    with create_test_client([handler]) as client:
        assert client.get("/").json() == {
            "is_app": True,
            "scope_type": "http",
            "scope_path": "/",
            "handler": True,
        }


def test_content_type() -> None:
    @post("/")
    def handler(request: Request) -> list[Any]:
        media_type, options = request.content_type
        return [media_type, options]

    with create_test_client([handler]) as client:
        assert client.post("/", headers={"Content-Type": 'Text/Plain; Charset="utf-8"'}).json() == [
            "text/plain",
            {"charset": "utf-8"},
        ]
        assert client.post("/").json() == ["", {}]


def test_session_user_and_auth_need_middleware() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, str]:
        messages = {}
        for name in ("session", "user", "auth"):
            try:
                getattr(request, name)
            except ImproperlyConfiguredException as exc:
                messages[name] = exc.detail
        return messages

    with create_test_client([handler]) as client:
        body = client.get("/").json()
    assert set(body) == {"session", "user", "auth"}
    assert "SessionMiddleware" in body["session"]
    assert "AuthMiddleware" in body["user"]


def test_url_for() -> None:
    @get("/users/{user_id:int}", name="user-detail")
    def detail(user_id: int) -> None:
        return None

    @get("/")
    def handler(request: Request) -> str:
        return request.url_for("user-detail", user_id=5)

    with create_test_client([detail, handler]) as client:
        assert client.get("/").text == "http://testserver.local/users/5"


@pytest.mark.anyio
async def test_request_built_from_a_bare_scope() -> None:
    received = [
        {"type": "http.request", "body": b"he", "more_body": True},
        {"type": "http.request", "body": b"llo", "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return received.pop(0)

    scope = {
        "type": "http",
        "method": "PUT",
        "scheme": "https",
        "server": ("api.local", 443),
        "path": "/x",
        "root_path": "",
        "query_string": b"a=1",
        "headers": [(b"content-type", b"text/plain")],
    }
    request: Request[Any, Any] = Request(scope, receive)  # type: ignore[arg-type]
    assert request.method == "PUT"
    assert str(request.url) == "https://api.local/x?a=1"
    assert request.query_params["a"] == "1"
    assert request.client is None
    assert await request.body() == b"hello"
    # Cached: a second call, or a second Request over the same scope, does not read again.
    assert await request.body() == b"hello"
    assert await Request(scope).body() == b"hello"  # type: ignore[arg-type]


def test_connections_take_the_user_and_auth_types_as_in_1_5() -> None:
    # ``Request[User, Auth]`` and ``WebSocket[User, Auth]``: what 1.5x code and integrations annotate.
    from starlite import WebSocket

    @get("/who")
    def who(request: Request[str, dict[str, Any]]) -> str:
        return type(request).__name__

    assert Request[str, dict[str, Any]].__origin__ is Request  # type: ignore[attr-defined]
    assert WebSocket[str, None].__origin__ is WebSocket  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Request[str, str, str]  # type: ignore[misc]
    with create_test_client(who) as client:
        assert client.get("/who").text == "Request"


def test_empty_send_and_receive_are_exported_from_the_connection_package() -> None:
    from starlite.connection import empty_receive, empty_send
    from starlite.connection.base import empty_receive as base_receive
    from starlite.connection.base import empty_send as base_send

    assert (empty_receive, empty_send) == (base_receive, base_send)


@pytest.mark.anyio
async def test_reading_the_body_of_a_scope_without_headers() -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"data", "more_body": False}

    request: Request[Any, Any] = Request({"type": "http", "method": "POST", "path": "/"}, receive)  # type: ignore[arg-type]
    assert await request.body() == b"data"


@pytest.mark.anyio
@pytest.mark.parametrize("decode", ["json", "msgpack"])
async def test_a_malformed_body_is_a_400_and_a_serialization_exception(decode: str) -> None:
    from starlite.exceptions import SerializationException, ValidationException

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"\xc1not valid", "more_body": False}

    request: Request[Any, Any] = Request({"type": "http", "method": "POST", "headers": []}, receive)  # type: ignore[arg-type]
    with pytest.raises(SerializationException) as exc_info:
        await getattr(request, decode)()
    assert isinstance(exc_info.value, ValidationException)
    assert exc_info.value.status_code == 400
