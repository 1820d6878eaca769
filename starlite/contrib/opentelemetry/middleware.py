"""The middleware that traces each connection through OpenTelemetry's ASGI instrumentation."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlite._connection_state import ConnectionState
from starlite.exceptions import MissingDependencyException
from starlite.middleware.base import AbstractMiddleware
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from starlite.utils.exception import answer_exception

try:
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from opentelemetry.trace import Status, StatusCode, get_current_span
    from opentelemetry.util.http import get_excluded_urls
except ImportError as exc:
    raise MissingDependencyException(
        "opentelemetry", install_package="opentelemetry-instrumentation-asgi", extra="opentelemetry"
    ) from exc

if TYPE_CHECKING:
    from starlite.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("OpenTelemetryInstrumentationMiddleware", "OpenTelemetryMiddleware", "get_excluded_urls")


def _two_argument_hook(hook: Callable[..., None] | None, keep: int) -> Callable[..., None] | None:
    """Call a 1.5x-style hook, ``hook(span, scope_or_message)``, from any release of the instrumentation.

    The releases of Starlite 1.5x's time called the receive hook with ``(span, scope)`` and the send hook
    with ``(span, message)``; later ones call both with ``(span, scope, message)``. A hook taking two
    arguments gets the scope (``keep=0``) or the message (``keep=-1``) from either; a hook taking three is
    passed as it is.
    """
    if hook is None:
        return None
    try:
        parameters = inspect.signature(hook).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: nothing to adapt
        return hook
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) != 2 or any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return hook

    def call(span: Any, *values: Any) -> None:
        hook(span, values[keep])

    return call


_WEBSOCKET_ERROR = 4000 + HTTP_500_INTERNAL_SERVER_ERROR


def _answer_errors_in_span(app: ASGIApp) -> ASGIApp:
    """Answer errors inside the server span, and record the error a 5xx answers on it.

    An error raised by a middleware inside this one (an authentication middleware's 401, CSRF's 403)
    is answered here, with the handler's exception handlers, as the exception handling outside would
    answer it: escaping through the instrumentation, it would mark the span of a client's error as
    failed, without its status code. A handler's own error is answered inside, before it could reach
    the instrumentation, which records only what escapes it: the span of a 500 would say that the
    request failed, not why; a websocket closed with 4500 would not say it failed at all.
    """

    async def answering(scope: Scope, receive: Receive, send: Send) -> None:
        span = get_current_span()  # the server span: the instrumentation made it current
        started = False

        async def send_recording(message: Message) -> None:
            nonlocal started
            kind = message["type"]
            if kind == "http.response.start" or kind == "websocket.close":
                started = True
                # A websocket closed with 4500 is an unhandled error (``websocket_close_message``);
                # the instrumentation reads no close code, so the span's status is set here.
                websocket_error = kind == "websocket.close" and message.get("code") == _WEBSOCKET_ERROR
                if websocket_error or (kind == "http.response.start" and message["status"] >= 500):
                    error = ConnectionState.from_scope(scope).reported_exception
                    if error is not None:
                        span.record_exception(error)
                    if websocket_error:
                        span.set_status(Status(StatusCode.ERROR))
            await send(message)

        try:
            await app(scope, receive, send_recording)
        except Exception as exc:
            if ConnectionState.from_scope(scope).escaping_exception is exc:
                raise  # raised again by the exception handling: the response had started
            handlers = scope["route_handler"].resolve_exception_handlers()
            debug = bool(getattr(scope.get("app"), "debug", False))
            await answer_exception(exc, scope, receive, send_recording, handlers, debug, started)

    return answering


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
            client_request_hook=_two_argument_hook(config.client_request_hook_handler, keep=0),
            client_response_hook=_two_argument_hook(config.client_response_hook_handler, keep=-1),
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
        self.open_telemetry_middleware.app = _answer_errors_in_span(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection inside its server span."""
        await self.open_telemetry_middleware(scope, receive, send)  # type: ignore[arg-type]
