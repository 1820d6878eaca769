"""``ASGIRouter``: finds the route of each connection and calls it; the hot path of every request.

Every HTTP and websocket connection takes one way: ``Starlite.__call__`` → ``ASGIRouter.__call__``
(one trie match) → the handler's middleware stack, if it has middleware → ``route.handle`` → the
handler's own coroutine. The router answers what no route answers (not found, method not allowed,
``OPTIONS``) and whatever a route lets escape, with the application's exception handlers; it learns
them, ``debug`` and the ``before_send`` hooks from the application when it is made, and never calls
back into it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite._connection_state import DEFAULT_MAX_BODY_SIZE, SCOPE_KEY, ConnectionState
from starlite.asgi.routing_trie import Leaf, RouteTarget, RoutingTrie
from starlite.connection.base import raw_header
from starlite.exceptions import ImproperlyConfiguredException, MethodNotAllowedException, NotFoundException
from starlite.middleware.base import DefineMiddleware
from starlite.middleware.exceptions.middleware import ExceptionHandlerMiddleware
from starlite.routes import ASGIRoute, BaseRoute, HTTPRoute, WebSocketRoute
from starlite.status_codes import HTTP_204_NO_CONTENT
from starlite.utils.exception import answer_exception
from starlite.utils.sync import AsyncCallable, count_positional_parameters

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from starlite.datastructures.state import State
    from starlite.handlers.base import BaseRouteHandler
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send
    from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = ("ASGIRouter", "BeforeMessageSendHookHandler", "RouteResolution", "build_route_middleware_stack")

BeforeMessageSendHookHandler: TypeAlias = "Callable[[Message, State, Scope], SyncOrAsyncUnion[None]] | Callable[[Message, State], SyncOrAsyncUnion[None]]"  # noqa: E501
"""``before_send`` hook: called with each ASGI message and ``app.state`` (and the scope, if it takes 3)."""


class _RouteEntry:
    """The innermost app of a middleware stack: ``route.handle``, looked up on every call.

    Looked up rather than bound at start-up, so that an integration that wraps ``HTTPRoute.handle``
    after the application was built still sees every request. It returns the coroutine for the
    middleware to await, adding no frame of its own.
    """

    __slots__ = ("route",)

    def __init__(self, route: BaseRoute) -> None:
        self.route = route

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        return self.route.handle(scope, receive, send)


def _apply_middleware(middleware: Any, app: ASGIApp) -> ASGIApp:
    if isinstance(middleware, DefineMiddleware):
        return middleware(app)
    if not callable(middleware) and hasattr(middleware, "__iter__"):
        # Starlette's ``Middleware`` (known by its shape: Starlette is no dependency of ours), or a
        # tuple of the same: ``(cls, options)`` in the Starlette releases of Starlite 1.5x's time,
        # ``(cls, args, kwargs)`` in later ones. As in 1.5x, ``app`` is passed by keyword.
        parts = tuple(middleware)
        if len(parts) == 2:
            cls, args, kwargs = parts[0], (), parts[1]
        elif len(parts) == 3:
            cls, args, kwargs = parts
        else:
            raise ImproperlyConfiguredException(
                f"Middleware {middleware!r} is neither a callable nor a (class, options) pair"
            )
        return cls(*args, app=app, **kwargs)  # type: ignore[no-any-return]
    return middleware(app=app)  # type: ignore[no-any-return]


def build_route_middleware_stack(
    route: BaseRoute,
    handler: BaseRouteHandler[Any],
    debug: bool,
    builtin: Sequence[Callable[[ASGIApp, BaseRouteHandler[Any]], ASGIApp]] = (),
) -> ASGIApp | None:
    """Wrap one handler of a route in its middleware; ``None`` when it has none.

    From the outside in:

    1. ``ExceptionHandlerMiddleware`` with the handler's layered exception handlers (app, routers,
       controller, handler; the closest wins), answering what the middleware raises;
    2. the middleware of every layer, the app's outermost and the handler's innermost;
    3. the app's built-in handler middleware (``builtin``, outermost first), each of which returns
       the app it is given when it does not apply to ``handler``;
    4. ``route.handle``, which calls the handler's own coroutine; that coroutine answers the
       handler's errors itself, inside the middleware, so middleware sees the error responses (a
       session changed before the error is saved, headers are added), as in 1.5x.

    Without any of them the router calls ``route.handle`` itself. Not-found and method-not-allowed
    errors are answered by the router, outside every stack.
    """
    entry: ASGIApp = _RouteEntry(route)
    app = entry
    for wrap in reversed(builtin):
        app = wrap(app, handler)
    middleware = handler.resolve_middleware()
    if not middleware and app is entry:
        return None
    for layer_middleware in reversed(middleware):
        app = _apply_middleware(layer_middleware, app)
    return ExceptionHandlerMiddleware(
        app=app, debug=debug, exception_handlers=handler.resolve_exception_handlers()
    )


PreflightAnswer: TypeAlias = "Callable[[Scope], tuple[int, list[tuple[bytes, bytes]], bytes]]"
"""What answers a preflight request (an ``OPTIONS`` naming its ``Origin``): the app's CORS config."""


