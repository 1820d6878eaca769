"""A cookie session too large to store: a documented exception, the request answered, the old session kept."""

from __future__ import annotations

import logging
import os
from typing import Any

import pytest

from starlite import Request, Response, get, post, websocket
from starlite.connection import WebSocket
from starlite.exceptions import SerializationException, SessionTooLargeException
from starlite.middleware.session.cookie_backend import MAX_SEALED_SIZE, CookieBackendConfig
from starlite.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE
from starlite.testing import create_test_client

SECRET = bytes(range(32))
# Random hex does not compress and every byte counts: 300 kB of it cannot fit 64 cookies.
TOO_LARGE = os.urandom(150_000).hex()


@get("/read")
def read(request: Request) -> dict[str, Any]:
    return request.session


@post("/write")
def write(request: Request, data: dict[str, Any]) -> dict[str, bool]:
    request.session.update(data)
    return {"written": True}


def session_cookie_headers(response: Any) -> list[str]:
    return [value for value in response.headers.get_list("set-cookie") if value.startswith("session-")]


def test_without_a_handler_the_answer_is_a_500_naming_nothing_and_the_old_session_stays(
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = CookieBackendConfig(secret=SECRET)
    with create_test_client([read, write], session_config=config, raise_server_exceptions=False) as client:
        client.post("/write", json={"user": "ada"})
        with caplog.at_level(logging.ERROR):
            response = client.post("/write", json={"notes": TOO_LARGE})
        assert response.status_code == 500
        assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
        assert session_cookie_headers(response) == []
        assert client.get("/read").json() == {"user": "ada"}
    # The server's mistake (an unbounded session) is logged for its developers.
    assert "SessionTooLargeException" in caplog.text


def test_an_exception_handler_answers_the_request_and_the_old_session_stays() -> None:
    seen: list[tuple[int, int]] = []

    def too_large(request: Request, exc: SessionTooLargeException) -> Response[dict[str, Any]]:
        seen.append((exc.size, exc.limit))
        return Response(
            {"detail": "Your notes are too long to keep", "limit": exc.limit},
            status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )

    config = CookieBackendConfig(secret=SECRET)
    with create_test_client(
        [read, write], session_config=config, exception_handlers={SessionTooLargeException: too_large}
    ) as client:
        client.post("/write", json={"user": "ada"})
        response = client.post("/write", json={"notes": TOO_LARGE})
        assert response.status_code == 413
        assert response.json() == {"detail": "Your notes are too long to keep", "limit": MAX_SEALED_SIZE}
        assert session_cookie_headers(response) == []
        assert client.get("/read").json() == {"user": "ada"}
        # The client can go on using its session.
        assert client.post("/write", json={"theme": "dark"}).status_code == 201
        assert client.get("/read").json() == {"user": "ada", "theme": "dark"}
    assert len(seen) == 1
    assert seen[0][0] > seen[0][1] == MAX_SEALED_SIZE


def test_a_handler_for_serialization_errors_also_receives_it() -> None:
    def serialization(request: Request, exc: SerializationException) -> Response[str]:
        return Response(type(exc).__name__, status_code=422, media_type="text/plain")

    config = CookieBackendConfig(secret=SECRET)
    with create_test_client(
        [write], session_config=config, exception_handlers={SerializationException: serialization}
    ) as client:
        response = client.post("/write", json={"notes": TOO_LARGE})
    assert (response.status_code, response.text) == (422, "SessionTooLargeException")


def test_a_large_session_under_the_limit_round_trips() -> None:
    # About 120 kB of random text: 40-odd cookies, still under the 64-cookie limit.
    notes = os.urandom(60_000).hex()
    config = CookieBackendConfig(secret=SECRET)
    with create_test_client([read, write], session_config=config) as client:
        response = client.post("/write", json={"notes": notes})
        assert response.status_code == 201
        assert 30 < len(session_cookie_headers(response)) <= 64
        assert client.get("/read").json() == {"notes": notes}


def test_a_websocket_handler_catches_it_at_accept_and_closes_cleanly() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        socket.session["notes"] = TOO_LARGE
        try:
            await socket.accept()
        except SessionTooLargeException:
            await socket.close(code=1009)
            return

    config = CookieBackendConfig(secret=SECRET)
    with create_test_client([handler], session_config=config) as client:
        from starlite.exceptions import WebSocketDisconnect

        with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/ws") as ws:
            ws.receive_text()
    assert closed.value.code == 1009
