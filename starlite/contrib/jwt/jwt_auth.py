"""JWT authentication configs: a token in a header, a cookie, or an OAuth2 token response.

``JWTAuth`` reads the token from a header, ``JWTCookieAuth`` from a header or a cookie, and
``OAuth2PasswordBearerAuth`` is the cookie config whose login answers with an OAuth2 token response.

Each is an ``AbstractSecurityConfig``: ``on_app_init`` installs its middleware, guards, route handlers
and dependencies, ``login`` answers a successful login with a token.

The OpenAPI properties (``openapi_components``, ``security_requirement``, ``oauth_flow``) describe
the scheme with openapi-pydantic's models, as 1.5x did with its own; ``on_app_init`` adds them to the
app's schema. The schemes are valid OpenAPI 3.1, which 1.5x's were not (see ``docs/compat.md``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, Literal

from pydantic import BaseModel, ConfigDict

from starlite.contrib.jwt.jwt_token import Token, prepared_key
from starlite.contrib.jwt.middleware import JWTAuthenticationMiddleware, JWTCookieAuthenticationMiddleware
from starlite.datastructures.cookie import Cookie
from starlite.enums import MediaType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.middleware.base import DefineMiddleware
from starlite.response import Response
from starlite.security.base import AbstractSecurityConfig, UserType
from starlite.status_codes import HTTP_201_CREATED
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Components, OAuthFlow, SecurityRequirement

__all__ = ("JWTAuth", "JWTCookieAuth", "OAuth2Login", "OAuth2PasswordBearerAuth")

# The scheme word of the header (RFC 6750 section 2.1), as 1.5x wrote it.
BEARER = "Bearer"


@dataclass(kw_only=True)
class JWTAuth(Generic[UserType], AbstractSecurityConfig[UserType, Token]):
    """Authenticate connections by a JWT sent in a header (``Authorization: Bearer <token>``).

    A login handler (excluded from authentication) checks the credentials and answers with
    ``jwt_auth.login(identifier=str(user.id))``, which sends the token in the response's
    ``auth_header``. The client sends it back in that header; ``retrieve_user_handler`` turns the
    token into the user, ``request.user``, and ``request.auth`` is the ``Token``::

        async def retrieve_user(token: Token, connection: ASGIConnection) -> User | None:
            return await User.get(token.sub)

        jwt_auth = JWTAuth[User](
            retrieve_user_handler=retrieve_user, token_secret=environ["JWT_SECRET"], exclude=["^/login$"]
        )
        app = Starlite(route_handlers=[login, me], on_app_init=[jwt_auth.on_app_init])

    Attributes:
        token_secret: The key tokens are signed and checked with: a random secret of at least 32
            bytes for ``HS256`` (a shorter one is warned about), a PEM private key for ``RS256``,
            ``ES256`` and the other asymmetric algorithms (tokens are checked with its public half),
            or only the public key for a service that checks tokens another one issues.
        algorithm: The signing algorithm; tokens signed with any other are refused.
        auth_header: The header carrying the token.
        default_token_expiration: How long a token made by ``login`` or ``create_token`` is valid.
        accepted_audiences: When given, a token's ``aud`` must be one of these (new here; 1.5x never
            checked ``aud``).
        accepted_issuers: When given, a token's ``iss`` must be one of these (new here, likewise).
        openapi_security_scheme_name: The name of the OpenAPI security scheme.
        description: The OpenAPI security scheme's description.
        authentication_middleware_class: The middleware, a ``JWTAuthenticationMiddleware`` subclass.
    """

    algorithm: str = "HS256"
    auth_header: str = "Authorization"
    default_token_expiration: timedelta = timedelta(days=1)
    # Kept out of the repr: a config printed in a log must not give the key away.
    token_secret: str = field(repr=False)
    openapi_security_scheme_name: str = "BearerToken"
    description: str = "JWT api-key authentication and authorization."
    authentication_middleware_class: type[JWTAuthenticationMiddleware] = JWTAuthenticationMiddleware
    accepted_audiences: Collection[str] | None = None
    accepted_issuers: Collection[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        required = self._middleware_base()
        if not issubclass(self.authentication_middleware_class, required):
            raise ImproperlyConfiguredException(
                f"authentication_middleware_class must be a subclass of {required.__name__}, "
                f"not {self.authentication_middleware_class!r}"
            )
        # Refuse a bad algorithm or secret now rather than with a 401 on every request; a secret
        # too short for the algorithm is warned about here, once.
        prepared_key(self.token_secret, self.algorithm)

    @staticmethod
    def _middleware_base() -> type[JWTAuthenticationMiddleware]:
        return JWTAuthenticationMiddleware

    @property
    def openapi_components(self) -> Components:
        """The OpenAPI ``Components`` declaring this scheme: a JWT in an HTTP bearer header."""
        return _components(self.openapi_security_scheme_name, self._openapi_scheme())

    def _openapi_scheme(self) -> dict[str, Any]:
        # The security scheme object. OpenAPI allows neither ``name`` nor ``in`` on an ``http`` scheme (the
        # header is always Authorization), which 1.5x wrote all the same.
        return {"type": "http", "description": self.description, "scheme": BEARER, "bearerFormat": "JWT"}

    @property
    def security_requirement(self) -> SecurityRequirement:
        """The OpenAPI security requirement naming this scheme: ``{name: []}``."""
        return {self.openapi_security_scheme_name: []}

    @property
    def middleware(self) -> DefineMiddleware:
        """The authentication middleware, for any layer's ``middleware`` list."""
        return DefineMiddleware(self.authentication_middleware_class, **self._middleware_options())

    def _middleware_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "algorithm": self.algorithm,
            "auth_header": self.auth_header,
            "exclude": self.exclude,
            "exclude_opt_key": self.exclude_opt_key,
            "retrieve_user_handler": self.retrieve_user_handler,
            "scopes": self.scopes,
            "token_secret": self.token_secret,
        }
        # Passed only when set, so that a middleware subclass written for 1.5x's arguments still fits.
        if self.accepted_audiences is not None:
            options["accepted_audiences"] = self.accepted_audiences
        if self.accepted_issuers is not None:
            options["accepted_issuers"] = self.accepted_issuers
        return options

    def login(
        self,
        identifier: str,
        *,
        response_body: Any = Empty,
        response_media_type: str | MediaType = MediaType.JSON,
        response_status_code: int = HTTP_201_CREATED,
        token_expiration: timedelta | None = None,
        token_issuer: str | None = None,
        token_audience: str | None = None,
        token_unique_jwt_id: str | None = None,
        send_token_as_response_body: bool = False,
    ) -> Response[Any]:
        """A response logging ``identifier`` in: a new token in the ``auth_header`` header.

        Args:
            identifier: The token's subject (``sub``), usually the user's id.
            response_body: The response's content; by default none (or the token, see below).
            response_media_type: The response's ``Content-Type``.
            response_status_code: The response's status, 201 by default.
            token_expiration: How long the token is valid; ``default_token_expiration`` by default.
            token_issuer: The token's ``iss``.
            token_audience: The token's ``aud``.
            token_unique_jwt_id: The token's ``jti``.
            send_token_as_response_body: Send ``{"token": <token>}`` as the content when there is no
                ``response_body``.

        Returns:
            The response.
        """
        encoded_token = self.create_token(
            identifier=identifier,
            token_expiration=token_expiration,
            token_issuer=token_issuer,
            token_audience=token_audience,
            token_unique_jwt_id=token_unique_jwt_id,
        )
        body = {"token": encoded_token} if send_token_as_response_body else None
        return self.create_response(
            content=body if response_body is Empty else response_body,
            headers={self.auth_header: self.format_auth_header(encoded_token)},
            media_type=response_media_type,
            status_code=response_status_code,
        )

    def create_token(
        self,
        identifier: str,
        token_expiration: timedelta | None = None,
        token_issuer: str | None = None,
        token_audience: str | None = None,
        token_unique_jwt_id: str | None = None,
    ) -> str:
        """Make and sign a token for ``identifier``.

        Args:
            identifier: The token's subject (``sub``), usually the user's id.
            token_expiration: How long the token is valid; ``default_token_expiration`` by default.
            token_issuer: The token's ``iss``.
            token_audience: The token's ``aud``.
            token_unique_jwt_id: The token's ``jti``.

        Returns:
            The encoded token.
        """
        token = Token(
            sub=identifier,
            exp=datetime.now(timezone.utc) + (token_expiration or self.default_token_expiration),
            iss=token_issuer,
            aud=token_audience,
            jti=token_unique_jwt_id,
        )
        return token.encode(secret=self.token_secret, algorithm=self.algorithm)

    def format_auth_header(self, encoded_token: str) -> str:
        """The header value carrying ``encoded_token``: ``Bearer <token>``.

        The scheme word is the one ``openapi_components`` declares, as in 1.5x: a subclass declaring
        another one sends that; one declaring none sends the bare token.
        """
        if _declares_own_components(type(self)):
            schemes = _field(self.openapi_components, "securitySchemes") or {}
            word = _field(schemes.get(self.openapi_security_scheme_name), "scheme")
        else:  # the classes here: Bearer, read without loading the OpenAPI models
            word = BEARER
        return f"{word} {encoded_token}" if word else encoded_token


