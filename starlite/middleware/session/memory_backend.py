"""Server-side sessions kept in a dict of the process: for development, tests and single-process apps.

The data lives only as long as the backend instance: a restart, or a second worker process, starts
with no sessions. Use the file, Redis or memcached backend when either matters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig

__all__ = ("MemoryBackend", "MemoryBackendConfig")

# Looked up at every call, so tests can move time forward without touching ``time.monotonic`` itself.
_monotonic = time.monotonic
# Sweep the whole store at most this often (seconds): expired entries nobody reads again go away,
# without making every write cost a pass over every session.
_MAX_PRUNE_INTERVAL = 60.0


class MemoryBackend(ServerSideBackend["MemoryBackendConfig"]):
    """Keeps session data in a dict of this backend instance, each entry with its expiry.

    Times come from the monotonic clock, so changing the system clock neither expires nor revives a
    session. No method awaits between reading and writing the dict, so concurrent requests (asyncio or
    trio tasks) never see a half-done update, and no lock is needed.

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: MemoryBackendConfig) -> None:
        super().__init__(config)
        # session id -> (expires at, on the monotonic clock; data)
        self._store: dict[str, tuple[float, bytes]] = {}
        self._next_prune = _monotonic() + self._prune_interval

    @property
    def _prune_interval(self) -> float:
        return min(float(self.config.max_age), _MAX_PRUNE_INTERVAL)

    async def get(self, session_id: str) -> bytes | None:
        """Return the data of ``session_id``, or ``None`` when absent or expired."""
        entry = self._store.get(session_id)
        if entry is None:
            return None
        expires_at, data = entry
        if expires_at <= _monotonic():
            self._store.pop(session_id, None)
            return None
        return data

    async def set(self, session_id: str, data: bytes) -> None:
        """Store ``data`` under ``session_id`` for ``config.max_age`` seconds."""
        now = _monotonic()
        self._store[session_id] = (now + self.config.max_age, data)
        if now >= self._next_prune:
            self._prune(now)

    async def replace(self, session_id: str, data: bytes) -> bool:
        """Store ``data`` only if ``session_id`` is still held and unexpired (no await: atomic)."""
        entry = self._store.get(session_id)
        if entry is None or entry[0] <= _monotonic():
            return False
        self._store[session_id] = (_monotonic() + self.config.max_age, data)
        return True

    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s data; a missing id is not an error."""
        self._store.pop(session_id, None)

    async def delete_all(self) -> None:
        """Delete every session of this backend instance."""
        self._store.clear()

    def _prune(self, now: float) -> None:
        expired = [session_id for session_id, (expires_at, _) in self._store.items() if expires_at <= now]
        for session_id in expired:
            del self._store[session_id]
        self._next_prune = now + self._prune_interval


@dataclass(kw_only=True)
class MemoryBackendConfig(ServerSideSessionConfig):
    """Configuration of in-memory server-side sessions: only the options every backend shares.

    Example:
        >>> from starlite import Starlite
        >>> from starlite.middleware.session.memory_backend import MemoryBackendConfig
        >>> app = Starlite(route_handlers=[], middleware=[MemoryBackendConfig().middleware])
    """

    _backend_class: ClassVar[type[MemoryBackend]] = MemoryBackend
