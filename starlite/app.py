"""``Starlite``: the ASGI application."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite._app_lifespan import AppLifespan
from starlite._app_logging import configure_logging, default_logging_config
from starlite._app_openapi import OpenAPISchemaState
from starlite._app_options import as_list, copy_headers, strip_root_path
from starlite._handler_names import HandlerIndex, HandlerNameIndex
from starlite._middleware_stack import (
    as_allowed_hosts_config,
    as_compression_config,
    as_cors_config,
    as_csrf_config,
    build_app_stack,
    cors_preflight_answer,
    handler_middleware,
)
from starlite.asgi.asgi_router import ASGIRouter
from starlite.config.app import AppConfig
from starlite.config.cache import CacheConfig, as_cache_config
from starlite.config.openapi import OpenAPIConfig
from starlite.config.static_files import StaticFilesConfig
from starlite.config.template import TemplateConfig
from starlite.connection import Request, WebSocket
from starlite.datastructures.state import ImmutableState, State
from starlite.exceptions import ImproperlyConfiguredException
from starlite.router import Registration, Router, build_routes
from starlite.static_files.base import static_asset_path
from starlite.types.empty import Empty
from starlite.utils._config import as_config

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import OpenAPI

    from starlite.asgi.asgi_router import BeforeMessageSendHookHandler
    from starlite.config.app import OnAppInitHandler
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import CacheControlHeader, ETag
    from starlite.datastructures.provide import Dependencies
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
    from starlite.routes import BaseRoute
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send
    from starlite.types.callable_types import LifeSpanHandler, LifeSpanHookHandler
    from starlite.types.composite_types import Middleware, ParametersMap, ResponseHeadersMap
    from starlite.types.helper_types import SingleOrList
    from starlite.utils.exception import AfterExceptionHookHandler, ExceptionHandlersMap

__all__ = ("DEFAULT_CACHE_CONFIG", "DEFAULT_OPENAPI_CONFIG", "HandlerIndex", "Starlite", "StarliteType")

DEFAULT_CACHE_CONFIG = CacheConfig()
"""The app's cache when ``cache_config`` is left out: each app gets a memory backend of its own."""

DEFAULT_OPENAPI_CONFIG = OpenAPIConfig(title="Starlite API", version="1.0.0")
"""The app's OpenAPI config when ``openapi_config`` is left out: the schema and its pages at ``/schema``."""

StarliteType: TypeAlias = "Starlite"
"""The application class, as the lifespan hooks receive it."""

_STR_ACCEPTED = (date, datetime, time, timedelta, float, PurePath)


