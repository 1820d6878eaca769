"""Server-side sessions in memcached, through aiomcache (``pip install starlite[memcached]``).

aiomcache runs on asyncio only, so this backend does too (not on trio).

Memcached cannot list its keys, so ``delete_all`` deletes the sessions this backend instance wrote
(it keeps their ids until they expire). Sessions written by other processes, or before a restart,
are removed only by their expiry. To drop every session at once, change ``key_prefix`` (old keys
are then never read again and expire), or flush a memcached server that holds nothing but sessions.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn, TypeVar

import anyio

from starlite.exceptions import ImproperlyConfiguredException, MissingDependencyException
from starlite.middleware.session._store import check_store_timeout, store_unavailable
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig

try:
    from aiomcache import Client
    from aiomcache.exceptions import ClientException, ValidationException
except ImportError as exc:
    raise MissingDependencyException("aiomcache", extra="memcached") from exc

__all__ = ("MemcachedBackend", "MemcachedBackendConfig")

_T = TypeVar("_T")

# memcached reads an expiry above 30 days as a Unix time, not a number of seconds.
_MAX_RELATIVE_EXPIRY = 60 * 60 * 24 * 30
_MAX_KEY_BYTES = 250
# A memcached key may hold neither whitespace nor control characters.
_KEY_PREFIX = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]+")
# Looked up at every call, so tests can move time forward without touching ``time.monotonic`` itself.
_monotonic = time.monotonic
_MAX_PRUNE_INTERVAL = 60.0


class MemcachedBackend(ServerSideBackend["MemcachedBackendConfig"]):
    """Keeps each session under the memcached key ``"{key_prefix}:{session_id}"``, expiring with it.

    When memcached cannot be reached, or refuses a write (a session above its item size limit, 1 MiB
    by default), the backend raises ``ServiceUnavailableException``: the client gets a 503. An
    unreachable server leaves the session as it was; a refused write loses it, as memcached drops
    the value it held when it refuses a new one for the same key.

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: MemcachedBackendConfig) -> None:
        super().__init__(config)
        # The ids this instance wrote, with when they expire (monotonic clock): what ``delete_all``
        # can delete. Expired ids are pruned on writes, so the dict does not outgrow the live sessions.
        self._written: dict[str, float] = {}
        self._next_prune = _monotonic() + min(float(config.max_age), _MAX_PRUNE_INTERVAL)

    @property
    def memcached(self) -> Client:
        """The configuration's client (``config.memcached``), as 1.5x's backend offered it."""
        return self.config.memcached

    def _key(self, session_id: str) -> bytes:
        return f"{self.config.key_prefix}:{session_id}".encode()

    def _expiry(self) -> int:
        max_age = self.config.max_age
        return max_age if max_age <= _MAX_RELATIVE_EXPIRY else int(time.time()) + max_age

    async def _call(self, command: Callable[..., Awaitable[_T]], *args: Any, **options: Any) -> _T:
        """Run one client command within ``config.timeout``; a lost or slow store is a 503."""
        try:
            with anyio.move_on_after(self.config.timeout):
                return await command(*args, **options)
        except ValidationException:
            raise
        except (OSError, EOFError, asyncio.TimeoutError, ClientException) as exc:
            _unavailable(exc)
        except BaseException:
            self._drop_idle_connections()  # cancelled from outside (a timeout of the caller's own)
            raise
        self._drop_idle_connections()
        _unavailable(TimeoutError(f"no answer within {self.config.timeout} seconds"))

    def _drop_idle_connections(self) -> None:
        # aiomcache puts a connection back in its pool when a command on it is cancelled, with the
        # reply still to come: the next command sent on it would read that reply as its own (a
        # "get" of another session). Closing the idle connections here drops it before any other
        # task can take it (nothing awaits between its release and this), and the pool opens new
        # ones as needed.
        pool = getattr(self.memcached, "_pool", None)
        idle = getattr(pool, "_pool", None)
        if not isinstance(idle, asyncio.Queue):
            return  # a client of the user's own making
        while not idle.empty():
            connection = idle.get_nowait()
            connection.reader.feed_eof()
            connection.writer.close()

    async def get(self, session_id: str) -> bytes | None:
        """Return the data of ``session_id``, or ``None`` when absent or expired."""
        return await self._call(self.memcached.get, self._key(session_id))

    async def set(self, session_id: str, data: bytes) -> None:
        """Store ``data`` under ``session_id``'s key, to expire in ``config.max_age`` seconds."""
        stored = await self._call(self.memcached.set, self._key(session_id), data, exptime=self._expiry())
        if stored is False:
            # Only an explicit "not stored" is a refusal: a client of the user's own making whose
            # ``set`` returns nothing (1.5x never looked) has stored the value.
            _unavailable(RuntimeError("memcached did not store the session"))
        self._remember(session_id)

    # ``replace`` is the base class's check-then-set: memcached's own ``replace`` answers NOT_STORED
    # both for a missing key and for an item over its size limit, and those need different answers
    # (a deleted session stays deleted; a refused write is a 503).

    def _remember(self, session_id: str) -> None:
        now = _monotonic()
        self._written[session_id] = now + self.config.max_age
        if now >= self._next_prune:
            self._prune(now)

    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s key; a missing key is not an error."""
        await self._call(self.memcached.delete, self._key(session_id))
        self._written.pop(session_id, None)

    async def delete_all(self) -> None:
        """Delete the sessions this backend instance wrote and that have not expired.

        Memcached cannot list keys: sessions written by another process (or another backend
        instance) are not deleted, and go when they expire.
        """
        for session_id in list(self._written):
            await self.delete(session_id)

    def _prune(self, now: float) -> None:
        expired = [session_id for session_id, expires_at in self._written.items() if expires_at <= now]
        for session_id in expired:
            del self._written[session_id]
        self._next_prune = now + min(float(self.config.max_age), _MAX_PRUNE_INTERVAL)


def _unavailable(exc: BaseException) -> NoReturn:
    raise store_unavailable("memcached", exc) from exc


@dataclass(kw_only=True)
class MemcachedBackendConfig(ServerSideSessionConfig):
    """Configuration of memcached server-side sessions.

    Attributes:
        memcached: An ``aiomcache.Client``; the app owns it (close it in ``on_shutdown``).
        key_prefix: Prepended, with a ``:``, to every session key: no whitespace or control
            characters, and short enough for the whole key to fit memcached's 250 bytes.
        timeout: Seconds one memcached command may take before the request is answered with a 503
            (``None``: no limit). aiomcache has no socket timeouts of its own: this is what keeps
            a server that is stopped, or a network that drops packets, from holding requests.

    Example:
        >>> from aiomcache import Client
        >>> from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
        >>> config = MemcachedBackendConfig(memcached=Client("127.0.0.1", 11211))
    """

    _backend_class: ClassVar[type[MemcachedBackend]] = MemcachedBackend

    memcached: Client
    key_prefix: str = "STARLITE_SESSION"
    timeout: float | None = 2.0

    def __post_init__(self) -> None:
        super().__post_init__()
        check_store_timeout(self.timeout)
        if not isinstance(self.key_prefix, str) or not _KEY_PREFIX.fullmatch(self.key_prefix):
            raise ImproperlyConfiguredException(
                f"key_prefix must be a non-empty string without whitespace or control characters, "
                f"not {self.key_prefix!r}"
            )
        # The longest session id the backend looks up is 4 characters per random byte.
        longest_key = len(self.key_prefix.encode()) + 1 + 4 * self.session_id_bytes
        if longest_key > _MAX_KEY_BYTES:
            raise ImproperlyConfiguredException(
                f"key_prefix and session_id_bytes make keys of up to {longest_key} bytes; "
                f"memcached allows {_MAX_KEY_BYTES}"
            )
