"""``websocket``: the websocket route handler."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from anyio import CancelScope

from starlite._kwargs.dependencies import DependencyCleanup
from starlite._kwargs.plan import KwargsPlan
from starlite.connection.websocket import WebSocket
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.base import BaseRouteHandler
from starlite.utils.exception import ResponseStartTracker, answer_exception

if TYPE_CHECKING:
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
        # The kwargs plan of the route the handler was last registered on (see ``on_registration``).
        self.kwargs_plan: KwargsPlan | None = None

    def _validate_handler_function(self) -> None:
        super()._validate_handler_function()
        assert self.fn is not None
        signature = inspect.signature(self.fn.value)
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
        if not inspect.iscoroutinefunction(self.fn.value):
            raise ImproperlyConfiguredException(
                f"Websocket handler {self.handler_name} must be an async function"
            )

    def on_registration(self, path_parameters: set[str]) -> ASGIApp:
        """Resolve layered settings, build the kwargs plan and the coroutine that serves connections.

        Args:
            path_parameters: The names of the route's path parameters.

        Returns:
            The ASGI app serving this handler's connections on that route: the guards, the kwargs
            plan (with generator dependencies finished when the handler returns), the handler; an
            exception is answered by ``answer_exception`` with the handler's exception handlers.
        """
        self.resolve_opts()
        self._prepare_guards()
        fn = self.bound_fn
        plan = self.kwargs_plan = KwargsPlan.create(self, fn, path_parameters, websocket=True)
        websocket_class: type[WebSocket[Any, Any]] = self._resolve_layered("websocket_class") or WebSocket
        guards = self.authorize_connection if self.has_guards else None
        exception_handlers = self.resolve_exception_handlers()
        debug = self.resolve_debug()
        has_dependencies = bool(plan.dependencies)

        async def serve(scope: Scope, receive: Receive, send: Send) -> None:
            tracker = ResponseStartTracker(send)
            try:
                socket = websocket_class(scope, receive, tracker)
                if guards is not None:
                    await guards(socket)
                if not has_dependencies:
                    await fn(**(await plan.resolve(socket)))
                    return
                cleanup = DependencyCleanup()
                try:
                    await fn(**(await plan.resolve(socket, cleanup)))
                except BaseException as exc:
                    with CancelScope(shield=True):
                        await cleanup.close(exc)
                    raise
                await cleanup.close()
            except Exception as exc:
                await answer_exception(exc, scope, receive, send, exception_handlers, debug, tracker.started)

        return serve


websocket = WebsocketRouteHandler
"""``@websocket(path, ...)``: decorate an async ``(socket: WebSocket) -> None`` function."""
