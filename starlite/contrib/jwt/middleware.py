"""The middleware of JWT authentication: a token from a header (or a cookie) turned into a user.

``JWTAuth.middleware`` and ``JWTCookieAuth.middleware`` build these with the config's options; they
can also be added to any layer's ``middleware`` by hand, through ``DefineMiddleware``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

from starlite.contrib.jwt.jwt_token import Token, prepared_key
from starlite.exceptions import NotAuthorizedException
from starlite.middleware.authentication import AbstractAuthenticationMiddleware, AuthenticationResult
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.connection.base import ASGIConnection
    from starlite.enums import ScopeType
    from starlite.types.asgi_types import ASGIApp

__all__ = ("JWTAuthenticationMiddleware", "JWTCookieAuthenticationMiddleware")

RetrieveUser = Callable[[Token, "ASGIConnection[Any, Any, Any]"], Any]


class JWTAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Authenticate a connection by the JWT in one of its headers.

    The header's value is the token after the first space (``Bearer <token>``). A connection without
    the header gets a 401 ``"No JWT token found in request header"``; a bad token, whatever is wrong
    with it, ``"Invalid token"``; a token whose subject ``retrieve_user_handler`` does not know
    (``None`` or another false value, as in 1.5x), ``"Unauthorized"``. Otherwise ``request.user`` is
    what the handler returned and ``request.auth`` the ``Token``.

    Args:
        app: The next ASGI app.
        algorithm: The one signing algorithm accepted.
        auth_header: The header holding the token.
        exclude: A regex or list of regexes; matching paths are not authenticated.
        exclude_opt_key: A handler ``opt`` key; handlers with a truthy value are not authenticated.
        retrieve_user_handler: Called with the ``Token`` and the connection; returns the user. Sync or
            async.
        scopes: The connection types authenticated; ``None`` for ``http`` and ``websocket``.
        token_secret: The key tokens are checked with (see ``Token.decode``).
        accepted_audiences: When given, a token's ``aud`` must be one of these.
        accepted_issuers: When given, a token's ``iss`` must be one of these.

    Raises:
        ImproperlyConfiguredException: When ``algorithm`` or ``token_secret`` cannot check tokens.
    """

    def __init__(
        self,
        app: ASGIApp,
        algorithm: str,
        auth_header: str,
        exclude: str | list[str] | None,
        exclude_opt_key: str,
        retrieve_user_handler: RetrieveUser,
        scopes: Iterable[ScopeType] | None,
        token_secret: str,
        accepted_audiences: Collection[str] | None = None,
        accepted_issuers: Collection[str] | None = None,
    ) -> None:
        super().__init__(app=app, exclude=exclude, exclude_from_auth_key=exclude_opt_key, scopes=scopes)
        self.algorithm = algorithm
        self.auth_header = auth_header
        self.token_secret = token_secret
        self.accepted_audiences = accepted_audiences
        self.accepted_issuers = accepted_issuers
        self.retrieve_user_handler: Callable[[Token, ASGIConnection[Any, Any, Any]], Awaitable[Any]] = (
            retrieve_user_handler
            if isinstance(retrieve_user_handler, AsyncCallable)
            else AsyncCallable(retrieve_user_handler)
        )
        # Loaded once: a bad algorithm or secret fails at start-up, not as a 401 on every request.
        self._key = prepared_key(token_secret, algorithm)

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        """Read the token from the header and authenticate it.

        Raises:
            NotAuthorizedException: When there is no token, it is invalid, or it names no user.
        """
        auth_header = connection.headers.get(self.auth_header)
        if not auth_header:
            raise NotAuthorizedException("No JWT token found in request header")
        return await self.authenticate_token(
            encoded_token=auth_header.partition(" ")[-1], connection=connection
        )

    async def authenticate_token(
        self, encoded_token: str, connection: ASGIConnection[Any, Any, Any]
    ) -> AuthenticationResult:
        """Decode a token and find its user.

        Args:
            encoded_token: The encoded JWT.
            connection: The connection it came with.

        Returns:
            The user and the ``Token``.

        Raises:
            NotAuthorizedException: When the token is invalid or names no user.
        """
        token = self._key.decode(encoded_token, self.accepted_audiences, self.accepted_issuers)
        user = await self.retrieve_user_handler(token, connection)
        if not user:
            raise NotAuthorizedException()
        return AuthenticationResult(user=user, auth=token)


class JWTCookieAuthenticationMiddleware(JWTAuthenticationMiddleware):
    """Authenticate a connection by the JWT in a header or, without that header, in a cookie.

    The cookie's value is read as the header's is: the token after the first space. See
    ``JWTAuthenticationMiddleware`` for the answers and the other arguments.

    Args:
        algorithm: The one signing algorithm accepted.
        app: The next ASGI app.
        auth_cookie_key: The cookie holding the token.
        auth_header: The header holding the token (tried first).
        exclude: A regex or list of regexes; matching paths are not authenticated.
        exclude_opt_key: A handler ``opt`` key; handlers with a truthy value are not authenticated.
        retrieve_user_handler: Called with the ``Token`` and the connection; returns the user.
        scopes: The connection types authenticated; ``None`` for ``http`` and ``websocket``.
        token_secret: The key tokens are checked with.
        accepted_audiences: When given, a token's ``aud`` must be one of these.
        accepted_issuers: When given, a token's ``iss`` must be one of these.
    """

    def __init__(
        self,
        algorithm: str,
        app: ASGIApp,
        auth_cookie_key: str,
        auth_header: str,
        exclude: str | list[str] | None,
        exclude_opt_key: str,
        retrieve_user_handler: RetrieveUser,
        scopes: Iterable[ScopeType] | None,
        token_secret: str,
        accepted_audiences: Collection[str] | None = None,
        accepted_issuers: Collection[str] | None = None,
    ) -> None:
        super().__init__(
            app=app,
            algorithm=algorithm,
            auth_header=auth_header,
            exclude=exclude,
            exclude_opt_key=exclude_opt_key,
            retrieve_user_handler=retrieve_user_handler,
            scopes=scopes,
            token_secret=token_secret,
            accepted_audiences=accepted_audiences,
            accepted_issuers=accepted_issuers,
        )
        self.auth_cookie_key = auth_cookie_key

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        """Read the token from the header, or else the cookie, and authenticate it.

        Raises:
            NotAuthorizedException: When there is no token, it is invalid, or it names no user.
        """
        auth_header = connection.headers.get(self.auth_header) or connection.cookies.get(self.auth_cookie_key)
        if not auth_header:
            raise NotAuthorizedException("No JWT token found in request header or cookies")
        return await self.authenticate_token(
            encoded_token=auth_header.partition(" ")[-1], connection=connection
        )
