"""``Starlite``: the ASGI application."""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypedDict

from starlite._connection_state import ConnectionState
from starlite.asgi.asgi_router import ASGIRouter
from starlite.datastructures.state import ImmutableState, State
from starlite.exceptions import ImproperlyConfiguredException, NoRouteMatchFoundException
from starlite.handlers.base import BaseRouteHandler
from starlite.middleware.exceptions import ExceptionHandlerMiddleware
from starlite.router import Router, build_routes
from starlite.routes.base import PathParameterDefinition
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.connection import Request, WebSocket
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import CacheControlHeader, ETag
    from starlite.response import Response
    from starlite.routes import BaseRoute
    from starlite.types import (
        ControllerRouterHandler,
        ExceptionHandlersMap,
        LifeSpanHandler,
        Message,
        Middleware,
        Receive,
        Scope,
        Send,
    )

__all__ = ("Starlite", "HandlerIndex")

# Options of Starlite 1.5x that later issues implement (see ROADMAP.md). Passing one raises at start-up
# rather than being ignored: an ignored CORS or CSRF config would be a silent security hole.
_NOT_YET_SUPPORTED = (
    "after_exception",
    "after_request",
    "after_response",
    "allowed_hosts",
    "before_request",
    "before_send",
    "cache_config",
    "compression_config",
    "cors_config",
    "csrf_config",
    "dependencies",
    "logging_config",
    "on_app_init",
    "openapi_config",
    "parameters",
    "plugins",
    "static_files_config",
    "template_config",
)
_LAYER_OPTIONS_NOT_YET_SUPPORTED = (
    "after_request",
    "after_response",
    "before_request",
    "dependencies",
    "parameters",
)
_STR_ACCEPTED = (date, datetime, time, timedelta, float, PurePath)


class HandlerIndex(TypedDict):
    """What ``get_handler_index_by_name`` returns."""

    handler: BaseRouteHandler[Any]
    paths: list[str]
    identifier: str


