"""Hostile or odd request paths and methods never produce a 500 or hang: they get 404/405 with JSON."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import Router, get, post
from starlite.handlers import asgi
from starlite.testing import create_test_client
from starlite.types import Receive, Scope, Send
from tests.asgi_calls import call_asgi, http_scope


def _app_handlers() -> list[Any]:
    @get("/items/{item_id:int}")
    def item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @get("/names/{name:str}")
    def name(name: str) -> dict[str, str]:
        return {"name": name}

    @get("/files/{rest:path}")
    def files(rest: str) -> dict[str, str]:
        return {"rest": rest}

    @post("/x")
    def x() -> None: ...

    return [item, name, files, x, Router("/r", route_handlers=[])]


def _assert_json_error(response: Any, status_code: int) -> None:
    assert response.status_code == status_code
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status_code"] == status_code


@pytest.mark.parametrize(
    "path",
    [
        "/items/%FF",
        "/items/%C0%AF",
        "/items/%",
        "/items/%zz",
        "/items/%00",
        "/items/1%2F2",
        "/items/" + "9" * 5000,
        "/items/1e3",
        "/items/+",
        "/items/ 1",
        "/%FF%FE",
        "/" + "a/" * 2000,
        "/" + "x" * 60000,
        "/..",
        "/items/..",
        "/items/../../../etc/passwd",
        "/%2e%2e/items/1/x",
        "/items//",
        "/~",
        "/items/1;jsessionid=0",
    ],
)
def test_garbage_paths_are_not_found(path: str) -> None:
    with create_test_client(_app_handlers()) as client:
        response = client.get(path)

    _assert_json_error(response, 404)


@pytest.mark.parametrize("path", ["/names/%FF", "/names/%00", "/names/%C3%28", "/files/%FF/%00/x"])
def test_undecodable_bytes_in_str_parameters_do_not_crash(path: str) -> None:
    with create_test_client(_app_handlers()) as client:
        response = client.get(path)

    assert response.status_code == 200


def test_long_integer_segment_does_not_crash_or_hang() -> None:
    with create_test_client(_app_handlers()) as client:
        # Python refuses to parse ints of more than 4300 digits by default.
        response = client.get("/items/" + "1" * 5000)

    assert response.status_code in (200, 404)
    assert response.status_code != 500


def test_long_path_is_served_by_path_parameter() -> None:
    deep = "/".join(["seg"] * 500)
    with create_test_client(_app_handlers()) as client:
        response = client.get(f"/files/{deep}")

    assert response.status_code == 200
    assert response.json() == {"rest": f"/{deep}"}


def test_repeated_slashes_are_collapsed_by_the_router() -> None:
    with create_test_client(_app_handlers()) as client:
        assert client.get("/items//1").json() == {"item_id": 1}
        assert client.get("/files//a//b").json() == {"rest": "/a/b"}


@pytest.mark.parametrize("method", ["FOO", "TRACE", "CONNECT", "PROPFIND", "get"])
def test_unknown_methods_on_existing_path_are_405(method: str) -> None:
    with create_test_client(_app_handlers()) as client:
        response = client.request(method, "/x")

    _assert_json_error(response, 405)
    assert "POST" in response.headers["allow"]


@pytest.mark.parametrize("method", ["FOO", "OPTIONS", "GET", "DELETE"])
def test_any_method_on_unknown_path_is_404(method: str) -> None:
    with create_test_client(_app_handlers()) as client:
        response = client.request(method, "/missing/path")

    _assert_json_error(response, 404)


def test_head_on_unknown_path_is_404_without_body() -> None:
    with create_test_client(_app_handlers()) as client:
        response = client.head("/missing")

    assert response.status_code == 404


def test_garbage_under_a_mount_reaches_the_mounted_app() -> None:
    seen: list[str] = []

    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with create_test_client([mount]) as client:
        assert client.get("/mnt/%FF/%00").status_code == 200
        assert client.request("FOO", "/mnt/x").status_code == 200

    assert len(seen) == 2
    assert all(path.startswith("/") for path in seen)


@pytest.mark.anyio
async def test_router_handles_raw_scope_with_odd_path() -> None:
    """Call the app directly with a path no HTTP client would send."""
    from starlite import Starlite

    app = Starlite(_app_handlers())
    for path in ("", "items/1", "/items/\udcff", "/items/\x00", "//////"):
        messages = await call_asgi(app, http_scope("GET", path, headers=[]))
        start = messages[0]
        assert start["type"] == "http.response.start"
        assert start["status"] in (200, 404), (path, start["status"])
