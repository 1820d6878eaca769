"""``HTTPRoute``: the HTTP handlers of one path, keyed by method."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.exceptions import ImproperlyConfiguredException
from starlite.routes.base import BaseRoute

if TYPE_CHECKING:
    from starlite._kwargs.plan import KwargsPlan
    from starlite.handlers.http import HTTPRouteHandler
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("HTTPRoute",)


class HTTPRoute(BaseRoute):
    """The HTTP handlers of one path.

    ``route_handler_map`` maps each method to ``(handler, kwargs plan)``, as 1.5x's mapped it to the
    handler and its kwargs model; the plan is ``None`` until the handler is registered on an app.

    Args:
        path: The normalized path template.
        route_handlers: Handlers for this path; each method may be answered by one handler only.

    Raises:
        ImproperlyConfiguredException: When two handlers answer the same method.
    """

    __slots__ = ("route_handler_map", "_handler_apps")

    def __init__(self, *, path: str, route_handlers: list[HTTPRouteHandler]) -> None:
        super().__init__(path=path, scope_type="http", handler_names=[str(h) for h in route_handlers])
        self.route_handler_map: dict[str, tuple[HTTPRouteHandler, KwargsPlan | None]] = {}
        for handler in route_handlers:
            for method in sorted(handler.http_methods):
                existing = self.route_handler_map.get(method)
                if existing is not None and existing[0] is not handler:
                    raise ImproperlyConfiguredException(
                        f"Handlers {existing[0]} and {handler} both answer {method} {path}"
                    )
                self.route_handler_map[method] = (handler, handler.kwargs_plan)
        # The router answers OPTIONS for every HTTP path (no handler of its own, unlike 1.5x), so the
        # route lists it among its methods, as 1.5x did.
        self.methods = {*self.route_handler_map, "OPTIONS"}
        self._handler_apps: dict[str, ASGIApp] = {}

    @property
    def route_handlers(self) -> list[HTTPRouteHandler]:  # type: ignore[override]
        """The distinct handlers on this route."""
        return list({id(h): h for h, _ in self.route_handler_map.values()}.values())

    def create_handler_map(self) -> None:
        """Prepare every handler for this route: its kwargs plan and the coroutine that answers it."""
        apps: dict[str, ASGIApp] = {}
        for handler in self.route_handlers:
            app = handler.on_registration(self.path_parameter_names)
            for method in handler.http_methods:
                apps[method] = app
                self.route_handler_map[method] = (handler, handler.kwargs_plan)
        self._handler_apps = apps

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer an HTTP request: the coroutine of the handler of its method does it all.

        This is the one path every HTTP request to a handler takes; wrapping it (as an integration
        may, by patching the class) sees each of them, with ``scope["route_handler"]`` set.
        """
        await self._handler_apps[scope["method"]](scope, receive, send)  # type: ignore[typeddict-item]
