"""``websocket``: the websocket route handler."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from anyio import CancelScope

from starlite._kwargs.dependencies import DependencyCleanup
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.base import BaseRouteHandler

if TYPE_CHECKING:
    from starlite._kwargs import KwargsPlan
    from starlite.connection import WebSocket
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send
    from starlite.types.composite_types import Middleware
    from starlite.utils.exception import ExceptionHandlersMap

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
            raise ImproperlyConfiguredException(
                f"Websocket handler {self.handler_name} must be annotated '-> None'"
            )
        if "socket" not in signature.parameters:
            raise ImproperlyConfiguredException(
                f"Websocket handler {self.handler_name} must declare a 'socket' kwarg"
            )
        for forbidden in ("request", "body", "data"):
            if forbidden in signature.parameters:
                raise ImproperlyConfiguredException(
                    f"The {forbidden!r} kwarg is not supported with websocket handlers ({self.handler_name})"
                )
        if not inspect.iscoroutinefunction(self.fn):
            raise ImproperlyConfiguredException(
                f"Websocket handler {self.handler_name} must be an async function"
            )

    def on_registration(self, path_parameters: set[str]) -> ASGIApp:
        """Resolve layered settings and build the kwargs plan; called when the app registers a route.

        Returns:
            The ASGI app serving this handler on that route, with the kwargs plan of its path parameters.
        """
        from starlite._kwargs import KwargsPlan
        from starlite.connection import WebSocket

        self.resolve_opts()
        self._prepare_guards()
        self._bound_fn = self.bound_fn
        self.kwargs_plan = KwargsPlan.create(self, self._bound_fn, path_parameters, websocket=True)
        self._websocket_class = self._resolve_layered("websocket_class") or WebSocket
        return partial(self.handle, kwargs_plan=self.kwargs_plan)

    async def handle(
        self, scope: Scope, receive: Receive, send: Send, kwargs_plan: KwargsPlan | None = None
    ) -> None:
        """Run the handler for one websocket connection."""
        plan = kwargs_plan or self.kwargs_plan
        assert plan is not None and self._websocket_class is not None
        socket = self._websocket_class(scope, receive, send)
        if self._guards:
            await self.authorize_connection(socket)
        if not plan.dependencies:
            await self._bound_fn(**(await plan.resolve(socket)))
            return
        cleanup = DependencyCleanup()
        try:
            await self._bound_fn(**(await plan.resolve(socket, cleanup)))
        except BaseException as exc:
            with CancelScope(shield=True):
                await cleanup.close(exc)
            raise
        await cleanup.close()


websocket = WebsocketRouteHandler
"""``@websocket(path, ...)``: decorate an async ``(socket: WebSocket) -> None`` function."""
