"""Tracing every request with OpenTelemetry; here the spans go to memory, where a test can read them."""

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from starlite import NotFoundException, Starlite, get
from starlite.contrib.opentelemetry import OpenTelemetryConfig
from starlite.testing import TestClient

# In production: a BatchSpanProcessor with an OTLP exporter, usually set up as the global provider.
exporter = InMemorySpanExporter()
tracer_provider = TracerProvider()
tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))

open_telemetry = OpenTelemetryConfig(
    tracer_provider=tracer_provider,
    exclude=["^/health$"],  # probes would drown the interesting traces
)

ORDERS = {1: "two books", 2: "a lamp"}


@get("/orders/{order_id:int}")
def get_order(order_id: int) -> dict[str, str]:
    if order_id not in ORDERS:
        raise NotFoundException(f"no order {order_id}")
    return {"contents": ORDERS[order_id]}


@get("/health")
def health() -> str:
    return "ok"


app = Starlite(route_handlers=[get_order, health], middleware=[open_telemetry.middleware])


def test_one_span_per_route_whatever_the_order_number() -> None:
    exporter.clear()
    with TestClient(app=app) as client:
        client.get("/orders/1")
        client.get("/orders/2")
        client.get("/orders/3")
        client.get("/health")
    spans = [span for span in exporter.get_finished_spans() if span.kind == SpanKind.SERVER]
    assert [span.name for span in spans] == ["GET /orders/{order_id:int}"] * 3
    assert [span.attributes["http.status_code"] for span in spans if span.attributes] == [200, 200, 404]
    assert {span.attributes["http.route"] for span in spans if span.attributes} == {"/orders/{order_id:int}"}
