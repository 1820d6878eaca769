"""A websocket handler that echoes what it receives."""

import pytest

from starlite import Starlite, WebSocket, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import TestClient


@websocket("/echo")
async def echo(socket: WebSocket) -> None:
    # Websocket handlers are async, return None and receive the connection as ``socket``.
    await socket.accept()
    text = await socket.receive_text()
    await socket.send_text(text.upper())
    message = await socket.receive_json()
    await socket.send_json({"echo": message})
    await socket.close()


CLOSE_CODES: list[int] = []


@websocket("/listen")
async def listen(socket: WebSocket) -> None:
    await socket.accept()
    try:
        while True:
            await socket.send_text(f"got {await socket.receive_text()}")
    except WebSocketDisconnect as disconnect:
        # The client went away: the next receive raises, carrying the close code.
        CLOSE_CODES.append(disconnect.code)


app = Starlite(route_handlers=[echo, listen])


def test_echo() -> None:
    with TestClient(app=app) as client, client.websocket_connect("/echo") as ws:
        ws.send_text("hello")
        assert ws.receive_text() == "HELLO"
        ws.send_json({"n": 1})
        assert ws.receive_json() == {"echo": {"n": 1}}
        # Once the handler closes the connection, receiving raises ``WebSocketDisconnect``.
        with pytest.raises(WebSocketDisconnect) as exc_info:
            ws.receive_text()
        assert exc_info.value.code == 1000


def test_client_disconnect() -> None:
    CLOSE_CODES.clear()
    with TestClient(app=app) as client:
        with client.websocket_connect("/listen") as ws:
            ws.send_text("one")
            assert ws.receive_text() == "got one"
            ws.close(code=1001)
    assert CLOSE_CODES == [1001]
