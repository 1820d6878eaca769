"""Websockets on both test clients, and the URL, address and cookies the app sees."""

from __future__ import annotations

import threading
import time
from typing import Any

import anyio
import pytest

from starlite import Request, WebSocket, get, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import create_async_test_client, create_test_client


class SocketBroke(Exception):
    pass


@websocket("/echo")
async def echo(socket: WebSocket) -> None:
    protocols = socket.scope["subprotocols"]
    await socket.accept(subprotocols=protocols[-1] if protocols else None)
    while True:
        try:
            message = await socket.receive_json()
        except WebSocketDisconnect as exc:
            socket.app.state.closed_with = (exc.code, exc.detail)
            return
        await socket.send_json(
            {
                "echo": message,
                "cookie": socket.cookies.get("token"),
                "header": socket.headers.get("x-trace"),
                "url": str(socket.url),
                "server": list(socket.scope["server"]),
                "client": list(socket.scope["client"]),
                "root_path": socket.scope["root_path"],
            }
        )


@websocket("/kinds")
async def kinds(socket: WebSocket) -> None:
    await socket.accept()
    text = await socket.receive_text()
    await socket.send_text(text.upper())
    data = await socket.receive_bytes()
    await socket.send_bytes(data[::-1])
    await socket.send_json({"n": 1}, mode="binary")
    await socket.close(code=4001, reason="done here")


@websocket("/deny")
async def deny(socket: WebSocket) -> None:
    await socket.close(code=4403, reason="no entry")


@websocket("/silent")
async def silent(socket: WebSocket) -> None:
    await socket.accept()
    await socket.receive_text()


@websocket("/crash")
async def crash(socket: WebSocket) -> None:
    await socket.accept()
    raise SocketBroke("handler failed")


@websocket("/login")
async def login(socket: WebSocket) -> None:
    await socket.accept(headers={"set-cookie": "token=from-handshake; Path=/"})
    await socket.receive_text()


@get("/whoami")
def whoami(request: Request) -> dict[str, Any]:
    return {
        "url": str(request.url),
        "client": list(request.client or []),
        "server": list(request.scope["server"]),
        "cookie": request.cookies.get("token"),
    }


HANDLERS = [echo, kinds, deny, silent, crash, login, whoami]
pytestmark = pytest.mark.anyio


# --- the async client's websockets ----------------------------------------------------------------


async def test_async_websocket_text_bytes_json_and_the_apps_close_code_and_reason() -> None:
    async with create_async_test_client(HANDLERS) as client, client.websocket_connect("/kinds") as session:
        await session.send_text("hi")
        assert await session.receive_text() == "HI"
        await session.send_bytes(b"abc")
        assert await session.receive_bytes() == b"cba"
        assert await session.receive_json(mode="binary") == {"n": 1}
        with pytest.raises(WebSocketDisconnect) as info:
            await session.receive_text()
        assert (info.value.code, info.value.detail) == (4001, "done here")
        assert (session.close_code, session.close_reason) == (4001, "done here")


async def test_async_websocket_carries_subprotocols_headers_cookies_and_the_client_close() -> None:
    async with create_async_test_client(HANDLERS) as client:
        client.cookies.set("token", "abc")
        async with client.websocket_connect(
            "/echo", subprotocols=["v1", "v2"], headers={"x-trace": "t-1"}
        ) as session:
            assert session.accepted_subprotocol == "v2"
            await session.send_json({"n": 1})
            reply = await session.receive_json()
            await session.close(code=4100, reason="test over")
        assert (reply["echo"], reply["cookie"], reply["header"]) == ({"n": 1}, "abc", "t-1")
        # The handler saw the client's code and reason in its WebSocketDisconnect.
        assert client.app.state.closed_with == (4100, "test over")


async def test_async_websocket_closed_before_accept_raises_with_the_apps_code() -> None:
    async with create_async_test_client(HANDLERS) as client:
        with pytest.raises(WebSocketDisconnect) as info:
            async with client.websocket_connect("/deny"):
                pass  # pragma: no cover
    assert (info.value.code, info.value.detail) == (4403, "no entry")


async def test_async_websocket_receive_times_out_instead_of_blocking_forever(
    timeouts_expire: threading.Event,
) -> None:
    timeouts_expire.set()
    async with create_async_test_client(HANDLERS) as client, client.websocket_connect("/silent") as session:
        with anyio.fail_after(5), pytest.raises(TimeoutError, match="websocket /silent within 0.1 seconds"):
            await session.receive(timeout=0.1)
    # The default is the client's read timeout (which the handshake, meant to succeed, is not held to
    # here: on a loaded machine it can take longer than 0.1 s).
    timeouts_expire.clear()
    async with (
        create_async_test_client(HANDLERS, timeout=0.1) as client,
        client.websocket_connect("/silent") as session,
    ):
        timeouts_expire.set()
        with anyio.fail_after(5), pytest.raises(TimeoutError):
            await session.receive_text()


