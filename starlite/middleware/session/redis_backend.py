"""Server-side sessions in Redis, through redis-py's asyncio client (``pip install starlite[redis]``).

redis-py's asyncio client runs on asyncio only, so this backend does too (not on trio).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn, TypeVar

import anyio

from starlite.exceptions import ImproperlyConfiguredException, MissingDependencyException
from starlite.middleware.session._store import check_store_timeout, store_unavailable
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig

try:
    from redis.asyncio import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError as exc:
    raise MissingDependencyException("redis", extra="redis") from exc

__all__ = ("RedisBackend", "RedisBackendConfig")

_T = TypeVar("_T")

# What a lost or refused connection raises: redis-py's own errors, and socket errors it lets through.
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Keys deleted per DEL command by ``delete_all``.
_DELETE_BATCH = 500
# SCAN's MATCH is a glob pattern: the prefix must match itself only.
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


class RedisBackend(ServerSideBackend["RedisBackendConfig"]):
    """Keeps each session under the Redis key ``"{key_prefix}:{session_id}"``, expiring with it.

    Redis expires the keys itself (``SET ... EX max_age``). When Redis cannot be reached the backend
    raises ``ServiceUnavailableException``: the client gets a 503 and its session is left as it was.

    Args:
        config: The backend's configuration.
    """

    @property
    def redis(self) -> Redis:
        """The configuration's client (``config.redis``), as 1.5x's backend offered it."""
        return self.config.redis

    def _key(self, session_id: str) -> str:
        return f"{self.config.key_prefix}:{session_id}"

    async def _call(self, command: Callable[..., Awaitable[_T]], *args: Any, **options: Any) -> _T:
        """Run one client command within ``config.timeout``; a lost or slow store is a 503."""
        try:
            with anyio.move_on_after(self.config.timeout):
                return await command(*args, **options)
        except _UNAVAILABLE as exc:
            _unavailable(exc)
        # Cancelled mid-command, redis-py drops that connection rather than pooling it with a reply
        # still to come, so the next command gets a connection of its own.
        _unavailable(TimeoutError(f"no answer within {self.config.timeout} seconds"))

    async def get(self, session_id: str) -> bytes | str | None:
        """Return the data of ``session_id``, or ``None`` when absent or expired."""
        data = await self._call(self.redis.get, self._key(session_id))
        return data if isinstance(data, bytes | str) else None

    async def set(self, session_id: str, data: bytes) -> None:
        """Store ``data`` under ``session_id``'s key, to expire in ``config.max_age`` seconds."""
        await self._call(self.redis.set, self._key(session_id), data, ex=self.config.max_age)

    async def replace(self, session_id: str, data: bytes) -> bool:
        """Store ``data`` only if ``session_id``'s key still exists (``SET ... XX``, atomic)."""
        if getattr(type(self.redis), "set", None) is not Redis.set:
            # A client that brings its own ``set`` (a test double with ``get``, ``set`` and
            # ``delete``) may not know ``xx``: the base class's check-then-set instead.
            return await super().replace(session_id, data)
        stored = await self._call(
            self.redis.set, self._key(session_id), data, ex=self.config.max_age, xx=True
        )
        return bool(stored)

    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s key; a missing key is not an error."""
        await self._call(self.redis.delete, self._key(session_id))

    async def delete_all(self) -> None:
        """Delete every key under ``config.key_prefix``, and no other (never ``FLUSHDB``).

        The keys are found with ``SCAN`` (which does not block the server as ``KEYS`` would) and
        deleted in batches.
        """
        redis = self.redis
        pattern = _GLOB_SPECIAL.sub(r"\\\1", self.config.key_prefix) + ":*"
        batch: list[Any] = []
        try:
            async for key in redis.scan_iter(match=pattern, count=_DELETE_BATCH):
                batch.append(key)
                if len(batch) >= _DELETE_BATCH:
                    await self._call(redis.delete, *batch)
                    batch.clear()
            if batch:
                await self._call(redis.delete, *batch)
        except _UNAVAILABLE as exc:
            _unavailable(exc)


def _unavailable(exc: BaseException) -> NoReturn:
    raise store_unavailable("Redis", exc) from exc


@dataclass(kw_only=True)
class RedisBackendConfig(ServerSideSessionConfig):
    """Configuration of Redis server-side sessions.

    Attributes:
        redis: A ``redis.asyncio.Redis`` client; the app owns it (close it in ``on_shutdown``). It must
            return bytes: ``decode_responses=True`` is refused.
        key_prefix: Prepended, with a ``:``, to every session key; ``delete_all`` deletes the keys
            under it only.
        timeout: Seconds one Redis command may take, retries of the client included, before the
            request is answered with a 503 (``None``: no limit). It bounds what a store that is
            stopped or unreachable costs each request; the client's own ``socket_timeout`` and
            ``socket_connect_timeout`` apply within it.

    Example:
        >>> from redis.asyncio import Redis
        >>> from starlite.middleware.session.redis_backend import RedisBackendConfig
        >>> config = RedisBackendConfig(redis=Redis(host="127.0.0.1", port=6379))
    """

    _backend_class: ClassVar[type[RedisBackend]] = RedisBackend

    redis: Redis
    key_prefix: str = "STARLITE_SESSION"
    timeout: float | None = 2.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.key_prefix, str) or not self.key_prefix:
            raise ImproperlyConfiguredException(
                f"key_prefix must be a non-empty string, not {self.key_prefix!r}"
            )
        check_store_timeout(self.timeout)
        if not callable(getattr(self.redis, "get", None)) or not callable(getattr(self.redis, "set", None)):
            raise ImproperlyConfiguredException(
                f"redis must be a redis.asyncio.Redis client, not {self.redis!r}"
            )
        try:
            encoder = self.redis.get_encoder()  # type: ignore[no-untyped-call]
        except AttributeError:  # a subclass that did not build redis-py's connection pool
            encoder = None
        if getattr(encoder, "decode_responses", False):
            # Sessions are bytes (MessagePack): a client decoding replies to str would mangle them.
            raise ImproperlyConfiguredException("The session Redis client must not use decode_responses=True")
