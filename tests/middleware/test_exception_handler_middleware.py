"""``ExceptionHandlerMiddleware``'s 1.5x methods, and HTTP errors that are not ours (Starlette's shape)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from starlite import HTTPException, Request, WebSocket, get, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.middleware.exceptions import ExceptionHandlerMiddleware
from starlite.response.base import Response
from starlite.testing import create_test_client
from starlite.types import Message, Receive, Scope, Send


class ForeignHTTPError(Exception):
    """An HTTP error of another library: an integer ``status_code`` and a ``detail``, as Starlette's."""

    def __init__(self, status_code: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.headers = headers


async def nothing(scope: Scope, receive: Receive, send: Send) -> None:
    return None


def _request(**scope: Any) -> Request[Any, Any]:
    return Request({"type": "http", "method": "GET", **scope})  # type: ignore[arg-type]


def test_default_http_exception_handler_builds_the_default_error_response() -> None:
    middleware = ExceptionHandlerMiddleware(nothing, False, {})
    response = middleware.default_http_exception_handler(
        _request(), HTTPException(detail="nope", extra={"key": "value"})
    )
    assert response.status_code == 500
    assert json.loads(response.body) == {"status_code": 500, "detail": "nope", "extra": {"key": "value"}}
    foreign = middleware.default_http_exception_handler(_request(), ForeignHTTPError(409, "taken"))
    assert (foreign.status_code, json.loads(foreign.body)) == (409, {"status_code": 409, "detail": "taken"})
    hidden = middleware.default_http_exception_handler(_request(), AttributeError("internals"))
    assert json.loads(hidden.body) == {"status_code": 500, "detail": "Internal Server Error"}


def test_default_http_exception_handler_in_debug_sends_the_traceback() -> None:
    middleware = ExceptionHandlerMiddleware(nothing, True, {})
    response = middleware.default_http_exception_handler(
        _request(headers=[(b"accept", b"text/html")]), AttributeError("internals")
    )
    assert response.status_code == 500
    assert b"AttributeError" in response.body and response.media_type == "text/html"


@pytest.mark.anyio
async def test_handle_request_exception_uses_the_registered_handler_or_the_default() -> None:
    def teapot(request: Request[Any, Any], exc: Exception) -> Response[Any]:
        return Response({"handled": str(exc)}, status_code=418)

    middleware = ExceptionHandlerMiddleware(nothing, False, {KeyError: teapot})
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Any = {"type": "http", "method": "GET", "headers": [], "path": "/", "query_string": b""}
    await middleware.handle_request_exception(None, scope, nothing, send, KeyError("k"))  # type: ignore[arg-type]
    assert sent[0]["status"] == 418 and json.loads(sent[1]["body"]) == {"handled": "'k'"}
    sent.clear()
    await middleware.handle_request_exception(None, scope, nothing, send, ForeignHTTPError(404, "gone"))  # type: ignore[arg-type]
    assert sent[0]["status"] == 404 and json.loads(sent[1]["body"]) == {"status_code": 404, "detail": "gone"}


@pytest.mark.parametrize(
    ("exc", "code", "reason"),
    [
        (ForeignHTTPError(403, "forbidden"), 4403, "forbidden"),
        (RuntimeError("internals"), 4500, "Internal Server Error"),
    ],
)
@pytest.mark.anyio
async def test_handle_websocket_exception_closes_the_socket(exc: Exception, code: int, reason: str) -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await ExceptionHandlerMiddleware(nothing, False, {}).handle_websocket_exception(send, exc)
    assert sent == [{"type": "websocket.close", "code": code, "reason": reason}]


def test_an_http_error_of_another_library_is_an_answer_not_a_crash() -> None:
    @get("/conflict")
    def conflict() -> None:
        raise ForeignHTTPError(409, "already there", headers={"x-reason": "duplicate"})

    @websocket("/ws")
    async def ws(socket: WebSocket[Any, Any]) -> None:
        raise ForeignHTTPError(403, "not you")

    # raise_server_exceptions stays on: an HTTP error is answered, never re-raised in the test.
    with create_test_client([conflict, ws]) as client:
        response = client.get("/conflict")
        assert response.status_code == 409
        assert response.json() == {"status_code": 409, "detail": "already there"}
        assert response.headers["x-reason"] == "duplicate"
        with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/ws") as socket:
            socket.receive_text()
        assert closed.value.code == 4403


def test_create_debug_response_is_the_debug_500_for_the_request() -> None:
    from starlite.middleware.exceptions.middleware import create_debug_response
    from starlite.testing import RequestFactory

    try:
        raise LookupError("the missing piece")
    except LookupError as exc:
        html = create_debug_response(RequestFactory().get("/", headers={"accept": "text/html"}), exc)
        text = create_debug_response(RequestFactory().get("/"), exc)
    assert (html.status_code, html.media_type) == (500, "text/html")
    assert "LookupError" in html.body.decode() and "the missing piece" in html.body.decode()
    assert text.media_type == "text/plain" and "Traceback" in text.body.decode()
