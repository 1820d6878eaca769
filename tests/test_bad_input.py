"""Malformed requests never produce a 500 or a hang: they get a 4xx with a JSON body."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlite import Request, Starlite, WebSocket, get, post, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.utils.serialization import decode_json
from tests.asgi_calls import call_asgi, http_scope


@get("/items/{item_id:int}")
async def get_item(item_id: int) -> dict[str, int]:
    return {"id": item_id}


@get("/files/{file_path:path}")
async def get_file(file_path: str) -> str:
    return file_path


@get("/when/{day:date}")
async def get_day(day: Any) -> str:
    return str(day)


@post("/echo")
async def echo(request: Request) -> dict[str, Any]:
    return {"headers": dict(request.headers), "cookies": request.cookies}


@websocket("/ws/{room:int}")
async def room(socket: WebSocket, room: int) -> None:
    await socket.accept()
    await socket.close()


app = Starlite([get_item, get_file, get_day, echo, room])


async def call(
    method: str, path: str, headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, dict[str, Any]]:
    """Call the app directly over ASGI, with any bytes a client could put on the wire."""
    sent = await call_asgi(app, http_scope(method, path, headers))
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, decode_json(body) if status >= 400 else {"raw": body}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/items/abc", 404),
        ("GET", "/items/1.5", 404),
        ("GET", "/items/ 1", 404),
        ("GET", "/items/1_000", 404),
        ("GET", "/items/99999999999999999999999999999999", 200),
        ("GET", "/when/2024-13-45", 404),
        ("GET", "/items/\udcff", 404),
        ("GET", "/\x00/items", 404),
        ("GET", "/items/1/../2", 404),
        ("GET", "//items//1", 200),
        ("GET", "/" + "a/" * 5000, 404),
        ("FOO", "/items/1", 405),
        ("", "/items/1", 405),
        ("get", "/items/1", 405),
        ("POST", "/items/1", 405),
    ],
)
async def test_malformed_paths_and_methods(method: str, path: str, status: int) -> None:
    got, body = await call(method, path)
    assert got == status
    if status >= 400:
        assert body["status_code"] == status


@pytest.mark.anyio
async def test_non_utf8_header_and_cookie_bytes() -> None:
    headers = [(b"host", b"testserver"), (b"x-weird", b"\xff\xfe\x00"), (b"cookie", b"a=\xff; =; ;b; c=1")]
    status, body = await call("POST", "/echo", headers=headers)
    assert status == 201
    echoed = decode_json(body["raw"])
    assert echoed["headers"]["x-weird"] == "\xff\xfe\x00"
    assert echoed["cookies"] == {"a": "\xff", "c": "1"}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "X"]),
    path=st.text(min_size=0, max_size=60).map(lambda text: "/" + text),
)
def test_random_paths_never_give_a_500(method: str, path: str) -> None:
    status, body = anyio.run(call, method, path)
    assert status < 500
    if status >= 400:
        assert body["status_code"] == status


def test_websocket_with_bad_path_parameter_is_refused_not_crashed() -> None:
    from starlite.testing import TestClient

    with TestClient(app) as client, pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/ws/not-a-number"):
            pass  # pragma: no cover
    assert info.value.code == 4404
