"""An unhandled exception is logged once, with its traceback; a client error is not logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from starlite import (
    DefineMiddleware,
    HTTPException,
    LoggingConfig,
    NotAuthorizedException,
    Provide,
    WebSocket,
    get,
    post,
    websocket,
)
from starlite.config.logging import default_handlers
from starlite.exceptions import WebSocketDisconnect
from starlite.middleware import LoggingMiddlewareConfig
from starlite.testing import create_test_client
from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send


@get("/boom")
def boom() -> None:
    raise RuntimeError("handler failed")


@get("/refused")
def refused() -> None:
    raise NotAuthorizedException("who are you")


@get("/teapot")
def teapot() -> None:
    raise HTTPException(status_code=418, detail="short and stout")


@post("/numbers")
def numbers(data: list[int]) -> list[int]:
    return data


@websocket("/ws")
async def failing_socket(socket: WebSocket[Any, Any, Any]) -> None:
    await socket.accept()
    raise RuntimeError("socket failed")


class PassThrough:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def errors(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [record for record in records if record.levelno >= logging.WARNING]


@pytest.mark.parametrize("middleware", [[], [PassThrough, DefineMiddleware(PassThrough)]])
def test_through_the_apps_logger_once_with_the_traceback(middleware: list[Any]) -> None:
    records = Records()
    with create_test_client(
        [boom],
        logging_config=LoggingConfig(handlers=default_handlers),
        middleware=middleware,
        raise_server_exceptions=False,
    ) as client:
        client.app.logger.addHandler(records)
        assert client.get("/boom").status_code == 500
    [record] = errors(records.records)
    assert record.name == "starlite"
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and str(record.exc_info[1]) == "handler failed"
    assert record.getMessage() == "Unhandled exception on http connection, GET '/boom'"


def test_without_a_logging_config_through_the_starlite_logger(caplog: pytest.LogCaptureFixture) -> None:
    with create_test_client([boom], raise_server_exceptions=False) as client:
        assert client.get("/boom").status_code == 500
    [record] = errors(caplog.records)
    assert record.name == "starlite"
    assert record.exc_info is not None


def test_once_when_the_logging_middleware_runs_too() -> None:
    records = Records()
    with create_test_client(
        [boom],
        logging_config=LoggingConfig(handlers=default_handlers),
        middleware=[LoggingMiddlewareConfig().middleware],
        raise_server_exceptions=False,
    ) as client:
        client.app.logger.addHandler(records)
        assert client.get("/boom").status_code == 500
    assert len(errors(records.records)) == 1
    assert [
        record.getMessage().split(":")[0] for record in records.records if record.levelno == logging.INFO
    ] == [
        "HTTP Request",
        "HTTP Response",
    ]


def test_a_websocket_handler_failure_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    with create_test_client([failing_socket], raise_server_exceptions=False) as client:
        with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws") as socket:
            socket.receive()
    [record] = errors(caplog.records)
    assert record.exc_info is not None and str(record.exc_info[1]) == "socket failed"


def test_client_errors_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with create_test_client([refused, teapot, numbers], raise_server_exceptions=False) as client:
        assert client.get("/refused").status_code == 401
        assert client.get("/teapot").status_code == 418
        assert client.get("/nowhere").status_code == 404
        assert client.delete("/refused").status_code == 405
        assert client.post("/numbers", content=b"[1, oops").status_code == 400
        assert client.post("/numbers", json=["a"]).status_code == 400
    assert errors(caplog.records) == []


def test_a_newline_in_the_path_cannot_forge_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    @get("/{name:str}")
    def named(name: str) -> None:
        raise RuntimeError(name)

    with create_test_client([named], raise_server_exceptions=False) as client:
        assert client.get("/a%0AERROR fake").status_code == 500
    [record] = errors(caplog.records)
    assert "\n" not in record.getMessage()


def test_once_when_a_generator_dependency_sees_the_exception(caplog: pytest.LogCaptureFixture) -> None:
    closed: list[bool] = []

    async def connection() -> Any:
        try:
            yield "db"
        finally:
            closed.append(True)

    @get("/with-dependency", dependencies={"db": Provide(connection)})
    def uses(db: str) -> None:
        raise RuntimeError(f"failed with {db}")

    with create_test_client([uses], raise_server_exceptions=False) as client:
        assert client.get("/with-dependency").status_code == 500
    assert closed == [True]
    [record] = errors(caplog.records)
    assert record.exc_info is not None and str(record.exc_info[1]) == "failed with db"
