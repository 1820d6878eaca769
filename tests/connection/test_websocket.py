"""``WebSocket``: what a websocket handler sees of the connection."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import WebSocket, WebSocketException, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.status_codes import WS_1000_NORMAL_CLOSURE
from starlite.testing import create_test_client


def test_text_round_trip_and_connection_properties() -> None:
    @websocket("/ws/{room:str}")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        text = await socket.receive_text()
        await socket.send_json(
            {
                "echo": text,
                "room": socket.path_params["room"],
                "query": socket.query_params.getall("q"),
                "header": socket.headers["x-client"],
                "cookie": socket.cookies.get("c"),
                "path": socket.url.path,
                "scheme": socket.url.scheme,
            }
        )
        await socket.close()

    with (
        create_test_client([handler]) as client,
        client.websocket_connect(
            "/ws/lobby?q=1&q=2", headers={"X-Client": "tests", "Cookie": "c=v"}
        ) as session,
    ):
        session.send_text("hello")
        assert session.receive_json() == {
            "echo": "hello",
            "room": "lobby",
            "query": ["1", "2"],
            "header": "tests",
            "cookie": "v",
            "path": "/ws/lobby",
            "scheme": "ws",
        }


def test_bytes_round_trip() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        data = await socket.receive_bytes()
        await socket.send_bytes(data[::-1])
        await socket.close()

    with create_test_client([handler]) as client, client.websocket_connect("/ws") as session:
        session.send_bytes(b"\x00\x01\x02")
        assert session.receive_bytes() == b"\x02\x01\x00"


def test_json_round_trip_in_binary_mode() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        data = await socket.receive_json(mode="binary")
        await socket.send_json({"got": data}, mode="binary")
        await socket.close()

    with create_test_client([handler]) as client, client.websocket_connect("/ws") as session:
        session.send_json({"a": 1}, mode="binary")
        assert session.receive_json(mode="binary") == {"got": {"a": 1}}


def test_receive_accepts_automatically() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        assert socket.connection_state == "init"
        text = await socket.receive_text()
        await socket.send_text(text.upper())
        await socket.close()

    with create_test_client([handler]) as client, client.websocket_connect("/ws") as session:
        session.send_text("quiet")
        assert session.receive_text() == "QUIET"


def test_accept_with_subprotocol_and_headers() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept(subprotocols="chat", headers={"X-Server": "yes"})
        await socket.send_text("ok")
        await socket.close()

    with (
        create_test_client([handler]) as client,
        client.websocket_connect("/ws", subprotocols=["chat"]) as session,
    ):
        assert session.accepted_subprotocol == "chat"  # type: ignore[attr-defined]
        assert session.receive_text() == "ok"


def test_client_disconnect_raises_websocket_disconnect() -> None:
    seen: list[Any] = []

    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        try:
            await socket.receive_text()
        except WebSocketDisconnect as exc:
            seen.append((exc.code, socket.connection_state))
            try:
                await socket.receive_text()
            except WebSocketException as again:
                seen.append(again.detail)

    with create_test_client([handler]) as client:
        with client.websocket_connect("/ws") as session:
            session.close(code=1001)
    assert seen == [(1001, "disconnect"), "connection is disconnected"]


def test_server_close_with_code_and_reason() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        await socket.close(code=4001, reason="go away")

    with create_test_client([handler]) as client, client.websocket_connect("/ws") as session:
        with pytest.raises(WebSocketDisconnect) as exc_info:
            session.receive_text()
    assert exc_info.value.code == 4001


@pytest.mark.anyio
async def test_close_default_code() -> None:
    messages: list[Any] = []

    async def send(message: Any) -> None:
        messages.append(message)

    socket: WebSocket[Any, Any] = WebSocket({"type": "websocket", "headers": []}, send=send)  # type: ignore[arg-type]
    await socket.close()
    assert socket.connection_state == "disconnect"
    assert messages == [{"type": "websocket.close", "code": WS_1000_NORMAL_CLOSURE, "reason": ""}]


@pytest.mark.anyio
async def test_receive_after_the_disconnect_message_raises() -> None:
    # A raw ``receive()`` after the disconnect would wait on a server that has nothing more to give.
    messages = [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1000}]

    async def receive() -> Any:
        return messages.pop(0)

    socket: WebSocket[Any, Any] = WebSocket({"type": "websocket", "headers": []}, receive=receive)  # type: ignore[arg-type]
    assert (await socket.receive())["type"] == "websocket.connect"
    assert socket.connection_state == "connect"
    assert (await socket.receive())["type"] == "websocket.disconnect"
    with pytest.raises(WebSocketException) as exc_info:
        await socket.receive()
    assert exc_info.value.detail == "connection is disconnected"


@pytest.mark.anyio
async def test_send_after_close_raises_websocket_disconnect() -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    socket: WebSocket[Any, Any] = WebSocket({"type": "websocket", "headers": []}, send=send)  # type: ignore[arg-type]
    await socket.close(code=1001)
    with pytest.raises(WebSocketDisconnect):
        await socket.send({"type": "websocket.send", "text": "late"})
    assert sent == [{"type": "websocket.close", "code": 1001, "reason": ""}]


def test_send_json_takes_a_serializer_as_in_1_5() -> None:

    from starlite import websocket
    from starlite.testing import create_test_client

    @websocket("/ticks")
    async def ticks(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_json({"every": object()}, serializer=lambda value: "a tick")
        await socket.close()

    with create_test_client(ticks) as client, client.websocket_connect("/ticks") as session:
        assert session.receive_json() == {"every": "a tick"}


def test_a_frame_of_the_other_kind_reads_as_empty_whatever_its_bytes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # As in 1.5x: receive_text reads text frames, receive_bytes binary ones; never a decode that
    # succeeds or crashes depending on the bytes a client sends.
    from starlite import websocket
    from starlite.testing import create_test_client

    @websocket("/kinds")
    async def kinds(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        received = [await socket.receive_text(), await socket.receive_text(), await socket.receive_bytes()]
        await socket.send_json([repr(value) for value in received])
        await socket.close()

    with create_test_client(kinds) as client, client.websocket_connect("/kinds") as session:
        session.send_bytes(b"\xff")  # not UTF-8
        session.send_bytes("é".encode())  # UTF-8
        session.send_text("text")
        assert session.receive_json() == ["''", "''", "b''"]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


@pytest.mark.parametrize(("mode", "payload"), [("text", "{not json"), ("binary", b"\xff\xfe"), ("text", "")])
def test_a_message_that_is_not_json_closes_with_1007_and_logs_nothing(
    mode: str, payload: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from starlite import websocket
    from starlite.exceptions import WebSocketDisconnect
    from starlite.testing import create_test_client

    @websocket("/json")
    async def json_reader(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_json(await socket.receive_json(mode=mode))  # type: ignore[arg-type]

    with create_test_client(json_reader) as client, client.websocket_connect("/json") as session:
        if isinstance(payload, bytes):
            session.send_bytes(payload)
        else:
            session.send_text(payload)
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_json()
    assert closed.value.code == 1007
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
