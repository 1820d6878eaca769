"""``app.asgi_handler``: the seam 1.5x integrations wrap to see every HTTP and websocket connection."""

from __future__ import annotations

from typing import Any

from starlite import Starlite, WebSocket, get, websocket
from starlite.testing import TestClient
from starlite.types import ASGIApp, Receive, Scope, Send


class Recorder:
    """What an integration installs over ``app.asgi_handler``: it sees each connection, then passes it on."""

    def __init__(self, app: ASGIApp, seen: list[str]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.seen.append(f"{scope['type']} {scope['path']}")
        await self.app(scope, receive, send)


def test_a_wrapper_of_asgi_handler_sees_every_connection_but_the_lifespan() -> None:
    @get("/hello")
    def hello() -> str:
        return "hello"

    @websocket("/echo")
    async def echo(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_text(await socket.receive_text())
        await socket.close()

    app = Starlite([hello, echo])
    seen: list[str] = []
    app.asgi_handler = Recorder(app.asgi_handler, seen)
    with TestClient(app) as client:
        assert client.get("/hello").text == "hello"
        assert client.get("/nowhere").status_code == 404
        with client.websocket_connect("/echo") as session:
            session.send_text("hi")
            assert session.receive_text() == "hi"
    assert seen == ["http /hello", "http /nowhere", "websocket /echo"]
