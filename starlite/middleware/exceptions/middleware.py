"""``ExceptionHandlerMiddleware``: turns exceptions into error responses (or websocket closes)."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from starlite.connection.request import Request
from starlite.middleware.exceptions.debug_response import create_debug_response
from starlite.utils.exception import (
    ResponseStartTracker,
    answer_exception,
    create_exception_response,
    get_exception_handler,
    websocket_close_message,
)

if TYPE_CHECKING:
    from starlite.response.base import Response
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = (
    "ExceptionHandlerMiddleware",
    "create_debug_response",
    "create_exception_response",
    "get_exception_handler",
)


class ExceptionHandlerMiddleware:
    """Catch exceptions from the wrapped app and answer them, as ``answer_exception`` does.

    HTTP: the handler registered for the exception (by status code or class) builds the response,
    else the default JSON error body is sent. Websocket: the connection is closed with the
    exception's ``code`` (``WebSocketException``) or ``4000 + status_code`` and its detail as reason.
    The middleware notes whether the wrapped app started its response: an exception raised after
    that can no longer be answered and is raised again.

    The router puts one around the middleware of every route handler that has middleware, with the
    handler's layered exception handlers; the handler answers its own errors inside the middleware.

    The methods ``default_http_exception_handler``, ``handle_request_exception`` and
    ``handle_websocket_exception`` are 1.5x's steps of that work, for code that calls them; the
    middleware itself goes through ``answer_exception``.

    Args:
        app: The wrapped ASGI app.
        debug: Send tracebacks in 500 responses.
        exception_handlers: Handlers keyed by exception class or status code.
    """

    __slots__ = ("app", "debug", "exception_handlers")

    def __init__(self, app: ASGIApp, debug: bool, exception_handlers: dict[Any, Any]) -> None:
        self.app = app
        self.debug = debug
        self.exception_handlers = exception_handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the wrapped app, answering what it raises."""
        tracker = ResponseStartTracker(send)
        try:
            await self.app(scope, receive, tracker)
        except Exception as exc:
            await answer_exception(
                exc, scope, receive, send, self.exception_handlers, self.debug, tracker.started
            )

    def default_http_exception_handler(self, request: Request[Any, Any], exc: Exception) -> Response[Any]:
        """The response for an exception no handler is registered for.

        HTTP errors give their status code and detail; other exceptions a 500 that reveals nothing,
        or, in debug mode, the traceback.
        """
        accept = next(
            (v.decode("latin-1") for k, v in request.scope.get("headers", ()) if k == b"accept"), ""
        )
        return create_exception_response(exc, debug=self.debug, accept=accept, scope=request.scope)

    async def handle_request_exception(
        self, starlite_app: Any, scope: Scope, receive: Receive, send: Send, exc: Exception
    ) -> None:
        """Answer an exception raised while serving an HTTP request, with no response started.

        The handler registered for it builds the response, else ``default_http_exception_handler``.
        Unlike the middleware's own path, no ``after_exception`` hook runs here.

        Args:
            starlite_app: The application (unused: the handlers are the middleware's own).
            scope: The connection's scope.
            receive: The ASGI receive callable.
            send: The ASGI send callable.
            exc: The exception.
        """
        handler = get_exception_handler(self.exception_handlers, exc) or self.default_http_exception_handler
        response = handler(Request(scope, receive, send), exc)
        if inspect.isawaitable(response):
            response = await response
        await response(scope, receive, send)

    async def handle_websocket_exception(self, send: Send, exc: Exception) -> None:
        """Close a websocket because of ``exc``: see ``websocket_close_message`` for code and reason."""
        await send(websocket_close_message(exc))
