"""``MiddlewareProtocol``: the shape of an ASGI middleware class."""

from __future__ import annotations

from typing import Any, Protocol

from starlite.types.asgi_types import ASGIApp, Receive, Send

__all__ = ("MiddlewareProtocol",)


class MiddlewareProtocol(Protocol):
    """What a middleware class must look like: built with the next app, called as an ASGI app."""

    def __init__(self, app: ASGIApp, **kwargs: Any) -> None: ...  # pragma: no cover

    async def __call__(self, scope: Any, receive: Receive, send: Send) -> None:  # pragma: no cover
        """Serve one ASGI connection."""
