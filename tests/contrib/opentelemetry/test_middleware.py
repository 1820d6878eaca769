"""OpenTelemetry: one server span per connection a handler serves, named by the route template."""

from __future__ import annotations

import importlib
import subprocess
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydantic
import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from starlite import (
    Controller,
    NotAuthorizedException,
    NotFoundException,
    Router,
    WebSocket,
    asgi,
    get,
    post,
    websocket,
)
from starlite.contrib.opentelemetry import (
    OpenTelemetryConfig,
    OpenTelemetryInstrumentationMiddleware,
    get_route_details_from_scope,
)
from starlite.exceptions import MissingDependencyException, WebSocketDisconnect
from starlite.middleware.base import AbstractMiddleware
from starlite.testing import create_test_client
from starlite.types import Receive, Scope, Send


@dataclass
class Telemetry:
    exporter: InMemorySpanExporter = field(default_factory=InMemorySpanExporter)
    reader: InMemoryMetricReader = field(default_factory=InMemoryMetricReader)

    def config(self, **options: Any) -> OpenTelemetryConfig:
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        meter_provider = MeterProvider(metric_readers=[self.reader])
        return OpenTelemetryConfig(tracer_provider=tracer_provider, meter_provider=meter_provider, **options)

    def server_spans(self) -> list[ReadableSpan]:
        return [span for span in self.exporter.get_finished_spans() if span.kind == SpanKind.SERVER]

    def names(self) -> list[str]:
        return [span.name for span in self.server_spans()]


@pytest.fixture
def telemetry() -> Iterator[Telemetry]:
    yield Telemetry()


@get("/items/{item_id:int}", sync_to_thread=False)
def read_item(item_id: int) -> dict[str, int]:
    if item_id == 404:
        raise NotFoundException(f"no item {item_id}")
    if item_id == 500:
        raise RuntimeError("the storage broke")
    return {"id": item_id}


@post("/items", sync_to_thread=False)
def create_item(data: dict[str, int]) -> dict[str, int]:
    return data


class ShelfController(Controller):
    path = "/shelves"

    @get("/{shelf:str}/books/{book_id:uuid}", sync_to_thread=False)
    def book(self, shelf: str, book_id: str) -> str:
        return shelf


def test_each_request_is_a_server_span_named_by_its_route_template(telemetry: Telemetry) -> None:
    api = Router("/api", route_handlers=[ShelfController])
    with create_test_client(
        [read_item, create_item, api], middleware=[telemetry.config().middleware]
    ) as client:
        assert client.get("/items/7").json() == {"id": 7}
        assert client.get("/items/8").status_code == 200
        assert client.post("/items", json={"id": 9}).status_code == 201
        book = "/api/shelves/poetry/books/5b2b9f57-3a59-4a4a-9f6c-3f8a1e1b2c3d"
        assert client.get(book).text == "poetry"

    assert telemetry.names() == [
        "GET /items/{item_id:int}",
        "GET /items/{item_id:int}",
        "POST /items",
        "GET /api/shelves/{shelf:str}/books/{book_id:uuid}",
    ]
    for span in telemetry.server_spans():
        assert "poetry" not in span.name and "7" not in span.name


def test_the_span_carries_the_route_method_and_status(telemetry: Telemetry) -> None:
    with create_test_client([read_item], middleware=[telemetry.config().middleware]) as client:
        client.get("/items/7")

    (span,) = telemetry.server_spans()
    attributes = dict(span.attributes or {})
    assert attributes["http.route"] == "/items/{item_id:int}"
    assert attributes["http.method"] == "GET"
    assert attributes["http.status_code"] == 200
    assert attributes["http.target"] == "/items/7"
    assert span.status.status_code == StatusCode.UNSET


def test_a_not_found_raised_by_the_handler_is_recorded_as_404(telemetry: Telemetry) -> None:
    with create_test_client([read_item], middleware=[telemetry.config().middleware]) as client:
        assert client.get("/items/404").status_code == 404

    (span,) = telemetry.server_spans()
    assert span.name == "GET /items/{item_id:int}"
    assert span.attributes is not None and span.attributes["http.status_code"] == 404
    assert span.status.status_code == StatusCode.UNSET  # a client error is not the server's


