"""A database that cannot be reached is a 503: the exception handlers the plugin adds to the app.

SQLAlchemy reports a failed connection as an ``OperationalError`` or ``InterfaceError`` raised before
any statement ran (``statement`` is ``None``), or with ``connection_invalidated`` when the connection
died under a statement; asyncpg's refused connection comes through as the bare ``ConnectionRefusedError``;
a pool with no connection left raises ``sqlalchemy.exc.TimeoutError``. Those are answered with a 503
whose body names nothing of the server (no URL, no driver message) and logged as one warning line.
Any other exception of these classes gets the answer it would get without the plugin.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import exc as sqlalchemy_exc

from starlite._connection_state import ConnectionState
from starlite.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from starlite.utils.exception import (
    ExceptionResponseContent,
    create_exception_response,
    log_unhandled_exception,
)

if TYPE_CHECKING:
    from starlite.connection.request import Request
    from starlite.response.base import Response

__all__ = ("DATABASE_UNAVAILABLE", "database_error_handlers", "is_connection_failure")

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


def answer_database_error(request: Request[Any, Any], exc: Exception) -> Response[Any]:
    """Answer a failed database connection with a 503, anything else as the app would without the plugin."""
    scope = request.scope
    if not is_connection_failure(exc):
        state = ConnectionState.from_scope(scope)
        if state.raise_server_exceptions:
            # The test client raises it once the app returns, as for any unhandled exception.
            state.server_exception = state.server_exception or exc
        else:
            log_unhandled_exception(exc, scope)
        accept = request.headers.get("accept", "")
        return create_exception_response(exc, debug=request.app.debug, accept=accept, scope=scope)
    cause = exc.orig if isinstance(exc, sqlalchemy_exc.DBAPIError) and exc.orig is not None else exc
    app_logger = getattr(scope.get("app"), "logger", None) or logger
    # The path is the client's: repr keeps a newline in it from forging a second log line.
    app_logger.warning(
        f"The database is unavailable: {type(cause).__name__};"
        f" answered 503 to {scope.get('method')} {scope['path']!r}"
    )
    return ExceptionResponseContent(
        status_code=HTTP_503_SERVICE_UNAVAILABLE, detail=DATABASE_UNAVAILABLE
    ).to_response()


def database_error_handlers() -> dict[type[Exception], Any]:
    """The exception handlers the plugin adds to the app (those the app already has for a class win)."""
    classes: tuple[type[Exception], ...] = (
        sqlalchemy_exc.OperationalError,
        sqlalchemy_exc.InterfaceError,
        sqlalchemy_exc.TimeoutError,
        ConnectionError,
    )
    return dict.fromkeys(classes, answer_database_error)
