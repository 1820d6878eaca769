"""``LoggingMiddleware``: a record for each request and response, secrets masked, bodies intact."""

from __future__ import annotations

import gzip
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import Cookie, LoggingConfig, Request, Response, Stream, get, post
from starlite.config.logging import default_handlers
from starlite.middleware import LoggingMiddlewareConfig
from starlite.middleware.logging import STREAMED_BODY_LOG_LIMIT
from starlite.testing import create_test_client


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@get("/")
def hello() -> Response[dict[str, str]]:
    return Response(
        {"hello": "world"},
        headers={"x-api-key": "response-key", "regular": "abc"},
        cookies=[Cookie(key="session", value="s3cret"), Cookie(key="theme", value="dark")],
    )


@post("/echo")
async def echo(request: Request[Any, Any]) -> bytes:
    return await request.body()


@post("/json")
def json_echo(data: dict[str, Any]) -> dict[str, Any]:
    return data


@post("/streamed-in")
async def streamed_in(request: Request[Any, Any]) -> int:
    return sum([len(chunk) async for chunk in request.stream()])


@get("/stream")
def stream() -> Stream:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"x" * STREAMED_BODY_LOG_LIMIT

    return Stream(chunks())


@get("/skipped", skip_logging=True)
def skipped() -> str:
    return "quiet"


HANDLERS = [hello, echo, json_echo, streamed_in, stream, skipped]


def logged(
    path: str, method: str = "GET", config: LoggingMiddlewareConfig | None = None, **kwargs: Any
) -> Any:
    records = Records()
    with create_test_client(
        HANDLERS,
        logging_config=LoggingConfig(handlers=default_handlers),
        middleware=[(config or LoggingMiddlewareConfig()).middleware],
    ) as client:
        client.app.logger.addHandler(records)
        response = client.request(method, path, **kwargs)
    return response, records.messages


def test_the_defaults_are_those_of_1_5() -> None:
    config = LoggingMiddlewareConfig()
    assert config.request_headers_to_obfuscate == {"Authorization", "X-API-KEY"}
    assert config.response_headers_to_obfuscate == {"Authorization", "X-API-KEY"}
    assert config.request_cookies_to_obfuscate == config.response_cookies_to_obfuscate == {"session", "token"}
    assert tuple(config.request_log_fields) == (
        "path", "method", "content_type", "headers", "cookies", "query", "path_params", "body",
    )  # fmt: skip
    assert tuple(config.response_log_fields) == ("status_code", "cookies", "headers", "body")
    assert (config.request_log_message, config.response_log_message) == ("HTTP Request", "HTTP Response")
    assert config.logger_name == "starlite"
    assert config.include_compressed_body is False


def test_a_request_and_its_response_are_logged_with_secrets_masked() -> None:
    response, messages = logged(
        "/?page=2",
        headers={
            "Authorization": "Bearer token",
            "X-API-Key": "client-key",
            "cookie": "session=abc; lang=en",
        },
    )
    assert response.status_code == 200
    assert response.cookies["session"] == "s3cret"  # masked in the log only
    request_line, response_line = messages
    assert request_line.startswith("HTTP Request: path=/, method=GET, content_type=")
    assert '"authorization":"*****"' in request_line
    assert '"x-api-key":"*****"' in request_line
    assert '"session":"*****"' in request_line and '"lang":"en"' in request_line
    assert 'query={"page":["2"]}' in request_line or 'query={"page":"2"}' in request_line
    assert request_line.endswith("body=None")
    assert "Bearer token" not in request_line and "client-key" not in request_line
    assert response_line.startswith("HTTP Response: status_code=200, cookies=")
    assert '"session":"*****"' in response_line and '"theme":"dark"' in response_line
    assert '"x-api-key":"*****"' in response_line and "response-key" not in response_line
    assert response_line.endswith('body={"hello":"world"}')


def test_fields_and_messages_follow_the_config() -> None:
    config = LoggingMiddlewareConfig(
        request_log_fields=["method", "path"],
        response_log_fields=["status_code"],
        request_log_message="in",
        response_log_message="out",
    )
    _, messages = logged("/", config=config)
    assert messages == ["in: method=GET, path=/", "out: status_code=200"]


def test_empty_field_lists_turn_each_record_off() -> None:
    _, messages = logged("/", config=LoggingMiddlewareConfig(request_log_fields=[], response_log_fields=[]))
    assert messages == []


def test_the_handler_still_reads_the_body_the_middleware_logged() -> None:
    response, messages = logged("/echo", "POST", content=b"raw \xff bytes")
    assert response.content == b"raw \xff bytes"
    assert messages[0].endswith("body=raw \ufffd bytes")
    response, messages = logged("/json", "POST", json={"a": [1, 2]})
    assert response.json() == {"a": [1, 2]}
    assert messages[0].endswith('body={"a":[1,2]}')
    response, _ = logged("/streamed-in", "POST", content=b"y" * 100_000)
    assert response.text == "100000"


