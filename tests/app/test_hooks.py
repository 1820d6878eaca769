"""The app-level ``before_send`` and ``after_exception`` hooks."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from starlite import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    Request,
    Response,
    State,
    WebSocket,
    asgi,
    get,
    websocket,
)
from starlite.exceptions import WebSocketDisconnect
from starlite.status_codes import HTTP_404_NOT_FOUND, HTTP_405_METHOD_NOT_ALLOWED
from starlite.testing import create_async_test_client, create_test_client
from starlite.types import Message, Receive, Scope, Send


@get("/ping")
def ping() -> str:
    return "pong"


@get("/teapot")
def teapot() -> None:
    raise HTTPException(status_code=418, detail="short and stout")


# --- before_send ------------------------------------------------------------------------------------


def test_before_send_hook_can_add_a_header() -> None:
    def add_header(message: Message, state: State) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message["headers"], (b"x-hooked", b"yes")]

    with create_test_client([ping], before_send=[add_header]) as client:
        response = client.get("/ping")
    assert response.headers["x-hooked"] == "yes"
    assert response.text == "pong"


def test_before_send_accepts_a_single_callable() -> None:
    seen: list[str] = []

    def record(message: Message, state: State) -> None:
        seen.append(message["type"])

    with create_test_client([ping], before_send=record) as client:
        client.get("/ping")
    assert seen == ["http.response.start", "http.response.body"]


def test_before_send_hook_receives_the_app_state() -> None:
    states: list[Any] = []

    def record(message: Message, state: State) -> None:
        states.append(state)

    with create_test_client([ping], before_send=[record], initial_state={"k": "v"}) as client:
        client.get("/ping")
    assert states and all(state is client.app.state for state in states)
    assert states[0].k == "v"


@pytest.mark.anyio
async def test_async_hook_taking_three_arguments_receives_the_scope() -> None:
    async def add_path(message: Message, state: State, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message["headers"], (b"x-path", scope["path"].encode())]

    async with create_async_test_client([ping], before_send=[add_path]) as client:
        response = await client.get("/ping")
    assert response.headers["x-path"] == "/ping"


def test_before_send_hooks_run_in_order() -> None:
    def first(message: Message, state: State) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message["headers"], (b"x-order", b"first")]

    def second(message: Message, state: State) -> None:
        if message["type"] == "http.response.start":
            # The second hook sees what the first one did.
            assert (b"x-order", b"first") in message["headers"]
            message["headers"] = [*message["headers"], (b"x-order", b"second")]

    with create_test_client([ping], before_send=[first, second]) as client:
        response = client.get("/ping")
    assert response.headers.get_list("x-order") == ["first", "second"]


def test_before_send_sees_router_errors_and_options_responses() -> None:
    statuses: list[int] = []

    def record(message: Message, state: State) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    with create_test_client([ping, teapot], before_send=[record]) as client:
        client.get("/missing")
        client.post("/ping")
        client.options("/ping")
        client.get("/teapot")
    assert statuses == [HTTP_404_NOT_FOUND, HTTP_405_METHOD_NOT_ALLOWED, 204, 418]


def test_before_send_sees_websocket_messages() -> None:
    seen: list[str] = []

    @websocket("/ws")
    async def echo(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text(await socket.receive_text())
        await socket.close()

    def record(message: Message, state: State) -> None:
        seen.append(message["type"])

    with (
        create_test_client([echo], before_send=[record]) as client,
        client.websocket_connect("/ws") as session,
    ):
        session.send_text("hi")
        assert session.receive_text() == "hi"
    assert seen == ["websocket.accept", "websocket.send", "websocket.close"]


def test_sync_before_send_hook_runs_on_the_event_loop_thread() -> None:
    threads: dict[str, int] = {}

    @get("/where")
    async def where() -> str:
        threads["handler"] = threading.get_ident()
        return "here"

    def record(message: Message, state: State) -> None:
        threads["hook"] = threading.get_ident()

    with create_test_client([where], before_send=[record]) as client:
        client.get("/where")
    # Not in a worker thread: a hook mutating the message must do so before the send it precedes.
    assert threads["hook"] == threads["handler"]


def test_before_send_hook_that_raises_is_not_answered_with_another_response() -> None:
    calls: list[str] = []

    def broken(message: Message, state: State) -> None:
        calls.append(message["type"])
        raise RuntimeError("hook failed")

    with (
        create_test_client([ping], before_send=[broken]) as client,
        pytest.raises(RuntimeError, match="hook failed"),
    ):
        client.get("/ping")
    # Only the first message reached the hook: no error response was attempted through the same hook.
    assert calls == ["http.response.start"]


# --- after_exception --------------------------------------------------------------------------------


def test_after_exception_hook_is_called_with_the_exception_scope_and_state() -> None:
    calls: list[tuple[Exception, str, Any]] = []

    def record(exc: Exception, scope: Scope, state: State) -> None:
        calls.append((exc, scope["path"], state))

    with create_test_client([teapot], after_exception=[record]) as client:
        response = client.get("/teapot")
    assert response.status_code == 418
    assert response.json()["detail"] == "short and stout"
    ((exc, path, state),) = calls
    assert isinstance(exc, HTTPException) and exc.status_code == 418
    assert path == "/teapot"
    assert state is client.app.state


@pytest.mark.anyio
async def test_async_after_exception_hook() -> None:
    seen: list[int] = []

    async def record(exc: Exception, scope: Scope, state: State) -> None:
        seen.append(getattr(exc, "status_code", 0))

    async with create_async_test_client([teapot], after_exception=record) as client:
        response = await client.get("/teapot")
    assert response.status_code == 418
    assert seen == [418]


def test_unhandled_exception_reaches_the_hook_once() -> None:
    seen: list[Exception] = []

    @get("/boom")
    def boom() -> None:
        raise ValueError("boom")

    with create_test_client(
        [boom], after_exception=[lambda exc, scope, state: seen.append(exc)], raise_server_exceptions=False
    ) as client:
        assert client.get("/boom").status_code == 500
    with (
        create_test_client(
            [boom], after_exception=[lambda exc, scope, state: seen.append(exc)], raise_server_exceptions=True
        ) as client,
        pytest.raises(ValueError),
    ):
        # The route's exception middleware sends the 500, re-raises for the test, and the app's one
        # catches the same exception again: the hook must not run twice.
        client.get("/boom")
    assert [type(exc) for exc in seen] == [ValueError, ValueError]


def test_router_errors_reach_the_hook() -> None:
    seen: list[type[Exception]] = []

    def record(exc: Exception, scope: Scope, state: State) -> None:
        seen.append(type(exc))

    with create_test_client([ping], after_exception=[record]) as client:
        assert client.get("/missing").status_code == HTTP_404_NOT_FOUND
        assert client.post("/ping").status_code == HTTP_405_METHOD_NOT_ALLOWED
    assert [cls.__name__ for cls in seen] == ["NotFoundException", "MethodNotAllowedException"]


def test_hook_runs_before_the_exception_handler_builds_the_response() -> None:
    order: list[str] = []

    def handle_teapot(request: Request[Any, Any], exc: Exception) -> Response[Any]:
        order.append("exception handler")
        return Response({"handled": True}, status_code=418)

    def record(exc: Exception, scope: Scope, state: State) -> None:
        order.append("after_exception")

    with create_test_client(
        [teapot], after_exception=[record], exception_handlers={418: handle_teapot}
    ) as client:
        assert client.get("/teapot").json() == {"handled": True}
    assert order == ["after_exception", "exception handler"]


def test_hooks_can_change_the_app_state() -> None:
    def count(exc: Exception, scope: Scope, state: State) -> None:
        state.errors = state.get("errors", 0) + 1

    with create_test_client([teapot], after_exception=[count], initial_state={"errors": 0}) as client:
        client.get("/teapot")
        client.get("/missing")
    assert client.app.state.errors == 2


def test_hook_that_raises_is_logged_and_the_error_response_still_goes_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    later: list[str] = []

    def broken(exc: Exception, scope: Scope, state: State) -> None:
        raise RuntimeError("reporting service down")

    def after_broken(exc: Exception, scope: Scope, state: State) -> None:
        later.append("ran")

    with (
        caplog.at_level(logging.ERROR, logger="starlite"),
        create_test_client([teapot], after_exception=[broken, after_broken]) as client,
    ):
        response = client.get("/teapot")
    assert response.status_code == 418
    assert later == ["ran"]
    (record,) = [r for r in caplog.records if "after_exception hook" in r.getMessage()]
    assert record.exc_info is not None and "reporting service down" in str(record.exc_info[1])


def test_exception_after_the_response_started_reaches_the_hook_once() -> None:
    seen: list[Exception] = []

    @asgi("/half")
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("after the start")

    with (
        create_test_client([half], after_exception=[lambda exc, scope, state: seen.append(exc)]) as client,
        pytest.raises(RuntimeError, match="after the start"),
    ):
        # Too late for an error response: both exception middleware layers re-raise it.
        client.get("/half")
    assert [str(exc) for exc in seen] == ["after the start"]


def test_the_same_exception_object_is_reported_on_every_connection() -> None:
    shared = NotFoundException(detail="gone")  # raised again and again by the handler
    seen: list[Exception] = []

    @get("/gone")
    def gone() -> None:
        raise shared

    with create_test_client([gone], after_exception=[lambda exc, scope, state: seen.append(exc)]) as client:
        client.get("/gone")
        client.get("/gone")
    assert seen == [shared, shared]


def test_exception_raised_by_an_exception_handler_is_reported_too() -> None:
    seen: list[str] = []

    def broken_handler(request: Request[Any, Any], exc: Exception) -> Response[Any]:
        raise KeyError("handler bug")

    @get("/teapot-broken", exception_handlers={418: broken_handler})
    def teapot_broken() -> None:
        raise HTTPException(status_code=418)

    with create_test_client(
        [teapot_broken],
        after_exception=[lambda exc, scope, state: seen.append(type(exc).__name__)],
        raise_server_exceptions=False,
    ) as client:
        assert client.get("/teapot-broken").status_code == 500
    assert seen == ["HTTPException", "KeyError"]


def test_websocket_exceptions_reach_the_hook() -> None:
    seen: list[Exception] = []

    @websocket("/ws")
    async def refuse(socket: WebSocket) -> None:
        await socket.accept()
        raise NotAuthorizedException(detail="no")

    with create_test_client([refuse], after_exception=[lambda exc, scope, state: seen.append(exc)]) as client:
        with client.websocket_connect("/ws") as session, pytest.raises(WebSocketDisconnect) as disconnect:
            session.receive_text()
    assert disconnect.value.code == 4401
    assert [type(exc) for exc in seen] == [NotAuthorizedException]


def test_unhandled_websocket_exception_reaches_the_hook_once() -> None:
    seen: list[Exception] = []

    @websocket("/ws")
    async def crash(socket: WebSocket) -> None:
        await socket.accept()
        raise ValueError("socket bug")

    with (
        create_test_client([crash], after_exception=[lambda exc, scope, state: seen.append(exc)]) as client,
        pytest.raises(ValueError, match="socket bug"),
        client.websocket_connect("/ws") as session,
    ):
        session.receive_text()
    assert [str(exc) for exc in seen] == ["socket bug"]
