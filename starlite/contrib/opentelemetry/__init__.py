"""OpenTelemetry tracing and metrics for a Starlite app (``pip install starlite[opentelemetry]``).

Add ``OpenTelemetryConfig(...).middleware`` to the app's ``middleware``: every request and websocket
connection a handler serves gets a server span named after the route template that matched it.
"""

from starlite.contrib.opentelemetry.config import OpenTelemetryConfig
from starlite.contrib.opentelemetry.middleware import OpenTelemetryInstrumentationMiddleware
from starlite.contrib.opentelemetry.utils import get_route_details_from_scope

__all__ = ("OpenTelemetryConfig", "OpenTelemetryInstrumentationMiddleware", "get_route_details_from_scope")
