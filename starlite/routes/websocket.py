"""``WebSocketRoute``: the websocket handler of one path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.routes.base import BaseRoute

if TYPE_CHECKING:
    from starlite.handlers.websocket import WebsocketRouteHandler

__all__ = ("WebSocketRoute",)


class WebSocketRoute(BaseRoute):
    """The websocket handler of one path.

    Args:
        path: The normalized path template.
        route_handler: The handler.
    """

    __slots__ = ("route_handler",)

    def __init__(self, *, path: str, route_handler: WebsocketRouteHandler) -> None:
        super().__init__(path=path, scope_type="websocket", handler_names=[str(route_handler)])
        self.route_handler = route_handler

    @property
    def route_handlers(self) -> list[WebsocketRouteHandler]:  # type: ignore[override]
        """The handler, as a one-item list."""
        return [self.route_handler]