class Starlite(Router, AppLifespan):
    """The application: an ASGI callable serving its route handlers.

    It is the root ``Router`` (path ``/``): its settings are the outermost layer, which routers,
    controllers and handlers override.

    The arguments are first gathered into an ``AppConfig`` and passed through the ``on_app_init``
    hooks; the application is built from the config the last hook returned.

    Args:
        route_handlers: Handlers, controller classes and routers to serve.
        after_exception: Hooks called with ``(exception, scope, app.state)`` for each exception that
            the application turns into an error response (or a websocket close), before that
            response is built. A hook that raises is logged; the error response is still sent.
        after_request: Hook receiving each ``Response`` before it is sent; returns the one to send.
        after_response: Hook called with the request after its response was sent.
        after_shutdown: Hooks called with the app after the ``on_shutdown`` handlers.
        after_startup: Hooks called with the app after the ``on_startup`` handlers.
        allowed_hosts: The host names the app answers to, as a list (``"*.example.com"`` for every
            subdomain) or an ``AllowedHostsConfig``; any other ``Host`` is a 400. Left out or empty,
            every host is answered. The options marked "not yet supported" below raise
            ``ImproperlyConfiguredException`` when set; left out, ``None`` or empty, each is
            disabled, as it was in 1.5x.
        before_request: Hook called with the request before the handler; a value it returns is sent
            instead of calling the handler.
        before_send: Hooks called with each ASGI message the app sends (HTTP and websocket) before it
            is sent, as ``hook(message, app.state)``, or ``hook(message, app.state, scope)`` when the
            hook takes three arguments. A hook may change the message.
        before_shutdown: Hooks called with the app before the ``on_shutdown`` handlers.
        before_startup: Hooks called with the app before the ``on_startup`` handlers.
        cache_config: The app's cache (``app.cache``, ``request.app.cache``), which handlers with
            ``cache=`` keep their responses in (``CacheConfig``); left out or ``None``,
            ``CacheConfig()``: an in-memory cache of this process.
        cache_control: ``Cache-Control`` header of every response.
        compression_config: Response compression, gzip or brotli (``CompressionConfig``); ``None``
            (bodies sent as they are) when left out.
        cors_config: Cross-origin requests: which origins, methods and headers browsers may use
            (``CORSConfig``); ``None`` (no CORS headers) when left out.
        csrf_config: Cross-site request forgery protection (``CSRFConfig``): requests with an unsafe
            method must carry the token of the CSRF cookie in a header or form field, or get a 403;
            ``None`` (no check) when left out.
        debug: Send tracebacks in 500 responses (an HTML page, JSON or text, as the client's
            ``Accept`` prefers), and log from ``DEBUG`` on with ``LoggingConfig()`` when no
            ``logging_config`` is given.
        dependencies: App-level dependencies, keyed by the name they are injected as.
        etag: ``ETag`` header of every response.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards of every handler.
        initial_state: The initial contents of ``app.state``.
        logging_config: A ``LoggingConfig`` or ``StructLoggingConfig`` (or another
            ``BaseLoggingConfig``), applied when the app is built: ``app.get_logger`` and
            ``app.logger`` (the ``starlite`` logger) come from it, and unhandled exceptions are logged
            through it. Left out, ``LoggingConfig()`` in debug mode (its ``starlite`` logger at
            ``DEBUG``) and ``None`` otherwise; ``None`` configures nothing.
        middleware: Middleware wrapping every handler, outermost first.
        multipart_form_part_limit: The most parts a multipart form may have.
        on_app_init: Hooks called in order with the ``AppConfig`` built from these arguments; each
            returns the config to use (changed in place or new).
        on_shutdown: Handlers run at shutdown; each receives ``app.state`` if it takes an argument.
        on_startup: Handlers run at startup; each receives ``app.state`` if it takes an argument.
        openapi_config: The OpenAPI schema and its pages (``DEFAULT_OPENAPI_CONFIG`` when left out:
            served at ``/schema``); ``None`` turns them off.
        opt: Options merged into every handler's ``opt``.
        parameters: App-level parameter declarations, keyed by name.
        plugins: Plugins (``PluginProtocol``): each one's ``on_app_init`` is called with the app before
            the route handlers are registered; they convert request data and return values of the
            model classes they support.
        request_class: The ``Request`` subclass handlers receive.
        request_max_body_size: The most request body bytes read before a 413 (``None``: no limit);
            10 MiB unless set here or on a closer layer. Not in 1.5x, which had no limit.
        response_class: The ``Response`` subclass used for returned data.
        response_cookies: Cookies set on every response.
        response_headers: Headers set on every response.
        security: OpenAPI security requirements.
        state: Another name for ``initial_state``.
        static_files_config: A ``StaticFilesConfig`` or a list of them: directories whose files are
            served under a path.
        tags: OpenAPI tags.
        template_config: A ``TemplateConfig``: the engine that renders ``Template`` responses.
        type_encoders: Encoders for types msgspec cannot serialize, keyed by type.
        websocket_class: The ``WebSocket`` subclass websocket handlers receive.

    Raises:
        ImproperlyConfiguredException: When both ``initial_state`` and ``state`` are given, when an
            ``on_app_init`` hook returns something other than an ``AppConfig``, or when an option this
            release does not support yet is set.
        MissingDependencyException: When ``compression_config`` asks for brotli and the ``brotli``
            package is not installed.
    """

    def __init__(
        self,
        route_handlers: Sequence[ControllerRouterHandler] | None = None,
        *,
        after_exception: SingleOrList[AfterExceptionHookHandler] | None = None,
        after_request: AfterRequestHookHandler | None = None,
        after_response: AfterResponseHookHandler | None = None,
        after_shutdown: SingleOrList[LifeSpanHookHandler] | None = None,
        after_startup: SingleOrList[LifeSpanHookHandler] | None = None,
        allowed_hosts: list[str] | AllowedHostsConfig | None = None,
        before_request: BeforeRequestHookHandler | None = None,
        before_send: SingleOrList[BeforeMessageSendHookHandler] | None = None,
        before_shutdown: SingleOrList[LifeSpanHookHandler] | None = None,
        before_startup: SingleOrList[LifeSpanHookHandler] | None = None,
        cache_config: CacheConfig | None = DEFAULT_CACHE_CONFIG,
        cache_control: CacheControlHeader | None = None,
        compression_config: CompressionConfig | None = None,
        cors_config: CORSConfig | None = None,
        csrf_config: CSRFConfig | None = None,
        debug: bool = False,
        dependencies: Dependencies | None = None,
        etag: ETag | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Guard] | None = None,
        initial_state: ImmutableState | Mapping[str, Any] | None = None,
        logging_config: Any = Empty,
        middleware: Sequence[Middleware] | None = None,
        multipart_form_part_limit: int = 1000,
        on_app_init: SingleOrList[OnAppInitHandler] | None = None,
        on_shutdown: Sequence[LifeSpanHandler] | None = None,
        on_startup: Sequence[LifeSpanHandler] | None = None,
        openapi_config: OpenAPIConfig | None = DEFAULT_OPENAPI_CONFIG,
        opt: Mapping[str, Any] | None = None,
        parameters: ParametersMap | None = None,
        plugins: Any = None,
        request_class: type[Request[Any, Any]] | None = None,
        request_max_body_size: int | None | type[Empty] = Empty,
        response_class: type[Response[Any]] | None = None,
        response_cookies: Sequence[Cookie] | None = None,
        response_headers: ResponseHeadersMap | None = None,
        security: Sequence[Mapping[str, Any]] | None = None,
        state: ImmutableState | Mapping[str, Any] | None = None,
        static_files_config: Any = None,
        tags: Sequence[str] | None = None,
        template_config: Any = None,
        type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
        websocket_class: type[WebSocket[Any, Any]] | None = None,
    ) -> None:
        if initial_state is not None and state is not None:
            raise ImproperlyConfiguredException("Pass either 'initial_state' or 'state', not both")
        if initial_state is None:
            initial_state = state if state is not None else {}
        # Every list and dict is a fresh copy: an on_app_init hook appending to one must not change
        # the caller's objects.
        config = AppConfig(
            after_exception=as_list(after_exception),
            after_request=after_request,
            after_response=after_response,
            after_shutdown=as_list(after_shutdown),
            after_startup=as_list(after_startup),
            allowed_hosts=allowed_hosts if allowed_hosts is not None else [],
            before_request=before_request,
            before_send=as_list(before_send),
            before_shutdown=as_list(before_shutdown),
            before_startup=as_list(before_startup),
            cache_config=as_cache_config(cache_config, DEFAULT_CACHE_CONFIG),
            cache_control=cache_control,
            compression_config=compression_config,
            cors_config=cors_config,
            csrf_config=csrf_config,
            debug=debug,
            dependencies=dict(dependencies or {}),
            etag=etag,
            exception_handlers=dict(exception_handlers or {}),
            guards=list(guards or []),
            initial_state=initial_state,
            logging_config=default_logging_config(logging_config, debug),
            middleware=list(middleware or []),
            multipart_form_part_limit=multipart_form_part_limit,
            on_shutdown=list(on_shutdown or []),
            on_startup=list(on_startup or []),
            openapi_config=openapi_config,
            opt=dict(opt or {}),
            parameters=dict(parameters or {}),
            plugins=plugins if plugins is not None else [],
            request_class=request_class,
            request_max_body_size=request_max_body_size,
            response_class=response_class,
            response_cookies=list(response_cookies or []),
            response_headers=copy_headers(response_headers),
            route_handlers=list(route_handlers or []),
            security=list(security or []),
            static_files_config=static_files_config if static_files_config is not None else [],
            tags=list(tags or []),
            template_config=template_config,
            type_encoders=dict(type_encoders or {}),
            websocket_class=websocket_class,
        )
        for hook in as_list(on_app_init):
            config = hook(config)
            if not isinstance(config, AppConfig):
                raise ImproperlyConfiguredException(
                    f"on_app_init hook {hook!r} returned {config!r}; it must return the AppConfig"
                )
        # The options of later issues, as 1.5x exposes them on the app; all of them are disabled.
        self.allowed_hosts = config.allowed_hosts
        self._allowed_hosts_config = as_allowed_hosts_config(config.allowed_hosts)
        self.cache_config = cache_config = as_cache_config(config.cache_config, DEFAULT_CACHE_CONFIG)
        self.cache = cache_config.to_cache()
        self.compression_config = as_compression_config(config.compression_config)
        self.cors_config = cors = as_cors_config(config.cors_config)
        # How the router answers a preflight request; None without CORS (an OPTIONS lists the methods).
        self.preflight_answer = cors_preflight_answer(cors)
        self.csrf_config = as_csrf_config(config.csrf_config)
        self.logging_config = config.logging_config
        self.get_logger, self.logger = configure_logging(config.logging_config, config.debug)
        self.openapi_config = as_config(config.openapi_config, OpenAPIConfig, "openapi_config")
        self._openapi = OpenAPISchemaState(self)
        self.plugins = list(config.plugins)
        self.static_files_config = config.static_files_config
        self.template_config = as_config(config.template_config, TemplateConfig, "template_config")
        # The engine is created with the app, as in 1.5x: a wrong directory fails at start-up.
        self.template_engine = None if self.template_config is None else self.template_config.engine_instance
        self.debug = config.debug
        self.state = State(config.initial_state, deep_copy=True)
        self.on_startup = list(config.on_startup)
        self.on_shutdown = list(config.on_shutdown)
        self.before_startup = as_list(config.before_startup)
        self.after_startup = as_list(config.after_startup)
        self.before_shutdown = as_list(config.before_shutdown)
        self.after_shutdown = as_list(config.after_shutdown)
        self.after_exception = as_list(config.after_exception)
        self.before_send = as_list(config.before_send)
        self.multipart_form_part_limit = config.multipart_form_part_limit
        self.request_class: type[Request[Any, Any]] = config.request_class or Request
        self.websocket_class: type[WebSocket[Any, Any]] = config.websocket_class or WebSocket
        self._handler_names = HandlerNameIndex()
        super().__init__(
            path="",
            after_request=config.after_request,
            after_response=config.after_response,
            before_request=config.before_request,
            cache_control=config.cache_control,
            dependencies=config.dependencies,
            etag=config.etag,
            exception_handlers=config.exception_handlers,
            guards=config.guards,
            middleware=config.middleware,
            opt=config.opt,
            parameters=config.parameters,
            request_max_body_size=config.request_max_body_size,
            response_class=config.response_class,
            response_cookies=config.response_cookies,
            response_headers=config.response_headers,
            route_handlers=[],
            security=config.security,
            tags=config.tags,
            type_encoders=config.type_encoders,
        )
        # As in 1.5x: plugins see the app before any handler is registered, so what they add
        # (dependencies, before_send, startup and shutdown hooks) applies to every route. What a plugin
        # registers there waits for the router, then comes first, as in 1.5x.
        self._registering_later: list[ControllerRouterHandler] | None = []
        for plugin in self.plugins:
            if not callable(getattr(plugin, "on_app_init", None)) or not callable(
                getattr(plugin, "is_plugin_supported_type", None)
            ):
                raise ImproperlyConfiguredException(
                    f"plugins: {plugin!r} is not a plugin (a PluginProtocol implementation is expected)"
                )
            plugin.on_app_init(app=self)
        # The built-in middleware the router wraps around every handler, from the configs above.
        self.handler_middleware = handler_middleware(
            compression=self.compression_config, csrf=self.csrf_config
        )
        # The router learns what it needs of the app (debug, exception handlers, before_send) now.
        self.asgi_router = ASGIRouter(app=self)
        # What the app hands every HTTP and websocket connection to: the router inside the app's own
        # middleware, unless an integration wrapped it here, as on 1.5x.
        self.asgi_handler: ASGIApp = self._build_asgi_handler()
        registered_by_plugins, self._registering_later = self._registering_later, None
        for value in [*registered_by_plugins, *config.route_handlers]:
            self._register(value)
        # As in 1.5x: the schema documents the routes given here (and those registered later with
        # ``add_to_openapi_schema=True``); it is built when first read.
        self._openapi.include_current_routes()
        for static_config in as_list(config.static_files_config):
            static_files = as_config(static_config, StaticFilesConfig, "static_files_config")
            if static_files is not None:
                self._register(static_files.to_static_files_app())
        if self.openapi_config is not None:
            self._register(self.openapi_config.openapi_controller)

    # --- registration -----------------------------------------------------------------------------

    def register(
        self, value: ControllerRouterHandler, add_to_openapi_schema: bool = False
    ) -> list[BaseRoute]:
        """Register a handler, controller class or router, also after the app has started.

        Registration is all or nothing: when it fails, the app keeps serving what it served before.

        Args:
            value: The handler, controller class or router.
            add_to_openapi_schema: Add the app's routes that its OpenAPI schema does not document yet
                to it (1.5x's behaviour); by default a later registration is left out of the schema.

        Raises:
            ImproperlyConfiguredException: On a conflicting route or a duplicate handler name, or when
                ``add_to_openapi_schema`` is set on an app without ``openapi_config``.
        """
        if self._registering_later is not None:  # from a plugin's on_app_init: the router is not built yet
            self._registering_later.append(value)
            return []
        if add_to_openapi_schema:
            self._openapi.require_config()
        added = self._register(value)
        if add_to_openapi_schema:
            self._openapi.include_current_routes()
        paths = {path for path, _ in added}
        return build_routes([entry for entry in self._registrations if entry[0] in paths])

    @property
    def openapi_schema(self) -> OpenAPI | None:
        """The app's OpenAPI schema (an ``openapi_pydantic`` ``OpenAPI``), built when first read.

        ``None`` when the app has no ``openapi_config``.
        """
        return self._openapi.get()

    @openapi_schema.setter
    def openapi_schema(self, value: OpenAPI | None) -> None:
        self._openapi.schema = value

    def update_openapi_schema(self) -> None:
        """Add the routes registered since the schema was built to it (it is built again when read).

        Raises:
            ImproperlyConfiguredException: When the app has no ``openapi_config``.
        """
        self._openapi.require_config()
        self._openapi.include_current_routes()

    def _register(self, value: ControllerRouterHandler) -> list[Registration]:
        """Register ``value`` all or nothing, and return its ``(path, handler)`` registrations."""
        added = self._collect(value)
        try:
            # The names this registration touches, staged: the index changes only once it succeeded.
            staged_names = self._handler_names.stage(added)
            new_routes = build_routes(added)
            for route in new_routes:
                self.asgi_router.add_route(route)
        except Exception:
            self._rebuild_router()  # drop whatever part of the failed registration reached the trie
            if isinstance(value, Router):
                value.owner = None
            raise
        self._handler_names.commit(staged_names)
        self._registrations.extend(added)
        return added

    def _build_asgi_handler(self) -> ASGIApp:
        """The app's own middleware around the router (the order is documented in ``_middleware_stack``)."""
        self._built_asgi_handler = build_app_stack(
            self.asgi_router, self._allowed_hosts_config, self.cors_config
        )
        return self._built_asgi_handler

    def _rebuild_router(self) -> None:
        self.asgi_router = ASGIRouter(app=self)
        for route in build_routes(self._registrations):
            self.asgi_router.add_route(route)
        if self.asgi_handler is self._built_asgi_handler:
            self.asgi_handler = self._build_asgi_handler()

    @property
    def routes(self) -> list[BaseRoute]:
        """Every route of the application, handlers of one path and kind grouped together."""
        return super().routes

    @property
    def route_handler_method_view(self) -> dict[str, list[str]]:
        """``{handler name: [paths]}`` for every registered handler."""
        view: dict[str, list[str]] = {}
        for path, handler in self._registrations:
            view.setdefault(handler.name or str(handler), []).append(path)
        return view

    # --- lookup by name -----------------------------------------------------------------------------

    def get_handler_index_by_name(self, name: str) -> HandlerIndex | None:
        """Return the handler called ``name`` and its paths, or ``None``."""
        return self._handler_names.lookup(name)

    def route_reverse(self, name: str, **path_parameters: Any) -> str:
        """Build the path of the handler called ``name`` with the given path parameters.

        With several paths, the one whose parameters match the given ones best is used.

        Raises:
            NoRouteMatchFoundException: When no handler has that name or no path fits the parameters.
        """
        return self._handler_names.reverse(name, path_parameters)

    def url_for_static_asset(self, name: str, file_path: str) -> str:
        """The path of ``file_path`` as served by the static files handler called ``name``.

        Raises:
            NoRouteMatchFoundException: When no static files handler has that name.
        """
        return static_asset_path(self, name, file_path)

    # --- ASGI -----------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection: the lifespan protocol here, HTTP and websockets by the router."""
        scope["app"] = self
        if scope["type"] == "lifespan":  # type: ignore[comparison-overlap]
            await self._lifespan(receive, send)
            return
        root_path = scope.get("root_path")
        if root_path:
            strip_root_path(scope, root_path)
        await self.asgi_handler(scope, receive, send)
