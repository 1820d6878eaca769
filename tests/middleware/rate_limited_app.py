"""The app that test_rate_limit_processes.py serves from several uvicorn processes at once.

``STARLITE_RATE_LIMIT_STORE`` is ``redis`` or ``memcached`` (on their usual ports of 127.0.0.1),
``STARLITE_RATE_LIMIT`` the requests allowed a minute, and ``STARLITE_RATE_LIMIT_RUN`` a name of
the test run, which keeps its counts apart from those of any other run in the shared store. A
request's ``X-Client`` header, when it has one, names its client instead of its address.
``STARLITE_RATE_LIMIT_NOW``, when set, is the Unix time the rate limit's clock stands still at (the
same in every process): no window ends in the middle of a test.
"""

from __future__ import annotations

import os
from typing import Any

from starlite import Request, Starlite, get
from starlite.config import CacheConfig
from starlite.middleware import RateLimitConfig
from starlite.middleware import rate_limit as rate_limit_module


@get("/pid")
def pid() -> int:
    """Which process answered."""
    return os.getpid()


def create_app() -> Starlite:
    """The app, its counts in the store that the environment names (see the module docstring)."""
    store, run = os.environ["STARLITE_RATE_LIMIT_STORE"], os.environ["STARLITE_RATE_LIMIT_RUN"]
    now = os.environ.get("STARLITE_RATE_LIMIT_NOW")
    if now is not None:
        frozen = float(now)
        setattr(rate_limit_module, "time", lambda: frozen)  # noqa: B010 - a test's stand-in clock
    # A generous store timeout: the test sends hundreds of requests at once to a loaded machine, and
    # a count that timed out would let its request through (one more served than the limit).
    backend: Any
    if store == "redis":
        from starlite.cache.redis_cache_backend import RedisCacheBackend, RedisCacheBackendConfig

        backend = RedisCacheBackend(RedisCacheBackendConfig(url="redis://127.0.0.1:6379/0", timeout=20))
    else:
        from starlite.cache.memcached_cache_backend import MemcachedCacheBackend, MemcachedCacheBackendConfig

        backend = MemcachedCacheBackend(MemcachedCacheBackendConfig(host="127.0.0.1", port=11211, timeout=20))

    def client_of_this_run(request: Request[Any, Any]) -> str:
        # The test plays several clients from one address with X-Client.
        return f"{run}:{request.headers.get('x-client') or (request.client.host if request.client else '')}"

    rate_limit = RateLimitConfig(
        rate_limit=("minute", int(os.environ["STARLITE_RATE_LIMIT"])), cache_key_builder=client_of_this_run
    )

    async def close() -> None:
        from tests.caching.conftest import close_backend

        await close_backend(backend)

    return Starlite(
        [pid],
        middleware=[rate_limit.middleware],
        cache_config=CacheConfig(backend=backend),
        on_shutdown=[close],
    )
