"""Cache backends for the caching tests: memory (asyncio and trio), Redis and memcached (asyncio).

Redis and memcached are the real servers of 127.0.0.1 (skipped when unreachable, failed under CI);
every test uses keys of its own, so tests never see each other's values.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from starlite.cache import SimpleCacheBackend
from starlite.cache.memcached_cache_backend import MemcachedCacheBackend, MemcachedCacheBackendConfig
from starlite.cache.redis_cache_backend import RedisCacheBackend, RedisCacheBackendConfig
from tests.session_stores import require_server

# (backend, event loop): redis-py's asyncio client and aiomcache run on asyncio only.
STORES = [("memory", "asyncio"), ("memory", "trio"), ("redis", "asyncio"), ("memcached", "asyncio")]


def make_backend(name: str, **options: Any) -> Any:
    """A new backend called ``name``, connected to the shared test server."""
    if name == "memory":
        return SimpleCacheBackend()
    host, port = require_server(name)
    if name == "redis":
        return RedisCacheBackend(RedisCacheBackendConfig(url=f"redis://{host}:{port}/0", **options))
    return MemcachedCacheBackend(MemcachedCacheBackendConfig(host=host, port=port, **options))


async def close_backend(backend: Any) -> None:
    """Close the client a Redis or memcached backend opened."""
    if isinstance(backend, RedisCacheBackend) and backend._redis_int is not None:
        await backend._redis_int.aclose(close_connection_pool=True)
    elif isinstance(backend, MemcachedCacheBackend) and hasattr(backend, "_client"):
        await backend._client.close()


@pytest.fixture(params=STORES, ids=[f"{name}-{loop}" for name, loop in STORES])
def store(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The backend name and event loop of each test run."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def anyio_backend(store: tuple[str, str]) -> str:
    return store[1]


@pytest.fixture
async def backend(store: tuple[str, str]) -> AsyncIterator[Any]:
    """A backend of each kind in turn."""
    instance = make_backend(store[0])
    yield instance
    await close_backend(instance)


@pytest.fixture
def key() -> str:
    """A key no other test uses."""
    return f"starlite-cache-test:{uuid.uuid4().hex}"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """The port of a server that accepts connections and never answers: a store that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: a store that is stopped.

    Port 1: only root could listen there, so connecting is refused at once. A free port the kernel
    picked could be taken by another process (a server another test starts) by the time of the test.
    """
    return 1
