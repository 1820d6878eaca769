"""``ASGIRoute``: an ASGI handler (or mount) at one path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.routes.base import SingleHandlerRoute

if TYPE_CHECKING:
    from starlite.handlers.asgi import ASGIRouteHandler

__all__ = ("ASGIRoute",)


class ASGIRoute(SingleHandlerRoute):
    """An ASGI handler at one path; a mount when the handler is one.

    Args:
        path: The normalized path template.
        route_handler: The handler.
    """

    __slots__ = ()

    scope_kind = "asgi"
    route_handler: ASGIRouteHandler
