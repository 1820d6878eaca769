"""Aliases that name the framework's own classes (handlers, routers, the app), as 1.5x offered them here.

Each alias lives with what it names, above this layer; this module loads it from there on first use
(PEP 562), so that importing ``starlite.types`` never imports the layers above it. (Type checkers
see those names as ``Any`` here; import them from ``starlite.types`` to have them checked.)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Literal, TypeAlias

from starlite.types.asgi_types import Method as Method

# The lazily loaded names are left out of __all__: a star import would load the layers above.
__all__ = ("Method", "ReservedKwargs")

ReservedKwargs: TypeAlias = Literal["request", "socket", "headers", "query", "cookies", "state", "data"]
"""Handler parameter names the framework fills itself."""

_LAZY: dict[str, str] = {
    "ControllerRouterHandler": "starlite.router",
    "PathParameterDefinition": "starlite.routes.base",
    "ResponseType": "starlite.router",
    "RouteHandlerMapItem": "starlite.router",
    "RouteHandlerType": "starlite.router",
    "StarliteType": "starlite.app",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starlite.types.internal_types' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
