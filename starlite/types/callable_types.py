"""The callables the application accepts that need nothing above the ground layer to be named.

Callables that take a request, a response, a handler or the app's configuration are named where those
live: the request hooks in ``starlite.handlers.http``, guards in ``starlite.handlers.base``, exception
handlers and ``after_exception`` in ``starlite.utils.exception``, ``before_send`` in
``starlite.asgi.asgi_router``, ``on_app_init`` in ``starlite.config.app``. ``starlite.types`` offers
them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from starlite.types.helper_types import SyncOrAsyncUnion

__all__ = ("LifeSpanHandler", "LifeSpanHookHandler")

LifeSpanHandler: TypeAlias = "Callable[[], Any] | Callable[[Any], Any]"
"""``on_startup`` / ``on_shutdown`` handler: called with ``app.state`` if it takes an argument."""
LifeSpanHookHandler: TypeAlias = "Callable[[Any], SyncOrAsyncUnion[None]]"
"""``before_startup``, ``after_startup``, ``before_shutdown`` or ``after_shutdown`` hook: gets the app."""
