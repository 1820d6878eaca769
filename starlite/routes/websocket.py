"""``WebSocketRoute``: the websocket handler of one path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.routes.base import SingleHandlerRoute

if TYPE_CHECKING:
    from starlite.handlers.websocket import WebsocketRouteHandler

__all__ = ("WebSocketRoute",)


class WebSocketRoute(SingleHandlerRoute):
    """The websocket handler of one path.

    Args:
        path: The normalized path template.
        route_handler: The handler.
    """

    __slots__ = ()

    scope_kind = "websocket"
    route_handler: WebsocketRouteHandler
