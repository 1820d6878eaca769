"""Apps with a server-side session backend: what a client sees, and what lands in the store.

Every test runs through ``create_async_test_client``: the Redis and memcached clients are bound to the
test's event loop, and the async client runs the app on that same loop (the sync ``TestClient`` runs the
app on a loop of its own, in another thread, where those clients cannot be used).
"""

from __future__ import annotations

import secrets
from typing import Any

import aiomcache
import pytest
from redis.asyncio import Redis

from starlite import Request, get, post
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.testing import AsyncTestClient, create_async_test_client

pytestmark = pytest.mark.anyio


@get("/count")
async def count(request: Request[Any, Any]) -> dict[str, int]:
    visits = request.session.get("count", 0) + 1
    request.session["count"] = visits
    return {"count": visits}


@get("/read")
async def read(request: Request[Any, Any]) -> dict[str, Any]:
    return request.session


@post("/write")
async def write(request: Request[Any, Any], data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/clear")
async def clear(request: Request[Any, Any]) -> None:
    request.clear_session()


HANDLERS = [count, read, write, clear]


def make_client(config: ServerSideSessionConfig) -> tuple[AsyncTestClient[Any], ServerSideBackend[Any]]:
    """A client for an app with ``config``'s session middleware, and the backend that app uses."""
    middleware = config.middleware
    return create_async_test_client(HANDLERS, middleware=[middleware]), middleware.kwargs["backend"]


async def stored_session(backend: ServerSideBackend[Any], session_id: str) -> dict[str, Any] | None:
    data = await backend.get(session_id)
    return None if data is None else backend.unpack(data)[1]


async def test_the_session_lives_in_the_store_across_requests(
    server_side_config: ServerSideSessionConfig,
) -> None:
    client, backend = make_client(server_side_config)
    async with client:
        assert [(await client.get("/count")).json() for _ in range(3)] == [{"count": n} for n in (1, 2, 3)]
        session_id = client.cookies["session"]
    # The cookie carries only the id: the data is in the store.
    assert "count" not in session_id
    assert await stored_session(backend, session_id) == {"count": 3}


async def test_reading_a_session_does_not_write_it(server_side_config: ServerSideSessionConfig) -> None:
    client, _ = make_client(server_side_config)
    async with client:
        await client.get("/count")
        response = await client.get("/read")
    assert response.json() == {"count": 1}
    assert "set-cookie" not in response.headers


async def test_clearing_deletes_the_stored_session(server_side_config: ServerSideSessionConfig) -> None:
    client, backend = make_client(server_side_config)
    async with client:
        await client.get("/count")
        old_id = client.cookies["session"]
        response = await client.post("/clear")
        assert "Max-Age=0" in response.headers["set-cookie"]
        assert "session" not in client.cookies
        assert await backend.get(old_id) is None
        assert (await client.get("/count")).json() == {"count": 1}
        # Data written after a clear gets a new id.
        assert client.cookies["session"] != old_id


async def test_clients_do_not_share_sessions(server_side_config: ServerSideSessionConfig) -> None:
    first, _ = make_client(server_side_config)
    async with first, AsyncTestClient(app=first.app) as second:
        await first.post("/write", json={"owner": "first"})
        assert (await second.get("/read")).json() == {}
        await second.post("/write", json={"owner": "second"})
        assert (await first.get("/read")).json() == {"owner": "first"}
        assert (await second.get("/read")).json() == {"owner": "second"}
        assert first.cookies["session"] != second.cookies["session"]


async def test_a_forged_session_id_is_never_stored(server_side_config: ServerSideSessionConfig) -> None:
    client, backend = make_client(server_side_config)
    forged = secrets.token_urlsafe(32)
    async with client:
        client.cookies.set("session", forged, domain="testserver.local")
        assert (await client.get("/read")).json() == {}
        assert (await client.get("/count")).json() == {"count": 1}
        # The session is written under an id of the server's choosing, never the client's.
        assert client.cookies["session"] != forged
    assert await backend.get(forged) is None


async def test_an_unreachable_redis_is_a_503(unreachable_redis: Redis) -> None:
    client, _ = make_client(RedisBackendConfig(redis=unreachable_redis))
    async with client:
        client.cookies.set("session", secrets.token_urlsafe(32), domain="testserver.local")
        response = await client.get("/count")
    assert response.status_code == 503
    assert response.json() == {"status_code": 503, "detail": "The Redis session store is unavailable"}
    assert "set-cookie" not in response.headers


async def test_a_redis_outage_leaves_the_session_as_it_was(
    redis_client: Redis, unreachable_redis: Redis, key_prefix: str
) -> None:
    config = RedisBackendConfig(redis=redis_client, key_prefix=key_prefix)
    client, _ = make_client(config)
    async with client:
        await client.get("/count")
        session_id = client.cookies["session"]
        config.redis = unreachable_redis
        response = await client.get("/count")
        assert response.status_code == 503
        assert "set-cookie" not in response.headers
        config.redis = redis_client
        assert (await client.get("/count")).json() == {"count": 2}
        assert client.cookies["session"] == session_id


async def test_an_unreachable_memcached_is_a_503(unreachable_memcached: aiomcache.Client) -> None:
    client, _ = make_client(MemcachedBackendConfig(memcached=unreachable_memcached))
    async with client:
        response = await client.post("/write", json={"a": 1})
    assert response.status_code == 503
    assert response.json() == {"status_code": 503, "detail": "The memcached session store is unavailable"}
    assert "set-cookie" not in response.headers


async def test_a_session_memcached_refuses_is_a_503(
    memcached_client: aiomcache.Client, key_prefix: str
) -> None:
    config = MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix)
    client, backend = make_client(config)
    async with client:
        await client.post("/write", json={"small": True})
        # Above memcached's item size limit (1 MiB by default): the server refuses to store it...
        response = await client.post("/write", json={"huge": "x" * 2_000_000})
        assert response.status_code == 503
        # ...and drops the value it held (memcached's own rule): the session is lost, not corrupted,
        # and the next writes work.
        assert (await client.get("/read")).json() == {}
        await client.post("/write", json={"small": "again"})
        assert (await client.get("/read")).json() == {"small": "again"}
    await backend.delete_all()
