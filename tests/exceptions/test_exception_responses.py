from __future__ import annotations

from typing import Any

import pytest

from starlite import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    Request,
    Response,
    Router,
    ServiceUnavailableException,
    ValidationException,
    WebSocket,
    get,
    websocket,
)
from starlite.exceptions import MethodNotAllowedException, WebSocketDisconnect
from starlite.testing import create_test_client


@pytest.mark.parametrize(
    ("exception", "status_code", "detail"),
    [
        (NotFoundException(), 404, "Not Found"),
        (NotAuthorizedException("who are you?"), 401, "who are you?"),
        (PermissionDeniedException(detail="no"), 403, "no"),
        (ValidationException(), 400, "Bad Request"),
        (MethodNotAllowedException(), 405, "Method Not Allowed"),
        (ServiceUnavailableException(), 503, "Service Unavailable"),
        (HTTPException(status_code=418), 418, "I'm a Teapot"),
    ],
)
def test_http_exceptions_render_as_1_5x_json(exception: HTTPException, status_code: int, detail: str) -> None:
    @get("/")
    def raiser() -> None:
        raise exception

    with create_test_client(raiser) as client:
        response = client.get("/")
    assert response.status_code == status_code
    assert response.json() == {"status_code": status_code, "detail": detail}
    assert response.headers["content-type"] == "application/json"


def test_extra_and_headers() -> None:
    @get("/")
    def raiser() -> None:
        raise HTTPException("slow down", status_code=429, headers={"retry-after": "10"}, extra={"limit": 5})

    with create_test_client(raiser) as client:
        response = client.get("/")
    assert response.json() == {"status_code": 429, "detail": "slow down", "extra": {"limit": 5}}
    assert response.headers["retry-after"] == "10"


def test_exception_str_and_repr_match_1_5x() -> None:
    assert str(NotFoundException()) == "404: Not Found"
    assert repr(NotFoundException("gone")) == "404 - NotFoundException - gone"


def test_unhandled_error_hides_internals_without_debug() -> None:
    @get("/")
    def raiser() -> None:
        raise KeyError("secret-table-name")

    with create_test_client(raiser, raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert "secret" not in response.text


def test_debug_sends_the_traceback_as_text_or_html() -> None:
    @get("/")
    def raiser() -> None:
        raise KeyError("secret-table-name")

    with create_test_client(raiser, raise_server_exceptions=False, debug=True) as client:
        text = client.get("/")
        page = client.get("/", headers={"accept": "text/html"})
    assert text.status_code == 500 and text.headers["content-type"].startswith("text/plain")
    assert "Traceback" in text.text and "secret-table-name" in text.text
    assert page.headers["content-type"].startswith("text/html") and "secret-table-name" in page.text


class AppError(Exception):
    pass


def test_exception_handlers_by_class_and_status_code_at_every_layer() -> None:
    def by_class(request: Request, exc: Exception) -> Response[Any]:
        return Response({"layer": "app", "kind": "class"}, status_code=409)

    def by_status(request: Request, exc: Exception) -> Response[Any]:
        return Response({"layer": "router", "kind": "status"}, status_code=404)

    async def handler_level(request: Request, exc: Exception) -> Response[Any]:
        return Response({"layer": "handler", "path": request.url.path}, status_code=409)

    @get("/app-level")
    def app_level() -> None:
        raise AppError()

    @get("/missing")
    def missing() -> None:
        raise NotFoundException()

    @get("/handler-level", exception_handlers={AppError: handler_level})
    def handler() -> None:
        raise AppError()

    router = Router("/r", route_handlers=[missing, handler], exception_handlers={404: by_status})
    with create_test_client([app_level, router], exception_handlers={AppError: by_class}) as client:
        assert client.get("/app-level").json() == {"layer": "app", "kind": "class"}
        assert client.get("/r/missing").json() == {"layer": "router", "kind": "status"}
        assert client.get("/r/handler-level").json() == {"layer": "handler", "path": "/r/handler-level"}


def test_app_level_handler_covers_unknown_paths() -> None:
    def not_found(request: Request, exc: Exception) -> Response[Any]:
        return Response(f"nothing at {request.url.path}", status_code=404, media_type="text/plain")

    with create_test_client([], exception_handlers={404: not_found}) as client:
        response = client.get("/nope")
    assert response.status_code == 404
    assert response.text == "nothing at /nope"


def test_handler_for_500_catches_exceptions_without_status() -> None:
    def on_500(request: Request, exc: Exception) -> Response[Any]:
        return Response({"caught": repr(exc)}, status_code=500)

    @get("/")
    def raiser() -> None:
        raise ZeroDivisionError("x")

    with create_test_client(raiser, exception_handlers={500: on_500}) as client:
        assert client.get("/").json() == {"caught": "ZeroDivisionError('x')"}


def test_websocket_http_exception_closes_with_4000_plus_status() -> None:
    @websocket("/ws")
    async def ws(socket: WebSocket) -> None:
        await socket.accept()
        raise NotAuthorizedException("token expired")

    with create_test_client(ws) as client, client.websocket_connect("/ws") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert info.value.code == 4401
    assert info.value.detail == "token expired"


def test_debug_sends_the_traceback_for_any_500_as_1_5x() -> None:
    from starlite import InternalServerException

    @get("/")
    def raiser() -> None:
        raise InternalServerException("pool exhausted")

    with create_test_client(raiser, debug=True) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert "Traceback" in response.text and "pool exhausted" in response.text


def test_starlite_exception_keeps_its_1_5x_name() -> None:
    from starlite import StarLiteException
    from starlite.exceptions import StarliteException

    assert StarLiteException is StarliteException
    assert repr(StarLiteException()) == "StarLiteException"
    assert str(StarLiteException("a", "b", detail="d")) == "a b d"
