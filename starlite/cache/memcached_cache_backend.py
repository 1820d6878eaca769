"""``MemcachedCacheBackend``: a cache in memcached, shared by every process using it.

It needs ``starlite[memcached]`` (aiomcache), which runs on asyncio (not on trio). Values go
through the config's ``serialize`` and ``deserialize``; counters (``increment``) are stored as
memcached's own decimal integers.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import pickle
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, field_validator

from starlite.cache._store import DEFAULT_TIMEOUT, check_timeout, run_with_timeout, store_down, whole_seconds
from starlite.cache.base import CacheBackendProtocol
from starlite.exceptions import MissingDependencyException

try:
    from aiomcache import Client
    from aiomcache.exceptions import ClientException
except ImportError as exc:
    raise MissingDependencyException("aiomcache", extra="memcached") from exc

__all__ = ("MemcachedCacheBackend", "MemcachedCacheBackendConfig", "safe_unpickle")

_T = TypeVar("_T")

# A memcached key: at most 250 bytes, without whitespace or control characters (aiomcache's check).
_VALID_KEY = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]+")
_MAX_KEY_BYTES = 250
# How many times ``increment`` retries after losing a race to create the counter.
_INCREMENT_ATTEMPTS = 8
_CLIENT_FIELDS = ("host", "port", "pool_size", "pool_minsize")


class _DataOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not loaded from the cache (only plain data is)")


def safe_unpickle(data: bytes) -> Any:
    """Load a pickle of plain data only: strings, bytes, numbers, ``None``, lists, tuples, dicts and sets.

    The default ``deserialize`` of ``MemcachedCacheBackendConfig`` (1.5x used ``pickle.loads``).
    A pickle that names any class or function is refused with ``pickle.UnpicklingError``: loading
    one can run arbitrary code, and anyone who can write to the memcached server could store it.

    Args:
        data: The bytes read from memcached.
    """
    return _DataOnlyUnpickler(io.BytesIO(data)).load()


class MemcachedCacheBackendConfig(BaseModel):
    """Where the memcached cache is, how values are serialized, and how long a command may take.

    Attributes:
        host: The memcached host.
        port: Its port (11211 when left out).
        pool_size: The most connections open at once (aiomcache's default, 2, when left out).
        pool_minsize: The connections kept open (``pool_size`` when left out).
        serialize: Turns a value into bytes: ``pickle.dumps`` by default, as in 1.5x.
        deserialize: Turns stored bytes back into the value: ``safe_unpickle`` by default, which
            loads plain data only. To store instances of your own classes, pass ``pickle.loads``
            (or, better, serializers of your own, such as msgspec's): only when no one else can
            write to the memcached server, as unpickling what they wrote runs their code.
        timeout: Seconds one command may take before it fails with a ``TimeoutError`` (``None``:
            no limit). Not in 1.5x: aiomcache has no timeouts of its own, and this keeps a stopped
            or unreachable memcached from holding requests; response caching then skips the cache.
    """

    model_config = {"arbitrary_types_allowed": True}

    host: str
    port: int | None = None
    pool_size: int | None = None
    pool_minsize: int | None = None
    serialize: Callable[[Any], bytes] = pickle.dumps
    deserialize: Callable[[bytes], Any] = safe_unpickle
    timeout: float | None = DEFAULT_TIMEOUT

    @field_validator("timeout")
    @classmethod
    def _check_timeout(cls, value: Any) -> Any:
        return check_timeout(value)


class MemcachedCacheBackend(CacheBackendProtocol):
    """Keeps values in memcached, which expires them itself (in whole seconds, rounded up).

    A key that memcached cannot take as it is (over 250 bytes, or holding spaces or control
    characters) is stored under ``"sha256:"`` and its SHA-256 digest instead. The client connects
    on first use. A memcached that cannot be reached, or does not answer within
    ``config.timeout``, makes each method raise an ``OSError`` (``ConnectionError`` or
    ``TimeoutError``).

    Args:
        config: Where memcached is, and how values are serialized.
    """

    _client: Client

    def __init__(self, config: MemcachedCacheBackendConfig) -> None:
        self._config = config

    @property
    def _memcached_client(self) -> Client:
        if not hasattr(self, "_client"):
            self._client = Client(**self._config.model_dump(include=set(_CLIENT_FIELDS), exclude_unset=True))
        return self._client

    async def _call(self, command: Callable[..., Awaitable[_T]], *args: Any, **options: Any) -> _T:
        try:
            answered, result = await run_with_timeout(
                self._config.timeout, command, *args, on_timeout=self._drop_idle_connections, **options
            )
        except (OSError, EOFError, asyncio.TimeoutError, ClientException) as exc:
            store_down("memcached", exc)
        except BaseException:
            self._drop_idle_connections()  # cancelled from outside, by a time limit of the caller's
            raise
        if not answered:
            store_down("memcached", None, self._config.timeout)
        return result  # type: ignore[return-value]

    def _drop_idle_connections(self) -> None:
        # aiomcache puts a connection back in its pool when a command on it is cancelled, with the
        # reply still to come: the next command on it would read that reply as its own. Closing the
        # idle connections before anything else runs drops it; the pool opens new ones as needed.
        pool = getattr(self._memcached_client, "_pool", None)
        idle = getattr(pool, "_pool", None)
        if not isinstance(idle, asyncio.Queue):
            return
        while not idle.empty():
            connection = idle.get_nowait()
            connection.reader.feed_eof()
            connection.writer.close()

    async def get(self, key: str) -> Any:
        """Return the value under ``key``, deserialized, or ``None`` when absent or expired.

        Args:
            key: The key the value was stored under.
        """
        value = await self._call(self._memcached_client.get, _key(key))
        return None if value is None else self._config.deserialize(value)

    async def set(self, key: str, value: Any, expiration: int) -> None:
        """Store ``value``, serialized, under ``key`` for ``expiration`` seconds.

        Args:
            key: The key to store the value under.
            value: The value.
            expiration: Seconds until the value expires (rounded up to whole seconds); with 0 or less
                the value is expired at once: ``key`` is deleted.
        """
        if expiration <= 0:
            await self.delete(key)
            return
        await self._call(
            self._memcached_client.set,
            _key(key),
            self._config.serialize(value),
            exptime=whole_seconds(expiration),
        )

    async def delete(self, key: str) -> None:
        """Delete ``key`` and its value; a missing key is not an error.

        Args:
            key: The key to delete.
        """
        await self._call(self._memcached_client.delete, _key(key))

    async def increment(self, key: str, expiration: int) -> int:
        """Add 1 to the integer under ``key`` and return it, atomically (not in 1.5x).

        memcached's ``incr`` is atomic but cannot create a missing counter; ``add`` creates it only
        if no one else did first (its expiry set then, and kept by later increments). When ``add``
        loses that race, ``incr`` runs again on the counter the winner created.

        Args:
            key: The counter's key.
            expiration: Seconds the counter lives from its creation (rounded up to whole seconds).

        Raises:
            ValueError: When ``key`` holds a value that is not an integer.
            ConnectionError: When the counter keeps vanishing between attempts.
        """
        client = self._memcached_client
        memcached_key = _key(key)

        async def incr() -> int | None:
            try:
                return await client.incr(memcached_key)
            except ClientException as exc:
                # aiomcache reports a missing counter as an error; it is the cue to create it.
                if "NOT_FOUND" in str(exc):
                    return None
                if "non-numeric" in str(exc):
                    raise ValueError(f"The value under {key!r} is not an integer counter") from None
                raise

        for _ in range(_INCREMENT_ATTEMPTS):
            value = await self._call(incr)
            if value is not None:
                return int(value)
            if await self._call(client.add, memcached_key, b"1", exptime=whole_seconds(expiration)):
                return 1
        raise ConnectionError(f"memcached did not keep the counter {key!r} long enough to increment it")


def _key(key: str) -> bytes:
    try:
        encoded = key.encode()
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 form, so no memcached key of its own
        encoded = key.encode("utf-8", "surrogatepass")
    else:
        if len(encoded) <= _MAX_KEY_BYTES and _VALID_KEY.fullmatch(key):
            return encoded
    return b"sha256:" + hashlib.sha256(encoded).hexdigest().encode()
