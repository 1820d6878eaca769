"""``Response`` objects returned from handlers, and the response pipeline around them."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import (
    BackgroundTask,
    BackgroundTasks,
    Cookie,
    ImproperlyConfiguredException,
    MediaType,
    Request,
    ResponseHeader,
    get,
    head,
    post,
)
from starlite.datastructures import CacheControlHeader, ETag
from starlite.response import Response
from starlite.testing import create_test_client


def test_response_with_status_media_type_and_headers() -> None:
    @get("/")
    def handler() -> Response[str]:
        return Response(
            "I'm a teapot", status_code=418, media_type=MediaType.TEXT, headers={"X-Tea": "earl grey"}
        )

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 418
    assert response.text == "I'm a teapot"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-tea"] == "earl grey"


def test_response_default_media_type_is_json() -> None:
    @get("/")
    def handler() -> Response[str]:
        return Response("hello")

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"] == "application/json"
    assert response.content == b'"hello"'


def test_response_status_overrides_handler_status() -> None:
    @post("/")
    def handler() -> Response[dict[str, int]]:
        return Response({"ok": 1}, status_code=202)

    with create_test_client([handler]) as client:
        response = client.post("/")
    assert response.status_code == 202
    assert response.json() == {"ok": 1}


def test_response_content_length_matches_body() -> None:
    @get("/")
    def handler() -> Response[dict[str, str]]:
        return Response({"name": "ünïcode"})

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert int(response.headers["content-length"]) == len(response.content)


def test_response_custom_encoding_for_text() -> None:
    @get("/")
    def handler() -> Response[str]:
        return Response("é", media_type=MediaType.TEXT, encoding="latin-1")

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"] == "text/plain; charset=latin-1"
    assert response.content == "é".encode("latin-1")


def test_response_cookies_argument() -> None:
    @get("/")
    def handler() -> Response[str]:
        return Response("x", cookies=[Cookie(key="a", value="1"), Cookie(key="b", value="2", httponly=True)])

    with create_test_client([handler]) as client:
        response = client.get("/")
    set_cookies = response.headers.get_list("set-cookie")
    assert "a=1; Path=/; SameSite=lax" in set_cookies
    assert "b=2; HttpOnly; Path=/; SameSite=lax" in set_cookies
    assert response.cookies["a"] == "1"


def test_set_cookie_set_header_and_delete_cookie() -> None:
    @get("/")
    def handler() -> Response[str]:
        response: Response[str] = Response("x", media_type=MediaType.TEXT)
        response.set_header("X-Custom", "value")
        response.set_cookie("session", "abc", max_age=60, secure=True, httponly=True, samesite="strict")
        response.set_cookie("stale", "old")
        response.delete_cookie("stale")
        return response

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["x-custom"] == "value"
    set_cookies = response.headers.get_list("set-cookie")
    assert len(set_cookies) == 2
    session = next(c for c in set_cookies if c.startswith("session="))
    assert "Max-Age=60" in session
    assert "Secure" in session
    assert "HttpOnly" in session
    assert "SameSite=strict" in session
    stale = next(c for c in set_cookies if c.startswith("stale="))
    assert "old" not in stale
    assert "Max-Age=0" in stale


def test_delete_cookie_removes_it_from_the_client() -> None:
    @get("/set")
    def set_it() -> Response[str]:
        response: Response[str] = Response("x", media_type=MediaType.TEXT)
        response.set_cookie("token", "secret")
        return response

    @get("/delete")
    def delete_it() -> Response[str]:
        response: Response[str] = Response("x", media_type=MediaType.TEXT)
        response.delete_cookie("token")
        return response

    @get("/read")
    def read(request: Request) -> dict[str, str]:
        return request.cookies

    with create_test_client([set_it, delete_it, read]) as client:
        client.get("/set")
        assert client.get("/read").json() == {"token": "secret"}
        client.get("/delete")
        assert client.get("/read").json() == {}


def test_response_background_task_runs_after_response() -> None:
    calls: list[str] = []

    @get("/")
    def handler() -> Response[str]:
        return Response("done", media_type=MediaType.TEXT, background=BackgroundTask(calls.append, "ran"))

    with create_test_client([handler]) as client:
        response = client.get("/")
        assert response.text == "done"
        assert calls == ["ran"]


def test_response_204_with_content_is_an_error() -> None:
    with pytest.raises(ImproperlyConfiguredException):
        Response("body", status_code=204).body  # noqa: B018


def test_response_204_without_content_has_empty_body() -> None:
    @get("/")
    def handler() -> Response[None]:
        return Response(None, status_code=204)

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 204
    assert response.content == b""


def test_response_304_has_empty_body() -> None:
    @get("/")
    def handler() -> Response[None]:
        return Response(None, status_code=304)

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 304
    assert response.content == b""


def test_render_rules() -> None:
    assert Response(None).body == b"null"
    assert Response(b"raw").body == b"raw"
    assert Response("", media_type=MediaType.TEXT).body == b""
    assert Response({"a": 1}).body == b'{"a":1}'
    assert Response("hello").body == b'"hello"'
    with pytest.raises(ImproperlyConfiguredException):
        Response(object()).body  # noqa: B018


def test_set_etag() -> None:
    response: Response[str] = Response("x")
    response.set_etag(ETag(value="abc", weak=True))
    assert response.headers["etag"] == 'W/"abc"'
    response.set_etag('"plain"')
    assert response.headers["etag"] == '"plain"'


def test_response_headers_on_handler_dict_form() -> None:
    @get("/", response_headers={"X-Version": ResponseHeader(value="1.0")})
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        assert client.get("/").headers["x-version"] == "1.0"


def test_response_headers_on_handler_list_form() -> None:
    @get("/", response_headers=[ResponseHeader(name="X-Version", value="2.0")])
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        assert client.get("/").headers["x-version"] == "2.0"


def test_documentation_only_response_header_is_not_sent() -> None:
    @get("/", response_headers=[ResponseHeader(name="X-Doc", documentation_only=True, description="doc")])
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        assert "x-doc" not in client.get("/").headers


def test_handler_response_header_overrides_app_header() -> None:
    @get("/", response_headers={"X-Layer": ResponseHeader(value="handler")})
    def handler() -> str:
        return "x"

    with create_test_client([handler], response_headers={"X-Layer": ResponseHeader(value="app")}) as client:
        assert client.get("/").headers.get_list("x-layer") == ["handler"]


def test_layered_headers_do_not_override_response_object_headers() -> None:
    @get("/", response_headers={"X-Layer": ResponseHeader(value="handler")})
    def handler() -> Response[str]:
        return Response("x", headers={"X-Layer": "response"})

    with create_test_client([handler]) as client:
        assert client.get("/").headers.get_list("x-layer") == ["response"]


def test_response_cookies_on_handler() -> None:
    @get("/", response_cookies=[Cookie(key="flavour", value="oat", domain="testserver.local", max_age=5)])
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        header = client.get("/").headers["set-cookie"]
    assert header == "flavour=oat; Domain=testserver.local; Max-Age=5; Path=/; SameSite=lax"


def test_documentation_only_cookie_is_not_sent() -> None:
    @get("/", response_cookies=[Cookie(key="doc", documentation_only=True)])
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        assert "set-cookie" not in client.get("/").headers


def test_cache_control_and_etag_on_handler() -> None:
    @get("/", cache_control=CacheControlHeader(max_age=10, public=True), etag=ETag(value="v1"))
    def handler() -> str:
        return "x"

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["cache-control"] == "max-age=10, public"
    assert response.headers["etag"] == '"v1"'


def test_handler_background_task() -> None:
    calls: list[int] = []

    @get("/", background=BackgroundTask(calls.append, 1))
    def handler() -> dict[str, int]:
        return {"calls_during_handler": len(calls)}

    with create_test_client([handler]) as client:
        assert client.get("/").json() == {"calls_during_handler": 0}
        assert calls == [1]
        client.get("/")
        assert calls == [1, 1]


def test_background_tasks_run_sequentially_in_order() -> None:
    calls: list[str] = []

    async def async_append(value: str) -> None:
        calls.append(value)

    tasks = BackgroundTasks(
        [
            BackgroundTask(calls.append, "first"),
            BackgroundTask(async_append, "second"),
            BackgroundTask(calls.append, "third"),
        ]
    )

    @get("/", background=tasks)
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        client.get("/")
    assert calls == ["first", "second", "third"]


def test_background_tasks_in_task_group_run_them_all() -> None:
    calls: list[str] = []

    async def async_append(value: str, *, suffix: str = "") -> None:
        calls.append(value + suffix)

    tasks = BackgroundTasks(
        [
            BackgroundTask(async_append, "a", suffix="!"),
            BackgroundTask(calls.append, "b"),
            BackgroundTask(async_append, "c"),
        ],
        run_in_task_group=True,
    )

    @get("/", background=tasks)
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        client.get("/")
    assert sorted(calls) == ["a!", "b", "c"]


def test_head_handler_sends_headers_without_body() -> None:
    @head("/", response_headers={"X-Meta": ResponseHeader(value="yes")})
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["x-meta"] == "yes"


def test_user_headers_are_case_insensitive_and_not_duplicated() -> None:
    @get("/")
    def handler() -> Response[bytes]:
        return Response(b"a,b", headers={"Content-Type": "text/csv", "Content-Length": "3"})

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers.get_list("content-type") == ["text/csv"]
    assert response.headers.get_list("content-length") == ["3"]
    assert response.content == b"a,b"


@pytest.mark.anyio
async def test_is_head_response_sends_headers_but_no_body() -> None:
    messages: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        messages.append(message)

    async def receive() -> Any:  # pragma: no cover - never called for a plain response
        raise AssertionError("unexpected receive")

    response = Response({"a": 1}, is_head_response=True)
    await response({"type": "http"}, receive, send)
    start, body = messages
    assert start["status"] == 200
    assert (b"content-type", b"application/json") in start["headers"]
    assert body == {"type": "http.response.body", "body": b""}


@pytest.mark.parametrize("media_type", [MediaType.TEXT, MediaType.HTML])
def test_an_empty_body_is_sent_without_content_length(media_type: MediaType) -> None:
    # As 1.5x: Content-Length only for a body that is not empty, whether the handler returns data
    # (the precomputed path) or a Response; JSON's ``null`` is not empty.
    @get("/data", media_type=media_type)
    def data() -> None:
        return None

    @get("/response")
    def response() -> Response[str]:
        return Response("", media_type=media_type)

    @get("/json")
    def json_null() -> None:
        return None

    with create_test_client([data, response, json_null]) as client:
        for path in ("/data", "/response"):
            sent = client.get(path)
            assert sent.content == b""
            assert "content-length" not in sent.headers
        sent = client.get("/json")
        assert sent.content == b"null"
        assert sent.headers["content-length"] == "4"


def test_set_cookie_takes_a_cookie() -> None:
    @get("/")
    def handler() -> Response[None]:
        response = Response(None)
        response.set_cookie(Cookie(key="session", value="abc", httponly=True), value="ignored")
        return response

    with create_test_client([handler]) as client:
        sent = client.get("/")
    assert sent.cookies["session"] == "abc"
    assert "HttpOnly" in sent.headers["set-cookie"]


def test_get_serializer_as_in_1_5() -> None:
    from starlite.utils.serialization import default_serializer

    class Money:
        cents = 5

    class MoneyResponse(Response[Any]):
        type_encoders = {Money: lambda money: money.cents}

    assert Response.get_serializer() is default_serializer
    assert Response.get_serializer({Money: lambda money: "given"})(Money()) == "given"
    assert MoneyResponse.get_serializer()(Money()) == 5
    assert MoneyResponse.get_serializer({Money: lambda money: "given"})(Money()) == "given"


def test_an_overridden_serializer_encodes_the_responses_of_its_class() -> None:
    # 1.5x's (deprecated) way to customise serialization: override the ``serializer`` classmethod.
    class Point:
        def __init__(self, x: int, y: int) -> None:
            self.x, self.y = x, y

    class PointResponse(Response[Any]):
        @classmethod
        def serializer(cls, value: Any) -> Any:
            if isinstance(value, Point):
                return [value.x, value.y]
            raise TypeError(f"cannot encode {value!r}")

    class SubPointResponse(PointResponse):
        pass

    assert SubPointResponse.get_serializer() == SubPointResponse.serializer

    @get("/json", response_class=PointResponse)
    def as_json() -> dict[str, Point]:
        return {"at": Point(1, 2)}

    @get("/msgpack", response_class=SubPointResponse, media_type=MediaType.MESSAGEPACK)
    def as_msgpack() -> Point:
        return Point(3, 4)

    @get("/unsupported", response_class=PointResponse)
    def unsupported() -> Any:
        return {"x": object()}

    with create_test_client([as_json, as_msgpack, unsupported], raise_server_exceptions=False) as client:
        assert client.get("/json").json() == {"at": [1, 2]}
        assert client.get("/msgpack").content == b"\x92\x03\x04"
        assert client.get("/unsupported").status_code == 500