@dataclass(kw_only=True)
class JWTCookieAuth(Generic[UserType], JWTAuth[UserType]):
    """Authenticate connections by a JWT sent in a header or, without one, in an ``HttpOnly`` cookie.

    ``login`` sets both: the cookie for browsers, the header for other clients. Logging out is a
    response deleting the cookie (``response.delete_cookie(jwt_auth.key)``); the token itself stays
    valid until it expires.

    Attributes:
        key: The cookie's name.
        path: The path the cookie is sent for.
        domain: The domain the cookie is sent to.
        secure: Send the cookie over HTTPS only.
        samesite: The cookie's ``SameSite`` policy; ``"none"`` needs ``secure=True``.
        description: The OpenAPI security scheme's description.
        authentication_middleware_class: The middleware, a ``JWTCookieAuthenticationMiddleware``
            subclass.
    """

    key: str = "token"
    path: str = "/"
    domain: str | None = None
    secure: bool | None = None
    samesite: Literal["lax", "strict", "none"] = "lax"
    description: str = "JWT cookie-based authentication and authorization."
    authentication_middleware_class: type[JWTAuthenticationMiddleware] = JWTCookieAuthenticationMiddleware

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.samesite == "none" and not self.secure:
            # Browsers drop a SameSite=None cookie that is not Secure.
            raise ImproperlyConfiguredException('samesite="none" requires secure=True')

    @staticmethod
    def _middleware_base() -> type[JWTAuthenticationMiddleware]:
        return JWTCookieAuthenticationMiddleware

    @property
    def middleware(self) -> DefineMiddleware:
        """The authentication middleware, for any layer's ``middleware`` list."""
        return DefineMiddleware(
            self.authentication_middleware_class, auth_cookie_key=self.key, **self._middleware_options()
        )

    def login(
        self,
        identifier: str,
        *,
        response_body: Any = Empty,
        response_media_type: str | MediaType = MediaType.JSON,
        response_status_code: int = HTTP_201_CREATED,
        token_expiration: timedelta | None = None,
        token_issuer: str | None = None,
        token_audience: str | None = None,
        token_unique_jwt_id: str | None = None,
        send_token_as_response_body: bool = False,
    ) -> Response[Any]:
        """A response logging ``identifier`` in: a new token in the cookie and the ``auth_header``.

        Takes the arguments of ``JWTAuth.login``; the cookie expires with the token.

        Returns:
            The response.
        """
        expiration = token_expiration or self.default_token_expiration
        encoded_token = self.create_token(
            identifier=identifier,
            token_expiration=expiration,
            token_issuer=token_issuer,
            token_audience=token_audience,
            token_unique_jwt_id=token_unique_jwt_id,
        )
        body = {"token": encoded_token} if send_token_as_response_body else None
        return self._token_response(
            encoded_token,
            expiration,
            body if response_body is Empty else response_body,
            response_media_type,
            response_status_code,
        )

    def _token_response(
        self,
        encoded_token: str,
        expiration: timedelta,
        content: Any,
        media_type: str | MediaType,
        status_code: int,
    ) -> Response[Any]:
        cookie = Cookie(
            key=self.key,
            path=self.path,
            httponly=True,
            value=self.format_auth_header(encoded_token),
            max_age=int(expiration.total_seconds()),
            secure=self.secure,
            samesite=self.samesite,
            domain=self.domain,
        )
        return self.create_response(
            content=content,
            headers={self.auth_header: self.format_auth_header(encoded_token)},
            cookies=[cookie],
            media_type=media_type,
            status_code=status_code,
        )


