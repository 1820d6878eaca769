"""``Router``: a path prefix for a group of handlers, controllers and other routers."""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite.controller import Controller
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.asgi import ASGIRouteHandler
from starlite.handlers.base import BaseRouteHandler
from starlite.handlers.http import HTTPRouteHandler
from starlite.handlers.websocket import WebsocketRouteHandler
from starlite.routes import ASGIRoute, BaseRoute, HTTPRoute, WebSocketRoute
from starlite.types.empty import Empty
from starlite.utils.path import join_paths, normalize_path

if TYPE_CHECKING:
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import CacheControlHeader, ETag
    from starlite.response import Response
    from starlite.types.composite_types import Middleware
    from starlite.utils.exception import ExceptionHandlersMap

__all__ = (
    "ControllerRouterHandler",
    "ResponseType",
    "RouteHandlerMapItem",
    "RouteHandlerType",
    "Router",
)

ControllerRouterHandler: TypeAlias = "type[Any] | BaseRouteHandler[Any] | Any | Callable[..., Any]"
"""What a router registers: a route handler, a ``Controller`` subclass or another ``Router``."""
RouteHandlerType: TypeAlias = "HTTPRouteHandler | WebsocketRouteHandler | ASGIRouteHandler"
"""A route handler of any kind."""
RouteHandlerMapItem: TypeAlias = "dict[str, RouteHandlerType]"
"""The handlers of one path by HTTP method, and under ``"websocket"`` and ``"asgi"``."""
ResponseType: TypeAlias = "type[Response[Any]]"
"""The ``response_class`` option: a ``Response`` subclass."""

Registration = tuple[str, BaseRouteHandler[Any]]


def build_routes(registrations: list[Registration]) -> list[BaseRoute]:
    """Group ``(path, handler)`` registrations into routes.

    The HTTP handlers of a path share one ``HTTPRoute``; each websocket or ASGI handler gets its own
    ``WebSocketRoute`` or ``ASGIRoute``.
    """
    http: dict[str, list[HTTPRouteHandler]] = defaultdict(list)
    routes: list[BaseRoute] = []
    for path, handler in registrations:
        if isinstance(handler, HTTPRouteHandler):
            if handler not in http[path]:
                http[path].append(handler)
        elif isinstance(handler, WebsocketRouteHandler):
            routes.append(WebSocketRoute(path=path, route_handler=handler))
        elif isinstance(handler, ASGIRouteHandler):
            routes.append(ASGIRoute(path=path, route_handler=handler))
    routes.extend(HTTPRoute(path=path, route_handlers=handlers) for path, handlers in http.items())
    return routes


