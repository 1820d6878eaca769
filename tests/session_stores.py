"""Session configs of every backend for tests, on the real Redis and memcached servers of 127.0.0.1.

A test that needs a server it cannot reach is skipped, except under CI (``CI`` set), where a missing
server is a broken build and the test fails.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path
from typing import Any, NoReturn

import aiomcache
import pytest
from redis.asyncio import Redis

from starlite.middleware.session.base import BaseBackendConfig
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig

BACKENDS = ["cookie", "memory", "file", "redis", "memcached"]
SERVER_SIDE = ["memory", "file", "redis", "memcached"]
ASYNCIO_ONLY = {"redis", "memcached"}  # redis-py's asyncio client and aiomcache do not run on trio
SERVERS = {"redis": ("127.0.0.1", 6379), "memcached": ("127.0.0.1", 11211)}


def server_unreachable(message: str) -> NoReturn:
    """Skip the test, or fail it under CI, where every server must be up."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_server(name: str) -> tuple[str, int]:
    """The address of the ``redis`` or ``memcached`` server, once it answers a connection."""
    host, port = SERVERS[name]
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        server_unreachable(f"{name} is not reachable on {host}:{port}")
    return host, port


def make_config(
    name: str, tmp_path: Path, key_prefix: str | None = None, **options: Any
) -> BaseBackendConfig:
    """A config of the backend called ``name``; server-backed ones use ``key_prefix`` (unique if omitted)."""
    if name == "cookie":
        return CookieBackendConfig(secret=os.urandom(32), **options)
    if name == "memory":
        return MemoryBackendConfig(**options)
    if name == "file":
        return FileBackendConfig(storage_path=tmp_path / "sessions", **options)
    host, port = require_server(name)
    prefix = key_prefix or f"starlite-test-{uuid.uuid4().hex}"
    if name == "redis":
        return RedisBackendConfig(redis=Redis(host=host, port=port), key_prefix=prefix, **options)
    return MemcachedBackendConfig(memcached=aiomcache.Client(host, port), key_prefix=prefix, **options)


async def close_config(config: BaseBackendConfig) -> None:
    """Delete what a Redis config wrote under its prefix and close server clients (memcached keys expire)."""
    if isinstance(config, RedisBackendConfig):
        keys = [key async for key in config.redis.scan_iter(match=f"{config.key_prefix}*")]
        if keys:
            await config.redis.delete(*keys)
        await config.redis.aclose()
    elif isinstance(config, MemcachedBackendConfig):
        await config.memcached.close()