async def _options_response(allow: str, scope: Scope, send: Send, preflight: PreflightAnswer | None) -> None:
    # Every HTTP path answers OPTIONS with the methods it allows (RFC 9110 section 9.3.7); with CORS
    # on, an OPTIONS naming its Origin is a preflight request, which the CORS config answers.
    if preflight is not None and raw_header(scope, b"origin") is not None:
        status, headers, body = preflight(scope)
    else:
        status, headers, body = HTTP_204_NO_CONTENT, [(b"allow", allow.encode())], b""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _before_send_wrapper(hooks: list[Any], app_state: Any) -> Callable[[Scope, Send], Send] | None:
    """What wraps each connection's ``send`` so that every message passes the ``before_send`` hooks."""
    if not hooks:
        return None
    prepared = tuple(
        (AsyncCallable(hook, sync_to_thread=False), count_positional_parameters(hook) >= 3) for hook in hooks
    )

    def wrap(scope: Scope, send: Send) -> Send:
        async def send_with_hooks(message: Message) -> None:
            for hook, takes_scope in prepared:
                if takes_scope:
                    await hook(message, app_state, scope)
                else:
                    await hook(message, app_state)
            await send(message)

        return send_with_hooks

    return wrap


class RouteResolution:
    """Where the router sends a connection: what ``ASGIRouter.resolve`` returns.

    Attributes:
        handler: The route handler that answers it.
        route: The route it belongs to.
        path_params: The path parameters, converted to their declared types.
        mount_prefix: For a mounted ASGI app, the part of the path its mount point matched (the app
            sees it added to ``root_path``); ``None`` otherwise.
        mount_path: For a mounted ASGI app, the rest of the path, which the app sees as ``path``.
        max_body_size: The request body limit the router sets on the connection.
    """

    __slots__ = ("handler", "route", "path_params", "mount_prefix", "mount_path", "max_body_size")

    def __init__(
        self,
        target: RouteTarget,
        path_params: dict[str, Any],
        mount_prefix: str | None = None,
        mount_path: str | None = None,
    ) -> None:
        self.handler = target.handler
        self.route = target.route
        self.path_params = path_params
        self.mount_prefix = mount_prefix
        self.mount_path = mount_path
        self.max_body_size = target.max_body_size


