"""The ASGI router and its routing trie."""

from starlite.asgi.asgi_router import ASGIRouter as ASGIRouter

__all__ = ("ASGIRouter",)
