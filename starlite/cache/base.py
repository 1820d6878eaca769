"""``CacheBackendProtocol``, what a cache backend offers, and ``Cache``, the app's wrapper around one."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import anyio
import anyio.to_thread
from anyio import Lock

from starlite.utils.sync import is_async_callable

if TYPE_CHECKING:
    from starlite.types.callable_types import CacheKeyBuilder

__all__ = ("Cache", "CacheBackendProtocol")

_METHODS = ("get", "set", "delete", "increment")


@runtime_checkable
class CacheBackendProtocol(Protocol):
    """What a cache backend offers: ``get``, ``set`` and ``delete``, each sync or async.

    A class may derive from it, as in 1.5x, or merely have the three methods: ``CacheConfig``
    accepts any object that has them (a sync ``redis.Redis`` client does). Backends may also have
    ``async increment(key, expiration) -> int`` (every built-in one does); ``Cache.increment`` falls
    back to ``get`` and ``set`` for one that does not.
    """

    def get(self, key: str) -> Any:
        """Return the value stored under ``key``, or ``None`` when absent or expired.

        Args:
            key: The key the value was stored under.
        """

    def set(self, key: str, value: Any, expiration: int) -> Any:
        """Store ``value`` under ``key`` for ``expiration`` seconds; the result is not used.

        Args:
            key: The key to store the value under.
            value: The value.
            expiration: Seconds until the value expires.
        """

    def delete(self, key: str) -> Any:
        """Remove ``key`` and its value; a missing key is not an error, and the result is not used.

        Args:
            key: The key to delete.
        """


class Cache:
    """The app's cache (``app.cache``, ``request.app.cache``): one backend behind an async API.

    Async backend methods are awaited. Sync ones (a sync Redis client, a dict-based class) run in a
    worker thread, one call at a time under ``lock``, so they neither block the event loop nor
    have to be thread-safe. Keys are given to the backend as they are.

    Args:
        backend: Any object with ``get``, ``set`` and ``delete`` (see ``CacheBackendProtocol``).
        default_expiration: Seconds a value lives when ``set`` is not given an expiration.
        cache_key_builder: Builds the response cache key of a request (see ``build_cache_key``).
    """

    __slots__ = (
        "backend",
        "lock",
        "default_expiration",
        "key_builder",
        "_checked",
        "_counter_deadlines",
        "_skip_until",
    )

    def __init__(
        self, backend: CacheBackendProtocol, default_expiration: int, cache_key_builder: CacheKeyBuilder
    ) -> None:
        self.backend = backend
        self.default_expiration = default_expiration
        self.key_builder = cache_key_builder
        self.lock = Lock()
        # Which of the backend's methods are async, found once per backend object (``backend`` is a
        # public attribute: a user may swap it).
        self._checked: tuple[Any, dict[str, bool]] = (None, {})
        # The deadlines of the counters ``increment`` keeps through get and set (per process).
        self._counter_deadlines: dict[str, float] = {}
        # Until when (monotonic clock) response caching leaves a failed store alone.
        self._skip_until = 0.0

    def _is_async(self, name: str) -> bool:
        backend, flags = self._checked
        if backend is not self.backend:
            backend = self.backend
            flags = {
                method: is_async_callable(getattr(backend, method, None))
                for method in _METHODS
                if callable(getattr(backend, method, None))
            }
            self._checked = (backend, flags)
        return flags[name]

    async def _run(self, name: str, *args: Any) -> Any:
        method: Callable[..., Any] = getattr(self.backend, name)
        if self._is_async(name):
            return await method(*args)
        async with self.lock:
            return await anyio.to_thread.run_sync(method, *args)

    async def get(self, key: str) -> Any:
        """Return the value stored under ``key``, or ``None`` when absent or expired.

        Args:
            key: The key the value was stored under.
        """
        return await self._run("get", key)

    async def set(self, key: str, value: Any, expiration: int | None = None) -> Any:
        """Store ``value`` under ``key``.

        Args:
            key: The key to store the value under.
            value: The value. What the store accepts depends on the backend: the memory backend
                keeps any object; Redis takes ``bytes``, ``str``, ``int`` and ``float``; memcached
                runs its config's ``serialize`` (pickle by default) on it.
            expiration: Seconds until the value expires; ``None`` (or 0) for ``default_expiration``.

        Returns:
            What the backend's ``set`` returned.
        """
        return await self._run("set", key, value, expiration or self.default_expiration)

    async def delete(self, key: str) -> Any:
        """Delete ``key`` and its value; a missing key is not an error.

        Args:
            key: The key to delete.

        Returns:
            What the backend's ``delete`` returned.
        """
        return await self._run("delete", key)

    async def increment(self, key: str, expiration: int | None = None) -> int:
        """Add 1 to the counter under ``key`` and return its new value (not in 1.5x).

        A missing or expired counter is created with the value 1, to expire ``expiration`` seconds
        later; later increments do not move that expiry. With the built-in backends this is atomic
        across processes (Redis runs a script, memcached ``incr``/``add``). For a backend without an
        ``increment`` method it is a ``get`` then a ``set`` under this object's lock: atomic within
        this process only, as the backend offers nothing better.

        Counters are stored as plain integers (not pickled): read them through ``increment`` only.

        Args:
            key: The counter's key.
            expiration: Seconds the counter lives from its creation; ``None`` (or 0) for
                ``default_expiration``.
        """
        expiration = expiration or self.default_expiration
        if callable(getattr(self.backend, "increment", None)):
            if self._is_async("increment"):
                return int(await self.backend.increment(key, expiration))  # type: ignore[attr-defined]
            async with self.lock:
                return int(await anyio.to_thread.run_sync(self.backend.increment, key, expiration))  # type: ignore[attr-defined]
        async with self.lock:
            return await self._increment_with_get_and_set(key, expiration)

    async def _increment_with_get_and_set(self, key: str, expiration: float) -> int:
        # Called under the lock. The counter's deadline is remembered here, as get and set cannot
        # tell how long a stored value has left: each set is given the time that remains.
        now = time.monotonic()
        deadlines = self._counter_deadlines
        deadline = deadlines.get(key)
        stored = await self._call_unlocked("get", key)
        if stored is None or deadline is None or deadline <= now:
            value, deadline = 1, now + expiration
            deadlines[key] = deadline
            if len(deadlines) > 1024:
                for expired in [name for name, until in deadlines.items() if until <= now]:
                    del deadlines[expired]
        else:
            value = int(stored) + 1
        await self._call_unlocked("set", key, value, max(1, math.ceil(deadline - now)))
        return value

    async def _call_unlocked(self, name: str, *args: Any) -> Any:
        method: Callable[..., Any] = getattr(self.backend, name)
        if self._is_async(name):
            return await method(*args)
        return await anyio.to_thread.run_sync(method, *args)

    def build_cache_key(self, request: Any, cache_key_builder: CacheKeyBuilder | None) -> str:
        """Return the response cache key of ``request``.

        Args:
            request: The ``Request`` (typed ``Any``: connections sit beside the cache in the layers
                and refer to it).
            cache_key_builder: The builder to use; ``None`` for this cache's ``key_builder``.
        """
        return (cache_key_builder or self.key_builder)(request)
