"""``SessionAuth``: session-based authentication, the session middleware included."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic

from starlite.middleware.base import DefineMiddleware
from starlite.middleware.session.base import BaseBackendConfig, BaseSessionBackend
from starlite.security.base import AbstractSecurityConfig, UserType
from starlite.security.session_auth.middleware import MiddlewareWrapper, SessionAuthMiddleware

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Components, SecurityRequirement

__all__ = ("SessionAuth",)

# The name of the scheme in the OpenAPI schema, as 1.5x named it.
_SCHEME_NAME = "sessionCookie"


@dataclass(kw_only=True)
class SessionAuth(Generic[UserType], AbstractSecurityConfig[UserType, dict[str, Any]]):
    """Authenticate connections by their session.

    A login handler (excluded from authentication) stores what identifies the user in the session,
    ``request.set_session({"user_id": ...})``; on every other connection ``retrieve_user_handler``
    turns the session back into the user, ``request.user``. Logging out is ``request.clear_session()``.
    Connections without a session, or whose session names no user, get a 401::

        async def retrieve_user(session: dict[str, Any], connection: ASGIConnection) -> User | None:
            return await User.get(session.get("user_id"))

        session_auth = SessionAuth[User](
            retrieve_user_handler=retrieve_user,
            session_backend_config=MemoryBackendConfig(),
            exclude=["^/login$"],
        )
        app = Starlite(route_handlers=[login, me], on_app_init=[session_auth.on_app_init])

    The session middleware is installed with the authentication middleware: do not add one yourself.
    Every application the config is installed in uses its one ``session_backend`` (and, with the
    memory backend, its one store).

    Attributes:
        session_backend_config: The session backend's configuration (cookie, memory, redis, ...).
        authentication_middleware_class: The middleware authenticating connections.
    """

    session_backend_config: BaseBackendConfig
    authentication_middleware_class: type[SessionAuthMiddleware] = SessionAuthMiddleware

    @property
    def middleware(self) -> DefineMiddleware:
        """The session and authentication middleware, for any layer's ``middleware`` list."""
        return DefineMiddleware(MiddlewareWrapper, config=self)

    @cached_property
    def session_backend(self) -> BaseSessionBackend[Any]:
        """The session backend built from ``session_backend_config``, on first use.

        One instance per config, so that the middleware, the test client's session helpers and your
        own code (``await session_auth.session_backend.delete_all()`` logs everyone out) share it.
        """
        return self.session_backend_config._backend_class(config=self.session_backend_config)

    @property
    def openapi_components(self) -> Components:
        """The OpenAPI ``sessionCookie`` scheme: an API key in the session cookie."""
        from openapi_pydantic.v3.v3_1 import Components

        return Components.model_validate(
            {
                "securitySchemes": {
                    _SCHEME_NAME: {
                        "type": "apiKey",
                        "name": self.session_backend_config.key,
                        "in": "cookie",
                        "description": "Session cookie authentication.",
                    }
                }
            }
        )

    @property
    def security_requirement(self) -> SecurityRequirement:
        """The OpenAPI security requirement naming the scheme: ``{"sessionCookie": []}``."""
        return {_SCHEME_NAME: []}
