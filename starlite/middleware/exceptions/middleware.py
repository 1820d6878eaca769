"""``ExceptionHandlerMiddleware``: turns exceptions into error responses (or websocket closes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.utils.exception import (
    ResponseStartTracker,
    answer_exception,
    create_exception_response,
    get_exception_handler,
)

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("ExceptionHandlerMiddleware", "create_exception_response", "get_exception_handler")


class ExceptionHandlerMiddleware:
    """Catch exceptions from the wrapped app and answer them, as ``answer_exception`` does.

    HTTP: the handler registered for the exception (by status code or class) builds the response,
    else the default JSON error body is sent. Websocket: the connection is closed with the
    exception's ``code`` (``WebSocketException``) or ``4000 + status_code`` and its detail as reason.
    The middleware notes whether the wrapped app started its response: an exception raised after
    that can no longer be answered and is raised again.

    The router puts one around the middleware of every route handler that has middleware, with the
    handler's layered exception handlers; the handler answers its own errors inside the middleware.

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
