"""``ASGIRouter``: dispatches each connection to its route handler; the hot path of every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite._connection_state import DEFAULT_MAX_BODY_SIZE, ConnectionState
from starlite.asgi.routing_trie import RouteTarget, RoutingTrie
from starlite.exceptions import (
    ImproperlyConfiguredException,
    MethodNotAllowedException,
    NotFoundException,
)
from starlite.handlers.http import HTTPRouteHandler, build_direct_app
from starlite.middleware.base import DefineMiddleware
from starlite.middleware.exceptions import ExceptionHandlerMiddleware
from starlite.routes import ASGIRoute, BaseRoute, HTTPRoute, WebSocketRoute
from starlite.status_codes import HTTP_204_NO_CONTENT

if TYPE_CHECKING:
    from starlite.app import Starlite
    from starlite.datastructures.state import State
    from starlite.handlers.base import BaseRouteHandler
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send
    from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = ("ASGIRouter", "BeforeMessageSendHookHandler", "build_route_middleware_stack")

BeforeMessageSendHookHandler: TypeAlias = "Callable[[Message, State, Scope], SyncOrAsyncUnion[None]] | Callable[[Message, State], SyncOrAsyncUnion[None]]"  # noqa: E501
"""``before_send`` hook: called with each ASGI message and ``app.state`` (and the scope, if it takes 3)."""


def _apply_middleware(middleware: Any, app: ASGIApp) -> ASGIApp:
    if isinstance(middleware, DefineMiddleware):
        return middleware(app)
    if isinstance(middleware, tuple) and len(middleware) == 2:  # Starlette style: (cls, options)
        cls, options = middleware
        return cls(app=app, **options)  # type: ignore[no-any-return]
    return middleware(app=app)  # type: ignore[no-any-return]


def build_route_middleware_stack(
    app: Starlite, handler: BaseRouteHandler[Any], handler_app: ASGIApp
) -> ASGIApp:
    """Wrap one route handler's ASGI app in its middleware; the result is what the router calls.

    From the outside in:

    1. ``ExceptionHandlerMiddleware`` with the handler's layered ``exception_handlers`` (app, routers,
       controller, handler; the closest wins), so errors raised by middleware are handled too;
    2. the user middleware of every layer, the app's outermost and the handler's innermost;
    3. when there is middleware, a second ``ExceptionHandlerMiddleware``, so that the middleware sees
       the error responses of the handler (as in 1.5x);
    4. the handler itself (``handler_app``, what ``handler.on_registration`` returned for this route).

    Not-found and method-not-allowed errors are raised by the router, outside this stack, and are
    handled by the app-level ``ExceptionHandlerMiddleware`` that wraps the router.
    """
    exception_handlers = handler.resolve_exception_handlers()
    middleware = handler.resolve_middleware()
    asgi_app = handler_app
    if middleware:
        # An error in the handler is answered inside the middleware too, as in 1.5x: middleware then
        # sees the error response (a session changed before the error is saved, headers are added).
        inner = ExceptionHandlerMiddleware(
            app=asgi_app, debug=app.debug, exception_handlers=exception_handlers
        )
        plan = getattr(handler, "kwargs_plan", None)
        direct = None
        if isinstance(handler, HTTPRouteHandler) and plan is not None:
            # The handler's direct lane, inside the middleware (see ``build_direct_app``).
            limit = handler.resolve_request_max_body_size()
            direct = build_direct_app(handler, plan, inner, limit, inner=True)
        asgi_app = direct or inner
    for layer_middleware in reversed(middleware):
        asgi_app = _apply_middleware(layer_middleware, asgi_app)
    return ExceptionHandlerMiddleware(app=asgi_app, debug=app.debug, exception_handlers=exception_handlers)


async def _options_response(allow: str, send: Send) -> None:
    # Every HTTP path answers OPTIONS with the methods it allows (RFC 9110 section 9.3.7).
    await send(
        {
            "type": "http.response.start",
            "status": HTTP_204_NO_CONTENT,
            "headers": [(b"allow", allow.encode())],
        }
    )
    await send({"type": "http.response.body", "body": b""})


class ASGIRouter:
    """Find the route target of a connection, set ``path_params`` and ``route_handler``, call it.

    Args:
        app: The application whose routes are served.
    """

    __slots__ = ("app", "trie", "routes")

    def __init__(self, app: Starlite) -> None:
        self.app = app
        self.trie = RoutingTrie()
        self.routes: list[BaseRoute] = []

    def add_route(self, route: BaseRoute) -> None:
        """Prepare every handler of ``route`` and insert it into the trie.

        Raises:
            ImproperlyConfiguredException: When the route conflicts with one already added.
        """
        kind = "http"
        if isinstance(route, WebSocketRoute):
            kind = "websocket"
        elif isinstance(route, ASGIRoute):
            kind = "mount" if route.route_handler.is_mount else "asgi"
        elif not isinstance(route, HTTPRoute):  # pragma: no cover - every route type is listed above
            raise ImproperlyConfiguredException(f"Unknown route type {route!r}")
        for handler in route.route_handlers:
            handler_app = handler.on_registration(route.path_parameter_names)
            stack = build_route_middleware_stack(self.app, handler, handler_app)
            target = RouteTarget(handler, route.path, route.path_parameters, stack)
            plan = getattr(handler, "kwargs_plan", None)
            if kind == "http" and plan is not None and getattr(stack, "app", None) is handler_app:
                # No middleware on the route: the handler may have a direct lane.
                target.direct = build_direct_app(handler, plan, stack, target.max_body_size)  # type: ignore[arg-type]
            self.trie.add(target, route.segments, kind)
        self.routes.append(route)

    async def serve_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve an HTTP request of an app without ``before_send`` hooks.

        A route with a direct lane (``build_direct_app``) is called with the server's ``send``; any
        other request takes the full path: the app's exception middleware, its send wrapper, then
        ``__call__``.
        """
        leaf, values, _, _, _ = self.trie.match(scope["path"])
        if leaf is not None and leaf.asgi is None:
            target = leaf.methods.get(scope["method"])  # type: ignore[typeddict-item]
            if target is not None and target.direct is not None:
                try:
                    scope["path_params"] = target.parse_path_params(values) if values else {}
                except ValueError:
                    pass  # the full path answers the 404
                else:
                    scope["route_handler"] = target.handler
                    await target.direct(scope, receive, send)
                    return
        app = self.app
        await app.asgi_handler(scope, receive, app._wrap_send(scope, send))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Dispatch an HTTP or websocket connection.

        Raises:
            NotFoundException: When no route matches (or a path parameter does not parse).
            MethodNotAllowedException: When the path exists but not for this method.
        """
        path = scope["path"]
        leaf, values, mount, prefix, rest = self.trie.match(path)
        if leaf is None:
            if mount is None:
                raise NotFoundException()
            # The mounted app sees the path below the mount point; the mount point joins root_path so
            # that URLs it builds still point at the right place.
            scope["root_path"] = scope.get("root_path", "") + prefix
            scope["path"] = rest
            scope["path_params"] = {}
            scope["route_handler"] = mount.handler
            await mount.app(scope, receive, send)
            return
        target: RouteTarget | None = leaf.asgi
        if target is None:
            if scope["type"] == "http":
                target = leaf.methods.get(scope["method"])
                if target is None:
                    if leaf.methods and scope["method"] == "OPTIONS":
                        await _options_response(leaf.allow, send)
                        return
                    if not leaf.methods:
                        raise NotFoundException()
                    raise MethodNotAllowedException(headers={"allow": leaf.allow})
            else:
                target = leaf.websocket
                if target is None:
                    raise NotFoundException()
        try:
            scope["path_params"] = target.parse_path_params(values) if values else {}
        except ValueError as exc:
            # A value that does not parse as the declared type: the path does not exist (as in 1.5x).
            raise NotFoundException() from exc
        scope["route_handler"] = target.handler
        if target.max_body_size != DEFAULT_MAX_BODY_SIZE:  # the connection starts with the default
            ConnectionState.from_scope(scope).max_body_size = target.max_body_size
        await target.app(scope, receive, send)
