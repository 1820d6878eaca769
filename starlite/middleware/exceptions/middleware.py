"""``ExceptionHandlerMiddleware``: turns exceptions into error responses (or websocket closes)."""

from __future__ import annotations

import inspect
import logging
from typing import TYPE_CHECKING, Any

from starlite._connection_state import ConnectionState
from starlite.exceptions import HTTPException, WebSocketException
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from starlite.utils.exception import create_exception_response, get_exception_handler
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("ExceptionHandlerMiddleware", "create_exception_response", "get_exception_handler")

logger = logging.getLogger("starlite")


class ExceptionHandlerMiddleware:
    """Catch exceptions from the wrapped app and answer with the matching exception handler's response.

    HTTP: the handler registered for the exception (by status code or class) builds the response,
    else the default JSON error body is sent. Websocket: the connection is closed with the
    exception's ``code`` (``WebSocketException``) or ``4000 + status_code`` and its detail as reason.

    Before anything else, the application's ``after_exception`` hooks (``scope["app"].after_exception``)
    are called with ``(exception, scope, app.state)``, once per exception even when an enclosing layer
    of this middleware catches it again. A hook that raises is logged and the next one still runs.

    An exception no handler took (neither an ``HTTPException`` nor one with a registered handler) is
    logged; when the test client asked for it, it is kept on the connection state once the 500 is
    sent, and the test client re-raises it when the app returns, so the test sees the original error
    (raised here, it would travel through middleware that already saw a complete response). An
    exception raised after the response started is re-raised as is.

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
        """Run the wrapped app, handling what it raises."""
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            await self.handle(exc, scope, receive, send)

    async def handle(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer ``exc``, raised by the wrapped app: what ``__call__`` does when the app raises.

        The hooks run first; then an exception raised after the response started is re-raised,
        a websocket is closed, and an HTTP request gets the error response.

        Args:
            exc: The exception.
            scope: The connection's scope.
            receive: The ASGI receive callable.
            send: The ASGI send callable.
        """
        state = ConnectionState.from_scope(scope)
        await _run_after_exception_hooks(exc, scope, state)
        if state.response_started:
            raise exc
        if scope["type"] == "websocket":
            await self._close_websocket(exc, scope, send)
            return
        await self._send_error_response(exc, scope, receive, send, state)

    async def _close_websocket(self, exc: Exception, scope: Scope, send: Send) -> None:
        state = ConnectionState.from_scope(scope)
        unhandled = not isinstance(exc, HTTPException | WebSocketException)
        if unhandled and state.raise_server_exceptions:
            raise exc  # the test client reports the original error; a synthetic close would hide it
        if isinstance(exc, WebSocketException):
            code, reason = exc.code, exc.detail
        else:
            code = 4000 + getattr(exc, "status_code", HTTP_500_INTERNAL_SERVER_ERROR)
            reason = exc.detail if isinstance(exc, HTTPException) else "Internal Server Error"
        if unhandled:
            logger.error("Unhandled exception in websocket handler", exc_info=exc)
        await send({"type": "websocket.close", "code": code, "reason": reason})

    async def _send_error_response(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, state: ConnectionState
    ) -> None:
        from starlite.connection import Request

        handler = get_exception_handler(self.exception_handlers, exc)
        unhandled = handler is None and not isinstance(exc, HTTPException)
        if unhandled and not state.raise_server_exceptions:
            # When the test client re-raises the exception, the test reports it; no need to log it too.
            logger.error("Unhandled exception", exc_info=exc)
        if handler is not None:
            response = handler(Request(scope, receive, send), exc)
            if inspect.isawaitable(response):
                response = await response
        else:
            accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), "")
            response = create_exception_response(exc, debug=self.debug, accept=accept)
        await response(scope, receive, send)
        if unhandled and state.raise_server_exceptions and state.server_exception is None:
            state.server_exception = exc


async def _run_after_exception_hooks(exc: Exception, scope: Scope, state: ConnectionState) -> None:
    app = scope.get("app")
    hooks = getattr(app, "after_exception", None)
    if not hooks or state.reported_exception is exc:
        return
    state.reported_exception = exc
    for hook in hooks:
        try:
            await AsyncCallable(hook, sync_to_thread=False)(exc, scope, app.state)
        except Exception:
            # The error response must still go out: a failing hook (a reporting service that is down,
            # say) is logged rather than replacing the error the client is waiting for.
            logger.exception("after_exception hook %r raised while handling %r", hook, exc)
