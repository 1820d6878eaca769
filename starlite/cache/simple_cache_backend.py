"""``SimpleCacheBackend``: a cache in the process's memory, the default of ``CacheConfig``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from starlite.cache.base import CacheBackendProtocol

__all__ = ("CacheObject", "SimpleCacheBackend")

# How often, at most, the expired entries are swept out (a value no one reads again stays until then).
_SWEEP_INTERVAL = timedelta(seconds=60)


@dataclass
class CacheObject:
    """A value of ``SimpleCacheBackend`` and the time it expires at.

    Attributes:
        value: The stored value, as it was given (not copied or serialized).
        expiration: When the value expires, in UTC (a local time would jump at daylight saving changes).
    """

    value: Any
    expiration: datetime


class SimpleCacheBackend(CacheBackendProtocol):
    """Keeps values in a dict of this process: fast, but neither shared nor kept across restarts.

    No method awaits anything, so each runs whole on the event loop: ``increment`` is atomic among
    the tasks of this process. Expired values are dropped when read, and swept out at most once a
    minute when values are written.
    """

    def __init__(self) -> None:
        self._store: dict[str, CacheObject] = {}
        self._next_sweep = datetime.now(timezone.utc) + _SWEEP_INTERVAL

    async def get(self, key: str) -> Any:
        """Return the value under ``key``, or ``None`` when absent or expired.

        Args:
            key: The key the value was stored under.
        """
        entry = self._store.get(key)
        if entry is None:
            return None
        if entry.expiration >= datetime.now(timezone.utc):
            return entry.value
        del self._store[key]
        return None

    async def set(self, key: str, value: Any, expiration: int) -> None:
        """Store ``value`` under ``key`` for ``expiration`` seconds.

        Args:
            key: The key to store the value under.
            value: The value, kept as it is.
            expiration: Seconds until the value expires (a float is allowed).
        """
        now = datetime.now(timezone.utc)
        self._store[key] = CacheObject(value=value, expiration=now + timedelta(seconds=expiration))
        self._sweep(now)

    async def delete(self, key: str) -> None:
        """Delete ``key`` and its value; a missing key is not an error.

        Args:
            key: The key to delete.
        """
        self._store.pop(key, None)

    async def increment(self, key: str, expiration: int) -> int:
        """Add 1 to the integer under ``key`` and return it (not in 1.5x).

        A missing or expired counter starts at 1 and expires ``expiration`` seconds later; later
        increments keep that expiry.

        Args:
            key: The counter's key.
            expiration: Seconds the counter lives from its creation.

        Raises:
            ValueError: When ``key`` holds a value that is not an integer.
        """
        now = datetime.now(timezone.utc)
        entry = self._store.get(key)
        if entry is None or entry.expiration < now:
            self._store[key] = CacheObject(value=1, expiration=now + timedelta(seconds=expiration))
            self._sweep(now)
            return 1
        entry.value = int(entry.value) + 1
        return entry.value  # type: ignore[no-any-return]

    def _sweep(self, now: datetime) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + _SWEEP_INTERVAL
        for key in [key for key, entry in self._store.items() if entry.expiration < now]:
            del self._store[key]
