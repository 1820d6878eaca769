"""Authentication middleware: subclass ``AbstractAuthenticationMiddleware`` to say who a connection is.

The middleware runs before guards and handlers. Its ``authenticate_request`` either returns an
``AuthenticationResult``, stored as ``scope["user"]`` and ``scope["auth"]`` (read back as
``request.user`` and ``request.auth``), or raises ``NotAuthorizedException`` (a 401, or a websocket
closed with 4401) or ``PermissionDeniedException`` (403, 4403)::

    class TokenMiddleware(AbstractAuthenticationMiddleware):
        async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
            user = USERS.get(connection.headers.get("x-token", ""))
            if user is None:
                raise NotAuthorizedException("Unknown token")
            return AuthenticationResult(user=user, auth=connection.headers["x-token"])

    app = Starlite(route_handlers=[...], middleware=[TokenMiddleware])
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlite.connection.base import ASGIConnection
from starlite.middleware.base import AbstractMiddleware

if TYPE_CHECKING:
    from starlite.enums import ScopeType
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("AbstractAuthenticationMiddleware", "AuthenticationResult")


@dataclass
class AuthenticationResult:
    """Who a connection is: what ``authenticate_request`` returns.

    Attributes:
        user: The user, any value (a model, a dict, an id); becomes ``request.user``.
        auth: The credentials it was authenticated with (a token, the session); becomes ``request.auth``.
    """

    user: Any = None
    auth: Any = None


class AbstractAuthenticationMiddleware(AbstractMiddleware, ABC):
    """Authenticate every connection, except those excluded, before its handler runs.

    Subclasses implement ``authenticate_request``. Connections whose path matches ``exclude``, whose
    handler has a truthy ``opt[exclude_from_auth_key]``, or whose type is not in ``scopes`` pass
    through unauthenticated (``request.user`` is then not set).

    The exceptions ``authenticate_request`` raises are handled like a handler's: the route's
    exception handlers answer them (user middleware runs inside the exception handling).

    Args:
        app: The next ASGI app.
        exclude: A regex or list of regexes; matching paths are not authenticated.
        exclude_from_auth_key: A handler ``opt`` key; handlers with a truthy value are not authenticated.
        scopes: The connection types authenticated: ``http`` and ``websocket`` by default.
    """

    def __init__(
        self,
        app: ASGIApp,
        exclude: str | list[str] | None = None,
        exclude_from_auth_key: str = "exclude_from_auth",
        scopes: Iterable[ScopeType] | None = None,
    ) -> None:
        # As in 1.5x, an empty ``scopes`` means the default (both), not "authenticate nothing".
        super().__init__(
            app=app, exclude=exclude, exclude_opt_key=exclude_from_auth_key, scopes=scopes or None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate the connection, store the result in the scope, and call the next app."""
        # 1.5x hands authenticate_request a plain ASGIConnection for both HTTP and websockets: it
        # must not read the body, which the handler still needs.
        connection: ASGIConnection[Any, Any, Any] = ASGIConnection(scope, receive=receive, send=send)
        result = await self.authenticate_request(connection)
        connection.scope["user"] = result.user
        connection.scope["auth"] = result.auth
        await self.app(scope, receive, send)

    @abstractmethod
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        """Tell who the connection is.

        Args:
            connection: The connection (headers, cookies, query, session, ...).

        Returns:
            The user and credentials to store in the scope.

        Raises:
            NotAuthorizedException: When the connection is not authenticated (401).
            PermissionDeniedException: When it is authenticated but refused (403).
        """
