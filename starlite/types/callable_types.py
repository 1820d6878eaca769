"""The callables the application accepts that need nothing above the ground layer to be named.

Callables that take a request, a response, a handler or the app's configuration are named where those
live: the request hooks in ``starlite.handlers.http``, guards in ``starlite.handlers.base``, exception
handlers and ``after_exception`` in ``starlite.utils.exception``, ``before_send`` in
``starlite.asgi.asgi_router``, ``on_app_init`` in ``starlite.config.app``. ``starlite.types`` offers
them all, and so does this module, where 1.5x kept them: they load from their homes on first use (PEP
562), so that importing this module never imports the layers above it. (Type checkers see them as
``Any`` here; import them from ``starlite.types`` to have them checked.)
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from importlib import import_module
from typing import Any, TypeAlias

from starlite.types.helper_types import SyncOrAsyncUnion
from starlite.types.protocols import Logger

__all__ = (
    "AnyCallable",
    "AnyGenerator",
    "AsyncAnyCallable",
    "CacheKeyBuilder",
    "GetLogger",
    "LifeSpanHandler",
    "LifeSpanHookHandler",
    "Serializer",
)

AnyCallable: TypeAlias = Callable[..., Any]
"""Any callable."""
AsyncAnyCallable: TypeAlias = Callable[..., Awaitable[Any]]
"""Any callable that returns an awaitable."""
AnyGenerator: TypeAlias = Generator[Any, Any, Any] | AsyncGenerator[Any, Any]
"""A sync or async generator (a dependency that yields)."""
Serializer: TypeAlias = Callable[[Any], Any]
"""Turns a value JSON cannot hold into one it can (a response's ``enc_hook``)."""
CacheKeyBuilder: TypeAlias = Callable[[Any], str]
"""Builds the response cache key of a request (it receives the ``Request``)."""
GetLogger: TypeAlias = Callable[..., Logger]
"""Returns a logger by name."""

LifeSpanHandler: TypeAlias = "Callable[[], Any] | Callable[[Any], Any]"
"""``on_startup`` / ``on_shutdown`` handler: called with ``app.state`` if it takes an argument."""
LifeSpanHookHandler: TypeAlias = "Callable[[Any], SyncOrAsyncUnion[None]]"
"""``before_startup``, ``after_startup``, ``before_shutdown`` or ``after_shutdown`` hook: gets the app."""

# The aliases that live with what they name, above this layer; left out of __all__, so that a star
# import does not load those layers.
_LAZY: dict[str, str] = {
    "AfterExceptionHookHandler": "starlite.utils.exception",
    "AfterRequestHookHandler": "starlite.handlers.http",
    "AfterResponseHookHandler": "starlite.handlers.http",
    "BeforeMessageSendHookHandler": "starlite.asgi.asgi_router",
    "BeforeRequestHookHandler": "starlite.handlers.http",
    "ExceptionHandler": "starlite.utils.exception",
    "Guard": "starlite.handlers.base",
    "OnAppInitHandler": "starlite.config.app",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starlite.types.callable_types' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
