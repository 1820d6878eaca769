"""``AppConfig``: the arguments of ``Starlite``, as one object that ``on_app_init`` hooks can change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite.config.static_files import StaticFilesConfig
from starlite.config.template import TemplateConfig
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from starlite.asgi.asgi_router import BeforeMessageSendHookHandler
    from starlite.connection import Request, WebSocket
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import CacheControlHeader, ETag
    from starlite.datastructures.provide import Provide
    from starlite.datastructures.state import ImmutableState
    from starlite.handlers.base import Guard
    from starlite.handlers.http import (
        AfterRequestHookHandler,
        AfterResponseHookHandler,
        BeforeRequestHookHandler,
    )
    from starlite.middleware.allowed_hosts import AllowedHostsConfig
    from starlite.middleware.compression import CompressionConfig
    from starlite.middleware.cors import CORSConfig
    from starlite.middleware.csrf import CSRFConfig
    from starlite.response import Response
    from starlite.router import ControllerRouterHandler
    from starlite.types.callable_types import LifeSpanHandler, LifeSpanHookHandler
    from starlite.types.composite_types import Middleware, ResponseHeadersMap
    from starlite.types.helper_types import SingleOrList
    from starlite.utils.exception import AfterExceptionHookHandler, ExceptionHandler

__all__ = ("AppConfig", "OnAppInitHandler")


@dataclass(kw_only=True)
class AppConfig:
    """The configuration a ``Starlite`` application is built from: one field per argument of ``Starlite``.

    ``Starlite.__init__`` gathers its arguments into an ``AppConfig``, passes it through each of its
    ``on_app_init`` hooks in turn, and builds the application from the config the last hook returned.
    A hook may change the config in place or return a new one; this is how a plugin adds route
    handlers, middleware or dependencies to any application it is given::

        def add_health_check(app_config: AppConfig) -> AppConfig:
            app_config.route_handlers.append(health_check)
            return app_config

        app = Starlite(route_handlers=[...], on_app_init=[add_health_check])

    The list and dict fields are never ``None`` (an argument left out becomes an empty one), so a hook
    can append to them directly. ``Starlite``'s ``state`` argument, another name for ``initial_state``,
    arrives here as ``initial_state``.

    Attributes:
        after_exception: Hooks called with ``(exception, scope, app.state)`` for each exception the
            application turns into an error response.
        after_request: Hook receiving each ``Response`` before it is sent; returns the one to send.
        after_response: Hook called with the request after its response was sent.
        after_shutdown: Hooks called with the app after the ``on_shutdown`` handlers.
        after_startup: Hooks called with the app after the ``on_startup`` handlers.
        allowed_hosts: The host names the app answers to: a list or an ``AllowedHostsConfig``.
        before_request: Hook called with the request before the handler; a value it returns is sent
            instead of calling the handler.
        before_send: Hooks called with each ASGI message the app sends, and ``app.state`` (and the
            scope, when the hook takes three arguments).
        before_shutdown: Hooks called with the app before the ``on_shutdown`` handlers.
        before_startup: Hooks called with the app before the ``on_startup`` handlers.
        cache_config: The app's cache (``CacheConfig``).
        cache_control: ``Cache-Control`` header of every response.
        compression_config: Response compression (``CompressionConfig``); ``None`` for none.
        cors_config: Cross-origin requests (``CORSConfig``); ``None`` for no CORS headers.
        csrf_config: Cross-site request forgery protection (``CSRFConfig``); ``None`` for no check.
        debug: Send tracebacks in 500 responses.
        dependencies: App-level dependencies, keyed by the name they are injected as.
        etag: ``ETag`` header of every response.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards of every handler.
        initial_state: The initial contents of ``app.state``.
        logging_config: The logging configuration (a ``BaseLoggingConfig``), or ``None``.
        middleware: Middleware wrapping every handler, outermost first.
        multipart_form_part_limit: The most parts a multipart form may have.
        on_shutdown: Handlers run at shutdown; each receives ``app.state`` if it takes an argument.
        on_startup: Handlers run at startup; each receives ``app.state`` if it takes an argument.
        openapi_config: The OpenAPI config (``None``: no schema and no pages).
        opt: Options merged into every handler's ``opt``.
        parameters: App-level parameter declarations, keyed by name.
        plugins: Plugins (``PluginProtocol``).
        request_class: The ``Request`` subclass handlers receive.
        request_max_body_size: The most request body bytes read before a 413 (``None``: no limit).
        response_class: The ``Response`` subclass used for returned data.
        response_cookies: Cookies set on every response.
        response_headers: Headers set on every response.
        route_handlers: Handlers, controller classes and routers to serve.
        security: OpenAPI security requirements.
        static_files_config: A ``StaticFilesConfig`` or a list of them.
        tags: OpenAPI tags.
        template_config: A ``TemplateConfig``.
        type_encoders: Encoders for types msgspec cannot serialize, keyed by type.
        websocket_class: The ``WebSocket`` subclass websocket handlers receive.
    """

    after_exception: SingleOrList[AfterExceptionHookHandler] = field(default_factory=list)
    after_request: AfterRequestHookHandler | None = None
    after_response: AfterResponseHookHandler | None = None
    after_shutdown: SingleOrList[LifeSpanHookHandler] = field(default_factory=list)
    after_startup: SingleOrList[LifeSpanHookHandler] = field(default_factory=list)
    allowed_hosts: list[str] | AllowedHostsConfig = field(default_factory=list)
    before_request: BeforeRequestHookHandler | None = None
    before_send: SingleOrList[BeforeMessageSendHookHandler] = field(default_factory=list)
    before_shutdown: SingleOrList[LifeSpanHookHandler] = field(default_factory=list)
    before_startup: SingleOrList[LifeSpanHookHandler] = field(default_factory=list)
    cache_config: Any = None
    cache_control: CacheControlHeader | None = None
    compression_config: CompressionConfig | None = None
    cors_config: CORSConfig | None = None
    csrf_config: CSRFConfig | None = None
    debug: bool = False
    dependencies: dict[str, Provide] = field(default_factory=dict)
    etag: ETag | None = None
    exception_handlers: dict[int | type[Exception], ExceptionHandler] = field(default_factory=dict)
    guards: list[Guard] = field(default_factory=list)
    initial_state: ImmutableState | Mapping[str, Any] | Iterable[tuple[str, Any]] = field(
        default_factory=dict
    )
    logging_config: Any = None
    middleware: list[Middleware] = field(default_factory=list)
    multipart_form_part_limit: int = 1000
    on_shutdown: list[LifeSpanHandler] = field(default_factory=list)
    on_startup: list[LifeSpanHandler] = field(default_factory=list)
    openapi_config: Any = None
    opt: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    plugins: list[Any] = field(default_factory=list)
    request_class: type[Request[Any, Any]] | None = None
    request_max_body_size: int | None | type[Empty] = Empty
    response_class: type[Response[Any]] | None = None
    response_cookies: list[Cookie] = field(default_factory=list)
    response_headers: ResponseHeadersMap = field(default_factory=dict)
    route_handlers: list[ControllerRouterHandler] = field(default_factory=list)
    security: list[Mapping[str, Any]] = field(default_factory=list)
    static_files_config: StaticFilesConfig | list[StaticFilesConfig] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    template_config: TemplateConfig[Any] | None = None
    type_encoders: dict[Any, Callable[[Any], Any]] = field(default_factory=dict)
    websocket_class: type[WebSocket[Any, Any]] | None = None


OnAppInitHandler: TypeAlias = "Callable[[AppConfig], AppConfig]"
"""``on_app_init`` hook: receives the application's configuration and returns the one to build."""
