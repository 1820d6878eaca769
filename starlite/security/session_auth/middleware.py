"""The middleware of session authentication: ``SessionAuthMiddleware``, and the wrapper that installs it.

``MiddlewareWrapper`` is what ``SessionAuth.middleware`` adds to a layer. It stacks, from the outside in:

1. ``SessionMiddleware``: loads ``scope["session"]``, and stores it when the response starts;
2. ``ExceptionHandlerMiddleware`` with the route's exception handlers: a refused connection gets its
   401 here, *inside* the session middleware, so that the session the auth middleware cleared is
   deleted in that same response (its cookie expired);
3. the authentication middleware (``SessionAuth.authentication_middleware_class``);
4. the rest of the stack.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from starlite.exceptions import NotAuthorizedException
from starlite.middleware.authentication import AbstractAuthenticationMiddleware, AuthenticationResult
from starlite.middleware.exceptions import ExceptionHandlerMiddleware
from starlite.middleware.session.base import SessionMiddleware
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.connection.base import ASGIConnection
    from starlite.enums import ScopeType
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("MiddlewareWrapper", "SessionAuthMiddleware")


class MiddlewareWrapper:
    """The session middleware around the authentication middleware; what ``SessionAuth.middleware`` adds.

    The stack is built on the first connection, when the route's exception handlers and the
    application's ``debug`` flag can be read from the scope; the middleware stack is built once per
    route handler, so they do not change afterwards.

    Args:
        app: The next ASGI app.
        config: The session authentication config (a ``SessionAuth``, which builds this wrapper).
    """

    def __init__(self, app: ASGIApp, config: Any) -> None:
        self.app = app
        self.config = config
        self._stack: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Build the stack on first use, then pass the connection through it."""
        if self._stack is None:
            self._stack = self._build(scope)
        await self._stack(scope, receive, send)

    def _build(self, scope: Scope) -> ASGIApp:
        config = self.config
        auth_middleware = config.authentication_middleware_class(
            app=self.app,
            exclude=config.exclude,
            exclude_opt_key=config.exclude_opt_key,
            scopes=config.scopes,
            retrieve_user_handler=config.retrieve_user_handler,
        )
        route_handler = scope.get("route_handler")
        exception_handlers = route_handler.resolve_exception_handlers() if route_handler is not None else {}
        exception_middleware = ExceptionHandlerMiddleware(
            app=auth_middleware, debug=scope["app"].debug, exception_handlers=exception_handlers
        )
        return SessionMiddleware(app=exception_middleware, backend=config.session_backend)


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Authenticate a connection by its session: the user is whatever ``retrieve_user_handler`` finds.

    A connection without a session, or whose session names no user (``retrieve_user_handler``
    returned ``None`` or another false value, as in 1.5x), is refused with a 401 and its session is
    cleared, so a stale or forged session cookie is deleted. ``request.auth`` is the session dict.

    Args:
        app: The next ASGI app.
        exclude: A regex or list of regexes; matching paths are not authenticated.
        exclude_opt_key: A handler ``opt`` key; handlers with a truthy value are not authenticated.
        scopes: The connection types authenticated; ``None`` for ``http`` and ``websocket``.
        retrieve_user_handler: Called with the session dict and the connection; returns the user.
    """

    def __init__(
        self,
        app: ASGIApp,
        exclude: str | list[str] | None,
        exclude_opt_key: str,
        scopes: Iterable[ScopeType] | None,
        retrieve_user_handler: Callable[[dict[str, Any], ASGIConnection[Any, Any, Any]], Any],
    ) -> None:
        super().__init__(app=app, exclude=exclude, exclude_from_auth_key=exclude_opt_key, scopes=scopes)
        self.retrieve_user_handler: Callable[
            [dict[str, Any], ASGIConnection[Any, Any, Any]], Awaitable[Any]
        ] = (
            retrieve_user_handler
            if isinstance(retrieve_user_handler, AsyncCallable)
            else AsyncCallable(retrieve_user_handler)
        )

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        """Find the user of the connection's session.

        Raises:
            NotAuthorizedException: When the session is empty or names no user.
        """
        session = connection.session
        if not session:
            connection.clear_session()
            raise NotAuthorizedException("no session data found")
        user = await self.retrieve_user_handler(session, connection)
        if not user:
            connection.clear_session()
            raise NotAuthorizedException("no user correlating to session found")
        return AuthenticationResult(user=user, auth=session)