class Router:
    """A path prefix shared by handlers, controllers and nested routers, with settings they inherit.

    Args:
        path: The path prefix.
        after_request: Hook receiving each ``Response``.
        after_response: Hook called after each response is sent.
        before_request: Hook called before each handler.
        cache_control: ``Cache-Control`` header of the responses.
        cache_key_builder: Builds the response cache key of the handlers that cache their
            responses, unless a closer layer sets one (not in 1.5x, which had it on handlers and
            ``CacheConfig`` only).
        dependencies: Dependencies of the handlers.
        etag: ``ETag`` header of the responses.
        exception_handlers: Exception handlers keyed by class or status code.
        guards: Guards of the handlers.
        middleware: Middleware wrapping the handlers.
        opt: Options merged into each handler's ``opt``.
        parameters: Shared parameter declarations.
        response_class: The response class of the handlers.
        response_cookies: Cookies set on the responses.
        response_headers: Headers set on the responses.
        request_max_body_size: The most request body bytes read before a 413 (``None``: no limit).
        route_handlers: Handlers, controller classes and routers to register.
        security: OpenAPI security requirements.
        tags: OpenAPI tags.
        type_encoders: Encoders for types msgspec cannot serialize.
    """

    def __init__(
        self,
        path: str,
        *,
        after_request: Callable[..., Any] | None = None,
        after_response: Callable[..., Any] | None = None,
        before_request: Callable[..., Any] | None = None,
        cache_control: CacheControlHeader | None = None,
        cache_key_builder: Callable[[Any], str] | None = None,
        dependencies: Mapping[str, Any] | None = None,
        etag: ETag | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        middleware: Sequence[Middleware] | None = None,
        opt: Mapping[str, Any] | None = None,
        parameters: Mapping[str, Any] | None = None,
        response_class: type[Response[Any]] | None = None,
        response_cookies: Sequence[Cookie] | None = None,
        response_headers: Mapping[str, Any] | Sequence[Any] | None = None,
        request_max_body_size: int | None | type[Empty] = Empty,
        route_handlers: Sequence[ControllerRouterHandler],
        security: Sequence[Mapping[str, Any]] | None = None,
        tags: Sequence[str] | None = None,
        type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
    ) -> None:
        self.path = normalize_path(path)
        self.owner: Router | None = None
        self.after_request = after_request
        self.after_response = after_response
        self.before_request = before_request
        self.cache_control = cache_control
        self.cache_key_builder = cache_key_builder
        self.dependencies = dict(dependencies or {})
        self.etag = etag
        self.exception_handlers = dict(exception_handlers) if exception_handlers else None
        self.guards = list(guards) if guards else None
        self.middleware = list(middleware) if middleware else None
        self.opt = dict(opt) if opt else {}
        self.parameters = dict(parameters) if parameters else None
        self.response_class = response_class
        self.response_cookies = list(response_cookies) if response_cookies else None
        self.response_headers = response_headers
        self.request_max_body_size = request_max_body_size
        self.security = list(security) if security else None
        self.tags: list[str] = list(tags or [])  # a list, as in 1.5x (plugins append to app.tags)
        self.type_encoders = dict(type_encoders) if type_encoders else None
        self._registrations: list[Registration] = []
        for value in route_handlers:
            self._registrations.extend(self._collect(value))
        build_routes(self._registrations)  # conflicting handlers are refused here, as in 1.5x

    def _collect(self, value: ControllerRouterHandler) -> list[Registration]:
        """Return the ``(full path, handler)`` pairs that registering ``value`` adds."""
        if isinstance(value, Router):
            if value is self:
                raise ImproperlyConfiguredException("A router cannot be registered on itself")
            if value.owner is not None:
                raise ImproperlyConfiguredException(
                    f"Router with path {value.path} has already been registered "
                    f"on router with path {value.owner.path}"
                )
            value.owner = self
            return [(join_paths([self.path, path]), handler) for path, handler in value._registrations]
        if isinstance(value, type) and typing.get_origin(value) is None and issubclass(value, Controller):
            controller = value(owner=self)
            return [
                (join_paths([self.path, controller.path, path]), handler)
                for handler in controller.get_route_handlers()
                for path in sorted(handler.paths)
            ]
        if isinstance(value, BaseRouteHandler):
            if value.fn is None:
                raise ImproperlyConfiguredException(
                    f"{value!r} must decorate a function before it is registered"
                )
            handler = value if value.owner is None else value.copy_for(self)
            handler.owner = self
            return [(join_paths([self.path, path]), handler) for path in sorted(handler.paths)]
        raise ImproperlyConfiguredException(
            f"Unsupported value passed to Router.register: {value!r}. "
            "Pass a route handler, a Controller subclass or a Router instance."
        )

    def register(self, value: ControllerRouterHandler) -> list[BaseRoute]:
        """Register a handler, a controller class or a router; return the routes it took part in."""
        added = self._collect(value)
        self._registrations.extend(added)
        paths = {path for path, _ in added}
        return build_routes([entry for entry in self._registrations if entry[0] in paths])

    @property
    def routes(self) -> list[BaseRoute]:
        """The routes of this router: its handlers grouped by path and kind."""
        return build_routes(self._registrations)

    @property
    def route_handler_method_map(self) -> dict[str, dict[str, BaseRouteHandler[Any]]]:
        """``{path: {method: handler}}``; websocket and ASGI handlers under ``"websocket"`` and ``"asgi"``."""
        result: dict[str, dict[str, BaseRouteHandler[Any]]] = defaultdict(dict)
        for route in self.routes:
            if isinstance(route, HTTPRoute):
                result[route.path].update(
                    {method: handler for method, (handler, _) in route.route_handler_map.items()}
                )
            elif isinstance(route, WebSocketRoute):
                result[route.path]["websocket"] = route.route_handler
            elif isinstance(route, ASGIRoute):
                result[route.path]["asgi"] = route.route_handler
        return dict(result)
