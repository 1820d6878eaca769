"""The callables the application accepts that need nothing above the ground layer to be named.

Callables that take a request, a response, a handler or the app's configuration are named where those
live: the request hooks in ``starlite.handlers.http``, guards in ``starlite.handlers.base``, exception
handlers and ``after_exception`` in ``starlite.utils.exception``, ``before_send`` in
``starlite.asgi.asgi_router``, ``on_app_init`` in ``starlite.config.app``. ``starlite.types`` offers
them all.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
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