async def test_async_websocket_handler_error_is_reraised_in_the_test() -> None:
    async with create_async_test_client(HANDLERS) as client:
        with pytest.raises(SocketBroke, match="handler failed"):
            async with client.websocket_connect("/crash") as session:
                await session.receive_text()


async def test_async_websockets_run_concurrently_on_the_tests_loop() -> None:
    async with create_async_test_client(HANDLERS) as client:
        async with client.websocket_connect("/echo") as first, client.websocket_connect("/echo") as second:
            await second.send_json("b")
            await first.send_json("a")
            assert (await first.receive_json())["echo"] == "a"
            assert (await second.receive_json())["echo"] == "b"


# --- both clients: cookies set at the handshake ---------------------------------------------------


def test_sync_handshake_cookies_reach_the_jar_and_later_requests() -> None:
    with create_test_client(HANDLERS) as client:
        with client.websocket_connect("/login"):
            pass
        assert client.cookies["token"] == "from-handshake"
        assert client.get("/whoami").json()["cookie"] == "from-handshake"


async def test_async_handshake_cookies_reach_the_jar() -> None:
    async with create_async_test_client(HANDLERS) as client:
        async with client.websocket_connect("/login"):
            pass
        assert (await client.get("/whoami")).json()["cookie"] == "from-handshake"


def test_sync_websocket_receive_timeout_uses_the_client_default(timeouts_expire: threading.Event) -> None:
    with create_test_client(HANDLERS, timeout=0.1) as client, client.websocket_connect("/silent") as session:
        timeouts_expire.set()  # the handshake before may take longer than 0.1 s on a loaded machine
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="/silent"):
            session.receive_text()
        assert time.monotonic() - started < 3


def test_sync_websocket_send_takes_data_and_a_mode_as_in_1_5x() -> None:
    with create_test_client(HANDLERS) as client, client.websocket_connect("/kinds") as session:
        session.send("hi")
        assert session.receive_text() == "HI"
        session.send(b"xyz", mode="binary")
        assert session.receive_bytes() == b"zyx"


# --- URLs and addresses ---------------------------------------------------------------------------


def test_https_base_url_defaults_to_port_443_for_http_and_websockets() -> None:
    with create_test_client(HANDLERS, base_url="https://example.org") as client:
        body = client.get("/whoami").json()
        with client.websocket_connect("/echo") as session:
            session.send_json(None)
            reply = session.receive_json()
    assert (body["url"], body["server"]) == ("https://example.org/whoami", ["example.org", 443])
    assert (reply["url"], reply["server"]) == ("wss://example.org/echo", ["example.org", 443])


async def test_base_url_root_path_and_client_address_reach_http_and_websockets() -> None:
    async with create_async_test_client(
        HANDLERS, base_url="http://api.example.org:8080", root_path="/v1", client=("10.0.0.7", 4242)
    ) as client:
        body = (await client.get("/whoami")).json()
        async with client.websocket_connect("/echo") as session:
            await session.send_json(None)
            reply = await session.receive_json()
    assert body == {
        "url": "http://api.example.org:8080/v1/whoami",
        "client": ["10.0.0.7", 4242],
        "server": ["api.example.org", 8080],
        "cookie": None,
    }
    assert reply["url"] == "ws://api.example.org:8080/v1/echo"
    assert (reply["client"], reply["root_path"]) == (["10.0.0.7", 4242], "/v1")


# --- sessions written in a websocket handshake ----------------------------------------------------


@pytest.mark.parametrize("backend", ["cookie", "memory"])
def test_a_session_created_before_accept_reaches_the_clients_jar(backend: str) -> None:
    import os

    from starlite.middleware.session.cookie_backend import CookieBackendConfig
    from starlite.middleware.session.memory_backend import MemoryBackendConfig

    config = CookieBackendConfig(secret=os.urandom(16)) if backend == "cookie" else MemoryBackendConfig()

    @websocket("/ws-login")
    async def ws_login(socket: WebSocket) -> None:
        socket.set_session({"user": "ada"})
        await socket.accept()
        await socket.receive_text()

    @get("/me")
    def me(request: Request) -> dict[str, Any]:
        return dict(request.session)

    with create_test_client([ws_login, me], session_config=config) as client:
        with client.websocket_connect("/ws-login"):
            pass
        assert client.get_session_data() == {"user": "ada"}
        assert client.get("/me").json() == {"user": "ada"}
