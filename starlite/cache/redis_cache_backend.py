"""``RedisCacheBackend``: a cache in Redis, shared by every process using it (``starlite[redis]``).

It uses redis-py's asyncio client, so it runs on asyncio (not on trio). Values are stored as
redis-py takes them (``bytes``, ``str``, ``int``, ``float``) and read back as ``bytes``; nothing is
pickled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, field_validator

from starlite.cache._store import DEFAULT_TIMEOUT, check_timeout, run_with_timeout, store_down
from starlite.cache.base import CacheBackendProtocol
from starlite.exceptions import MissingDependencyException

try:
    from redis.asyncio import Redis
    from redis.asyncio.connection import ConnectionPool
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import ResponseError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError as exc:
    raise MissingDependencyException("redis", extra="redis") from exc

__all__ = ("RedisCacheBackend", "RedisCacheBackendConfig")

_T = TypeVar("_T")

# What a lost, refused or slow connection raises: redis-py's own errors, and socket errors it lets through.
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# INCR creates a missing key at 1; only then is its time to live set, so later increments keep it.
_INCREMENT_SCRIPT = """
local value = redis.call('INCR', KEYS[1])
if value == 1 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return value
"""

# The fields handed to redis-py's ``ConnectionPool.from_url``, as 1.5x handed them.
_POOL_FIELDS = ("url", "db", "port", "username", "password")


class RedisCacheBackendConfig(BaseModel):
    """Where the Redis cache is, and how long a command to it may take.

    Attributes:
        url: The Redis URL, such as ``"redis://localhost:6379/0"``.
        db: The database number, when not in the URL.
        port: The port, when not in the URL.
        username: The user name, when not in the URL.
        password: The password, when not in the URL.
        timeout: Seconds one command may take, connecting included, before it fails with a
            ``TimeoutError`` (``None``: no limit). Not in 1.5x: it keeps a Redis that is stopped or
            unreachable from holding requests; response caching then skips the cache.
    """

    url: str
    db: int | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT

    @field_validator("timeout")
    @classmethod
    def _check_timeout(cls, value: Any) -> Any:
        return check_timeout(value)


class RedisCacheBackend(CacheBackendProtocol):
    """Keeps values in Redis, which expires them itself (``SET ... PX``).

    The client connects on first use. A Redis that cannot be reached, or does not answer within
    ``config.timeout``, makes each method raise an ``OSError`` (``ConnectionError`` or
    ``TimeoutError``).

    Args:
        config: Where Redis is.
    """

    def __init__(self, config: RedisCacheBackendConfig) -> None:
        self._config = config
        self._redis_int: Redis | None = None
        self._increment_script: Any = None

    @property
    def _redis(self) -> Redis:
        if self._redis_int is None:
            fields = self._config.model_dump(include=set(_POOL_FIELDS), exclude_unset=True)
            pool = ConnectionPool.from_url(**fields)
            # redis-py waits for ever on a server that accepts no connection or sends no reply.
            timeout = self._config.timeout
            if timeout is not None and isinstance(getattr(pool, "connection_kwargs", None), dict):
                pool.connection_kwargs.setdefault("socket_connect_timeout", timeout)
                pool.connection_kwargs.setdefault("socket_timeout", timeout)
            self._redis_int = Redis(connection_pool=pool)
        return self._redis_int

    async def _call(self, command: Callable[..., Awaitable[_T]], *args: Any, **options: Any) -> _T:
        try:
            # Cancelled mid-command, redis-py drops that connection rather than pooling it with a
            # reply still to come, so the next command gets a connection of its own.
            answered, result = await run_with_timeout(self._config.timeout, command, *args, **options)
        except _UNAVAILABLE as exc:
            store_down("Redis", exc)
        if not answered:
            store_down("Redis", None, self._config.timeout)
        return result  # type: ignore[return-value]

    async def get(self, key: str) -> Any:
        """Return the value under ``key`` (as ``bytes``), or ``None`` when absent or expired.

        Args:
            key: The key the value was stored under.
        """
        return await self._call(self._redis.get, key)

    async def set(self, key: str, value: Any, expiration: int) -> None:
        """Store ``value`` under ``key`` for ``expiration`` seconds.

        Args:
            key: The key to store the value under.
            value: ``bytes``, ``str``, ``int`` or ``float``.
            expiration: Seconds until the value expires (a float is allowed; Redis counts in ms).
        """
        if isinstance(expiration, int) and not isinstance(expiration, bool) and expiration > 0:
            await self._call(self._redis.set, key, value, ex=expiration)
        else:
            await self._call(self._redis.set, key, value, px=_milliseconds(expiration))

    async def delete(self, key: str) -> None:
        """Delete ``key`` and its value; a missing key is not an error.

        Args:
            key: The key to delete.
        """
        await self._call(self._redis.delete, key)

    async def increment(self, key: str, expiration: int) -> int:
        """Add 1 to the integer under ``key`` and return it, atomically (not in 1.5x).

        One Lua script runs ``INCR`` and, when that created the counter, sets its expiry: no other
        client's command runs in between, so concurrent increments from any number of processes
        are all counted, and the counter expires ``expiration`` seconds after its creation.

        Args:
            key: The counter's key.
            expiration: Seconds the counter lives from its creation.

        Raises:
            ValueError: When ``key`` holds a value that is not an integer.
        """
        if self._increment_script is None:
            self._increment_script = self._redis.register_script(_INCREMENT_SCRIPT)
        try:
            value = await self._call(self._increment_script, keys=[key], args=[_milliseconds(expiration)])
        except ResponseError as exc:
            raise ValueError(f"The value under {key!r} is not an integer counter") from exc
        return int(value)


def _milliseconds(expiration: float) -> int:
    # Redis refuses an expiry of 0: the shortest it takes is 1 ms.
    return max(1, round(expiration * 1000))
