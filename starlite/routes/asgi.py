"""``ASGIRoute``: an ASGI handler (or mount) at one path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.routes.base import BaseRoute

if TYPE_CHECKING:
    from starlite.handlers.asgi import ASGIRouteHandler

__all__ = ("ASGIRoute",)


class ASGIRoute(BaseRoute):
    """An ASGI handler at one path.

    Args:
        path: The normalized path template.
        route_handler: The handler.
    """

    __slots__ = ("route_handler",)

    def __init__(self, *, path: str, route_handler: ASGIRouteHandler) -> None:
        super().__init__(path=path, scope_type="asgi", handler_names=[str(route_handler)])
        self.route_handler = route_handler

    @property
    def route_handlers(self) -> list[ASGIRouteHandler]:  # type: ignore[override]
        """The handler, as a one-item list."""
        return [self.route_handler]
