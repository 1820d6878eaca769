"""The ASGI router and its routing trie.

``ASGIRouter`` loads on first use (PEP 562): ``import starlite`` imports this package to settle the
``starlite.asgi`` name (the subpackage and the ``asgi`` decorator), and must stay cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlite.asgi.asgi_router import ASGIRouter as ASGIRouter

__all__ = ("ASGIRouter",)


def __getattr__(name: str) -> Any:
    if name == "ASGIRouter":
        from starlite.asgi.asgi_router import ASGIRouter

        globals()[name] = ASGIRouter
        return ASGIRouter
    raise AttributeError(f"module 'starlite.asgi' has no attribute {name!r}")
