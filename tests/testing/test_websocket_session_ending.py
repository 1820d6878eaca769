"""A websocket test session always ends: whatever the handler does, leaving the block never hangs."""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
import pytest

from starlite import WebSocket, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import create_test_client


def finishes_within(seconds: float, body: Callable[[], None]) -> None:
    """Run ``body`` in a thread and fail (instead of hanging the suite) if it does not finish in time."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            body()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} seconds"
    if errors:
        raise errors[0]


def test_push_only_handler_ends_when_the_client_leaves() -> None:
    sent: list[int] = []

    @websocket("/push")
    async def push(socket: WebSocket) -> None:
        await socket.accept()
        for number in range(1_000_000):
            await socket.send_json(number)
            sent.append(number)
            await anyio.sleep(0.001)

    def body() -> None:
        with create_test_client(push) as client, client.websocket_connect("/push") as session:
            assert session.receive_json() == 0

    finishes_within(10, body)
    assert len(sent) < 1_000_000


def test_handler_that_ignores_the_disconnect_is_cancelled() -> None:
    cancelled: list[bool] = []

    @websocket("/stuck")
    async def stuck(socket: WebSocket) -> None:
        await socket.accept()
        try:
            await anyio.Event().wait()
        except anyio.get_cancelled_exc_class():
            cancelled.append(True)
            raise

    def body() -> None:
        with create_test_client(stuck) as client, client.websocket_connect("/stuck"):
            pass

    finishes_within(10, body)
    assert cancelled == [True]


def test_sending_after_the_app_closed_raises_instead_of_blocking() -> None:
    @websocket("/once")
    async def once(socket: WebSocket) -> None:
        await socket.accept()
        await socket.receive_text()
        await socket.close()

    def body() -> None:
        with create_test_client(once) as client, client.websocket_connect("/once") as session:
            session.send_text("first")
            with pytest.raises(WebSocketDisconnect):
                session.receive_text()
            with pytest.raises(WebSocketDisconnect):
                for _ in range(500):
                    session.send_text("more")

    finishes_within(10, body)


def test_a_message_sent_before_reading_the_apps_close_is_lost_not_an_error() -> None:
    # The app answers and closes at once; the test sends before it has read that close, as a network
    # client would (1.5x's tests do): the message is lost, and the answer is still there to read.
    @websocket("/hello")
    async def hello(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_json({"data": "123"})
        await socket.close()

    def body() -> None:
        with create_test_client(hello) as client, client.websocket_connect("/hello") as session:
            session.send_json({"ignored": True})
            assert session.receive_json() == {"data": "123"}
            with pytest.raises(WebSocketDisconnect):
                session.receive_text()
            with pytest.raises(WebSocketDisconnect):
                session.send_text("after the close was read")

    finishes_within(10, body)
