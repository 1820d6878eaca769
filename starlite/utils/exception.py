"""Turning an exception into what the client gets: an error response, or a websocket close.

``answer_exception`` is the one routine that does it, for the handlers' own coroutines, for
``ExceptionHandlerMiddleware`` around route middleware and for the router (not-found and
method-not-allowed errors, and anything a route let escape). The aliases of the exception handling
options live here too, with what they name.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite._connection_state import ConnectionState
from starlite.connection.request import Request
from starlite.enums import MediaType
from starlite.exceptions import HTTPException, WebSocketException
from starlite.response.base import Response
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from starlite.utils._debug_render import debug_body
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.datastructures.state import State
    from starlite.types.asgi_types import Message, Receive, Scope, Send
    from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = (
    "AfterExceptionHookHandler",
    "ExceptionHandler",
    "ExceptionHandlersMap",
    "ExceptionResponseContent",
    "ResponseStartTracker",
    "answer_exception",
    "create_exception_response",
    "get_exception_handler",
    "is_http_error",
    "log_unhandled_exception",
    "websocket_close_message",
)

logger = logging.getLogger("starlite")

# Once a response has started (or a websocket closed), an error can no longer be answered with an
# error response.
_STARTING_MESSAGES = frozenset({"http.response.start", "websocket.close"})

ExceptionHandler: TypeAlias = "Callable[[Request[Any, Any], Exception], Response[Any]]"
"""An exception handler: builds the response for an exception from the request and the exception."""
ExceptionHandlersMap: TypeAlias = "Mapping[int | type[Exception], ExceptionHandler]"
"""The ``exception_handlers`` of a layer: handlers keyed by status code or exception class."""
AfterExceptionHookHandler: TypeAlias = "Callable[[Exception, Scope, State], SyncOrAsyncUnion[None]]"
"""``after_exception`` hook: called with the exception, the scope and ``app.state``."""


def get_exception_handler(exception_handlers: Mapping[Any, Any], exc: Exception) -> Any:
    """Find the handler for ``exc``: by status code first, then by class along the MRO.

    A handler registered for 500 also handles exceptions that carry no status code.

    Args:
        exception_handlers: Handlers keyed by status code or exception class.
        exc: The exception.

    Returns:
        The handler, or ``None``.
    """
    if not exception_handlers:
        return None
    status_code = getattr(exc, "status_code", None)
    if status_code is not None and status_code in exception_handlers:
        return exception_handlers[status_code]
    for cls in type(exc).__mro__:
        if cls in exception_handlers:
            return exception_handlers[cls]
    if status_code is None and HTTP_500_INTERNAL_SERVER_ERROR in exception_handlers:
        return exception_handlers[HTTP_500_INTERNAL_SERVER_ERROR]
    return None


def is_http_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an HTTP error, an answer rather than a crash.

    ``HTTPException`` and its subclasses are, and so is any exception with an integer
    ``status_code`` and a ``detail`` (Starlette's ``HTTPException``, which 1.5x apps raise too).
    """
    return isinstance(exc, HTTPException) or (
        isinstance(getattr(exc, "status_code", None), int) and hasattr(exc, "detail")
    )


@dataclass
class ExceptionResponseContent:
    """The body of an error response, and the headers it is sent with.

    Attributes:
        status_code: The status code.
        detail: What went wrong.
        headers: Headers of the response.
        extra: Further data (a mapping or a list), sent when not ``None``.
    """

    status_code: int
    detail: str
    headers: dict[str, Any] | None = None
    extra: dict[str, Any] | list[Any] | None = None

    def to_response(self) -> Response[Any]:
        """Return the JSON response: ``{"status_code", "detail", "extra"?}`` with the headers."""
        content: dict[str, Any] = {"status_code": self.status_code, "detail": self.detail}
        if self.extra is not None:
            content["extra"] = self.extra
        return Response(
            content, status_code=self.status_code, headers=self.headers, media_type=MediaType.JSON
        )


def create_exception_response(
    exc: Exception, debug: bool = False, accept: str = "", scope: Scope | None = None
) -> Response[Any]:
    """Build the default error response: ``{"status_code", "detail", "extra"?}`` as JSON.

    HTTP errors (see ``is_http_error``) give their status code, detail, headers and extra.
    Unhandled exceptions give a 500 that names nothing of the server's internals, unless ``debug``
    is set: then any 500 sends the traceback, as an HTML page when the client prefers ``text/html``,
    as JSON (the traceback's lines in ``extra``) when it prefers ``application/json``, and as plain
    text otherwise.

    Args:
        exc: The exception.
        debug: Whether the application runs in debug mode.
        accept: The request's ``Accept`` header.
        scope: The request's scope; its method and path title the HTML page.
    """
    status_code = getattr(exc, "status_code", HTTP_500_INTERNAL_SERVER_ERROR)
    if is_http_error(exc) and not (debug and status_code == HTTP_500_INTERNAL_SERVER_ERROR):
        return ExceptionResponseContent(
            status_code=status_code,
            detail=str(getattr(exc, "detail", "")),
            headers=getattr(exc, "headers", None),
            extra=getattr(exc, "extra", None),
        ).to_response()
    if debug:
        method = str(scope.get("method", "")) if scope is not None else ""
        path = str(scope.get("path", "")) if scope is not None else ""
        body, media_type = debug_body(exc, accept, method, path)
        return Response(body, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=media_type)
    content = {"status_code": HTTP_500_INTERNAL_SERVER_ERROR, "detail": "Internal Server Error"}
    return Response(content, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=MediaType.JSON)