def test_a_malformed_body_is_logged_as_sent_and_refused_by_the_handler() -> None:
    response, messages = logged(
        "/json", "POST", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert messages[0].endswith("body={oops")


def test_a_streamed_response_is_logged_once_with_its_beginning() -> None:
    response, messages = logged("/stream")
    assert len(response.content) == 4 * STREAMED_BODY_LOG_LIMIT
    assert len(messages) == 2
    body = messages[1].split("body=", 1)[1]
    assert body == "x" * STREAMED_BODY_LOG_LIMIT + "..."


def test_a_compressed_body_is_left_out_unless_asked_for() -> None:
    @get("/gz")
    def gz() -> Response[bytes]:
        return Response(
            gzip.compress(b"compressed"), headers={"content-encoding": "gzip"}, media_type="text/plain"
        )

    for include, expected in ((False, False), (True, True)):
        records = Records()
        config = LoggingMiddlewareConfig(include_compressed_body=include, request_log_fields=[])
        with create_test_client(
            [gz], logging_config=LoggingConfig(handlers=default_handlers), middleware=[config.middleware]
        ) as client:
            client.app.logger.addHandler(records)
            client.get("/gz")
        assert ("body=" in records.messages[0]) is expected


def test_exclude_and_exclude_opt_key_skip_the_logging() -> None:
    _, messages = logged("/skipped", config=LoggingMiddlewareConfig(exclude_opt_key="skip_logging"))
    assert messages == []
    _, messages = logged("/stream", config=LoggingMiddlewareConfig(exclude=["^/str"]))
    assert messages == []


def test_structlog_gets_the_fields_as_values() -> None:
    structlog = pytest.importorskip("structlog")
    from structlog.testing import capture_logs

    from starlite import StructLoggingConfig

    with (
        create_test_client(
            HANDLERS, logging_config=StructLoggingConfig(), middleware=[LoggingMiddlewareConfig().middleware]
        ) as client,
        capture_logs() as logs,
    ):
        client.post("/json?x=1", json={"a": 1}, headers={"authorization": "secret"})
    structlog.reset_defaults()
    request_event, response_event = logs
    assert request_event["event"] == "HTTP Request"
    assert request_event["body"] == {"a": 1}
    assert request_event["query"] == {"x": ["1"]} or request_event["query"] == {"x": "1"}
    assert request_event["headers"]["authorization"] == "*****"
    assert response_event["event"] == "HTTP Response"
    assert response_event["status_code"] == 201
    assert response_event["body"] == '{"a":1}'


def test_without_a_logging_config_the_named_standard_logger_is_used(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.INFO, "starlite"),
        create_test_client([hello], middleware=[LoggingMiddlewareConfig().middleware]) as client,
    ):
        assert client.get("/").status_code == 200
    assert [record.getMessage().split(":")[0] for record in caplog.records if record.name == "starlite"] == [
        "HTTP Request",
        "HTTP Response",
    ]


def test_nothing_is_extracted_when_the_logger_would_drop_it() -> None:
    records = Records()
    config = LoggingConfig(handlers=default_handlers, loggers={"starlite": {"level": "WARNING"}})
    with create_test_client(
        HANDLERS, logging_config=config, middleware=[LoggingMiddlewareConfig().middleware]
    ) as client:
        client.app.logger.addHandler(records)
        assert client.post("/echo", content=b"abc").content == b"abc"
    assert records.messages == []


@settings(max_examples=40, deadline=None)
@given(
    body=st.binary(max_size=200),
    content_type=st.sampled_from(
        ["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
    ),
    cookie=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)
def test_random_bodies_and_cookies_never_make_the_logging_fail(
    body: bytes, content_type: str, cookie: str
) -> None:
    with create_test_client(HANDLERS, middleware=[LoggingMiddlewareConfig().middleware]) as client:
        response = client.post(
            "/echo", content=body, headers={"content-type": content_type, "cookie": cookie}
        )
    assert response.status_code == 201
    assert response.content == body


def test_masked_cookies_are_masked_in_the_cookie_header_too() -> None:
    # 1.5x masked them in "cookies" and wrote the Cookie header as it came.
    _, messages = logged("/", headers={"cookie": "session=SECRET-SESSION; token=SECRET-JWT; theme=dark"})
    request_line = messages[0]
    assert "SECRET" not in request_line
    assert "theme=dark" in request_line


def test_a_line_break_in_the_path_cannot_forge_a_log_line() -> None:
    @get("/items/{name:str}")
    def item(name: str) -> str:
        return name

    records = Records()
    with create_test_client(
        [item],
        logging_config=LoggingConfig(handlers=default_handlers),
        middleware=[LoggingMiddlewareConfig().middleware],
    ) as client:
        client.app.logger.addHandler(records)
        assert client.get("/items/x%0AHTTP%20Response:%20status_code=200").status_code == 200
    assert len(records.messages) == 2
    assert all("\n" not in message for message in records.messages)
    assert "x\\nHTTP Response" in records.messages[0]  # written escaped, as JSON does
