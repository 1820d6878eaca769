"""Exception handlers: finding the one for an exception, and the default error response.

The aliases of the exception handling options live here too, with what they name.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite.enums import MediaType
from starlite.exceptions import HTTPException
from starlite.response.base import Response
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

if TYPE_CHECKING:
    from starlite.connection.request import Request
    from starlite.datastructures.state import State
    from starlite.types.asgi_types import Scope
    from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = (
    "AfterExceptionHookHandler",
    "ExceptionHandler",
    "ExceptionHandlersMap",
    "create_exception_response",
    "get_exception_handler",
)

ExceptionHandler: TypeAlias = "Callable[[Request[Any, Any, Any], Exception], Response[Any]]"
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


def create_exception_response(exc: Exception, debug: bool = False, accept: str = "") -> Response[Any]:
    """Build the default error response: ``{"status_code", "detail", "extra"?}`` as JSON.

    Unhandled (non-HTTP) exceptions give a 500 that names nothing of the server's internals, unless
    ``debug`` is set: then any 500 sends the traceback, as HTML when the client accepts it, else as text.

    Args:
        exc: The exception.
        debug: Whether the application runs in debug mode.
        accept: The request's ``Accept`` header.
    """
    status_code = getattr(exc, "status_code", HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, HTTPException) and not (debug and status_code == HTTP_500_INTERNAL_SERVER_ERROR):
        content: dict[str, Any] = {"status_code": exc.status_code, "detail": exc.detail}
        if exc.extra is not None:
            content["extra"] = exc.extra
        return Response(content, status_code=exc.status_code, headers=exc.headers, media_type=MediaType.JSON)
    if debug:
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if "text/html" in accept:
            import html  # only debug error pages need it

            body = (
                f"<html><body><h1>{html.escape(repr(exc))}</h1><pre>{html.escape(trace)}</pre></body></html>"
            )
            return Response(body, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=MediaType.HTML)
        return Response(trace, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=MediaType.TEXT)
    content = {"status_code": HTTP_500_INTERNAL_SERVER_ERROR, "detail": "Internal Server Error"}
    return Response(content, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=MediaType.JSON)
