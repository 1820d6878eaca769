"""Websocket handlers: accept, send and receive, path parameters, and unknown paths."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import Controller, Router, WebSocket, websocket
from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing import create_test_client


def test_websocket_text_round_trip() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        text = await socket.receive_text()
        await socket.send_text(text.upper())
        await socket.close()

    with create_test_client([handler]) as client, client.websocket_connect("/ws") as session:
        session.send_text("hello")
        assert session.receive_text() == "HELLO"


def test_websocket_json_and_path_params() -> None:
    @websocket("/rooms/{room_id:int}/{nick:str}")
    async def handler(socket: WebSocket, room_id: int, nick: str) -> None:
        await socket.accept()
        data = await socket.receive_json()
        await socket.send_json(
            {"room_id": room_id, "room_type": type(room_id).__name__, "nick": nick, "got": data}
        )
        await socket.close()

    with create_test_client([handler]) as client, client.websocket_connect("/rooms/7/ann") as session:
        session.send_json({"msg": "hi"})
        assert session.receive_json() == {
            "room_id": 7,
            "room_type": "int",
            "nick": "ann",
            "got": {"msg": "hi"},
        }


def test_websocket_in_router_and_controller() -> None:
    class Chat(Controller):
        path = "/chat"

        @websocket("/{channel:str}")
        async def channel(self, socket: WebSocket, channel: str) -> None:
            await socket.accept()
            await socket.send_text(f"{type(self).__name__}:{channel}")
            await socket.close()

    with create_test_client([Router("/api", route_handlers=[Chat])]) as client:
        with client.websocket_connect("/api/chat/general") as session:
            assert session.receive_text() == "Chat:general"


@pytest.mark.parametrize("path", ["/nowhere", "/ws/abc", "/http-only"])
def test_websocket_to_unknown_path_is_refused(path: str) -> None:
    from starlite import get
    from starlite.exceptions import WebSocketDisconnect

    @websocket("/ws/{x:int}")
    async def handler(socket: WebSocket, x: int) -> None:
        await socket.accept()
        await socket.close()

    @get("/http-only")
    def http_only() -> None: ...

    with create_test_client([handler, http_only]) as client:
        with pytest.raises(WebSocketDisconnect), client.websocket_connect(path) as session:
            session.receive_text()


@pytest.mark.parametrize(
    "define",
    [
        pytest.param("sync", id="sync-function"),
        pytest.param("no-socket", id="no-socket"),
        pytest.param("returns-value", id="returns-value"),
        pytest.param("request-param", id="request-param"),
    ],
)
def test_invalid_websocket_handlers_are_rejected(define: str) -> None:
    with pytest.raises(ImproperlyConfiguredException):
        if define == "sync":

            @websocket("/ws")
            def sync_handler(socket: WebSocket) -> None: ...

        elif define == "no-socket":

            @websocket("/ws")
            async def no_socket() -> None: ...

        elif define == "returns-value":

            @websocket("/ws")
            async def returns(socket: WebSocket) -> int:
                return 1

        else:

            @websocket("/ws")
            async def with_request(socket: WebSocket, request: Any) -> None: ...