class OAuth2Login(BaseModel):
    """The token response of an OAuth2 login (RFC 6749 section 5.1); extra fields are kept.

    Attributes:
        access_token: The JWT.
        refresh_token: A refresh token, if any.
        expires_in: Seconds until the access token expires.
        token_type: The token's type, ``"bearer"``.
    """

    model_config = ConfigDict(extra="allow")

    access_token: str
    refresh_token: str | None = None
    expires_in: int | None = None
    token_type: str


@dataclass(kw_only=True)
class OAuth2PasswordBearerAuth(Generic[UserType], JWTCookieAuth[UserType]):
    """OAuth2's password flow: ``JWTCookieAuth`` whose ``login`` answers with an OAuth2 token response.

    Attributes:
        token_url: The URL of the login endpoint, where clients get a token (for OpenAPI).
        oauth_scopes: The OAuth2 scopes a token may have, by name, with their descriptions.
        description: The OpenAPI security scheme's description.
    """

    token_url: str
    oauth_scopes: dict[str, str] | None = None
    description: str = "OAUTH2 password bearer authentication and authorization."

    @property
    def oauth_flow(self) -> OAuthFlow:
        """The OpenAPI OAuth2 password flow: the ``token_url`` and the ``oauth_scopes``."""
        from openapi_pydantic.v3.v3_1 import OAuthFlow

        return OAuthFlow.model_validate(self._oauth_flow())

    def _oauth_flow(self) -> dict[str, Any]:
        # OpenAPI requires ``scopes`` (empty when there are none), which 1.5x left out.
        return {"tokenUrl": self.token_url, "scopes": dict(self.oauth_scopes or {})}

    @property
    def openapi_components(self) -> Components:
        """The OpenAPI ``Components`` declaring this scheme: OAuth2's password flow."""
        return _components(self.openapi_security_scheme_name, self._openapi_scheme())

    def _openapi_scheme(self) -> dict[str, Any]:
        # No ``scheme``, ``bearerFormat``, ``name`` or ``in`` on an ``oauth2`` scheme: OpenAPI allows
        # none of them there (1.5x wrote them). The login still sends ``Bearer <token>``.
        return {"type": "oauth2", "description": self.description, "flows": {"password": self._oauth_flow()}}

    def login(
        self,
        identifier: str,
        *,
        response_body: Any = Empty,
        response_media_type: str | MediaType = MediaType.JSON,
        response_status_code: int = HTTP_201_CREATED,
        token_expiration: timedelta | None = None,
        token_issuer: str | None = None,
        token_audience: str | None = None,
        token_unique_jwt_id: str | None = None,
        send_token_as_response_body: bool = True,
    ) -> Response[Any]:
        """A response logging ``identifier`` in, with an OAuth2 token response as its content.

        The token is in the cookie, the header and, by default, the content (``access_token``,
        ``token_type``, ``expires_in``). Takes the arguments of ``JWTAuth.login``, but
        ``send_token_as_response_body`` is ``True`` here.

        Returns:
            The response.
        """
        expiration = token_expiration or self.default_token_expiration
        encoded_token = self.create_token(
            identifier=identifier,
            token_expiration=expiration,
            token_issuer=token_issuer,
            token_audience=token_audience,
            token_unique_jwt_id=token_unique_jwt_id,
        )
        body = None
        if send_token_as_response_body:
            body = OAuth2Login(
                access_token=encoded_token, expires_in=int(expiration.total_seconds()), token_type="bearer"
            ).model_dump()
        return self._token_response(
            encoded_token,
            expiration,
            body if response_body is Empty else response_body,
            response_media_type,
            response_status_code,
        )


def _components(name: str, scheme: dict[str, Any]) -> Components:
    from openapi_pydantic.v3.v3_1 import Components

    return Components.model_validate({"securitySchemes": {name: scheme}})


@cache
def _declares_own_components(cls: type) -> bool:
    """Whether a subclass replaced ``openapi_components`` (its scheme word is then read from it)."""
    owner = next(klass for klass in cls.__mro__ if "openapi_components" in klass.__dict__)
    return owner.__module__ != __name__


def _field(value: Any, name: str) -> Any:
    """A field of an OpenAPI model or of a mapping of the same shape (a subclass may return either)."""
    if value is None:
        return None
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)