class ASGIRouter:
    """Match each connection to its route target, set ``path_params`` and ``route_handler``, call it.

    Args:
        app: The application whose routes are served. The router reads its ``debug`` flag, its
            exception handlers, ``before_send`` hooks and ``state`` once, here.
    """

    __slots__ = (
        "trie",
        "routes",
        "debug",
        "exception_handlers",
        "preflight",
        "handler_middleware",
        "_wrap_send",
    )

    def __init__(self, app: Any) -> None:
        self.trie = RoutingTrie()
        self.routes: list[BaseRoute] = []
        self.debug: bool = app.debug
        self.exception_handlers: dict[Any, Any] = dict(app.exception_handlers or {})
        self.preflight: PreflightAnswer | None = getattr(app, "preflight_answer", None)
        self.handler_middleware: list[Any] = list(getattr(app, "handler_middleware", ()))
        self._wrap_send = _before_send_wrapper(app.before_send, app.state)

    def add_route(self, route: BaseRoute) -> None:
        """Prepare every handler of ``route`` for it and insert them into the trie.

        Raises:
            ImproperlyConfiguredException: When the route conflicts with one already added.
        """
        if isinstance(route, HTTPRoute):
            kind = "http"
        elif isinstance(route, WebSocketRoute):
            kind = "websocket"
        elif isinstance(route, ASGIRoute):
            kind = "mount" if route.route_handler.is_mount else "asgi"
        else:  # pragma: no cover - every route type is listed above
            raise ImproperlyConfiguredException(f"Unknown route type {route!r}")
        route.create_handler_map()
        for handler in route.route_handlers:
            stack = build_route_middleware_stack(route, handler, self.debug, self.handler_middleware)
            self.trie.add(RouteTarget(handler, route, stack), kind)
        self.routes.append(route)

    def resolve(self, method: str, path: str) -> RouteResolution:
        """Find what answers ``method`` (an HTTP method, or ``"websocket"``) at ``path``, as the router would.

        Raises:
            NotFoundException: When no route matches, or a path parameter does not convert.
            MethodNotAllowedException: When the path exists, but not for this method.
        """
        match = self.trie.match(path)
        if match is None:
            raise NotFoundException()
        if match.leaf is None:
            mount = match.mount
            assert mount is not None
            return RouteResolution(mount, {}, match.prefix, match.rest)
        target = _select(match.leaf, method)
        return RouteResolution(target, _path_params(target, match.values))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve an HTTP or websocket connection: match its path once and call what answers it."""
        if self._wrap_send is not None:
            send = self._wrap_send(scope, send)
        try:
            match = self.trie.match(scope["path"])
            if match is None:
                raise NotFoundException()
            leaf = match.leaf
            if leaf is None:
                await self._serve_mount(match.mount, match.prefix, match.rest, scope, receive, send)  # type: ignore[arg-type]
                return
            if scope["type"] == "http":
                target = leaf.methods.get(scope["method"]) if leaf.asgi is None else leaf.asgi
                if target is None:
                    if scope["method"] == "OPTIONS" and leaf.methods:
                        await _options_response(leaf.allow, scope, send, self.preflight)
                        return
                    target = _select(leaf, scope["method"])
            else:
                target = _select(leaf, "websocket")
            scope["path_params"] = _path_params(target, match.values) if match.values else {}
            scope["route_handler"] = target.handler
            if target.max_body_size != DEFAULT_MAX_BODY_SIZE:  # the connection starts with the default
                ConnectionState.from_scope(scope).max_body_size = target.max_body_size
            app = target.app
            if app is None:
                await target.route.handle(scope, receive, send)
            else:
                await app(scope, receive, send)
        except Exception as exc:
            state: ConnectionState | None = scope.get(SCOPE_KEY)  # type: ignore[assignment]
            if state is not None and state.escaping_exception is exc:
                raise  # raised again by the exception handling itself: the response had started
            await answer_exception(exc, scope, receive, send, self.exception_handlers, self.debug, False)

    @staticmethod
    async def _serve_mount(
        mount: RouteTarget, prefix: str, rest: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        # The mounted app sees the path below the mount point; the mount point joins root_path so that
        # URLs it builds still point at the right place.
        scope["root_path"] = scope.get("root_path", "") + prefix
        scope["path"] = rest
        scope["path_params"] = {}
        scope["route_handler"] = mount.handler
        if mount.app is None:
            await mount.route.handle(scope, receive, send)
        else:
            await mount.app(scope, receive, send)


def _select(leaf: Leaf, method: str) -> RouteTarget:
    """The target of ``leaf`` for ``method`` (an HTTP method, or ``"websocket"``).

    Raises:
        NotFoundException: When the path has no handler of that kind.
        MethodNotAllowedException: When the path has HTTP handlers, but not for this method.
    """
    if leaf.asgi is not None:
        return leaf.asgi
    if method == "websocket":
        if leaf.websocket is None:
            raise NotFoundException()
        return leaf.websocket
    target = leaf.methods.get(method)
    if target is None:
        if not leaf.methods:
            raise NotFoundException()
        raise MethodNotAllowedException(headers={"allow": leaf.allow})
    return target


def _path_params(target: RouteTarget, values: list[str]) -> dict[str, Any]:
    try:
        return target.parse_path_params(values)
    except ValueError as exc:
        # A value that does not parse as the declared type: the path does not exist (as in 1.5x).
        raise NotFoundException() from exc