def test_a_handler_error_is_recorded_as_500_and_marks_the_span_as_failed(telemetry: Telemetry) -> None:
    config = telemetry.config()
    with create_test_client(
        [read_item], middleware=[config.middleware], raise_server_exceptions=False
    ) as client:
        response = client.get("/items/500")
    assert response.status_code == 500

    (span,) = telemetry.server_spans()
    assert span.name == "GET /items/{item_id:int}"
    assert span.attributes is not None and span.attributes["http.status_code"] == 500
    assert span.status.status_code == StatusCode.ERROR


def test_the_error_of_a_500_is_recorded_on_its_span(telemetry: Telemetry) -> None:
    # The handler's error is answered inside the middleware, so it never escapes through the
    # instrumentation: without recording it here, the trace of a 500 would not say what broke.
    with create_test_client(
        [read_item], middleware=[telemetry.config().middleware], raise_server_exceptions=False
    ) as client:
        assert client.get("/items/500").status_code == 500
        assert client.get("/items/404").status_code == 404

    failed, not_found = telemetry.server_spans()
    (event,) = failed.events
    assert event.name == "exception"
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "RuntimeError"
    assert event.attributes["exception.message"] == "the storage broke"
    assert not_found.events == ()  # a client's error is an answer, not a failure of the server


def test_an_error_raised_by_an_inner_middleware_is_answered_inside_the_span(telemetry: Telemetry) -> None:
    class Refuse(AbstractMiddleware):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            raise NotAuthorizedException("who are you?")

    with create_test_client([read_item], middleware=[telemetry.config().middleware, Refuse]) as client:
        assert client.get("/items/1").status_code == 401

    (span,) = telemetry.server_spans()
    assert span.attributes is not None and span.attributes["http.status_code"] == 401
    assert span.status.status_code == StatusCode.UNSET  # refusing a client is no failure of the server
    assert span.events == ()


def test_a_path_without_a_route_gets_no_span(telemetry: Telemetry) -> None:
    # The middleware runs per handler, after routing: the router answers unknown paths itself.
    with create_test_client([read_item], middleware=[telemetry.config().middleware]) as client:
        assert client.get("/nothing/here").status_code == 404
        assert client.get("/items/not-a-number").status_code == 404
    assert telemetry.names() == []


def test_a_handler_on_two_paths_names_the_span_by_the_path_that_matched(telemetry: Telemetry) -> None:
    @get(["/search", "/search/{term:str}"], sync_to_thread=False)
    def search(term: str = "") -> str:
        return term

    with create_test_client([search], middleware=[telemetry.config().middleware]) as client:
        client.get("/search/owls")
        client.get("/search")
    assert telemetry.names() == ["GET /search/{term:str}", "GET /search"]


def test_a_websocket_connection_is_one_span_named_by_its_template(telemetry: Telemetry) -> None:
    @websocket("/rooms/{room:str}")
    async def room(socket: WebSocket, room: str) -> None:
        await socket.accept()
        await socket.send_json({"room": room})
        await socket.close()

    with create_test_client([room], middleware=[telemetry.config().middleware]) as client:
        with client.websocket_connect("/rooms/lobby") as connection:
            assert connection.receive_json() == {"room": "lobby"}

    (span,) = telemetry.server_spans()
    assert span.name == "/rooms/{room:str}"
    assert span.attributes is not None and span.attributes["http.route"] == "/rooms/{room:str}"
    event_spans = [s.name for s in telemetry.exporter.get_finished_spans() if s.kind != SpanKind.SERVER]
    assert "/rooms/{room:str} websocket send" in event_spans


def test_a_websocket_handler_error_marks_its_span_as_failed(telemetry: Telemetry) -> None:
    @websocket("/feed")
    async def feed(socket: WebSocket) -> None:
        await socket.accept()
        raise RuntimeError("the feed broke")

    with create_test_client(
        [feed], middleware=[telemetry.config().middleware], raise_server_exceptions=False
    ) as client:
        with client.websocket_connect("/feed") as connection:
            with pytest.raises(WebSocketDisconnect) as closed:
                connection.receive_text()
    assert closed.value.code == 4500

    (span,) = telemetry.server_spans()
    assert span.status.status_code == StatusCode.ERROR
    (event,) = span.events
    assert event.attributes is not None and event.attributes["exception.message"] == "the feed broke"


