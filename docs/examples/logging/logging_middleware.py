"""Logging each request and response through the app's logger, with secrets masked."""

import logging
from typing import Any

from starlite import LoggingConfig, Starlite, get, post
from starlite.middleware import LoggingMiddlewareConfig
from starlite.testing import TestClient

logging_config = LoggingConfig(
    # The console handler writes from the queue listener's thread: a slow terminal or file never
    # holds up a request.
    handlers={
        "console": {"class": "logging.StreamHandler", "formatter": "standard"},
        "queue_listener": {
            "class": "starlite.logging.standard.QueueListenerHandler",
            "handlers": ["cfg://handlers.console"],
        },
    },
)
logging_middleware = LoggingMiddlewareConfig(
    request_log_fields=["method", "path", "headers", "body"],
    response_log_fields=["status_code", "body"],
    exclude=["^/health"],
)


@post("/orders")
def place_order(data: dict[str, Any]) -> dict[str, Any]:
    return {"placed": data}


@get("/health")
def health() -> str:
    return "ok"


app = Starlite(
    route_handlers=[place_order, health],
    logging_config=logging_config,
    middleware=[logging_middleware.middleware],
)


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_request_and_its_response_are_logged() -> None:
    kept = Kept()
    app.logger.addHandler(kept)
    try:
        with TestClient(app=app) as client:
            response = client.post("/orders", json={"item": 7}, headers={"Authorization": "Bearer abc"})
            client.get("/health")  # excluded
    finally:
        app.logger.removeHandler(kept)
    assert response.json() == {"placed": {"item": 7}}  # the handler read the body the log showed
    request_line, response_line = kept.messages
    assert request_line.startswith("HTTP Request: method=POST, path=/orders, headers=")
    assert '"authorization":"*****"' in request_line
    assert request_line.endswith('body={"item":7}')
    assert response_line == 'HTTP Response: status_code=201, body={"placed":{"item":7}}'
