"""``websocket``: the websocket route handler."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.base import BaseRouteHandler

if TYPE_CHECKING:
    from starlite._kwargs import KwargsPlan
    from starlite.connection import WebSocket
    from starlite.types import ExceptionHandlersMap, Middleware, Receive, Scope, Send

__all__ = ("WebsocketRouteHandler", "websocket")


class WebsocketRouteHandler(BaseRouteHandler["WebsocketRouteHandler"]):
    """A websocket handler: an async function taking ``socket`` and returning ``None``.

    Args:
        path: A path, a list of paths, or ``None`` for ``/``.
        dependencies: Dependencies for this handler.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards called before the handler.
        middleware: Middleware wrapping this handler.
        name: A unique name, for ``route_reverse`` and ``url_for``.
        opt: Arbitrary options, available to guards and middleware.
        **kwargs: Merged into ``opt``.
    """

    def __init__(
        self,
        path: str | Sequence[str] | None = None,
        *,
        dependencies: Mapping[str, Any] | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        middleware: Sequence[Middleware] | None = None,
        name: str | None = None,
        opt: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            path,
            dependencies=dependencies,
            exception_handlers=exception_handlers,
            guards=guards,
            middleware=middleware,
            name=name,
            opt=opt,
            **kwargs,
        )
        self.kwargs_plan: KwargsPlan | None = None
        self._websocket_class: type[WebSocket[Any, Any, Any]] | None = None

    def _validate_handler_function(self) -> None:
        super()._validate_handler_function()
        assert self.fn is not None
        signature = inspect.signature(self.fn)
        if signature.return_annotation not in (None, "None", type(None)):
            raise ImproperlyConfiguredException(f"Websocket handler {self.handler_name} must be annotated '-> None'")
        if "socket" not in signature.parameters:
            raise ImproperlyConfiguredException(f"Websocket handler {self.handler_name} must declare a 'socket' kwarg")
        for forbidden in ("request", "body", "data"):
            if forbidden in signature.parameters:
                raise ImproperlyConfiguredException(
                    f"The {forbidden!r} kwarg is not supported with websocket handlers ({self.handler_name})"
                )
        if not inspect.iscoroutinefunction(self.fn):
            raise ImproperlyConfiguredException(f"Websocket handler {self.handler_name} must be an async function")

    def on_registration(self, path_parameters: set[str]) -> None:
        """Resolve layered settings and build the kwargs plan; called when the app registers the route."""
        from starlite._kwargs import KwargsPlan
        from starlite.connection import WebSocket

        self.resolve_opts()
        self._prepare_guards()
        self.kwargs_plan = KwargsPlan.create(self, self.bound_fn, path_parameters, websocket=True)
        self._websocket_class = self._resolve_layered("websocket_class") or WebSocket

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the handler for one websocket connection."""
        assert self.kwargs_plan is not None and self._websocket_class is not None
        socket = self._websocket_class(scope, receive, send)
        if self._guards:
            await self.authorize_connection(socket)
        await self.bound_fn(**(await self.kwargs_plan.resolve(socket)))


websocket = WebsocketRouteHandler
"""``@websocket(path, ...)``: decorate an async ``(socket: WebSocket) -> None`` function."""
