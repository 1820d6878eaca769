"""Fixtures for the server-side session backends: real Redis, memcached and database clients, and their configs.

Redis is expected on 127.0.0.1:6379 and memcached on 127.0.0.1:11211. When one is not reachable its
tests are skipped, except under CI (the ``CI`` environment variable is set), where a missing server
is a broken build and the tests fail. The same holds for PostgreSQL (tests/databases.py), where the
SQLAlchemy backends run besides SQLite files.

redis-py's asyncio client and aiomcache are asyncio libraries: they cannot run on trio. A test that
uses them (directly or through ``server_side_config``) runs on asyncio only; the memory and file
backends run on asyncio and trio.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiomcache
import pytest
from aiomcache.exceptions import ClientException
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

from starlite.middleware.session.base import ServerSideSessionConfig
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from tests.session_stores import close_config, server_unreachable, sqlalchemy_config

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
MEMCACHED_HOST, MEMCACHED_PORT = "127.0.0.1", 11211

# Which event loops each backend can run on.
BACKEND_LOOPS = {
    "memory": ("asyncio", "trio"),
    "file": ("asyncio", "trio"),
    "redis": ("asyncio",),
    "memcached": ("asyncio",),
    "sqlalchemy-sqlite": ("asyncio", "trio"),
    "sqlalchemy-aiosqlite": ("asyncio",),
    "sqlalchemy-psycopg": ("asyncio", "trio"),
    "sqlalchemy-asyncpg": ("asyncio",),
}
_ASYNCIO_ONLY_FIXTURES = {"redis_client", "memcached_client", "unreachable_redis", "unreachable_memcached"}
# Nothing listens on port 1: connecting is refused at once.
CLOSED_PORT = 1


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Pair each backend of ``server_side_config`` with the loops it runs on; keep asyncio-only fixtures off trio.

    These add ``parametrize`` marks rather than calling ``metafunc.parametrize``: pytest gives a mark on
    ``anyio_backend`` precedence over the fixture's own ``params`` (asyncio and trio, in tests/conftest.py).
    """
    if "server_side_config" in metafunc.fixturenames:
        pairs = [
            pytest.param(name, loop, id=f"{name}-{loop}")
            for name, loops in BACKEND_LOOPS.items()
            for loop in loops
        ]
        metafunc.definition.add_marker(pytest.mark.parametrize(("backend_name", "anyio_backend"), pairs))
    elif _ASYNCIO_ONLY_FIXTURES & set(metafunc.fixturenames) and "anyio_backend" in metafunc.fixturenames:
        metafunc.definition.add_marker(pytest.mark.parametrize("anyio_backend", ["asyncio"]))


@pytest.fixture
def key_prefix() -> str:
    """A key prefix of this test alone, so no two tests (or test runs) see each other's keys."""
    return f"starlite-test-{uuid.uuid4().hex}"


@pytest.fixture
async def redis_client(key_prefix: str) -> AsyncIterator[Redis]:
    """A Redis client; the keys under ``key_prefix`` are deleted and the client closed afterwards."""
    # No retries: a server that is down should skip the test at once, not after seconds of back-off.
    client = Redis(host=REDIS_HOST, port=REDIS_PORT, retry=Retry(NoBackoff(), 0))
    try:
        await client.ping()
    except (RedisConnectionError, OSError):
        await client.aclose()
        server_unreachable(f"Redis is not reachable on {REDIS_HOST}:{REDIS_PORT}")
    try:
        yield client
    finally:
        keys = [key async for key in client.scan_iter(match=f"{key_prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


@pytest.fixture
async def memcached_client() -> AsyncIterator[aiomcache.Client]:
    """An aiomcache client, closed afterwards (its keys expire: memcached cannot list them)."""
    client = aiomcache.Client(MEMCACHED_HOST, MEMCACHED_PORT)
    try:
        await client.version()
    except (OSError, ClientException):
        await client.close()
        server_unreachable(f"memcached is not reachable on {MEMCACHED_HOST}:{MEMCACHED_PORT}")
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def unreachable_redis() -> AsyncIterator[Redis]:
    """A Redis client pointed at a closed port, without retries (they only slow the failure down)."""
    client = Redis(host=REDIS_HOST, port=CLOSED_PORT, retry=Retry(NoBackoff(), 0))
    yield client
    await client.aclose()


@pytest.fixture
async def unreachable_memcached() -> AsyncIterator[aiomcache.Client]:
    """An aiomcache client pointed at a closed port."""
    client = aiomcache.Client(MEMCACHED_HOST, CLOSED_PORT)
    yield client
    await client.close()


@pytest.fixture
async def sqlalchemy_backend_config(
    backend_name: str, tmp_path: Path
) -> AsyncIterator[ServerSideSessionConfig]:
    """A SQLAlchemy config of ``backend_name`` on a database of its own, its engine disposed afterwards."""
    config = sqlalchemy_config(backend_name, tmp_path)
    try:
        yield config
    finally:
        await close_config(config)


@pytest.fixture
def server_side_config(
    backend_name: str, key_prefix: str, tmp_path: Path, request: pytest.FixtureRequest
) -> ServerSideSessionConfig:
    """A config of each server-side backend in turn (see ``pytest_generate_tests``)."""
    if backend_name == "memory":
        return MemoryBackendConfig()
    if backend_name == "file":
        return FileBackendConfig(storage_path=tmp_path / "sessions")
    if backend_name == "redis":
        return RedisBackendConfig(redis=request.getfixturevalue("redis_client"), key_prefix=key_prefix)
    if backend_name == "memcached":
        return MemcachedBackendConfig(
            memcached=request.getfixturevalue("memcached_client"), key_prefix=key_prefix
        )
    return request.getfixturevalue("sqlalchemy_backend_config")  # type: ignore[no-any-return]
