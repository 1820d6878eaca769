"""``AbstractSecurityConfig``: an authentication scheme packaged for ``on_app_init``.

A security config bundles an authentication middleware with what it needs around it: guards,
route handlers (a login endpoint, say), dependencies. ``on_app_init`` adds them all to an
application::

    app = Starlite(route_handlers=[...], on_app_init=[security_config.on_app_init])

or ``security_config.middleware`` adds just the middleware to any layer's ``middleware``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from starlite.config.openapi import DeferredComponents, with_security_scheme
from starlite.enums import MediaType, OpenAPIMediaType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.middleware.authentication import AbstractAuthenticationMiddleware
from starlite.response import Response
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Components, SecurityRequirement

    from starlite.config.app import AppConfig
    from starlite.connection.base import ASGIConnection
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.provide import Provide
    from starlite.enums import ScopeType
    from starlite.handlers.base import Guard
    from starlite.middleware.base import DefineMiddleware
    from starlite.router import ControllerRouterHandler
    from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = ("AbstractSecurityConfig", "AuthType", "RetrieveUserHandler", "UserType")

UserType = TypeVar("UserType")
AuthType = TypeVar("AuthType")

RetrieveUserHandler = Callable[[Any, "ASGIConnection[Any, Any, Any]"], "SyncOrAsyncUnion[Any]"]
"""Finds the user of a connection from its credentials: sync or async, ``None`` when there is none."""


@dataclass(kw_only=True)
class AbstractSecurityConfig(ABC, Generic[UserType, AuthType]):
    """Base of security configs: an authentication middleware and what comes with it.

    Subclasses implement the ``middleware`` property, building their ``authentication_middleware_class``
    with the options it needs, and describe their scheme to OpenAPI with ``openapi_components`` (the
    security scheme) and ``security_requirement`` (the requirement naming it).

    Attributes:
        authentication_middleware_class: The ``AbstractAuthenticationMiddleware`` subclass to install.
        guards: Guards added to the application (authorization, once the user is known).
        exclude: A regex, or list of them: matching paths are not authenticated.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value are not authenticated.
        scopes: The connection types authenticated; ``None`` for both ``http`` and ``websocket``.
        route_handlers: Route handlers added to the application (login and logout, say).
        dependencies: Dependencies added to the application.
        retrieve_user_handler: Called with the credentials (``auth``) and the connection, returns the
            user or ``None``; sync or async. It is stored wrapped, so that it can always be awaited.
        type_encoders: Encoders for the responses ``create_response`` builds; the application's when
            left out and the config is installed by ``on_app_init``.
    """

    authentication_middleware_class: type[AbstractAuthenticationMiddleware]
    guards: Iterable[Guard] | None = None
    exclude: str | list[str] | None = None
    exclude_opt_key: str = "exclude_from_auth"
    scopes: set[ScopeType] | None = None
    route_handlers: Iterable[ControllerRouterHandler] | None = None
    dependencies: dict[str, Provide] | None = None
    retrieve_user_handler: RetrieveUserHandler
    type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None

    def __post_init__(self) -> None:
        middleware_class = self.authentication_middleware_class
        if not (
            isinstance(middleware_class, type)
            and issubclass(middleware_class, AbstractAuthenticationMiddleware)
        ):
            raise ImproperlyConfiguredException(
                f"authentication_middleware_class must be a subclass of AbstractAuthenticationMiddleware, "
                f"not {middleware_class!r}"
            )
        if not callable(self.retrieve_user_handler):
            raise ImproperlyConfiguredException(
                f"retrieve_user_handler must be callable, not {self.retrieve_user_handler!r}"
            )
        # As in 1.5x: middleware awaits the handler whether the user wrote it sync or async.
        if not isinstance(self.retrieve_user_handler, AsyncCallable):
            handler: Callable[..., Any] = self.retrieve_user_handler
            self.retrieve_user_handler = AsyncCallable(handler)

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        """Add the middleware (outermost), guards, route handlers and dependencies to an application.

        Pass it as an application's ``on_app_init`` hook: ``Starlite(..., on_app_init=[config.on_app_init])``.

        With an ``openapi_config``, the application gets a copy of it that declares this scheme in its
        ``components`` and requires it in its ``security`` (the whole API's requirement, as in 1.5x):
        the config given, and ``DEFAULT_OPENAPI_CONFIG``, are left as they are.

        Args:
            app_config: The application's configuration.

        Returns:
            The same configuration, changed.
        """
        # Outermost of the user middleware: everything after it sees request.user.
        app_config.middleware.insert(0, self.middleware)
        if app_config.openapi_config is not None:
            # Made when the schema is built: reading ``openapi_components`` loads the OpenAPI models.
            app_config.openapi_config = with_security_scheme(
                app_config.openapi_config,
                DeferredComponents(lambda: self.openapi_components),
                self.security_requirement,
            )
        if self.guards:
            app_config.guards.extend(self.guards)
        if self.dependencies:
            app_config.dependencies.update(self.dependencies)
        if self.route_handlers:
            app_config.route_handlers.extend(self.route_handlers)
        if self.type_encoders is None:
            self.type_encoders = app_config.type_encoders
        return app_config

    def create_response(
        self,
        content: Any,
        status_code: int,
        media_type: MediaType | OpenAPIMediaType | str,
        headers: dict[str, Any] | None = None,
        cookies: list[Cookie] | None = None,
    ) -> Response[Any]:
        """Build a response with this config's ``type_encoders`` (for login endpoints, say).

        Args:
            content: The response data.
            status_code: The status code.
            media_type: The ``Content-Type``.
            headers: Response headers.
            cookies: Response cookies.

        Returns:
            The response.
        """
        return Response(
            content=content,
            status_code=status_code,
            media_type=media_type.value if isinstance(media_type, OpenAPIMediaType) else media_type,
            headers=headers,
            cookies=cookies,
            type_encoders=self.type_encoders,
        )

    @property
    @abstractmethod
    def middleware(self) -> DefineMiddleware:
        """The authentication middleware, ready for any layer's ``middleware`` list."""

    @property
    @abstractmethod
    def openapi_components(self) -> Components:
        """The OpenAPI ``Components`` declaring this scheme (in ``securitySchemes``)."""

    @property
    @abstractmethod
    def security_requirement(self) -> SecurityRequirement:
        """The OpenAPI security requirement naming this scheme: ``{"<scheme name>": []}``."""