def log_unhandled_exception(exc: BaseException, scope: Scope) -> None:
    """Log an exception the application answers with a 500 (or a websocket close with 4500).

    Once, at ERROR, with its traceback: through the app's logger when it has a ``logging_config``,
    else through ``logging.getLogger("starlite")``.
    """
    app_logger = getattr(scope.get("app"), "logger", None) or logger
    # The path is the client's: repr keeps a newline in it from forging a second log line.
    where = f"{scope.get('method', 'WEBSOCKET')} {scope.get('path', '')!r}"
    app_logger.error(f"Unhandled exception on {scope['type']} connection, {where}", exc_info=exc)


class ResponseStartTracker:
    """A ``send`` that notes whether the response has started (or the websocket closed).

    Args:
        send: The ``send`` it passes messages to.
        early: Count the response as started as soon as its first message is handed over, even if
            that ``send`` then fails (the message may have reached the client); otherwise only once
            it went through (a middleware that refused it lets the error still be answered).
    """

    __slots__ = ("send", "started", "early")

    def __init__(self, send: Send, early: bool = True) -> None:
        self.send = send
        self.started = False
        self.early = early

    async def __call__(self, message: Message) -> None:
        """Pass ``message`` on, noting a response start."""
        starts = message["type"] in _STARTING_MESSAGES
        if starts and self.early:
            self.started = True
        await self.send(message)
        if starts:
            self.started = True


async def answer_exception(
    exc: Exception,
    scope: Scope,
    receive: Receive,
    send: Send,
    exception_handlers: Mapping[Any, Any],
    debug: bool,
    started: bool,
) -> None:
    """Answer ``exc``, raised while serving a connection.

    In order: the application's ``after_exception`` hooks run (once per exception, however many
    layers see it); an exception raised after the response started is raised again, and so is an
    unhandled websocket error when the test client asked for server exceptions; a websocket is
    closed with the exception's code; an HTTP request gets the response of the exception handler
    registered for it (by status code or class), else the default error response. An exception
    raised again here is marked on the connection, so that the layers outside let it through
    instead of answering it a second time.

    Args:
        exc: The exception.
        scope: The connection's scope.
        receive: The ASGI receive callable.
        send: The ASGI send callable.
        exception_handlers: The exception handlers that apply, by status code or exception class.
        debug: Send tracebacks in 500 responses.
        started: Whether the response has started (or the websocket closed).
    """
    state = ConnectionState.from_scope(scope)
    await _run_after_exception_hooks(exc, scope, state)
    if started:
        state.escaping_exception = exc
        raise exc
    if scope["type"] == "websocket":
        await _close_websocket(exc, scope, send, state)
        return
    handler = get_exception_handler(exception_handlers, exc)
    unhandled = handler is None and not is_http_error(exc)
    if unhandled and not state.raise_server_exceptions:
        # When the test client re-raises the exception, the test reports it; no need to log it too.
        log_unhandled_exception(exc, scope)
    if handler is not None:
        response = handler(Request(scope, receive, send), exc)
        if inspect.isawaitable(response):
            response = await response
    else:
        accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), "")
        response = create_exception_response(exc, debug=debug, accept=accept, scope=scope)
    await response(scope, receive, send)
    if unhandled and state.raise_server_exceptions and state.server_exception is None:
        # Kept for the test client, which raises it once the app returns: raised here, it would
        # travel through middleware that already saw a complete response.
        state.server_exception = exc


def websocket_close_message(exc: Exception) -> Message:
    """The ``websocket.close`` message that answers ``exc``.

    A ``WebSocketException`` closes with its code and detail; an HTTP error with ``4000 + status``
    and its detail; anything else with 4500 and a reason that names nothing of the server's internals.
    """
    if isinstance(exc, WebSocketException):
        code, reason = exc.code, exc.detail
    elif is_http_error(exc):
        code, reason = 4000 + exc.status_code, str(exc.detail)  # type: ignore[attr-defined]
    else:
        code, reason = 4000 + HTTP_500_INTERNAL_SERVER_ERROR, "Internal Server Error"
    return {"type": "websocket.close", "code": code, "reason": reason}


async def _close_websocket(exc: Exception, scope: Scope, send: Send, state: ConnectionState) -> None:
    unhandled = not isinstance(exc, WebSocketException) and not is_http_error(exc)
    if unhandled and state.raise_server_exceptions:
        state.escaping_exception = exc
        raise exc  # the test client reports the original error; a synthetic close would hide it
    if unhandled:
        log_unhandled_exception(exc, scope)
    await send(websocket_close_message(exc))


async def _run_after_exception_hooks(exc: Exception, scope: Scope, state: ConnectionState) -> None:
    if state.reported_exception is exc:
        return
    # Kept even without hooks: the OpenTelemetry middleware records it on the span of the 500.
    state.reported_exception = exc
    app = scope.get("app")
    hooks = getattr(app, "after_exception", None)
    if not hooks:
        return
    for hook in hooks:
        try:
            await AsyncCallable(hook, sync_to_thread=False)(exc, scope, app.state)
        except Exception:
            # The error response must still go out: a failing hook (a reporting service that is down,
            # say) is logged rather than replacing the error the client is waiting for.
            logger.exception("after_exception hook %r raised while handling %r", hook, exc)