class Starlite(Router):
    """The application: an ASGI callable serving its route handlers.

    It is the root ``Router`` (path ``/``): its settings are the outermost layer, which routers,
    controllers and handlers override.

    Args:
        route_handlers: Handlers, controller classes and routers to serve.
        after_exception: (not yet supported) hooks called after an exception.
        after_request: (not yet supported) hook receiving each ``Response``.
        after_response: (not yet supported) hook called after each response.
        after_shutdown: Hooks called with the app after the ``on_shutdown`` handlers.
        after_startup: Hooks called with the app after the ``on_startup`` handlers.
        allowed_hosts: (not yet supported) allowed ``Host`` values.
        before_request: (not yet supported) hook called before each handler.
        before_send: (not yet supported) hooks called with each ASGI message.
        before_shutdown: Hooks called with the app before the ``on_shutdown`` handlers.
        before_startup: Hooks called with the app before the ``on_startup`` handlers.
        cache_config: (not yet supported) response cache configuration.
        cache_control: ``Cache-Control`` header of every response.
        compression_config: (not yet supported) compression configuration.
        cors_config: (not yet supported) CORS configuration.
        csrf_config: (not yet supported) CSRF configuration.
        debug: Send tracebacks in 500 responses.
        dependencies: (not yet supported) app-level dependencies.
        etag: ``ETag`` header of every response.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards of every handler.
        initial_state: The initial contents of ``app.state``.
        logging_config: (not yet supported) logging configuration.
        middleware: Middleware wrapping every handler, outermost first.
        multipart_form_part_limit: The most parts a multipart form may have.
        on_app_init: (not yet supported) hooks that may change the app's configuration.
        on_shutdown: Handlers run at shutdown; each receives ``app.state`` if it takes an argument.
        on_startup: Handlers run at startup; each receives ``app.state`` if it takes an argument.
        openapi_config: (not yet supported) OpenAPI configuration.
        opt: Options merged into every handler's ``opt``.
        parameters: (not yet supported) app-level parameter declarations.
        plugins: (not yet supported) plugins.
        request_class: The ``Request`` subclass handlers receive.
        response_class: The ``Response`` subclass used for returned data.
        response_cookies: Cookies set on every response.
        response_headers: Headers set on every response.
        security: OpenAPI security requirements.
        state: Another name for ``initial_state``.
        static_files_config: (not yet supported) static files configuration.
        tags: OpenAPI tags.
        template_config: (not yet supported) template engine configuration.
        type_encoders: Encoders for types msgspec cannot serialize, keyed by type.
        websocket_class: The ``WebSocket`` subclass websocket handlers receive.
    """

    def __init__(
        self,
        route_handlers: Sequence[ControllerRouterHandler] | None = None,
        *,
        after_exception: Any = None,
        after_request: Any = None,
        after_response: Any = None,
        after_shutdown: Sequence[Callable[[Starlite], Any]] | Callable[[Starlite], Any] | None = None,
        after_startup: Sequence[Callable[[Starlite], Any]] | Callable[[Starlite], Any] | None = None,
        allowed_hosts: Any = None,
        before_request: Any = None,
        before_send: Any = None,
        before_shutdown: Sequence[Callable[[Starlite], Any]] | Callable[[Starlite], Any] | None = None,
        before_startup: Sequence[Callable[[Starlite], Any]] | Callable[[Starlite], Any] | None = None,
        cache_config: Any = None,
        cache_control: CacheControlHeader | None = None,
        compression_config: Any = None,
        cors_config: Any = None,
        csrf_config: Any = None,
        debug: bool = False,
        dependencies: Mapping[str, Any] | None = None,
        etag: ETag | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        initial_state: ImmutableState | Mapping[str, Any] | None = None,
        logging_config: Any = None,
        middleware: Sequence[Middleware] | None = None,
        multipart_form_part_limit: int = 1000,
        on_app_init: Any = None,
        on_shutdown: Sequence[LifeSpanHandler] | None = None,
        on_startup: Sequence[LifeSpanHandler] | None = None,
        openapi_config: Any = None,
        opt: Mapping[str, Any] | None = None,
        parameters: Mapping[str, Any] | None = None,
        plugins: Any = None,
        request_class: type[Request[Any, Any, Any]] | None = None,
        response_class: type[Response[Any]] | None = None,
        response_cookies: Sequence[Cookie] | None = None,
        response_headers: Mapping[str, Any] | Sequence[Any] | None = None,
        security: Sequence[Mapping[str, Any]] | None = None,
        state: ImmutableState | Mapping[str, Any] | None = None,
        static_files_config: Any = None,
        tags: Sequence[str] | None = None,
        template_config: Any = None,
        type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
        websocket_class: type[WebSocket[Any, Any, Any]] | None = None,
    ) -> None:
        options = locals()
        unsupported = [name for name in _NOT_YET_SUPPORTED if options[name]]
        if unsupported:
            raise ImproperlyConfiguredException(
                f"Starlite option(s) {', '.join(unsupported)} are not supported by this release yet"
            )
        if initial_state is not None and state is not None:
            raise ImproperlyConfiguredException("Pass either 'initial_state' or 'state', not both")
        self.debug = debug
        self.state = State(initial_state if initial_state is not None else state, deep_copy=True)
        self.on_startup = list(on_startup or [])
        self.on_shutdown = list(on_shutdown or [])
        self.before_startup = _as_list(before_startup)
        self.after_startup = _as_list(after_startup)
        self.before_shutdown = _as_list(before_shutdown)
        self.after_shutdown = _as_list(after_shutdown)
        self.multipart_form_part_limit = multipart_form_part_limit
        self.request_class = request_class
        self.websocket_class = websocket_class
        self.asgi_router = ASGIRouter(app=self)
        self._handler_index: dict[str, list[tuple[BaseRouteHandler[Any], str]]] = {}
        super().__init__(
            path="",
            cache_control=cache_control,
            etag=etag,
            exception_handlers=exception_handlers,
            guards=guards,
            middleware=middleware,
            opt=opt,
            response_class=response_class,
            response_cookies=response_cookies,
            response_headers=response_headers,
            route_handlers=[],
            security=security,
            tags=tags,
            type_encoders=type_encoders,
        )
        self.asgi_handler = ExceptionHandlerMiddleware(
            app=self.asgi_router, debug=debug, exception_handlers=dict(self.exception_handlers or {})
        )
        for value in route_handlers or []:
            self.register(value)

    # --- registration -----------------------------------------------------------------------------

    def register(
        self, value: ControllerRouterHandler, add_to_openapi_schema: bool = False
    ) -> list[BaseRoute]:
        """Register a handler, controller class or router, also after the app has started.

        Registration is all or nothing: when it fails, the app keeps serving what it served before.

        Args:
            value: The handler, controller class or router.
            add_to_openapi_schema: Kept for 1.5x compatibility; the OpenAPI schema arrives later.

        Raises:
            ImproperlyConfiguredException: On a conflicting route, a duplicate handler name, or an
                option that this release does not support yet.
        """
        added = self._collect(value)
        index = {name: list(entries) for name, entries in self._handler_index.items()}
        try:
            for path, handler in added:
                self._check_layers(handler)
                self._index_handler(index, handler, path)
            new_routes = build_routes(added)
            for route in new_routes:
                self.asgi_router.add_route(route)
        except Exception:
            self._rebuild_router()  # drop whatever part of the failed registration reached the trie
            if isinstance(value, Router):
                value.owner = None
            raise
        self._handler_index = index
        self._registrations.extend(added)
        paths = {path for path, _ in added}
        return [route for route in self.routes if route.path in paths]

    def _rebuild_router(self) -> None:
        self.asgi_router = ASGIRouter(app=self)
        for route in build_routes(self._registrations):
            self.asgi_router.add_route(route)
        self.asgi_handler.app = self.asgi_router

    @staticmethod
    def _check_layers(handler: BaseRouteHandler[Any]) -> None:
        for layer in handler.ownership_layers:
            for option in _LAYER_OPTIONS_NOT_YET_SUPPORTED:
                if getattr(layer, option, None):
                    raise ImproperlyConfiguredException(
                        f"{option!r} on {layer!r} is not supported by this release yet (handler {handler})"
                    )

    @staticmethod
    def _index_handler(
        index: dict[str, list[tuple[BaseRouteHandler[Any], str]]], handler: BaseRouteHandler[Any], path: str
    ) -> None:
        if not handler.name:
            return
        entries = index.setdefault(handler.name, [])
        if entries and entries[0][0].fn is not handler.fn:
            raise ImproperlyConfiguredException(
                f"Handler name {handler.name!r} is used by both {entries[0][0]} and {handler}; "
                "names must be unique"
            )
        entries.append((handler, path))

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
        entries = self._handler_index.get(name)
        if not entries:
            return None
        handler = entries[0][0]
        return HandlerIndex(
            handler=handler, paths=sorted({p for _, p in entries}), identifier=handler.name or str(handler)
        )

    def route_reverse(self, name: str, **path_parameters: Any) -> str:
        """Build the path of the handler called ``name`` with the given path parameters.

        With several paths, the one whose parameters match the given ones best is used.

        Raises:
            NoRouteMatchFoundException: When no handler has that name or no path fits the parameters.
        """
        index = self.get_handler_index_by_name(name)
        if index is None:
            raise NoRouteMatchFoundException(f"Route {name} can not be found")
        from starlite.routes.base import parse_path

        candidates = []
        for path in index["paths"]:
            segments, definitions = parse_path(path)
            names = {d.name for d in definitions}
            if names <= set(path_parameters):
                candidates.append((len(names), path, segments))
        if not candidates:
            raise NoRouteMatchFoundException(
                f"Route {name} can not be found with parameters {sorted(path_parameters)}"
            )
        _, _, segments = max(candidates, key=lambda c: c[0])
        parts = []
        for segment in segments:
            if isinstance(segment, PathParameterDefinition):
                parts.append(_format_path_value(name, segment, path_parameters[segment.name]))
            else:
                parts.append(segment)
        return "/" + "/".join(parts).lstrip("/")

    # --- ASGI -----------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection (HTTP, websocket or lifespan)."""
        scope["app"] = self
        if scope["type"] == "lifespan":  # type: ignore[comparison-overlap]
            await self._lifespan(receive, send)
            return
        state = ConnectionState.from_scope(scope)

        async def send_wrapper(message: Message) -> None:
            # Once a response has started (or a websocket closed), an error can no longer be answered
            # with an error response: the exception middleware reads this flag.
            if message["type"] in ("http.response.start", "websocket.close"):
                state.response_started = True
            await send(message)

        await self.asgi_handler(scope, receive, send_wrapper)

    async def _run_hooks(self, hooks: Sequence[Callable[..., Any]], *args: Any) -> None:
        for hook in hooks:
            await AsyncCallable(hook, sync_to_thread=False)(*args)

    async def _run_lifespan_handlers(self, handlers: Sequence[Callable[..., Any]]) -> None:
        for handler in handlers:
            takes_state = _positional_arity(handler) > 0
            await AsyncCallable(handler, sync_to_thread=False)(*((self.state,) if takes_state else ()))

    async def startup(self) -> None:
        """Run the startup hooks: ``before_startup``, ``on_startup``, ``after_startup``."""
        await self._run_hooks(self.before_startup, self)
        await self._run_lifespan_handlers(self.on_startup)
        await self._run_hooks(self.after_startup, self)

    async def shutdown(self) -> None:
        """Run the shutdown hooks: ``before_shutdown``, ``on_shutdown``, ``after_shutdown``."""
        await self._run_hooks(self.before_shutdown, self)
        await self._run_lifespan_handlers(self.on_shutdown)
        await self._run_hooks(self.after_shutdown, self)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Speak the ASGI lifespan protocol (https://asgi.readthedocs.io/en/latest/specs/lifespan.html)."""
        message = await receive()
        if message["type"] != "lifespan.startup":  # pragma: no cover - servers always start with startup
            return
        try:
            await self.startup()
        except BaseException as exc:
            await send({"type": "lifespan.startup.failed", "message": _describe_failure(exc)})
            raise
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        if message["type"] != "lifespan.shutdown":  # pragma: no cover
            return
        try:
            await self.shutdown()
        except BaseException as exc:
            await send({"type": "lifespan.shutdown.failed", "message": _describe_failure(exc)})
            raise
        await send({"type": "lifespan.shutdown.complete"})


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _positional_arity(fn: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature
        return 0
    # As 1.5x does: any positional parameter, with or without a default, receives the state.
    return sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def _describe_failure(exc: BaseException) -> str:
    # The server logs this message: give it the whole traceback, as 1.5x does.
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).strip()


def _format_path_value(name: str, definition: PathParameterDefinition, value: Any) -> str:
    if not isinstance(value, definition.type) and not (
        isinstance(value, str) and definition.type in _STR_ACCEPTED
    ):
        raise NoRouteMatchFoundException(
            f"Route {name}: parameter {definition.name!r} must be {definition.type_name}, "
            f"got {type(value).__name__}"
        )
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    return text.lstrip("/") if definition.type_name == "path" else text
