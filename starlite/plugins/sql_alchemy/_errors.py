"""A database that cannot be reached is a 503: the exception handlers the plugin adds to the app.

SQLAlchemy reports a failed connection as an ``OperationalError`` or ``InterfaceError`` raised before
any statement ran (``statement`` is ``None``), or with ``connection_invalidated`` when the connection
died under a statement; asyncpg's refused connection comes through as the bare ``ConnectionRefusedError``;
a pool with no connection left raises ``sqlalchemy.exc.TimeoutError``. Those are answered with a 503
whose body names nothing of the server (no URL, no driver message) and logged as one warning line.
An application's own handler for 503 answers it (given a ``ServiceUnavailableException``). Any other
exception of these classes gets the answer it would get without the plugin (its handler for a broader
class, or for 500, if any).
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import exc as sqlalchemy_exc

from starlite._connection_state import ConnectionState
from starlite.exceptions import ServiceUnavailableException
from starlite.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from starlite.utils.exception import (
    ExceptionResponseContent,
    create_exception_response,
    get_exception_handler,
    log_unhandled_exception,
)

if TYPE_CHECKING:
    from starlite.connection.request import Request

__all__ = ("DATABASE_UNAVAILABLE", "database_error_handlers", "database_unavailable", "is_connection_failure")

DATABASE_UNAVAILABLE = "The database is unavailable"
"""The ``detail`` of the 503 response."""

logger = logging.getLogger("starlite")


def is_connection_failure(exc: BaseException) -> bool:
    """Whether ``exc`` says the database could not be reached (rather than that a statement failed)."""
    if isinstance(exc, sqlalchemy_exc.TimeoutError):
        return True
    if isinstance(exc, sqlalchemy_exc.DBAPIError):
        return exc.connection_invalidated or exc.statement is None
    return isinstance(exc, ConnectionError) and _raised_through_sqlalchemy(exc.__traceback__)


def _raised_through_sqlalchemy(traceback: TracebackType | None) -> bool:
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__name__", "").startswith("sqlalchemy."):
            return True
        traceback = traceback.tb_next
    return False


def database_unavailable(exc: BaseException, scope: Any) -> ServiceUnavailableException:
    """Log a failed connection as one warning line; return the 503 that answers it (no internals)."""
    cause = exc.orig if isinstance(exc, sqlalchemy_exc.DBAPIError) and exc.orig is not None else exc
    app_logger = getattr(scope.get("app"), "logger", None) or logger
    # The path is the client's: repr keeps a newline in it from forging a second log line.
    app_logger.warning(
        f"The database is unavailable: {type(cause).__name__};"
        f" answered 503 to {scope.get('method', 'WEBSOCKET')} {scope['path']!r}"
    )
    return ServiceUnavailableException(detail=DATABASE_UNAVAILABLE)


def answer_database_error(request: Request[Any, Any], exc: Exception) -> Any:
    """Answer a failed database connection with a 503, anything else as the app would without the plugin."""
    scope = request.scope
    if not is_connection_failure(exc):
        return _answer_as_without_the_plugin(request, exc)
    unavailable = database_unavailable(exc, scope)
    own_handler = _app_handler(request, HTTP_503_SERVICE_UNAVAILABLE)
    if own_handler is not None:  # the application's handler for 503 answers it
        return own_handler(request, unavailable)
    return ExceptionResponseContent(
        status_code=unavailable.status_code, detail=unavailable.detail
    ).to_response()


def _app_handler(request: Request[Any, Any], status_code: int) -> Any:
    """The application's exception handler for a status code, where the request's route handler sees it."""
    route_handler = request.scope.get("route_handler")
    return route_handler.resolve_exception_handlers().get(status_code) if route_handler is not None else None


def _answer_as_without_the_plugin(request: Request[Any, Any], exc: Exception) -> Any:
    scope = request.scope
    # The handler the app would pick without the plugin's: one for a broader class (``SQLAlchemyError``,
    # ``OSError``, ``Exception``), else one for 500.
    route_handler = scope.get("route_handler")
    if route_handler is not None:
        own = {
            key: handler
            for key, handler in route_handler.resolve_exception_handlers().items()
            if handler is not answer_database_error
        }
        fallback = get_exception_handler(own, exc)
        if fallback is not None:
            return fallback(request, exc)
    state = ConnectionState.from_scope(scope)
    if state.raise_server_exceptions:
        # The test client raises it once the app returns, as for any unhandled exception.
        state.server_exception = state.server_exception or exc
    else:
        log_unhandled_exception(exc, scope)
    accept = request.headers.get("accept", "")
    return create_exception_response(exc, debug=request.app.debug, accept=accept, scope=scope)


def database_error_handlers() -> dict[type[Exception], Any]:
    """The exception handlers the plugin adds to the app (those the app already has for a class win)."""
    classes: tuple[type[Exception], ...] = (
        sqlalchemy_exc.OperationalError,
        sqlalchemy_exc.InterfaceError,
        sqlalchemy_exc.TimeoutError,
        ConnectionError,
    )
    return dict.fromkeys(classes, answer_database_error)
