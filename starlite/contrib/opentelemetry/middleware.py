"""The middleware that traces each connection through OpenTelemetry's ASGI instrumentation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException
from starlite.middleware.base import AbstractMiddleware

try:
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from opentelemetry.util.http import get_excluded_urls
except ImportError as exc:
    raise MissingDependencyException(
        "opentelemetry", install_package="opentelemetry-instrumentation-asgi", extra="opentelemetry"
    ) from exc

if TYPE_CHECKING:
    from starlite.types import ASGIApp, Receive, Scope, Send

__all__ = ("OpenTelemetryInstrumentationMiddleware", "OpenTelemetryMiddleware", "get_excluded_urls")


class OpenTelemetryInstrumentationMiddleware(AbstractMiddleware):
    """Trace every connection a handler serves, with OpenTelemetry's ``OpenTelemetryMiddleware``.

    Like all middleware given to the app, a router, a controller or a handler, it runs after routing,
    around the handler: the span is named after the matched route, and a path that matches no route
    (answered 404 by the router) gets no span. Paths matching ``config.exclude``, handlers whose ``opt``
    holds ``config.exclude_opt_key`` and scope types outside ``config.scopes`` are not traced.

    Args:
        app: The next ASGI app.
        config: The ``OpenTelemetryConfig`` (not imported here: the config module imports this one).
    """

    def __init__(self, app: ASGIApp, config: Any) -> None:
        super().__init__(
            app=app, scopes=config.scopes, exclude=config.exclude, exclude_opt_key=config.exclude_opt_key
        )
        self.open_telemetry_middleware = OpenTelemetryMiddleware(
            app=app,
            client_request_hook=config.client_request_hook_handler,
            client_response_hook=config.client_response_hook_handler,
            default_span_details=config.scope_span_details_extractor,
            excluded_urls=get_excluded_urls(config.exclude_urls_env_key),
            meter=config.meter,
            meter_provider=config.meter_provider,
            server_request_hook=config.server_request_hook_handler,
            tracer_provider=config.tracer_provider,
        )
        # The instrumentation wraps ``app`` with asgiref's guess of ASGI 2 or 3, which takes a callable
        # object whose ``__call__`` returns an awaitable without being ``async def`` (the router's own
        # handler entry) for an ASGI 2 app. Every app behind a Starlite middleware is ASGI 3.
        self.open_telemetry_middleware.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection inside its server span."""
        await self.open_telemetry_middleware(scope, receive, send)  # type: ignore[arg-type]