def test_scopes_limit_what_is_traced(telemetry: Telemetry) -> None:
    @websocket("/echo")
    async def echo(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("hi")
        await socket.close()

    config = telemetry.config(scopes={"http"})
    with create_test_client([echo, read_item], middleware=[config.middleware]) as client:
        with client.websocket_connect("/echo") as connection:
            assert connection.receive_text() == "hi"
        client.get("/items/1")
    assert telemetry.names() == ["GET /items/{item_id:int}"]


def test_excluded_paths_and_handlers_are_not_traced(telemetry: Telemetry) -> None:
    @get("/health", sync_to_thread=False)
    def health() -> str:
        return "ok"

    @get("/internal", opt={"no_tracing": True}, sync_to_thread=False)
    def internal() -> str:
        return "hidden"

    config = telemetry.config(exclude=["^/health$"], exclude_opt_key="no_tracing")
    with create_test_client([health, internal, read_item], middleware=[config.middleware]) as client:
        assert client.get("/health").text == "ok"
        assert client.get("/internal").text == "hidden"
        client.get("/items/1")
    assert telemetry.names() == ["GET /items/{item_id:int}"]


def test_urls_listed_in_the_environment_are_not_traced(
    telemetry: Telemetry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_PYTHON_MYAPP_EXCLUDED_URLS", "items/2")
    config = telemetry.config(exclude_urls_env_key="MYAPP")
    with create_test_client([read_item], middleware=[config.middleware]) as client:
        client.get("/items/2")
        client.get("/items/3")
    (span,) = telemetry.server_spans()
    assert span.attributes is not None and span.attributes["http.target"] == "/items/3"


def test_the_hooks_see_the_spans(telemetry: Telemetry) -> None:
    seen: list[str] = []

    def on_request(span: Any, scope: dict[str, Any]) -> None:
        span.set_attribute("app.user", "ada")
        seen.append(f"request {scope['path']}")

    # 1.5x's two-argument hooks: the receive hook gets the scope, the send hook the message.
    def on_receive(span: Any, scope: dict[str, Any]) -> None:
        seen.append(f"receive {scope['path']}")

    def on_send(span: Any, message: dict[str, Any]) -> None:
        seen.append(f"send {message['type']}")

    config = telemetry.config(
        server_request_hook_handler=on_request,
        client_request_hook_handler=on_receive,
        client_response_hook_handler=on_send,
    )
    with create_test_client([create_item], middleware=[config.middleware]) as client:
        client.post("/items", json={"id": 1})

    assert seen == ["request /items", "receive /items", "send http.response.start", "send http.response.body"]
    (span,) = telemetry.server_spans()
    assert span.attributes is not None and span.attributes["app.user"] == "ada"


def test_hooks_taking_the_scope_and_the_message_get_both(telemetry: Telemetry) -> None:
    hook_types = pytest.importorskip("opentelemetry.instrumentation.asgi.types")
    hook_type = typing.get_args(hook_types.ClientResponseHook)[0]
    if len(typing.get_args(hook_type)[0]) != 3:  # pragma: no cover - depends on the release installed
        pytest.skip("this release of the instrumentation calls its hooks with two arguments")
    seen: list[str] = []

    def on_send(span: Any, scope: dict[str, Any], message: dict[str, Any]) -> None:
        seen.append(f"{scope['path']} {message['type']}")

    config = telemetry.config(client_response_hook_handler=on_send)
    with create_test_client([read_item], middleware=[config.middleware]) as client:
        client.get("/items/1")
    assert seen == ["/items/1 http.response.start", "/items/1 http.response.body"]


def test_a_custom_span_details_extractor_names_the_span(telemetry: Telemetry) -> None:
    def details(scope: Scope) -> tuple[str, dict[str, Any]]:
        return f"item lookup via {scope['route_handler'].handler_name}", {"team": "catalogue"}

    config = telemetry.config(scope_span_details_extractor=details)
    with create_test_client([read_item], middleware=[config.middleware]) as client:
        client.get("/items/1")
    (span,) = telemetry.server_spans()
    assert span.name == "item lookup via read_item"
    assert span.attributes is not None and span.attributes["team"] == "catalogue"


def test_request_durations_are_recorded_by_method_and_status(telemetry: Telemetry) -> None:
    with create_test_client([read_item], middleware=[telemetry.config().middleware]) as client:
        client.get("/items/1")
        client.get("/items/2")

    data = telemetry.reader.get_metrics_data()
    assert data is not None
    metrics = {
        metric.name: metric
        for resource in data.resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
    }
    (point,) = metrics["http.server.duration"].data.data_points  # type: ignore[attr-defined]
    assert point.count == 2
    assert point.attributes["http.method"] == "GET"
    assert point.attributes["http.status_code"] == 200
    # The default conventions have no route here (docs: OTEL_SEMCONV_STABILITY_OPT_IN=http adds it).
    assert "http.route" not in point.attributes


def test_the_middleware_class_can_be_a_subclass(telemetry: Telemetry) -> None:
    calls: list[str] = []

    class CountingMiddleware(OpenTelemetryInstrumentationMiddleware):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            calls.append(scope["path"])
            await super().__call__(scope, receive, send)

    config = telemetry.config(middleware_class=CountingMiddleware)
    assert config.middleware.middleware is CountingMiddleware
    with create_test_client([read_item], middleware=[config.middleware]) as client:
        client.get("/items/1")
    assert calls == ["/items/1"]
    assert telemetry.names() == ["GET /items/{item_id:int}"]


def test_a_mounted_app_is_traced_by_its_mount_point(telemetry: Telemetry) -> None:
    @asgi("/files", is_mount=True)
    async def files(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    with create_test_client([files], middleware=[telemetry.config().middleware]) as client:
        assert client.get("/files/a/b.txt").text == "/a/b.txt"
    assert telemetry.names() == ["GET /files"]


def test_an_app_mounted_on_two_paths_is_traced_by_the_one_that_matched(telemetry: Telemetry) -> None:
    @asgi(["/files", "/media"], is_mount=True)
    async def files(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    with create_test_client([files, read_item], middleware=[telemetry.config().middleware]) as client:
        assert client.get("/media/a.png").text == "/a.png"
        # Below the mount point, the path is that of another route of the app: not this one's name.
        assert client.get("/media/items/1").text == "/items/1"
        assert client.get("/files/b.txt").text == "/b.txt"
    assert telemetry.names() == ["GET /media", "GET /media", "GET /files"]


def test_the_details_come_from_the_scope_after_routing() -> None:
    with create_test_client([read_item]) as client:
        app = client.app
    scope: Any = {"type": "http", "method": "GET", "path": "/items/3", "app": app, "route_handler": None}
    scope["route_handler"] = app.asgi_router.resolve("GET", "/items/3").handler
    assert get_route_details_from_scope(scope) == (
        "GET /items/{item_id:int}",
        {"http.route": "/items/{item_id:int}"},
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("scope_span_details_extractor", "not callable"),
        ("server_request_hook_handler", 42),
        ("tracer_provider", object()),
        ("meter", "meter"),
        ("exclude", 3),
        ("exclude_opt_key", ["key"]),
        ("exclude_urls_env_key", None),
        ("scopes", {"lifespan-ish"}),
        ("middleware_class", dict),
    ],
)
def test_a_wrong_option_is_a_validation_error(option: str, value: Any) -> None:
    with pytest.raises(pydantic.ValidationError, match=option):
        OpenTelemetryConfig(**{option: value})


def test_without_the_package_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.startswith("starlite.contrib.opentelemetry"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "opentelemetry.instrumentation.asgi", None)  # type: ignore[arg-type]
    with pytest.raises(MissingDependencyException, match=r"starlite\[opentelemetry\]"):
        importlib.import_module("starlite.contrib.opentelemetry")


def test_an_app_without_the_middleware_does_not_import_opentelemetry() -> None:
    code = (
        "import sys; from starlite import Starlite, get\n"
        "@get('/')\ndef index() -> str:\n    return 'hi'\n"
        "Starlite(route_handlers=[index])\n"
        "print(sorted(name for name in sys.modules if name.startswith('opentelemetry')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
