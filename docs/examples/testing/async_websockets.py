"""Websockets from an async test: the session runs on the test's own event loop."""

import pytest

from starlite import Starlite, WebSocket, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import AsyncTestClient


@websocket("/chat")
async def chat(socket: WebSocket) -> None:
    if socket.headers.get("authorization") != "Bearer good":
        await socket.close(code=4401, reason="who are you?")
        return
    await socket.accept()
    while True:
        message = await socket.receive_json()
        if message == "bye":
            await socket.close(code=1000, reason="see you")
            return
        await socket.send_json({"you said": message})


app = Starlite(route_handlers=[chat])


@pytest.mark.anyio
async def test_a_conversation() -> None:
    async with AsyncTestClient(app=app) as client:
        async with client.websocket_connect("/chat", headers={"authorization": "Bearer good"}) as session:
            await session.send_json("hello")
            assert await session.receive_json(timeout=1) == {"you said": "hello"}
            await session.send_json("bye")
            with pytest.raises(WebSocketDisconnect) as closed:
                await session.receive_json()
            assert (closed.value.code, closed.value.detail) == (1000, "see you")


@pytest.mark.anyio
async def test_refused_before_accepting() -> None:
    async with AsyncTestClient(app=app) as client:
        with pytest.raises(WebSocketDisconnect) as refused:
            async with client.websocket_connect("/chat"):
                pass
        assert refused.value.code == 4401
