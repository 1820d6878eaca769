"""The app that tests/faults/test_served.py runs under uvicorn, with sessions in the store it names.

``STARLITE_FAULT_STORE`` is ``redis`` or ``memcached``, ``STARLITE_FAULT_STORE_PORT`` its port on
127.0.0.1. The client is made at start-up and closed at shut-down, as an application would.
"""

from __future__ import annotations

import os
from typing import Any

from starlite import Request, Starlite, get, post
from starlite.middleware.session.base import ServerSideSessionConfig


@get("/session")
def read_session(request: Request) -> dict[str, Any]:
    return request.session


@post("/session")
def update_session(request: Request, data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/logout")
def logout(request: Request) -> None:
    request.clear_session()


@get("/plain")
def plain() -> str:
    return "fine"


SESSION_HANDLERS = [read_session, update_session, logout, plain]
"""Read, update and clear the session, and a page that never touches it: every fault test's app."""


def create_app() -> Starlite:
    """The app, on the store that the environment names (see the module docstring)."""
    store, port = os.environ["STARLITE_FAULT_STORE"], int(os.environ["STARLITE_FAULT_STORE_PORT"])
    config: ServerSideSessionConfig
    if store == "redis":
        from redis.asyncio import Redis

        from starlite.middleware.session.redis_backend import RedisBackendConfig

        redis = Redis(host="127.0.0.1", port=port)
        config = RedisBackendConfig(redis=redis, timeout=0.5)

        async def close() -> None:
            await redis.aclose()

    else:
        from aiomcache import Client

        from starlite.middleware.session.memcached_backend import MemcachedBackendConfig

        memcached = Client("127.0.0.1", port)
        config = MemcachedBackendConfig(memcached=memcached, timeout=0.5)

        async def close() -> None:
            await memcached.close()

    return Starlite(SESSION_HANDLERS, middleware=[config.middleware], on_shutdown=[close])
